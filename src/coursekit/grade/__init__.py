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

Every kernel runs in a sandbox (bubblewrap, where it works; see
:mod:`~coursekit.grade.sandbox`): it sees only the Python installation, the coursekit
package and its own copy of the submission, has no network, a private empty home and
``/tmp``, a minimal environment, its own process namespace and limits on memory,
processes, time and output. ``sandbox="auto"`` (the default) grades without it where
bubblewrap is missing, says so on stderr and records it in ``<stem>_run.json``;
``"require"`` makes that an error.

Nothing is lost: each finished submission is appended at once to
``<stem>.journal.jsonl``; the gradebook, details CSV, ``<stem>_run.json`` and the feedback
folder are written at the end by renaming finished files into place; an interrupted run
kills every kernel and keeps the journal, and ``resume=True`` grades only what is missing.

How it stays fast: every worker keeps one kernel started, with coursekit and the
libraries the submissions import already imported, before its next submission is
assigned. Each submission still gets a fresh kernel process of its own, which is killed
(not gracefully shut down) afterwards.

The package is a one-way pipeline; each module uses only the ones listed before it:

1. :mod:`~coursekit.grade.submissions` finds the files, names the students and reads
   each file into a notebook (or a reason why it is not one);
2. :mod:`~coursekit.grade.scan` scans each notebook statically for its check calls,
   exercise set and tampering, without running it;
3. :mod:`~coursekit.grade.sandbox` builds each kernel's sandbox and limits, and
   :mod:`~coursekit.grade.kernels` runs the clean submissions in fresh kernels (the
   kernel factory, the worker pool, timeouts) and collects their results;
   :mod:`~coursekit.grade.journal` records each one as soon as it is done;
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
import json
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from .gradebook import Progress, write_outputs
from .journal import Journal, journal_path, replace_outputs
from .judge import OUTCOMES, question_table
from .kernels import KernelFactory, Pool, warm_modules
from .sandbox import MODES, Limits, SandboxUnavailable, choose
from .scan import scan_notebook
from .submissions import Submission, read_notebook, resolve_paths, student_names

__all__ = [
    "DEFAULT_NOTEBOOK_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "EXIT_CODES",
    "OUTCOMES",
    "Interrupted",
    "Limits",
    "SandboxUnavailable",
    "add_arguments",
    "grade",
    "run",
    "scan_notebook",
]

#: ``coursekit grade`` exit statuses.
EXIT_CODES: dict[int, str] = {
    0: "the gradebook was written (submissions that could not be graded are rows in it)",
    1: "the gradebook could not be written (e.g. the output folder is not writable)",
    2: "nothing to grade, or the exercise set could not be determined",
    3: "--sandbox require, but the sandbox does not work here",
    130: "interrupted by Ctrl-C: the journal keeps what was graded; run again with --resume",
    143: "stopped by SIGTERM: the journal keeps what was graded; run again with --resume",
}


