"""Turn graded submissions into gradebook rows, CSV files and Markdown feedback.

The last step of grading. For a graded submission, :func:`_outcomes` judges the answers
its kernel recorded (:func:`~coursekit.grade.judge.judge`, in this process: nothing the
kernel said is taken as a verdict) and gives each question of the set one of
:data:`~coursekit.grade.judge.OUTCOMES`, keyed on question ids (the last check of a
question wins); a question that no check recorded is an ``error`` when a cell that checks
it raised. :func:`_error_rows` does the same for a submission that could not be graded.

:func:`write_outputs` writes ``gradebook.csv`` (one row per submission; written-answer
columns stay empty for the instructor; a ``review`` column lists what the instructor may
want to look at, from the static scan), ``<stem>_details.csv`` and
``feedback/<student>.md`` (from :func:`_feedback_markdown`, which also names the first
cell that raised). Files are named as submitted, below the folder all submissions share,
and every message goes through :func:`scrub`, so no path of the grader's machine (its
home, user name or folders) reaches a CSV or a feedback page. :class:`Progress` is the
progress bar drawn on stderr while the kernels run.

Uses :mod:`~coursekit.grade.submissions` (the :class:`Submission` record, filled in by
:mod:`~coursekit.grade.scan` and :mod:`~coursekit.grade.kernels`) and
:mod:`~coursekit.grade.judge`.
"""

from __future__ import annotations

import collections
import math
import os
import re
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .judge import judge
from .submissions import Submission

__all__ = ["Progress", "scrub", "write_outputs"]


