"""The grading journal and the atomic writing of a run's outputs: nothing is ever lost.

Each finished submission is appended to ``<stem>.journal.jsonl`` beside the gradebook the
moment it is done (one JSON line, flushed to disk), so an interrupted run (Ctrl-C,
SIGTERM, out of memory, a reboot) keeps every submission graded so far. ``--resume``
reads it back (:meth:`Journal.restore`) and grades only what is missing: a journal line is
reused only for the same file with the same content (SHA-256). A line cut short by the
interruption is ignored.

:func:`replace_outputs` moves the gradebook, the details CSV, the run's metadata and the
feedback folder into place from a staging folder by renaming, so readers see either the
previous run's files or this run's, never half-written ones, and the feedback folder holds
only this run's pages.

Examples
--------
>>> import tempfile
>>> from coursekit.grade.submissions import Submission
>>> d = Path(tempfile.mkdtemp())
>>> nb = d / "a.ipynb"; _ = nb.write_text("{}")
>>> j = Journal(d / "book.journal.jsonl", resume=False)
>>> sub = Submission(path=nb, student="a", results=[{"question_id": "99.1"}])
>>> j.add(sub); j.close()
>>> again = Submission(path=nb, student="a")
>>> Journal(d / "book.journal.jsonl", resume=True).restore([again])
1
>>> again.results
[{'question_id': '99.1'}]
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .submissions import Submission

__all__ = ["Journal", "digest", "journal_path", "replace_outputs"]

# Fields found before any kernel runs; the journal keeps the rest (what running found).
_STATIC = frozenset({"path", "student", "nb", "exercise_set", "check_cells"})
_VERSION = 1


def journal_path(out: Path) -> Path:
    """The journal beside gradebook ``out``.

    Examples
    --------
    >>> journal_path(Path("grades/gradebook.csv")).as_posix()
    'grades/gradebook.journal.jsonl'
    """
    return out.with_name(out.stem + ".journal.jsonl")


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes ("" if it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


class Journal:
    """Append-only JSON-lines record of finished submissions (thread-safe).

    Without ``resume`` an existing journal is replaced by a new, empty one.
    """

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._old: dict[tuple[str, str], dict[str, Any]] = {}
        # One grader per output folder: a second one started on the same --out truncated
        # the first one's journal under it and replaced its gradebook at the end.
        self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self._file.close()
                raise BlockingIOError(
                    f"another coursekit grade is writing to {self.path.parent} (its journal "
                    f"{self.path.name} is locked): wait for it to finish, or choose another "
                    "--out") from None
        if resume and self.path.exists():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                with contextlib.suppress(ValueError, TypeError, KeyError):
                    record = json.loads(line)
                    if record.get("journal") == _VERSION:
                        self._old[(record["file"], record["sha256"])] = record
        self._lock = threading.Lock()
        if not resume:
            self._file.truncate(0)  # (appends go to the end, now the start)
            self._sync()

    def _sync(self) -> None:
        self._file.flush()
        with contextlib.suppress(OSError):
            os.fsync(self._file.fileno())

    def restore(self, subs: Sequence[Submission]) -> int:
        """Fill in the submissions the journal already has; return how many."""
        names = {f.name for f in dataclasses.fields(Submission)}
        n = 0
        for sub in subs:
            record = self._old.get((_key(sub.path), digest(sub.path)))
            if record is None:
                continue
            for key, value in record["sub"].items():
                if key in names and key not in _STATIC:
                    if key == "cell_errors":
                        value = {int(k): v for k, v in value.items()}
                    setattr(sub, key, value)
            n += 1
        return n

    def add(self, sub: Submission) -> None:
        """Append one finished submission and flush it to disk."""
        state = {f.name: getattr(sub, f.name) for f in dataclasses.fields(sub)
                 if f.name not in _STATIC}
        record = {"journal": _VERSION, "file": _key(sub.path), "sha256": digest(sub.path),
                  "student": sub.student, "sub": state}
        line = json.dumps(record, default=str, ensure_ascii=False)
        with self._lock:
            self._file.write(line + "\n")
            self._sync()

    def close(self) -> None:
        with self._lock:
            self._file.close()


def _key(path: Path) -> str:
    return os.fspath(Path(path).absolute())


def replace_outputs(staging: Path, out: Path, names: Sequence[str], feedback: bool) -> None:
    """Move this run's files from ``staging`` beside ``out`` (renames, same folder).

    ``names`` are the files to move; the ``feedback`` folder replaces the old one whole
    (without ``feedback`` an old feedback folder is removed, so that none is stale).
    """
    for name in names:
        os.replace(staging / name, out.parent / name)
    folder = out.parent / "feedback"
    old = staging / "feedback.old"
    if folder.exists() or folder.is_symlink():
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink()
        else:
            os.replace(folder, old)
    if feedback and (staging / "feedback").is_dir():
        os.replace(staging / "feedback", folder)
    shutil.rmtree(staging, ignore_errors=True)
