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
``sha256``, ``root``, ``message`` and ``ctime`` (the inode's change time, which a student
cannot set back). ``status`` is one of :data:`STATUSES`. The originals are only read
(their content and modification time are untouched), each opened one folder at a time
without following a link, so a folder swapped for a link while ``collect`` runs is
refused too; a file larger than :data:`MAX_BYTES` is refused unread, and a FIFO or
device is refused rather than opened.

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
import errno
import glob
import hashlib
import os
import re
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .nofollow import Refused, open_within, within

__all__ = [
    "MANIFEST",
    "MANIFEST_COLUMNS",
    "MAX_BYTES",
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
                    "root", "message", "ctime"]
#: What can happen to one file (or to a user with no file).
STATUSES = ("collected", "late", "missing", "unreadable", "refused")
#: The largest file copied (bytes); a bigger one is refused, not read.
MAX_BYTES = 100 * 2**20

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
    if clean == user and user != MANIFEST:
        return user
    return f"{clean}-{hashlib.sha256(user.encode()).hexdigest()[:8]}"


def parse_deadline(text: str | dt.datetime | None) -> dt.datetime | None:
    """Parse an ISO 8601 deadline with a time; without a time zone (``+01:00``, ``Z``) it
    is the local time of the machine that runs ``collect`` (often UTC on a server).

    A date alone is refused: ``2026-03-01`` would mean the first second of that day, not
    its end, which is rarely what a deadline means.

    Examples
    --------
    >>> parse_deadline("2026-03-01T23:59+01:00").isoformat()
    '2026-03-01T23:59:00+01:00'
    >>> parse_deadline("2026-03-01T22:59Z").isoformat()
    '2026-03-01T22:59:00+00:00'
    >>> parse_deadline("1 March")
    Traceback (most recent call last):
    ...
    ValueError: deadline '1 March' is not an ISO 8601 date and time, e.g. 2026-03-01T23:59+01:00
    >>> parse_deadline("2026-03-01")
    Traceback (most recent call last):
    ...
    ValueError: deadline '2026-03-01' has no time: give one, e.g. 2026-03-01T23:59+01:00
    """
    if text is None or isinstance(text, dt.datetime):
        when = text
    else:
        text = text.strip()
        if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", text):
            raise ValueError(f"deadline {text!r} has no time: give one, e.g. "
                             f"{text}T23:59+01:00")
        try:
            when = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"deadline {text!r} is not an ISO 8601 date and time, "
                             "e.g. 2026-03-01T23:59+01:00") from None
    if when is not None and when.tzinfo is None:
        when = when.astimezone()  # local time
    return when


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds")


