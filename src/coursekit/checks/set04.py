"""Exercise set 04 · Russian grand strategy.

Every reference answer is computed from coursekit's data and analysis functions
(:func:`coursekit.brokerage`, :func:`coursekit.agreement`,
:func:`coursekit.compare_interests`, the events table), so a change in the data that
changes an answer shows up in the tests. Each auto-checked question lists the wrong
answers learners are likely to give, with a hint naming the mistake.

Each auto-checked question applies the lesson's method to a case the lesson does not
print (the lesson works with 2018, Iran and Russia, and the Chechnya rows): another year,
pair of actors, actor or source row.

Questions
---------
04.1  the top brokers of the 2025 cooperative network, a three-way tie (set)
04.2  the issues on which Russia and the US disagree most, a four-way tie (set)
04.3  the goals Turkey holds that Russia does not (set)
04.4  how much Russia's priority weight shared with Iran changes without the
      article's own rows (number)
04.5  reading Saudi Arabia's brokerage in 2014, 2018 and 2025 (choice)
04.6  source analysis: what the Crimea rows (F19) can and cannot show about ¶9 (choice)
04.7  source analysis: what the date of the Tartus row means (choice)
04.8  balancer or ally? (written)

Practice questions 04.p1-04.p3 sit inside Lesson 04 (never graded).

Over 500 lines: one exercise set is one module (the registry loads ``setNN``), and each
question declares the wrong answers it names, each computed the way the mistake computes it,
plus the guarded references of its source-analysis items and the lesson's practice questions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from coursekit.checks.core import Question, QuestionSet, Wrong, events_with, require
from coursekit.loaders import load_claims
from coursekit.network import alliance_network, brokerage, network_years
from coursekit.politics import agreement, compare_interests, interest_portfolio

__all__ = ["MODEL_ANSWER", "QUESTIONS", "RUBRIC", "WORDS"]


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
#: The year of 04.1: after Assad's fall, three actors tie (the table's first two rows miss one).
BROKER_YEAR = 2025


def top_brokers(year: int = BROKER_YEAR) -> list[str]:
    """The actors that bridge the most hostile pairs in ``year``'s cooperative network."""
    return _top(_brokerage(year), "hostile_pairs_bridged")


def _top_betweenness() -> list[str]:
    return _top(_brokerage(BROKER_YEAR), "betweenness")


def _first_two_rows() -> list[str]:
    """The pre-sorted shortcut ``table.index[:2]``, which misses the third actor of the tie."""
    return sorted(_brokerage(BROKER_YEAR).index[:2])


def _top_of_another_year(answer: Any) -> bool:
    items = _as_items(answer)
    if not items:
        return False
    reference = set(top_brokers())
    first, last = network_years()
    for year in range(first, last + 1):
        top = set(_top(_brokerage(year), "hostile_pairs_bridged"))
        if top != reference and items == top:
            return True
    return False


# --------------------------------------------------------------------------- 04.2
#: The pair of 04.2 (the lesson compares Iran and Russia).
GAP_PAIR = ("russia", "usa")


def _gaps(pair: tuple[str, str] = GAP_PAIR) -> pd.DataFrame:
    return agreement(*pair)


def widest_gaps(pair: tuple[str, str] = GAP_PAIR) -> list[str]:
    """The issues with the largest absolute gap between the pair's positions (ties included)."""
    table = _gaps(pair)
    return sorted(table.index[table["gap"] == table["gap"].max()])


def _first_two_gaps() -> list[str]:
    """The pre-sorted shortcut ``table.index[:2]``: two of the tied issues."""
    return sorted(_gaps().index[:2])


def _all_disagreements() -> list[str]:
    table = _gaps()
    return sorted(table.index[~table["agree"].astype(bool)])


# --------------------------------------------------------------------------- 04.3
def _goals(held_by: str, pair: tuple[str, str] = ("russia", "turkey")) -> list[str]:
    table = compare_interests(*pair)
    return sorted(table.index[table["held_by"] == held_by])


