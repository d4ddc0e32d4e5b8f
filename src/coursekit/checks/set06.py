"""Exercise set 06 · The verdict: a transparent scoring model on two axes, and its sensitivity.

Every reference answer is computed from :mod:`coursekit.verdict` (criteria, evidence,
weights, flip points), so the checks stay true when the evidence is corrected. The model
scores two axes — basis (strategic partnership or marriage of convenience, the article's
question, the default) and commitment (alliance or alignment) — and counts only
independent evidence by default (``origin == "independent"``); 06.1 and 06.2 ask what the
article's own assertions (``origin == "article"``) do to it, 06.5 which axis a row
counts on. Every question applies the lesson's method to a case the lesson does not print
(a recoded row, other weights, another criterion's flip point). The practice questions
06.p1–06.p3 are the lesson's "Try it" cells (never graded). Each
auto-checked question declares the wrong answers learners are likely to give, computed
the way the mistake computes them, with a hint naming the mistake. Multiple-choice
references first verify that the data still record the facts the right choice states.

Over 500 lines: seven graded and three practice questions, each with the wrong answers a
learner is likely to give, computed by the helpers they share; splitting them would
separate a question from the mistakes it anticipates.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from coursekit.checks.core import Question, QuestionSet, Wrong, require

#: Question 06.1: the criterion scored by hand (it holds one of the article's own rows).
CRITERION = "israel"

#: Question 06.1: one row recoded before scoring, ``{evidence_id: (direction, strength)}``:
#: the learner's own coding of V28 (Russia kept deconfliction with Israel after the Il-20
#: loss), so that the answer is not the score the lesson prints.
RECODE = {"V28": (-1, 1)}

#: Question 06.2: the weights of the basis axis's criteria (0–5), with the article's own
#: assertions counted.
WEIGHTS = {
    "shared_goals": 4,
    "institutions": 2,
    "trust_legacy": 3,
    "israel": 3,
    "durability": 2,
    "common_threat": 2,
    "economic_ties": 2,
}

#: Question 06.2: the basis criteria added after the first five (a learner who copies the
#: five weights of an older version of the question leaves them out).
NEW_CRITERIA = ("common_threat", "economic_ties")

#: The hint for None given to a question answered with flip_points (after "got None: ").
FLIP_NONE = ("flip_points gives None when no weight in 0–5 flips the verdict; check the "
             "weights you set")

#: Question 06.5: the evidence row whose axis and direction the learner reads.
AXIS_ROW = "V10"

#: Practice 06.p1 (lesson 06, episode 2): the criterion scored by hand.
PRACTICE_CRITERION = "crisis_support"

#: Practice 06.p2 (lesson 06, episode 3): weights for the commitment axis.
PRACTICE_WEIGHTS = {"defence_obligation": 2, "crisis_support": 2, "military_integration": 5}

#: Practice 06.p3 (lesson 06, episode 5): the flip point of ``israel`` on the basis axis
#: when shared goals weigh 0 (the lesson works the same formula for trust).
PRACTICE_FLIP = ("israel", {"shared_goals": 0})

#: Question 06.3: the default weights, except that durability beyond Syria counts most
#: and the common threat least (a reader who judges the relationship by what it became
#: beyond the Syrian war, and doubts that a common threat explains it).
SCENARIO = {"durability": 5, "common_threat": 1}

#: Question 06.4: the same reader, who also puts institutions first (weight 5: the 20-year
#: treaty, the Astana format). A scenario of its own, so that 06.4's sensitivity table does
#: not print 06.3's answer; near 0, most single weights can flip it. (Israel kept its default
#: weight 4 after the economic-ties recode of V55/V56: at 3 the score sat at +0.0006 and six
#: of the seven criteria flipped it.)
SCENARIO_4 = SCENARIO | {"institutions": 5}

#: Question 06.3: the criterion whose flip point is asked for.
FLIP_CRITERION = "trust_legacy"


# --------------------------------------------------------------------------- helpers



def _evidence():
    from coursekit.verdict import load_evidence

    return load_evidence()


def _criterion_scores():
    from coursekit.verdict import criterion_scores

    return criterion_scores()


def _verdict(weights: dict[str, float], axis: str = "basis"):
    from coursekit.verdict import verdict

    return verdict(weights, axis=axis)


def _criterion_values(how: str = "right") -> float:
    """The score of :data:`CRITERION` computed right, or the way a mistake computes it."""
    ev = _evidence()
    require(set(RECODE) <= set(ev["evidence_id"]), "the recoded rows exist")
    if how != "as_coded":
        for evidence_id, (direction, strength) in RECODE.items():
            at = ev["evidence_id"] == evidence_id
            require(bool((ev.loc[at, "criterion_id"] == CRITERION).all()),
                    f"{evidence_id} is evidence for {CRITERION}")
            ev.loc[at, ["direction", "strength"]] = [direction, strength]
    every = ev[ev["criterion_id"] == CRITERION]
    rows = every[every["origin"] == "independent"]
    require(not rows.empty, f"independent evidence for the criterion {CRITERION}")
    require((every["origin"] == "article").any(),
            f"an article row among the evidence for {CRITERION}")
    value = rows["direction"] * rows["strength"] / 3
    if how in ("right", "as_coded"):
        return float(value.mean())
    if how == "with_article":
        return float((every["direction"] * every["strength"] / 3).mean())
    if how == "no_divide":
        return float((rows["direction"] * rows["strength"]).mean())
    if how == "sum":
        return float(value.sum())
    if how == "direction":
        return float(rows["direction"].mean())
    if how == "strength":
        return float((rows["strength"] / 3).mean())
    raise ValueError(how)


def _weights(weights: dict[str, float]) -> dict[str, float]:
    from coursekit.verdict import default_weights

    return default_weights() | {k: float(v) for k, v in weights.items()}


def _basis_ids() -> list[str]:
    from coursekit.verdict import load_criteria

    criteria = load_criteria()
    return criteria.loc[criteria["axis"] == "basis", "criterion_id"].tolist()


def _score(how: str = "right") -> float:
    """The basis verdict score of :data:`WEIGHTS` with the article's rows, or a mistake's."""
    from coursekit.verdict import criterion_scores, verdict

    ids = _basis_ids()
    require(set(WEIGHTS) == set(ids), "WEIGHTS gives every criterion of the basis axis")
    weights = _weights(WEIGHTS)
    scores = criterion_scores(include_article=True)
    if how == "right":
        return float(verdict(weights, include_article=True).score)
    if how == "independent":
        return float(verdict(weights).score)
    if how == "default_weights":
        from coursekit.verdict import default_weights

        return float(verdict(default_weights(), include_article=True).score)
    if how == "unnormalised":
        return float(sum(weights[c] * scores[c] for c in ids))
    if how == "unweighted":
        return float(scores[ids].mean())
    if how == "all_axes":
        return float(sum(weights[c] * scores[c] for c in weights) / sum(weights.values()))
    if how == "rowwise":
        ev = _evidence()
        ev = ev[ev["criterion_id"].isin(ids)]
        w = ev["criterion_id"].map(weights)
        return float((w * ev["direction"] * ev["strength"] / 3).sum() / w.sum())
    if how == "no_divide":
        return 3 * float(verdict(weights, include_article=True).score)
    if how in ("old_five", "old_five_by_hand"):
        # the five weights the question gave before common_threat and economic_ties
        five = {c: w for c, w in WEIGHTS.items() if c not in NEW_CRITERIA}
        if how == "old_five":  # verdict() gives the two left out their default weights
            return float(verdict(five, include_article=True).score)
        return float(sum(w * scores[c] for c, w in five.items()) / sum(five.values()))
    if how == "lesson":  # the default verdict with the article's rows, as lesson 06 prints it
        return round(float(verdict(include_article=True).score), 2)
    raise ValueError(how)


def _flip(how: str = "right") -> float:
    """The weight of :data:`FLIP_CRITERION` at which the score is 0 (the others fixed)."""
    from coursekit.verdict import criterion_scores, flip_points

    weights = _weights(SCENARIO)
    scores = criterion_scores()
    s = float(scores[FLIP_CRITERION])
    basis = set(_basis_ids())  # A sums the basis axis only, as the learner does
    others = {c: w for c, w in weights.items() if c != FLIP_CRITERION and c in basis}
    A = sum(w * float(scores[c]) for c, w in others.items())
    if how == "right":
        at = flip_points(weights)[FLIP_CRITERION]
        require(at is not None,
                f"{FLIP_CRITERION} flips the verdict when durability weighs 5 and the "
                "common threat 1")
        return float(at)
    if how == "sign":
        return A / s
    if how == "all_axes":  # A summed over every weight, the commitment criteria too
        return -sum(w * float(scores[c]) for c, w in weights.items()
                    if c != FLIP_CRITERION) / s
    if how == "with_self":
        return -(A + weights[FLIP_CRITERION] * s) / s
    if how in SCENARIO:  # one of the scenario's weights left at its default
        forgot = _weights({c: w for c, w in SCENARIO.items() if c != how})
        A1 = sum(w * float(scores[c]) for c, w in forgot.items()
                 if c != FLIP_CRITERION and c in basis)
        return -A1 / s
    if how == "lesson":  # the lesson's worked example: shared goals at 0, the rest default
        return _flip_of(FLIP_CRITERION, {"shared_goals": 0})
    if how == "scenario_4":  # 06.4's scenario, which also sets institutions 5
        return _flip_of(FLIP_CRITERION, SCENARIO_4)
    if how in basis:  # another criterion's flip point in the same scenario
        return _flip_of(how, SCENARIO)
    if how == "defaults":
        defaults = _weights({})
        A0 = sum(w * float(scores[c]) for c, w in defaults.items()
                 if c != FLIP_CRITERION and c in basis)
        return -A0 / s
    raise ValueError(how)


def _flip_of(criterion: str, change: dict[str, float]) -> float:
    """flip_points of ``criterion`` with ``change`` made to the default weights."""
    from coursekit.verdict import flip_points

    at = flip_points(_weights(change))[criterion]
    require(at is not None, f"{criterion} flips the basis verdict with {change}")
    return float(at)


def _is_percentage_of_score(answer: object) -> bool:
    """06.2's score given in percent (−17.85 for −0.1785)."""
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(value - 100 * _score("right")) < 0.5


