"""Tests for ``coursekit grade`` (src/coursekit/grade/).

The fixture submissions in tests/fixtures/submissions/ (regenerate them with
``python tests/fixtures/submissions/_make.py``) check a tiny question set (99.x, and 98.1
for "the wrong exercise set") registered by tests/fixtures/submissions/ckfixture.py, so
they test the grader whatever the course's own questions become. The course's real
solutions/ and exercises/ notebooks are graded too: full marks and zero respectively.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from coursekit.grade import (
    OUTCOMES,
    SandboxUnavailable,
    add_arguments,
    grade,
    run,
    scan_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "submissions"
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))

# generous for a loaded CI machine; the slow fixture needs 9 s, so it always trips 8 s
CELL_TIMEOUT = 5.0
NOTEBOOK_TIMEOUT = 8.0


@pytest.fixture(scope="module")
def fixture_questions():
    """Register the 98/99 fixture questions here and in every kernel the grader starts."""
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(FIXTURES))
    old = sys.modules.get("ckfixture")
    import os

    mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(FIXTURES),
                                                           os.environ.get("PYTHONPATH")])))
    module = importlib.import_module("ckfixture")
    yield module
    from coursekit.checks.core import unregister

    for q in module.QUESTIONS:
        unregister(q.id)
    if old is None:
        sys.modules.pop("ckfixture", None)
    mp.undo()


@pytest.fixture
def require_sandbox():
    """Call it to skip (with the reason) where bubblewrap does not work; with
    ``COURSEKIT_REQUIRE_SANDBOX=1`` (set by .ci/run) that is a failure instead."""

    def need() -> None:
        import os

        from coursekit.grade.sandbox import probe

        reason = probe()
        if reason and os.environ.get("COURSEKIT_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"{reason} (COURSEKIT_REQUIRE_SANDBOX=1: the sandbox must work)")
        if reason:
            pytest.skip(f"{reason}: sandboxed grading not tested "
                        "(CI sets COURSEKIT_REQUIRE_SANDBOX=1)")

    return need


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def graded(fixture_questions, tmp_path_factory):
    """Grade every fixture submission (good and bad together) once, with two jobs."""
    before = _digests(FIXTURES)
    out = tmp_path_factory.mktemp("grade") / "gradebook.csv"
    book = grade(
        [FIXTURES / "good", str(FIXTURES / "bad" / "*.ipynb")],
        out,
        jobs=2,
        timeout=CELL_TIMEOUT,
        notebook_timeout=NOTEBOOK_TIMEOUT,
        progress=False,
        python_path=[FIXTURES],
    )
    after = _digests(FIXTURES)
    return {"book": book.set_index("student"), "out": out, "before": before, "after": after}


# ----------------------------------------------------------------------------- bad ones

EXPECTED_ERRORS = {
    "empty": "not a valid notebook: the file is empty",
    "not_json": "not a valid notebook: not JSON",
    "truncated": "not a valid notebook: not JSON",
    "not_a_notebook": "not a valid notebook: JSON without notebook cells",
    "wrong_set": "submission is for exercise set 98, expected 99",
    "endless_loop": f"timed out after {CELL_TIMEOUT:g} s in cell 4 (`while True:`)",
    "slow_notebook": f"timed out after {NOTEBOOK_TIMEOUT:g} s (the whole notebook)",
    "kernel_dies": "the kernel died (exit code 3)",
}


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
@pytest.mark.parametrize("student", sorted(EXPECTED_ERRORS))
def test_bad_submission_is_an_error_row(graded, student):
    row = graded["book"].loc[student]
    assert row["status"] == "error"
    assert EXPECTED_ERRORS[student] in row["error"]
    assert pd.isna(row["total"]) and pd.isna(row["99.1"])
    assert row["max_total"] == 3  # 99.1 (2 points) + 99.2 (1); 99.3 is written


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
@pytest.mark.parametrize(
    ("student", "review"),
    [
        ("patches_at_runtime", ""),
        ("redefines_check",
         "cell 3, line 1 (`def check(question_id, answer):`) defines its own function `check`"),
        ("redefines_coursekit", "cell 3, line 2 (`coursekit = types.SimpleNamespace("),
    ],
)
def test_tampering_earns_only_what_its_answers_earn(graded, student, review):
    # answers are judged in the grader's process, so patching or replacing check() in the
    # kernel changes nothing: graded (nothing reached the real check), flagged for review
    row = graded["book"].loc[student]
    assert row["status"] == "graded" and row["total"] == 0
    if review:
        assert review in row["review"]


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_error_rows_in_details_and_feedback(graded):
    details = pd.read_csv(graded["out"].with_name("gradebook_details.csv"))
    rows = details[details["student"] == "kernel_dies"]
    assert set(rows["outcome"]) == {"error"}
    assert rows["message"].str.contains("the kernel died").all()
    text = (graded["out"].parent / "feedback" / "kernel_dies.md").read_text(encoding="utf-8")
    assert "could not grade this notebook" in text and "the kernel died" in text


# ----------------------------------------------------------------------------- good ones


def _details(graded, student):
    details = graded["book"].attrs["details"]
    return details[details["student"] == student].set_index("question_id")


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_good_submissions_are_graded_beside_bad_ones(graded):
    book = graded["book"]
    graded_rows = book[book["status"] == "graded"]
    assert sorted(graded_rows.index) == ["alice", "bob", "carol", "dave", "erin",
                                         "patches_at_runtime", "redefines_check",
                                         "redefines_coursekit"]
    assert list(book.columns) == [
        "file", "status", "error", "review", "99.1", "99.2", "99.3", "total", "max_total"
    ]
    assert (graded_rows["error"].fillna("") == "").all()


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_all_correct(graded):
    row = graded["book"].loc["alice"]
    assert (row["99.1"], row["99.2"], row["total"], row["max_total"]) == (2, 1, 3, 3)
    d = _details(graded, "alice")
    assert list(d["outcome"]) == ["passed", "passed", "written"]
    assert pd.isna(row["99.3"])  # the written answer is left for the instructor


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_wrong_and_unanswered(graded):
    assert graded["book"].loc["bob", "total"] == 0
    d = _details(graded, "bob")
    assert list(d["outcome"]) == ["failed", "not answered", "not answered"]
    assert "divide by two" in d.loc["99.1", "message"]  # the check's own hint


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_moved_duplicated_and_failing_cells(graded):
    d = _details(graded, "carol")
    # 99.2 was checked twice (wrong, then right): the last verdict counts
    assert d.loc["99.2", "outcome"] == "passed"
    # 99.1's cell raised before its check ran
    assert d.loc["99.1", "outcome"] == "error"
    assert "NameError" in d.loc["99.1", "message"]
    assert d.loc["99.3", "outcome"] == "written"
    assert graded["book"].loc["carol", "total"] == 1


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_student_named_after_folder_when_file_names_collide(graded):
    assert graded["book"].loc["dave", "99.1"] == 2
    assert graded["book"].loc["erin", "total"] == 1
    d = _details(graded, "dave")
    assert d.loc["99.2", "message"] == 'no check("99.2", …) ran'


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_outputs_written(graded):
    out = graded["out"]
    book = pd.read_csv(out)
    assert len(book) == 16
    details = pd.read_csv(out.with_name("gradebook_details.csv"))
    assert set(details["outcome"]) <= set(OUTCOMES)
    assert len(details) == 16 * 3
    feedback = sorted(p.stem for p in (out.parent / "feedback").glob("*.md"))
    assert feedback == sorted(book["student"])
    text = (out.parent / "feedback" / "bob.md").read_text(encoding="utf-8")
    assert "0 of 3 points" in text and "divide by two" in text


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_submissions_never_modified(graded):
    assert graded["before"] == graded["after"]


# ----------------------------------------------------------------------------- options


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_explicit_set_rejects_other_sets(fixture_questions, tmp_path):
    book = grade([FIXTURES / "good" / "alice.ipynb"], tmp_path / "b.csv", exercise_set="98",
                 progress=False, python_path=[FIXTURES])
    assert book.loc[0, "error"] == "submission is for exercise set 99, expected 98"
    assert list(book.columns)[5:] == ["98.1", "total", "max_total"]


def test_nothing_to_grade(tmp_path):
    with pytest.raises(ValueError, match="no submissions found"):
        grade([str(tmp_path / "*.ipynb")], tmp_path / "b.csv", progress=False)


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_unsandboxed_kernels_and_cli(fixture_questions, tmp_path, capsys):
    """--sandbox off (other platforms) through the CLI entry points."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "book.csv"
    args = parser.parse_args([
        str(FIXTURES / "good" / "alice.ipynb"), str(FIXTURES / "bad" / "kernel_dies.ipynb"),
        str(FIXTURES / "bad" / "missing.ipynb"), "--out", str(out), "--jobs", "2",
        "--sandbox", "off", "--timeout", str(CELL_TIMEOUT), "--python-path", str(FIXTURES),
    ])
    assert run(args) == 0
    captured = capsys.readouterr()
    summary = captured.out.strip()
    assert summary.startswith("graded 1 of 3 submissions (2 errors) in ")
    assert summary.endswith(f"→ {out}")
    assert "submissions are NOT isolated" in captured.err
    book = pd.read_csv(out).set_index("student")
    assert book.loc["alice", "total"] == 3
    assert book.loc["kernel_dies", "error"].startswith("the kernel died (exit code 3")
    assert book.loc["missing", "error"] == "file not found"
    assert json.loads((tmp_path / "book_run.json").read_text())["sandbox"].startswith("off")


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_sandbox_auto_falls_back_and_says_so(fixture_questions, tmp_path, monkeypatch, capsys):
    from coursekit.grade import sandbox

    monkeypatch.setattr(sandbox, "probe", lambda: "bubblewrap (bwrap) is not installed")
    book = grade([FIXTURES / "good" / "alice.ipynb"], tmp_path / "b.csv", progress=False,
                 python_path=[FIXTURES])
    assert book.loc[0, "total"] == 3
    assert book.attrs["sandbox"] == "off: not isolated (bubblewrap (bwrap) is not installed)"
    assert "NOT isolated" in capsys.readouterr().err
    run_json = json.loads((tmp_path / "b_run.json").read_text())
    assert run_json["sandbox"] == book.attrs["sandbox"]
    with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
        grade([FIXTURES / "good" / "alice.ipynb"], tmp_path / "c.csv", progress=False,
              sandbox="require")


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
def test_grade_inside_a_running_event_loop(fixture_questions, tmp_path):
    """An instructor may call grade() from a notebook, where an event loop is running."""
    import asyncio

    async def in_loop() -> pd.DataFrame:
        return grade([FIXTURES / "good" / "alice.ipynb"], tmp_path / "b.csv", progress=False,
                     python_path=[FIXTURES])

    book = asyncio.run(in_loop())
    assert book.loc[0, "total"] == 3


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
@pytest.mark.parametrize("sandboxed", [False, True], ids=["unsandboxed", "sandboxed"])
def test_each_kernel_is_fresh(sandboxed, require_sandbox):
    """Each submission's kernel is a new process that knows nothing of the one before and
    was started with the grading environment (check() silent, nothing of the grader's)."""
    import asyncio

    from coursekit.grade import kernels
    from coursekit.grade.sandbox import Limits

    if sandboxed:
        require_sandbox()

    async def run(kernel, code: str) -> str:
        seen: list[str] = []
        await kernel.kc.execute_interactive(
            code, output_hook=lambda m: seen.append(m["content"].get("text", "")), timeout=60
        )
        return "".join(seen)

    async def probe() -> tuple[str, str]:
        factory = kernels.KernelFactory(sandboxed, Limits(), cpu_seconds=120)
        try:
            first, second = await asyncio.gather(factory.start(), factory.start())
            try:
                await run(first, "student_answer = 41")
                code = ("import os\n"
                        "print('student_answer' in dir(), os.environ['COURSEKIT_GRADING'],"
                        " 'PYTEST_CURRENT_TEST' in os.environ, os.getpid())")
                return await run(first, code), await run(second, code)
            finally:
                await kernels.kill(first, factory)
                await kernels.kill(second, factory)
        finally:
            factory.close()

    first, second = (out.split() for out in asyncio.run(probe()))
    assert first[:3] == ["True", "1", "False"]
    assert second[:3] == ["False", "1", "False"]
    assert first[3] != second[3] or sandboxed  # (in the sandbox each may be pid 2)