def turkey_only_goals() -> list[str]:
    """Goals in Turkey's portfolio that are not in Russia's."""
    return _goals("turkey")


def _russia_only_goals() -> list[str]:
    return _goals("russia")


def _shared_goals() -> list[str]:
    return _goals("both")


def _all_turkish_goals() -> list[str]:
    return sorted(interest_portfolio("turkey")["goal_id"])


def _russia_only_vs_iran() -> list[str]:
    """The lesson's comparison (Russia's goals that Iran does not hold)."""
    return _goals("russia", ("iran", "russia"))


# --------------------------------------------------------------------------- 04.4
#: The two tables 04.4 compares: the default (the article's rows first) and the
#: independent rows alone (the article's own rows are claims under test).
WITH_ARTICLE, INDEPENDENT = "article_first", "independent"


def _shared_weight(actor_column: str, origin: str) -> float:
    table = compare_interests("iran", "russia", origin=origin)
    weights = table[actor_column].astype("Float64")
    shared = weights[table["held_by"] == "both"].sum()
    return float(shared / weights.sum())


def shared_priority_share(origin: str = INDEPENDENT) -> float:
    """Share of Russia's total priority weight that lies in goals Iran also holds."""
    return _shared_weight("priority_b", origin)


def share_change() -> float:
    """How much Russia's shared share changes when the article's own rows are left out:
    the share from independent rows minus the share with the article's rows."""
    return shared_priority_share(INDEPENDENT) - shared_priority_share(WITH_ARTICLE)


def _reversed_change() -> float:
    return -share_change()


def _iran_change() -> float:
    """The lesson's comparison: Iran's column instead of Russia's."""
    return _shared_weight("priority_a", INDEPENDENT) - _shared_weight("priority_a", WITH_ARTICLE)


def _pooled_share(origin: str) -> float:
    table = compare_interests("iran", "russia", origin=origin)
    both = table["held_by"] == "both"
    a = table["priority_a"].astype("Float64")
    b = table["priority_b"].astype("Float64")
    return float((a[both].sum() + b[both].sum()) / (a.sum() + b.sum()))


def _pooled_change() -> float:
    return _pooled_share(INDEPENDENT) - _pooled_share(WITH_ARTICLE)


def _goal_count_share(origin: str) -> float:
    """Russia's shared share counted in goals, each goal once (the priorities left out)."""
    table = compare_interests("iran", "russia", origin=origin)
    russia = table["priority_b"].notna()
    return float((russia & (table["held_by"] == "both")).sum() / russia.sum())


def _goal_count_change() -> float:
    return _goal_count_share(INDEPENDENT) - _goal_count_share(WITH_ARTICLE)


def _is_shares_dict(answer: Any) -> bool:
    """The lesson's ``shares`` dict ({origin: share}) given as the answer."""
    return isinstance(answer, Mapping)


def _is_percentage_of_change(answer: Any) -> bool:
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return False
    return abs(value - 100 * share_change()) < 0.5


# --------------------------------------------------------------------------- 04.5
#: The actor and years of 04.5 (the lesson follows Russia, Turkey, the US and Iran).
TREND_ACTOR = "saudi_arabia"
TREND_YEARS = (2014, 2018, 2025)

TREND_CHOICES = {
    "a": "It rises steadily, 2014 < 2018 < 2025: Riyadh bridges more pairs every year.",
    "b": "It is zero in 2014, higher in 2018, once Saudi Arabia also has a cooperative tie "
         "with Russia (OPEC+ from Dec 2016), and lower again in 2025.",
    "c": "It falls steadily, 2014 > 2018 > 2025: Saudi Arabia was the main broker before "
         "Russia intervened.",
    "d": "It does not change: Saudi Arabia bridges the same number of hostile pairs in all "
         "three years.",
}


def brokerage_by_year(actor: str = TREND_ACTOR, years: Iterable[int] = TREND_YEARS) -> list[int]:
    """``actor``'s ``hostile_pairs_bridged`` in each year (0 if it is not in the network)."""
    out = []
    for year in years:
        table = _brokerage(year)
        out.append(int(table.loc[actor, "hostile_pairs_bridged"]) if actor in table.index
                   else 0)
    return out