def _outcomes(sub: Submission, table: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per question of the set for a graded submission.

    The recorded answers are judged here, in the grader's process (:func:`judge`); a
    question that no check recorded is an ``error`` when a cell that checks it raised.
    """
    exercise_set = str(table["exercise_set"].iloc[0]) if len(table) else ""
    rows = judge(sub.results, exercise_set, table=table)
    cells_for: dict[str, list[int]] = collections.defaultdict(list)
    for index, ids in sub.check_cells.items():
        for qid in ids:
            cells_for[qid].append(index)
    recorded = {str(r.get("id")) for r in sub.results}
    for row in rows:
        qid = row["question_id"]
        failing = [i for i in cells_for.get(qid, []) if i in sub.cell_errors]
        if qid not in recorded and failing:
            i = failing[-1]
            row["outcome"] = "error"
            row["points"] = math.nan if row["kind"] == "written" else 0.0
            row["message"] = (f"the cell that checks it (cell {i + 1}) stopped with "
                              f"{sub.cell_errors[i]}, so it was not checked")
    return rows


def _error_rows(sub: Submission, table: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "question_id": q.question_id,
            "title": q.title,
            "kind": q.kind,
            "outcome": "error",
            "points": math.nan if q.kind == "written" else 0.0,
            "max_points": float(q.points),
            "message": sub.error,
        }
        for q in table.itertuples(index=False)
    ]


#: The feedback page's result column: a status word for each outcome, read before any
#: detail (no emoji, which render as empty boxes without an emoji font).
STATUS = {
    "passed": "Correct",
    "failed": "Not yet",
    "not answered": "Not answered",
    "written": "Recorded (graded by your instructor)",
    "error": "Could not be checked",
}

_ERROR_ADVICE = [
    ("not a valid notebook", "Please re-download your notebook from Jupyter "
     "(File → Download) and submit the .ipynb file itself."),
    ("file not found", "Your instructor could not find this file."),
    ("exercise set", "Please check that you submitted the right exercise notebook."),
    ("timed out", "Look for a loop that never ends or a computation that takes very long, "
     "then run the notebook from top to bottom (Kernel → Restart & Run All) to check."),
    ("kernel died", "Something in the notebook stopped Python itself (for example a very "
     "large computation). Run it from top to bottom to find the cell."),
    ("check answers", "The notebook changed how Python prints or how `check` records "
     "answers, so none could be read. Please restore the original cells, then run it from "
     "top to bottom (Kernel → Restart & Run All) to check."),
]


def _feedback_markdown(
    student: str,
    file: str,
    exercise_set: str,
    rows: list[dict[str, Any]],
    error: str,
    first_error: str = "",
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
    got = sum(r["points"] for r in auto if not math.isnan(r["points"]))
    best = sum(r["max_points"] for r in auto)
    lines += [f"**Auto-checked questions: {_fmt(got)} of {_fmt(best)} points.**", "",
              "| question | | result | points | feedback |", "|---|---|---|---|---|"]
    for r in rows:
        pts = ("—" if r["kind"] == "written"
               else f"{_fmt(r['points'])}/{_fmt(r['max_points'])}")
        msg = str(r["message"]).replace("|", "\\|")
        lines.append(f"| {r['question_id']} | {r['title']} | {STATUS[r['outcome']]} "
                     f"| {pts} | {msg} |")
    lines.append("")
    if first_error:
        lines += [f"{first_error} Run the notebook from top to bottom "
                  "(Kernel → Restart & Run All) to see it.", ""]
    failed = [r for r in rows if r["outcome"] in ("failed", "error")]
    open_ = [r for r in rows if r["outcome"] == "not answered"]
    if not failed and not open_:
        lines.append("Every auto-checked answer is right. Well done!")
    if failed:
        lines.append("Worth another look: " + ", ".join(r["question_id"] for r in failed)
                     + ". The hints above say what to check first.")
    if open_:
        lines.append("Not answered: " + ", ".join(r["question_id"] for r in open_)
                     + ". Replace the `...` with your answer and run the check cell.")
    if any(r["kind"] == "written" for r in rows):
        lines += ["", "Written answers are read and graded by your instructor; "
                  "compare yours with the model answer once solutions are released."]
    lines.append("")
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def write_outputs(
    subs: list[Submission],
    table: pd.DataFrame,
    exercise_set: str,
    out_path: Path,
    feedback: bool,
) -> pd.DataFrame:
    """Write the gradebook, the details CSV and (if ``feedback``) the feedback pages.

    Parameters
    ----------
    subs : list of Submission
        Every submission, graded or not (an error row each).
    table : pandas.DataFrame
        The set's questions (:func:`~coursekit.grade.judge.question_table`).
    exercise_set : str
        The set graded, e.g. ``"01"``.
    out_path : pathlib.Path
        The gradebook CSV; ``<stem>_details.csv`` and ``feedback/`` go beside it.
    feedback : bool
        Write ``feedback/<student>.md``.

    Returns
    -------
    pandas.DataFrame
        The gradebook (``student``, ``file``, ``status``, ``error``, ``review``, one
        column per question, ``total``, ``max_total``), with the details table in
        ``.attrs["details"]``.

    Examples
    --------
    >>> import tempfile
    >>> from coursekit.grade.judge import question_table
    >>> from coursekit.grade.submissions import Submission
    >>> sub = Submission(path=Path("ana.ipynb"), student="ana", error="file not found")
    >>> out = Path(tempfile.mkdtemp()) / "book.csv"
    >>> book = write_outputs([sub], question_table("01"), "01", out, feedback=False)
    >>> book.loc[0, ["file", "status", "error"]].tolist()
    ['ana.ipynb', 'error', 'file not found']
    """
    qids = list(table["question_id"])
    book_rows, detail_rows, feedback_pages = [], [], {}
    names = _submitted_names([sub.path for sub in subs])
    for sub in subs:
        rows = _error_rows(sub, table) if sub.error else _outcomes(sub, table)
        for r in rows:
            r["message"] = scrub(str(r["message"]))
        error = scrub(sub.error)
        row: dict[str, Any] = {
            "student": sub.student,
            "file": names[sub.path],
            "status": "error" if sub.error else "graded",
            "error": error,
            "review": scrub("; ".join(sub.review)),
        }
        auto = [r for r in rows if r["kind"] != "written"]
        for r in rows:
            row[r["question_id"]] = float("nan") if sub.error else r["points"]
            detail_rows.append({"student": sub.student, **r})
        row["total"] = float("nan") if sub.error else sum(r["points"] for r in auto)
        row["max_total"] = sum(r["max_points"] for r in auto)
        book_rows.append(row)
        feedback_pages[sub.student] = _feedback_markdown(
            sub.student, sub.path.name, exercise_set, rows, error,
            "" if sub.error else scrub(_first_error(sub)),
        )
    columns = ["student", "file", "status", "error", "review", *qids, "total", "max_total"]
    book = pd.DataFrame(book_rows, columns=columns)
    details = pd.DataFrame(
        detail_rows,
        columns=["student", "question_id", "title", "kind", "outcome", "points",
                 "max_points", "message"],
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    _csv_safe(book, ("file", "error", "review")).to_csv(out_path, index=False)
    details_path = out_path.with_name(out_path.stem + "_details.csv")
    _csv_safe(details, ("message",)).to_csv(details_path, index=False)
    if feedback:
        folder = out_path.parent / "feedback"
        folder.mkdir(exist_ok=True)
        for student, text in feedback_pages.items():
            (folder / f"{student}.md").write_text(text, encoding="utf-8")
    book.attrs["details"] = details
    return book


_FORMULA = ("=", "+", "@", "\t", "\r")


def _formula(v: object) -> bool:
    # a leading "-" is a formula only with a call or a link in it ("-bob/ex.ipynb", the
    # folder collect makes for user "-bob", stays as it is: handback matches it)
    return isinstance(v, str) and (v.startswith(_FORMULA) or (
        v.startswith("-") and any(c in v for c in "(|!")))


def _csv_safe(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A copy whose text in ``columns`` cannot start a spreadsheet formula.

    A student names the file (``=HYPERLINK(...).ipynb``) and writes the error messages;
    a spreadsheet would run such a cell as a formula. A leading ``'`` keeps it text.

    Examples
    --------
    >>> df = pd.DataFrame({"file": ["=1+1", "a.ipynb", "-a/b.ipynb", "-cmd|'/c'!A0"]})
    >>> _csv_safe(df, ["file"])["file"].tolist()
    ["'=1+1", 'a.ipynb', '-a/b.ipynb', "'-cmd|'/c'!A0"]
    """
    out = df.copy()
    for c in columns:
        if c in out:
            out[c] = [f"'{v}" if _formula(v) else v for v in out[c]]
    return out


def _first_error(sub: Submission) -> str:
    """The first student cell that raised, and its error (a sentence; "" if none)."""
    if not sub.cell_errors:
        return ""
    index = min(sub.cell_errors)
    return (f"The first cell that stopped with an error is cell {index + 1} "
            f"(`{sub.cell_errors[index]}`).")


def _submitted_names(paths: list[Path]) -> dict[Path, str]:
    """Each file by its submitted name: its path below the folder all submissions share.

    The gradebook names files this way so that no path of the grader's machine (its
    home folder, user name or folders) appears in it.
    """
    if not paths:
        return {}
    absolute = [Path(os.path.abspath(p)) for p in paths]
    try:
        root = Path(os.path.commonpath([p.parent for p in absolute]))
    except ValueError:  # different drives (Windows)
        return {p: p.name for p in paths}
    return {p: a.relative_to(root).as_posix() for p, a in zip(paths, absolute, strict=True)}


# An absolute path (POSIX, Windows, or below the home folder once that is "~"); not part
# of a URL, a fraction or a word such as "and/or".
_PART = r"[^\s'\"`:;,()<>|/\\]+"
_ABS_PATH = re.compile(
    rf"(?<![\w.:/\\~-])(?:~|[A-Za-z]:)?[/\\]{_PART}(?:[/\\]{_PART})*[/\\]?"
)


def _last_part(match: re.Match[str]) -> str:
    return re.split(r"[/\\]", match.group(0).rstrip("/\\"))[-1]


def scrub(text: str) -> str:
    """Remove text of the grader's environment from a message: the home folder, and
    absolute paths (which name the grader's folders and user), which become their last
    part.

    Examples
    --------
    >>> scrub("FileNotFoundError: [Errno 2] No such file: '/home/teacher/course/x.csv'")
    "FileNotFoundError: [Errno 2] No such file: 'x.csv'"
    >>> scrub("see https://example.org/a/b, and/or 3/4")
    'see https://example.org/a/b, and/or 3/4'
    """
    if not text:
        return text
    home = os.path.expanduser("~").rstrip("/\\")
    if len(home) > 1:
        text = text.replace(home, "~")
    return _ABS_PATH.sub(_last_part, text)


# =========================================================================== progress


class Progress:
    """The progress bar drawn on stderr while submissions are graded (thread-safe).

    Examples
    --------
    >>> bar = Progress(3, enabled=False)  # draws nothing; counts all the same
    >>> bar.done, bar.enabled
    (0, False)
    """

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.errors = 0
        self.enabled = enabled and total > 0
        self._lock = threading.Lock()
        self._t0 = time.perf_counter()
        self.draw("")

    def step(self, sub: Submission) -> None:
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
