"""Exercise set 07 (epilogue: scoring forecasts): every question, both ways.

For each question: the reference answer passes; every declared wrong answer fails with
its own hint; ``...`` is "not answered yet" (passed None); an answer of the wrong type
gets the type message. The pinned values at the end make a change in the data that
changes an answer fail here, not silently in a learner's notebook.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set07 import QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
SLUG = "07-epilogue.ipynb"
AUTO = [q.id for q in QUESTIONS if q.kind != "written"]

#: Example answers for the wrong answers declared as predicates, by (question, index).
PREDICATE_EXAMPLES = {
    ("07.3", 0): "C29",  # what idxmax() returns: one of the tied forecasts
}

#: An answer of the wrong type for each question, and the start of the expected message.
WRONG_TYPES = {
    "07.1": ("0.2", "expected a number (int or float), got str (remove the quotes"),
    "07.2": ({"C29": 0.5625}, "expected a number (int or float), got dict"),
    "07.3": (29, "expected a collection of items"),
    "07.4": (0.2, "expected the letter of one choice"),
    "07.5": (["b"], "expected the letter of one choice"),
    "07.6": (4, "expected the letter of one choice"),
    "07.7": (["no"], "expected a short text answer"),
}


def _wrong_cases():
    for q in QUESTIONS:
        for i in range(len(q.wrong)):
            yield pytest.param(q.id, i, id=f"{q.id}-wrong{i}")


# ---------------------------------------------------------------- the set as a whole
def test_set_has_five_to_eight_questions_and_one_written():
    assert 5 <= len(QUESTIONS) <= 8
    assert [q.id for q in QUESTIONS] == [f"07.{n}" for n in range(1, len(QUESTIONS) + 1)]
    assert [q.kind for q in QUESTIONS].count("written") == 1
    assert all(q.exercise_set == "07" for q in QUESTIONS)
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


def test_written_answer_is_recorded_not_graded():
    result = check("07.7", "Not on five forecasts: Idlib cost them most.")
    assert result.passed is None
    assert result.message.startswith("written answer recorded")


def test_unlisted_wrong_answer_gets_the_generic_hint():
    result = check("07.1", 0.987)
    assert result.passed is False
    assert result.message == f"not quite: {get_question('07.1').hint}"


def test_answers_are_forgiving_about_form():
    assert check("07.1", round(get_question("07.1").expected(), 3)).passed is True
    assert check("07.2", round(get_question("07.2").expected(), 3)).passed is True
    assert check("07.3", ("c30", "C29")).passed is True
    assert check("07.5", "(b)").passed is True


def test_reader_probabilities_cover_every_resolved_forecast():
    from coursekit.checks.set07 import READER
    from coursekit.forecasts import forecast_table

    assert set(READER) == set(forecast_table()["claim_id"])
    assert all(0 <= p <= 1 for p in READER.values())


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert round(get_question("07.1").expected(), 4) == 0.204
    assert round(get_question("07.2").expected(), 4) == 0.326
    assert get_question("07.3").expected() == ["C29", "C30"]
    assert [get_question(f"07.{n}").expected() for n in (4, 5, 6)] == ["c", "b", "d"]


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
    assert len(lines) >= 8
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


def test_notebooks_link_back_to_the_lesson():
    for folder in ("solutions", "exercises"):
        nb = nbformat.read(ROOT / folder / SLUG, as_version=4)
        assert f"../lessons/{SLUG}" in nb.cells[0].source
