"""Exercise set 01 (historical wariness): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, exploding answers, the set's size and points) are in
``tests/test_questions.py``. Here: forgiving answer forms, hints for answers no
``Wrong`` lists and the notebooks. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import exercise_notebooks as notebooks
from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set01 import QUESTIONS

SLUG = "01-historical-wariness.ipynb"


def test_answers_are_forgiving_about_form():
    q2 = get_question("01.2").expected()
    assert check("01.1", 26.0).passed is True
    assert check("01.2", q2.round(2)).passed is True  # rounded to two decimals
    assert check("01.2", q2.to_dict()).passed is True  # a dict of era -> mean
    assert check("01.2", q2.to_frame()).passed is True  # a one-column table
    assert check("01.3", ("e008", "E005", "E003", "E001")).passed is True  # any order, case
    assert check("01.4", (2010, 2016)).passed is True
    assert check("01.5", "B)").passed is True


def test_reversed_years_get_the_order_hint():
    result = check("01.4", [2016, 2010])
    assert result.passed is False
    assert "order" in result.message


def test_unlisted_wrong_answer_gets_the_generic_hint():
    result = check("01.1", 1000)
    assert result.passed is False
    assert result.message == f"not quite: {get_question('01.1').hint}"


# ---------------------------------------------------------------- the notebooks
def test_exercise_notebook_shows_no_solution_text():
    notebooks.assert_exercise_notebook_shows_no_solution_text(SLUG, min_lines=10)


def test_every_question_has_an_answer_and_a_check_cell_in_both_notebooks():
    notebooks.assert_answer_and_check_cells(SLUG, QUESTIONS)


def test_counting_every_treaty_stage_gets_its_own_hint():
    """Counted once per agreement (the codebook's rule), the 2000s top the chart; counting
    the four rows of the 2025 treaty puts the 2020s on top: a hint, not a pass."""
    from coursekit import cooperation_index

    every_stage = cooperation_index("iran", "russia", by="decade", once=False)
    shown = every_stage[every_stage["events"] >= 2]
    wrong = int(shown["mean_goldstein"].idxmax())
    assert wrong == 2020
    result = check("01.7", wrong)
    assert result.passed is False
    assert "2025 treaty" in result.message