def _is_verdict_result(answer: object) -> bool:
    """The whole result of vd.verdict(...) (a VerdictResult) instead of its score."""
    return hasattr(answer, "score") and hasattr(answer, "label")


def _is_series(answer: object) -> bool:
    return type(answer).__name__ == "Series"


def _flippers_by(weights: dict[str, float], word: str) -> list[str]:
    """The criteria whose ``change`` says ``word`` ("lower" or "raise")."""
    from coursekit.verdict import sensitivity

    table = sensitivity(_weights(weights))
    return sorted(table.index[table["change"].str.startswith(word)])


def _axis_choice() -> str:
    """a, provided :data:`AXIS_ROW` counts on the basis axis, towards convenience."""
    from coursekit.verdict import load_criteria

    row = _evidence().set_index("evidence_id").loc[AXIS_ROW]
    axis = load_criteria().set_index("criterion_id").at[row["criterion_id"], "axis"]
    require(axis == "basis" and row["direction"] == -1,
            f"{AXIS_ROW} counts on the basis axis, towards convenience")
    require("Tartus" in row["claim"] and "not a party" in row["claim"],
            f"{AXIS_ROW} is Russia's Tartus agreement, to which Iran is not a party")
    return "a"


def _practice_flip() -> float:
    from coursekit.verdict import flip_points

    crit, change = PRACTICE_FLIP
    at = flip_points(_weights(change))[crit]
    require(at is not None, f"{crit} flips the basis verdict when shared goals weigh 0")
    return float(at)


