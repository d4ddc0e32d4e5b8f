"""Exercise set 08 · Reading the treaties.

Every reference answer is computed from coursekit's data and functions
(:func:`coursekit.load_treaty_provisions`, :func:`coursekit.coding.obligation_profile`,
:func:`coursekit.coding.cohen_kappa`), so a change in the coding that changes an answer
shows up in the tests. Each auto-checked question lists the wrong answers learners are
likely to give, with a hint naming the mistake. Each applies the lesson's method to a
case the lesson did not print: a stricter recoding, two students' codings, another
pair of coders, a provision written for the exercise.

Questions
---------
08.1  provisions with each ATOP obligation after a stricter recoding (series)
08.2  the 2025 treaty's obligations after that recoding (set)
08.3  two students' observed agreement (number)
08.4  two students' Cohen's kappa (number)
08.5  reading a kappa: high raw agreement on a skewed coding (choice)
08.6  coding a provision written for the exercise (choice)
08.7  alliance or not? (written)
08.p1–08.p3  practice questions inside Lesson 08 (never graded): provisions with an
      obligation, treaties with a consultation pledge, kappa when only P05 is recoded

Over 500 lines: one exercise set is one module (the registry loads ``setNN``), and each of
its ten questions (seven graded, three practice) declares its wrong answers with the
computation that produces each and a hint naming the mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from coursekit.checks.core import Question, QuestionSet, Wrong
from coursekit.coding import (
    CATEGORIES,
    cohen_kappa,
    expected_agreement,
    obligation_profile,
    observed_agreement,
    strength_of_agreement,
)
from coursekit.loaders import load_treaty_provisions

__all__ = [
    "EXERCISE_PROVISION",
    "KAPPA_READING_CHOICES",
    "KAPPA_READING_STATED",
    "OTHER_PAIR",
    "QUESTIONS",
    "STRICTER",
    "STUDENT_A",
    "STUDENT_B",
    "recoded_provisions",
]

#: The stricter recoding of 08.1–08.2: provision id -> new category.
STRICTER: dict[str, str] = {"P05": "none", "P08": "neutrality"}

#: Two students' codings of provisions P01–P11, in order (printed in the exercise).
#: Student A reads more into the texts (P02 and P05 as defence), student B less (P05 as
#: none). The two students' shares differ enough that the common slips in p_e (squaring one
#: coder's shares; Scott's pooled shares) miss kappa by more than 08.4's tolerance: the
#: tests check it.
STUDENT_A: list[str] = [
    "none", "defense", "nonaggression", "none", "defense", "consultation",
    "defense", "neutrality", "none", "none", "nonaggression",
]
STUDENT_B: list[str] = [
    "none", "neutrality", "nonaggression", "consultation", "none", "consultation",
    "defense", "nonaggression", "consultation", "none", "none",
]

#: 08.5: another pair of coders, 40 provisions: observed and chance agreement.
OTHER_PAIR: dict[str, float] = {"items": 40, "p_o": 0.90, "p_e": 0.82}


# --------------------------------------------------------------------------- 08.1–08.2
def recoded_provisions(recoding: dict[str, str] | None = None) -> pd.DataFrame:
    """The course's coded provisions with some categories replaced (default: STRICTER)."""
    provisions = load_treaty_provisions()
    provisions["category"] = provisions["category"].astype(str)
    for pid, category in (STRICTER if recoding is None else recoding).items():
        mask = provisions["provision_id"] == pid
        if not mask.any():
            raise LookupError(f"no provision {pid} in the coded provisions")
        provisions.loc[mask, "category"] = category
    return provisions


def _with_obligation(provisions: pd.DataFrame) -> int:
    profile = obligation_profile(provisions)
    return int(profile.drop(columns="none").to_numpy().sum())


def _obligation_totals(recoding: dict[str, str] | None = None,
                       keep_none: bool = False) -> pd.Series:
    profile = obligation_profile(recoded_provisions(recoding))
    return profile.sum() if keep_none else profile.drop(columns="none").sum()


def obligations_after_recoding() -> pd.Series:
    """How many provisions of the three treaties carry each ATOP obligation after STRICTER.

    Both recodings move a count (P05 leaves consultation, P08 moves from nonaggression to
    neutrality), so recoding only one of them gives another answer.
    """
    return _obligation_totals()