def saudi_brokerage_by_year() -> list[int]:
    """Saudi Arabia's hostile pairs bridged in 2014, 2018 and 2025 (pinned in SUPPORT)."""
    return brokerage_by_year()


def brokerage_trend() -> str:
    """The letter of the option that describes Saudi Arabia's brokerage 2014 → 2018 → 2025."""
    y14, y18, y25 = brokerage_by_year()
    if y14 == y18 == y25:
        return "d"
    if y14 < y18 < y25:
        return "a"
    if y14 > y18 > y25:
        return "c"
    if y14 == 0 and y18 > y14 and y18 > y25:
        return "b"
    raise LookupError(f"Saudi Arabia's brokerage {y14, y18, y25} fits none of the options")


# --------------------------------------------------------------------------- 04.6
CRIMEA_CHOICES = {
    "a": "They prove that Russia traded its role in Syria for relief from the sanctions, so "
         "the claim is accurate.",
    "b": "They show that the sanctions came before Russia's air campaign in Syria, which "
         "disproves the claim.",
    "c": "They date the first US and EU sanctions (17 Mar 2014), the background of ¶9, but "
         "record no exchange of Syria for sanctions relief: the claim is about what Russia "
         "could do, so these rows cannot test it.",
    "d": "They show that only the US imposed sanctions, so the bargaining chip could concern "
         "only Washington.",
}


def crimea_rows_reading() -> str:
    """Option c, provided the data still say what it rests on.

    Claim C23 (¶9) is an untestable interpretation linked to F19, and the F19 event rows
    are the US and EU sanctions of 17 Mar 2014, none of them a deal over Syria.
    """
    claims = load_claims()
    c23 = claims[claims["claim_id"] == "C23"]
    require(len(c23) == 1 and c23["status"].item() == "untestable",
            "claim C23 (para. 9) is coded untestable")
    require(c23["fact_id"].item() == "F19", "claim C23 is linked to fact F19")
    rows = events_with("F19")
    require(set(rows["actor_source"]) == {"usa", "eu"}, "the F19 rows are US and EU sanctions")
    require((rows["date"] == pd.Timestamp("2014-03-17")).all(),
            "the F19 sanctions are dated 17 Mar 2014")
    return "c"


# --------------------------------------------------------------------------- 04.7
TARTUS_CHOICES = {
    "a": "The Soviet-Syrian agreement on Tartus was signed on 1 January 1971.",
    "b": "The agreement took effect on 1 January 1971 and ran for 49 years.",
    "c": "The row is an error: Tartus was first used by Russia in 2015, with Khmeimim.",
    "d": "Only the year is coded (date_precision 'year'), and the sources disagree (1971, "
         "1977, 1983): the table keeps the earliest year, and the day and month carry no "
         "information.",
}


def tartus_row_reading() -> str:
    """Option d, provided the Tartus row is still coded at year precision with 1971 first."""
    rows = events_with("F21")
    tartus = rows[rows["description"].str.contains("Tartus") & (rows["date"].dt.year < 1991)]
    require(len(tartus) == 1, "one Soviet-era Tartus row under F21")
    row = tartus.iloc[0]
    require(row["date_precision"] == "year", "the Tartus row is coded at year precision")
    require(row["date"] == pd.Timestamp("1971-01-01"), "the Tartus row is dated 1971")
    require(all(y in row["description"] for y in ("1971", "1977", "1983")),
            "the row names the three years the sources give")
    return "d"