def _flippers(weights: dict[str, float] | None, can: bool = True) -> list[str]:
    from coursekit.verdict import sensitivity

    table = sensitivity(None if weights is None else _weights(weights))
    mask = table["flip_at"].notna() if can else table["flip_at"].isna()
    return sorted(table.index[mask])


def _negative_criteria() -> list[str]:
    from coursekit.verdict import criterion_scores

    scores = criterion_scores()
    return sorted(scores.index[scores < 0])


def _june_choice() -> str:
    """d, provided the evidence records what rules it out and what the other readings rest on.

    06.6 is source analysis, not a single right interpretation: three readings of June
    2025 are defensible, and the learner finds the one the record contradicts.
    """
    ev = _evidence()
    june = ev[ev["fact_id"] == "F26"]
    require(not june.empty and (june["direction"] == -1).all(),
            "the F26 evidence (June 2025) points away from an alliance")
    require(june["claim"].str.contains("no military help").any(),
            "an F26 evidence row saying Russia gave no military help (rules out d)")
    treaty = ev[ev["fact_id"] == "F25"]
    require(treaty["claim"].str.contains("no mutual-defence clause").any(),
            "an F25 evidence row saying the 2025 treaty has no mutual-defence clause (b)")
    return "d"


# --------------------------------------------------------------------------- questions

#: The questions of this set, in order (registered on import).
QUESTIONS = QuestionSet()


