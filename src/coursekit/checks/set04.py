"""Exercise set 04 · Russian grand strategy.

Every reference answer is computed from coursekit's data and analysis functions
(:func:`coursekit.brokerage`, :func:`coursekit.agreement`,
:func:`coursekit.compare_interests`, the events table), so a change in the data that
changes an answer shows up in the tests. Each auto-checked question lists the wrong
answers learners are likely to give, with a hint naming the mistake.

Questions
---------
04.1  the top brokers of the 2018 cooperative network (set)
04.2  the issues on which Iran and Russia disagree most (set)
04.3  the goals Russia holds that Iran does not (set)
04.4  the share of Russia's priority weight in goals shared with Iran (number)
04.5  reading Russia's brokerage in 2014, 2018 and 2025 (choice)
04.6  why Syria was Russia's first campaign outside former Soviet territory (choice)
04.7  when the Chechen wars were (choice)
04.8  balancer or ally? (written)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import pandas as pd

from coursekit.checks.core import Question, QuestionSet, Wrong
from coursekit.loaders import load_events
from coursekit.network import alliance_network, brokerage, network_years
from coursekit.politics import agreement, compare_interests, interest_portfolio

__all__ = ["QUESTIONS"]


# --------------------------------------------------------------------------- helpers
@functools.cache
def _brokerage(year: int) -> pd.DataFrame:
    return brokerage(alliance_network(year))


def _top(table: pd.DataFrame, column: str) -> list[str]:
    """Every actor with the maximum value of ``column`` (ties included), sorted."""
    best = table[column].max()
    return sorted(table.index[table[column] == best])


def _as_items(answer: Any) -> set[str] | None:
    """An answer as a set of normalised strings, or None if it is not a collection."""
    if isinstance(answer, str | bytes) or not isinstance(answer, Iterable):
        return None
    try:
        return {str(x).strip().casefold() for x in answer}
    except TypeError:  # pragma: no cover - exotic iterables
        return None


def _proper_part_of(reference: Any) -> Any:
    """A predicate: the answer is a non-empty proper subset of the reference set."""

    def predicate(answer: Any) -> bool:
        items = _as_items(answer)
        expected = {str(x).casefold() for x in reference()}
        return bool(items) and items < expected

    return predicate


# --------------------------------------------------------------------------- 04.1
def top_brokers_2018() -> list[str]:
    """The actors that bridge the most hostile pairs in the 2018 cooperative network."""
    return _top(_brokerage(2018), "hostile_pairs_bridged")


def _top_betweenness_2018() -> list[str]:
    return _top(_brokerage(2018), "betweenness")


def _top_of_another_year(answer: Any) -> bool:
    items = _as_items(answer)
    if not items:
        return False
    reference = set(top_brokers_2018())
    first, last = network_years()
    for year in range(first, last + 1):
        top = set(_top(_brokerage(year), "hostile_pairs_bridged"))
        if top != reference and items == top:
            return True
    return False


# --------------------------------------------------------------------------- 04.2
def _gaps() -> pd.DataFrame:
    return agreement("iran", "russia")


def widest_gaps() -> list[str]:
    """The issues with the largest absolute gap between Iran's and Russia's positions."""
    table = _gaps()
    return sorted(table.index[table["gap"] == table["gap"].max()])


def _smallest_gaps() -> list[str]:
    table = _gaps()
    return sorted(table.index[table["gap"] == table["gap"].min()])


def _largest_signed_difference() -> list[str]:
    table = _gaps()
    signed = table["position_a"] - table["position_b"]
    return sorted(table.index[signed == signed.max()])


def _all_disagreements() -> list[str]:
    table = _gaps()
    return sorted(table.index[~table["agree"].astype(bool)])


# --------------------------------------------------------------------------- 04.3
def _goals(held_by: str) -> list[str]:
    table = compare_interests("iran", "russia")
    return sorted(table.index[table["held_by"] == held_by])


def russia_only_goals() -> list[str]:
    """Goals in Russia's portfolio that are not in Iran's."""
    return _goals("russia")


def _iran_only_goals() -> list[str]:
    return _goals("iran")


def _shared_goals() -> list[str]:
    return _goals("both")


def _all_russian_goals() -> list[str]:
    return sorted(interest_portfolio("russia")["goal_id"])


def _vital_russia_only_goals() -> list[str]:
    table = compare_interests("iran", "russia")
    mask = (table["held_by"] == "russia") & (table["priority_b"] == 3)
    return sorted(table.index[mask])


# --------------------------------------------------------------------------- 04.4
def _shared_weight(actor_column: str) -> float:
    table = compare_interests("iran", "russia")
    weights = table[actor_column].astype("Float64")
    shared = weights[table["held_by"] == "both"].sum()
    return float(shared / weights.sum())


def shared_priority_share() -> float:
    """Share of Russia's total priority weight that lies in goals Iran also holds."""
    return _shared_weight("priority_b")