def _obligations_both_to_none() -> pd.Series:
    return _obligation_totals({pid: "none" for pid in STRICTER})


def _is_the_total(answer) -> bool:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return False
    return answer == _with_obligation(recoded_provisions())


def _categories_2025(provisions: pd.DataFrame, keep_none: bool = False) -> list[str]:
    profile = obligation_profile(provisions)
    row = profile.loc["ru_ir_2025"]
    return sorted(c for c in row.index[row > 0] if keep_none or c != "none")


def categories_2025_after_recoding() -> list[str]:
    """The ATOP categories present in the 2025 Russia-Iran treaty after STRICTER."""
    return _categories_2025(recoded_provisions())


def _categories_2025_as_coded() -> list[str]:
    return _categories_2025(recoded_provisions({}))


def _categories_2025_with_none() -> list[str]:
    return _categories_2025(recoded_provisions(), keep_none=True)


def _categories_dprk_after_recoding() -> list[str]:
    profile = obligation_profile(recoded_provisions())
    row = profile.loc["ru_kp_2024"]
    return sorted(c for c in row.index[row > 0] if c != "none")


def _as_items(answer: Any) -> set[str] | None:
    if isinstance(answer, str | bytes) or not isinstance(answer, Iterable):
        return None
    return {str(x).strip().casefold() for x in answer}


def _is_single_category(answer: Any) -> bool:
    return isinstance(answer, str) and answer.strip().casefold() in CATEGORIES


def _is_profile_row(answer: Any) -> bool:
    """The row of counts itself (a Series indexed by category), not the category names."""
    return (isinstance(answer, pd.Series) and len(answer) > 0
            and {str(c) for c in answer.index} <= set(CATEGORIES)
            and pd.api.types.is_numeric_dtype(answer))


def _code_spelling(item: Any) -> str:
    """A category as learners may write it from the prose: 'non-aggression', 'defence'."""
    word = "".join(str(item).casefold().replace("-", " ").replace("_", " ").split())
    return {"defence": "defense", "offence": "offense"}.get(word, word)


def _misspelt_categories(answer: Any) -> bool:
    """The right categories, spelt as in the prose rather than as the data codes them."""
    items = _as_items(answer)
    if items is None:
        return False
    reference = set(categories_2025_after_recoding())
    return items != reference and {_code_spelling(x) for x in items} == reference


#: 08.1's labels: the obligation categories, in the profile's order.
OBLIGATIONS: tuple[str, ...] = tuple(c for c in CATEGORIES if c != "none")


def _labels(answer: Any) -> set[str] | None:
    if not isinstance(answer, pd.Series):
        return None
    return {str(x).strip().casefold() for x in answer.index}


def _drops_zero_counts(answer: Any) -> bool:
    """Some of the categories, without those counted 0 (e.g. ``totals[totals > 0]``)."""
    labels = _labels(answer)
    return labels is not None and bool(labels) and labels < set(OBLIGATIONS)


def _not_labelled_by_category(answer: Any) -> bool:
    """A Series whose index is not the obligation categories (e.g. 0–4, other names, or
    value_counts() with none and without the categories counted 0)."""
    labels = _labels(answer)
    return labels is not None and labels != set(OBLIGATIONS)


def _is_plain_sequence(answer: Any) -> bool:
    """The counts as a list, tuple or array: no category labels."""
    import numpy as np

    return isinstance(answer, list | tuple | np.ndarray) and not isinstance(answer, str)


_EXAMPLE_PROFILE_ROW = pd.Series([0, 0, 1, 1, 0, 3], index=list(CATEGORIES), name="ru_ir_2025")


# --------------------------------------------------------------------------- 08.3–08.4
def students_observed() -> float:
    """Observed agreement (p_o) between STUDENT_A and STUDENT_B."""
    return observed_agreement(STUDENT_A, STUDENT_B)


def students_kappa() -> float:
    """Cohen's kappa between STUDENT_A and STUDENT_B."""
    return cohen_kappa(STUDENT_A, STUDENT_B)


def _agreeing_count() -> int:
    return sum(a == b for a, b in zip(STUDENT_A, STUDENT_B, strict=True))


def _disagreement_share() -> float:
    return 1.0 - students_observed()


