"""Exercise set 07 · Epilogue: scoring the article's forecasts.

Every reference answer is computed from :mod:`coursekit.forecasts` and the claims and
events tables, so the checks stay true when the data are corrected. Only the forecasts
whose ``resolution`` is ``happened`` or ``did_not_happen`` are scored; 07.3 asks what
scoring the void forecasts and the possibility as failures would do. Each auto-checked
question declares the wrong answers learners are likely to give — forgetting to square,
averaging absolute errors, scoring 1 − p, summing instead of averaging — computed the
way the mistake computes them, with a hint naming the mistake. 07.5 is a source-reading
item: which prediction the relations rows of 2021–2022 let Walt's balance of threat make.
The practice questions 07.p1–07.p4 are the lesson's "Try it" cells (never graded); 07.p4
tests the rival explanation in lesson 06's model, through the weight of ``common_threat``.

Over 500 lines: seven graded and four practice questions, each with the wrong answers a
learner is likely to give, computed by the helpers they share; splitting them would
separate a question from the mistakes it anticipates.
"""

from __future__ import annotations

from coursekit.checks.core import Question, QuestionSet, Wrong, events_with, require

#: Question 07.1: a sceptical reader's probabilities in autumn 2018, by claim id. Not the
#: example reader of lesson 07 (0.7, 0.8), whose score the lesson prints; every mistake
#: below gives a different number (0.16 right; 0.32 sum, 0.4 absolute, 0 unsquared,
#: 0.36 complement).
READER = {"C30": 0.4, "C32": 0.6}

#: Lesson 07's example reader (section 3), for the hint when 07.1 copies the lesson.
LESSON_READER = {"C30": 0.7, "C32": 0.8}

#: Question 07.2: a more cautious reading of the article's wording than the course's, by
#: claim id (Kent category). The course reads C32's unhedged "will determine" as almost
#: certain; this reading takes it as probable, like C30. The lesson prints the course's
#: reading (0.2837), so 07.2 must be computed.
CAUTIOUS = {"C32": "probable"}

#: Question 07.3: the forecasts an earlier version of the course scored, all of them
#: read on Kent's scale; the void ones and the possibility counted as "did not happen".
EARLIER = ("C29", "C30", "C32", "C35", "C36")

#: Question 07.4: a hedging reader added to the baselines table (not the lesson's example
#: reader, with whom "always 0.5" is best, as the lesson prints).
HEDGER = {"C30": 0.6, "C32": 0.7}

#: Practice 07.p1: another reader's probabilities (lesson 07, episode 3).
PRACTICE_READER = {"C30": 0.5, "C32": 0.9}

#: Practice 07.p2: the year whose common-threat score is asked (lesson 07, section 8).
PRACTICE_YEAR = 2020

#: The Western powers whose hostility counts towards a common threat (lesson 07, section 8).
WEST = ("usa", "eu", "uk")

#: Practice 07.p4 (lesson 07, section 8): a reader who sets shared goals aside and counts
#: the tie's survival beyond Syria most; the weight of ``common_threat`` at which the basis
#: verdict flips is asked.
PRACTICE_THREAT = {"shared_goals": 0, "durability": 5}


# --------------------------------------------------------------------------- helpers



def _table():
    from coursekit.forecasts import forecast_table

    table = forecast_table()
    require(not table.empty, "scored forecasts in the claims table")
    return table


def _earlier(without: tuple[str, ...] = ()) -> tuple[list[float], list[int]]:
    """The five forecasts scored the earlier way: void and possibility count as 0.

    ``without`` drops claims, to compute a near miss (e.g. C36 forgotten).
    """
    from coursekit.forecasts import SCORED, forecast_table

    table = forecast_table(include_unscored=True).set_index("claim_id")
    require(set(EARLIER) <= set(table.index), "the forecasts C29, C30, C32, C35, C36")
    rows = table.loc[[c for c in EARLIER if c not in without]]
    require(rows["implied"].notna().all(), "a Kent reading for each of the five")
    unscored = table.loc[list(EARLIER)]
    unscored = unscored[~unscored["resolution"].isin(SCORED)]
    require(set(unscored["resolution"]) == {"void", "possibility"},
            "the three left out are void (C29, C35) or a possibility (C36)")
    outcomes = rows["outcome"].fillna(0).astype(int).tolist()
    return rows["implied"].tolist(), outcomes