def _shared_count_share() -> float:
    table = compare_interests("iran", "russia")
    russian = table["priority_b"].notna()
    return float((table["held_by"] == "both").sum() / russian.sum())


def _iran_denominator_share() -> float:
    return _shared_weight("priority_a")


def _pooled_share() -> float:
    table = compare_interests("iran", "russia")
    both = table["held_by"] == "both"
    a = table["priority_a"].astype("Float64")
    b = table["priority_b"].astype("Float64")
    return float((a[both].sum() + b[both].sum()) / (a.sum() + b.sum()))


def _is_percentage_of_share(answer: Any) -> bool:
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return False
    return abs(value - 100 * shared_priority_share()) < 0.5


# --------------------------------------------------------------------------- 04.5
TREND_CHOICES = {
    "a": "It rises steadily, 2014 < 2018 < 2025: the longer Russia stays, the more it bridges.",
    "b": "It is low in 2014, before the intervention, peaks in 2018 and falls back by 2025, "
         "when Assad is gone and the deconfliction tie with Israel has lapsed.",
    "c": "It falls steadily, 2014 > 2018 > 2025: Russia was the main broker before it intervened.",
    "d": "It does not change: Russia bridges the same number of hostile pairs in all three years.",
}


def russia_brokerage_by_year(years: Iterable[int] = (2014, 2018, 2025)) -> list[int]:
    """Russia's ``hostile_pairs_bridged`` in each year (0 if Russia is not in the network)."""
    out = []
    for year in years:
        table = _brokerage(year)
        out.append(int(table.loc["russia", "hostile_pairs_bridged"]) if "russia" in table.index
                   else 0)
    return out


def brokerage_trend() -> str:
    """The letter of the option that describes Russia's brokerage 2014 → 2018 → 2025."""
    y14, y18, y25 = russia_brokerage_by_year()
    if y14 == y18 == y25:
        return "d"
    if y14 < y18 < y25:
        return "a"
    if y14 > y18 > y25:
        return "c"
    if y18 > y14 and y18 > y25:
        return "b"
    raise LookupError(f"Russia's brokerage {y14, y18, y25} fits none of the options")


# --------------------------------------------------------------------------- 04.6
FIRST_CAMPAIGN_CHOICES = {
    "a": "Russia had never before had a military facility outside the former Soviet Union.",
    "b": "It was the first Russian campaign authorised by the UN Security Council.",
    "c": "Post-Soviet Russia's earlier wars, such as the two in Chechnya, were fought on former "
         "Soviet territory; Syria lies beyond it.",
    "d": "Syria had been part of the Soviet Union, so the campaign restored old territory.",
}

#: CAMEO root codes of force: 18 assault, 19 fight, 20 unconventional mass violence.
_FORCE_ROOTS = ("18", "19", "20")


def first_campaign_reason() -> str:
    """Option c, confirmed by the events table.

    Every use of force by Russia in the events table after 1991 and before its Syrian air
    campaign (30 Sep 2015) is domestic (Chechnya: source and target both ``russia``), and
    the table records a Soviet facility at Tartus (F21) long before 2015 (so option a is
    false).
    """
    events = load_events()
    campaign = events.loc[
        (events["fact_id"] == "F11") & (events["actor_target"] == "syria_opposition"), "date"
    ].min()
    force = events[
        (events["actor_source"] == "russia")
        & events["cameo_code"].str[:2].isin(_FORCE_ROOTS)
        & (events["date"] >= pd.Timestamp("1992-01-01"))
        & (events["date"] < campaign)
    ]
    tartus = events[(events["fact_id"] == "F21") & (events["date"] < pd.Timestamp("1991-12-31"))]
    if len(force) and (force["actor_target"] == "russia").all() and len(tartus):
        return "c"
    raise LookupError("the events table no longer supports option c")


