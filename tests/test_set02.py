"""Exercise set 02 (Iran's stakes in Syria): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms and the live ``Route`` answer. Every question's pinned
reference answer is in ``tests/question_pins.py``.
"""

from __future__ import annotations

import pytest

import coursekit
import exercise_notebooks as notebooks
from coursekit.checks import check
from coursekit.checks.core import get_question

SLUG = "02-irans-stakes.ipynb"


def test_answers_are_forgiving_about_form():
    assert check("02.1", 822).passed is True  # to the nearest km, as the question allows
    assert check("02.1", coursekit.great_circle_km("baghdad", "beirut")).passed is True
    assert check("02.2", coursekit.shortest_route("tehran", "quneitra").path).passed is True
    assert check("02.3", 184.14).passed is True
    costs = get_question("02.4").expected()
    assert check("02.4", costs.to_dict()).passed is True  # a dict of place -> km
    assert check("02.4", costs.iloc[::-1]).passed is True  # each value under its place
    assert check("02.7", "(B)").passed is True


def test_the_whole_route_gets_the_route_hint():
    """What ``shortest_route`` returns today, not only the ``Wrong``'s stored example."""
    w = get_question("02.2").wrong[0]
    result = check("02.2", coursekit.shortest_route("tehran", "quneitra"))
    assert result.passed is False
    assert result.message == f"not quite: {w.hint}"


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        pytest.param("02.1", 821.9 + 0.6, id="02.1-beyond-the-nearest-km"),
        pytest.param("02.3", 184.1 + 0.1, id="02.3-beyond-one-decimal"),
        pytest.param("02.p2", 1310.7 + 0.1, id="02.p2-beyond-one-decimal"),
    ],
)
def test_the_stated_precision_is_what_is_enforced(qid, answer):
    """A tolerance says what the question says: the nearest km, or one decimal."""
    assert check(qid, answer).passed is False


@pytest.mark.parametrize(
    ("qid", "answer", "word"),
    [
        pytest.param("02.1", 1465.0, "Tehran", id="02.1-the-lessons-distance"),
        pytest.param("02.3", 29.6, "Damascus", id="02.3-the-lessons-loss"),
        pytest.param("02.5", 34, "2006", id="02.5-the-lessons-war"),
    ],
)
def test_the_lessons_own_case_gets_a_hint(qid, answer, word):
    """Transfer: the value the lesson prints for its own case is named as such."""
    result = check(qid, answer)
    assert result.passed is False
    assert word in result.message


def test_the_model_answer_keeps_its_own_word_limits():
    """02.8: the model answer is the solution's string and has as many words as it asks for."""
    import nbformat

    from coursekit.checks import set02

    low, high = set02.WORDS
    assert low <= len(set02.MODEL_ANSWER.split()) <= high
    solution = nbformat.read(notebooks.ROOT / "solutions" / SLUG, as_version=4)
    cell = next(c for c in solution.cells if c.cell_type == "code" and "answer_8 = " in c.source)
    assert cell.source.split('"""')[1].split() == set02.MODEL_ANSWER.split()


def test_costs_under_the_wrong_places_do_not_pass():
    """02.4: labels count: the right values moved to other places fail."""
    costs = get_question("02.4").expected()
    moved = costs.set_axis(list(costs.index[1:]) + [costs.index[0]])
    assert check("02.4", moved).passed is False


def test_cost_figure_wrong_readings_are_named():
    result = check("02.7", "a")
    assert result.passed is False and "syria_gov;russia" in result.message
    result = check("02.7", "c")
    assert result.passed is False and "330 separate facilities" in result.message
