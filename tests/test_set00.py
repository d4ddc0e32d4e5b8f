"""Lesson 00's practice questions, and the practice cells of lessons 00-02.

Lesson 00 has no exercise set: ``coursekit/checks/set00.py`` declares only practice
questions, and the lesson demonstrates ``check`` with its own ``00.p1`` rather than a
question from a set the learner has not reached. Lessons 00, 01 and 02 end each episode
in a practice cell: a scaffold with ``...`` that assigns ``practice_K`` and checks
``NN.pK`` (stored output: not answered), followed by a folded solution. The checks
every question gets are in ``tests/test_questions.py``.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pytest

from coursekit.checks import check

ROOT = Path(__file__).resolve().parents[1]
LESSONS = {
    "00": ROOT / "lessons" / "00-orientation.ipynb",
    "01": ROOT / "lessons" / "01-historical-wariness.ipynb",
    "02": ROOT / "lessons" / "02-irans-stakes.ipynb",
}
_CHECKED_ID = re.compile(r"check\(\s*[\"'](\d\d\.p?\d+)[\"']")


def _cells(number: str) -> list:
    return nbformat.read(LESSONS[number], as_version=4).cells


def _practice_ids(number: str) -> list[str]:
    questions = importlib.import_module(f"coursekit.checks.set{number}").QUESTIONS
    return [q.id for q in questions if q.practice]


def test_lesson_00_checks_only_questions_of_its_own():
    ids = {i for c in _cells("00") if c.cell_type == "code" for i in _CHECKED_ID.findall(c.source)}
    assert ids == {"00.p1", "00.p2", "00.p3"}


def test_the_check_demo_shows_not_answered_and_the_type_message():
    demo = next(c for c in _cells("00") if c.source.startswith('coursekit.check("00.p1", ...)'))
    text = "".join(o.get("text", "") for o in demo.outputs)
    assert "00.p1" in text
    assert "expected a number (int or float), got str" in text


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        pytest.param("00.p1", 2018, id="00.p1"),
        pytest.param(
            "00.p2",
            [
                "usa",
                "uk",
                "turkey",
                "syria_gov",
                "saudi_arabia",
                "russia",
                "israel",
                "iraq",
                "iran",
            ],
            id="00.p2-any-order",
        ),
    ],
)
def test_lesson_00_practice_answers_pass(qid, answer):
    assert check(qid, answer).passed is True


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_each_episode_ends_in_a_practice_cell_with_a_folded_solution(number):
    cells = _cells(number)
    found = []
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or not re.search(r"^practice_\d+ = \.\.\.", cell.source, re.M):
            continue
        (qid,) = _CHECKED_ID.findall(cell.source)
        found.append(qid)
        assert "not answered" in "".join(o.get("text", "") for o in cell.outputs).lower(), qid
        follower = cells[i + 1]
        assert follower.cell_type == "markdown", qid
        assert follower.source.startswith("<details>") and "```python" in follower.source, qid
        assert "Try it" in cells[i - 1].source, qid
        assert len(cell.source.splitlines()) <= 15, qid
    assert found == _practice_ids(number)
    assert len(found) >= 3
