"""Cheats inside the kernel earn exactly what their answer values earn.

Each hostile submission below runs in a real kernel through :func:`coursekit.grade.grade`
beside honest ones. The grader reads only the *values* a notebook gave ``check()`` and
judges them in its own process, so whatever a notebook does to the checking code in its
kernel (patching the engine, forging results, answers that compare equal to everything,
searching for the answer by trial), it earns what those values earn, computed here by
judging the same values directly. Forging the recorded values themselves (g) is the same
as submitting them, by design: no autograder can tell a value a student computed from
one they copied. Using the library's reference answers (h) is allowed and flagged for
review, not scored down.
"""

from __future__ import annotations

import inspect
import math
import textwrap

import nbformat
import pandas as pd
import pytest

from coursekit.checks import wire
from coursekit.checks.core import unregister
from coursekit.grade import grade
from coursekit.grade.judge import judge

pytestmark = pytest.mark.slow

#: A question set of its own (96), imported by the grader here and by the kernels.
MODULE = '''
import pandas as pd
from coursekit.checks.core import Question, QuestionSet, Wrong

QUESTIONS = QuestionSet([
    Question(id="96.1", title="Pairs among ten actors", kind="number", points=2,
             reference=lambda: 45,
             wrong=[Wrong(90, "each pair counts once: divide by two")]),
    Question(id="96.2", title="The three allies", kind="set",
             reference=lambda: ["iran", "russia", "syria"]),
    Question(id="96.3", title="Strikes per year", kind="series",
             reference=lambda: pd.Series([1.0, 2.0, 3.0])),
    Question(id="96.4", title="Convenience or partnership?", kind="written", points=3,
             reference=lambda: "A model answer."),
], replace=True)
'''

SETUP = "import ckhostile\nimport coursekit\nfrom coursekit import check"
RIGHT = {"96.1": 45, "96.2": ["iran", "russia", "syria"], "96.3": pd.Series([1.0, 2.0, 3.0]),
         "96.4": "Convenience: their goals diverge."}
ALWAYS_EQUAL = """
class AlwaysEqual:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = object.__hash__
"""


class _Opaque:
    """Stands for an answer the kernel cannot encode (the value it reports is an error)."""

    def __init__(self, name: str) -> None:
        self.name = name


def _cells(*sources: str) -> list[str]:
    return [SETUP, *(textwrap.dedent(s).strip() for s in sources)]