# ----------------------------------------------------------------------------- static scan


def _scan(*cells: str) -> list[str]:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    return scan_notebook(nb)["tampering"]


@pytest.mark.parametrize(
    "source",
    [
        "check = print",
        "def check(q, a):\n    pass",
        "class check:\n    pass",
        "import os as check",
        "from os import path as check",
        "from mytools import check",
        "import json as coursekit",
        "coursekit.check = print",
        "coursekit.checks.core.RESULTS.append(1)\ncoursekit.checks.core.RESULTS = []",
        "setattr(coursekit, 'check', print)",
        "globals()['check'] = print",
        "globals().update(check=print)",
        "import sys\nsys.modules['coursekit'] = None",
        "for check in range(3):\n    pass",
        "def f():\n    global check\n    check = 1",
        "with open('x') as coursekit:\n    pass",
        "(check := 5)",
        "%time check = 1",
    ],
)
def test_scan_finds_tampering(source):
    found = _scan(source)
    assert found and found[0].startswith("cell 1, line ")


@pytest.mark.parametrize(
    "source",
    [
        "import coursekit\ncoursekit.check('01.1', 5)",
        "from coursekit import check\ncheck('01.1', 5)",
        "from coursekit.checks import check",
        "import coursekit as ck\nck.check('01.1', 5)",
        "import coursekit.checks",
        "def f(check):\n    return check + 1",
        "def g():\n    check = 3\n    return check",
        "checks = [1, 2]\nchecked = True",
        "!ls\n%matplotlib inline",
        "this is not python (",
    ],
)
def test_scan_accepts_ordinary_code(source):
    assert _scan(source) == []


