"""Exercise set 01 (historical wariness): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, exploding answers, the set's size and points) are in
``tests/test_questions.py``. Here: forgiving answer forms, hints for answers no
``Wrong`` lists and the notebooks. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import pytest

import exercise_notebooks as notebooks
from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set01 import QUESTIONS

SLUG = "01-historical-wariness.ipynb"


def test_answers_are_forgiving_about_form():
    q2 = get_question("01.2").expected()
    assert check("01.1", 5.0).passed is True
    assert check("01.2", q2.round(2)).passed is True  # rounded to two decimals
    assert check("01.2", q2.to_dict()).passed is True  # a dict of era -> mean
    assert check("01.2", q2.to_frame()).passed is True  # a one-column table
    assert check("01.2", q2.iloc[::-1]).passed is True  # each value under its era, any order
    assert check("01.3", ("e139", "E115", "e114")).passed is True  # any order, case
    assert check("01.4", (2007, 2018)).passed is True
    assert check("01.5", "B)").passed is True


def test_reversed_years_get_the_order_hint():
    result = check("01.4", [2018, 2007])
    assert result.passed is False
    assert "order" in result.message


def test_every_summit_year_is_not_first_and_last():
    result = check("01.4", [2007, 2017, 2018])
    assert result.passed is False
    assert "every year" in result.message


def test_unlisted_wrong_answer_gets_the_generic_hint():
    result = check("01.1", 1000)
    assert result.passed is False
    assert result.message == f"not quite: {get_question('01.1').hint}"


# ---------------------------------------------------------------- the notebooks
def test_exercise_notebook_shows_no_solution_text():
    notebooks.assert_exercise_notebook_shows_no_solution_text(SLUG, min_lines=10)


def test_every_question_has_an_answer_and_a_check_cell_in_both_notebooks():
    notebooks.assert_answer_and_check_cells(SLUG, [q for q in QUESTIONS if not q.practice])


@pytest.mark.parametrize(
    "relabel",
    [
        pytest.param(lambda s: s.set_axis(list(s.index[::-1])), id="reversed-labels"),
        pytest.param(lambda s: s.set_axis(list(s.index[1:]) + [s.index[0]]), id="shifted-labels"),
        pytest.param(lambda s: s.set_axis([name.upper() for name in s.index]), id="other-labels"),
    ],
)
def test_era_labels_count(relabel):
    """01.2: the right five means under wrong, shifted or reversed era labels do not pass."""
    right = get_question("01.2").expected()
    result = check("01.2", relabel(right))
    assert result.passed is False
    assert result.points == 0


def test_plain_values_get_the_label_hint():
    """01.2: the five right means without their eras get the hint that names the labels."""
    values = get_question("01.2").expected().tolist()
    result = check("01.2", values)
    assert result.passed is False
    assert "label" in result.message


def test_the_lessons_answers_are_not_this_sets():
    """Transfer: the lesson's own cases (Iran–Russia minima, the top decade) get hints."""
    from coursekit import cooperation_index

    by_decade = cooperation_index("iran", "russia", by="decade")
    top_decade = int(by_decade[by_decade["events"] >= 2]["mean_goldstein"].idxmax())
    result = check("01.7", top_decade)
    assert result.passed is False
    assert "decade" in result.message
    result = check("01.3", ["E001", "E003", "E005", "E008"])
    assert result.passed is False
    assert "Iran–Russia" in result.message


def test_the_model_answer_keeps_its_own_word_limits():
    """01.8: the model answer is the solution's string and has as many words as it asks for."""
    import nbformat

    from coursekit.checks import set01

    low, high = set01.WORDS
    assert low <= len(set01.MODEL_ANSWER.split()) <= high
    solution = nbformat.read(notebooks.ROOT / "solutions" / SLUG, as_version=4)
    cell = next(c for c in solution.cells if c.cell_type == "code" and "answer_8 = " in c.source)
    assert cell.source.split('"""')[1].split() == set01.MODEL_ANSWER.split()


def test_source_analysis_wrong_readings_are_named():
    result = check("01.5", "a")
    assert result.passed is False and "CAMEO code" in result.message
    result = check("01.6", "b")
    assert result.passed is False and "never officially confirmed" in result.message
    assert check("01.6", "a").passed is True
