"""Exercise set 07 (epilogue: scoring forecasts): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms, hints for answers no ``Wrong`` lists, the reader's
probabilities and the notebooks. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import exercise_notebooks as notebooks
from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set07 import QUESTIONS

SLUG = "07-epilogue.ipynb"


def test_unlisted_wrong_answer_gets_the_generic_hint():
    result = check("07.1", 0.987)
    assert result.passed is False
    assert result.message == f"not quite: {get_question('07.1').hint}"


def test_answers_are_forgiving_about_form():
    assert check("07.1", round(get_question("07.1").expected(), 3)).passed is True
    assert check("07.2", round(get_question("07.2").expected(), 3)).passed is True
    assert check("07.3", round(get_question("07.3").expected(), 3)).passed is True
    assert check("07.5", "(a)").passed is True


def test_reader_probabilities_cover_every_scored_forecast():
    from coursekit.checks.set07 import READER
    from coursekit.forecasts import forecast_table

    assert set(READER) == set(forecast_table()["claim_id"])
    assert all(0 <= p <= 1 for p in READER.values())


def test_the_earlier_selection_is_the_scored_forecasts_plus_the_unscorable_ones():
    from coursekit.checks.set07 import EARLIER
    from coursekit.forecasts import forecast_table

    table = forecast_table(include_unscored=True).set_index("claim_id")
    assert set(forecast_table()["claim_id"]) < set(EARLIER)
    assert table.loc[list(EARLIER), "resolution"].value_counts().to_dict() == {
        "void": 2, "did_not_happen": 1, "happened": 1, "possibility": 1}
    # counting them as failures makes the article look worse than its record allows
    assert get_question("07.3").expected() > get_question("07.2").expected()


def test_forgetting_the_possibility_gets_its_own_hint():
    result = check("07.3", 0.345)  # four claims: the void ones, not C36
    assert result.passed is False
    assert "C36" in result.message


def test_the_lesson_does_not_print_the_answers_of_07_1_to_07_3():
    """Lesson 07's example reader differs from 07.1's, 07.2 re-reads C32, and the lesson
    shows the four-claim score, not 07.3's five-claim score."""
    import json
    from pathlib import Path

    lesson = Path(__file__).resolve().parents[1] / "lessons" / SLUG
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    printed = json.dumps([c.get("outputs", []) for c in cells])
    for qid in ("07.1", "07.2", "07.3"):
        answer = get_question(qid).expected()
        for text in (f"{answer:.4f}", f"{answer:.3f}"):
            assert text not in printed, qid


# ---------------------------------------------------------------- the notebooks
def test_exercise_notebook_shows_no_solution_text():
    notebooks.assert_exercise_notebook_shows_no_solution_text(SLUG, min_lines=8)


def test_every_question_has_an_answer_and_a_check_cell_in_both_notebooks():
    notebooks.assert_answer_and_check_cells(SLUG, [q for q in QUESTIONS if not q.practice])


def test_notebooks_link_back_to_the_lesson():
    notebooks.assert_notebooks_link_back_to_the_lesson(SLUG)


def test_the_common_threat_grows_after_2022_and_the_practice_answers_hold():
    """07.5's reasoning: the common threat (US hostile to both) grows from 2021 to 2022."""
    from coursekit.checks.set07 import common_threat

    assert [common_threat(y) for y in (2020, 2021, 2022, 2025)] == [5, 4, 15, 16]
    assert get_question("07.p2").expected() == 5
    assert round(get_question("07.p3").expected(), 4) == 0.25


def test_the_rival_explanation_is_tested_by_the_weight_of_the_common_threat():
    """07.p4: the more the tie's survival counts, the more weight the common threat can take
    before the basis verdict turns to a marriage of convenience."""
    from coursekit.checks.set07 import PRACTICE_THREAT
    from coursekit.verdict import flip_points, verdict

    at = get_question("07.p4").expected()
    assert at == 2.342246
    assert at > flip_points({"shared_goals": 0})["common_threat"]  # the lesson's 1.47
    assert verdict(PRACTICE_THREAT | {"common_threat": 2.3}).label == "strategic partnership"
    assert verdict(PRACTICE_THREAT | {"common_threat": 2.4}).label == "marriage of convenience"
    # below the default weight 3: at the default, even this reader finds a marriage of
    # convenience
    assert verdict(PRACTICE_THREAT).label == "marriage of convenience"
    assert check("07.p4", 1.47).passed is False


