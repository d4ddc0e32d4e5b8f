"""Exercise set 09 · 2022–2025: a partnership tested.

Every reference answer is computed from coursekit's events with the functions lesson 09
teaches (:func:`coursekit.dependence.directed_events`, :func:`coursekit.dependence.exchange_matrix`,
:func:`coursekit.dependence.net_flow`, :func:`coursekit.cooperation_index`), so a change in the
coding that changes an answer shows up in the tests. Each auto-checked question applies the
lesson's method to a case the lesson did not print: one direction instead of both, another
pair and period, the record without a row whose coding is a judgement. The two choice
questions are source analysis: what an excerpt or an event row's source can and cannot show.

Questions
---------
09.1  the cooperation index of Russia's acts toward Iran, 2022–2025 (number)
09.2  Russia's net flow of verbal cooperation with Turkey in Goldstein weight, 2015–2020 (number)
09.3  Iran–Russia 2025 without the Esbati row (number)
09.4  reading Russia's statement on the snapback (choice)
09.5  what the Esbati row's source supports (choice)
09.6  who depends on whom? (written)
09.p1–09.p3  practice questions inside lesson 09 (never graded)
"""

from __future__ import annotations

from typing import Any

from coursekit.checks.core import Question, QuestionSet, Wrong
from coursekit.dependence import directed_events, exchange_matrix, net_flow

__all__ = [
    "ESBATI_EVENT",
    "QUESTIONS",
    "SNAPBACK_CHOICES",
    "SNAPBACK_EXCERPT",
    "SOURCE_CHOICES",
    "directed_mean",
    "index_without",
]

#: The event whose coding 09.3 questions: one IRGC officer's speech coded as Iran's act.
ESBATI_EVENT = "E153"


# --------------------------------------------------------------------------- helpers
def directed_mean(source: str, target: str, start: int, end: int, *, once: bool = True) -> float:
    """Mean Goldstein weight of the acts of ``source`` toward ``target`` in ``start``–``end``."""
    events = directed_events(source, target, start, end, once=once)
    return float(events.loc[events["actor_source"] == source, "goldstein"].mean())


def index_without(event_ids: list[str], year: int, *, once: bool = True) -> float:
    """The Iran–Russia cooperation index (mean Goldstein weight) of one year without some rows."""
    events = directed_events("iran", "russia", year, year, once=once)
    return float(events.loc[~events["event_id"].isin(event_ids), "goldstein"].mean())


# --------------------------------------------------------------------------- 09.1
def russia_toward_iran() -> float:
    """The mean Goldstein weight of Russia's acts toward Iran, 2022–2025, each treaty once."""
    return directed_mean("russia", "iran", 2022, 2025)


def _iran_toward_russia() -> float:
    return directed_mean("iran", "russia", 2022, 2025)


def _both_directions() -> float:
    return float(directed_events("iran", "russia", 2022, 2025)["goldstein"].mean())


def _russia_total() -> float:
    events = directed_events("iran", "russia", 2022, 2025)
    return float(events.loc[events["actor_source"] == "russia", "goldstein"].sum())


def _every_stage() -> float:
    return directed_mean("russia", "iran", 2022, 2025, once=False)


# --------------------------------------------------------------------------- 09.2
def _turkey_matrix(value: str = "goldstein"):
    return exchange_matrix(directed_events("russia", "turkey", 2015, 2020), value=value)


def russia_turkey_net() -> float:
    """Russia's net flow of verbal cooperation with Turkey, 2015–2020, in Goldstein weight."""
    return net_flow(_turkey_matrix(), "russia", "verbal cooperation")


def _turkey_side() -> float:
    return net_flow(_turkey_matrix(), "turkey", "verbal cooperation")


def _counted_acts() -> float:
    return net_flow(_turkey_matrix("count"), "russia", "verbal cooperation")


def _every_class() -> float:
    matrix = _turkey_matrix()
    return float(sum(net_flow(matrix, "russia", c) for c in matrix.columns))


