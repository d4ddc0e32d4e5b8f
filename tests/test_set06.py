"""Exercise set 06 (the verdict): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms, hints for answers no ``Wrong`` lists, the given weights,
and the notebooks. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import exercise_notebooks as notebooks
from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set06 import QUESTIONS

SLUG = "06-the-verdict.ipynb"


def test_unlisted_wrong_answer_gets_the_generic_hint():
    result = check("06.1", 0.987)
    assert result.passed is False
    assert result.message == f"not quite: {get_question('06.1').hint}"


def test_answers_are_forgiving_about_form():
    assert check("06.1", round(get_question("06.1").expected(), 3)).passed is True
    assert check("06.3", round(get_question("06.3").expected(), 2)).passed is True
    assert check("06.4", ("Israel", "shared_goals", "trust_legacy", "Common_Threat",
                          "economic_ties")).passed
    assert check("06.5", "A)").passed is True


def test_keeping_v28_as_coded_gets_its_own_hint():
    from coursekit.verdict import criterion_scores

    result = check("06.1", round(float(criterion_scores()["israel"]), 4))
    assert result.passed is False
    assert "V28" in result.message


def test_the_lesson_does_not_print_the_answers_of_06_1_and_06_2():
    """The numeric answers must be computed, not copied from lesson 06's outputs."""
    import json
    from pathlib import Path

    lesson = Path(__file__).resolve().parents[1] / "lessons" / SLUG
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    printed = json.dumps([c.get("outputs", []) for c in cells])
    for qid in ("06.1", "06.2"):
        answer = get_question(qid).expected()
        for text in (f"{answer:.4f}", f"{answer:.3f}"):
            assert text not in printed, qid


def test_the_article_rows_move_the_verdict_of_the_given_weights_their_way():
    """06.2 teaches the circularity: the same weights, with and without the article."""
    from coursekit.checks.set06 import WEIGHTS
    from coursekit.verdict import verdict

    assert verdict(WEIGHTS).label == "marriage of convenience"
    assert verdict(WEIGHTS, include_article=True).score < verdict(WEIGHTS).score


def test_the_scenarios_set_which_weights_can_flip_the_verdict():
    from coursekit.checks.set06 import SCENARIO, SCENARIO_4
    from coursekit.verdict import default_weights, sensitivity

    assert sensitivity()["flip_at"].notna().sum() == 0  # none at the default weights
    assert sensitivity(default_weights() | SCENARIO)["flip_at"].notna().sum() == 3
    assert sensitivity(default_weights() | SCENARIO_4)["flip_at"].notna().sum() == 5


def test_the_given_weights_cover_the_basis_axis_and_06_5_reads_v08():
    from coursekit.checks.set06 import AXIS_ROW, WEIGHTS
    from coursekit.verdict import load_criteria

    criteria = load_criteria().set_index("criterion_id")
    assert set(WEIGHTS) == set(criteria.index[criteria["axis"] == "basis"])
    assert get_question("06.5").expected() == "a" and AXIS_ROW == "V10"


def test_the_lesson_does_not_print_the_graded_answers_of_06_3_and_06_4():
    import json
    from pathlib import Path

    lesson = Path(__file__).resolve().parents[1] / "lessons" / SLUG
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    printed = json.dumps([c.get("outputs", []) for c in cells])
    assert f"{get_question('06.3').expected():.2f}" not in printed


# ---------------------------------------------------------------- the notebooks
def test_exercise_notebook_shows_no_solution_text():
    notebooks.assert_exercise_notebook_shows_no_solution_text(SLUG, min_lines=8)


def test_every_question_has_an_answer_and_a_check_cell_in_both_notebooks():
    notebooks.assert_answer_and_check_cells(SLUG, [q for q in QUESTIONS if not q.practice])


def test_notebooks_link_back_to_the_lesson():
    notebooks.assert_notebooks_link_back_to_the_lesson(SLUG)


def test_06_2_names_the_default_weights():
    from coursekit.verdict import default_weights, verdict

    score = round(float(verdict(default_weights(), include_article=True).score), 3)
    result = check("06.2", score)
    assert result.passed is False and "default weights" in result.message
