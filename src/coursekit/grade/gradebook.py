"""Turn executed submissions into gradebook rows, CSV files and Markdown feedback.

The last step of grading. :func:`_question_table` lists the questions of the exercise
set (from :func:`coursekit.questions`); :func:`_outcomes` gives each question of a graded
submission one of :data:`OUTCOMES`, keyed on question ids (the last check of a question
wins), and :func:`_error_rows` does the same for a submission that could not be graded.
:func:`_write_outputs` writes ``gradebook.csv``, ``<stem>_details.csv`` and
``feedback/<student>.md`` (from :func:`_feedback_markdown`). :class:`_Progress` is the
progress bar drawn on stderr while the kernels run.

Uses :mod:`~coursekit.grade.submissions` (the :class:`_Submission` record, filled in by
:mod:`~coursekit.grade.scan` and :mod:`~coursekit.grade.kernels`).
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd

from .submissions import _Submission

#: The outcomes a question can have in ``gradebook_details.csv``.
OUTCOMES: tuple[str, ...] = ("passed", "failed", "not answered", "written", "error")


def _question_table(exercise_set: str) -> pd.DataFrame:
    import coursekit

    table = coursekit.questions()
    table = table[table["exercise_set"] == exercise_set].reset_index(drop=True)
    return table


def _outcomes(sub: _Submission, table: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per question of the set for a graded submission."""
    last: dict[str, dict[str, Any]] = {}
    for r in sub.results:
        last[str(r.get("question_id"))] = r  # the last check of a question wins
    cells_for: dict[str, list[int]] = collections.defaultdict(list)
    for index, ids in sub.check_cells.items():
        for qid in ids:
            cells_for[qid].append(index)
    rows = []
    for q in table.itertuples(index=False):
        max_points = float(q.points)
        r = last.get(q.question_id)
        if r is not None:
            message = str(r.get("message") or "")
            if r.get("passed") is True:
                outcome = "passed"
                points = min(float(r.get("points") or 0.0), max_points)
            elif r.get("passed") is False:
                outcome, points = "failed", 0.0
            elif q.kind == "written" and not message.startswith("not answered"):
                outcome, points = "written", float("nan")
            else:
                outcome, points = "not answered", 0.0
        else:
            failing = [i for i in cells_for.get(q.question_id, []) if i in sub.cell_errors]
            if failing:
                i = failing[-1]
                outcome, points = "error", 0.0
                message = (f"the cell that checks it (cell {i + 1}) stopped with "
                           f"{sub.cell_errors[i]}, so it was not checked")
            else:
                outcome, points = "not answered", 0.0
                message = f'no check("{q.question_id}", …) ran'
        rows.append({
            "question_id": q.question_id,
            "title": q.title,
            "kind": q.kind,
            "outcome": outcome,
            "points": points,
            "max_points": max_points,
            "message": message,
        })
    return rows


def _error_rows(sub: _Submission, table: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "question_id": q.question_id,
            "title": q.title,
            "kind": q.kind,
            "outcome": "error",
            "points": 0.0,
            "max_points": float(q.points),
            "message": sub.error,
        }
        for q in table.itertuples(index=False)
    ]


_ERROR_ADVICE = [
    ("not a valid notebook", "Please re-download your notebook from Jupyter "
     "(File → Download) and submit the .ipynb file itself."),
    ("file not found", "Your instructor could not find this file."),
    ("exercise set", "Please check that you submitted the right exercise notebook."),
    ("timed out", "Look for a loop that never ends or a computation that takes very long, "
     "then run the notebook from top to bottom (Kernel → Restart & Run All) to check."),
    ("kernel died", "Something in the notebook stopped Python itself (for example a very "
     "large computation). Run it from top to bottom to find the cell."),
    ("modif", "Please use `check` and `coursekit` as provided; restore the original cells "
     "and do not define your own `check`."),
]