def test_scan_finds_exercise_set_from_check_ids_or_metadata():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("check('03.1', 1)\ncoursekit.check('03.2', 2)"),
        nbformat.v4.new_code_cell("check(question_id='01.5', answer=2)"),
    ])
    found = scan_notebook(nb)
    assert found["exercise_set"] == "03"
    assert found["check_cells"] == {0: ["03.1", "03.2"], 1: ["01.5"]}
    empty = nbformat.v4.new_notebook(metadata={"coursekit": {"exercise_set": "4"}})
    assert scan_notebook(empty)["exercise_set"] == "04"


# ----------------------------------------------------------------------------- the course


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_solution_gets_full_marks(path, tmp_path):
    book = grade([path], tmp_path / "gradebook.csv", jobs=1, progress=False)
    row = book.iloc[0]
    details = book.attrs["details"]
    assert row["status"] == "graded", row["error"]
    bad = details[~details["outcome"].isin(["passed", "written"])]
    assert bad.empty, bad[["question_id", "outcome", "message"]].to_string()
    assert row["total"] == row["max_total"] > 0


@pytest.mark.slow  # starts kernels (grading runs): not in `make check`
@pytest.mark.parametrize("path", EXERCISES, ids=[p.stem for p in EXERCISES])
def test_exercise_as_shipped_gets_zero(path, tmp_path):
    book = grade([path], tmp_path / "gradebook.csv", jobs=1, progress=False)
    row = book.iloc[0]
    details = book.attrs["details"]
    assert row["status"] == "graded", row["error"]
    assert row["total"] == 0
    assert set(details["outcome"]) == {"not answered"}, details.to_string()