def _probs(which: str) -> tuple[list[float], list[int]]:
    if which == "earlier":
        return _earlier()
    if which == "earlier_without_c36":
        return _earlier(without=("C36",))
    table = _table()
    outcomes = table["outcome"].tolist()
    if which in ("reader", "lesson_reader"):
        reader = READER if which == "reader" else LESSON_READER
        missing = set(table["claim_id"]) - set(reader)
        require(not missing, "a reader probability for every resolved forecast")
        return [reader[c] for c in table["claim_id"]], outcomes
    if which == "cautious":
        from coursekit.forecasts import KENT_SCALE

        require(set(CAUTIOUS) <= set(table["claim_id"]), "the re-read forecasts are scored")
        implied = [KENT_SCALE[CAUTIOUS[c]] if c in CAUTIOUS else p
                   for c, p in zip(table["claim_id"], table["implied"])]
        return implied, outcomes
    return table["implied"].tolist(), outcomes


def _practice_score(how: str) -> float:
    table = _table()
    p = [PRACTICE_READER[c] for c in table["claim_id"]]
    o = table["outcome"].tolist()
    if how == "unsquared":
        return sum(pi - oi for pi, oi in zip(p, o)) / len(p)
    from coursekit.forecasts import brier_score

    return brier_score(p, o)


def _score(which: str, how: str = "right") -> float:
    """A Brier score computed right, or the way a common mistake computes it."""
    from coursekit.forecasts import brier_score

    p, o = _probs(which)
    n = len(p)
    if how == "right":
        return brier_score(p, o)
    if how == "unsquared":
        return sum(pi - oi for pi, oi in zip(p, o)) / n
    if how == "absolute":
        return sum(abs(pi - oi) for pi, oi in zip(p, o)) / n
    if how == "complement":
        return brier_score([1 - pi for pi in p], o)
    if how == "sum":
        return sum((pi - oi) ** 2 for pi, oi in zip(p, o))
    raise ValueError(how)


def _hostility(power: str, actor: str, year: int) -> int:
    """The strength of a hostile tie between two actors in a year (0 if none)."""
    from coursekit import alliance_network

    G = alliance_network(year)
    if not G.has_edge(power, actor) or G[power][actor]["sign"] > 0:
        return 0
    return int(G[power][actor]["strength"])


def common_threat(year: int) -> int:
    """Lesson 07's common-threat score of a year.

    The sum, over the Western powers (:data:`WEST`) hostile to both Iran and Russia that
    year, of the strengths of their two hostile ties.

    Examples
    --------
    >>> common_threat(2022) > common_threat(2021)
    True
    """
    total = 0
    for power in WEST:
        to_iran, to_russia = _hostility(power, "iran", year), _hostility(power, "russia", year)
        if to_iran and to_russia:
            total += to_iran + to_russia
    return total


def _threat_choice() -> str:
    """a, provided the relations record a common threat that grows from 2021 to 2022."""
    require(common_threat(2022) > common_threat(2021) > 0,
            "the common threat (Western powers hostile to both) grows from 2021 to 2022")
    require(_hostility("usa", "russia", 2022) > _hostility("usa", "russia", 2021),
            "the US-Russia tie turns more hostile in 2022")
    return "a"


def _iran_conflictual_share() -> float:
    """Practice 07.p3: the share of Iran's acts towards Russia from 2022 that are conflictual."""
    from coursekit import load_events, once_per_instrument

    ev = load_events()
    both = ["iran", "russia"]
    pair = once_per_instrument(ev[ev["actor_source"].isin(both) & ev["actor_target"].isin(both)])
    rows = pair[(pair["actor_source"] == "iran") & (pair["date"].dt.year >= 2022)]
    require(len(rows) >= 3, "Iran's acts towards Russia from 2022 in the events table")
    return float((rows["goldstein"] < 0).mean())


def _best_baseline_choice() -> str:
    """c, provided the hedging reader beats every baseline knowable in 2018, 'always 0.5'
    coming next and the article after it."""
    from coursekit.forecasts import score_baselines

    table = score_baselines(HEDGER)
    knowable = table[table["knowable_in_2018"]].set_index("baseline")["brier"]
    require(knowable.idxmin() == "your probabilities",
            "the hedging reader scores best among the forecasters knowable in 2018")
    require(knowable.drop("your probabilities").idxmin() == "always 0.5",
            "'always 0.5' is the best of the stated baselines")
    require(knowable["always 0.5"] < knowable["article's implied confidence"],
            "the article's implied confidence scores worse than 'always 0.5'")
    return "c"