def _given_only() -> float:
    return float(_turkey_matrix().loc["russia → turkey", "verbal cooperation"])


def _lesson_pair() -> float:
    """Russia's net flow with Iran, 2022-2025: the lesson's pair, not the question's."""
    matrix = exchange_matrix(directed_events("iran", "russia", 2022, 2025), value="goldstein")
    return net_flow(matrix, "russia", "verbal cooperation")


# --------------------------------------------------------------------------- 09.3
def without_esbati() -> float:
    """The Iran–Russia cooperation index of 2025 without the Esbati row (E153)."""
    return index_without([ESBATI_EVENT], 2025)


def _with_esbati() -> float:
    return index_without([], 2025)


def _without_esbati_every_stage() -> float:
    return index_without([ESBATI_EVENT], 2025, once=False)


# --------------------------------------------------------------------------- 09.4
#: Two sentences of Russia's statement after the Security Council vote of 26 Sep 2025
#: (First Deputy Permanent Representative Dmitry Polyansky, as reported by TASS, 27 Sep 2025).
SNAPBACK_EXCERPT = (
    "Regarding the UK and France's statements on the alleged snapback launch, we "
    "categorically reject their validity [...]. A country that systematically violates the "
    "agreement itself cannot use the mechanisms it contains."
)

SNAPBACK_CHOICES = {
    "a": "Russia promises to protect Iran from the sanctions, by force if need be.",
    "b": "Russia disputes the snapback's legality and will not treat the reimposed UN "
    "sanctions as valid; the excerpt is Russia's own position, not evidence of what the "
    "E3 did.",
    "c": "Russia accepts that the sanctions are back but regrets it.",
    "d": "The excerpt shows that the E3 violated the nuclear deal: a Security Council member "
    "says so.",
}


def snapback_reading() -> str:
    """The excerpt rejects the snapback's validity on legal grounds and promises nothing more:
    a party's claim about the law, not a pledge of protection and not independent evidence."""
    return "b"


# --------------------------------------------------------------------------- 09.5
SOURCE_CHOICES = {
    "a": "Iran's government officially accused Russia of betraying Assad in January 2025.",
    "b": "It shows one IRGC officer's view, from a recording of a speech, known to the course "
    "through a think tank's report: evidence of resentment inside the IRGC, not of Iran's "
    "state policy toward Russia.",
    "c": "It proves that Russia switched off its radars during Israeli strikes in Syria.",
    "d": "It shows that Russia admitted failing Assad.",
}


def source_reading() -> str:
    """E153's source reports a speech by one IRGC officer (recording published, not an
    official statement); the accusations in it are his claims, not established facts."""
    return "b"


# --------------------------------------------------------------------------- 09.6
MODEL_ANSWER = (
    "Each side depends on the other for something different. In 2022-2025 Iran gave Russia "
    "material help for its war: drones from August 2022 and, by US account, materials for a "
    "drone factory and Fath-360 missiles (Iran denies sending missiles). Russia's return was "
    "smaller in the record (the Khayyam launch, Yak-130 trainers) and mostly diplomatic: the "
    "treaty, Putin's words on 23 June 2025 and three rows defending Iran against the "
    "snapback. The exchange matrix shows this split: Iran leads in material cooperation, "
    "Russia in verbal cooperation, and both conflictual rows are Iranian criticism (the "
    "islands, Esbati). Moscow called the strikes 'unprovoked aggression' and the snapback "
    "'null and void'; Tehran "
    "thanked Russia in June but Esbati accused it of failing Assad. So Russia relied on "
    "Iran's arms while Iran relied on Russia's Security Council seat, and the seat did not "
    "stop the sanctions. Counts are acts, not volumes: one row stands for hundreds of drones,"
    " and US intelligence is one side's claim."
)


# --------------------------------------------------------------------------- practice
def _conflictual_2022_2025() -> int:
    events = directed_events("iran", "russia", 2022, 2025)
    return int((events["goldstein"] < 0).sum())


