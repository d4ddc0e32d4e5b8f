"""``coursekit report``: a class report checked on a generated class with known properties.

The class: 60 students with an ability between 0 and 1. ``q.none`` nobody gets right
(difficulty 0), ``q.split`` exactly the stronger half gets right (high discrimination),
``q.noise`` is a coin toss (discrimination near 0), ``q.easy`` and ``q.mid`` follow ability
with some noise, some leave ``q.mid`` unanswered, ``q.text`` is a written answer, and two
submissions could not be graded.
"""

from __future__ import annotations

import base64
import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from coursekit.checks.core import NOT_ANSWERED
from coursekit.classroom.report import PALETTE, class_report, to_html, to_notebook
from coursekit.cli import main

N = 60
HINT_PAIRS = "not quite: each pair counts once: divide by two"
HINT_YEAR = "not quite: count the years, not the events"
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#999999", "#000000"}


def _class() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(7)
    ability = np.linspace(0.0, 1.0, N)
    outcome = {
        "q.easy": np.where(rng.random(N) < 0.3 + 0.7 * ability, "passed", "failed"),
        "q.mid": np.where(rng.random(N) < ability, "passed", "failed"),
        "q.none": np.full(N, "failed"),
        "q.split": np.where(ability > 0.5, "passed", "failed"),
        "q.noise": np.where(rng.random(N) < 0.5, "passed", "failed"),
    }
    outcome = {qid: values.astype(object) for qid, values in outcome.items()}
    outcome["q.mid"][:6] = "not answered"
    details, book = [], []
    for i in range(N):
        student = f"s{i:02d}"
        row = {"student": student, "file": f"subs/{student}/01.ipynb", "status": "graded",
               "error": ""}
        for qid, outcomes in outcome.items():
            result = outcomes[i]
            message = {"passed": "correct", "not answered": NOT_ANSWERED}.get(
                result, HINT_PAIRS if (qid == "q.none" and i % 3) else HINT_YEAR)
            row[qid] = 1.0 if result == "passed" else 0.0
            details.append({"student": student, "question_id": qid, "title": qid.upper(),
                            "kind": "number", "outcome": result, "points": row[qid],
                            "max_points": 1.0, "message": message})
        row["q.text"] = float("nan")
        details.append({"student": student, "question_id": "q.text", "title": "Essay",
                        "kind": "written", "outcome": "written", "points": float("nan"),
                        "max_points": 2.0, "message": "written answer recorded"})
        row["total"] = sum(row[q] for q in outcome)
        row["max_total"] = 5.0
        book.append(row)
    for student in ("x1", "x2"):
        book.append({"student": student, "file": f"subs/{student}/01.ipynb", "status": "error",
                     "error": "not a valid notebook", "total": float("nan"), "max_total": 5.0})
        details += [{"student": student, "question_id": q, "title": q, "kind": "number",
                     "outcome": "error", "points": 0.0, "max_points": 1.0,
                     "message": "not a valid notebook"} for q in [*outcome, "q.text"]]
    return pd.DataFrame(book), pd.DataFrame(details)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grades")
    book, details = _class()
    book.to_csv(folder / "gradebook.csv", index=False)
    details.to_csv(folder / "gradebook_details.csv", index=False)
    return folder / "gradebook.csv"


@pytest.fixture(scope="module")
def report(files):
    return class_report(files)


def test_counts_graded_submissions_only(report):
    assert (report.submissions, report.errors, len(report.scores)) == (N + 2, 2, N)
    assert report.scores["percent"].between(0, 100).all()


@pytest.mark.parametrize(("qid", "difficulty"), [("q.none", 0.0), ("q.split", 0.5)])
def test_difficulty_is_the_share_right(report, qid, difficulty):
    q = report.questions.set_index("question_id")
    assert q.loc[qid, "difficulty"] == pytest.approx(difficulty)


def test_discrimination_separates_strong_from_weak(report):
    q = report.questions.set_index("question_id")["discrimination"]
    assert np.isnan(q["q.none"])  # nobody right: undefined, not 0
    assert q["q.split"] > 0.5  # above 0.4 counts as very good
    assert abs(q["q.noise"]) < 0.25
    assert q["q.split"] > q["q.easy"] > q["q.noise"]


def test_outcome_counts_and_written_questions(report):
    q = report.questions.set_index("question_id")
    assert q.loc["q.mid", "not answered"] == 6
    assert q.loc["q.none", "failed"] == N
    assert q.loc["q.split", "passed"] == N // 2
    assert q.loc["q.text", "written"] == N
    assert np.isnan(q.loc["q.text", "difficulty"])
    assert (q["error"] == 0).all()  # the two error rows are not counted