def _feedback_markdown(
    student: str, file: str, exercise_set: str, rows: list[dict[str, Any]], error: str
) -> str:
    lines = [f"# Feedback on exercise set {exercise_set}", "",
             f"Student: **{student}** · notebook: `{file}`", ""]
    if error:
        advice = next((a for key, a in _ERROR_ADVICE if key in error),
                      "Please run your notebook from top to bottom and submit it again.")
        lines += [
            "We could not grade this notebook automatically:", "",
            f"> {error}", "", advice, "",
            "Nothing is lost: your instructor has your notebook and will look at it.", "",
        ]
        return "\n".join(lines)
    auto = [r for r in rows if r["kind"] != "written"]
    got = sum(r["points"] for r in auto)
    best = sum(r["max_points"] for r in auto)
    lines += [f"**Auto-checked questions: {_fmt(got)} of {_fmt(best)} points.**", "",
              "| question | | result | points | feedback |", "|---|---|---|---|---|"]
    icon = {"passed": "✅", "failed": "❌", "not answered": "⏳", "written": "✍️", "error": "⚠️"}
    for r in rows:
        pts = "—" if r["outcome"] == "written" else f"{_fmt(r['points'])}/{_fmt(r['max_points'])}"
        msg = str(r["message"]).replace("|", "\\|")
        lines.append(f"| {r['question_id']} | {r['title']} | {icon[r['outcome']]} "
                     f"{r['outcome']} | {pts} | {msg} |")
    lines.append("")
    failed = [r for r in rows if r["outcome"] in ("failed", "error")]
    open_ = [r for r in rows if r["outcome"] == "not answered"]
    if not failed and not open_:
        lines.append("Every auto-checked answer is right. Well done!")
    if failed:
        lines.append("Worth another look: " + ", ".join(r["question_id"] for r in failed)
                     + ". The hints above say what to check first.")
    if open_:
        lines.append("Not answered yet: " + ", ".join(r["question_id"] for r in open_)
                     + ". Replace the `...` with your answer and run the check cell.")
    if any(r["kind"] == "written" for r in rows):
        lines += ["", "Written answers are read and graded by your instructor; "
                  "compare yours with the model answer once solutions are released."]
    lines.append("")
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _write_outputs(
    subs: list[_Submission],
    table: pd.DataFrame,
    exercise_set: str,
    out_path: Path,
    feedback: bool,
) -> pd.DataFrame:
    """Write the gradebook, the details CSV and (if ``feedback``) the feedback pages.

    Returns the gradebook with the details table in ``.attrs["details"]``.
    """
    qids = list(table["question_id"])
    book_rows, detail_rows, feedback_pages = [], [], {}
    for sub in subs:
        rows = _error_rows(sub, table) if sub.error else _outcomes(sub, table)
        row: dict[str, Any] = {
            "student": sub.student,
            "file": os.fspath(sub.path),
            "status": "error" if sub.error else "graded",
            "error": sub.error,
        }
        auto = [r for r in rows if r["kind"] != "written"]
        for r in rows:
            row[r["question_id"]] = float("nan") if sub.error else r["points"]
            detail_rows.append({"student": sub.student, **r})
        row["total"] = float("nan") if sub.error else sum(r["points"] for r in auto)
        row["max_total"] = sum(r["max_points"] for r in auto)
        book_rows.append(row)
        feedback_pages[sub.student] = _feedback_markdown(
            sub.student, sub.path.name, exercise_set, rows, sub.error
        )
    columns = ["student", "file", "status", "error", *qids, "total", "max_total"]
    book = pd.DataFrame(book_rows, columns=columns)
    details = pd.DataFrame(
        detail_rows,
        columns=["student", "question_id", "title", "kind", "outcome", "points",
                 "max_points", "message"],
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    book.to_csv(out_path, index=False)
    details_path = out_path.with_name(out_path.stem + "_details.csv")
    details.to_csv(details_path, index=False)
    if feedback:
        folder = out_path.parent / "feedback"
        folder.mkdir(exist_ok=True)
        for student, text in feedback_pages.items():
            (folder / f"{student}.md").write_text(text, encoding="utf-8")
    book.attrs["details"] = details
    return book


# =========================================================================== progress


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.errors = 0
        self.enabled = enabled and total > 0
        self._lock = threading.Lock()
        self._t0 = time.perf_counter()
        self.draw("")

    def step(self, sub: _Submission) -> None:
        with self._lock:
            self.done += 1
            self.errors += bool(sub.error)
            self.draw(sub.path.name)

    def draw(self, name: str) -> None:
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        err = f", {self.errors} errors" if self.errors else ""
        text = f"\rgrading [{bar}] {self.done}/{self.total}{err}  {name[:30]:<30}"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
