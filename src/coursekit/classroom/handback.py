"""Return each student's feedback page into their own folder (``coursekit return``).

After ``coursekit collect`` (which wrote ``submissions/manifest.csv``) and ``coursekit
grade submissions/ --out grades/gradebook.csv`` (which wrote ``grades/feedback/<student>.md``),
:func:`return_feedback` copies each student's page to ``feedback/<notebook>.md`` in the
folder their notebook was collected from, e.g. ``/home/jupyter-ana/coursekit/exercises/
feedback/01-historical-wariness.md`` (or into ``--to``, a folder template with ``{user}``).

It never replaces a file of the student's: when the name is taken by a different file (or
a link) it writes ``<notebook>-2.md`` (``-3``, …) instead, and when the same page is
already there it does nothing; when ``feedback`` itself is a file or a link of theirs, it
uses ``feedback-2/``. It writes nothing outside the user's root folder recorded in the
manifest: the folders are opened one at a time without following a link and the page is
created with ``O_CREAT | O_EXCL | O_NOFOLLOW``, so a folder swapped for a link while it
runs cannot redirect the write. A notebook folder that leads outside the root, or a root
that is itself a link, is refused. Run as root (an administrator on a hub), a new folder
and page are given to the owner of the user's root folder (their home).

Every gradebook row gets one row in the result: ``user``, ``student``, ``status`` (one of
:data:`STATUSES`), ``page`` (the grader's page), ``dest`` and ``message``.

Examples
--------
>>> STATUSES
('written', 'renamed', 'unchanged', 'refused', 'missing', 'failed')
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pandas as pd

from .collect import read_manifest, user_root
from .nofollow import DIR_FLAGS, READ_FLAGS, open_within, within

__all__ = ["STATUSES", "return_feedback"]

#: What can happen to one student's page.
STATUSES = ("written", "renamed", "unchanged", "refused", "missing", "failed")


class _Outside(Exception):
    """A destination that leads outside the student's folder."""


_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _give(fd: int, owner: os.stat_result | None) -> None:
    """As root, give the open file or folder ``fd`` to the student (``owner``)."""
    if owner is not None:
        os.fchown(fd, owner.st_uid, owner.st_gid)


def _open_folder(parent_fd: int, name: str, owner: os.stat_result | None) -> tuple[int, str]:
    """Open (or make) ``name`` in ``parent_fd`` as a folder, never following a link; when
    the name is taken by a file or a link of the student's, ``name-2`` (``-3``, …)."""
    for n in range(1, 100):
        candidate = name if n == 1 else f"{name}-{n}"
        try:
            return os.open(candidate, DIR_FLAGS, dir_fd=parent_fd), candidate
        except FileNotFoundError:
            pass
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # a link or a file: theirs
                continue
            raise
        try:
            os.mkdir(candidate, 0o755, dir_fd=parent_fd)
        except FileExistsError:
            continue
        try:
            fd = os.open(candidate, DIR_FLAGS, dir_fd=parent_fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # swapped just after mkdir
                continue
            raise
        os.fchmod(fd, 0o755)
        _give(fd, owner)
        return fd, candidate
    raise FileExistsError(f"{name} to {name}-99 are all taken by files or links")


def _same(folder_fd: int, name: str, data: bytes) -> bool:
    """Whether ``name`` in the folder is a regular file (not a link) holding ``data``."""
    try:
        fd = os.open(name, READ_FLAGS, dir_fd=folder_fd)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        return stat.S_ISREG(st.st_mode) and st.st_size == len(data) and handle.read() == data


def _write_new(folder_fd: int, stem: str, data: bytes,
               owner: os.stat_result | None) -> tuple[str, str]:
    """Write ``data`` as ``stem.md`` in the folder or the first free ``stem-N.md``: created
    with ``O_EXCL | O_NOFOLLOW``, so nothing there is replaced and no link is followed."""
    for n in range(1, 1000):
        name = f"{stem}.md" if n == 1 else f"{stem}-{n}.md"
        try:
            fd = os.open(name, _WRITE, 0o644, dir_fd=folder_fd)
        except FileExistsError:
            if _same(folder_fd, name, data):
                return "unchanged", name
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a dangling link of that name
                continue
            raise
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o644)
            _give(handle.fileno(), owner)
            handle.write(data)
        return ("written" if n == 1 else "renamed"), name
    raise FileExistsError(f"{stem}.md to {stem}-999.md are all taken")


