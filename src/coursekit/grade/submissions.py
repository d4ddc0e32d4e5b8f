"""Find the submitted files, name their students and read them as notebooks.

This is the first step of grading and uses nothing else in :mod:`coursekit.grade`.
:func:`resolve_paths` expands the files, folders and glob patterns given on the command
line into a de-duplicated list of files (``.ipynb`` in any letter case) and lists every
file it skipped with the reason, :func:`student_names` names one student per file, and
:func:`read_notebook` reads each file into a notebook (older nbformat versions upgraded
to version 4) or a plain reason why it is not one. Each file becomes a
:class:`Submission`, the record that the later steps
fill in: :mod:`~coursekit.grade.scan` adds its check cells and exercise set,
:mod:`~coursekit.grade.kernels` its check results (or an error), and
:mod:`~coursekit.grade.gradebook` turns it into gradebook rows and feedback.
"""

from __future__ import annotations

import collections
import glob
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Submission", "read_notebook", "resolve_paths", "short", "student_names"]


@dataclass
class Submission:
    """One submitted file and what static analysis found in it."""

    path: Path
    student: str = ""
    nb: Any = None
    error: str = ""
    exercise_set: str | None = None
    check_cells: dict[int, list[str]] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)  # what the instructor may look at
    # filled after execution
    results: list[dict[str, Any]] = field(default_factory=list)
    cell_errors: dict[int, str] = field(default_factory=dict)


def _is_notebook_name(path: Path) -> bool:
    return path.suffix.lower() == ".ipynb"


def resolve_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Expand files, folders and glob patterns into a de-duplicated list of files.

    Folders are searched recursively for ``.ipynb`` files in any letter case. Returns the
    files and one message per skipped file or empty pattern, with the reason.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for name in ("a.ipynb", "B.IPYNB", "notes.txt", ".ipynb_checkpoints/a.ipynb"):
    ...     (d / name).parent.mkdir(exist_ok=True)
    ...     _ = (d / name).write_text("{}")
    >>> files, skipped = resolve_paths([d])
    >>> sorted(f.name for f in files)
    ['B.IPYNB', 'a.ipynb']
    >>> sorted(m.split(": ", 1)[1] for m in skipped)
    ['in a hidden folder', 'not an .ipynb file']
    """
    found: list[Path] = []
    warnings: list[str] = []
    for raw in paths:
        text = os.fspath(raw)
        p = Path(text).expanduser()
        if p.is_dir():
            hits = []
            for q in sorted(p.rglob("*")):
                if not (q.is_file() or q.is_symlink()) or q.is_dir():
                    continue
                rel = q.relative_to(p)
                if any(part.startswith(".") for part in rel.parts[:-1]):
                    if _is_notebook_name(q):
                        warnings.append(f"skipped {q}: in a hidden folder")
                elif rel.name.startswith("."):
                    continue  # .DS_Store and the like
                elif not _is_notebook_name(q):
                    warnings.append(f"skipped {q}: not an .ipynb file")
                else:
                    hits.append(q)
            if not hits:
                warnings.append(f"no .ipynb files in folder {text}")
            found.extend(hits)
        elif p.exists() or p.is_symlink():
            found.append(p)
        elif glob.has_magic(text):
            pattern = os.path.expanduser(text)
            hits = sorted(Path(h) for h in glob.glob(pattern, recursive=True))
            base = Path(_static_prefix(pattern))
            kept = []
            for h in hits:
                if not (h.is_file() or h.is_symlink()):
                    continue
                if _linked_folder(base, h):
                    # a student's link to another student's folder (or to solutions/)
                    warnings.append(f"skipped {h}: in a linked folder (a symbolic link)")
                else:
                    kept.append(h)
            if not kept and not hits:
                warnings.append(f"no files match {text}")
            found.extend(kept)
        else:
            found.append(p)  # reported as "file not found" in its own row
    unique: dict[Path, Path] = {}
    for p in found:
        # A symbolic link keeps a row of its own (refused by read_notebook): resolving it
        # would merge a student's link to a classmate's file into the classmate's row.
        key = p.resolve() if p.exists() and not p.is_symlink() else Path(
            os.path.abspath(p))
        unique.setdefault(key, p)
    return list(unique.values()), warnings


def _static_prefix(pattern: str) -> str:
    """The folder part of a glob pattern before its first wildcard."""
    parts = Path(pattern).parts
    for i, part in enumerate(parts):
        if glob.has_magic(part):
            return os.fspath(Path(*parts[:i])) if i else "."
    return os.fspath(Path(pattern).parent)


def _linked_folder(base: Path, path: Path) -> bool:
    """Whether a folder between ``base`` and ``path`` is a symbolic link."""
    try:
        rel = path.parent.relative_to(base)
    except ValueError:
        return False
    here = base
    for part in rel.parts:
        here = here / part
        if here.is_symlink():
            return True
    return False


def student_names(paths: Sequence[Path]) -> list[str]:
    """Name students by file stem; when stems collide, by the folder (one per student)."""
    stems = [p.stem for p in paths]
    counts = collections.Counter(stems)
    names = []
    for p, stem in zip(paths, stems, strict=True):
        names.append(stem if counts[stem] == 1 else (p.parent.name or stem))
    counts = collections.Counter(names)
    seen: collections.Counter[str] = collections.Counter()
    out = []
    for p, name in zip(paths, names, strict=True):
        if counts[name] > 1:
            name = "_".join(p.absolute().parts[-3:-1] + (p.stem,)).replace(os.sep, "_")
            seen[name] += 1
            if seen[name] > 1:
                name = f"{name}_{seen[name]}"
        out.append(re.sub(r"[^\w.\-]+", "_", name))
    return out


def read_notebook(path: Path) -> tuple[Any, str]:
    """Return ``(notebook, "")`` or ``(None, reason)``; never raises.

    Notebooks of nbformat 3 (and older 4.x) are upgraded to the current version 4.
    """
    import nbformat

    if path.is_symlink():
        # never followed: a link to a classmate's notebook, to solutions/ or to a file
        # only the grader may read would be graded (and quoted) as this student's work
        return None, "not graded: the file is a symbolic link (submit the notebook itself)"
    if not path.exists():
        return None, "file not found"
    if not path.is_file():
        return None, "not a file"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            raw = f.read()
    except OSError as exc:
        return None, f"could not read the file ({exc.strerror or exc})"
    if not raw.strip():
        return None, "not a valid notebook: the file is empty"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not a valid notebook: the file is not UTF-8 text"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not a valid notebook: not JSON ({exc.msg} at line {exc.lineno})"
    except (RecursionError, MemoryError):
        return None, "not a valid notebook: JSON nested too deeply"
    if not isinstance(data, dict) or "nbformat" not in data or (
        "cells" not in data and "worksheets" not in data
    ):
        return None, "not a valid notebook: JSON without notebook cells (is it a notebook?)"
    try:
        nb = nbformat.reads(text, as_version=4)
    except (RecursionError, MemoryError):
        return None, "not a valid notebook: nested too deeply"
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        return None, f"not a valid notebook: {short(exc)}"
    try:
        nbformat.validate(nb)
    except (RecursionError, MemoryError):
        return None, "not a valid notebook: nested too deeply"
    except Exception as exc:  # noqa: BLE001
        return None, f"not a valid notebook: {short(exc)}"
    return nb, ""


def short(exc: BaseException | str, limit: int = 160) -> str:
    """An exception or text on one line, at most ``limit`` characters.

    Examples
    --------
    >>> short(ValueError("a\\n  b"))
    'a b'
    """
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Names this module had before they were public (gradebook.py still uses one).
_Submission = Submission
_short = short