def _row(user: str, folder: str, status: str, root: Path, **kw: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(MANIFEST_COLUMNS, "")
    row.update(user=user, folder=folder, status=status, root=os.fspath(root), **kw)
    return row


def _copy(root_real: str, rel: str, dest: Path, max_bytes: int) -> tuple[os.stat_result, int, str]:
    """Copy ``root_real/rel`` (a regular file, no link on the way) to ``dest``."""
    try:
        fd = open_within(root_real, rel)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Refused("a link on the way changed while it was read; not copied") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise Refused("not a regular file; not copied")
        if st.st_size > max_bytes:
            raise Refused(f"{st.st_size:,} bytes, more than the {max_bytes:,} allowed; not "
                           "copied")
        digest, size = hashlib.sha256(), 0
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(dest, "wb") as out:
            while chunk := handle.read(2**20):
                size += len(chunk)
                if size > max_bytes:
                    out.close()
                    dest.unlink()
                    raise Refused(f"grew past the {max_bytes:,} bytes allowed while it was "
                                   "read; not copied")
                digest.update(chunk)
                out.write(chunk)
    os.utime(dest, ns=(st.st_atime_ns, st.st_mtime_ns))
    return st, size, digest.hexdigest()


def _lateness(st: os.stat_result, deadline: dt.datetime | None) -> str:
    """Why a file counts as late ('' when it does not)."""
    if deadline is None:
        return ""
    limit = deadline.timestamp()
    if st.st_mtime > limit:
        return f"changed after the deadline ({deadline.isoformat()})"
    if st.st_ctime > limit:
        return (f"its modification time is before the deadline ({deadline.isoformat()}) but "
                f"its status changed after it (ctime {_iso(st.st_ctime)}): the time may have "
                "been set back (touch), or its mode or owner changed; check it")
    return ""


def _unlistable(pattern: str) -> str:
    """The first folder of ``pattern`` (before any wildcard) that exists but cannot be
    listed, with the reason ('' when there is none)."""
    fixed = []
    for part in Path(pattern).parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    path = Path(*fixed) if fixed else Path(".")
    while path != path.parent and not path.exists():
        path = path.parent
    try:
        os.listdir(path)
    except OSError as exc:
        return f"cannot list {path} ({exc.strerror or exc})"
    return ""


def _matches(template: str, root: Path) -> list[str]:
    """The paths under ``root`` that fit the template's part after the user's folder.

    :meth:`pathlib.Path.glob` does not descend into linked folders for ``**``, so a student's
    link loop (``a -> .``) cannot make the search run forever, as :func:`glob.glob` would.
    """
    rest = template.partition(_USER)[2].partition("/")[2].strip("/")
    if not rest:
        return [os.fspath(root)]
    return sorted(os.fspath(path) for path in root.glob(rest))


def _collect_user(template: str, user: str, out: Path, deadline: dt.datetime | None,
                  max_bytes: int = MAX_BYTES) -> list[dict[str, object]]:
    folder = safe_folder(user)
    root = user_root(template, user)
    if root.is_symlink():
        return [_row(user, folder, "refused", root,
                     message=f"{root} is a link (to {os.path.realpath(root)}); not followed")]
    if not root.is_dir():
        return [_row(user, folder, "missing", root, message=f"no folder {root}")]
    root_real = os.path.realpath(root)
    pattern = template.replace(_USER, glob.escape(user))
    matches = _matches(template, root)
    rows: list[dict[str, object]] = []
    used: set[str] = set()
    for match in matches:
        rel = os.path.relpath(match, root)
        if any(part.startswith(".") for part in Path(rel).parts):
            continue  # .ipynb_checkpoints and other hidden copies
        real = os.path.realpath(match)
        base = _row(user, folder, "", root, source=match)
        if not within(real, root_real):
            rows.append({**base, "status": "refused",
                         "message": f"a link pointing outside {root} (to {real}); not copied"})
            continue
        if os.path.isdir(real):
            continue
        name = Path(match).name
        stem, suffix, n = Path(name).stem, Path(name).suffix, 1
        while name in used:
            n += 1
            name = f"{stem}-{n}{suffix}"
        dest = out / folder / name
        try:
            st, size, sha = _copy(root_real, os.path.relpath(real, root_real), dest, max_bytes)
        except Refused as exc:
            rows.append({**base, "status": "refused", "message": str(exc)})
            continue
        except OSError as exc:
            rows.append({**base, "status": "unreadable",
                         "message": f"cannot read it ({exc.strerror or exc})"})
            continue
        used.add(name)
        late = _lateness(st, deadline)
        rows.append({
            **base,
            "status": "late" if late else "collected",
            "dest": os.fspath(dest),
            "mtime": _iso(st.st_mtime),
            "ctime": _iso(st.st_ctime),
            "size": size,
            "sha256": sha,
            "message": late,
        })
    if not rows:
        reason = _unlistable(pattern)
        rows.append(_row(user, folder, "unreadable" if reason else "missing", root,
                         message=reason or f"no file matches {pattern}"))
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
                    within(os.path.realpath(target), os.path.realpath(out)):
                target.unlink()


def collect(
    template: str,
    out: str | os.PathLike[str] = "submissions",
    users: Iterable[str] | None = None,
    deadline: str | dt.datetime | None = None,
    exclude: Iterable[str] = (),
    max_bytes: int = MAX_BYTES,
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
        See :func:`parse_deadline`. Files modified after it (or whose inode changed after
        it, as when a student sets the modification time back) are still copied, with
        status ``late`` and the reason in ``message``.
    exclude : iterable of str
        Users to leave out (e.g. the instructor's own account).
    max_bytes : int, default :data:`MAX_BYTES`
        A larger file is refused (status ``refused``), not read.

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
        rows.extend(_collect_user(template, name, out_path, when, max_bytes))
    for folder in {str(r["folder"]) for r in rows}:
        target = out_path / folder
        if target.is_dir() and not any(target.iterdir()):
            shutil.rmtree(target)
    manifest = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    manifest.to_csv(out_path / MANIFEST, index=False, quoting=csv.QUOTE_MINIMAL)
    return manifest.copy()
