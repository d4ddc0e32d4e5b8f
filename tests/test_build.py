"""Tests for `coursekit build`: solutions/ -> exercises/."""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from coursekit import cli
from coursekit.build import (
    LearnerWorkError,
    SolutionMarkerError,
    build_all,
    build_exercise,
    build_file,
    exercise_path,
    render,
    strip_code_regions,
    strip_markdown_regions,
)
from coursekit.execute import KERNELSPEC

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "solution-notebook.json"
SENTINEL = "SENTINEL_SOLUTION_TEXT"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course root with one solution notebook (copied from the fixture)."""
    (tmp_path / "solutions").mkdir()
    shutil.copy(FIXTURE, tmp_path / "solutions" / "99-fixture.ipynb")
    return tmp_path


@pytest.fixture
def exercise(course: Path) -> nbformat.NotebookNode:
    build_all(course)
    return nbformat.read(course / "exercises" / "99-fixture.ipynb", as_version=4)


# --------------------------------------------------------------------------- the real course


def test_committed_exercises_are_up_to_date() -> None:
    stale = build_all(REPO, check=True)
    assert stale == [], "run `coursekit build`; stale: " + ", ".join(
        p.relative_to(REPO).as_posix() for p in stale
    )


def test_every_solution_has_an_exercise() -> None:
    solutions = {p.name for p in (REPO / "solutions").glob("[0-9][0-9]-*.ipynb")}
    exercises = {p.name for p in (REPO / "exercises").glob("[0-9][0-9]-*.ipynb")}
    assert solutions <= exercises
    assert exercises <= solutions, "exercises without a solution: " + ", ".join(
        sorted(exercises - solutions)
    )


# --------------------------------------------------------------------------- no solution leaks


def test_no_solution_text_anywhere(course: Path) -> None:
    build_all(course)
    text = (course / "exercises" / "99-fixture.ipynb").read_text(encoding="utf-8")
    assert SENTINEL in (course / "solutions" / "99-fixture.ipynb").read_text(encoding="utf-8")
    assert SENTINEL not in text
    assert base64.b64encode(SENTINEL.encode()).decode() not in text
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text


def test_outputs_and_counts_cleared(exercise: nbformat.NotebookNode) -> None:
    for cell in exercise.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
            assert not {"scrolled", "collapsed", "execution"} & set(cell.metadata)


def test_solution_only_cells_removed(exercise: nbformat.NotebookNode) -> None:
    solution = nbformat.read(FIXTURE, as_version=4)
    assert len(solution.cells) == 9
    assert [c.id for c in exercise.cells] == [f"cell-{i}" for i in range(7)]


def test_unnamed_region_uses_last_assignment(exercise: nbformat.NotebookNode) -> None:
    assert exercise.cells[2].source == (
        "events = [1804, 1813, 1828]\n# your answer here\nanswer_1 = ...\ncheck_me = answer_1"
    )


def test_named_and_bare_regions_keep_indentation(exercise: nbformat.NotebookNode) -> None:
    assert exercise.cells[3].source == (
        "def pairs(n):\n    # your answer here\n    total = ...\n    return total\n\n"
        "def answer_2():\n    # your answer here\n    ..."
    )
    assert exercise.cells[4].source == "# your answer here\nanswer_3 = ...\nanswer_4 = ..."


def test_markdown_regions(exercise: nbformat.NotebookNode) -> None:
    partial, whole = exercise.cells[5], exercise.cells[6]
    assert partial.source == (
        "**Question.** Why were Iranians wary?\n\n_Your answer here._\n\nMore text."
    )
    assert "attachments" not in partial
    assert whole.cell_type == "markdown"
    assert whole.source == "_Your answer here._"


def test_everything_else_verbatim(exercise: nbformat.NotebookNode) -> None:
    solution = nbformat.read(FIXTURE, as_version=4)
    assert exercise.cells[0] == solution.cells[0]  # incl. the ../solutions link and tags
    assert exercise.cells[1].source == "import math"
    assert exercise.cells[2].metadata == {"tags": ["q1"]}
    assert exercise.metadata.kernelspec == KERNELSPEC  # what JupyterLab writes
    assert exercise.metadata.coursekit["exercise_set"] == "99"
    assert exercise.metadata.coursekit["generated_from"] == "solutions/99-fixture.ipynb"
    assert "widgets" not in exercise.metadata
    assert exercise.nbformat == 4


def test_exercise_notebook_is_valid(course: Path) -> None:
    build_all(course)
    nbformat.validate(nbformat.read(course / "exercises" / "99-fixture.ipynb", as_version=4))


def test_generated_code_compiles(exercise: nbformat.NotebookNode) -> None:
    for cell in exercise.cells:
        if cell.cell_type == "code":
            compile(cell.source, "<cell>", "exec")


def test_build_exercise_is_pure() -> None:
    nb = nbformat.read(FIXTURE, as_version=4)
    before = render(nb)
    build_exercise(nb)
    assert render(nb) == before


# --------------------------------------------------------------------------- idempotence, --check


def test_idempotent(course: Path) -> None:
    assert build_all(course) == [course / "exercises" / "99-fixture.ipynb"]
    first = (course / "exercises" / "99-fixture.ipynb").read_bytes()
    assert build_all(course) == []
    assert (course / "exercises" / "99-fixture.ipynb").read_bytes() == first
    assert first.endswith(b"}\n")
    # building an exercise again changes nothing either
    again = render(build_exercise(nbformat.reads(first.decode(), as_version=4)))
    assert again.encode() == first


def test_check_detects_missing_and_stale(course: Path) -> None:
    dst = course / "exercises" / "99-fixture.ipynb"
    assert build_all(course, check=True) == [dst]
    assert not dst.exists(), "--check must write nothing"
    build_all(course)
    assert build_all(course, check=True) == []
    dst.write_text(dst.read_text(encoding="utf-8").replace("More text.", "Edited."), "utf-8")
    assert build_all(course, check=True) == [dst]
    assert "Edited." in dst.read_text(encoding="utf-8")


def test_learner_work_is_never_overwritten(course: Path) -> None:
    build_all(course)
    dst = course / "exercises" / "99-fixture.ipynb"
    nb = nbformat.read(dst, as_version=4)
    nb.cells.append(v4.new_code_cell("answer_1 = 42  # my own work"))
    nbformat.write(nb, dst)
    src = course / "solutions" / "99-fixture.ipynb"
    src.write_text(src.read_text(encoding="utf-8").replace("More text.", "Changed."), "utf-8")
    with pytest.raises(LearnerWorkError, match="was not overwritten"):
        build_all(course)
    assert "my own work" in dst.read_text(encoding="utf-8")
    assert build_all(course, check=True) == [dst]


def test_untouched_stale_exercise_is_regenerated(course: Path) -> None:
    build_all(course)
    dst = course / "exercises" / "99-fixture.ipynb"
    src = course / "solutions" / "99-fixture.ipynb"
    src.write_text(src.read_text(encoding="utf-8").replace("More text.", "Changed."), "utf-8")
    assert build_all(course) == [dst]
    assert "Changed." in dst.read_text(encoding="utf-8")


def test_cli_build_refuses_to_overwrite(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_all(course)
    dst = course / "exercises" / "99-fixture.ipynb"
    dst.write_text(dst.read_text(encoding="utf-8").replace("More text.", "Mine."), "utf-8")
    src = course / "solutions" / "99-fixture.ipynb"
    src.write_text(src.read_text(encoding="utf-8").replace("More text.", "Changed."), "utf-8")
    assert cli.main(["build", "--root", str(course)]) == 2
    assert "not overwritten" in capsys.readouterr().err
    assert "Mine." in dst.read_text(encoding="utf-8")


def test_build_file_reports_change(course: Path, tmp_path: Path) -> None:
    src = course / "solutions" / "99-fixture.ipynb"
    dst = tmp_path / "out" / "ex.ipynb"
    assert build_file(src, dst) is True
    assert build_file(src, dst) is False


def test_exercise_path() -> None:
    assert exercise_path(Path("/c/solutions/03-israel.ipynb")) == Path(
        "/c/exercises/03-israel.ipynb"
    )


def test_only_numbered_notebooks_are_built(course: Path) -> None:
    (course / "solutions" / "scratch.ipynb").write_text("not a notebook", encoding="utf-8")
    ckpt = course / "solutions" / ".ipynb_checkpoints"
    ckpt.mkdir()
    shutil.copy(FIXTURE, ckpt / "99-fixture-checkpoint.ipynb")
    assert [p.name for p in build_all(course)] == ["99-fixture.ipynb"]


# --------------------------------------------------------------------------- markers


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("### BEGIN SOLUTION\nx = 1", "without '### END SOLUTION'"),
        ("x = 1\n### END SOLUTION", "line 2: '### END SOLUTION' without a matching BEGIN"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "line 2: nested"),
        ("x = 1  ### BEGIN SOLUTION\n", "must be on its own line"),
        ("### BEGIN SOLUTION 1bad\nx = 1\n### END SOLUTION", "answer names"),
    ],
)
def test_code_marker_errors(source: str, match: str) -> None:
    with pytest.raises(SolutionMarkerError, match=match):
        strip_code_regions(source)


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("<!-- BEGIN SOLUTION -->\nanswer", "without '<!-- END SOLUTION -->'"),
        ("answer\n<!-- END SOLUTION -->", "without a matching BEGIN"),
        ("Text <!-- BEGIN SOLUTION -->\nx\n<!-- END SOLUTION -->", "on its own line"),
        ("### BEGIN SOLUTION\nx\n### END SOLUTION", "in markdown cells"),
    ],
)
def test_markdown_marker_errors(source: str, match: str) -> None:
    with pytest.raises(SolutionMarkerError, match=match):
        strip_markdown_regions(source)


def test_unbalanced_markers_name_notebook_and_cell(course: Path) -> None:
    nb = v4.new_notebook(
        cells=[v4.new_markdown_cell("intro"), v4.new_code_cell("### BEGIN SOLUTION\nx = 1")]
    )
    nbformat.write(nb, course / "solutions" / "98-broken.ipynb")
    with pytest.raises(SolutionMarkerError, match=r"solutions/98-broken\.ipynb, cell 1"):
        build_all(course)


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("answer = 1", ["answer = ..."]),
        ("a = 1\nb = a + 1", ["b = ..."]),
        ("a, *rest = [1, 2]", ["a = ...", "rest = ..."]),
        ("x: int = 3", ["x = ..."]),
        ("total = 0\ntotal += 5", ["total = ..."]),
        ("frame = {}\nframe['k'] = 1", ["frame = ..."]),
        ("print('hi')", ["..."]),
        ("for i in range(3):\n    inner = i", ["..."]),
        ("%timeit x = 1", ["..."]),
    ],
)
def test_placeholder_names(region: str, expected: list[str]) -> None:
    source = f"### BEGIN SOLUTION\n{region}\n### END SOLUTION"
    assert strip_code_regions(source).split("\n") == ["# your answer here", *expected]


# --------------------------------------------------------------------------- cli


def test_cli_build_and_check(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", "--check", "--root", str(course)]) == 1
    out = capsys.readouterr().out
    assert "stale exercises" in out and "exercises/99-fixture.ipynb" in out
    assert cli.main(["build", "--root", str(course)]) == 0
    assert capsys.readouterr().out == "wrote exercises/99-fixture.ipynb\n"
    assert cli.main(["build", "--check", "--root", str(course)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_cli_build_reports_marker_errors(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nbformat.write(
        v4.new_notebook(cells=[v4.new_code_cell("### END SOLUTION")]),
        course / "solutions" / "98-broken.ipynb",
    )
    assert cli.main(["build", "--root", str(course)]) == 2
    assert "98-broken.ipynb, cell 0" in capsys.readouterr().err


def test_cli_without_solutions_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", "--root", str(tmp_path)]) == 2
    assert "no solutions/ folder" in capsys.readouterr().err


def test_cli_grade_is_registered() -> None:
    help_text = cli.make_parser().format_help()
    assert "build" in help_text and "grade" in help_text


def test_cli_import_is_light() -> None:
    code = (
        "import sys, coursekit.cli; "
        "heavy = {'nbformat', 'coursekit.build', 'coursekit.grade'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_mystnb_alt_text_is_not_copied_into_exercises() -> None:
    """A solution cell's figure alt text describes an output the exercise does not have."""
    alt = {"image": {"alt": "Bars of the index by decade"}, "figure": {"caption": "x"}}
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("coursekit.plots.show(fig, alt='Bars')",
                         metadata={"mystnb": alt, "tags": ["keep"]}),
        v4.new_code_cell("x = 1", metadata={"mystnb": {**alt, "code_prompt_show": "Show"}}),
    ])
    ex = build_exercise(nb)
    assert ex.cells[0].metadata == {"tags": ["keep"]}
    assert ex.cells[1].metadata == {"mystnb": {"code_prompt_show": "Show"}}
    for path in sorted((REPO / "exercises").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        assert not [c for c in cells if "mystnb" in c.metadata], path.name