def _students_chance() -> float:
    return expected_agreement(STUDENT_A, STUDENT_B)


def _is_percentage(reference: Any) -> Any:
    def predicate(answer: Any) -> bool:
        try:
            return abs(float(answer) - 100 * reference()) < 0.6
        except (TypeError, ValueError):
            return False
    return predicate


def _uniform_chance_kappa(answer: Any) -> bool:
    """Kappa with chance agreement 1/k (k = 5 categories used, or all 6)."""
    p_o = students_observed()
    for k in (len(set(STUDENT_A) | set(STUDENT_B)), len(CATEGORIES)):
        if abs(float(answer) - (p_o - 1 / k) / (1 - 1 / k)) < 0.004:
            return True
    return False


def _rounded_too_early(answer: Any) -> bool:
    """Kappa from p_o and/or p_e rounded to two decimals first (e.g. 08.3's 0.45 reused)."""
    p_o, p_e = students_observed(), _students_chance()
    for o, e in ((round(p_o, 2), p_e), (p_o, round(p_e, 2)), (round(p_o, 2), round(p_e, 2))):
        if abs(float(answer) - (o - e) / (1 - e)) < 0.002:
            return True
    return False


def _kappa_with_chance(p_e: float) -> float:
    return (students_observed() - p_e) / (1 - p_e)


def _shares(codes: list[str]) -> pd.Series:
    return pd.Series(codes).value_counts(normalize=True)


def _one_coder_squared_kappas() -> tuple[float, float]:
    """Kappa with p_e from one coder's shares squared (student A's, then student B's)."""
    return tuple(_kappa_with_chance(float((_shares(c) ** 2).sum()))
                 for c in (STUDENT_A, STUDENT_B))


def _one_coder_squared(answer: Any) -> bool:
    """p_e = Σ share², one student's shares squared instead of A's times B's."""
    return any(abs(float(answer) - k) < 0.005 for k in _one_coder_squared_kappas())


def scotts_pi() -> float:
    """Scott's pi: p_e from the two students' codes pooled, Σ (pooled share)²."""
    return _kappa_with_chance(float((_shares(STUDENT_A + STUDENT_B) ** 2).sum()))


def _n_minus_one_share() -> float:
    """The agreements divided by ten, one fewer than the eleven provisions."""
    return _agreeing_count() / (len(STUDENT_A) - 1)


def _example_rounded_too_early() -> float:
    p_e = _students_chance()
    return round((round(students_observed(), 2) - p_e) / (1 - p_e), 4)


def _example_uniform_kappa() -> float:
    p_o = students_observed()
    k = len(set(STUDENT_A) | set(STUDENT_B))
    return round((p_o - 1 / k) / (1 - 1 / k), 4)


# --------------------------------------------------------------------------- 08.5
KAPPA_READING_CHOICES = {
    "a": "Kappa is 0.90, almost perfect: they agree on 90% of the provisions.",
    "b": "Kappa is about 0.44, moderate: most of the 90% is the agreement two coders would "
         "reach by chance when nearly every provision is coded none.",
    "c": "Kappa is about 0.08, slight: the coders agree only 8 points more often than "
         "chance would predict.",
    "d": "Kappa cannot be computed from p_o and p_e; it needs the whole agreement table.",
}

#: The value of kappa each choice states, and the computation that gives it (for the tests:
#: only one choice may state the real kappa, so the learner has to compute it to choose).
KAPPA_READING_STATED = {"a": "p_o", "b": "kappa", "c": "p_o - p_e"}

_LABEL_TO_CHOICE = {"moderate": "b", "almost perfect": "a", "slight": "c"}


def kappa_reading() -> str:
    """The option that matches kappa computed from OTHER_PAIR and its Landis-Koch label."""
    p_o, p_e = OTHER_PAIR["p_o"], OTHER_PAIR["p_e"]
    kappa = (p_o - p_e) / (1 - p_e)
    label = strength_of_agreement(kappa)
    if label not in _LABEL_TO_CHOICE or abs(kappa - 0.44) > 0.01:
        raise LookupError(f"kappa {kappa:.3f} ({label}) matches no option")
    return _LABEL_TO_CHOICE[label]