def test_symbolic_links_are_refused_and_keep_their_rows(tmp_path):
    # red team: alice's link to bob's notebook was merged into one row (bob's row lost,
    # alice graded with bob's answers); a link to /etc/shadow was read by the grader
    from coursekit.grade.submissions import read_notebook, resolve_paths

    (tmp_path / "alice").mkdir()
    (tmp_path / "bob").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "bob" / "ex.ipynb")
    (tmp_path / "alice" / "ex.ipynb").symlink_to("../bob/ex.ipynb")
    (tmp_path / "erin").symlink_to("bob")
    files, skipped = resolve_paths([tmp_path])
    assert sorted(f.relative_to(tmp_path).as_posix() for f in files) == [
        "alice/ex.ipynb", "bob/ex.ipynb"]
    nb, why = read_notebook(tmp_path / "alice" / "ex.ipynb")
    assert nb is None and why.startswith("not graded: the file is a symbolic link")
    assert read_notebook(tmp_path / "bob" / "ex.ipynb")[1] == ""
    files, skipped = resolve_paths([str(tmp_path / "*" / "ex.ipynb")])
    assert len(files) == 2
    assert skipped == [f"skipped {tmp_path / 'erin' / 'ex.ipynb'}: in a linked folder "
                       "(a symbolic link)"]