def _treaty_in_force_choice() -> str:
    """d, provided the events date the treaty's entry into force after June 2025 and
    record that Russia condemned the strikes but gave Iran no military help."""
    import pandas as pd

    rows = events_with("F25")
    in_force = rows[rows["description"].str.contains("into force")]
    require(not in_force.empty, "an F25 event: the treaty enters into force")
    june = events_with("F26")
    require(in_force["date"].min() > june["date"].max(), "entry into force after June 2025")
    require(in_force["date"].min() == pd.Timestamp("2025-10-02"), "in force 2 Oct 2025")
    require(june["description"].str.contains("condemns").any()
            and june["description"].str.contains("no military help").any(),
            "an F26 event: Russia condemns the strikes but gives Iran no military help")
    return "d"


# --------------------------------------------------------------------------- questions

#: The questions of this set, in order (registered on import).
QUESTIONS = QuestionSet()


_MISTAKES = [
    ("unsquared",
     "you forgot to square: positive and negative errors cancel out. The Brier score "
     "is the mean of (p − outcome)²"),
    ("absolute",
     "that is the mean absolute error: square each difference instead of taking its "
     "absolute value"),
    ("complement",
     "you scored 1 − p: p is the probability that the forecast comes true, so compare "
     "it with outcome 1 when it happened, 0 when it did not"),
    ("sum",
     "that is the sum of the squared errors: divide by the number of forecasts (the "
     "Brier score is a mean)"),
]


def _wrongs(which: str, skip: tuple[str, ...] = ()) -> list[Wrong]:
    return [
        Wrong((lambda how=how: _score(which, how)), hint, lazy=True)
        for how, hint in _MISTAKES
        if how not in skip
    ]


QUESTIONS.add(
    Question(
        id="07.1",
        title="The Brier score of a reader's probabilities",
        kind="number",
        points=2,
        precision=3,
        reference=lambda: _score("reader"),
        wrong=[
            Wrong(lambda: _score("lesson_reader"),
                  f"that is the score of lesson 07's example reader ({LESSON_READER['C30']} "
                  f"and {LESSON_READER['C32']}); use this question's probabilities, "
                  f"{READER['C30']} for C30 and {READER['C32']} for C32",
                  lazy=True),
            Wrong(lambda: _score("article"),
                  "that is the score of the article's implied confidence, printed in lesson "
                  f"07; score this question's reader: {READER['C30']} for C30 and "
                  f"{READER['C32']} for C32",
                  lazy=True),
            *_wrongs("reader"),
        ],
        hint="match each probability to its forecast's outcome (forecast_table()), then "
        "take the mean of (p − outcome)²",
    )
)

QUESTIONS.add(
    Question(
        id="07.2",
        title="The Brier score of a cautious reading of the article",
        kind="number",
        points=2,
        precision=3,
        reference=lambda: _score("cautious"),
        wrong=[
            Wrong(lambda: _score("article"),
                  "that is the course's reading (C32 as almost certain, 0.93), which lesson "
                  "07 prints; read C32 as probable (0.75), like C30, and score again",
                  lazy=True),
            Wrong(lambda: round(_score("article"), 2),
                  "that is the course's reading (C32 as almost certain, 0.93) rounded, the "
                  "score lesson 07 prints; read C32 as probable (0.75), like C30, and score "
                  "again",
                  lazy=True),
            # 1 − p scores the same as p here (0.75 on one hit and one miss): not a hint
            Wrong(lambda: _score("cautious", "unsquared"),
                  "0.25 is what 'always 0.5' scores, and also what the cautious reading gives "
                  "without squaring: score the cautious reading (0.75 for both) with the "
                  "mean of (p − outcome)²",
                  lazy=True),
            *_wrongs("cautious", skip=("complement", "unsquared")),
        ],
        hint="take the 'implied' column of coursekit.forecasts.forecast_table(), replace "
        "C32's 0.93 with 0.75, then take the mean of (implied − outcome)²",
    )
)

