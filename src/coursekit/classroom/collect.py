"""Collect students' exercise notebooks from their folders on a hub (``coursekit collect``).

A *path template* says where each student's notebooks are, with ``{user}`` standing for
the user name, for example ``/home/jupyter-{user}/coursekit/exercises/01-*.ipynb`` on
The Littlest JupyterHub, or ``/srv/homes/{user}/coursekit/exercises/01-*.ipynb`` for home
volumes mounted in one place. The part of the path up to and including the component
with ``{user}`` is the user's *root* (their home); nothing outside it is collected, so
a symbolic link to another student's file or to a system file is refused, not copied.

:func:`collect` copies every matching file into ``OUT/<user>/`` and writes
``OUT/manifest.csv``, one row per file (or per user with nothing to collect): ``user``,
``folder``, ``status``, ``source``, ``dest``, ``mtime`` (UTC, ISO 8601), ``size``,
``sha256``, ``root`` and ``message``. ``status`` is one of :data:`STATUSES`. The originals
are only read (their content and modification time are untouched).

Examples
--------
>>> user_root("/srv/homes/{user}/coursekit/exercises/*.ipynb", "ana")
PosixPath('/srv/homes/ana')
>>> safe_folder("ana"), safe_folder("o'brien")[:8]
('ana', 'o_brien-')
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

__all__ = [
    "MANIFEST",
    "MANIFEST_COLUMNS",
    "STATUSES",
    "TemplateError",
    "collect",
    "discover_users",
    "parse_deadline",
    "read_manifest",
    "safe_folder",
    "user_root",
]

#: The manifest's file name inside the output folder.
MANIFEST = "manifest.csv"
#: The manifest's columns, in order.
MANIFEST_COLUMNS = ["user", "folder", "status", "source", "dest", "mtime", "size", "sha256",
                    "root", "message"]
#: What can happen to one file (or to a user with no file).
STATUSES = ("collected", "late", "missing", "unreadable", "refused")

_USER = "{user}"


class TemplateError(ValueError):
    """A path template or user name that cannot be used."""


def _check_template(template: str) -> tuple[str, str, str]:
    """Split ``template`` into (parent of the user component, prefix, suffix)."""
    if template.count(_USER) < 1:
        raise TemplateError(f"the path template must contain {_USER}: {template!r}")
    rest = template.replace(_USER, "")
    if "{" in rest or "}" in rest:
        raise TemplateError(f"the only placeholder a path template may have is {_USER}: "
                            f"{template!r}")
    head, _, tail = template.partition(_USER)
    parent, _, prefix = head.rpartition("/")
    suffix = tail.split("/", 1)[0]
    if glob.has_magic(prefix + suffix) or _USER in suffix:
        raise TemplateError(f"the folder name with {_USER} may not contain wildcards or a "
                            f"second {_USER}: {prefix}{_USER}{suffix!s}")
    if not parent and not head.startswith("/"):
        parent = "."
    return parent or "/", prefix, suffix


def _check_user(user: str) -> str:
    if not user or user in {".", ".."} or "/" in user or "\0" in user:
        raise TemplateError(f"not a usable user name: {user!r}")
    return user


def user_root(template: str, user: str) -> Path:
    """The user's root folder: the template up to the component that holds ``{user}``.

    Parameters
    ----------
    template : str
        A path template with ``{user}``.
    user : str
        A user name (no ``/``).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> user_root("/home/jupyter-{user}/coursekit/exercises/01-*.ipynb", "bo")
    PosixPath('/home/jupyter-bo')
    >>> user_root("/home/{user}", "../x")
    Traceback (most recent call last):
    ...
    coursekit.classroom.collect.TemplateError: not a usable user name: '../x'
    """
    parent, prefix, suffix = _check_template(template)
    return Path(parent) / f"{prefix}{_check_user(user)}{suffix}"


def discover_users(template: str) -> list[str]:
    """The users that have a root folder, found by listing the folder above it.

    Hidden folders (a name starting with ``.``) are not users.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for name in ["jupyter-bo", "jupyter-ana", "other", ".cache"]:
    ...         os.mkdir(os.path.join(d, name))
    ...     discover_users(d + "/jupyter-{user}/coursekit/exercises/01-*.ipynb")
    ['ana', 'bo']
    """
    parent, prefix, suffix = _check_template(template)
    try:
        names = os.listdir(parent)
    except OSError as exc:
        raise TemplateError(f"cannot list {parent} to find the users "
                            f"({exc.strerror or exc}); pass --users") from exc
    users = []
    for name in names:
        if name.startswith(".") or not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        user = name[len(prefix): len(name) - len(suffix)]
        if user and os.path.isdir(os.path.join(parent, name)):
            users.append(user)
    return sorted(users)


def safe_folder(user: str) -> str:
    """A folder name for ``user``: the name itself when it is plain, else a cleaned name
    with a short hash (so two different odd names never share a folder).

    Examples
    --------
    >>> safe_folder("student_07")
    'student_07'
    >>> safe_folder("josé m") == safe_folder("josé m"), safe_folder("a b") != safe_folder("a_b")
    (True, True)
    """
    _check_user(user)
    clean = re.sub(r"[^\w.\-]+", "_", user, flags=re.ASCII).lstrip(".") or "user"
    if clean == user:
        return user
    return f"{clean}-{hashlib.sha256(user.encode()).hexdigest()[:8]}"


def parse_deadline(text: str | dt.datetime | None) -> dt.datetime | None:
    """Parse an ISO 8601 deadline; without a time zone it is the machine's local time.

    Examples
    --------
    >>> parse_deadline("2026-03-01T23:59+01:00").isoformat()
    '2026-03-01T23:59:00+01:00'
    >>> parse_deadline("1 March")
    Traceback (most recent call last):
    ...
    ValueError: deadline '1 March' is not an ISO 8601 date and time, e.g. 2026-03-01T23:59
    """
    if text is None or isinstance(text, dt.datetime):
        when = text
    else:
        try:
            when = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"deadline {text!r} is not an ISO 8601 date and time, "
                             "e.g. 2026-03-01T23:59") from None
    if when is not None and when.tzinfo is None:
        when = when.astimezone()  # local time
    return when


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds")


def _row(user: str, folder: str, status: str, root: Path, **kw: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(MANIFEST_COLUMNS, "")
    row.update(user=user, folder=folder, status=status, root=os.fspath(root), **kw)
    return row


def _collect_user(template: str, user: str, out: Path, deadline: dt.datetime | None,
                  ) -> list[dict[str, object]]:
    folder = safe_folder(user)
    root = user_root(template, user)
    if not root.is_dir():
        return [_row(user, folder, "missing", root, message=f"no folder {root}")]
    root_real = os.path.realpath(root)
    pattern = template.replace(_USER, glob.escape(user))
    matches = sorted(glob.glob(pattern, recursive=True))
    rows: list[dict[str, object]] = []
    used: set[str] = set()
    for match in matches:
        rel = os.path.relpath(match, root)
        if any(part.startswith(".") for part in Path(rel).parts):
            continue  # .ipynb_checkpoints and other hidden copies
        real = os.path.realpath(match)
        base = _row(user, folder, "", root, source=match)
        if not _within(real, root_real):
            rows.append({**base, "status": "refused",
                         "message": f"a link pointing outside {root} (to {real}); not copied"})
            continue
        if not os.path.isfile(real):
            continue
        try:
            st = os.stat(real)
            with open(real, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            rows.append({**base, "status": "unreadable",
                         "message": f"cannot read it ({exc.strerror or exc})"})
            continue
        name = Path(match).name
        stem, suffix, n = Path(name).stem, Path(name).suffix, 1
        while name in used:
            n += 1
            name = f"{stem}-{n}{suffix}"
        used.add(name)
        dest = out / folder / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        os.utime(dest, (st.st_atime, st.st_mtime))
        late = deadline is not None and st.st_mtime > deadline.timestamp()
        rows.append({
            **base,
            "status": "late" if late else "collected",
            "dest": os.fspath(dest),
            "mtime": _iso(st.st_mtime),
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "message": f"changed after the deadline ({deadline.isoformat()})" if late else "",
        })
    if not rows:
        rows.append(_row(user, folder, "missing", root,
                         message=f"no file matches {pattern}"))
    return rows


def read_manifest(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a manifest written by :func:`collect` (every column as text).

    Raises
    ------
    ValueError
        If the file is missing or is not a manifest.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no manifest at {path} (run `coursekit collect` first)")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("user", "status", "source", "dest", "root") if c not in table]
    if missing:
        raise ValueError(f"{path} is not a collect manifest (no column {', '.join(missing)})")
    return table


def _clear_previous(out: Path) -> None:
    """Remove the copies listed in a previous manifest of ``out`` (and only those)."""
    manifest = out / MANIFEST
    if out.exists() and any(out.iterdir()) and not manifest.is_file():
        raise ValueError(f"{out} already has files and no {MANIFEST}: choose an empty or "
                         "new folder for the submissions")
    if manifest.is_file():
        for dest in read_manifest(manifest)["dest"]:
            target = Path(dest)
            if dest and target.is_file() and not target.is_symlink() and \
                    _within(os.path.realpath(target), os.path.realpath(out)):
                target.unlink()


def collect(
    template: str,
    out: str | os.PathLike[str] = "submissions",
    users: Iterable[str] | None = None,
    deadline: str | dt.datetime | None = None,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """Copy each user's files matching ``template`` into ``out/<user>/``, with a manifest.

    Parameters
    ----------
    template : str
        Path template with ``{user}``; may contain glob wildcards (``*``, ``**``) after the
        user's folder, e.g. ``/home/jupyter-{user}/coursekit/exercises/01-*.ipynb``.
    out : str or path, default "submissions"
        Folder for the copies and ``manifest.csv``. Copies listed in an earlier manifest
        there are replaced; a non-empty folder without a manifest is refused.
    users : iterable of str, optional
        The users to collect from; default: every folder that fits the template.
    deadline : str or datetime, optional
        Files modified after it are still copied, with status ``late``.
    exclude : iterable of str
        Users to leave out (e.g. the instructor's own account).

    Returns
    -------
    pandas.DataFrame
        The manifest (see the module docstring), also written to ``out/manifest.csv``.

    Raises
    ------
    ValueError
        For an unusable template, user name, deadline or output folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     os.makedirs(f"{d}/homes/ana/ex")
    ...     _ = Path(f"{d}/homes/ana/ex/01-a.ipynb").write_text("{}")
    ...     m = collect(d + "/homes/{user}/ex/01-*.ipynb", f"{d}/subs", users=["ana", "bo"])
    ...     list(m["status"]), sorted(os.listdir(f"{d}/subs"))
    (['collected', 'missing'], ['ana', 'manifest.csv'])
    """
    _check_template(template)
    when = parse_deadline(deadline)
    skip = set(exclude)
    names = [u for u in (discover_users(template) if users is None else users) if u not in skip]
    for name in names:
        _check_user(name)
    if not names:
        raise ValueError(f"no users to collect from (template {template!r})")
    out_path = Path(out)
    _clear_previous(out_path)
    out_path.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    for name in dict.fromkeys(names):
        rows.extend(_collect_user(template, name, out_path, when))
    for folder in {str(r["folder"]) for r in rows}:
        target = out_path / folder
        if target.is_dir() and not any(target.iterdir()):
            shutil.rmtree(target)
    manifest = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    manifest.to_csv(out_path / MANIFEST, index=False, quoting=csv.QUOTE_MINIMAL)
    return manifest.copy()