def _deliver(root: str, folder: Path, stem: str, data: bytes) -> tuple[str, str, str]:
    """Write one page into ``folder`` (whose parent must be inside ``root``)."""
    if os.path.islink(root):
        raise _Outside(f"{root} is a link (to {os.path.realpath(root)}); not followed")
    root_real = os.path.realpath(root)
    parent_real = os.path.realpath(folder.parent)
    if not within(parent_real, root_real):
        raise _Outside(f"{folder.parent} leads outside the student's folder "
                       f"(to {parent_real})")
    try:
        parent_fd = open_within(root_real, os.path.relpath(parent_real, root_real), DIR_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _Outside(f"{folder.parent} changed into a link while feedback was "
                           "returned") from None
        raise
    try:
        owner = os.stat(root_real) if os.geteuid() == 0 else None
        folder_fd, folder_name = _open_folder(parent_fd, folder.name, owner)
    finally:
        os.close(parent_fd)
    try:
        status, name = _write_new(folder_fd, stem, data, owner)
    finally:
        os.close(folder_fd)
    dest = os.path.join(parent_real, folder_name, name)
    notes = []
    if folder_name != folder.name:
        notes.append(f"{folder.name} is a file or link of the student's, so {folder_name}/")
    if status == "renamed":
        notes.append("a file of that name was there, so a new name")
    return status, dest, "; ".join(notes)


def _by_dest(manifest: pd.DataFrame) -> dict[str, dict[str, str]]:
    rows = {}
    for row in manifest.to_dict("records"):
        if row["dest"]:
            rows[os.path.realpath(row["dest"])] = row
    return rows


def _find(file: str, by_dest: dict[str, dict[str, str]], folder: Path) -> dict[str, str] | None:
    """The manifest row of a gradebook ``file``: the same file, or the one copy whose path
    ends with it (the grader may give paths relative to the folder it was given)."""
    for candidate in (file, os.fspath(folder / file)):
        row = by_dest.get(os.path.realpath(candidate))
        if row is not None:
            return row
    tail = "/" + Path(file).as_posix().lstrip("/")
    found = [row for dest, row in by_dest.items() if dest.endswith(tail)]
    return found[0] if len(found) == 1 else None


def return_feedback(
    gradebook: str | os.PathLike[str],
    manifest: str | os.PathLike[str] = "submissions/manifest.csv",
    to: str | None = None,
    feedback_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Copy each graded student's feedback page into their folder.

    Parameters
    ----------
    gradebook : str or path
        The ``gradebook.csv`` written by ``coursekit grade``.
    manifest : str or path, default "submissions/manifest.csv"
        The manifest written by ``coursekit collect``; it links each graded copy to its
        user and original path.
    to : str, optional
        Folder template with ``{user}`` for the pages (inside the user's root), e.g.
        ``/home/jupyter-{user}/feedback``; default: ``feedback/`` beside the notebook.
    feedback_dir : str or path, optional
        Where the grader's pages are; default: ``feedback/`` beside the gradebook.

    Returns
    -------
    pandas.DataFrame
        One row per gradebook row: ``user``, ``student``, ``status``, ``page``, ``dest``,
        ``message``.

    Raises
    ------
    ValueError
        If the gradebook or manifest cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> from coursekit.classroom.collect import collect
    >>> with tempfile.TemporaryDirectory() as d:
    ...     os.makedirs(f"{d}/homes/ana/ex")
    ...     _ = Path(f"{d}/homes/ana/ex/01-a.ipynb").write_text("{}")
    ...     m = collect(d + "/homes/{user}/ex/*.ipynb", f"{d}/subs")
    ...     os.makedirs(f"{d}/grades/feedback")
    ...     _ = Path(f"{d}/grades/feedback/01-a.md").write_text("Well done")
    ...     pd.DataFrame({"student": ["01-a"], "file": [m["dest"][0]]}).to_csv(
    ...         f"{d}/grades/gradebook.csv", index=False)
    ...     done = return_feedback(f"{d}/grades/gradebook.csv", f"{d}/subs/manifest.csv")
    ...     list(done["status"]), sorted(os.listdir(f"{d}/homes/ana/ex/feedback"))
    (['written'], ['01-a.md'])
    """
    book_path = Path(gradebook)
    if not book_path.is_file():
        raise ValueError(f"no gradebook at {book_path} (run `coursekit grade` first)")
    book = pd.read_csv(book_path, dtype=str, keep_default_na=False)
    if not {"student", "file"} <= set(book.columns):
        raise ValueError(f"{book_path} is not a gradebook (it needs the columns student, file)")
    table = read_manifest(manifest)
    pages = Path(feedback_dir) if feedback_dir is not None else book_path.parent / "feedback"
    by_dest = _by_dest(table)
    rows = []
    for student, file in zip(book["student"], book["file"]):
        info = _find(file, by_dest, Path(manifest).parent)
        row = {"user": "", "student": student, "status": "missing",
               "page": os.fspath(pages / f"{student}.md"), "dest": "", "message": ""}
        rows.append(row)
        if info is None:
            row["message"] = f"{file} is not in the manifest {manifest}"
            continue
        row["user"] = info["user"]
        page = pages / f"{student}.md"
        try:
            data = page.read_bytes()
        except OSError as exc:
            row["message"] = f"no feedback page ({exc.strerror or exc}): was it graded?"
            continue
        root = info["root"] or (os.fspath(user_root(to, info["user"])) if to else "")
        if not root:
            row.update(status="refused", message="the manifest gives no root folder")
            continue
        folder = Path(to.replace("{user}", info["user"])) if to else \
            Path(info["source"]).parent / "feedback"
        try:
            status, dest, note = _deliver(root, folder, Path(info["source"]).stem, data)
        except _Outside as exc:
            row.update(status="refused", message=str(exc))
            continue
        except OSError as exc:
            row.update(status="failed", message=f"{folder}: {exc.strerror or exc}")
            continue
        if note and status == "written":
            status = "renamed"
        row.update(status=status, dest=dest, message=note)
    return pd.DataFrame(rows, columns=["user", "student", "status", "page", "dest", "message"])