QUESTIONS.add(
    Question(
        id="06.1",
        title="A criterion's score by hand",
        kind="number",
        points=1,
        precision=3,
        reference=lambda: _criterion_values("right"),
        wrong=[
            Wrong(lambda: _criterion_values("as_coded"),
                  "that is the score with V28 as the table codes it (+1, the score lesson 06 "
                  "prints); recode V28 first: direction −1, strength 1",
                  lazy=True),
            # V23 counted, V28 dropped instead of recoded, and the median all give −2/3:
            # the hint names the three (tests/test_set06.py checks the last two)
            Wrong(lambda: _criterion_values("with_article"),
                  "you counted V23, the article's own assertion: keep only the rows whose "
                  "origin is 'independent'. If you did, check that you recoded V28 (not "
                  "dropped it) and took the mean, not the median: both slips give this "
                  "value too",
                  lazy=True),
            Wrong(lambda: _criterion_values("no_divide"),
                  "you forgot to divide by 3: each row counts direction × strength / 3, so "
                  "that a strong (3) row counts ±1 and the score stays between −1 and +1",
                  lazy=True),
            Wrong(lambda: _criterion_values("sum"),
                  "that is the sum over the rows; the criterion's score is their mean "
                  "(.mean()), so that a criterion with more evidence does not count more",
                  lazy=True),
            Wrong(lambda: _criterion_values("direction"),
                  "you averaged the direction only; multiply each row's direction by its "
                  "strength / 3 first",
                  lazy=True),
            Wrong(lambda: _criterion_values("strength"),
                  "you left out the direction: a row pointing to convenience (−1) must "
                  "count against partnership",
                  lazy=True),
        ],
        hint="recode V28 (direction −1, strength 1), keep the evidence rows of 'israel' "
        "whose origin is 'independent', compute direction * strength / 3 for each, and "
        "take the mean",
    )
)

QUESTIONS.add(
    Question(
        id="06.2",
        title="The verdict with the article's own assertions counted",
        kind="number",
        points=2,
        precision=3,
        reference=lambda: _score("right"),
        wrong=[
            Wrong(lambda: _score("independent"),
                  "that is the default model, which leaves the article's own assertions "
                  "out: pass include_article=True to count them",
                  lazy=True),
            Wrong(lambda: _score("default_weights"),
                  "that is the score with the default weights; set the weights the question "
                  "gives (" + ", ".join(f"{c} {w}" for c, w in WEIGHTS.items()) + ")",
                  lazy=True),
            Wrong(lambda: _score("unnormalised"),
                  "you forgot to divide by the sum of the weights: the score is "
                  "Σ wᵢ·sᵢ / Σ wᵢ, a weighted mean between −1 and +1",
                  lazy=True),
            Wrong(lambda: _score("unweighted"),
                  "that is the plain mean of the seven criterion scores: the weights are "
                  "missing",
                  lazy=True),
            Wrong(lambda: _score("all_axes"),
                  "you mixed the two axes: the commitment criteria (defence obligation, "
                  "support against the other's enemies, military integration) belong to "
                  "alliance vs alignment; score the basis axis only — "
                  "vd.verdict(weights, include_article=True) does",
                  lazy=True),
            Wrong(lambda: _score("rowwise"),
                  "you weighted each evidence row, so criteria with many rows (17 for "
                  "trust) count more; first average the rows of each criterion, then "
                  "weight the seven criterion scores",
                  lazy=True),
            Wrong(lambda: _score("no_divide"),
                  "you forgot to divide direction × strength by 3: the score must stay "
                  "between −1 and +1",
                  lazy=True),
            Wrong(lambda: _score("old_five"),
                  "set all seven weights: common_threat and economic_ties too (left out, "
                  "verdict() gives them their default weights)",
                  lazy=True),
            Wrong(lambda: _score("old_five_by_hand"),
                  "set all seven weights: common_threat and economic_ties too (you summed "
                  "five criteria)",
                  lazy=True),
            Wrong(lambda: -_score("right"),
                  "check the sign: with the article's rows counted the score is below 0 "
                  "(towards convenience)",
                  lazy=True),
            Wrong(_is_percentage_of_score,
                  "give the score itself, between −1 and +1, not in percent",
                  example=-17.85),
            Wrong(lambda: _score("lesson"),
                  "that is the score lesson 06 prints, with the default weights; set the "
                  "weights the question gives",
                  lazy=True),
            Wrong(_is_verdict_result,
                  "that is the whole verdict (a VerdictResult): take `.score`, a float",
                  any_type=True,
                  example=SimpleNamespace(score=-0.1785, label="marriage of convenience")),
        ],
        hint="coursekit.verdict.verdict(weights, include_article=True).score (the basis "
        "axis), or by hand with every evidence row of its seven criteria: "
        "Σ weight × criterion score / Σ weight",
    )
)

