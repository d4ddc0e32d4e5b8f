"""The ``coursekit`` command line.

Subcommands
-----------
``coursekit build [--check] [--root DIR]``
    Regenerate ``exercises/`` from ``solutions/`` (see :mod:`coursekit.build`).
    With ``--check`` nothing is written; exits 1 and lists the stale exercises.
``coursekit execute NOTEBOOK...``
    Run lessons/solutions in place and store their outputs (see :mod:`coursekit.execute`).
``coursekit grade ...``
    Batch grading, provided by :mod:`coursekit.grade` (its ``add_arguments(parser)``
    and ``run(args)``, or ``main_from_args(argv)``).
``coursekit collect TEMPLATE [--out DIR] [--users A,B] [--deadline ISO]``
    Copy students' notebooks from their folders on a hub into ``DIR/<user>/`` with a
    manifest (see :mod:`coursekit.classroom.collect`).
``coursekit return GRADEBOOK [--manifest CSV] [--to TEMPLATE]``
    Put each student's feedback page into their folder, never replacing their files
    (see :mod:`coursekit.classroom.handback`).
``coursekit report GRADEBOOK [--out HTML] [--notebook IPYNB]``
    The class report: score distribution, difficulty and discrimination per question, the
    most frequent wrong-answer hints (see :mod:`coursekit.classroom.report`).

Importing this module is cheap: nbformat, pandas and the grader are imported
only when a subcommand runs.

Examples
--------
>>> parser = make_parser()
>>> args = parser.parse_args(["build", "--check", "--root", "."])
>>> args.command, args.check, args.root
('build', True, '.')
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["main", "make_parser"]


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("coursekit")
    except Exception:  # noqa: BLE001 - not installed (e.g. run from a source tree)
        return "unknown"


def make_parser(*, grade_module: ModuleType | None = None) -> argparse.ArgumentParser:
    """Build the argument parser.

    Parameters
    ----------
    grade_module : module, optional
        :mod:`coursekit.grade`, which adds the ``grade`` subcommand's arguments. It is
        imported (see :func:`main`) only when that subcommand is run, so that other
        subcommands stay light.
    """
    parser = argparse.ArgumentParser(
        prog="coursekit",
        description="Tools for the 'Allies of Convenience?' course.",
    )
    parser.add_argument("--version", action="version", version=f"coursekit {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser(
        "build",
        help="generate exercises/ from solutions/",
        description="Generate exercises/NN-slug.ipynb from solutions/NN-slug.ipynb.",
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the exercises that are out of date",
    )
    build.add_argument(
        "--root",
        metavar="DIR",
        default=None,
        help="course root containing solutions/ and exercises/ (default: found from cwd)",
    )

    execute = sub.add_parser(
        "execute",
        help="run lessons/solutions notebooks in place and store their outputs (authors)",
        description="Run notebooks top to bottom in fresh kernels and save their outputs; "
        "a notebook with a failing cell is left unchanged.",
    )
    execute.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", type=Path)
    execute.add_argument("--timeout", type=int, default=300, help="per-cell timeout in seconds")
    execute.add_argument(
        "--metadata-only",
        action="store_true",
        help="run nothing: only tidy the stored notebooks (JupyterLab's kernelspec, no saved "
        "widget state, lighter PNGs), as every run does before saving",
    )

    grade = sub.add_parser(
        "grade",
        help="grade submitted exercise notebooks in a batch",
        description="Grade submitted exercise notebooks in a batch.",
    )
    if grade_module is not None:
        grade_module.add_arguments(grade)
    _add_classroom(sub)
    return parser


def _add_classroom(sub: Any) -> None:  # what ArgumentParser.add_subparsers() returns
    collect = sub.add_parser(
        "collect",
        help="copy students' exercise notebooks from their hub folders into submissions/",
        description="Copy each student's notebooks matching a path template into "
        "OUT/<user>/ and write OUT/manifest.csv (user, source, mtime, sha256). The originals "
        "are only read; links pointing outside a student's folder are refused.",
    )
    collect.add_argument("template", metavar="TEMPLATE",
                         help="path with {user}, e.g. "
                         "'/home/jupyter-{user}/coursekit/exercises/01-*.ipynb'")
    collect.add_argument("--out", "-o", default="submissions",
                         help="folder for the copies and manifest.csv (default: submissions)")
    collect.add_argument("--users", default=None,
                         help="comma-separated user names, or @FILE with one per line "
                         "(default: every folder that fits the template)")
    collect.add_argument("--exclude", default="",
                         help="comma-separated users to leave out, e.g. the instructor")
    collect.add_argument("--deadline", default=None, metavar="ISO",
                         help="flag files changed after it: a date and time with its zone, "
                         "e.g. 2026-03-01T23:59+01:00 or 2026-03-01T22:59Z (without a zone: "
                         "this machine's local time; a date alone is refused)")
    ret = sub.add_parser(
        "return",
        help="put each student's feedback page into their folder",
        description="Copy grades/feedback/<student>.md into a feedback/ folder beside each "
        "student's collected notebook (or --to). Never replaces a file: a different name "
        "is used when one exists.",
    )
    ret.add_argument("gradebook", metavar="GRADEBOOK", help="gradebook.csv from coursekit grade")
    ret.add_argument("--manifest", default="submissions/manifest.csv",
                     help="manifest from coursekit collect (default: submissions/manifest.csv)")
    ret.add_argument("--to", default=None, metavar="TEMPLATE",
                     help="folder with {user} for the pages, e.g. "
                     "'/home/jupyter-{user}/feedback' (default: feedback/ beside the notebook)")
    report = sub.add_parser(
        "report",
        help="a class report from a gradebook (HTML and/or notebook)",
        description="Score distribution, difficulty and discrimination per question, the "
        "most frequent wrong-answer hints and not-answered counts, with embedded figures.",
    )
    report.add_argument("gradebook", metavar="GRADEBOOK", help="gradebook.csv from coursekit grade")
    report.add_argument("--out", "-o", default=None,
                        help="HTML page to write (default: report.html unless --notebook)")
    report.add_argument("--notebook", default=None, metavar="IPYNB",
                        help="also (or only) write the report as a notebook")
    report.add_argument("--details", default=None,
                        help="details CSV (default: <gradebook>_details.csv beside it)")


def _split_users(text: str | None) -> list[str] | None:
    if text is None:
        return None
    if text.startswith("@"):
        lines = Path(text[1:]).read_text(encoding="utf-8").splitlines()
        return [u.strip() for u in lines if u.strip() and not u.startswith("#")]
    return [u.strip() for u in text.split(",") if u.strip()]


def _run_collect(args: argparse.Namespace) -> int:
    from coursekit.classroom.collect import collect

    try:
        manifest = collect(args.template, args.out, users=_split_users(args.users),
                           deadline=args.deadline, exclude=_split_users(args.exclude) or ())
    except (ValueError, OSError) as exc:
        print(f"coursekit collect: {exc}", file=sys.stderr)
        return 2
    if args.deadline is not None:
        import datetime as dt

        from coursekit.classroom.collect import parse_deadline

        when = parse_deadline(args.deadline)
        print(f"deadline {when.isoformat()} (UTC {when.astimezone(dt.UTC).isoformat()})")
    counts = manifest["status"].value_counts()
    for row in manifest.itertuples(index=False):
        if row.status != "collected":
            print(f"  {row.status:<10} {row.user}: {row.source or ''} {row.message}".rstrip())
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    print(f"collected from {manifest['user'].nunique()} users: {summary} "
          f"→ {Path(args.out) / 'manifest.csv'}")
    return 0


def _run_return(args: argparse.Namespace) -> int:
    from coursekit.classroom.handback import return_feedback

    try:
        done = return_feedback(args.gradebook, args.manifest, to=args.to)
    except (ValueError, OSError) as exc:
        print(f"coursekit return: {exc}", file=sys.stderr)
        return 2
    for row in done.itertuples(index=False):
        where = row.dest or row.page
        print(f"  {row.status:<9} {row.user or row.student}: {where} {row.message}".rstrip())
    summary = ", ".join(f"{n} {s}" for s, n in done["status"].value_counts().items())
    print(f"returned feedback: {summary or 'nothing to return'}")
    bad = done["status"].isin(["refused", "failed"]).any()
    return 1 if bad else 0


def _run_report(args: argparse.Namespace) -> int:
    from coursekit.classroom.report import write_report

    out = args.out if args.out or args.notebook else "report.html"
    try:
        rep = write_report(args.gradebook, out=out, notebook=args.notebook,
                           details=args.details)
    except (ValueError, OSError) as exc:
        print(f"coursekit report: {exc}", file=sys.stderr)
        return 2
    written = " and ".join(str(p) for p in (out, args.notebook) if p)
    print(f"report on {len(rep.scores)} graded of {rep.submissions} submissions → {written}")
    return 0


def _run_build(args: argparse.Namespace) -> int:
    from coursekit.build import LearnerWorkError, SolutionMarkerError, build_all, find_root

    root = Path(args.root) if args.root else find_root()
    if not (root / "solutions").is_dir():
        print(f"coursekit build: no solutions/ folder in {root}", file=sys.stderr)
        return 2
    try:
        changed = build_all(root, check=args.check)
    except (SolutionMarkerError, LearnerWorkError) as exc:
        print(f"coursekit build: error: {exc}", file=sys.stderr)
        return 2
    shown = [_relative(p, root) for p in changed]
    if args.check:
        if shown:
            print("stale exercises (run `coursekit build` to regenerate):")
            for path in shown:
                print(f"  {path}")
            return 1
        print("exercises are up to date")
        return 0
    for path in shown:
        print(f"wrote {path}")
    if not shown:
        print("exercises are up to date")
    return 0


def _run_execute(args: argparse.Namespace) -> int:
    from coursekit.execute import execute_notebook

    failures = []
    for path in args.notebooks:
        errors = execute_notebook(path, timeout=args.timeout, run=not args.metadata_only)
        failures.extend(errors)
        done = "tidied" if args.metadata_only else "executed"
        print(f"{'FAILED' if errors else done} {path}")
    for error in failures:
        print(f"coursekit execute: {error}", file=sys.stderr)
    return 1 if failures else 0


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _run_grade(args: argparse.Namespace, grade_module: ModuleType) -> int:
    return int(grade_module.run(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> main([])  # doctest: +ELLIPSIS
    usage: coursekit ...
    0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    # Import the grader only when it is asked for, so `coursekit build` stays light.
    grade_module = importlib.import_module("coursekit.grade") if argv[:1] == ["grade"] else None
    parser = make_parser(grade_module=grade_module)
    args = parser.parse_args(argv)
    if args.command == "build":
        return _run_build(args)
    if args.command == "execute":
        return _run_execute(args)
    if args.command == "grade":
        return _run_grade(args, grade_module)
    if args.command in _CLASSROOM:
        return _CLASSROOM[args.command](args)
    parser.print_usage(sys.stdout)
    return 0


_CLASSROOM = {"collect": _run_collect, "return": _run_return, "report": _run_report}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
