"""Exercise set 01 (historical wariness): every question, both ways.

For each question: the reference answer passes; every declared wrong answer fails with
its own hint; ``...`` is "not answered yet" (passed None); an answer of the wrong type
gets the type message; an answer that breaks the comparison is reported, not raised.
The pinned values at the end make a change in the data that changes an answer fail
here, not silently in a learner's notebook.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set01 import QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
SLUG = "01-historical-wariness.ipynb"
AUTO = [q.id for q in QUESTIONS if q.kind != "written"]

#: Example answers for the wrong answers declared as predicates, by (question, index).
PREDICATE_EXAMPLES = {
    ("01.3", 0): "E001",  # what idxmin() returns: only the first of the tied events
    ("01.7", 0): 2010,  # the decade with the most events and the highest total
    ("01.7", 2): 1990,  # one treaty, +8: a decade with a single event
}

#: An answer of the wrong type for each question, and the start of the expected message.
WRONG_TYPES = {
    "01.1": ("24", "expected a number (int or float), got str (remove the quotes"),
    "01.2": (5.35, "expected a pandas Series, got float"),
    "01.3": (1804, "expected a collection of items"),
    "01.4": ("2010-2016", "expected a sequence of items in order"),
    "01.5": (2, "expected the letter of one choice"),
    "01.6": (["a"], "expected the letter of one choice"),
    "01.7": (pd.Series([2010, 2020]), "expected a number (int or float), got Series"),
    "01.8": (42, "expected a short text answer"),
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


EXPLODING = {
    "number": ExplodingNumber,
    "series": ExplodingMapping,
    "set": ExplodingIterable,
    "sequence": ExplodingIterable,
    "choice": lambda: ExplodingText("a"),
}


def _wrong_cases():
    for q in QUESTIONS:
        for i in range(len(q.wrong)):
            yield pytest.param(q.id, i, id=f"{q.id}-wrong{i}")


# ---------------------------------------------------------------- the set as a whole
def test_set_has_six_to_eight_questions_and_one_written():
    assert 6 <= len(QUESTIONS) <= 8
    assert [q.id for q in QUESTIONS] == [f"01.{n}" for n in range(1, len(QUESTIONS) + 1)]
    assert [q.kind for q in QUESTIONS].count("written") == 1
    assert all(q.exercise_set == "01" for q in QUESTIONS)
    assert sum(q.points for q in QUESTIONS) == 10


@pytest.mark.parametrize("qid", AUTO)
def test_every_auto_question_declares_two_wrong_answers(qid):
    assert len(get_question(qid).wrong) >= 2


# ---------------------------------------------------------------- both ways, per question
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
    assert result.points == 0


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS])
def test_wrong_type_gets_the_type_message(qid):
    answer, start = WRONG_TYPES[qid]
    result = check(qid, answer)
    assert result.passed is False
    assert result.message.startswith(start), result.message


@pytest.mark.parametrize("qid", AUTO)
def test_an_exception_inside_the_comparison_is_contained(qid, capsys):
    answer = EXPLODING[get_question(qid).kind]()
    result = check(qid, answer)
    assert result.passed is False
    assert result.message == "could not check this answer: RuntimeError: boom"
    assert capsys.readouterr().out.count("\n") == 1


def test_written_answer_is_recorded_not_graded():
    result = check("01.8", "Yes: Turkmenchay (1828) and 1946; but Bushehr cuts the other way.")
    assert result.passed is None
    assert result.message.startswith("written answer recorded")


def test_answers_are_forgiving_about_form():
    q2 = get_question("01.2").expected()
    assert check("01.1", 24.0).passed is True
    assert check("01.2", q2.round(2)).passed is True  # rounded to two decimals
    assert check("01.2", q2.to_dict()).passed is True  # a dict of era -> mean
    assert check("01.2", q2.to_frame()).passed is True  # a one-column table
    assert check("01.3", ("e008", "E005", "E003", "E001")).passed is True  # any order, case
    assert check("01.4", (2010, 2016)).passed is True
    assert check("01.5", "B)").passed is True


def test_reversed_years_get_the_order_hint():
    result = check("01.4", [2016, 2010])
    assert result.passed is False
    assert "order" in result.message


def test_unlisted_wrong_answer_gets_the_generic_hint():
    result = check("01.1", 1000)
    assert result.passed is False
    assert result.message == f"not quite: {get_question('01.1').hint}"


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert get_question("01.1").expected() == 24
    assert get_question("01.2").expected().round(3).tolist() == [-1.0, -5.375, 2.5, 3.075, 5.35]
    assert get_question("01.3").expected() == ["E001", "E003", "E005", "E008"]
    assert get_question("01.4").expected() == [2010, 2016]
    assert [get_question(f"01.{n}").expected() for n in (5, 6)] == ["b", "a"]
    assert get_question("01.7").expected() == 2020


# ---------------------------------------------------------------- the notebooks
def _solution_lines() -> set[str]:
    """Every non-trivial line inside a solution region of the solutions notebook."""
    nb = nbformat.read(ROOT / "solutions" / SLUG, as_version=4)
    lines: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            pattern = r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION"
        else:
            pattern = r"<!-- BEGIN SOLUTION -->(.*?)<!-- END SOLUTION -->"
        for region in re.findall(pattern, cell.source, flags=re.S):
            lines |= {ln.strip() for ln in region.splitlines() if len(ln.strip()) > 12}
    return lines


def test_exercise_notebook_shows_no_solution_text():
    text = (ROOT / "exercises" / SLUG).read_text(encoding="utf-8")
    lines = _solution_lines()
    assert len(lines) >= 10
    leaked = sorted(line for line in lines if line in text)
    assert not leaked, leaked
    nb = nbformat.reads(text, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_every_question_has_an_answer_and_a_check_cell_in_both_notebooks():
    for folder in ("solutions", "exercises"):
        nb = nbformat.read(ROOT / folder / SLUG, as_version=4)
        sources = [c.source.strip() for c in nb.cells if c.cell_type == "code"]
        for q in QUESTIONS:
            n = q.id.split(".")[1]
            assert f'check("{q.id}", answer_{n})' in sources, (folder, q.id)
            assert any(f"answer_{n} =" in s for s in sources), (folder, q.id)