# --------------------------------------------------------------------------- 08.6
PROVISION_CHOICES = {
    "a": "defense",
    "b": "neutrality",
    "c": "nonaggression",
    "d": "consultation",
}

#: 08.6: a provision written for the exercise (not from the three treaties). It avoids the
#: word "neutral", so the learner has to apply the definition, not match a word.
EXERCISE_PROVISION = (
    "Should either Party become involved in hostilities with a third state, the other Party "
    "shall take no part in them and shall give that state no assistance of any kind for as "
    "long as they last."
)


def coded_exercise_provision() -> str:
    """:data:`EXERCISE_PROVISION` promises to stay out of the partner's war with a third
    state and not to help that state: ATOP's neutrality obligation (choice b)."""
    return "b"


# --------------------------------------------------------------------------- 08.7
MODEL_ANSWER = (
    "Only the 2024 Russia-DPRK treaty is a defence pact in ATOP's terms: Article 4 promises "
    "immediate military and other assistance if either party is attacked, a defence "
    "obligation, with crisis consultation in Article 3. The 2025 Russia-Iran treaty has no "
    "defence article: its Article 3(3) only promises not to help an aggressor (neutrality), "
    "3(4) keeps each territory from being used against the other (non-aggression), and 5(4) "
    "is at most a consultation pledge, so ATOP's wide definition would count it only as a "
    "neutrality and non-aggression pact. Rudenko's words to the Duma on 8 Apr 2025 match the "
    "coded text; Zakharova's 'not a Western-style alliance' for the DPRK treaty is a claim "
    "about intent that Article 4 does not bear out. The coding cannot say whether either "
    "pledge would be honoured (June 2025 came before the Iran treaty entered into force on "
    "2 Oct 2025, and its text promised no help anyway), and it codes only the articles the "
    "course could find."
)


