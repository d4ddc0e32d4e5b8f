"""Exercise set 06 (the verdict): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms, hints for answers no ``Wrong`` lists, the given weights,
and the notebooks. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import pytest

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


# ---------------------------------------------------------------- learner-tester findings
@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (-0.1745, "set all seven weights: common_threat and economic_ties too"),
        (-0.1898, "set all seven weights: common_threat and economic_ties too"),
        (0.1785, "check the sign"),
        (-17.85, "not in percent"),
        (-0.12, "the score lesson 06 prints"),
    ],
)
def test_06_2_names_the_testers_wrong_answers(answer, hint):
    result = check("06.2", answer)
    assert result.passed is False and hint in result.message, result.message


def test_06_2_a_verdict_result_is_told_to_take_its_score():
    from coursekit.checks.set06 import WEIGHTS
    from coursekit.verdict import verdict

    result = check("06.2", verdict(WEIGHTS, include_article=True))
    assert result.passed is False and "take `.score`" in result.message
    assert check("06.2", verdict(WEIGHTS, include_article=True).score).passed is True


def test_06_2_the_five_old_weights_alone():
    from coursekit.checks.set06 import WEIGHTS
    from coursekit.verdict import verdict

    five = {c: w for c, w in WEIGHTS.items() if c not in ("common_threat", "economic_ties")}
    result = check("06.2", verdict(five, include_article=True).score)
    assert result.passed is False and "common_threat and economic_ties" in result.message


def test_06_3_none_from_flip_points_is_a_wrong_answer():
    """A forgotten scenario weight: flip_points gives None, which is not "not answered"."""
    from coursekit.verdict import default_weights, flip_points

    forgot = flip_points(default_weights() | {"durability": 5})["trust_legacy"]
    assert forgot is None
    result = check("06.3", forgot)
    assert result.passed is False
    assert result.message == (
        "not quite: got None: flip_points gives None when no weight in 0–5 flips the verdict; "
        "check the weights you set")
    assert check("06.3", ...).passed is None  # the template's ... is still not answered


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (0.73, "the lesson's example, with shared goals at 0"),
        (1.97, "the flip point of 'israel'"),
        (2.46, "the flip point of 'shared_goals'"),
        (2.02, "06.4's scenario"),
        (-0.35, "you left durability at its default"),
        (-0.94, "check the sign"),
        (-2.02, "you left the common threat at its default"),
    ],
)
def test_06_3_names_the_testers_wrong_answers(answer, hint):
    result = check("06.3", answer)
    assert result.passed is False and hint in result.message, result.message
    assert check("06.3", 0.94).passed is True


def test_06_4_the_criteria_that_flip_by_falling_only():
    from coursekit.checks.set06 import SCENARIO_4
    from coursekit.verdict import default_weights, sensitivity

    table = sensitivity(default_weights() | SCENARIO_4)
    lower = list(table.index[table["change"].str.startswith("lower")])
    assert "economic_ties" not in lower
    result = check("06.4", lower)
    assert result.passed is False and "read the `change` column" in result.message
    result = check("06.4", table["flip_at"].dropna())
    assert result.passed is False and "take the index" in result.message
    assert check("06.4", list(table["flip_at"].dropna().index)).passed is True


def test_06_p3_names_trusts_flip_point_and_none():
    assert check("06.p3", 1.76).passed is True
    result = check("06.p3", 0.73)
    assert result.passed is False and "trust" in result.message
    assert check("06.p3", None).message.startswith("not quite: got None: flip_points")


def test_06_7_outside_the_word_range_is_recorded(capsys):
    result = check("06.7", "Too short to count.")
    assert result.passed is None
    assert capsys.readouterr().out.startswith("Recorded · 06.7 · 4 words, outside 100–170")


def test_lesson_06_does_not_print_the_practice_flip_point_outside_its_solution():
    """06.p3's answer (Israel's flip point) is for the learner to find: not in the markdown
    outside the Solution block."""
    import json
    from pathlib import Path

    lesson = Path(__file__).resolve().parents[1] / "lessons" / SLUG
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    answer = f"{get_question('06.p3').expected():.2f}"
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "Solution" not in text:
            assert answer not in text, cell.get("id")


# ---------------------------------------------------------------- learner review 2
def _israel_rows(drop_v28: bool = False):
    """The independent rows of 'israel' with V28 recoded as 06.1 asks (or dropped)."""
    from coursekit.checks.set06 import RECODE
    from coursekit.verdict import load_evidence

    ev = load_evidence()
    for evidence_id, (direction, strength) in RECODE.items():
        ev.loc[ev["evidence_id"] == evidence_id, ["direction", "strength"]] = [
            direction, strength]
    rows = ev[(ev["criterion_id"] == "israel") & (ev["origin"] == "independent")]
    if drop_v28:
        rows = rows[rows["evidence_id"] != "V28"]
    return rows["direction"] * rows["strength"] / 3


@pytest.mark.parametrize(("answer", "named"), [
    (lambda: _israel_rows(drop_v28=True).mean(), "V28"),
    (lambda: _israel_rows().median(), "median"),
])
def test_06_1_dropping_v28_or_the_median_is_named(answer, named):
    """Learner review: −2/3 (V28 dropped, or the median) was told only 'you counted V23'."""
    value = answer()
    assert check("06.1", value).passed is False
    result = check("06.1", round(value, 3))
    assert result.passed is False and named in result.message, result.message
    assert check("06.1", round(_israel_rows().mean(), 3)).passed is True


def test_06_3_a_summed_over_all_ten_criteria_is_named():
    """Learner review: A summed over every weight of default_weights() (the commitment
    criteria too) got the generic hint."""
    from coursekit.checks.set06 import FLIP_CRITERION, SCENARIO
    from coursekit.verdict import criterion_scores, default_weights

    weights = default_weights() | SCENARIO
    scores = criterion_scores()
    assert "defence_obligation" in weights  # the defaults cover both axes
    a_all = sum(w * scores[c] for c, w in weights.items() if c != FLIP_CRITERION)
    answer = -a_all / scores[FLIP_CRITERION]
    for given in (answer, round(answer, 2)):
        result = check("06.3", given)
        assert result.passed is False
        assert "A sums the basis criteria only" in result.message, result.message