@pytest.mark.parametrize("source", ["x = " + "(" * 100_000 + "1" + ")" * 100_000,
                                    "x = " + "-" * 1_000_000 + "1",
                                    "%time x = " + "-" * 1_000_000 + "1",
                                    "x = " + "1 + " * 300_000 + "1"])
def test_a_cell_nested_too_deeply_is_flagged_not_a_crash(source, monkeypatch):
    # red team: such a cell stopped the whole run (MemoryError in the scan): no gradebook.
    # On Python 3.12 the parser took 22 GB on the second one before giving up (the OOM
    # killer took the test worker), and IPython's transform, which tokenizes the whole
    # cell at once, took more than 5 GB; so such a cell never reaches either.
    import ast

    from coursekit.grade import scan
    from coursekit.grade.kernels import warm_modules
    from coursekit.grade.scan import scan_notebook

    parse, transform = ast.parse, scan._python_source

    def guarded_parse(text, *args, **kwargs):
        assert len(text) < 10_000, "a parser bomb reached ast.parse"
        return parse(text, *args, **kwargs)

    def guarded_transform(text):
        assert len(text) < 10_000, "a parser bomb reached IPython's transform"
        return transform(text)

    monkeypatch.setattr(ast, "parse", guarded_parse)
    monkeypatch.setattr(scan, "_python_source", guarded_transform)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("check('01.1', 3)"),
                                         nbformat.v4.new_code_cell(source)])
    found = scan_notebook(nb)
    assert found["exercise_set"] == "01"
    assert warm_modules([nb]) == ()
    assert found["review"] == ["cell 2: too long or nested too deeply to be read"]


def test_json_nested_too_deeply_is_an_error_row(tmp_path):
    from coursekit.grade.submissions import read_notebook

    nb = json.loads(nbformat.writes(nbformat.v4.new_notebook()))
    nb["metadata"]["x"] = "X"
    path = tmp_path / "deep.ipynb"
    path.write_text(json.dumps(nb).replace('"X"', "[" * 200_000 + "]" * 200_000))
    assert read_notebook(path) == (None, "not a valid notebook: JSON nested too deeply")


def test_a_second_grader_on_the_same_output_folder_is_refused(tmp_path):
    # red team: two graders on one --out: the second truncated the first one's journal
    # (which went on writing at its old offset) and replaced its gradebook at the end
    from coursekit.grade.journal import Journal
    from coursekit.grade.submissions import Submission

    nb = tmp_path / "a.ipynb"
    nb.write_text("{}")
    first = Journal(tmp_path / "book.journal.jsonl", resume=False)
    first.add(Submission(path=nb, student="a"))
    with pytest.raises(BlockingIOError, match="another coursekit grade is writing to"):
        Journal(tmp_path / "book.journal.jsonl", resume=False)
    with pytest.raises(BlockingIOError, match="choose another --out"):
        Journal(tmp_path / "book.journal.jsonl", resume=True)
    first.close()
    again = Journal(tmp_path / "book.journal.jsonl", resume=True)
    assert again.restore([Submission(path=nb, student="a")]) == 1  # its line was kept
    again.close()


def test_gradebook_cells_never_start_a_spreadsheet_formula(tmp_path):
    # red team: a student names the file; `=HYPERLINK(…)` in the file column of
    # gradebook.csv ran as a formula when the instructor opened it in a spreadsheet
    from coursekit.grade.gradebook import write_outputs
    from coursekit.grade.judge import question_table
    from coursekit.grade.submissions import Submission

    path = tmp_path / '=HYPERLINK("x.invalid";"ok").ipynb'
    path.write_text("{}")
    sub = Submission(path=path, student="eve", error="=1+1 not a valid notebook")
    book = write_outputs([sub], question_table("01"), "01", tmp_path / "out" / "book.csv",
                         feedback=False)
    assert book.loc[0, "file"].startswith("=HYPERLINK")  # the DataFrame keeps the text
    text = (tmp_path / "out" / "book.csv").read_text()
    assert "'=HYPERLINK" in text and "'=1+1" in text
    assert not any(cell.startswith("=") for line in text.splitlines()
                   for cell in line.split(","))
