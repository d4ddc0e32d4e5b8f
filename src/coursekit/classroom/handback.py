"""Return each student's feedback page into their own folder (``coursekit return``).

After ``coursekit collect`` (which wrote ``submissions/manifest.csv``) and ``coursekit
grade submissions/ --out grades/gradebook.csv`` (which wrote ``grades/feedback/<student>.md``),
:func:`return_feedback` copies each student's page to ``feedback/<notebook>.md`` in the
folder their notebook was collected from, e.g. ``/home/jupyter-ana/coursekit/exercises/
feedback/01-historical-wariness.md`` (or into ``--to``, a folder template with ``{user}``).

It never replaces a file of the student's: when the name is taken by a different file it
writes ``<notebook>-2.md`` (``-3``, …) instead, and when the same page is already there it
does nothing. It writes nothing outside the user's root folder recorded in the manifest,
so a ``feedback`` link to elsewhere is refused. Run as root (an administrator on a hub),
the new folder and file are given to the owner of the folder they are made in.

Every gradebook row gets one row in the result: ``user``, ``student``, ``status`` (one of
:data:`STATUSES`), ``page`` (the grader's page), ``dest`` and ``message``.

Examples
--------
>>> STATUSES
('written', 'renamed', 'unchanged', 'refused', 'missing', 'failed')
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .collect import _within, read_manifest, user_root

__all__ = ["STATUSES", "return_feedback"]

#: What can happen to one student's page.
STATUSES = ("written", "renamed", "unchanged", "refused", "missing", "failed")


class _Outside(Exception):
    """A destination that leads outside the student's folder."""


def _chown_like_parent(path: str, fd: int | None = None) -> None:
    """As root, give ``path`` to the owner of its folder (a student's own folder)."""
    if os.geteuid() != 0:
        return
    st = os.stat(os.path.dirname(path))
    if fd is None:
        os.chown(path, st.st_uid, st.st_gid, follow_symlinks=False)
    else:
        os.fchown(fd, st.st_uid, st.st_gid)


def _ensure_folder(folder: Path, root_real: str) -> str:
    """Create ``folder`` (one level) inside the root, refusing links that lead outside."""
    parent_real = os.path.realpath(folder.parent)
    if not _within(parent_real, root_real):
        raise _Outside(f"{folder.parent} leads outside the student's folder")
    if folder.is_symlink() and not _within(os.path.realpath(folder), root_real):
        raise _Outside(f"{folder} is a link to {os.path.realpath(folder)}, outside "
                              "the student's folder")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise FileNotFoundError(f"{folder.parent} does not exist")
        os.mkdir(folder, 0o755)
        _chown_like_parent(os.fspath(folder))
    elif not folder.is_dir():
        raise FileExistsError(f"{folder} is a file, not a folder")
    return os.path.realpath(folder)


def _write_new(folder: str, stem: str, data: bytes) -> tuple[str, str]:
    """Write ``data`` as ``stem.md`` in ``folder`` or the first free ``stem-N.md``."""
    for n in range(1, 1000):
        name = f"{stem}.md" if n == 1 else f"{stem}-{n}.md"
        path = os.path.join(folder, name)
        if os.path.lexists(path):
            if not os.path.islink(path) and os.path.isfile(path):
                try:
                    with open(path, "rb") as handle:
                        if handle.read() == data:
                            return "unchanged", path
                except OSError:
                    pass
            continue
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            _chown_like_parent(path, handle.fileno())
            handle.write(data)
        return ("written" if n == 1 else "renamed"), path
    raise FileExistsError(f"{folder} has {stem}.md to {stem}-999.md already")


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
            real = _ensure_folder(folder, os.path.realpath(root))
            status, dest = _write_new(real, Path(info["source"]).stem, data)
        except _Outside as exc:
            row.update(status="refused", message=str(exc))
            continue
        except OSError as exc:
            row.update(status="failed", message=f"{folder}: {exc.strerror or exc}")
            continue
        row.update(status=status, dest=dest,
                   message="a file of that name was there, so a new name" if
                   status == "renamed" else "")
    return pd.DataFrame(rows, columns=["user", "student", "status", "page", "dest", "message"])