# --------------------------------------------------------------------------- 04.7
CHECHNYA_CHOICES = {
    "a": "Both in the late 1990s, as the article puts it.",
    "b": "Both in the 1980s, before the Soviet Union collapsed.",
    "c": "The first in 1999–2000 and the second from 2014, alongside Crimea.",
    "d": "The first from December 1994 to August 1996; the second from August/October 1999, "
         "with the counter-terrorism regime lifted only in April 2009.",
}

_CHECHNYA_YEARS = {"d": (1994, 1996, 1999, 2009)}


def chechen_wars() -> str:
    """The option whose years match the F20 events (first war start/end, second start, end)."""
    events = load_events()
    f20 = events[events["fact_id"] == "F20"].sort_values("date")
    years = tuple(int(y) for y in f20["date"].dt.year)
    for letter, expected in _CHECHNYA_YEARS.items():
        if years == expected:
            return letter
    raise LookupError(f"the F20 events give the years {years}, which match no option")


# --------------------------------------------------------------------------- 04.8
MODEL_ANSWER = (
    "In 2018 Russia is tied cooperatively to Iran, Syria's government and Hezbollah, but "
    "also to Israel (deconfliction since Sep 2015), Turkey and Saudi Arabia (OPEC+), and "
    "it bridges seven hostile pairs, as many as Turkey. Its positions match Iran's on Assad, "
    "the US presence and the Astana format but diverge most on Israeli strikes and on Iranian "
    "forces near the Golan. That is the profile of a balancer, not of an ally that shares "
    "Iran's war aims: Russia's vital goals (status, a Middle East role, counter-terrorism) "
    "barely overlap with Iran's. The evidence is a coded snapshot: the ties and positions are "
    "judgements with sources, and brokerage counts ties, not their weight."
)


