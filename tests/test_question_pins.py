"""Every question's reference answer equals its pin in ``tests/question_pins.py``.

A change in the data that moves an answer fails here, naming the question, not silently
in a learner's notebook. A new question fails until it has a pin; a pin whose question
is gone fails too. How to write or move a pin: the docstring of ``question_pins`` and
the developers' guide (§6, "Add a question" and "Add a data row").
"""

from __future__ import annotations

import importlib
import math
import numbers
from typing import Any

import pandas as pd
import pytest

from coursekit.checks.core import Question, get_question, load_question_sets
from question_pins import PINS, SUPPORT, WRITTEN

#: Every question of every set module (not the registry, where tests add their own).
ALL_REGISTERED = [
    q
    for name in load_question_sets()
    for q in importlib.import_module(f"coursekit.checks.{name}").QUESTIONS
]
#: The graded ones must be pinned; a practice question (``NN.pK``) may be, and is then checked.
REGISTERED = [q.id for q in ALL_REGISTERED if not q.practice]
PRACTICE = [q.id for q in ALL_REGISTERED if q.practice]
EXACT_DECIMALS = 10  # a float pin with this many decimals or more is an exact expression


def _decimals(x: float) -> int:
    text = repr(float(x))
    if "e" in text:
        return EXACT_DECIMALS
    return len(text.partition(".")[2])


def number_matches(value: Any, pin: Any) -> bool:
    """Whether a computed number matches its pin (see ``question_pins``)."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return False
    if isinstance(pin, int):
        return math.isclose(value, pin, rel_tol=0, abs_tol=1e-9)
    decimals = _decimals(pin)
    if decimals >= EXACT_DECIMALS:
        return math.isclose(value, pin, rel_tol=1e-9, abs_tol=1e-12)
    return round(float(value), decimals) == pin


def matches(question: Question, value: Any, pin: Any) -> bool:
    """Whether ``value``, the reference answer of ``question``, matches ``pin``."""
    if question.kind == "number":
        return number_matches(value, pin)
    if question.kind == "series":
        values = list(value.tolist()) if isinstance(value, pd.Series) else list(value)
        return len(values) == len(pin) and all(map(number_matches, values, pin))
    if question.kind == "set":
        return isinstance(pin, set) and set(value) == pin and len(set(value)) == len(value)
    if question.kind in {"list", "sequence"}:
        return isinstance(pin, list) and list(value) == pin
    return value == pin


def test_every_question_has_a_pin_and_every_pin_a_question():
    missing = sorted(set(REGISTERED) - set(PINS))
    stale = sorted(set(PINS) - set(REGISTERED) - set(PRACTICE))
    assert missing == [], f"add the reference answers of {missing} to tests/question_pins.py"
    assert stale == [], f"tests/question_pins.py pins questions that do not exist: {stale}"


@pytest.mark.parametrize("qid", sorted(PINS))
def test_reference_answer_equals_its_pin(qid):
    question = get_question(qid)
    pin = PINS[qid]
    if question.kind == "written":
        assert pin == WRITTEN, f"{qid} is a written question: pin it as WRITTEN"
        return
    assert pin != WRITTEN, f"{qid} is a {question.kind} question, not a written one"
    value = question.expected()
    assert matches(question, value, pin), (
        f"{qid}'s reference answer is {value!r}, pinned as {pin!r}: if a data fix moved it "
        "on purpose, update tests/question_pins.py and the prose that states it"
    )


@pytest.mark.parametrize("qid", sorted(SUPPORT))
def test_numbers_behind_a_choice_equal_their_pin(qid):
    function, pin = SUPPORT[qid]
    module = importlib.import_module(f"coursekit.checks.set{qid.split('.')[0]}")
    assert getattr(module, function)() == pin


# ---------------------------------------------------------------- the rules can fail
@pytest.mark.parametrize("value, pin, expected", [
    (26, 26, True), (26.0, 26, True), (27, 26, False), (True, 1, False),
    (-0.10130718954248365, -0.1013, True), (-0.1014, -0.1013, False),
    (1465.04, 1465.0, True), (1465.06, 1465.0, False),
    (5 / 26, 5 / 26, True), (0.1923, 5 / 26, False), ("26", 26, False),
])
def test_number_pins(value, pin, expected):
    assert number_matches(value, pin) is expected


@pytest.mark.parametrize("kind, value, pin, expected", [
    ("set", ["b", "a"], {"a", "b"}, True),
    ("set", ["a"], {"a", "b"}, False),
    ("set", ["a", "a", "b"], {"a", "b"}, False),
    ("sequence", ["a", "b"], ["a", "b"], True),
    ("sequence", ["b", "a"], ["a", "b"], False),
    ("series", pd.Series([1.0, 2.2349]), [1.0, 2.235], True),
    ("series", pd.Series([1.0]), [1.0, 2.235], False),
    ("choice", "b", "b", True),
    ("choice", "c", "b", False),
])
def test_pins_by_kind(kind, value, pin, expected):
    choices = {"a": "x", "b": "y", "c": "z"} if kind == "choice" else None
    question = Question(id="99.1", title="t", kind=kind, reference=lambda: value,
                        choices=choices)
    assert matches(question, value, pin) is expected
