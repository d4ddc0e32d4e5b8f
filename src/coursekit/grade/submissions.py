"""Find the submitted files, name their students and read them as notebooks.

This is the first step of grading and uses nothing else in :mod:`coursekit.grade`.
:func:`_resolve_paths` expands the files, folders and glob patterns given on the command
line into a de-duplicated list of files, :func:`_student_names` names one student per
file, and :func:`_read_notebook` reads each file into a notebook or a plain reason why it
is not one. Each file becomes a :class:`_Submission`, the record that the later steps
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


@dataclass
class _Submission:
    """One submitted file and what static analysis found in it."""

    path: Path
    student: str = ""
    nb: Any = None
    error: str = ""
    exercise_set: str | None = None
    check_cells: dict[int, list[str]] = field(default_factory=dict)
    # filled after execution
    results: list[dict[str, Any]] = field(default_factory=list)
    cell_errors: dict[int, str] = field(default_factory=dict)


def _resolve_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Expand files, folders and glob patterns into a de-duplicated list of files."""
    found: list[Path] = []
    warnings: list[str] = []
    for raw in paths:
        text = os.fspath(raw)
        p = Path(text).expanduser()
        if p.is_dir():
            hits = sorted(
                q
                for q in p.rglob("*.ipynb")
                if not any(part.startswith(".") for part in q.relative_to(p).parts)
            )
            if not hits:
                warnings.append(f"no .ipynb files in folder {text}")
            found.extend(hits)
        elif p.exists():
            found.append(p)
        elif glob.has_magic(text):
            hits = sorted(Path(h) for h in glob.glob(os.path.expanduser(text), recursive=True))
            hits = [h for h in hits if h.is_file()]
            if not hits:
                warnings.append(f"no files match {text}")
            found.extend(hits)
        else:
            found.append(p)  # reported as "file not found" in its own row
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve() if p.exists() else p.absolute(), p)
    return list(unique.values()), warnings


def _student_names(paths: Sequence[Path]) -> list[str]:
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


def _read_notebook(path: Path) -> tuple[Any, str]:
    """Return ``(notebook, "")`` or ``(None, reason)``; never raises."""
    import nbformat

    if not path.exists():
        return None, "file not found"
    if not path.is_file():
        return None, "not a file"
    try:
        raw = path.read_bytes()
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
    if not isinstance(data, dict) or "cells" not in data or "nbformat" not in data:
        return None, "not a valid notebook: JSON without notebook cells (is it a notebook?)"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        return None, f"not a valid notebook: {_short(exc)}"
    try:
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001
        return None, f"not a valid notebook: {_short(exc)}"
    return nb, ""


def _short(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