# --------------------------------------------------------------------------- registry
QUESTIONS = QuestionSet([
    Question(
        id="04.1",
        title="Top brokers in 2018",
        kind="set",
        points=1,
        reference=top_brokers_2018,
        wrong=[
            Wrong(lambda a: isinstance(a, str),
                  "give a list of actor ids, e.g. ['iran', 'usa']: more than one actor may "
                  "share the top count", any_type=True, example="russia"),
            Wrong(_proper_part_of(top_brokers_2018),
                  "part of the answer: there is a tie. Give every actor whose "
                  "hostile_pairs_bridged equals the maximum, not just the first row",
                  example=["Russia"]),
            Wrong(_top_betweenness_2018,
                  "you ranked by betweenness or by number of partners; brokerage here means "
                  "bridging hostile pairs: use the hostile_pairs_bridged column", lazy=True),
            Wrong(_top_of_another_year,
                  "that is the top of another year: build the network with "
                  "coursekit.alliance_network(2018)",
                  example=["iraq", "russia"]),  # the top brokers of 2015
        ],
        hint="build the 2018 network with coursekit.alliance_network(2018), pass it to "
             "coursekit.brokerage and keep every actor with the largest hostile_pairs_bridged",
    ),
    Question(
        id="04.2",
        title="Where Iran and Russia disagree most",
        kind="set",
        points=1,
        reference=widest_gaps,
        wrong=[
            Wrong(lambda a: isinstance(a, str),
                  "give a list of issue ids: more than one issue may share the largest gap",
                  any_type=True, example="israeli_strikes_in_syria"),
            Wrong(_largest_signed_difference,
                  "only one issue: did you use the signed difference (where −3 looks "
                  "smallest) or keep only the first row? Use the absolute gap and keep every "
                  "issue at the maximum", lazy=True),
            Wrong(_proper_part_of(widest_gaps),
                  "part of the answer: more than one issue shares the largest gap; give them all",
                  example=["israeli_strikes_in_syria"]),
            Wrong(_smallest_gaps,
                  "those are the issues with the smallest gap, where they agree most: sort "
                  "by gap, largest first", lazy=True),
            Wrong(_all_disagreements,
                  "those are all the issues where their signs differ; the question asks only "
                  "for the largest gap", lazy=True),
        ],
        hint="use coursekit.agreement('iran', 'russia') and keep the issue ids (the index) "
             "whose gap equals the maximum",
    ),
    Question(
        id="04.3",
        title="Goals Russia holds that Iran does not",
        kind="set",
        points=1,
        reference=russia_only_goals,
        wrong=[
            Wrong(_iran_only_goals,
                  "those are Iran's goals that Russia does not hold: check the order of "
                  "the actors", lazy=True),
            Wrong(_all_russian_goals,
                  "that is Russia's whole portfolio: drop the goals it shares with Iran "
                  "(held_by == 'both')", lazy=True),
            Wrong(_shared_goals,
                  "those are the goals the two share; the question asks for Russia's alone",
                  lazy=True),
            Wrong(_vital_russia_only_goals,
                  "you kept only the vital (priority 3) goals; the question asks for all of "
                  "Russia's own goals", lazy=True),
        ],
        hint="use coursekit.compare_interests('iran', 'russia') and keep the goal ids whose "
             "held_by is 'russia'",
    ),
    Question(
        id="04.4",
        title="Russia's priority weight shared with Iran",
        kind="number",
        points=2,
        reference=shared_priority_share,
        tolerance=0.005,
        wrong=[
            Wrong(_is_percentage_of_share,
                  "give a share between 0 and 1, not a percentage", example=19.23),
            Wrong(_shared_count_share,
                  "you counted goals; weight each goal by its priority (3, 2 or 1)", lazy=True),
            Wrong(_iran_denominator_share,
                  "you divided by Iran's total priority; the question asks about Russia's "
                  "portfolio (priority_b)", lazy=True),
            Wrong(_pooled_share,
                  "you pooled both portfolios; use Russia's priorities only", lazy=True),
        ],
        hint="sum Russia's priorities (priority_b) over the shared goals and divide by the "
             "sum of all of Russia's priorities",
    ),
    Question(
        id="04.5",
        title="Russia's brokerage 2014 → 2018 → 2025",
        kind="choice",
        points=1,
        reference=brokerage_trend,
        choices=TREND_CHOICES,
        wrong=[
            Wrong("a", "compute 2025 too: after Assad's fall Russia's count drops"),
            Wrong("c", "compute 2014: before its intervention Russia bridged only Turkey's "
                       "quarrels with Iran and with Assad"),
            Wrong("d", "compute the three years with coursekit.brokerage: the counts differ"),
        ],
    ),
    Question(
        id="04.6",
        title="Russia's first campaign beyond the former USSR",
        kind="choice",
        points=1,
        reference=first_campaign_reason,
        choices=FIRST_CAMPAIGN_CHOICES,
        wrong=[
            Wrong("a", "the Soviet Union already had a naval facility at Tartus (a 1971 agreement; "
                       "sources vary, F21): the novelty was a war, not a base"),
            Wrong("b", "the Security Council authorised nothing of the kind: Russia vetoed its "
                       "drafts on Syria, 12 times by the end of 2018 (G02)"),
            Wrong("d", "Syria was never part of the Soviet Union; it was a Soviet client state"),
        ],
    ),
    Question(
        id="04.7",
        title="When were the Chechen wars?",
        kind="choice",
        points=1,
        reference=chechen_wars,
        choices=CHECHNYA_CHOICES,
        wrong=[
            Wrong("a", "that is the article's loose phrase (¶11): look at the F20 events — "
                       "the first war began in December 1994"),
            Wrong("b", "both wars came after the Soviet collapse: filter the events for "
                       "fact_id 'F20'"),
            Wrong("c", "the second war began in 1999; 2014 is Crimea (F19), not Chechnya"),
        ],
    ),
    Question(
        id="04.8",
        title="Balancer or ally?",
        kind="written",
        points=3,
        reference=lambda: MODEL_ANSWER,
    ),
])
