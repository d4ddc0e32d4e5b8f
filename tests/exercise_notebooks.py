"""Shared checks of an exercise set's two notebooks (used by ``tests/test_setNN.py``).

A set's exercise notebook must not show the solutions notebook's solution text, and
both notebooks need an answer cell and a ``check`` cell for every question of the set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

from coursekit.build import guard_check_cells
from coursekit.checks.core import Question

ROOT = Path(__file__).resolve().parents[1]


def solution_lines(slug: str) -> set[str]:
    """Return every non-trivial line inside a solution region of the solutions notebook.

    Parameters
    ----------
    slug : str
        The notebook's file name, e.g. ``"06-the-verdict.ipynb"``.

    Returns
    -------
    set of str
        The stripped lines longer than 12 characters.
    """
    nb = nbformat.read(ROOT / "solutions" / slug, as_version=4)
    lines: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            pattern = r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION"
        else:
            pattern = r"<!-- BEGIN SOLUTION -->(.*?)<!-- END SOLUTION -->"
        for region in re.findall(pattern, cell.source, flags=re.S):
            lines |= {ln.strip() for ln in region.splitlines() if len(ln.strip()) > 12}
    return lines


def assert_exercise_notebook_shows_no_solution_text(slug: str, min_lines: int) -> None:
    """Assert that no solution line leaks into the exercise notebook, which has no outputs.

    Parameters
    ----------
    slug : str
        The notebook's file name.
    min_lines : int
        At least this many solution lines must be found (so the test cannot pass
        vacuously).
    """
    text = (ROOT / "exercises" / slug).read_text(encoding="utf-8")
    lines = solution_lines(slug)
    assert len(lines) >= min_lines
    leaked = sorted(line for line in lines if line in text)
    assert not leaked, leaked
    nb = nbformat.reads(text, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def assert_answer_and_check_cells(slug: str, questions: Iterable[Question]) -> None:
    """Assert that both notebooks have ``answer_N = ...`` and a check cell for ``answer_N``.

    The solutions' check cell is ``check("NN.N", answer_N)``; the exercise's is the guarded
    form the builder writes (:func:`coursekit.build.guard_check_cells`).

    Parameters
    ----------
    slug : str
        The notebook's file name.
    questions : iterable of Question
        The set's questions.
    """
    questions = list(questions)
    for folder in ("solutions", "exercises"):
        nb = nbformat.read(ROOT / folder / slug, as_version=4)
        sources = [c.source.strip() for c in nb.cells if c.cell_type == "code"]
        for q in questions:
            n = q.id.split(".")[1]
            call = f'check("{q.id}", answer_{n})'
            if folder == "exercises":
                call = guard_check_cells(call)
            assert call in sources, (folder, q.id)
            assert any(f"answer_{n} =" in s for s in sources), (folder, q.id)


def assert_notebooks_link_back_to_the_lesson(slug: str) -> None:
    """Assert that both notebooks' first cell links to the lesson of the same name.

    Parameters
    ----------
    slug : str
        The notebook's file name.
    """
    for folder in ("solutions", "exercises"):
        nb = nbformat.read(ROOT / folder / slug, as_version=4)
        assert f"../lessons/{slug}" in nb.cells[0].source
