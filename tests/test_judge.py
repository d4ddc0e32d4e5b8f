"""Tests for coursekit.grade.judge and the gradebook it feeds.

Answers recorded in a kernel are judged in the grader's process, from plain data. For
every question of every set, both ways: the reference answer passes with full points,
each declared wrong answer fails with its own hint, and every answer (right, wrong, of
the wrong type) gets exactly the verdict ``check()`` gives it in a learner's kernel, so
honest submissions are graded as before. Then the gradebook: written answers stay empty,
the first cell that raised is named, and no path of the grader's machine is written.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from coursekit.checks import wire
from coursekit.checks.core import Question, QuestionSet, Wrong, evaluate, unregister
from coursekit.grade import gradebook
from coursekit.grade.judge import MAX_SET_ITEMS, OUTCOMES, judge, question_table
from coursekit.grade.scan import scan_notebook
from test_questions import ALL, AUTO, WRITTEN, WRONG_TYPES

# practice questions (NN.pK, in the lessons) are never graded: the judge leaves them out
ALL = [q for q in ALL if not q.practice]
AUTO = [q for q in AUTO if not q.practice]


def _rec(qid, answer):
    return {"id": qid, **{k: v for k, v in wire.record(qid, answer).items() if k != "id"}}


def _one(q, answer):
    """Judge one answer to ``q`` as the grader does: encoded, JSON, decoded, judged."""
    wire.RECORDS.clear()
    rec = _rec(q.id, answer)
    wire.RECORDS.clear()
    rows = judge([rec], q.exercise_set)
    return next(r for r in rows if r["question_id"] == q.id)


def _declared_wrong(q, index):
    w = q.wrong[index]
    return w.example if w.is_predicate else q.wrong_value(index, w)


# ----------------------------------------------------------------------------- both ways


@pytest.mark.parametrize("q", [pytest.param(q, id=q.id) for q in AUTO])
def test_reference_passes_with_full_points(q):
    row = _one(q, q.expected())
    assert row["outcome"] == "passed", row["message"]
    assert row["points"] == row["max_points"] == q.points


@pytest.mark.parametrize(
    ("q", "index"),
    [pytest.param(q, i, id=f"{q.id}-wrong{i}") for q in ALL for i in range(len(q.wrong))],
)
def test_declared_wrong_answer_fails_with_its_hint(q, index):
    answer = _declared_wrong(q, index)
    row = _one(q, answer)
    assert row["outcome"] == "failed"
    assert row["points"] == 0
    if _readable_by_the_grader(answer):
        assert row["message"] == f"not quite: {q.wrong[index].hint}"
    else:  # a kernel object (e.g. a whole VerdictResult): check() names it, the grader refuses it
        assert "cannot be graded" in row["message"]


def _readable_by_the_grader(answer):
    try:
        wire.encode(answer)
    except wire.WireError:
        return False
    return True


def _same_verdict_cases():
    for q in ALL:
        yield pytest.param(q, ..., id=f"{q.id}-ellipsis")
        for i, (answer, _) in enumerate(WRONG_TYPES[q.kind]):
            yield pytest.param(q, answer, id=f"{q.id}-type{i}")
        if q.kind != "written":
            yield pytest.param(q, q.expected(), id=f"{q.id}-reference")


@pytest.mark.parametrize(("q", "answer"), list(_same_verdict_cases()))
def test_judged_verdict_is_the_learners_verdict(q, answer):
    """What the grader says about an answer is what check() says to the learner."""
    row = _one(q, answer)
    learner = evaluate(q.id, answer)
    assert row["message"] == learner.message
    expected = {True: "passed", False: "failed"}.get(learner.passed, "not answered")
    assert row["outcome"] == expected


@pytest.mark.parametrize("q", [pytest.param(q, id=q.id) for q in WRITTEN])
def test_written_answers_are_left_to_the_instructor(q):
    row = _one(q, "An argument from the evidence of the lesson.")
    assert row["outcome"] == "written"
    assert math.isnan(row["points"])
    unanswered = _one(q, ...)
    assert unanswered["outcome"] == "not answered"
    assert math.isnan(unanswered["points"])  # empty, not 0: the instructor grades it


# ----------------------------------------------------------------------------- records


@pytest.fixture
def tiny():
    """Three questions of a set of their own (97)."""
    qs = QuestionSet([
        Question(id="97.1", title="Gulistan", kind="number", reference=lambda: 1813, points=2,
                 wrong=[Wrong(1828, "1828 is Turkmenchay; Gulistan came first")]),
        Question(id="97.2", title="Actors", kind="set", reference=lambda: ["iran", "russia"]),
        Question(id="97.3", title="Why?", kind="written", reference=lambda: "model", points=3),
    ], replace=True)
    yield qs
    for q in qs:
        unregister(q.id)


def _by_id(rows):
    return {r["question_id"]: r for r in rows}


def test_one_row_per_question_in_order_with_the_gradebook_columns(tiny):
    rows = judge([], "97")
    assert [r["question_id"] for r in rows] == ["97.1", "97.2", "97.3"]
    assert list(rows[0]) == ["question_id", "title", "kind", "outcome", "points",
                             "max_points", "message"]
    assert {r["outcome"] for r in rows} == {"not answered"}
    assert rows[0]["message"] == 'no check("97.1", …) ran'
    assert [r["points"] for r in rows[:2]] == [0.0, 0.0] and math.isnan(rows[2]["points"])
    assert set(OUTCOMES) == {"passed", "failed", "not answered", "written", "error"}


def test_the_last_record_of_a_question_counts(tiny):
    rows = _by_id(judge([_rec("97.1", 1813), _rec("97.1", 1828), _rec("96.1", 5)], "97"))
    assert rows["97.1"]["outcome"] == "failed"
    assert rows["97.1"]["message"] == "not quite: 1828 is Turkmenchay; Gulistan came first"
    rows = _by_id(judge([_rec("97.1", 1828), _rec("97.1", 1813)], "97"))
    assert (rows["97.1"]["outcome"], rows["97.1"]["points"]) == ("passed", 2.0)


class Sneaky:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


@pytest.mark.parametrize(
    "answer", [Sneaky(), [Sneaky(), Sneaky()], pd.Series([Sneaky(), Sneaky()])],
    ids=["alone", "in a list", "in a Series"],
)
def test_objects_equal_to_everything_fail_naming_their_type(tiny, answer):
    rows = _by_id(judge([_rec("97.1", answer), _rec("97.2", answer)], "97"))
    for qid in ("97.1", "97.2"):
        assert rows[qid]["outcome"] == "failed"
        assert rows[qid]["points"] == 0
        assert "cannot be graded" in rows[qid]["message"]
        assert "Sneaky" in rows[qid]["message"]


def test_an_unreadable_record_is_an_error_not_a_crash(tiny):
    forged = [
        {"id": "97.1", "answer": {"t": "pickle", "d": "gASV"}, "error": None},
        {"id": "97.2", "answer": {"t": "list", "d": [{"t": "str"}]}, "error": None},
    ]
    rows = _by_id(judge(forged, "97"))
    assert rows["97.1"]["outcome"] == rows["97.2"]["outcome"] == "error"
    assert rows["97.1"]["message"].startswith("the grader could not read this answer")
    assert rows["97.1"]["points"] == 0


def test_a_huge_collection_fails_without_a_quadratic_comparison(tiny):
    n = MAX_SET_ITEMS + 1
    rows = _by_id(judge([_rec("97.2", [f"actor {i}" for i in range(n)])], "97"))
    assert rows["97.2"]["outcome"] == "failed"
    message = f"not quite: your collection has {n:,} items; the answer has 2"
    assert rows["97.2"]["message"] == message


def test_judging_prints_nothing(tiny, capsys):
    judge([_rec("97.1", 1813), _rec("97.2", ["iran"]), _rec("97.3", "text")], "97")
    assert capsys.readouterr().out == ""


def test_question_table_lists_one_set():
    table = question_table("01")
    assert set(table["exercise_set"]) == {"01"}
    assert list(table["question_id"])[:2] == ["01.1", "01.2"]


# ----------------------------------------------------------------------------- gradebook


def _submission(tmp_path, name, records, *, cells=("x = 1",), cell_errors=None, error=""):
    from coursekit.grade.submissions import Submission

    path = tmp_path / "class" / name / "ex97.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    sub = Submission(path=path, student=name, nb=nb, error=error)
    sub.review = scan_notebook(nb)["review"]
    sub.results = records
    sub.cell_errors = dict(cell_errors or {})
    sub.check_cells = {0: ["97.1"]}
    return sub


def _write(tmp_path, subs):
    table = question_table("97")
    return gradebook.write_outputs(subs, table, "97", tmp_path / "out" / "book.csv", True)


def test_written_columns_stay_empty_whatever_the_kernel_claims(tiny, tmp_path):
    forged = {"id": "97.3", "answer": wire.encode("essay"), "error": None,
              "passed": True, "points": 3.0}  # extra keys from a forged record are ignored
    subs = [
        _submission(tmp_path, "ana", [_rec("97.1", 1813), forged]),
        _submission(tmp_path, "ben", [_rec("97.3", ...)]),
        _submission(tmp_path, "cem", [], error="the kernel died (exit code 3)"),
    ]
    book = _write(tmp_path, subs).set_index("student")
    assert book["97.3"].isna().all()
    assert book.loc["ana", "total"] == 2 and book.loc["ana", "max_total"] == 3
    assert book.loc["ben", "total"] == 0
    details = book.attrs["details"]
    written = details[details["question_id"] == "97.3"]
    assert written["points"].isna().all()
    assert list(written["outcome"]) == ["written", "not answered", "error"]
    on_disk = pd.read_csv(tmp_path / "out" / "book.csv")
    assert on_disk["97.3"].isna().all()


def test_feedback_names_the_first_cell_that_raised(tiny, tmp_path):
    sub = _submission(
        tmp_path, "ana", [_rec("97.2", ["iran", "russia"])],
        cells=("x = undefined", "check('97.1', y)", "z = 1"),
        cell_errors={2: "ValueError: late", 1: "NameError: name 'y' is not defined"},
    )
    sub.check_cells = {1: ["97.1"]}
    book = _write(tmp_path, [sub])
    page = (tmp_path / "out" / "feedback" / "ana.md").read_text(encoding="utf-8")
    assert ("The first cell that stopped with an error is cell 2 "
            "(`NameError: name 'y' is not defined`).") in page
    details = book.attrs["details"].set_index("question_id")
    assert details.loc["97.1", "outcome"] == "error"
    assert "cell 2" in details.loc["97.1", "message"]
    assert details.loc["97.2", "outcome"] == "passed"


def test_no_text_of_the_graders_environment_in_any_output(tiny, tmp_path, monkeypatch):
    home = tmp_path / "home" / "teacher"
    monkeypatch.setenv("HOME", str(home))
    leak = f"FileNotFoundError: [Errno 2] No such file or directory: '{home}/secret/marks.csv'"
    subs = [
        _submission(tmp_path, "ana", [_rec("97.1", 1813)], cells=("open('x')",),
                    cell_errors={0: leak}),
        _submission(tmp_path, "ben", [], error=f"could not read {tmp_path}/class/ben/ex97.ipynb"),
    ]
    book = _write(tmp_path, subs)
    out = tmp_path / "out"
    texts = [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()]
    assert len(texts) == 4  # gradebook, details, two feedback pages
    for text in texts:
        assert str(tmp_path) not in text and str(home) not in text and "teacher" not in text
    assert list(book["file"]) == ["ana/ex97.ipynb", "ben/ex97.ipynb"]
    page = (out / "feedback" / "ana.md").read_text(encoding="utf-8")
    assert "No such file or directory: 'marks.csv'" in page


def test_review_column_flags_reference_use_without_scoring_down(tiny, tmp_path):
    cells = ("from coursekit.checks.core import get_question",
             "answer = get_question('97.1').expected()\ncheck('97.1', answer)")
    sub = _submission(tmp_path, "ana", [_rec("97.1", 1813)], cells=cells)
    book = _write(tmp_path, [sub]).set_index("student")
    assert book.loc["ana", "97.1"] == 2  # computing an answer with the library is allowed
    review = book.loc["ana", "review"]
    assert "cell 1, line 1" in review and "cell 2, line 1" in review
    assert "reads a reference answer (`.expected`)" in review
    columns = list(book.reset_index().columns)
    assert columns[:5] == ["student", "file", "status", "error", "review"]


def test_scrub_keeps_ordinary_text():
    text = "not quite: 3/4 of the strikes; see https://example.org/a/b — and/or Tehran"
    assert gradebook.scrub(text) == text
    assert gradebook.scrub(f"{os.sep}home{os.sep}t{os.sep}x.csv") == "x.csv"
    assert gradebook.scrub(str(Path.home() / "notes.txt")) == "notes.txt"


@pytest.mark.parametrize(
    "doc",
    [{"t": "range", "d": [0, 10**12, 1]},
     {"t": "rangeindex", "d": [0, 2**62, 1], "name": {"t": "none"}}],
    ids=["range", "rangeindex"],
)
def test_a_forged_huge_range_for_a_list_question_is_refused_at_once(doc):
    # red team: a report holding range(10**12) for 01.4 (a sequence) made the judge build
    # a list of 10**12 items in the grader's own process
    import time

    start = time.monotonic()
    rows = judge([{"id": "01.4", "answer": doc, "error": None}], "01")
    row = next(r for r in rows if r["question_id"] == "01.4")
    assert time.monotonic() - start < 5
    assert (row["outcome"], row["points"]) == ("error", 0.0)
    assert "too large" in row["message"]