class Interrupted(KeyboardInterrupt):
    """Grading was stopped by a signal (SIGINT or SIGTERM); every kernel is gone and the
    journal keeps what was finished."""

    def __init__(self, signum: int, journal: str = "", done: int = 0) -> None:
        super().__init__(signum)
        self.signum = signum
        self.journal = journal
        self.done = done

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
    sandbox: str = "auto",
    limits: Limits | None = None,
    python_path: Sequence[str | os.PathLike[str]] = (),
    resume: bool = False,
) -> pd.DataFrame:
    """Grade submitted exercise notebooks and write the gradebook and feedback.

    Parameters
    ----------
    paths : iterable of str or path
        Notebook files, folders (searched recursively for ``.ipynb`` in any letter case;
        hidden folders such as ``.ipynb_checkpoints`` are skipped, and every skipped file
        is listed on stderr and in ``<stem>_run.json``) and glob patterns.
    out : str or path
        The gradebook CSV to write. ``<stem>_details.csv``, ``<stem>_run.json``,
        ``<stem>.journal.jsonl`` and ``feedback/<student>.md`` are written beside it.
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
    sandbox : {"auto", "require", "off"}, default "auto"
        Run each kernel in bubblewrap: where it works (``auto``, which otherwise grades
        unsandboxed and says so), always (``require``: an error where it does not work),
        or never (``off``).
    limits : Limits, optional
        Memory, process, file and output limits of each kernel (default ``Limits()``).
    python_path : sequence of path
        Extra folders of Python modules the kernels may import (read-only).
    resume : bool, default False
        Reuse the journal of an interrupted run: grade only what it does not have.

    Returns
    -------
    pandas.DataFrame
        The gradebook, as written to ``out``: ``student``, ``file``, ``status``
        (``graded``/``error``), ``error``, one column per question (points earned; empty
        for written answers and error rows), ``total``, ``max_total``. ``.attrs`` holds
        ``details`` (the long table), ``exercise_set``, ``seconds``, ``errors``, ``out``,
        ``sandbox`` (``"bubblewrap"``, or why not) and ``resumed``.

    Raises
    ------
    ValueError
        If no submissions are found, or the exercise set cannot be determined.
    SandboxUnavailable
        If ``sandbox="require"`` and bubblewrap does not work here.
    Interrupted
        If SIGINT or SIGTERM stopped the run (every kernel is killed, the journal kept).
    """
    t0 = time.perf_counter()
    limits = limits or Limits()
    files, skipped = resolve_paths(paths)
    for w in skipped:
        print(f"coursekit grade: {w}", file=sys.stderr)
    if not files:
        raise ValueError("no submissions found")
    sandboxed, why_not = choose(sandbox)
    if sandboxed:
        sandbox_note = "bubblewrap"
    else:
        sandbox_note = (f"off: not isolated ({why_not})" if why_not
                        else "off: not isolated (--sandbox off)")
        print("coursekit grade: WARNING: submissions are NOT isolated from this computer "
              f"({why_not or '--sandbox off'}); see the instructor guide, section 4",
              file=sys.stderr)
    out_path = Path(out)
    journal = Journal(journal_path(out_path), resume=resume)
    done: list[Submission] = []
    with _signals_raise() as stop, contextlib.ExitStack() as stack:
        factory = KernelFactory(sandboxed, limits, cpu_seconds=notebook_timeout + 60,
                                python_path=python_path)
        stack.callback(factory.close)
        stack.callback(journal.close)
        try:
            subs = _read_submissions(files)
            exercise_set, table = _choose_set(subs, exercise_set)
            runnable = [s for s in subs if not s.error]
            factory.warm_modules = warm_modules([s.nb for s in runnable])
            resumed = journal.restore(runnable) if resume else 0
            restored = {id(s) for s in runnable if s.results or s.error or s.cell_errors}
            todo = [s for s in runnable if id(s) not in restored]
            jobs = max(1, int(jobs or os.cpu_count() or 1))
            bar = Progress(len(subs), sys.stderr.isatty() if progress is None else progress)
            for sub in subs:
                if sub.error or id(sub) in restored:
                    bar.step(sub)

            def finished(sub: Submission) -> None:
                journal.add(sub)
                done.append(sub)
                bar.step(sub)

            if todo:
                Pool(jobs, factory, timeout, notebook_timeout, on_done=finished,
                     limits=limits).run(todo)
            bar.close()
        except KeyboardInterrupt as exc:
            signum = stop.get("signum", signal.SIGINT)
            raise Interrupted(signum, os.fspath(journal.path), len(done)) from exc

    meta = {
        "exercise_set": exercise_set,
        "sandbox": sandbox_note,
        "limits": {"memory_mb": limits.memory_mb, "processes": limits.processes,
                   "file_mb": limits.file_mb, "output_mb": limits.output_mb,
                   "disk_mb": limits.disk_mb, "timeout": timeout,
                   "notebook_timeout": notebook_timeout},
        "skipped": skipped,
        "resumed": resumed,
        "journal": journal.path.name,
    }
    book = _write_atomically(subs, table, exercise_set, out_path, feedback, meta)
    book.attrs.update(
        exercise_set=exercise_set,
        seconds=time.perf_counter() - t0,
        errors=int((book["status"] == "error").sum()),
        out=os.fspath(out_path),
        sandbox=sandbox_note,
        resumed=resumed,
    )
    return book


@contextlib.contextmanager
def _signals_raise():  # type: ignore[no-untyped-def]
    """Turn SIGTERM into KeyboardInterrupt while grading (main thread only); yields a dict
    that records which signal arrived."""
    seen: dict[str, int] = {}
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return

    def handler(signum: int, frame: object) -> None:
        seen["signum"] = signum
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGTERM, old)


