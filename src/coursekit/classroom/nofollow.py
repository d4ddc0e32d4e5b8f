"""Open files inside a student's folder without following a link (shared by ``collect`` and
``return``).

A student owns their home folder and can put a symbolic link anywhere in it, or swap a
folder for a link between a check and an open. :func:`open_within` therefore opens a path
one component at a time, relative to the folder before it, with ``O_NOFOLLOW``: a link on
the way is an error (``ELOOP`` or ``ENOTDIR``), never a detour.

Examples
--------
>>> within("/home/ana/coursekit", "/home/ana"), within("/home/anabel", "/home/ana")
(True, False)
>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as home:
...     os.mkdir(os.path.join(home, "sub"))
...     os.symlink("/etc", os.path.join(home, "link"))
...     os.close(open_within(os.path.realpath(home), "sub", DIR_FLAGS))
...     try:
...         open_within(os.path.realpath(home), "link/passwd")
...     except OSError as exc:
...         print("refused")
refused
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DIR_FLAGS", "READ_FLAGS", "Refused", "open_within", "within"]

#: Flags to read a file: no link followed, a FIFO does not block the open.
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
#: Flags to open a folder (for ``dir_fd=``): no link followed.
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class Refused(Exception):
    """A file that is not copied (a link on the way, not a regular file, too big, ``..``)."""


def within(path: str, root: str) -> bool:
    """Whether the resolved ``path`` is ``root`` or below it (compared as strings)."""
    return path == root or path.startswith(root.rstrip("/") + "/")


def open_within(root_real: str, rel: str, flags: int = READ_FLAGS) -> int:
    """Open ``root_real/rel`` one component at a time, never following a link.

    ``root_real`` is a resolved path (no links in it); each folder below it and the file
    itself are opened with ``O_NOFOLLOW`` relative to the one before, so a folder swapped
    for a link between a check and the open cannot lead the reader elsewhere.

    Raises
    ------
    Refused
        When ``rel`` contains ``..``.
    OSError
        ``ELOOP`` (or ``ENOTDIR``) when a component is a link, else as :func:`os.open`.
    """
    parts = [part for part in Path(rel).parts if part not in ("", ".")]
    if any(part == ".." for part in parts):
        raise Refused(f"{rel} leaves {root_real}")
    fd = os.open(root_real, DIR_FLAGS)
    try:
        for part in parts[:-1]:
            next_fd = os.open(part, DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = next_fd
        return os.open(parts[-1], flags, dir_fd=fd) if parts else os.dup(fd)
    finally:
        os.close(fd)
