"""Exercise set 08 (reading the treaties): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms, hints for particular mistakes, and the exercise notebook
printing the same codings the checks use. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set08 import (
    STRICTER,
    STUDENT_A,
    STUDENT_B,
    categories_2025_after_recoding,
    recoded_provisions,
)
from coursekit.coding import (
    CATEGORIES,
    cohen_kappa,
    expected_agreement,
    obligation_profile,
    observed_agreement,
)
from coursekit.loaders import load_treaty_provisions

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [ROOT / folder / "08-reading-the-treaties.ipynb"
             for folder in ("exercises", "solutions")]


def test_answers_are_forgiving_about_form():
    assert check("08.2", ("Nonaggression", " neutrality")).passed is True
    assert check("08.3", 0.455).passed is True
    assert check("08.4", 0.30).passed is True
    assert check("08.5", "(B)").passed is True


@pytest.mark.parametrize(("recoding", "hint"), [
    ({}, "the course's own coding"),
    ({"P05": "none"}, "you recoded only P05"),
    ({"P08": "neutrality"}, "you recoded only P08"),
    ({"P05": "none", "P08": "none"}, "P08 becomes neutrality"),
    ({"P03": "none", "P05": "none", "P08": "neutrality"}, "lesson's stricter coder"),
])
def test_recoding_mistakes_get_their_hints(recoding, hint):
    """Each recoding mistake, profiled the way the learner profiles it, is named."""
    profile = obligation_profile(recoded_provisions(recoding))
    result = check("08.1", profile.drop(columns="none").sum())
    assert result.passed is False
    assert hint in result.message


def test_08_1_needs_both_recodings():
    """No shortcut (learner review, issue 12 item 2): recoding only P05 or only P08 fails."""
    full = obligation_profile(recoded_provisions()).drop(columns="none").sum()
    assert check("08.1", full).passed is True
    for only in ({"P05": "none"}, {"P08": "neutrality"}):
        one = obligation_profile(recoded_provisions(only)).drop(columns="none").sum()
        assert not one.equals(full)
        assert check("08.1", one).passed is False
    assert "total" in check("08.1", int(full.sum())).message


_P_E = expected_agreement(STUDENT_A, STUDENT_B)


@pytest.mark.parametrize("answer", [
    (0.45 - 0.223) / (1 - 0.223),      # p_o to two decimals, p_e to three
    (0.45 - _P_E) / (1 - _P_E),        # 08.3's accepted 0.45 reused, p_e unrounded
])
def test_kappa_from_rounded_inputs_gets_its_hint(answer):
    result = check("08.4", answer)
    assert result.passed is False
    assert "rounded before dividing" in result.message


@pytest.mark.parametrize("answer", [29.79, 29.8, 100 * 14 / 47])
def test_kappa_as_a_percentage_gets_its_hint(answer):
    result = check("08.4", answer)
    assert result.passed is False
    assert "not a percentage" in result.message


def _kappa_with(p_e: float) -> float:
    p_o = observed_agreement(STUDENT_A, STUDENT_B)
    return (p_o - p_e) / (1 - p_e)


def _shares(codes: list[str]) -> pd.Series:
    return pd.Series(codes).value_counts(normalize=True)


@pytest.mark.parametrize(("p_e", "hint"), [
    (float((_shares(STUDENT_A) ** 2).sum()), "you squared one coder's shares"),
    (float((_shares(STUDENT_B) ** 2).sum()), "you squared one coder's shares"),
    (float((_shares(STUDENT_A + STUDENT_B) ** 2).sum()), "that is Scott's pi: pooled shares"),
])
def test_other_chance_agreements_miss_kappa_and_get_their_hints(p_e, hint):
    """Learner review: with the earlier codings Σ(A's share)² equalled Σ A·B and Scott's pi
    fell within 08.4's tolerance, so both wrong methods passed. Each must miss by more than
    the tolerance and be named."""
    tolerance = get_question("08.4").tolerance
    assert abs(_kappa_with(p_e) - cohen_kappa(STUDENT_A, STUDENT_B)) > 2 * tolerance
    for answer in (_kappa_with(p_e), round(_kappa_with(p_e), 3)):
        result = check("08.4", answer)
        assert result.passed is False
        assert hint in result.message


def test_the_reference_kappa_and_its_rounding_pass():
    kappa = cohen_kappa(STUDENT_A, STUDENT_B)
    assert check("08.4", kappa).passed is True
    assert check("08.4", round(kappa, 2)).passed is True


@pytest.mark.parametrize(("answer", "hint"), [
    (pd.Series([1, 0, 2, 2, 1], index=list("abcde")), "the index should be the obligation"),
    (pd.Series([1, 0, 2, 2, 1]), "categories, defense, offense, neutrality"),
    ("value_counts", "(the profile's columns without none)"),
    ([1, 0, 2, 2, 1], "return a pandas Series indexed by category"),
    ((1, 0, 2, 2, 1), "return a pandas Series indexed by category"),
    ("drop zeros", "even one counted 0"),
])
def test_08_1_labels_are_checked(answer, hint):
    """Learner review: 08.1 compared values only, so any labels passed; a list got no tip."""
    if isinstance(answer, str) and answer == "drop zeros":
        right = get_question("08.1").expected()
        answer = right[right > 0]
    elif isinstance(answer, str):  # none kept, the categories counted 0 missing
        answer = recoded_provisions()["category"].value_counts()
    result = check("08.1", answer)
    assert result.passed is False
    assert hint in result.message


def test_08_1_passes_the_right_labels_in_any_order():
    right = get_question("08.1").expected()
    for answer in (right, right.sort_index(), right[::-1], right.to_dict()):
        assert check("08.1", answer).passed is True
    swapped = right.copy()
    swapped["defense"], swapped["nonaggression"] = right["nonaggression"], right["defense"]
    assert check("08.1", swapped).passed is False


@pytest.mark.parametrize("answer", [0.5, 5 / 10])
def test_08_3_over_ten_or_one_decimal_gets_its_hint(answer):
    result = check("08.3", answer)
    assert result.passed is False
    assert "all eleven provisions" in result.message


def test_recoding_works_on_a_copy():
    before = load_treaty_provisions()
    recoded = recoded_provisions()
    assert recoded.loc[recoded["provision_id"] == "P05", "category"].item() == "none"
    assert load_treaty_provisions().equals(before)
    assert categories_2025_after_recoding() == ["neutrality", "nonaggression"]


def test_recoding_an_unknown_provision_is_a_clear_error():
    with pytest.raises(LookupError, match="no provision P99"):
        recoded_provisions({"P99": "none"})


def test_student_codings_cover_every_provision_with_valid_codes():
    assert len(STUDENT_A) == len(STUDENT_B) == len(load_treaty_provisions())
    assert set(STUDENT_A) | set(STUDENT_B) <= set(CATEGORIES)
    assert set(STRICTER.values()) <= set(CATEGORIES)


def _assigned_lists(path: Path) -> dict[str, list[str]]:
    """The list literals assigned to student_a / student_b in a notebook's code cells."""
    found = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code" or "student_a" not in cell.source:
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                if node.targets[0].id in {"student_a", "student_b"}:
                    found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_notebook_prints_the_codings_the_checks_use(path):
    assert _assigned_lists(path) == {"student_a": STUDENT_A, "student_b": STUDENT_B}


# ------------------------------------------------------------------ 08.5 and 08.6 need the method
def test_only_one_reading_of_the_kappa_states_its_value():
    """Each choice of 08.5 that names a kappa names a different computation; only the right
    one names kappa itself, so the learner has to compute it to choose."""
    from coursekit.checks.set08 import (
        KAPPA_READING_CHOICES,
        KAPPA_READING_STATED,
        OTHER_PAIR,
    )

    p_o, p_e = OTHER_PAIR["p_o"], OTHER_PAIR["p_e"]
    values = {"p_o": p_o, "kappa": (p_o - p_e) / (1 - p_e), "p_o - p_e": p_o - p_e}
    for letter, computation in KAPPA_READING_STATED.items():
        stated = f"{values[computation]:.2f}"
        assert stated in KAPPA_READING_CHOICES[letter], (letter, stated)
    right = get_question("08.5").expected()
    assert KAPPA_READING_STATED[right] == "kappa"
    assert len(set(KAPPA_READING_STATED.values())) == len(KAPPA_READING_STATED)


@pytest.mark.parametrize(("answer", "hint"), [
    ("a", "0.90 is the raw agreement p_o"),
    ("c", "0.08 is p_o − p_e"),
    ("d", "kappa needs only p_o and p_e"),
])
def test_kappa_reading_mistakes_get_their_hints(answer, hint):
    result = check("08.5", answer)
    assert result.passed is False
    assert hint in result.message


def _flat(text: str) -> str:
    return " ".join(text.replace(">", " ").split())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_the_provision_to_code_is_the_checked_one_and_does_not_name_its_category(path):
    """08.6 quotes EXERCISE_PROVISION verbatim, and the provision does not contain the word
    'neutral': coding it means applying the definition, not matching a word."""
    from coursekit.checks.set08 import EXERCISE_PROVISION

    cells = [c.source for c in nbformat.read(path, as_version=4).cells
             if c.cell_type == "markdown" and "### Question 08.6" in c.source]
    assert len(cells) == 1
    assert _flat(EXERCISE_PROVISION) in _flat(cells[0])
    assert "neutral" not in EXERCISE_PROVISION.casefold()
    assert check("08.6", "neutrality").passed is True


def test_model_answer_does_not_treat_june_2025_as_a_test_of_a_treaty_in_force():
    """The 2025 treaty entered into force on 2 Oct 2025 (FACTS F25), after June 2025 (F26)."""
    from coursekit.checks.set08 import MODEL_ANSWER

    assert "June 2025 tested" not in MODEL_ANSWER
    assert "2 Oct 2025" in MODEL_ANSWER
    solution = nbformat.read(NOTEBOOKS[1], as_version=4)
    model = next(c.source for c in solution.cells if c.source.startswith("### BEGIN SOLUTION")
                 and "answer_7 =" in c.source)
    assert "2 Oct 2025" in model and "June 2025 tested" not in model


def test_the_profile_row_itself_gets_a_hint_for_08_2():
    """A learner who hands in profile.loc['ru_ir_2025'] (counts) is told to keep the names."""
    row = obligation_profile(recoded_provisions()).loc["ru_ir_2025"]
    result = check("08.2", row)
    assert result.passed is False
    assert "the row of counts" in result.message
    names = row.index[(row > 0) & (row.index != "none")]
    assert check("08.2", list(names)).passed is True


def test_guide_table_matches_the_set():
    """The instructor guide's table for set 08 lists each question with its kind and points,
    and names the mistakes the review added hints for."""
    guide = (ROOT / "instructors" / "guide.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in guide.splitlines()
            if line.startswith("| 08.")}
    for n in range(1, 8):
        question = get_question(f"08.{n}")
        cells = [c.strip() for c in rows[f"08.{n}"].split("|")]
        assert cells[2] == question.kind and int(cells[3]) == question.points
    assert "lesson's stricter coder" in rows["08.1"]
    assert "row of counts" in rows["08.2"]
    assert "rounded before dividing" in rows["08.4"]
    assert "0.08" in rows["08.5"]


@pytest.mark.parametrize("answer", [
    ["neutrality", "non-aggression"],
    ["Neutrality", "Non aggression"],
    ("neutrality", "non_aggression"),
])
def test_categories_spelt_as_in_the_prose_get_the_codes(answer):
    """The lesson's prose says 'non-aggression' and 'defence'; the codes are 'nonaggression'
    and 'defense'. The right categories spelt the prose's way are told the codes."""
    result = check("08.2", answer)
    assert result.passed is False
    assert "'nonaggression' (one word)" in result.message


def test_08_3_names_kappa_given_for_observed_agreement():
    from coursekit.checks.set08 import STUDENT_A, STUDENT_B
    from coursekit.coding import cohen_kappa

    result = check("08.3", round(cohen_kappa(STUDENT_A, STUDENT_B), 3))
    assert result.passed is False and "kappa" in result.message


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_set_08_links_to_both_neighbours(path):
    """Learner review: set 08 had no link on to set 09."""
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    for link in ("[← Exercise set 07](07-epilogue.ipynb)",
                 "[Exercise set 09 →](09-a-partnership-tested.ipynb)"):
        assert text.count(link) == 2, link
