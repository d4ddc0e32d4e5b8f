"""Exercise set 02 (Iran's stakes in Syria): every question, both ways.

For each question: the reference answer passes; every declared wrong answer fails with
its own hint; ``...`` is "not answered yet" (passed None); an answer of the wrong type
gets the type message. The pinned values at the end make a change in the data that
changes an answer fail here, not silently in a learner's notebook.
"""

from __future__ import annotations

import pytest

import coursekit
from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set02 import QUESTIONS

AUTO = [q.id for q in QUESTIONS if q.kind != "written"]

#: Example answers for the wrong answers declared as predicates, by (question, index).
PREDICATE_EXAMPLES = {
    ("02.2", 0): coursekit.shortest_route("tehran", "beirut"),
    ("02.4", 0): ["Damascus"],
    ("02.5", 2): 3,
}

#: An answer of the wrong type for each question, and the start of the expected message.
WRONG_TYPES = {
    "02.1": ("1465 km", "expected a number"),
    "02.2": ("tehran, beirut", "expected a sequence of items in order"),
    "02.3": ([29.6], "expected a number"),
    "02.4": ("al_bukamal", "expected a collection of items"),
    "02.5": (True, "expected a number"),
    "02.6": ({"a": 1}, "expected a collection of items"),
    "02.7": (2, "expected the letter of one choice"),
    "02.8": (42, "expected a short text answer"),
}


def _wrong_cases():
    for q in QUESTIONS:
        for i in range(len(q.wrong)):
            yield pytest.param(q.id, i, id=f"{q.id}-wrong{i}")


def test_set_has_five_to_eight_questions_and_one_written():
    assert 5 <= len(QUESTIONS) <= 8
    assert [q.kind for q in QUESTIONS].count("written") == 1
    assert all(q.exercise_set == "02" for q in QUESTIONS)
    assert [q.id for q in QUESTIONS] == [f"02.{n}" for n in range(1, len(QUESTIONS) + 1)]


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
    result = check("02.8", "An interpretation: both see Syria as a front of their rivalry.")
    assert result.passed is None
    assert result.message.startswith("written answer recorded")


def test_answers_are_forgiving_about_form():
    assert check("02.1", 1465).passed is True
    assert check("02.1", coursekit.great_circle_km("tehran", "beirut")).passed is True
    assert check("02.2", coursekit.shortest_route("tehran", "beirut").path).passed is True
    assert check("02.4", ("Hamadan", "baghdad ", "al_bukamal", "deir_ez_zor")).passed is True
    assert check("02.7", "(B)").passed is True


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert get_question("02.1").expected() == pytest.approx(1465.0, abs=0.1)
    assert get_question("02.2").expected() == [
        "tehran", "hamadan", "baghdad", "al_bukamal", "deir_ez_zor", "t4", "damascus", "beirut",
    ]
    assert get_question("02.3").expected() == pytest.approx(29.6, abs=0.1)
    assert set(get_question("02.4").expected()) == {
        "al_bukamal", "baghdad", "deir_ez_zor", "hamadan",
    }
    assert get_question("02.5").expected() == 34  # FACTS F18: 12 Jul - 14 Aug 2006
    assert set(get_question("02.6").expected()) == {
        "deter_israel", "keep_assad_in_power", "land_bridge_to_lebanon", "preserve_hezbollah",
    }
    assert get_question("02.7").expected() == "b"
