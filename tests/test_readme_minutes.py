"""The README's minutes per lesson match the lesson's text at the reading speed it states.

The course map in README.md gives each lesson's minutes of study and says what they
assume: prose read at :data:`WORDS_PER_MINUTE`, :data:`MINUTES_PER_CODE_CELL` for each code
cell (run it, read its output) and :data:`MINUTES_PER_PRACTICE` for each practice cell (a
code cell in which the learner assigns ``practice_N`` and checks it). This test recomputes
each lesson's minutes from its markdown words and its code and practice cells, and fails
when the README's row is more than :data:`SLACK` away, so the minutes move with the text.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))

#: The reading speed and the time per cell that the README's sentence states.
WORDS_PER_MINUTE = 200
MINUTES_PER_CODE_CELL = 1
MINUTES_PER_PRACTICE = 5

#: How far the README's minutes may be from the computed ones (a share of the computed).
SLACK = 0.25

_PRACTICE = re.compile(r"^\s*practice_\d+\s*=", re.MULTILINE)
_ROW = re.compile(
    r"^\|\s*(\d\d)\s*\|\s*\[[^\]]*\]\(lessons/[^)]+\)\s*\|\s*(\d+)\b[^|]*\|", re.MULTILINE
)


def lesson_minutes(path: Path) -> float:
    """Minutes of study for one lesson notebook, by the README's rule."""
    cells = nbformat.read(path, as_version=4).cells
    words = sum(len(c.source.split()) for c in cells if c.cell_type == "markdown")
    code = [c for c in cells if c.cell_type == "code"]
    practice = sum(1 for c in code if _PRACTICE.search(c.source))
    return (
        words / WORDS_PER_MINUTE
        + (len(code) - practice) * MINUTES_PER_CODE_CELL
        + practice * MINUTES_PER_PRACTICE
    )


def readme_minutes() -> dict[str, int]:
    """Lesson number -> the minutes in its row of the README's course map (the number that
    starts the Minutes cell; a note may follow it)."""
    return {number: int(minutes) for number, minutes in _ROW.findall(README.read_text())}


def test_the_readme_states_the_reading_speed():
    text = " ".join(README.read_text().split())
    assert f"{WORDS_PER_MINUTE} words a minute" in text
    assert f"{MINUTES_PER_CODE_CELL} minute for each code cell" in text
    assert f"{MINUTES_PER_PRACTICE} minutes for each practice cell" in text


def test_a_practice_cell_is_counted_as_practice(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(" ".join(["word"] * 400)),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell('practice_1 = ...\ncoursekit.check("00.p1", practice_1)'),
    ]
    path = tmp_path / "99-test.ipynb"
    nbformat.write(notebook, path)
    assert lesson_minutes(path) == 2 + 1 + 5


@pytest.mark.parametrize("path", LESSONS, ids=[p.name[:2] for p in LESSONS])
def test_readme_minutes_match_the_lesson(path):
    number = path.name[:2]
    rows = readme_minutes()
    assert number in rows, f"README.md's course map has no row for lesson {number}"
    computed = lesson_minutes(path)
    stated = rows[number]
    assert abs(stated - computed) <= SLACK * computed, (
        f"lesson {number}: the README says {stated} minutes; its text makes "
        f"{computed:.0f} ({WORDS_PER_MINUTE} words a minute, {MINUTES_PER_CODE_CELL} min per "
        f"code cell, {MINUTES_PER_PRACTICE} per practice cell): update its row"
    )