QUESTIONS.add(
    Question(
        id="06.3",
        title="The weight that flips the verdict",
        kind="number",
        points=2,
        precision=2,
        reference=lambda: _flip("right"),
        wrong=[
            Wrong(lambda: _flip("defaults"),
                  "you kept the default weights: set 'durability' to 5 and "
                  "'common_threat' to 1 first (with the default weights, no weight of "
                  "trust flips the verdict)",
                  lazy=True),
            Wrong(lambda: _flip("sign"),
                  "check the sign: the score is 0 when A + x·s = 0, so x = −A / s "
                  "(a weight cannot be negative)",
                  lazy=True),
            Wrong(lambda: _flip("all_axes"),
                  "A sums the basis criteria only: leave the commitment criteria (defence "
                  "obligation, crisis support, military integration) out of it, as "
                  "flip_points does",
                  lazy=True),
            Wrong(lambda: _flip("with_self"),
                  "A must be the weighted sum of the *other* criteria: leave trust's own "
                  "contribution out of it",
                  lazy=True),
            Wrong(3,
                  "3 is trust's current weight, at which the verdict is still 'marriage of "
                  "convenience': find where the score crosses 0"),
            Wrong(lambda: _flip("lesson"),
                  "that is the lesson's example, with shared goals at 0; here shared goals "
                  "keep their default weight: set durability to 5 and common_threat to 1",
                  lazy=True),
            Wrong(lambda: _flip("israel"),
                  "that is the flip point of 'israel'; the question asks for trust's "
                  "('trust_legacy')",
                  lazy=True),
            Wrong(lambda: _flip("shared_goals"),
                  "that is the flip point of 'shared_goals'; the question asks for trust's "
                  "('trust_legacy')",
                  lazy=True),
            Wrong(lambda: _flip("scenario_4"),
                  "that is 06.4's scenario, with institutions at 5; here "
                  "institutions keep their default weight",
                  lazy=True),
            Wrong(lambda: _flip("durability"),
                  "you left durability at its default: set 'durability' to 5 as well as "
                  "'common_threat' to 1",
                  lazy=True),
            Wrong(lambda: _flip("common_threat"),
                  "you left the common threat at its default: set 'common_threat' to 1 as "
                  "well as 'durability' to 5",
                  lazy=True),
        ],
        hint="with weights = default weights, durability = 5 and common_threat = 1, "
        "coursekit.verdict.flip_points(weights)['trust_legacy']; or solve A + x·s = 0",
        none_hint=FLIP_NONE,
    )
)

QUESTIONS.add(
    Question(
        id="06.4",
        title="Which weights can flip the verdict on their own?",
        kind="set",
        points=1,
        reference=lambda: _flippers(SCENARIO_4),
        wrong=[
            Wrong(lambda: _flippers(None),
                  "that is the answer with the default weights, where no single weight "
                  "can flip the basis verdict; the question sets durability's weight to 5, "
                  "the common threat's to 1 and institutions' to 5 first",
                  lazy=True),
            Wrong(lambda: _flippers(SCENARIO),
                  "that is 06.3's scenario (institutions at their default); this "
                  "question also sets institutions to 5",
                  lazy=True),
            Wrong(lambda: _flippers(SCENARIO_4, can=False),
                  "those are the criteria that *cannot* flip it (flip_at is NaN): keep "
                  "the rows where flip_at is not missing",
                  lazy=True),
            Wrong(lambda: _negative_criteria(),
                  "those are the criteria whose evidence points to convenience; the "
                  "question asks which weight changes (0–5) flip the verdict: read the "
                  "flip_at column of sensitivity()",
                  lazy=True),
            Wrong(lambda: _flippers_by(SCENARIO_4, "lower"),
                  "a weight can also flip the verdict by rising: read the `change` column",
                  lazy=True),
            Wrong(_is_series,
                  "that is a pandas Series: the criterion ids are its index; keep the rows "
                  "that flip the verdict and take the index (list(s.index))",
                  any_type=True, example=pd.Series([2.4], index=["shared_goals"])),
        ],
        hint="coursekit.verdict.sensitivity(weights) with durability = 5, common_threat = 1 "
        "and institutions = 5: the criteria whose flip_at is not missing",
    )
)