def test_07_1_names_the_articles_score():
    from coursekit.forecasts import brier_score, forecast_table

    table = forecast_table()
    article = round(brier_score(table["implied"].tolist(), table["outcome"].tolist()), 4)
    assert article == 0.2837  # the value lesson 07 prints
    result = check("07.1", article)
    assert result.passed is False and "article's implied confidence" in result.message


def test_07_p4_names_the_default_weight_and_shared_goals_left_in():
    from coursekit.verdict import default_weights

    result = check("07.p4", default_weights()["common_threat"])
    assert result.passed is False and "find where the score crosses 0" in result.message
    result = check("07.p4", -0.39)  # by hand, shared goals left at their default 5
    assert result.passed is False and "set shared goals to 0" in result.message
    assert check("07.p4", 2.34).passed is True


def test_07_p4_none_from_flip_points_is_a_wrong_answer():
    from coursekit.verdict import flip_points

    forgot = flip_points({"durability": 5})["common_threat"]  # shared goals not set to 0
    assert forgot is None
    result = check("07.p4", forgot)
    assert result.passed is False
    assert result.message.startswith("not quite: got None: flip_points gives None")
    assert "shared_goals 0" in result.message
    assert check("07.p4", ...).passed is None


def test_lesson_07_asks_below_which_weight():
    """At 2.5 the score is 0, a marriage of convenience: "up to" would include it."""
    import json
    from pathlib import Path

    lesson = Path(__file__).resolve().parents[1] / "lessons" / "07-epilogue.ipynb"
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    task = next("".join(c["source"]) for c in cells if c.get("id") == "p07-4-task")
    assert "Below which weight of `common_threat`" in task and "Up to which" not in task


# ---------------------------------------------------------------- learner review 2
def test_07_3_forgetting_fillna_is_told_the_mean_skips_the_missing_outcomes():
    """Learner review: the five claims without .fillna(0) give the two-claim score (pandas
    skips NaN), which was told only 'the question asks for five'."""
    from coursekit.checks.set07 import EARLIER
    from coursekit.forecasts import forecast_table

    every = forecast_table(include_unscored=True)
    five = every[every["claim_id"].isin(EARLIER)]
    assert five["outcome"].isna().sum() == 3
    answer = float(((five["implied"] - five["outcome"]) ** 2).mean())
    for given in (answer, round(answer, 3)):
        result = check("07.3", given)
        assert result.passed is False
        assert "skipped the three whose outcome is missing" in result.message
        assert ".fillna(0)" in result.message


def test_07_2_the_lessons_score_rounded_is_named():
    """Learner review: the course's reading rounded to two decimals got the generic hint."""
    from coursekit.forecasts import brier_score, forecast_table

    table = forecast_table()
    lesson = brier_score(table["implied"].tolist(), table["outcome"].tolist())
    for given in (round(lesson, 2), round(lesson, 3)):
        result = check("07.2", given)
        assert result.passed is False and "the course's reading" in result.message


def test_07_6_the_right_choice_rests_on_the_rows_shown():
    """Learner review: choice d claimed 'no mutual-defence clause', which none of the four
    event rows the question shows (E137, E138, E154, E141) says."""
    from coursekit import load_events

    rows = load_events().set_index("event_id").loc[["E137", "E138", "E154", "E141"]]
    shown = " ".join(rows["description"]).casefold()
    right = get_question("07.6").choices["d"]
    assert "mutual-defence" not in right and "mutual-defence" not in shown
    assert "no military help" in right and "no military help" in shown
    assert "2 October 2025" in right
    assert rows.loc["E141", "date"].strftime("%Y-%m-%d") == "2025-10-02"
    for text in _notebook_texts():
        assert f"**d)** {right}" in text
    assert check("07.6", "d").passed is True


def _notebook_texts() -> list[str]:
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = []
    for folder in ("exercises", "solutions"):
        cells = json.loads((root / folder / SLUG).read_text(encoding="utf-8"))["cells"]
        texts.append("\n".join("".join(c["source"]) for c in cells))
    return texts


def test_set_07_is_not_the_last_and_links_to_set_08():
    """Learner review: sets 08 and 09 exist, so set 07 must not say it is the last."""
    for text in _notebook_texts():
        assert "last exercise set" not in text
        assert "end of the course's exercises" not in text
        assert text.count("[Exercise set 08 →](08-reading-the-treaties.ipynb)") == 2