# --------------------------------------------------------------------------- 04.8
MODEL_ANSWER = (
    "Both, in different senses. Russia fought for the goal it shares with Iran, Assad's "
    "survival, which is vital to both, from its first air strikes on 30 Sep 2015, and on "
    "positions from independent sources it stands closer to Iran than to any other actor. "
    "But only two of its nine independently sourced goals are Iran's, about 0.24 of its "
    "priority weight; its other vital aims (great-power status, stopping North Caucasus "
    "jihadists) are its own. In the 2018 cooperative network it bridges seven hostile "
    "pairs, as many as Turkey, through ties such as the deconfliction mechanism with Israel "
    "(21 Sep 2015). Moscow calls this great-power diplomacy that talks to everyone and "
    "fights terrorism at a legitimate government's request; Tehran reads it as "
    "unreliability, and the issue on which they differ most, Israeli strikes in Syria, is "
    "about Israel. That is the profile of a balancer allied with Iran on one war aim. The "
    "numbers rest on coded judgements: ties are counted, not weighted, the positions are a "
    "2018 snapshot, and I left out the article's own rows, so as not to test its thesis "
    "with its own claims."
)

#: The word range the question asks for (the model answer keeps to it; tested).
WORDS = (120, 200)

#: The instructor's rubric for 04.8 (also in instructors/guide.md and the solutions notebook).
#: It weighs the argument: evidence can be computed or documentary, no criterion caps
#: another, and the model answer's figures rest on independent rows (``origin="independent"``).
RUBRIC = (
    "3 points, one per criterion, each with a half point for a partial answer. "
    "Evidence (1): uses at least two pieces of evidence correctly and says what each shows: "
    "computed results (brokerage, agreement, interest portfolios, computed with "
    "origin='independent') or documented facts or statements that do the same work. A "
    "result computed with the article's own rows restates the claim under test: it counts "
    "when the answer sets it against independent evidence. "
    "Views and facts (1): cites at least one dated fact and states Russia's view in its "
    "own terms. Argument (1): reaches a reasoned verdict that separates a shared war aim "
    "from a shared strategy, weighs the evidence against the rival reading, and names a "
    "limit of the measures. Any verdict argued from the evidence can earn full marks, with "
    "computed or documentary evidence alike: an answer without a computed result is not "
    "capped."
)


# --------------------------------------------------------------------------- practice
def _russia_2015() -> int:
    return int(_brokerage(2015).loc["russia", "hostile_pairs_bridged"])


def _iran_only_goals() -> list[str]:
    return _goals("iran", ("iran", "russia"))


def _russia_israel_agree() -> list[str]:
    """Lesson 04 section 7 compares positions from independent sources only."""
    table = agreement("russia", "israel", origin="independent")
    return sorted(table.index[table["agree"].astype(bool)])


def _russia_israel_disagree() -> list[str]:
    table = agreement("russia", "israel", origin="independent")
    return sorted(table.index[~table["agree"].astype(bool)])