def _write_atomically(
    subs: list[Submission], table: pd.DataFrame, exercise_set: str, out: Path,
    feedback: bool, meta: dict[str, object],
) -> pd.DataFrame:
    """Write every output into a staging folder beside ``out``, then rename into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.stem}.tmp-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        book = write_outputs(subs, table, exercise_set, staging / out.name, feedback)
        run_json = out.stem + "_run.json"
        (staging / run_json).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        replace_outputs(staging, out,
                        [out.name, out.stem + "_details.csv", run_json], feedback)
    finally:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    book.attrs["run"] = meta
    return book


def _read_submissions(files: list[Path]) -> list[Submission]:
    """Read and scan every file; a file that cannot be graded gets its ``error``."""
    subs = [Submission(path=p) for p in files]
    for sub, name in zip(subs, student_names(files), strict=True):
        sub.student = name
        sub.nb, sub.error = read_notebook(sub.path)
        if sub.nb is not None:
            found = scan_notebook(sub.nb)
            sub.check_cells = found["check_cells"]
            sub.exercise_set = found["exercise_set"]
            # flagged for the instructor, graded all the same: answers are judged in the
            # grader's process, so tampering with the checking code cannot earn points
            sub.review = found["review"]
    return subs


def _choose_set(
    subs: list[Submission], exercise_set: str | None
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
    table = question_table(exercise_set)
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
    >>> args = p.parse_args(["a.ipynb", "--out", "book.csv", "--jobs", "2", "--memory", "512"])
    >>> args.jobs, args.sandbox, args.memory
    (2, 'auto', 512)
    """
    d = Limits()
    parser.description = (
        "Grade exercise submissions: run each notebook in a fresh, sandboxed kernel, "
        "collect its check results, and write a gradebook CSV, a details CSV, a run "
        "record (<stem>_run.json), a journal (<stem>.journal.jsonl) and "
        "feedback/<student>.md."
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "exit status:\n" + "\n".join(
        f"  {code:<4} {text}" for code, text in EXIT_CODES.items())
    parser.add_argument("paths", nargs="*", metavar="SUBMISSION",
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
                        help="do not write feedback/<student>.md (an old feedback folder "
                             "beside the gradebook is removed, so that none is stale)")
    parser.add_argument("--sandbox", choices=MODES, default="auto",
                        help="run each kernel in bubblewrap: where it works (auto, the "
                             "default), always (require: an error where it does not), "
                             "or never (off)")
    parser.add_argument("--memory", type=int, default=d.memory_mb, metavar="MiB",
                        help="memory of each kernel process, and of all of a kernel's "
                             f"processes together (default: {d.memory_mb})")
    parser.add_argument("--processes", type=int, default=d.processes, metavar="N",
                        help="processes and threads of each kernel, sandbox only "
                             f"(default: {d.processes})")
    parser.add_argument("--max-file", type=int, default=d.file_mb, metavar="MiB",
                        help=f"largest file a kernel may write (default: {d.file_mb})")
    parser.add_argument("--max-output", type=int, default=d.output_mb, metavar="MiB",
                        help=f"output one submission may print (default: {d.output_mb})")
    parser.add_argument("--max-disk", type=int, default=d.disk_mb, metavar="MiB",
                        help="what a kernel may keep on disk in all, its folder and its "
                             f"/tmp (default: {d.disk_mb})")
    parser.add_argument("--python-path", action="append", default=[], metavar="DIR",
                        help="extra folder of Python modules the kernels may import "
                             "(read-only; repeatable)")
    parser.add_argument("--resume", action="store_true",
                        help="after an interrupted run: grade only what its journal lacks")
    parser.add_argument("--self-test", action="store_true",
                        help="start one kernel with these settings, check from inside it "
                             "what it can see and do, print the findings and exit")


def run(args: argparse.Namespace) -> int:
    """Run ``coursekit grade`` with parsed ``args``; return the exit status.

    See :data:`EXIT_CODES`: 0 when the gradebook was written (student errors are rows in
    it, not failures of the grader), 1 when it could not be written, 2 when there was
    nothing to grade or the set could not be determined, 3 when a required sandbox does
    not work, 130/143 when interrupted (the journal keeps what was graded).
    """
    limits = Limits(memory_mb=getattr(args, "memory", Limits.memory_mb),
                    processes=getattr(args, "processes", Limits.processes),
                    file_mb=getattr(args, "max_file", Limits.file_mb),
                    output_mb=getattr(args, "max_output", Limits.output_mb),
                    disk_mb=getattr(args, "max_disk", Limits.disk_mb))
    mode = getattr(args, "sandbox", "auto")
    if getattr(args, "self_test", False):
        from .selftest import print_self_test

        try:
            return print_self_test(mode, limits)
        except SandboxUnavailable as exc:
            print(f"coursekit grade: {exc}", file=sys.stderr)
            return 3
    if not args.paths:
        print("coursekit grade: no submissions given (pass notebooks, folders or patterns)",
              file=sys.stderr)
        return 2
    try:
        book = grade(
            args.paths,
            args.out,
            jobs=args.jobs,
            timeout=args.timeout,
            notebook_timeout=args.notebook_timeout,
            exercise_set=getattr(args, "exercise_set", None),
            feedback=getattr(args, "feedback", True),
            sandbox=mode,
            limits=limits,
            python_path=getattr(args, "python_path", []),
            resume=getattr(args, "resume", False),
        )
    except SandboxUnavailable as exc:
        print(f"coursekit grade: {exc}", file=sys.stderr)
        return 3
    except ValueError as exc:
        print(f"coursekit grade: {exc}", file=sys.stderr)
        return 2
    except Interrupted as exc:
        how = "stopped by SIGTERM" if exc.signum == signal.SIGTERM else "interrupted"
        print(f"\ncoursekit grade: {how}; every kernel was stopped. {exc.done} more "
              f"submission{'s' if exc.done != 1 else ''} recorded in {exc.journal}; run "
              "the same command with --resume to grade the rest.", file=sys.stderr)
        return 128 + int(exc.signum)
    except OSError as exc:
        print(f"coursekit grade: could not write the gradebook: {exc}", file=sys.stderr)
        return 1
    n = len(book)
    errors = book.attrs["errors"]
    err = f" ({errors} error{'s' if errors != 1 else ''})" if errors else ""
    resumed = book.attrs.get("resumed", 0)
    again = f", {resumed} from the journal" if resumed else ""
    print(f"graded {n - errors} of {n} submission{'s' if n != 1 else ''}{err}{again} "
          f"in {book.attrs['seconds']:.1f} s → {book.attrs['out']}")
    return 0
