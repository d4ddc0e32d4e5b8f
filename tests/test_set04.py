"""Exercise set 04 (Russian grand strategy): every question, both ways.

For each question: the reference answer passes; every declared wrong answer fails with
its own hint; ``...`` is "not answered yet" (passed None); an answer of the wrong type
gets the type message. The pinned values at the end make a change in the data that
changes an answer fail here, not silently in a learner's notebook.
"""

from __future__ import annotations

import pytest

from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set04 import QUESTIONS, russia_brokerage_by_year

AUTO = [q.id for q in QUESTIONS if q.kind != "written"]

#: Example answers for the wrong answers declared as predicates, by (question, index).
PREDICATE_EXAMPLES = {
    ("04.1", 0): "russia",
    ("04.1", 1): ["Russia"],
    ("04.1", 3): ["iraq"],  # the top broker of 2014
    ("04.2", 0): "israeli_strikes_in_syria",
    ("04.2", 2): ["israeli_strikes_in_syria"],
    ("04.4", 0): 19.23,
}

#: An answer of the wrong type for each question, and the start of the expected message.
WRONG_TYPES = {
    "04.1": (7, "expected a collection of items"),
    "04.2": (3, "expected a collection of items"),
    "04.3": (2.5, "expected a collection of items"),
    "04.4": (["0.19"], "expected a number"),
    "04.5": (2, "expected the letter of one choice"),
    "04.6": (["b"], "expected the letter of one choice"),
    "04.7": (1994, "expected the letter of one choice"),
    "04.8": (42, "expected a short text answer"),
}


def _wrong_cases():
    for q in QUESTIONS:
        for i in range(len(q.wrong)):
            yield pytest.param(q.id, i, id=f"{q.id}-wrong{i}")


def test_set_has_six_to_eight_questions_and_one_written():
    assert 6 <= len(QUESTIONS) <= 8
    assert [q.kind for q in QUESTIONS].count("written") == 1
    assert all(q.exercise_set == "04" for q in QUESTIONS)


@pytest.mark.parametrize("qid", AUTO)
def test_every_auto_question_declares_two_wrong_answers(qid):
    assert len(get_question(qid).wrong) >= 2


@pytest.mark.parametrize("qid", AUTO)
def test_reference_passes(qid, capsys):
    q = get_question(qid)
    result = check(qid, q.expected())
    assert result.passed is True, result.message
    assert result.points == q.points
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize(("qid", "index"), list(_wrong_cases()))
def test_declared_wrong_answer_fails_with_its_hint(qid, index):
    q = get_question(qid)
    w = q.wrong[index]
    if w.is_predicate:
        answer = PREDICATE_EXAMPLES[(qid, index)]
        assert w.match(answer)
    else:
        answer = q._wrong_value(index, w)
    result = check(qid, answer)
    assert result.passed is False
    assert result.message == f"not quite: {w.hint}"
    assert result.points == 0


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS])
def test_ellipsis_is_not_answered_yet(qid):
    result = check(qid, ...)
    assert result.passed is None
    assert result.message.startswith("not answered yet")


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS])
def test_wrong_type_gets_the_type_message(qid):
    answer, start = WRONG_TYPES[qid]
    result = check(qid, answer)
    assert result.passed is False
    assert result.message.startswith(start), result.message


def test_written_answer_is_recorded_not_graded():
    result = check("04.8", "Russia balances; it is not Iran's ally in the full sense.")
    assert result.passed is None
    assert result.message.startswith("written answer recorded")


def test_answers_are_forgiving_about_form():
    assert check("04.1", ("Turkey", "russia ")).passed is True
    assert check("04.4", 0.19).passed is True
    assert check("04.7", "(D)").passed is True


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert set(get_question("04.1").expected()) == {"russia", "turkey"}
    assert set(get_question("04.2").expected()) == {
        "iran_forces_near_israel",
        "israeli_strikes_in_syria",
    }
    assert len(get_question("04.3").expected()) == 9
    assert get_question("04.4").expected() == pytest.approx(5 / 26)
    assert russia_brokerage_by_year() == [0, 7, 1]
    assert [get_question(f"04.{n}").expected() for n in (5, 6, 7)] == ["b", "c", "d"]
