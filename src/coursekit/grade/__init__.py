"""Batch-grade exercise submissions into a gradebook, with feedback for every student.

``coursekit grade SUBMISSION.ipynb… --out gradebook.csv`` (or :func:`grade` from Python)
executes each submitted notebook in a fresh Jupyter kernel, never in the grader's own
process, reads back the verdicts of the notebook's ``coursekit.check(...)`` calls, and
writes three things:

* ``gradebook.csv``: one row per submission (``student``, ``file``, ``status``, ``error``,
  one column per question with the points earned, ``total``, ``max_total``);
* ``gradebook_details.csv``: one row per student and question (``outcome`` is one of
  ``passed``, ``failed``, ``not answered``, ``written`` (a written answer the
  instructor grades), ``error``; plus ``points``, ``max_points`` and the check's
  ``message``);
* ``feedback/<student>.md``: a short, kind feedback page per student.

Grading is keyed on the question ids that the check calls record, not on cell positions
or metadata, so moved, copied or duplicated cells do not matter (the last check of a
question wins). A submission that cannot be graded (not a notebook, the wrong exercise
set, modified checking code, a timeout, a dead kernel, …) becomes an error row with a
plain reason, and every other submission is still graded. Submissions are only read,
never written.

How it stays fast: on Linux each kernel is forked from a *zygote* process that has already
imported ipykernel, pandas, networkx and coursekit, and every worker keeps one kernel
started and warmed before its next submission is assigned. Each submission still gets a
fresh kernel process of its own, which is killed (not gracefully shut down) afterwards.
Elsewhere, or with ``fork=False``, kernels are started the usual way.

The package is a one-way pipeline; each module uses only the ones listed before it:

1. :mod:`~coursekit.grade.submissions` finds the files, names the students and reads
   each file into a notebook (or a reason why it is not one);
2. :mod:`~coursekit.grade.scan` scans each notebook statically for its check calls,
   exercise set and tampering, without running it;
3. :mod:`~coursekit.grade.kernels` runs the clean submissions in fresh kernels (the
   zygote, the kernel factory, the worker pool, timeouts) and collects their results;
4. :mod:`~coursekit.grade.gradebook` turns every submission into outcomes per question
   and writes the CSV files and the feedback pages; it also draws the progress bar.

This module, :mod:`coursekit.grade`, holds the public API that drives those steps:
:func:`grade`, and :func:`add_arguments`/:func:`run` for ``coursekit grade``.

Examples
--------
>>> from coursekit.grade import grade
>>> book = grade(["submissions/"], "gradebook.csv", jobs=2)  # doctest: +SKIP
>>> book[["student", "status", "total", "max_total"]]  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .gradebook import OUTCOMES, _Progress, _question_table, _write_outputs
from .kernels import _open_factory, _Pool
from .scan import scan_notebook
from .submissions import _read_notebook, _resolve_paths, _student_names, _Submission

__all__ = [
    "DEFAULT_NOTEBOOK_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "OUTCOMES",
    "add_arguments",
    "grade",
    "run",
    "scan_notebook",
]

#: Seconds one cell may run before the submission is stopped.
DEFAULT_TIMEOUT: float = 60.0
#: Seconds a whole submission may run before it is stopped.
DEFAULT_NOTEBOOK_TIMEOUT: float = 600.0


def grade(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT,
    *,
    exercise_set: str | None = None,
    feedback: bool = True,
    progress: bool | None = None,
    fork: bool | None = None,
    kernel_name: str = "python3",
) -> pd.DataFrame:
    """Grade submitted exercise notebooks and write the gradebook and feedback.

    Parameters
    ----------
    paths : iterable of str or path
        Notebook files, folders (searched recursively for ``*.ipynb``; hidden folders such
        as ``.ipynb_checkpoints`` are skipped) and glob patterns.
    out : str or path
        The gradebook CSV to write. ``<stem>_details.csv`` and ``feedback/<student>.md``
        are written beside it.
    jobs : int, optional
        Submissions graded in parallel; default the number of CPU cores.
    timeout : float, default 60
        Seconds one cell may run.
    notebook_timeout : float, default 600
        Seconds a whole submission may run.
    exercise_set : str, optional
        The set being graded, e.g. ``"01"``; default: the set most submissions check.
    feedback : bool, default True
        Write ``feedback/<student>.md``.
    progress : bool, optional
        Draw a progress bar on stderr; default when stderr is a terminal.
    fork : bool, optional
        Fork kernels from a pre-warmed zygote (default on Linux) instead of starting
        each one from scratch. Every submission gets a fresh kernel process either way.
    kernel_name : str, default "python3"
        The Jupyter kernel to run submissions in.

    Returns
    -------
    pandas.DataFrame
        The gradebook, as written to ``out``: ``student``, ``file``, ``status``
        (``graded``/``error``), ``error``, one column per question (points earned; empty
        for written answers and error rows), ``total``, ``max_total``. ``.attrs`` holds
        ``details`` (the long table), ``exercise_set``, ``seconds``, ``errors``, ``out``.

    Raises
    ------
    ValueError
        If no submissions are found, or the exercise set cannot be determined.
    """
    t0 = time.perf_counter()
    files, warnings = _resolve_paths(paths)
    for w in warnings:
        print(f"coursekit grade: {w}", file=sys.stderr)
    if not files:
        raise ValueError("no submissions found")
    # Start the kernel factory first: its zygote imports while the submissions are read.
    with contextlib.closing(_open_factory(fork, kernel_name)) as factory:
        subs = _read_submissions(files)
        exercise_set, table = _choose_set(subs, exercise_set)
        runnable = [s for s in subs if not s.error]
        jobs = max(1, int(jobs or os.cpu_count() or 1))
        bar = _Progress(len(subs), sys.stderr.isatty() if progress is None else progress)
        for sub in subs:
            if sub.error:
                bar.step(sub)
        if runnable:
            _Pool(jobs, factory, timeout, notebook_timeout, on_done=bar.step).run(runnable)
        bar.close()

    out_path = Path(out)
    book = _write_outputs(subs, table, exercise_set, out_path, feedback)
    book.attrs.update(
        exercise_set=exercise_set,
        seconds=time.perf_counter() - t0,
        errors=int((book["status"] == "error").sum()),
        out=os.fspath(out_path),
    )
    return book


def _read_submissions(files: list[Path]) -> list[_Submission]:
    """Read and scan every file; a file that cannot be graded gets its ``error``."""
    subs = [_Submission(path=p) for p in files]
    for sub, name in zip(subs, _student_names(files), strict=True):
        sub.student = name
        sub.nb, sub.error = _read_notebook(sub.path)
        if sub.nb is not None:
            found = scan_notebook(sub.nb)
            sub.check_cells = found["check_cells"]
            sub.exercise_set = found["exercise_set"]
            if found["tampering"]:
                sub.error = "modified checking code: " + "; ".join(found["tampering"])
    return subs


def _choose_set(
    subs: list[_Submission], exercise_set: str | None
) -> tuple[str, pd.DataFrame]:
    """The set to grade (given, or the one most submissions check) and its questions.

    Submissions for another set get their ``error``.
    """
    if exercise_set is None:
        counts = collections.Counter(s.exercise_set for s in subs if s.exercise_set)
        if not counts:
            raise ValueError(
                "cannot tell which exercise set these submissions are for; pass --set"
            )
        exercise_set = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    exercise_set = f"{int(exercise_set):02d}" if str(exercise_set).isdigit() else exercise_set
    table = _question_table(exercise_set)
    if table.empty:
        raise ValueError(f"exercise set {exercise_set} has no questions")
    for sub in subs:
        if not sub.error and sub.exercise_set and sub.exercise_set != exercise_set:
            sub.error = (f"submission is for exercise set {sub.exercise_set}, "
                         f"expected {exercise_set}")
    return exercise_set, table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``coursekit grade`` options to ``parser``.

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_arguments(p)
    >>> p.parse_args(["a.ipynb", "--out", "book.csv", "--jobs", "2"]).jobs
    2
    """
    parser.description = (
        "Grade exercise submissions: run each notebook in a fresh kernel, collect its "
        "check results, and write a gradebook CSV, a details CSV and feedback/<student>.md."
    )
    parser.add_argument("paths", nargs="+", metavar="SUBMISSION",
                        help="notebooks, folders or glob patterns")
    parser.add_argument("--out", "-o", default="gradebook.csv",
                        help="gradebook CSV to write (default: gradebook.csv)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="submissions graded in parallel (default: number of cores)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds one cell may run (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--notebook-timeout", type=float, default=DEFAULT_NOTEBOOK_TIMEOUT,
                        help="seconds a whole submission may run "
                             f"(default: {DEFAULT_NOTEBOOK_TIMEOUT:g})")
    parser.add_argument("--set", dest="exercise_set", default=None, metavar="NN",
                        help="exercise set being graded, e.g. 01 (default: inferred)")
    parser.add_argument("--no-feedback", dest="feedback", action="store_false",
                        help="do not write feedback/<student>.md")
    parser.add_argument("--no-fork", dest="fork", action="store_const", const=False,
                        default=None, help="start every kernel from scratch (slower)")


def run(args: argparse.Namespace) -> int:
    """Run ``coursekit grade`` with parsed ``args``; return the exit status.

    0 when the gradebook was written (student errors are rows in it, not failures of
    the grader), 2 when there was nothing to grade or the set could not be determined.
    """
    try:
        book = grade(
            args.paths,
            args.out,
            jobs=args.jobs,
            timeout=args.timeout,
            notebook_timeout=args.notebook_timeout,
            exercise_set=getattr(args, "exercise_set", None),
            feedback=getattr(args, "feedback", True),
            fork=getattr(args, "fork", None),
        )
    except ValueError as exc:
        print(f"coursekit grade: {exc}", file=sys.stderr)
        return 2
    n = len(book)
    errors = book.attrs["errors"]
    err = f" ({errors} error{'s' if errors != 1 else ''})" if errors else ""
    print(f"graded {n - errors} of {n} submission{'s' if n != 1 else ''}{err} "
          f"in {book.attrs['seconds']:.1f} s → {book.attrs['out']}")
    return 0
