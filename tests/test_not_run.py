"""A check cell never raises: run before its answer cell, it says "Not answered".

The builder writes every exercise check cell as
``check("01.1", globals().get("answer_1", NOT_RUN))`` with its own import
(:func:`coursekit.build.guard_check_cells`). Here each check cell of every exercise set,
built from ``solutions/`` as ``coursekit build`` does, is run on its own in a fresh
namespace (as in a kernel just restarted), and the grader's judge reads the sentinel as
"not answered".
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
import pytest

from coursekit import NOT_RUN, check
from coursekit.build import CHECK_IMPORT, build_exercise, guard_check_cells
from coursekit.checks.compare import NotRun, is_missing
from coursekit.checks.wire import decode, encode
from coursekit.grade.judge import judge

REPO = Path(__file__).resolve().parents[1]
GUARDED_1 = 'check("01.1", globals().get("answer_1", NOT_RUN))'
GUARDED_X = 'check("03.p2", globals().get("x", NOT_RUN))'
SOLUTIONS = sorted((REPO / "solutions").glob("[0-9][0-9]-*.ipynb"))


def _check_cells(path: Path) -> list[tuple[int, str]]:
    nb = build_exercise(nbformat.read(path, as_version=4), name=path.name)
    return [
        (i, c.source)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and "globals().get(" in c.source
    ]


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_every_check_cell_runs_before_its_answer_cell(path: Path) -> None:
    cells = _check_cells(path)
    assert cells, f"{path.name}: no guarded check cell was generated"
    for index, source in cells:
        namespace: dict = {}  # a fresh kernel: nothing has run, not even the import cell
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(source, f"{path.name} cell {index}", "exec"), namespace)  # noqa: S102
        line = out.getvalue().strip()
        assert line.startswith("Not answered"), (path.name, index, line)
        assert line.endswith("run the answer cell above first"), (path.name, index, line)
        assert "Error" not in line and "Traceback" not in line


def test_guarded_cell_checks_the_answer_once_it_exists(capsys: pytest.CaptureFixture[str]):
    source = guard_check_cells('check("01.5", answer_5)')
    namespace: dict = {"answer_5": "b"}
    exec(source, namespace)  # noqa: S102
    assert capsys.readouterr().out.startswith("Correct")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('check("01.1", answer_1)', [CHECK_IMPORT, GUARDED_1]),
        ("coursekit.check('03.p2', x)", [CHECK_IMPORT, GUARDED_X]),
        ('check("01.1", answer_1 + 1)', ['check("01.1", answer_1 + 1)']),
        ("answer_1 = ...", ["answer_1 = ..."]),
    ],
)
def test_guard_check_cells(source: str, expected: list[str]) -> None:
    assert guard_check_cells(source).split("\n") == expected


def test_not_run_is_one_sentinel() -> None:
    import copy
    import pickle

    assert NotRun() is NOT_RUN
    assert copy.deepcopy(NOT_RUN) is NOT_RUN
    assert pickle.loads(pickle.dumps(NOT_RUN)) is NOT_RUN
    assert is_missing(NOT_RUN) and repr(NOT_RUN) == "NOT_RUN"


def test_check_says_not_answered_for_not_run(capsys: pytest.CaptureFixture[str]) -> None:
    result = check("01.1", NOT_RUN)
    assert result.passed is None and result.points == 0
    assert result.message == "not answered: run the answer cell above first"
    assert capsys.readouterr().out.startswith("Not answered")


def test_the_grader_reads_not_run_as_not_answered() -> None:
    doc = encode(NOT_RUN)
    assert doc == {"t": "notrun"} and decode(doc) is NOT_RUN
    rows = judge([{"id": "01.1", "answer": doc, "error": None}], "01")
    row = next(r for r in rows if r["question_id"] == "01.1")
    assert (row["outcome"], row["points"]) == ("not answered", 0.0)
    assert row["message"] == "not answered: run the answer cell above first"
