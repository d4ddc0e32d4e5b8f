"""Every registered question of every exercise set, checked the same way.

The sets are found with :func:`~coursekit.checks.core.load_question_sets`, so a new
``coursekit/checks/setNN.py`` is tested here as soon as it exists (and fails until it
is added to :data:`SETS`). For each set: 5–8 graded questions with ids ``NN.1``,
``NN.2``, …, exactly one written question, and the number of questions and points
pinned below; its practice questions (``NN.p1``, ``NN.p2``, … in the lesson) are worth 0
points and are tested like every other question.
For each question: an auto-checked question declares at least two wrong answers; the
reference answer passes with full points and prints one line; every declared wrong
answer fails with exactly its own hint and no points (a predicate through the
``example`` it declares); ``...`` is "not answered"; answers of the wrong type get
the type message; an answer that breaks the comparison is reported, not raised.

What is particular to one set (pinned answers, forgiving answer forms, generic hints,
the notebooks) is tested in ``tests/test_setNN.py``.
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import pandas as pd
import pytest

from coursekit.checks import check
from coursekit.checks.core import Question, get_question, load_question_sets


class SetFacts(NamedTuple):
    """What a set is pinned to: its number of questions and its points total."""

    questions: int
    points: float


#: Every exercise set, by number.
SETS: dict[str, SetFacts] = {
    "00": SetFacts(questions=0, points=0),  # lesson 00: practice questions only
    "01": SetFacts(questions=8, points=10),
    "02": SetFacts(questions=8, points=12),
    "03": SetFacts(questions=8, points=12),
    "04": SetFacts(questions=8, points=11),
    "05": SetFacts(questions=8, points=12),
    "06": SetFacts(questions=7, points=10),
    "07": SetFacts(questions=7, points=10),
    "08": SetFacts(questions=7, points=10),
    "09": SetFacts(questions=6, points=10),
}

#: The sets without exercises (lesson 00): practice questions only.
PRACTICE_ONLY = sorted(n for n, facts in SETS.items() if not facts.questions)

#: Each set's QUESTIONS list, by set number (importing a set registers its questions).
QUESTION_SETS: dict[str, list[Question]] = {
    name.removeprefix("set"): importlib.import_module(f"coursekit.checks.{name}").QUESTIONS
    for name in load_question_sets()
}
ALL = [q for questions in QUESTION_SETS.values() for q in questions]
GRADED = {n: [q for q in qs if not q.practice] for n, qs in QUESTION_SETS.items()}
PRACTICE = [q for q in ALL if q.practice]
AUTO = [q for q in ALL if q.kind != "written"]
WRITTEN = [q for q in ALL if q.kind == "written"]

_NUMBER = "expected a number (int or float), got"
_SET = "expected a collection of items (a set, list or tuple), got"
_CHOICE = 'expected the letter of one choice as a string, e.g. "b", got'
_TEXT = "expected a short text answer (str), got"

#: Answers of the wrong type for each kind of question, and the start of the message.
#: Every question of the kind gets every answer of its kind.
WRONG_TYPES: dict[str, list[tuple[Any, str]]] = {
    "number": [
        ("24", f"{_NUMBER} str (remove the quotes: 24, not '24')"),
        ("1465 km", f"{_NUMBER} str"),
        (True, f"{_NUMBER} bool (True/False is not a count or a measurement)"),
        ([29.6], f"{_NUMBER} list"),
        ({"C29": 0.5625}, f"{_NUMBER} dict"),
        (pd.Series([2010, 2020]), f"{_NUMBER} Series"),
    ],
    "series": [(5.35, "expected a pandas Series, got float")],
    "set": [
        (7, f"{_SET} int"),
        (2.5, f"{_SET} float"),
        ("damascus", f"{_SET} str"),
        ({"a": 1}, f"{_SET} dict"),
    ],
    "sequence": [
        ("2010-2016", "expected a sequence of items in order (a list or tuple), got str"),
    ],
    "choice": [(2, f"{_CHOICE} int"), (0.5, f"{_CHOICE} float"), (["a"], f"{_CHOICE} list")],
    "written": [(42, f"{_TEXT} int"), (0.5, f"{_TEXT} float"), (["no"], f"{_TEXT} list")],
}


# ---------------------------------------------------------------- answers that explode
class ExplodingNumber:
    """Passes as a number, but cannot be turned into a float."""

    def __float__(self) -> float:
        raise RuntimeError("boom")


numbers.Real.register(ExplodingNumber)


class ExplodingMapping(Mapping):
    """A mapping that cannot be read (the series comparator turns mappings into Series)."""

    def __getitem__(self, key):
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator:
        raise RuntimeError("boom")

    def __len__(self) -> int:
        return 5


class ExplodingIterable:
    """A collection that fails when iterated."""

    def __iter__(self) -> Iterator:
        raise RuntimeError("boom")


class ExplodingText(str):
    """A string whose text cannot be read."""

    def __str__(self) -> str:
        raise RuntimeError("boom")


#: For each kind of auto-checked question, an answer that breaks its comparison.
EXPLODING = {
    "number": ExplodingNumber,
    "series": ExplodingMapping,
    "set": ExplodingIterable,
    "sequence": ExplodingIterable,
    "choice": lambda: ExplodingText("a"),
}


# ---------------------------------------------------------------- parametrization
def _by_id(questions: list[Question]) -> list[Any]:
    return [pytest.param(q, id=q.id) for q in questions]


def _wrong_cases() -> Iterator[Any]:
    for q in ALL:
        for i in range(len(q.wrong)):
            yield pytest.param(q, i, id=f"{q.id}-wrong{i}")


def _wrong_type_cases() -> Iterator[Any]:
    for q in ALL:
        for i, (answer, start) in enumerate(WRONG_TYPES.get(q.kind, [])):
            yield pytest.param(q, answer, start, id=f"{q.id}-{i}-{type(answer).__name__}")


# ---------------------------------------------------------------- the sets as a whole
def test_every_set_is_pinned():
    assert sorted(QUESTION_SETS) == sorted(SETS)


def test_every_listed_question_is_registered():
    assert all(get_question(q.id) is q for q in ALL)


@pytest.mark.parametrize("number", sorted(n for n in QUESTION_SETS if n not in PRACTICE_ONLY))
def test_set_has_five_to_eight_questions_and_one_written(number):
    questions = GRADED[number]
    assert 5 <= len(questions) <= 8
    assert len(questions) == SETS[number].questions
    assert [q.id for q in questions] == [f"{number}.{n}" for n in range(1, len(questions) + 1)]
    assert [q.kind for q in questions].count("written") == 1
    assert all(q.exercise_set == number for q in questions)
    assert sum(q.points for q in questions) == SETS[number].points


@pytest.mark.parametrize("number", sorted(PRACTICE_ONLY))
def test_a_set_without_exercises_has_only_practice_questions(number):
    """Lesson 00 has no exercise set: its module declares practice questions only."""
    assert GRADED[number] == []
    assert len(QUESTION_SETS[number]) >= 3
    assert SETS[number].points == 0


@pytest.mark.parametrize("number", sorted(QUESTION_SETS))
def test_practice_questions_are_numbered_and_worth_nothing(number):
    practice = [q for q in QUESTION_SETS[number] if q.practice]
    assert [q.id for q in practice] == [f"{number}.p{n}" for n in range(1, len(practice) + 1)]
    assert all(q.points == 0 and q.exercise_set == number for q in practice)


@pytest.mark.parametrize("q", _by_id(AUTO))
def test_every_auto_question_declares_two_wrong_answers(q):
    assert len(q.wrong) >= (1 if q.practice else 2)


# ---------------------------------------------------------------- both ways, per question
@pytest.mark.parametrize("q", _by_id(AUTO))
def test_reference_passes(q, capsys):
    result = check(q.id, q.expected())
    assert result.passed is True, result.message
    assert result.points == q.points
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize(("q", "index"), list(_wrong_cases()))
def test_declared_wrong_answer_fails_with_its_hint(q, index):
    w = q.wrong[index]
    if w.is_predicate:
        assert w.example is not None, f"{q.id}: predicate wrong answer {index} has no example"
        answer = w.example
        assert w.match(answer)
    else:
        answer = q.wrong_value(index, w)
        # e.g. 03.4's "used 100 km": Bosra (about 92 km from Quneitra) separates the radii
        if q.kind == "set":
            assert sorted(answer) != sorted(q.expected()), (
                f"{q.id}: declared wrong answer {index} coincides with the reference"
            )
    result = check(q.id, answer)
    assert result.passed is False
    assert result.message == f"not quite: {w.hint}"
    assert result.points == 0


@pytest.mark.parametrize("q", _by_id(ALL))
def test_ellipsis_is_not_answered_yet(q):
    result = check(q.id, ...)
    assert result.passed is None
    assert result.message.startswith("not answered")
    assert result.points == 0


@pytest.mark.parametrize(("q", "answer", "start"), list(_wrong_type_cases()))
def test_wrong_type_gets_the_type_message(q, answer, start):
    """The type message, unless a predicate declared ``any_type`` catches the answer."""
    caught = [w for w in q.wrong if w.is_predicate and w.any_type and w.match(answer)]
    result = check(q.id, answer)
    assert result.passed is False
    assert result.points == 0
    if caught:
        assert result.message == f"not quite: {caught[0].hint}"
    else:
        assert result.message.startswith(start), result.message


@pytest.mark.parametrize("q", _by_id([q for q in AUTO if q.kind in EXPLODING]))
def test_an_exception_inside_the_comparison_is_contained(q, capsys):
    result = check(q.id, EXPLODING[q.kind]())
    assert result.passed is False
    assert result.message == "could not check this answer: RuntimeError: boom"
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize("q", _by_id(WRITTEN))
def test_written_answer_is_recorded_not_graded(q):
    result = check(q.id, "An interpretation, argued from the evidence of the lesson.")
    assert result.passed is None
    assert result.message.startswith(("recorded: ", "not yet: ")), result.message
    assert result.points == 0