def _iran_material_net() -> float:
    matrix = exchange_matrix(directed_events("iran", "russia", 2022, 2025))
    return net_flow(matrix, "iran", "material cooperation")


def _iran_toward_russia_practice() -> float:
    return directed_mean("iran", "russia", 2022, 2025)


def _is_percentage_of(reference: Any) -> Any:
    def predicate(answer: Any) -> bool:
        try:
            return abs(float(answer) - 10 * reference()) < 0.06 and float(answer) > 10
        except (TypeError, ValueError):
            return False

    return predicate


# --------------------------------------------------------------------------- registry
QUESTIONS = QuestionSet(
    [
        Question(
            id="09.1",
            title="Russia's acts toward Iran, 2022–2025",
            kind="number",
            points=1,
            precision=2,
            reference=russia_toward_iran,
            wrong=[
                Wrong(
                    _iran_toward_russia,
                    "that is Iran's acts toward Russia: keep the rows whose actor_source is "
                    "'russia'",
                    lazy=True,
                ),
                Wrong(
                    _both_directions,
                    "that is the mean of both directions (the lesson's cooperation index); "
                    "keep only Russia's acts",
                    lazy=True,
                ),
                Wrong(
                    _every_stage,
                    "you counted the treaty's ratification and entry into force as new acts: "
                    "use directed_events(..., once=True), the default",
                    lazy=True,
                ),
                Wrong(
                    _russia_total,
                    "that is the total weight of Russia's acts; the question asks for their "
                    "mean (.mean())",
                    lazy=True,
                ),
            ],
            hint="directed_events('iran', 'russia', 2022, 2025), keep the rows with "
            "actor_source == 'russia', and take the mean of goldstein (two decimals)",
        ),
        Question(
            id="09.2",
            title="Russia and Turkey: net verbal cooperation",
            kind="number",
            points=2,
            precision=1,
            reference=russia_turkey_net,
            wrong=[
                Wrong(
                    _turkey_side,
                    "the sign is reversed: that is Turkey's net flow; take Russia's side "
                    "(net_flow(matrix, 'russia', ...))",
                    lazy=True,
                ),
                Wrong(
                    _counted_acts,
                    "that counts acts; the question asks for Goldstein weight: "
                    "exchange_matrix(events, value='goldstein')",
                    lazy=True,
                ),
                Wrong(
                    _every_class,
                    "you added every class; the question asks for verbal cooperation only",
                    lazy=True,
                ),
                Wrong(
                    _given_only,
                    "that is what Russia gave; subtract what it received from Turkey",
                    lazy=True,
                ),
                Wrong(
                    lambda: net_flow(_turkey_matrix(), "russia", "material cooperation"),
                    "that is the material cooperation class; the question asks for verbal "
                    "cooperation: net_flow(matrix, 'russia', 'verbal cooperation')",
                    lazy=True,
                ),
                Wrong(
                    lambda: net_flow(
                        exchange_matrix(directed_events("russia", "turkey", 2015, 2019),
                                        value="goldstein"),
                        "russia", "verbal cooperation"),
                    "did you stop in 2019? The span runs to the Moscow protocol of March "
                    "2020: directed_events('russia', 'turkey', 2015, 2020) includes both years",
                    lazy=True,
                ),
                Wrong(
                    _lesson_pair,
                    "that is Russia's net flow with Iran in 2022-2025, the lesson's pair; "
                    "the question asks about Russia and Turkey, 2015-2020",
                    lazy=True,
                ),
            ],
            hint="matrix = exchange_matrix(directed_events('russia', 'turkey', 2015, 2020), "
            "value='goldstein'), then net_flow(matrix, 'russia', 'verbal cooperation')",
        ),
        Question(
            id="09.3",
            title="2025 without the Esbati row",
            kind="number",
            points=2,
            precision=2,
            reference=without_esbati,
            wrong=[
                Wrong(
                    _with_esbati,
                    "that is 2025 with every row; leave out E153, the Esbati speech",
                    lazy=True,
                ),
                Wrong(
                    lambda: without_esbati() - _with_esbati(),
                    "that is the change made by leaving E153 out; the question asks for the "
                    "mean weight of 2025 without it",
                    lazy=True,
                ),
                Wrong(
                    lambda: _with_esbati() - without_esbati(),
                    "that is the difference between the two means; the question asks for the "
                    "mean weight of 2025 without E153",
                    lazy=True,
                ),
                Wrong(
                    _without_esbati_every_stage,
                    "you counted the treaty's ratification and entry into force as new acts: "
                    "count each agreement once",
                    lazy=True,
                ),
                Wrong(
                    _is_percentage_of(without_esbati),
                    "the Goldstein scale runs from -10 to +10: give the mean weight, not ten "
                    "times it",
                    example=48.8,
                ),
            ],
            hint="events = directed_events('iran', 'russia', 2025, 2025); take the mean of "
            "goldstein over the rows whose event_id is not 'E153'",
        ),
        Question(
            id="09.4",
            title="Reading Russia's statement on the snapback",
            kind="choice",
            points=1,
            reference=snapback_reading,
            choices=SNAPBACK_CHOICES,
            wrong=[
                Wrong(
                    "a",
                    "the excerpt argues about legality; it promises Iran nothing, by force "
                    "or otherwise",
                ),
                Wrong(
                    "c",
                    "'we categorically reject their validity': Russia does not accept that "
                    "the sanctions are back",
                ),
                Wrong(
                    "d",
                    "a party's claim is evidence of its position, not of the facts it asserts: "
                    "the E3 and the UN record say otherwise",
                ),
            ],
        ),
        Question(
            id="09.5",
            title="What the Esbati row's source supports",
            kind="choice",
            points=1,
            reference=source_reading,
            choices=SOURCE_CHOICES,
            wrong=[
                Wrong(
                    "a",
                    "a speech by one IRGC officer, published as a recording, is not an "
                    "official statement of Iran's government",
                ),
                Wrong(
                    "c",
                    "the radars are Esbati's accusation; a report of a claim does not prove it",
                ),
                Wrong(
                    "d",
                    "the row is Iranian criticism of Russia (actor_source iran); Russia "
                    "admitted nothing",
                ),
            ],
        ),
        Question(
            id="09.6",
            title="Who depends on whom?",
            kind="written",
            points=3,
            words=(120, 200),
            reference=lambda: MODEL_ANSWER,
        ),
        Question(
            id="09.p1",
            title="Conflictual Iran–Russia events, 2022–2025",
            kind="number",
            reference=_conflictual_2022_2025,
            wrong=[
                Wrong(
                    lambda: (
                        len(directed_events("iran", "russia", 2022, 2025))
                        - _conflictual_2022_2025()
                    ),
                    "that counts the cooperative events; keep those with goldstein < 0",
                    lazy=True,
                ),
            ],
            hint="count the rows of directed_events('iran', 'russia', 2022, 2025) whose "
            "goldstein is below 0",
            practice=True,
        ),
        Question(
            id="09.p2",
            title="Iran's net flow of material cooperation",
            kind="number",
            reference=_iran_material_net,
            wrong=[
                Wrong(
                    lambda: -_iran_material_net(),
                    "the sign is reversed: take Iran's side, net_flow(matrix, 'iran')",
                    lazy=True,
                ),
            ],
            hint="net_flow(matrix, 'iran', 'material cooperation')",
            practice=True,
        ),
        Question(
            id="09.p3",
            title="Iran's acts toward Russia, 2022–2025",
            kind="number",
            precision=2,
            reference=_iran_toward_russia_practice,
            wrong=[
                Wrong(
                    _both_directions,
                    "that is both directions; keep the rows whose actor_source is 'iran'",
                    lazy=True,
                ),
            ],
            hint="keep the rows whose actor_source is 'iran' and take the mean of goldstein",
            practice=True,
        ),
    ]
)