# --------------------------------------------------------------------------- registry
QUESTIONS = QuestionSet([
    Question(
        id="08.1",
        title="Obligations after a stricter recoding",
        kind="series",
        points=1,
        reference=obligations_after_recoding,
        check_index=True,
        wrong=[
            Wrong(lambda: _obligation_totals({}),
                  "that is the course's own coding: apply the recoding (P05 → none, P08 → "
                  "neutrality) to a copy of the provisions before you profile them", lazy=True),
            Wrong(lambda: _obligation_totals({"P05": "none"}),
                  "you recoded only P05: P08 becomes neutrality too", lazy=True),
            Wrong(lambda: _obligation_totals({"P08": "neutrality"}),
                  "you recoded only P08: P05 becomes none too", lazy=True),
            Wrong(_obligations_both_to_none,
                  "P08 becomes neutrality, not none: neutrality is an ATOP obligation too",
                  lazy=True),
            Wrong(lambda: _obligation_totals({"P03": "none", "P05": "none",
                                              "P08": "neutrality"}),
                  "that is the lesson's stricter coder: this question recodes only P05 and "
                  "P08, not P03", lazy=True),
            Wrong(lambda: _obligation_totals(None, keep_none=True),
                  "leave out the none column: it counts provisions without an obligation",
                  lazy=True),
            Wrong(_is_the_total,
                  "that is the total over all obligations; give the count of each obligation "
                  "as a Series: profile.drop(columns='none').sum()",
                  any_type=True, example=6),
            Wrong(_is_plain_sequence,
                  "return a pandas Series indexed by category, not a plain list: "
                  "profile.drop(columns='none').sum(), or recoded['category']"
                  ".value_counts().reindex(coding.CATEGORIES[:-1], fill_value=0)",
                  any_type=True, example=[1, 0, 2, 2, 1]),
            Wrong(_drops_zero_counts,
                  "keep every obligation category, even one counted 0: the index should be "
                  + ", ".join(OBLIGATIONS),
                  example=pd.Series([1, 2, 2, 1], index=["defense", "neutrality",
                                                         "nonaggression", "consultation"])),
            Wrong(_not_labelled_by_category,
                  "the index should be the obligation categories, "
                  + ", ".join(OBLIGATIONS) + " (the profile's columns without none)",
                  example=pd.Series([1, 0, 2, 2, 1], index=list("abcde"))),
        ],
        hint="recode with provisions.loc[provisions['provision_id'] == 'P05', 'category'] = "
             "'none' (and P08), then profile.drop(columns='none').sum()",
    ),
    Question(
        id="08.2",
        title="The 2025 treaty's obligations after the recoding",
        kind="set",
        points=1,
        reference=categories_2025_after_recoding,
        wrong=[
            Wrong(_is_single_category,
                  "give a list of categories: more than one may apply", any_type=True,
                  example="neutrality"),
            Wrong(_misspelt_categories,
                  "the right categories, but write them as the data codes them: "
                  "'nonaggression' (one word), 'defense' and 'offense' (US spelling)",
                  example=["neutrality", "non-aggression"]),
            Wrong(_is_profile_row,
                  "that is the row of counts; the answer is the names of the categories "
                  "counted above zero: [c for c in row.index if row[c] > 0 and c != 'none']",
                  example=_EXAMPLE_PROFILE_ROW),
            Wrong(_categories_2025_as_coded,
                  "that is the course's coding: after the recoding P05 (Article 5(4)) is none",
                  lazy=True),
            Wrong(_categories_2025_with_none,
                  "none is not an obligation: it marks provisions with no wartime commitment",
                  lazy=True),
            Wrong(_categories_dprk_after_recoding,
                  "those are the Russia–DPRK treaty's categories (ru_kp_2024); take the row "
                  "ru_ir_2025", lazy=True),
        ],
        hint="take the row 'ru_ir_2025' of obligation_profile(recoded) and keep the "
             "categories other than none with a count above zero",
    ),
    Question(
        id="08.3",
        title="Two students' observed agreement",
        kind="number",
        points=1,
        reference=students_observed,
        tolerance=0.005,
        wrong=[
            Wrong(_agreeing_count,
                  "that is the number of agreements: divide by the number of provisions",
                  lazy=True),
            Wrong(_is_percentage(students_observed),
                  "give a share between 0 and 1, not a percentage", example=45.45),
            Wrong(_n_minus_one_share,
                  "divide the number of matches by all eleven provisions (P01–P11), and keep "
                  "two decimals: 0.5 is the matches over ten, or the share rounded to one "
                  "decimal", lazy=True),
            Wrong(_disagreement_share,
                  "that is the share of disagreements: count the provisions they code alike",
                  lazy=True),
            Wrong(_students_chance,
                  "that is the agreement expected by chance (p_e); the question asks for the "
                  "observed agreement (p_o)", lazy=True),
            Wrong(students_kappa,
                  "that is Cohen's kappa, which removes chance agreement; the question asks "
                  "for the observed agreement p_o: the share of provisions coded alike",
                  lazy=True),
        ],
        hint="compare the two lists position by position and divide the number of matches "
             "by the number of provisions (coursekit.coding.observed_agreement)",
    ),
    Question(
        id="08.4",
        title="Two students' Cohen's kappa",
        kind="number",
        points=2,
        reference=students_kappa,
        tolerance=0.005,
        wrong=[
            Wrong(students_observed,
                  "that is the raw agreement p_o; kappa removes the agreement expected by "
                  "chance: (p_o − p_e) / (1 − p_e)", lazy=True),
            Wrong(_students_chance,
                  "that is p_e, the chance agreement; kappa is (p_o − p_e) / (1 − p_e)",
                  lazy=True),
            Wrong(_is_percentage(students_kappa),
                  "give kappa as a number between −1 and 1, not a percentage",
                  example=round(100 * students_kappa(), 2)),
            Wrong(_one_coder_squared,
                  "you squared one coder's shares: p_e multiplies student A's share of each "
                  "category by student B's share of it, then adds the products",
                  example=round(_one_coder_squared_kappas()[0], 4)),
            Wrong(scotts_pi,
                  "that is Scott's pi: pooled shares (both students' codes counted together) "
                  "give one p_e for both; Cohen's kappa multiplies each student's own shares",
                  lazy=True),
            Wrong(_rounded_too_early,
                  "close, but p_o or p_e was rounded before dividing: keep them unrounded "
                  "(or to three decimals) and round only kappa",
                  example=_example_rounded_too_early()),
            Wrong(_uniform_chance_kappa,
                  "you assumed every category equally likely by chance; p_e uses each "
                  "coder's own shares (multiply them category by category and add)",
                  example=_example_uniform_kappa()),
        ],
        hint="coursekit.coding.cohen_kappa(student_a, student_b), or by hand: "
             "(p_o − p_e) / (1 − p_e)",
    ),
    Question(
        id="08.5",
        title="Reading a kappa: 90% agreement",
        kind="choice",
        points=1,
        reference=kappa_reading,
        choices=KAPPA_READING_CHOICES,
        wrong=[
            Wrong("a", "0.90 is the raw agreement p_o, not kappa: compute "
                       "(0.90 − 0.82) / (1 − 0.82) before judging reliability"),
            Wrong("c", "0.08 is p_o − p_e; kappa divides it by 1 − p_e, the most agreement "
                       "possible beyond chance"),
            Wrong("d", "kappa needs only p_o and p_e: (p_o − p_e) / (1 − p_e)"),
        ],
    ),
    Question(
        id="08.6",
        title="Code a provision yourself",
        kind="choice",
        points=1,
        reference=coded_exercise_provision,
        choices=PROVISION_CHOICES,
        wrong=[
            Wrong("a", "a defence obligation promises to fight beside the partner; this one "
                       "only promises to stay out of the war and not to help the other side"),
            Wrong("c", "non-aggression is a promise not to attack each other; this provision "
                       "is about a war with a third state"),
            Wrong("d", "nothing here promises to consult: it fixes the partner's conduct in "
                       "the war outright"),
        ],
    ),
    Question(
        id="08.7",
        title="Alliance or not?",
        kind="written",
        points=3,
        words=(120, 200),
        reference=lambda: MODEL_ANSWER,
    ),
])