# --------------------------------------------------------------------------- registry
QUESTIONS = QuestionSet([
    Question(
        id="04.1",
        title="Top brokers in 2025",
        kind="set",
        points=1,
        reference=top_brokers,
        wrong=[
            Wrong(lambda a: isinstance(a, str),
                  "give a list of actor ids, e.g. ['iran', 'usa']: more than one actor may "
                  "share the top count", any_type=True, example="russia"),
            Wrong(_first_two_rows,
                  "those are the table's first two rows; the tie in 2025 has three members: "
                  "keep every actor whose hostile_pairs_bridged equals the maximum",
                  lazy=True),
            Wrong(_top_betweenness,
                  "only one actor: idxmax() keeps the first of a tie (and betweenness or the "
                  "number of partners rank another way); keep every actor whose "
                  "hostile_pairs_bridged equals the maximum", lazy=True),
            Wrong(_proper_part_of(top_brokers),
                  "part of the answer: there is a tie. Give every actor whose "
                  "hostile_pairs_bridged equals the maximum, not just the first rows",
                  example=["Russia"]),
            Wrong(_top_of_another_year,
                  "that is the top of another year: build the network with "
                  "coursekit.alliance_network(2025)",
                  example=["russia", "turkey"]),  # the top brokers of 2018
        ],
        hint="build the 2025 network with coursekit.alliance_network(2025), pass it to "
             "coursekit.brokerage and keep every actor with the largest hostile_pairs_bridged",
    ),
    Question(
        id="04.2",
        title="Where Russia and the US disagree most",
        kind="set",
        points=1,
        reference=widest_gaps,
        wrong=[
            Wrong(lambda a: isinstance(a, str),
                  "give a list of issue ids: more than one issue may share the largest gap",
                  any_type=True, example="assad_stays"),
            Wrong(_first_two_gaps,
                  "only two of the tied issues: did you take the table's first two rows, or "
                  "the signed difference (where -3 looks smallest)? Use the absolute gap and "
                  "keep every issue whose gap equals the maximum", lazy=True),
            Wrong(_proper_part_of(widest_gaps),
                  "part of the answer: more than one issue shares the largest gap; give them all",
                  example=["assad_stays"]),
            Wrong(lambda: widest_gaps(("iran", "russia")),
                  "those are the widest Iran-Russia gaps from the lesson; compare Russia with "
                  "the US: coursekit.agreement('russia', 'usa')", lazy=True),
            Wrong(_all_disagreements,
                  "those are all the issues where their signs differ; the question asks only "
                  "for the largest gap", lazy=True),
        ],
        hint="use coursekit.agreement('russia', 'usa') and keep the issue ids (the index) "
             "whose gap equals the maximum",
    ),
    Question(
        id="04.3",
        title="Goals Turkey holds that Russia does not",
        kind="set",
        points=1,
        reference=turkey_only_goals,
        wrong=[
            Wrong(_russia_only_goals,
                  "those are Russia's goals that Turkey does not hold: check the order of "
                  "the actors and the held_by value", lazy=True),
            Wrong(_all_turkish_goals,
                  "that is Turkey's whole portfolio: drop the goals it shares with Russia "
                  "(held_by == 'both')", lazy=True),
            Wrong(_shared_goals,
                  "those are the goals the two share; the question asks for Turkey's alone",
                  lazy=True),
            Wrong(_russia_only_vs_iran,
                  "that is the lesson's comparison of Iran and Russia; compare Russia with "
                  "Turkey: coursekit.compare_interests('russia', 'turkey')", lazy=True),
            Wrong(_iran_only_goals,
                  "those are the goals Iran holds that Russia does not, the lesson's list; "
                  "compare Russia with Turkey: coursekit.compare_interests('russia', 'turkey')",
                  lazy=True),
        ],
        hint="use coursekit.compare_interests('russia', 'turkey') and keep the goal ids whose "
             "held_by is 'turkey'",
    ),
    Question(
        id="04.4",
        title="What the article's rows do to Russia's shared weight",
        kind="number",
        points=2,
        reference=share_change,
        tolerance=0.005,
        wrong=[
            Wrong(_is_percentage_of_change,
                  "give the change as a difference of shares (between -1 and 1), not in "
                  "percentage points", example=4.58),
            Wrong(lambda: shared_priority_share(WITH_ARTICLE),
                  "that is the share with the article's rows (the default); compute it again "
                  "with origin='independent' and give the change: without minus with",
                  lazy=True),
            Wrong(lambda: shared_priority_share(INDEPENDENT),
                  "that is the share from independent rows alone; subtract the share with "
                  "the article's rows (the default) to get the change", lazy=True),
            Wrong(_reversed_change,
                  "the sign is reversed: give the share without the article's rows minus "
                  "the share with them", lazy=True),
            Wrong(_iran_change,
                  "that is Iran's side, the lesson's comparison; use Russia's priorities "
                  "(priority_b in compare_interests('iran', 'russia'))", lazy=True),
            Wrong(_pooled_change,
                  "you pooled both portfolios; use Russia's priorities only", lazy=True),
            Wrong(_goal_count_change,
                  "you counted goals, each once: weight each goal by its priority (Russia's "
                  "priority_b), then take the shared goals' share of the total weight",
                  lazy=True),
            Wrong(_is_shares_dict,
                  "subtract the two values of your dict: the share without the article's "
                  "rows minus the share with them, one number",
                  any_type=True, example={"article_first": 0.41, "independent": 0.45}),
        ],
        hint="compute Russia's priority-weighted shared share twice, with "
             "compare_interests('iran', 'russia') and with origin='independent' (Russia's "
             "column is priority_b), then subtract: without the article's rows minus with them",
    ),
    Question(
        id="04.5",
        title="Saudi Arabia's brokerage 2014 → 2018 → 2025",
        kind="choice",
        points=1,
        reference=brokerage_trend,
        choices=TREND_CHOICES,
        wrong=[
            Wrong("a", "compute 2025 too: after Assad's fall Saudi Arabia's count drops"),
            Wrong("c", "compute 2014: before Russia's intervention Saudi Arabia bridged no "
                       "hostile pair at all"),
            Wrong("d", "compute the three years with coursekit.brokerage: the counts differ "
                       "(an actor missing from a year's table bridges 0)"),
        ],
    ),
    Question(
        id="04.6",
        title="Source analysis: the Crimea rows and ¶9",
        kind="choice",
        points=1,
        reference=crimea_rows_reading,
        choices=CRIMEA_CHOICES,
        wrong=[
            Wrong("a", "read the rows again: they record sanctions, not a deal; nothing in them "
                       "links Syria to sanctions relief (C23 is coded untestable)"),
            Wrong("b", "an order of dates cannot disprove a claim about what Russia could do; "
                       "the rows set the background, they do not test the motive"),
            Wrong("d", "there are two F19 rows: one for the US and one for the EU"),
        ],
    ),
    Question(
        id="04.7",
        title="Source analysis: the date of the Tartus row",
        kind="choice",
        points=1,
        reference=tartus_row_reading,
        choices=TARTUS_CHOICES,
        wrong=[
            Wrong("a", "look at the row's date_precision: only the year is coded, so "
                       "'1 January' carries no information"),
            Wrong("b", "the 49 years belong to the new agreement of 18 Jan 2017, another F21 "
                       "row"),
            Wrong("c", "the row records a Soviet facility long before 2015; Khmeimim is "
                       "another F21 row (30 Sep 2015)"),
        ],
    ),
    Question(
        id="04.8",
        title="Balancer or ally?",
        kind="written",
        points=3,
        reference=lambda: MODEL_ANSWER,
    ),
    # ----------------------------------------------------------------- practice (Lesson 04)
    Question(
        id="04.p1",
        title="Russia's hostile pairs bridged in 2015",
        kind="number",
        reference=_russia_2015,
        wrong=[
            Wrong(lambda: int(_brokerage(2018).loc["russia", "hostile_pairs_bridged"]),
                  "that is 2018; build the network of 2015", lazy=True),
            Wrong(lambda: int(_brokerage(2015).loc["russia", "partners"]),
                  "that is the number of partners; read hostile_pairs_bridged", lazy=True),
        ],
        hint="coursekit.brokerage(coursekit.alliance_network(2015)).loc['russia', "
             "'hostile_pairs_bridged']",
    ),
    Question(
        id="04.p2",
        title="Goals Iran holds that Russia does not",
        kind="set",
        reference=_iran_only_goals,
        wrong=[
            Wrong(lambda: _goals("russia", ("iran", "russia")),
                  "those are Russia's own goals; keep held_by == 'iran'", lazy=True),
            Wrong(lambda: _goals("both", ("iran", "russia")),
                  "those are the shared goals; keep held_by == 'iran'", lazy=True),
        ],
        hint="keep the index of portfolios where held_by == 'iran'",
    ),
    Question(
        id="04.p3",
        title="Issues on which Russia and Israel agree",
        kind="set",
        reference=_russia_israel_agree,
        wrong=[
            Wrong(_russia_israel_disagree,
                  "those are the issues where they disagree; keep agree == True", lazy=True),
        ],
        hint="table = coursekit.agreement('russia', 'israel', origin='independent'); keep "
             "the index where table['agree'] is True",
    ),
])
