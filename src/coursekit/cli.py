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

__all__ = ["main", "make_parser"]

_GRADE_MODULE = "coursekit.grade"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("coursekit")
    except Exception:  # noqa: BLE001 - not installed (e.g. run from a source tree)
        return "unknown"


def _import_grade() -> ModuleType | None:
    """Import coursekit.grade, or return None if it does not exist (yet)."""
    try:
        return importlib.import_module(_GRADE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name == _GRADE_MODULE:
            return None
        raise


def make_parser(*, grade_module: ModuleType | None = None) -> argparse.ArgumentParser:
    """Build the argument parser.

    Parameters
    ----------
    grade_module : module, optional
        If given and it has ``add_arguments``, the ``grade`` subcommand gets its
        arguments from it; otherwise ``grade`` accepts any arguments and they are
        passed through (see :func:`main`).
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

    grade = sub.add_parser(
        "grade",
        help="grade submitted exercise notebooks in a batch",
        description="Grade submitted exercise notebooks in a batch.",
    )
    if grade_module is not None and hasattr(grade_module, "add_arguments"):
        grade_module.add_arguments(grade)
    else:
        grade.add_argument("grade_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


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
        errors = execute_notebook(path, timeout=args.timeout)
        failures.extend(errors)
        print(f"{'FAILED' if errors else 'executed'} {path}")
    for error in failures:
        print(f"coursekit execute: {error}", file=sys.stderr)
    return 1 if failures else 0


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _run_grade(args: argparse.Namespace, grade_module: ModuleType | None) -> int:
    if grade_module is None:
        print(
            "coursekit grade: the grader (coursekit.grade) is not installed in this "
            "version of coursekit",
            file=sys.stderr,
        )
        return 2
    if hasattr(grade_module, "run"):
        code = grade_module.run(args)
    elif hasattr(grade_module, "main_from_args"):
        code = grade_module.main_from_args(list(getattr(args, "grade_args", [])))
    else:
        print(
            "coursekit grade: coursekit.grade has neither run(args) nor main_from_args(argv)",
            file=sys.stderr,
        )
        return 2
    return int(code or 0)


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
    grade_module = _import_grade() if argv[:1] == ["grade"] else None
    parser = make_parser(grade_module=grade_module)
    args = parser.parse_args(argv)
    if args.command == "build":
        return _run_build(args)
    if args.command == "execute":
        return _run_execute(args)
    if args.command == "grade":
        return _run_grade(args, grade_module)
    parser.print_usage(sys.stdout)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
