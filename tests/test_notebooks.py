"""Notebooks are code: clean, deterministic, and navigable as one course.

These tests read the notebooks as JSON (no kernel): hygiene for every notebook, outputs
where readers need them (lessons, solutions) and none where learners start (exercises),
and the course map of the README walked through the notebooks' own links.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
ALL = LESSONS + SOLUTIONS + EXERCISES


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_notebook_is_clean(path):
    nb = _read(path)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for index, cell in enumerate(nb.cells):
        where = f"{path.name} cell {index}"
        assert "execution" not in cell.metadata, f"{where}: timing metadata (use coursekit execute)"
        assert cell.source.strip(), f"{where}: empty cell"
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{where}: stored error output"
            if output.output_type == "stream":
                assert output.name == "stdout" or "Warning" not in output.text, (
                    f"{where}: a warning is stored in the output"
                )
            text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"0x[0-9a-f]{8,}", text), f"{where}: a memory address"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=_ids(LESSONS + SOLUTIONS))
def test_readers_see_outputs(path):
    nb = _read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "run it: coursekit execute"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: not run top to bottom once"


@pytest.mark.parametrize("path", EXERCISES, ids=_ids(EXERCISES))
def test_learners_start_without_outputs(path):
    nb = _read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert "widgets" not in nb.metadata


# ------------------------------------------------------------------ the course map
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAP_LINKS = re.findall(r"\]\((lessons/\d\d-[\w-]+\.ipynb)\)", README)


def _links(nb: nbformat.NotebookNode, cells=None) -> list[str]:
    chosen = nb.cells if cells is None else [nb.cells[i] for i in cells]
    text = "\n".join(c.source for c in chosen if c.cell_type == "markdown")
    return re.findall(r"\]\(([^)\s]+\.ipynb)[^)]*\)", text)


def test_readme_lists_the_whole_course():
    assert [Path(p).name[:2] for p in MAP_LINKS] == [f"{i:02d}" for i in range(10)]


@pytest.mark.parametrize("link", MAP_LINKS)
def test_lesson_in_readme_exists_with_objectives_and_key_points(link):
    path = ROOT / link
    assert path.exists(), f"README lists {link}, which does not exist"
    nb = _read(path)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown" and "## Objectives" in first.source
    assert "## Questions" in first.source
    assert last.cell_type == "markdown" and "## Key points" in last.source


@pytest.mark.parametrize("link", MAP_LINKS[1:])
def test_lesson_links_its_exercise_set_and_back(link):
    lesson = ROOT / link
    exercise = f"../exercises/{lesson.name}"
    assert exercise in _links(_read(lesson)), f"{lesson.name} does not link {exercise}"
    back = f"../lessons/{lesson.name}"
    for folder in ("exercises", "solutions"):
        assert back in _links(_read(ROOT / folder / lesson.name)), f"{folder}/{lesson.name}"


def test_lessons_chain_from_00_to_08():
    """A learner can go from lesson 00 to lesson 08 by each lesson's "next" link."""
    current, seen = ROOT / MAP_LINKS[0], []
    while current.name not in seen:
        seen.append(current.name)
        nb = _read(current)
        later = [
            link
            for link in _links(nb, cells=[0, -1])
            if "/" not in link and link[:2].isdigit() and link[:2] > current.name[:2]
        ]
        if not later:
            break
        current = current.parent / later[0]
        assert current.exists(), f"broken next link to {current.name}"
    names = [Path(p).name for p in MAP_LINKS]
    assert seen == names


def test_lesson_08_links_back_to_lesson_07():
    """Lesson 08 is reachable from the map and leads back to 07 and the start."""
    lesson = ROOT / "lessons" / "08-reading-the-treaties.ipynb"
    nb = _read(lesson)
    for cells in ([0], [-1]):
        links = _links(nb, cells=cells)
        assert "07-epilogue.ipynb" in links and "00-orientation.ipynb" in links


# -------------------------------------- no test or teaching machinery for learners
NBVAL_COMMENT = re.compile(r"(?m)^\s*#\s*(NBVAL_|PYTEST_VALIDATE_)\w*")


def _nbval_tags() -> set[str]:
    from nbval.plugin import metadata_tags  # the tag names nbval itself reads

    return set(metadata_tags)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_nbval_markers_are_cell_tags_not_comments(path):
    nb = _read(path)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert not NBVAL_COMMENT.search(cell.source), (
            f"{path.name} cell {index}: an nbval comment; use the cell tag "
            "(e.g. nbval-ignore-output)")
        tags = cell.metadata.get("tags", [])
        unknown = [t for t in tags if t.startswith("nbval") and t not in _nbval_tags()]
        assert not unknown, f"{path.name} cell {index}: nbval does not read {unknown}"


def test_nbval_tags_are_the_ones_nbval_reads():
    assert {"nbval-ignore-output", "nbval-check-output", "nbval-skip"} <= _nbval_tags()


def test_the_builder_keeps_tags_and_turns_comment_markers_into_tags():
    from coursekit.build import build_exercise

    solution = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("widgets.timeline()",
                                  metadata={"tags": ["nbval-ignore-output"]}),
        nbformat.v4.new_code_cell("# NBVAL_SKIP\nslow()\n# NBVAL_IGNORE_OUTPUT",
                                  metadata={"tags": ["keep-me"]}),
    ])
    cells = build_exercise(solution).cells
    assert cells[0].metadata.tags == ["nbval-ignore-output"]
    assert cells[1].source == "slow()"
    assert cells[1].metadata.tags == ["keep-me", "nbval-skip", "nbval-ignore-output"]
    assert solution.cells[1].source.startswith("# NBVAL_SKIP")  # the input is not modified


def _unfolded(markdown: str) -> str:
    """Markdown outside ``<details>…</details>`` blocks (what a reader sees unfolded)."""
    return re.sub(r"(?is)<details>.*?</details>", "", markdown)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_no_unfolded_instructor_note(path):
    nb = _read(path)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert not re.search(r"(?i)instructor\W+note", _unfolded(cell.source)), (
                f"{path.name} cell {index}: an instructor note learners see; move it to "
                "instructors/guide.md (the lesson's section) or fold it in <details>")


def test_unfolded_sees_through_details_only():
    note = "> **Instructor note.** Ask first."
    assert "Instructor note" in _unfolded(note)
    assert "Instructor note" not in _unfolded(
        f"Text.\n\n<details>\n<summary>For instructors</summary>\n\n{note}\n</details>")


def test_the_guide_keeps_the_lessons_instructor_notes():
    guide = (ROOT / "instructors" / "guide.md").read_text(encoding="utf-8")
    sections = re.split(r"(?m)^#### Lesson (\d\d)", guide)
    notes = {sections[i]: sections[i + 1].count("\n##### Instructor notes\n")
             for i in range(1, len(sections), 2)}
    assert all(notes[f"{n:02d}"] == 1 for n in range(8)), notes
