"""Exercise set 05 (Turkey, Astana and Idlib): every question, both ways.

For each question: the reference answer passes; every declared wrong answer fails with
its own hint; ``...`` is "not answered yet" (passed None); an answer of the wrong type
gets the type message. The pinned values at the end make a change in the data that
changes an answer fail here, not silently in a learner's notebook.
"""

from __future__ import annotations

import pytest

from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set05 import QUESTIONS

AUTO = [q.id for q in QUESTIONS if q.kind != "written"]

#: Example answers for the wrong answers declared as predicates, by (question, index).
PREDICATE_EXAMPLES: dict[tuple[str, int], object] = {}

#: An answer of the wrong type for each question, and the start of the expected message.
WRONG_TYPES = {
    "05.1": ("2", "expected a number"),
    "05.2": ("turkey", "expected a collection of items"),
    "05.3": (2, "expected a collection of items"),
    "05.4": ([2017], "expected a number"),
    "05.5": ("assad_stays", "expected a collection of items"),
    "05.6": (16, "expected the letter of one choice"),
    "05.7": (["c"], "expected the letter of one choice"),
    "05.8": (2018, "expected a short text answer"),
}


def _wrong_cases():
    for q in QUESTIONS:
        for i in range(len(q.wrong)):
            yield pytest.param(q.id, i, id=f"{q.id}-wrong{i}")


def test_set_has_five_to_eight_questions_and_one_written():
    assert 5 <= len(QUESTIONS) <= 8
    assert [q.kind for q in QUESTIONS].count("written") == 1
    assert all(q.exercise_set == "05" for q in QUESTIONS)
    assert [q.id for q in QUESTIONS] == [f"05.{n}" for n in range(1, len(QUESTIONS) + 1)]


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
    result = check("05.8", "An interpretation: Turkey joined Astana for its own reasons.")
    assert result.passed is None
    assert result.message.startswith("written answer recorded")


def test_answers_are_forgiving_about_form():
    assert check("05.1", 2.0).passed is True
    assert check("05.2", {"USA", "russia", "iran", "hts", "syria_opposition"}).passed is True
    assert check("05.3", ("Russia",)).passed is True
    assert check("05.6", "b)").passed is True


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert get_question("05.1").expected() == 2
    assert set(get_question("05.2").expected()) == {
        "hts", "iran", "russia", "syria_opposition", "usa",
    }
    assert set(get_question("05.3").expected()) == {"russia"}
    assert get_question("05.4").expected() == 2017
    assert set(get_question("05.5").expected()) == {"assad_stays", "idlib_offensive"}
    assert [get_question(f"05.{n}").expected() for n in (6, 7)] == ["b", "c"]