QUESTIONS.add(
    Question(
        id="06.5",
        title="Reading an evidence row: which axis, which way?",
        kind="choice",
        points=1,
        choices={
            "a": "the basis axis, towards a marriage of convenience: Russia secured its "
            "own long-term institution in Syria without its partner",
            "b": "the commitment axis, towards alignment: the agreement binds Russia to "
            "nothing towards Iran",
            "c": "the basis axis, towards a strategic partnership: a 49-year agreement is "
            "a lasting framework",
            "d": "neither axis: an agreement with Damascus says nothing about Iran",
        },
        reference=_axis_choice,
        wrong=[
            Wrong("b", "look up V10's criterion in criteria.csv: 'institutions' is on the "
                  "basis axis; the commitment axis asks whether either side must fight "
                  "for the other"),
            Wrong("c", "V10's direction is −1: the lasting framework is Russia's with "
                  "Damascus, and Iran is not a party to it"),
            Wrong("d", "the course codes it as evidence (V10, source tass_tartus): a "
                  "partner that builds its long-term institutions without you is what a "
                  "marriage of convenience would lead one to expect"),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="06.6",
        title="June 2025: which reading does the record rule out?",
        kind="choice",
        points=1,
        choices={
            "a": "Russia avoided entrapment in Iran's war with Israel (Snyder); to Tehran "
            "that looked like abandonment",
            "b": "Russia owed Iran no help: the 2025 treaty has no mutual-defence clause, "
            "and it was not yet in force",
            "c": "Russia gave Iran words, not arms: it condemned the strikes and stayed "
            "out of the war",
            "d": "Russia balanced with Iran against Israel and the US by sending it arms "
            "at once",
        },
        reference=_june_choice,
        wrong=[
            Wrong("a", "that reading is defensible (Snyder's entrapment and abandonment), "
                  "and nothing in the record contradicts it; the question asks for the one "
                  "the record rules out"),
            Wrong("b", "the record supports it: evidence row V08 and fact F25 say the 2025 "
                  "treaty has no mutual-defence clause, and it entered into force only on "
                  "2 Oct 2025; look for the reading a row contradicts"),
            Wrong("c", "the record supports it: Putin called the strikes unprovoked "
                  "aggression (event E154) and Russia gave no military help (row V40, fact "
                  "F26); which reading does a row contradict?"),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="06.7",
        title="Your verdict, and what would flip it (written)",
        kind="written",
        words=(100, 170),
        points=2,
        reference=lambda: (
            "Weights justified from alliance theory; the resulting verdict; the single "
            "weight change that would flip it, and whether that change is defensible."
        ),
    )
)


# --------------------------------------------------------------------------- practice
# The "Try it" cells of lesson 06: checked like any question, never graded.

QUESTIONS.add(
    Question(
        id="06.p1",
        title="A commitment criterion by hand",
        kind="number",
        precision=3,
        reference=lambda: float(_criterion_scores()[PRACTICE_CRITERION]),
        wrong=[
            Wrong(lambda: 3 * float(_criterion_scores()[PRACTICE_CRITERION]),
                  "you forgot to divide by 3: each row counts direction × strength / 3",
                  lazy=True),
        ],
        hint="keep the independent rows of 'crisis_support', compute direction * strength "
        "/ 3 for each, and take the mean",
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="06.p2",
        title="The commitment axis with other weights",
        kind="number",
        precision=3,
        reference=lambda: float(
            _verdict(_weights(PRACTICE_WEIGHTS), axis="commitment").score),
        wrong=[
            Wrong(lambda: float(_verdict(_weights(PRACTICE_WEIGHTS)).score),
                  "that is the basis axis: pass axis=\"commitment\"", lazy=True),
        ],
        hint="vd.verdict(weights, axis=\"commitment\").score, with the three weights of "
        "the question",
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="06.p3",
        title="Another criterion's flip point",
        kind="number",
        precision=2,
        reference=_practice_flip,
        wrong=[
            Wrong(lambda: -_practice_flip(),
                  "check the sign: the score is 0 where A + x·s = 0, so x = −A / s",
                  lazy=True),
            Wrong(lambda: _flip_of(FLIP_CRITERION, dict(PRACTICE_FLIP[1])),
                  "that is the flip point of trust ('trust_legacy'), the lesson's worked "
                  "example; the question asks for 'israel'",
                  lazy=True),
        ],
        hint="A = Σ weight × score over the other basis criteria (shared goals at 0); "
        "x* = −A / s for 'israel'; or vd.flip_points(weights)['israel']",
        none_hint=FLIP_NONE,
        practice=True,
    )
)