def test_most_frequent_hints_first(report):
    hints = report.hints[report.hints["question_id"] == "q.none"]
    assert list(hints["hint"]) == [HINT_PAIRS, HINT_YEAR]
    assert list(hints["students"]) == [40, 20]
    assert not report.hints["hint"].isin(["correct", NOT_ANSWERED]).any()


def test_html_is_self_contained_and_accessible(report):
    page = to_html(report, title="Exercise set 01")
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">', page)
    assert len(images) == 3
    for data, alt in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
        assert len(alt) > 40
    assert "Histogram of 60 students" in page
    assert not re.search(r"https?://|<script|<link", page)
    assert "each pair counts once: divide by two" in page
    assert "<h1>Exercise set 01</h1>" in page


def test_palette_is_colour_blind_safe():
    assert set(PALETTE.values()) <= OKABE_ITO


def test_notebook_reads_without_a_kernel(report):
    nb = to_notebook(report)
    nbformat.validate(nb)
    attached = [c for c in nb.cells if c.get("attachments")]
    assert len(attached) == 3
    assert all(c.cell_type == "markdown" for c in attached)
    assert all("![" in c.source and "](attachment:" in c.source for c in attached)
    assert not any(c.get("outputs") for c in nb.cells)
    assert "| q.none |" in "\n".join(c.source for c in nb.cells)


def test_without_details_points_only():
    book, _ = _class()
    rep = class_report(book)
    q = rep.questions.set_index("question_id")
    assert q.loc["q.none", "difficulty"] == 0 and q.loc["q.split", "discrimination"] > 0.5
    assert rep.hints.empty


def test_cli_writes_both(files, tmp_path, capsys):
    html_path, nb_path = tmp_path / "report.html", tmp_path / "report.ipynb"
    assert main(["report", str(files), "--out", str(html_path), "--notebook", str(nb_path)]) == 0
    assert "report on 60 graded of 62 submissions" in capsys.readouterr().out
    assert html_path.read_text().startswith("<!DOCTYPE html>")
    nbformat.validate(nbformat.read(nb_path, as_version=4))


@pytest.mark.parametrize(("content", "message"), [
    (None, "no gradebook"),
    ("name,score\nana,3\n", "not a gradebook: no column"),
])
def test_cli_bad_input(tmp_path, capsys, content, message):
    path = tmp_path / "book.csv"
    if content is not None:
        path.write_text(content)
    assert main(["report", str(path), "--out", str(tmp_path / "r.html")]) == 2
    assert message in capsys.readouterr().err


def test_small_class_by_hand_without_details():
    """Five graded students and one error row; q2 gives partial points, q3 is written.

    By hand: q1 = (1, 1, 0, 1, 0), rest = (2, 1, 0, 2, 0): difficulty 3/5; q2 = (2, 1, 0, 2, 0)
    of 2, rest = (1, 1, 0, 1, 0): difficulty 2/5 (fully right only); both item-rest r equal
    sqrt(5/6) = 0.9129 (the two items are the same vector up to scale on these students).
    """
    book = pd.DataFrame({
        "student": ["a", "b", "c", "d", "e", "x"],
        "status": ["graded"] * 5 + ["error"],
        "q1": [1.0, 1, 0, 1, 0, np.nan], "q2": [2.0, 1, 0, 2, 0, np.nan], "q3": np.nan,
        "total": [3.0, 2, 0, 3, 0, np.nan], "max_total": [3.0] * 5 + [np.nan]})
    rep = class_report(book)
    q = rep.questions.set_index("question_id")
    assert q.loc["q1", "difficulty"] == pytest.approx(0.6)
    assert q.loc["q2", "difficulty"] == pytest.approx(0.4)
    assert q.loc["q1", "discrimination"] == pytest.approx(np.sqrt(5 / 6))
    assert q.loc["q2", "discrimination"] == pytest.approx(np.sqrt(5 / 6))
    assert q.loc["q2", "max_points"] == 2.0
    assert q.loc["q3", "kind"] == "written" and np.isnan(q.loc["q3", "difficulty"])
    assert (rep.submissions, rep.errors, len(rep.scores)) == (6, 1, 5)
    assert "<td>q3</td><td></td><td>written: graded by hand</td>" in to_html(rep)


def test_student_ids_that_look_like_numbers_keep_their_zeros(tmp_path):
    book, details = _class()
    book["student"] = [f"{i:03d}" for i in range(len(book))]
    details["student"] = details["student"].map(dict(zip(_class()[0]["student"],
                                                         book["student"])))
    book.to_csv(tmp_path / "gradebook.csv", index=False)
    details.to_csv(tmp_path / "gradebook_details.csv", index=False)
    rep = class_report(tmp_path / "gradebook.csv")
    assert rep.scores["student"].iloc[0] == "000"
    assert rep.questions.set_index("question_id").loc["q.none", "failed"] == \
        int((book["status"] == "graded").sum())