#: name -> (cells after SETUP, the values the kernel reports, "graded" or an error)
SUBMISSIONS: dict[str, tuple[list[str], dict[str, object], str]] = {
    # ---------------------------------------------------------------- honest
    "honest_right": (_cells(
        "check('96.1', len([(a, b) for a in range(10) for b in range(a + 1, 10)]))",
        "check('96.2', {'Iran', 'Russia', 'Syria'})",
        "import pandas as pd\ncheck('96.3', pd.Series([1, 2, 3]))",
        "check('96.4', 'Convenience: their goals diverge.')",
    ), {"96.1": 45, "96.2": {"Iran", "Russia", "Syria"}, "96.3": pd.Series([1, 2, 3]),
        "96.4": "Convenience: their goals diverge."}, "graded"),
    "honest_mixed": (_cells(
        "check('96.1', 90)", "check('96.2', ['iran', 'russia'])", "check('96.3', ...)",
    ), {"96.1": 90, "96.2": ["iran", "russia"], "96.3": ...}, "graded"),
    # ---------------------------------------------------------------- (a) the results list
    "a_append_results": (_cells("""
        import coursekit.checks.core as core
        check('96.1', 90)
        for qid, pts in [('96.1', 2.0), ('96.2', 1.0), ('96.4', 3.0)]:
            core.RESULTS.append(core.Result(qid, True, 'correct', pts, pts))
        """), {"96.1": 90}, "graded"),
    # ---------------------------------------------------------------- (b) comparators
    "b_comparator_alias": (_cells("""
        from coursekit.checks import core as engine
        always = lambda answer, expected, question: (True, '')
        for kind in list(engine._COMPARATORS):
            engine._COMPARATORS[kind] = always
        check('96.1', 1)
        check('96.2', ['turkey'])
        """), {"96.1": 1, "96.2": ["turkey"]}, "graded"),
    "b_comparator_sys_modules": (_cells("""
        import sys
        m = sys.modules['coursekit.checks.core']
        m._compare_number.__code__ = (lambda a, e, q: (True, '')).__code__
        m.evaluate = lambda qid, a: m.Result(qid, True, 'correct', 2.0, 2.0)
        sys.modules['coursekit.checks.wire'].grading = lambda: False
        check('96.1', 1)
        """), {"96.1": 1}, "graded"),
    # ---------------------------------------------------------------- (c) Result class
    "c_result_class": (_cells("""
        import coursekit.checks.core as core
        Real = core.Result
        core.Result = lambda qid, passed, message, points=0.0, max_points=0.0: Real(
            qid, True, 'correct', 3.0, 3.0)
        check('96.1', 7)
        check('96.4', 'An essay.')
        """), {"96.1": 7, "96.4": "An essay."}, "graded"),
    # ---------------------------------------------------------------- (d) builtins
    "d_builtins_check": (_cells("""
        import builtins
        builtins.check = lambda q, a: print('✅', q, 'correct')
        del check
        check('96.1', 1)
        check('96.2', [])
        """), {}, "graded"),
    "d_exec_patch": (_cells(
        'exec("import coursekit\\ncoursekit.check = lambda q, a: None")',
        "coursekit.check('96.1', 1)",
    ), {}, "graded"),
    # ---------------------------------------------------------------- (e) __eq__ always True
    "e_always_equal": (_cells(ALWAYS_EQUAL, """
        check('96.1', AlwaysEqual())
        check('96.2', AlwaysEqual())
        check('96.3', AlwaysEqual())
        """), {q: _Opaque("AlwaysEqual") for q in ("96.1", "96.2", "96.3")}, "graded"),
    "e_always_equal_in_list": (_cells(ALWAYS_EQUAL, """
        check('96.2', [AlwaysEqual(), AlwaysEqual(), AlwaysEqual()])
        """), {"96.2": _Opaque("AlwaysEqual")}, "graded"),
    "e_always_equal_in_series": (_cells(ALWAYS_EQUAL, """
        import pandas as pd
        check('96.3', pd.Series([AlwaysEqual(), AlwaysEqual(), AlwaysEqual()]))
        """), {"96.3": _Opaque("AlwaysEqual")}, "graded"),
    "e_int_subclass": (_cells("""
        class Sly(int):
            def __eq__(self, other):
                return True
            __hash__ = int.__hash__
        check('96.1', Sly(3))
        """), {"96.1": _Opaque("Sly")}, "graded"),
    # ---------------------------------------------------------------- (f) trial and error
    "f_trial_loop": (_cells("""
        for guess in range(40, 50):
            if check('96.1', guess).passed:
                break
        for guess in (['iran'], ['iran', 'russia', 'syria'], ['turkey']):
            if check('96.2', guess).passed:
                break
        """), {"96.1": 49, "96.2": ["turkey"]}, "graded"),
    # ---------------------------------------------------------------- (g) forged values
    # By design: forging the recorded values is submitting those values.
    "g_forged_records": (_cells("""
        import coursekit.checks.wire as w
        check('96.1', 90)
        w.RECORDS['96.1'] = {'id': '96.1', 'answer': {'t': 'int', 'd': 45}, 'error': None}
        """), {"96.1": 45}, "graded"),
    "g_forged_report": (_cells("""
        import json
        import coursekit.checks.wire as w
        doc = {'v': 1, 'answers': [{'id': '96.2', 'error': None, 'answer': {'t': 'list', 'd': [
            {'t': 'str', 'd': s} for s in ('iran', 'russia', 'syria')]}}]}
        w.report_json = lambda: json.dumps(doc)
        """), {"96.2": ["iran", "russia", "syria"]}, "graded"),
    "g_forged_verdicts": (_cells("""
        import coursekit.checks.wire as w
        check('96.1', 45)
        w.RECORDS['96.1']['passed'] = True
        w.RECORDS['96.1']['points'] = 99
        """), {}, "the report holds a malformed answer"),
    # ---------------------------------------------------------------- huge answers
    "huge_answers": (_cells("""
        check('96.1', list(range(10**6)))
        check('96.2', [f'actor {i}' for i in range(50_000)])
        """), {"96.1": _Opaque("list"), "96.2": [f"actor {i}" for i in range(50_000)]},
        "graded"),
    # ---------------------------------------------------------------- (h) reference API
    "h_reference_api": (_cells("""
        from coursekit.checks.core import get_question
        check('96.1', get_question('96.1').expected())
        """), {"96.1": 45}, "graded"),
    "h_grading_switch": (_cells("""
        import os
        os.environ['COURSEKIT_GRADING'] = '0'
        for guess in range(40, 50):
            if check('96.1', guess).passed:
                break
        """), {"96.1": 45}, "graded"),
}

#: Submissions the review column must flag, and a phrase of the reason.
REVIEW = {
    "a_append_results": "uses the check engine's internals (`RESULTS`)",
    "b_comparator_alias": "uses the check engine's internals (`_COMPARATORS`)",
    "b_comparator_sys_modules": "`coursekit.checks.core`",
    "c_result_class": "changes the check engine (`core.Result`)",
    "d_builtins_check": "deletes `check`",
    "g_forged_records": "imports the check engine (`coursekit.checks.wire`)",
    "h_reference_api": "reads a reference answer (`.expected`)",
    "h_grading_switch": "grading switch (COURSEKIT_GRADING)",
}
HONEST = ["honest_right", "honest_mixed"]


def _notebook(cells: list[str]) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Exercise set 96")]
        + [nbformat.v4.new_code_cell(c) for c in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )


def earns(values: dict[str, object]) -> dict[str, float]:
    """Points per question that these answer values earn, judged directly."""
    records = []
    for qid, value in values.items():
        if isinstance(value, _Opaque):
            records.append({"id": qid, "answer": None,
                            "error": f"answer of type {value.name} cannot be graded"})
        else:
            wire.RECORDS.clear()
            records.append(wire.record(qid, value))
    wire.RECORDS.clear()
    return {r["question_id"]: r["points"] for r in judge(records, "96")}


def _grade(paths, out):
    options = {"jobs": 2, "timeout": 30, "notebook_timeout": 120, "progress": False}
    accepted = inspect.signature(grade).parameters
    if "sandbox" in accepted:
        options["sandbox"] = "off"
    if "python_path" in accepted:
        options["python_path"] = [out.parent.parent / "modules"]
    return grade(paths, out, **options).set_index("student")


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    modules = root / "modules"
    modules.mkdir()
    (modules / "ckhostile.py").write_text(MODULE, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(modules))
    mp.setenv("PYTHONPATH", str(modules))
    import ckhostile  # noqa: F401 - registers set 96 in the grader

    folder = root / "submissions"
    folder.mkdir()
    for name, (cells, _, _) in SUBMISSIONS.items():
        nbformat.write(_notebook(cells), folder / f"{name}.ipynb")
    alone = root / "alone"
    alone.mkdir()
    for name in HONEST:
        (alone / f"{name}.ipynb").write_bytes((folder / f"{name}.ipynb").read_bytes())
    book = _grade([folder], root / "class" / "gradebook.csv")
    honest_alone = _grade([alone], root / "solo" / "gradebook.csv")
    yield {"book": book, "alone": honest_alone}
    for qid in ("96.1", "96.2", "96.3", "96.4"):
        unregister(qid)
    mp.undo()


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_a_submission_earns_exactly_what_its_values_earn(hostile_class, name):
    row = hostile_class["book"].loc[name]
    _, values, status = SUBMISSIONS[name]
    if status != "graded":
        assert row["status"] == "error"
        assert status in row["error"]
        assert math.isnan(row["total"])
        return
    assert row["status"] == "graded", row["error"]
    expected = earns(values)
    for qid, points in expected.items():
        if math.isnan(points):
            assert math.isnan(row[qid]), f"{name} {qid}"
        else:
            assert row[qid] == points, f"{name} {qid}: {row[qid]} != {points}"
    assert row["total"] == sum(p for p in expected.values() if not math.isnan(p))


def test_the_written_column_stays_empty_for_everyone(hostile_class):
    assert hostile_class["book"]["96.4"].isna().all()


def test_cheats_without_the_values_earn_nothing(hostile_class):
    book = hostile_class["book"]
    cheats = [n for n in SUBMISSIONS if n[0] in "abcdef"]
    assert (book.loc[cheats, "total"] == 0).all()


def test_honest_grades_are_the_same_alone_and_in_a_hostile_class(hostile_class):
    columns = ["status", "96.1", "96.2", "96.3", "96.4", "total", "max_total"]
    in_class = hostile_class["book"].loc[HONEST, columns]
    alone = hostile_class["alone"].loc[HONEST, columns]
    pd.testing.assert_frame_equal(in_class, alone)
    assert list(in_class["total"]) == [4.0, 0.0]
    details = hostile_class["book"].attrs["details"]
    mixed = details[details["student"] == "honest_mixed"].set_index("question_id")
    assert mixed.loc["96.1", "message"] == "not quite: each pair counts once: divide by two"


def test_answers_that_cannot_be_encoded_fail_naming_their_type(hostile_class):
    details = hostile_class["book"].attrs["details"]
    rows = details[details["student"].str.startswith("e_")]
    assert (rows[rows["outcome"] == "failed"]["message"].str.contains("cannot be graded")).all()
    assert set(rows[rows["question_id"] == "96.2"]["outcome"]) == {"failed", "not answered"}
    sly = details[(details["student"] == "e_int_subclass") & (details["question_id"] == "96.1")]
    assert sly["message"].item().startswith("answer of type Sly cannot be graded")


@pytest.mark.parametrize("name", sorted(REVIEW))
def test_suspicious_code_is_flagged_for_review_with_its_cell(hostile_class, name):
    review = hostile_class["book"].loc[name, "review"]
    assert REVIEW[name] in review
    assert review.startswith("cell ")


def test_huge_answers_fail_without_hanging_the_grader(hostile_class):
    details = hostile_class["book"].attrs["details"]
    rows = details[details["student"] == "huge_answers"].set_index("question_id")
    assert rows.loc["96.1", "message"].startswith("the answer is too large to grade")
    assert rows.loc["96.2", "message"] == (
        "not quite: your collection has 50,000 items; the answer has 3")


def test_honest_submissions_are_not_flagged(hostile_class):
    assert hostile_class["book"].loc[HONEST, "review"].fillna("").eq("").all()