# --------------------------------------------------------------------------- practice
# Practice questions inside Lesson 08 (ids 08.pK): checked like the others, never graded.


def _coded(category_test) -> int:
    provisions = load_treaty_provisions()
    return int(category_test(provisions["category"].astype(str)).sum())


def _treaties_with(category: str) -> list[str]:
    profile = obligation_profile()
    return sorted(profile.index[profile[category] > 0])


def _one_change() -> tuple[pd.Series, pd.Series]:
    """The course's coding and a coder who differs only on P05 (coded none)."""
    course = load_treaty_provisions().set_index("provision_id")["category"].astype(str)
    other = course.copy()
    other["P05"] = "none"
    return course, other


def one_change_kappa() -> float:
    """Cohen's kappa between the course's coding and one that recodes only P05 as none."""
    return cohen_kappa(*_one_change())


def _lesson_stricter_kappa() -> float:
    course, other = _one_change()
    other[["P03", "P05"]] = "none"
    other["P08"] = "neutrality"
    return cohen_kappa(course, other)


QUESTIONS.add(
    Question(
        id="08.p1",
        title="Provisions with an obligation",
        kind="number",
        reference=lambda: _coded(lambda c: c != "none"),
        wrong=[
            Wrong(lambda: _coded(lambda c: c == c), "that is every coded provision; leave "
                  "out those coded none", lazy=True),
            Wrong(lambda: _coded(lambda c: c == "none"), "that is the number coded none; "
                  "the question asks for the others", lazy=True),
        ],
        hint='(provisions["category"] != "none").sum()',
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="08.p2",
        title="Treaties with a consultation obligation",
        kind="set",
        reference=lambda: _treaties_with("consultation"),
        wrong=[
            Wrong(lambda: _treaties_with("defense"), "those are the treaties with a defence "
                  "obligation; look at the consultation column", lazy=True),
            Wrong(lambda: sorted(obligation_profile().index), "that is every treaty; keep "
                  "those whose consultation count is above 0", lazy=True),
        ],
        hint='list(profile.index[profile["consultation"] > 0])',
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="08.p3",
        title="Kappa when one provision is recoded",
        kind="number",
        reference=one_change_kappa,
        tolerance=0.005,
        wrong=[
            Wrong(lambda: observed_agreement(*_one_change()), "that is the observed "
                  "agreement p_o; kappa corrects it for chance", lazy=True),
            Wrong(_lesson_stricter_kappa, "that is the lesson's stricter coder (three "
                  "changes); this coder changes only P05", lazy=True),
        ],
        hint='other = course.copy(); other["P05"] = "none"; coding.cohen_kappa(course, other)',
        practice=True,
    )
)