QUESTIONS.add(
    Question(
        id="07.3",
        title="What the choice of claims does to the score",
        kind="number",
        points=1,
        precision=3,
        reference=lambda: _score("earlier"),
        wrong=[
            # the five claims without .fillna(0) give it too: the mean skips the three NaN
            Wrong(lambda: _score("article"),
                  "that is the score on the two scorable forecasts (lesson 07). If you kept "
                  "the five claims, the mean skipped the three whose outcome is missing "
                  "(NaN): fill the missing outcomes with 0 first (.fillna(0)), so that C29, "
                  "C35 and C36 count as 'did not happen'",
                  lazy=True),
            Wrong(lambda: _score("earlier_without_c36"),
                  "that is four forecasts, the void ones counted as failures (Lesson 07 "
                  "shows it); the earlier scoring also counted the possibility C36 "
                  "('could easily use') as 'did not happen': keep five claims",
                  lazy=True),
            *_wrongs("earlier"),
        ],
        hint="forecast_table(include_unscored=True): keep C29, C30, C32, C35 and C36, fill "
        "the missing outcomes with 0, then take the mean of (implied − outcome)²",
    )
)

QUESTIONS.add(
    Question(
        id="07.4",
        title="The best forecaster knowable in 2018, with a hedging reader added",
        kind="choice",
        points=1,
        choices={
            "a": "always 0.5",
            "b": "the article's implied confidence",
            "c": "the hedging reader's probabilities (0.6 for C30, 0.7 for C32)",
            "d": "everything happens (1.0)",
            "e": "the hindsight base rate",
        },
        reference=_best_baseline_choice,
        wrong=[
            Wrong("a", "that is the best without the hedging reader, as lesson 07 shows; "
                  "add the reader with forecasts.score_baselines(hedger) and read its row "
                  "'your probabilities'"),
            Wrong("d", "a Brier score is an error: lower is better, and 'everything "
                  "happens' scores 0.5, the worst with 'nothing happens'"),
            Wrong("e", "the hindsight base rate uses the outcomes, so nobody could state "
                  "it in 2018 (knowable_in_2018 is False)"),
            Wrong("b", "the article's implied confidence scores a little worse than "
                  "'always 0.5': it was confident that Idlib would fall"),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="07.5",
        title="A rival explanation: what balance of threat predicts",
        kind="choice",
        points=1,
        choices={
            "a": "the tie should deepen after 2022, because the threat both face from the "
            "United States grew; so its survival after Syria cannot by itself show a "
            "strategic partnership",
            "b": "the tie should weaken after 2022, because the Syrian war that created it "
            "was winding down",
            "c": "nothing: balance of threat is about the strongest power, not about threats",
            "d": "the tie should deepen after 2022, which proves that it is a strategic "
            "partnership",
        },
        reference=_threat_choice,
        wrong=[
            Wrong("b", "read the rows for russia–usa: the US tie with Russia turns from "
                  "hostility at strength 2 to strength 3 in 2022, while the US stays hostile to "
                  "Iran; a larger common threat predicts a closer tie, whatever happens in "
                  "Syria"),
            Wrong("c", "that is balance of power; Walt's balance of threat says states align "
                  "against the most threatening power (power, proximity, offensive "
                  "capability, intentions)"),
            Wrong("d", "if a growing common threat predicts the deepening, the deepening "
                  "cannot tell a threat-driven alignment from a strategic partnership: "
                  "that is what makes balance of threat a rival explanation"),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="07.6",
        title="June 2025, read from the event rows",
        kind="choice",
        points=1,
        choices={
            "a": "Russia invoked the treaty's mutual-defence clause and sent air-defence "
            "units to Iran",
            "b": "Russia did not react to the strikes",
            "c": "the treaty obliged Russia to stay neutral, so it condemned nobody",
            "d": "the treaty was not yet in force (it entered into force on 2 October "
            "2025); Russia condemned the strikes but gave Iran no military help",
        },
        reference=_treaty_in_force_choice,
        wrong=[
            Wrong("a", "read E138: Russia condemned the strikes but gave Iran no military "
                  "help; and E141 dates the treaty's entry into force to October 2025, "
                  "after the strikes"),
            Wrong("b", "Russia did react: it condemned the strikes (fact F26), in words"),
            Wrong("c", "Russia condemned the strikes; and the treaty was not yet in force "
                  "in June 2025"),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="07.7",
        title="Were the authors poor forecasters? (written)",
        kind="written",
        words=(100, 170),
        points=2,
        reference=lambda: (
            "Scored on its two clean forecasts the article's implied confidence does only "
            "narrowly worse than 'always 0.5' (about 0.28 against 0.25), because of Idlib; "
            "scoring the void forecasts and the possibility as failures makes it look "
            "worse (07.3). Two forecasts are far too few to judge skill, and hindsight "
            "makes the outcome look more predictable than it was."
        ),
    )
)


# --------------------------------------------------------------------------- practice
# The "Try it" cells of lesson 07: checked like any question, never graded.

QUESTIONS.add(
    Question(
        id="07.p1",
        title="Another reader's Brier score",
        kind="number",
        precision=3,
        reference=lambda: _practice_score("right"),
        wrong=[
            Wrong(lambda: _practice_score("unsquared"),
                  "you forgot to square: the Brier score is the mean of (p − outcome)²",
                  lazy=True),
        ],
        hint="match 0.5 to C30 and 0.9 to C32, then take the mean of (p − outcome)²",
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="07.p2",
        title="The common threat in one year",
        kind="number",
        reference=lambda: common_threat(PRACTICE_YEAR),
        wrong=[
            Wrong(lambda: sum(_hostility(p, "iran", PRACTICE_YEAR)
                              + _hostility(p, "russia", PRACTICE_YEAR) for p in WEST),
                  "that counts the EU and the UK too, which in 2020 are hostile to Russia only: a "
                  "common threat must be hostile to both",
                  lazy=True),
        ],
        hint="threat[threat['year'] == 2020]['common'].sum()",
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="07.p3",
        title="Trust from Iran's side, from 2022",
        kind="number",
        precision=2,
        reference=_iran_conflictual_share,
        wrong=[
            Wrong(lambda: 1 - _iran_conflictual_share(),
                  "that is the share of cooperative acts; the question asks for the "
                  "conflictual ones (Goldstein below 0)",
                  lazy=True),
        ],
        hint="keep Iran's acts (actor_source 'iran') from 2022 on, then take the mean of "
        "the conflictual column",
        practice=True,
    )
)


def _practice_threat(how: str = "right") -> float:
    """The weight of common_threat at which the basis verdict flips (07.p4), or a mistake's."""
    from coursekit.verdict import flip_points

    if how == "shared_goals_kept":  # by hand, shared goals left at their default weight
        from coursekit.verdict import complete_weights, criterion_scores, load_criteria

        weights = complete_weights({c: w for c, w in PRACTICE_THREAT.items()
                                    if c != "shared_goals"})
        scores = criterion_scores()
        basis = load_criteria().query("axis == 'basis'")["criterion_id"]
        A = sum(weights[c] * float(scores[c]) for c in basis if c != "common_threat")
        return -A / float(scores["common_threat"])
    weights = PRACTICE_THREAT if how == "right" else {"shared_goals": 0}
    at = flip_points(weights)["common_threat"]
    require(at is not None, "the common threat's weight can flip the basis verdict")
    return float(at)


def _default_threat_weight() -> float:
    from coursekit.verdict import default_weights

    return default_weights()["common_threat"]


QUESTIONS.add(
    Question(
        id="07.p4",
        title="How much can the common threat weigh?",
        kind="number",
        precision=2,
        reference=_practice_threat,
        wrong=[
            Wrong(lambda: _practice_threat("lesson"),
                  "that is the lesson's flip point, with durability at its default 4; set "
                  "durability to 5 as well",
                  lazy=True),
            Wrong(lambda: -_practice_threat(),
                  "check the sign: the score is 0 where A + x·s = 0, so x = −A / s",
                  lazy=True),
            Wrong(lambda: _default_threat_weight(),
                  "that is the common threat's default weight, not its flip point: find "
                  "where the score crosses 0",
                  lazy=True),
            Wrong(lambda: _practice_threat("shared_goals_kept"),
                  "set shared goals to 0 as well: this reader sets them aside",
                  lazy=True),
        ],
        hint="vd.flip_points({'shared_goals': 0, 'durability': 5})['common_threat']",
        none_hint="flip_points gives None when no weight in 0–5 flips the verdict; check "
        "the weights you set: shared_goals 0 and durability 5",
        practice=True,
    )
)
