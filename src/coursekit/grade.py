"""Batch-grade exercise submissions into a gradebook, with feedback for every student.

``coursekit grade SUBMISSION.ipynb… --out gradebook.csv`` (or :func:`grade` from Python)
executes each submitted notebook in a fresh Jupyter kernel, never in the grader's own
process, reads back the verdicts of the notebook's ``coursekit.check(...)`` calls, and
writes three things:

* ``gradebook.csv``: one row per submission (``student``, ``file``, ``status``, ``error``,
  one column per question with the points earned, ``total``, ``max_total``);
* ``gradebook_details.csv``: one row per student and question (``outcome`` is one of
  ``passed``, ``failed``, ``not answered``, ``written`` (a written answer the
  instructor grades), ``error``; plus ``points``, ``max_points`` and the check's
  ``message``);
* ``feedback/<student>.md``: a short, kind feedback page per student.

Grading is keyed on the question ids that the check calls record, not on cell positions
or metadata, so moved, copied or duplicated cells do not matter (the last check of a
question wins). A submission that cannot be graded (not a notebook, the wrong exercise
set, modified checking code, a timeout, a dead kernel, …) becomes an error row with a
plain reason, and every other submission is still graded. Submissions are only read,
never written.

How it stays fast: on Linux each kernel is forked from a *zygote* process that has already
imported ipykernel, pandas, networkx and coursekit, and every worker keeps one kernel
started and warmed before its next submission is assigned. Each submission still gets a
fresh kernel process of its own, which is killed (not gracefully shut down) afterwards.
Elsewhere, or with ``fork=False``, kernels are started the usual way.

Examples
--------
>>> from coursekit.grade import grade
>>> book = grade(["submissions/"], "gradebook.csv", jobs=2)  # doctest: +SKIP
>>> book[["student", "status", "total", "max_total"]]  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import collections
import concurrent.futures
import contextlib
import copy
import glob
import json
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "DEFAULT_NOTEBOOK_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "OUTCOMES",
    "add_arguments",
    "grade",
    "run",
    "scan_notebook",
]

#: Seconds one cell may run before the submission is stopped.
DEFAULT_TIMEOUT: float = 60.0
#: Seconds a whole submission may run before it is stopped.
DEFAULT_NOTEBOOK_TIMEOUT: float = 600.0
#: The outcomes a question can have in ``gradebook_details.csv``.
OUTCOMES: tuple[str, ...] = ("passed", "failed", "not answered", "written", "error")

_ID_RE = re.compile(r"^(\d\d)\.(\d+)$")
_GUARDED = frozenset({"check", "coursekit"})
_CODE_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
_CHECK_MODULES = frozenset({"coursekit", "coursekit.checks", "coursekit.checks.core"})
# Imported by the zygote before it forks kernels (missing ones are skipped): what every
# kernel imports while it starts (ipykernel's debugger support is the bulk of it), and
# what the course's notebooks import. matplotlib is imported with the kernel's own
# backend (MPLBACKEND) set, but the inline backend module itself is left to the kernel.
_WARM_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "psutil",
    "sqlite3",
    "tornado.gen",
    "tornado.locks",
    "tornado.queues",
    "tornado.platform.asyncio",
    "numpy",
    "pandas",
    "networkx",
    "matplotlib",
    "matplotlib.pyplot",
    "coursekit",
    "coursekit.checks",
    "coursekit.checks.core",
)


# =========================================================================== reading


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
    seconds: float = 0.0


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


# =========================================================================== static scan


def _python_source(cell_source: str) -> str:
    """Turn IPython syntax (magics, ``!cmd``) into plain Python for :mod:`ast`."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return cell_source
    try:
        return TransformerManager().transform_cell(cell_source)
    except Exception:  # noqa: BLE001
        return cell_source


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _mentions_guarded(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in _GUARDED:
            return True
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            if sub.value in _GUARDED or sub.value.startswith("coursekit."):
                return True
    return False


class _TamperFinder(ast.NodeVisitor):
    """Find statements that rebind or modify ``check``/``coursekit`` at notebook level."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []  # (line, what it does)
        self._depth = 0  # function/class/lambda nesting
        self._globals: list[set[str]] = []
        self._line = 0

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.stmt):
            self._line = node.lineno
        return super().visit(node)

    def _add(self, what: str) -> None:
        self.found.append((self._line, what))

    # -- scopes
    def _scoped(self, node: ast.AST) -> None:
        self._depth += 1
        self._globals.append(set())
        self.generic_visit(node)
        self._globals.pop()
        self._depth -= 1

    def _binds_global(self, name: str) -> bool:
        return self._depth == 0 or (bool(self._globals) and name in self._globals[-1])

    def visit_Global(self, node: ast.Global) -> None:
        if self._globals:
            self._globals[-1].update(node.names)

    def _def(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if node.name in _GUARDED and self._binds_global(node.name):
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            self._add(f"defines its own {kind} `{node.name}`")
        for deco in node.decorator_list:
            self.visit(deco)
        self._scoped(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _def

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped(node)

    # -- bindings
    def _target(self, target: ast.AST, verb: str = "assigns to") -> None:
        if isinstance(target, ast.Name):
            if target.id in _GUARDED and self._binds_global(target.id):
                self._add(f"{verb} `{target.id}`")
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._target(elt, verb)
        elif isinstance(target, ast.Starred):
            self._target(target.value, verb)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            root = _root_name(target)
            if root in _GUARDED:
                self._add(f"{verb} `{ast.unparse(target)}`")
            elif isinstance(target, ast.Subscript) and _mentions_guarded(target.slice):
                self._add(f"{verb} `{ast.unparse(target)}`")

    def visit_Assign(self, node: ast.Assign) -> None:
        for t in node.targets:
            self._target(t)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None or not isinstance(node.target, ast.Name):
            self._target(node.target)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._target(node.target)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._target(item.optional_vars)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name in _GUARDED and self._binds_global(node.name):
            self._add(f"assigns to `{node.name}`")
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for t in node.targets:
            if not isinstance(t, ast.Name):
                self._target(t, "deletes")
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            if bound in _GUARDED and self._binds_global(bound):
                if not (bound == "coursekit" and alias.name.split(".")[0] == "coursekit"
                        and (alias.asname is None or alias.name == "coursekit")):
                    self._add(f"imports `{alias.name}` as `{bound}`")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            bound = alias.asname or alias.name
            if bound not in _GUARDED or not self._binds_global(bound):
                continue
            if bound == "check" and alias.name == "check" and module in _CHECK_MODULES:
                continue
            self._add(f"imports `{alias.name}` from `{module}` as `{bound}`")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        # %time / %%timeit / %%capture … run Python code given as a string
        if (
            isinstance(func, ast.Attribute)
            and func.attr in {"run_line_magic", "run_cell_magic"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in _CODE_MAGICS
        ):
            for arg in node.args[1:]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    with contextlib.suppress(SyntaxError, ValueError):
                        for stmt in ast.parse(_python_source(arg.value)).body:
                            self.visit(stmt)
        name = func.id if isinstance(func, ast.Name) else None
        if name in {"setattr", "delattr"} and node.args and _mentions_guarded(node.args[0]):
            self._add(f"calls `{ast.unparse(node)[:60]}`")
        if (
            isinstance(func, ast.Attribute)
            and func.attr in {"update", "__setitem__", "setdefault", "pop", "__delitem__"}
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id in {"globals", "vars", "locals"}
            and (any(_mentions_guarded(a) for a in node.args)
                 or any(k.arg in _GUARDED for k in node.keywords))
        ):
            self._add(f"calls `{ast.unparse(node)[:60]}`")
        self.generic_visit(node)


def _check_ids(tree: ast.AST) -> list[str]:
    """Question ids of ``check("01.3", …)`` / ``coursekit.check(…)`` calls, in order."""
    ids = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else (
            func.attr if isinstance(func, ast.Attribute) else None
        )
        if name != "check":
            continue
        arg = node.args[0] if node.args else next(
            (k.value for k in node.keywords if k.arg == "question_id"), None
        )
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if _ID_RE.match(arg.value.strip()):
                ids.append(arg.value.strip())
    return ids


def _first_line(source: str, limit: int = 50) -> str:
    for line in source.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def scan_notebook(nb: Any) -> dict[str, Any]:
    """Statically scan a notebook: its check calls, exercise set and tampering.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A version-4 notebook.

    Returns
    -------
    dict
        ``check_cells`` ({cell index: [question ids checked in it]}), ``exercise_set``
        (the set most of its check ids belong to, else the notebook's
        ``metadata.coursekit.exercise_set``, else None) and ``tampering`` (a list of
        plain-language findings, each naming the cell; empty when clean).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("import coursekit\\ncoursekit.check('01.2', 5)"),
    ...     nbformat.v4.new_code_cell("def check(q, a):\\n    print('correct')")])
    >>> found = scan_notebook(nb)
    >>> found["check_cells"], found["exercise_set"]
    ({0: ['01.2']}, '01')
    >>> found["tampering"]
    ['cell 2, line 1 (`def check(q, a):`) defines its own function `check`']
    """
    check_cells: dict[int, list[str]] = {}
    tampering: list[str] = []
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        try:
            tree = ast.parse(_python_source(source))
        except (SyntaxError, ValueError):
            continue  # it will fail when it runs; nothing to learn statically
        ids = _check_ids(tree)
        if ids:
            check_cells[index] = ids
        finder = _TamperFinder()
        finder.visit(tree)
        lines = _python_source(source).splitlines()
        for lineno, what in dict.fromkeys(finder.found):
            text = _first_line(lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
            tampering.append(f"cell {index + 1}, line {lineno} (`{text}`) {what}")
    sets = collections.Counter(i.split(".")[0] for ids in check_cells.values() for i in ids)
    exercise_set = None
    if sets:
        exercise_set = sorted(sets.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    else:
        meta = nb.get("metadata", {}).get("coursekit", {})
        value = meta.get("exercise_set") if isinstance(meta, dict) else None
        if isinstance(value, (str, int)) and str(value).strip():
            exercise_set = f"{int(value):02d}" if str(value).isdigit() else str(value)
    return {"check_cells": check_cells, "exercise_set": exercise_set, "tampering": tampering}


# =========================================================================== kernels


def _zygote_main() -> None:  # pragma: no cover - runs in its own process
    """Pre-import the kernel's modules, then fork one fresh kernel per request.

    Protocol (JSON lines): requests on stdin ``{"id", "argv", "cwd", "env"}``; replies on
    stdout ``{"ready": true}``, ``{"id", "pid"}`` and ``{"exit": pid, "status": code}``.
    The zygote exits, killing its kernels, when stdin closes (the grader went away).
    """
    import importlib
    import select

    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for name in _WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - warming is best effort
            continue
    with contextlib.suppress(Exception):
        sys.modules["coursekit.checks.core"].load_question_sets()
    from ipykernel.kernelapp import IPKernelApp  # noqa: F401 - must be importable

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    children: set[int] = set()
    proto.write('{"ready": true}\n')
    buffer = b""
    while True:
        try:
            readable, _, _ = select.select([0, wake_r], [], [])
        except InterruptedError:  # pragma: no cover
            continue
        if wake_r in readable:
            with contextlib.suppress(BlockingIOError):
                while os.read(wake_r, 4096):
                    pass
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            children.discard(pid)
            proto.write(json.dumps({"exit": pid, "status": os.waitstatus_to_exitcode(status)})
                        + "\n")
        if 0 not in readable:
            continue
        data = os.read(0, 65536)
        if not data:
            break
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if not line.strip():
                continue
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                proto.close()
                os.close(wake_r)
                os.close(wake_w)
                _zygote_child(request, devnull)
            children.add(pid)
            proto.write(json.dumps({"id": request["id"], "pid": pid}) + "\n")
    for pid in children:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
    os._exit(0)


def _zygote_child(request: dict[str, Any], devnull: int) -> None:  # pragma: no cover
    """Become a kernel (runs in the forked child; never returns)."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()
        os.dup2(devnull, 0)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=request["argv"])
        code = 0
    finally:
        os._exit(code)


class _Zygote:
    """The grader's handle on the zygote process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, concurrent.futures.Future[int]] = {}
        self.exits: dict[int, int] = {}
        self._ready = threading.Event()
        self._dead = False
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from coursekit.grade import _zygote_main; _zygote_main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, name="coursekit-zygote", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                continue
            if msg.get("ready"):
                self._ready.set()
            elif "exit" in msg:
                self.exits[int(msg["exit"])] = int(msg["status"])
            elif "pid" in msg:
                fut = self._pending.pop(msg["id"], None)
                if fut is not None:
                    fut.set_result(int(msg["pid"]))
        self._dead = True
        self._ready.set()
        for fut in list(self._pending.values()):
            if not fut.done():
                fut.set_exception(RuntimeError("the kernel factory stopped"))

    def wait_ready(self, timeout: float = 120.0) -> bool:
        """Wait until the zygote has imported everything; False if it failed."""
        self._ready.wait(timeout)
        return self._ready.is_set() and not self._dead

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel and return its pid."""
        if not self.wait_ready():
            raise RuntimeError("the kernel factory could not start")
        request_id = uuid.uuid4().hex
        fut: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._pending[request_id] = fut
        line = json.dumps({"id": request_id, "argv": argv, "cwd": cwd, "env": dict(env)})
        with self._lock:
            assert self.proc.stdin is not None
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        return fut.result(timeout=30)

    def close(self) -> None:
        """Stop the zygote and every kernel it forked."""
        with contextlib.suppress(Exception):
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()


class _ForkedProcess:
    """A Popen-like view of a kernel forked by the zygote."""

    def __init__(self, pid: int, zygote: _Zygote) -> None:
        self.pid = pid
        self._zygote = zygote
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            if self.pid in self._zygote.exits:
                self.returncode = self._zygote.exits[self.pid]
            elif self._zygote._dead:
                self.returncode = -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _fork_provisioner_class() -> type:
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        """Launch the kernel by asking the zygote to fork instead of exec'ing Python."""

        zygote: _Zygote | None = None

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            try:
                start = cmd.index("ipykernel_launcher") + 1
            except ValueError as exc:  # pragma: no cover - custom kernelspecs
                raise RuntimeError("this kernelspec cannot be forked") from exc
            cwd = os.fspath(kwargs.get("cwd") or os.getcwd())
            env = kwargs.get("env") or dict(os.environ)
            assert self.zygote is not None
            pid = await asyncio.get_running_loop().run_in_executor(
                None, self.zygote.fork, cmd[start:], cwd, env
            )
            self.process = _ForkedProcess(pid, self.zygote)
            self.pid = self.pgid = pid
            self.cwd = cwd
            return self.connection_info

    return ForkProvisioner


@dataclass
class _Kernel:
    km: Any
    kc: Any
    workdir: str
    token: str


# Runs silently (no output, no history) in every kernel before the student's cells:
# makes sure the checking code is loaded and remembers what it looked like.
_WARMUP = r"""
def _ck_warm(token):
    import builtins, importlib, sys
    importlib.import_module("coursekit")
    core = importlib.import_module("coursekit.checks.core")
    core.reset_results()
    def sig(f):
        c = getattr(f, "__code__", None)
        return None if c is None else (c.co_filename, c.co_name, c.co_firstlineno, c.co_code)
    ck = sys.modules["coursekit"]
    snap = {
        "coursekit.check": sig(ck.check),
        "coursekit.checks.check": sig(sys.modules["coursekit.checks"].check),
        "coursekit.checks.core.check": sig(core.check),
        "coursekit.checks.core.results": sig(core.results),
        "coursekit.checks.core._finish": sig(getattr(core, "_finish", None)),
    }
    setattr(builtins, "_ck_snapshot_" + token, (sig, snap))
_ck_warm(%r)
del _ck_warm
"""

# Appended (to the in-memory copy only) after the student's cells.
_REPORT = r"""
def _ck_report(token):
    import builtins, importlib, json, sys
    out = {"results": [], "tampered": []}
    sig, snap = builtins.__dict__.pop("_ck_snapshot_" + token, (None, {}))
    core = importlib.import_module("coursekit.checks.core")
    objects = {
        "coursekit.check": getattr(sys.modules.get("coursekit"), "check", None),
        "coursekit.checks.check": getattr(sys.modules.get("coursekit.checks"), "check", None),
        "coursekit.checks.core.check": getattr(core, "check", None),
        "coursekit.checks.core.results": getattr(core, "results", None),
        "coursekit.checks.core._finish": getattr(core, "_finish", None),
    }
    if sig is None:
        out["tampered"].append("the grader's snapshot is missing")
    else:
        for name, obj in objects.items():
            if sig(obj) != snap.get(name):
                out["tampered"].append(name)
        ns = get_ipython().user_ns
        valid = set(snap.values())
        if "check" in ns and callable(ns["check"]) and sig(ns["check"]) not in valid:
            out["tampered"].append("check")
        if "coursekit" in ns and ns["coursekit"] is not sys.modules.get("coursekit"):
            out["tampered"].append("coursekit")
    out["results"] = [
        {k: r.get(k) for k in ("question_id", "passed", "points", "max_points", "message")}
        for r in core.results()
    ]
    print("\n" + token + json.dumps(out, default=str))
_ck_report(%r)
"""


class _Factory:
    """Starts warmed kernels: forked from the zygote, or spawned the usual way."""

    def __init__(self, fork: bool, kernel_name: str, startup_timeout: float) -> None:
        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self.zygote: _Zygote | None = _Zygote() if fork else None
        self._provisioner_cls = _fork_provisioner_class() if fork else None

    async def start(self) -> _Kernel:
        from jupyter_client import AsyncKernelManager

        km = AsyncKernelManager(kernel_name=self.kernel_name)
        km.kernel_id = str(uuid.uuid4())
        workdir = tempfile.mkdtemp(prefix="coursekit-grade-")
        kwargs: dict[str, Any] = {
            "cwd": workdir,
            "extra_arguments": ["--HistoryManager.hist_file=:memory:"],
        }
        if self.zygote is not None and self._provisioner_cls is not None:
            prov = self._provisioner_cls(
                kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km
            )
            prov.zygote = self.zygote
            km.provisioner = prov
        else:
            kwargs.update(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kc = None
        try:
            await km.start_kernel(**kwargs)
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=self.startup_timeout)
            token = "CKGRADE" + secrets.token_hex(12) + ":"
            reply = await kc.execute_interactive(
                _WARMUP % token, silent=True, store_history=False, timeout=self.startup_timeout
            )
            if reply["content"].get("status") != "ok":
                c = reply["content"]
                raise RuntimeError(f"coursekit does not import in the kernel "
                                   f"({c.get('ename')}: {c.get('evalue')})")
        except BaseException:
            await _kill(_Kernel(km, kc, workdir, ""))
            raise
        return _Kernel(km, kc, workdir, token)

    def close(self) -> None:
        if self.zygote is not None:
            self.zygote.close()


async def _kill(kernel: _Kernel) -> None:
    """Kill a kernel now (no graceful shutdown) and tidy up after it."""
    with contextlib.suppress(Exception):
        if kernel.kc is not None:
            kernel.kc.stop_channels()
    with contextlib.suppress(Exception):
        await kernel.km.shutdown_kernel(now=True)
    shutil.rmtree(kernel.workdir, ignore_errors=True)


def _exit_reason(kernel: _Kernel) -> str:
    proc = getattr(getattr(kernel.km, "provisioner", None), "process", None)
    code = proc.poll() if proc is not None else None
    if code is None:
        return "it stopped responding"
    if code < 0:
        with contextlib.suppress(ValueError):
            name = signal.Signals(-code).name
            extra = " — perhaps it ran out of memory" if -code == signal.SIGKILL else ""
            return f"killed by {name}{extra}"
        return f"killed by signal {-code}"
    return f"exit code {code}"


# =========================================================================== executing


async def _execute(
    sub: _Submission, kernel: _Kernel, timeout: float, notebook_timeout: float
) -> None:
    """Run one submission in ``kernel`` and fill ``sub.results`` or ``sub.error``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = copy.deepcopy(sub.nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    n_student = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(_REPORT % kernel.token))
    running: list[int] = []
    client = NotebookClient(
        nb,
        km=kernel.km,
        timeout=timeout,
        allow_errors=True,
        record_timing=False,
        kernel_name=kernel.km.kernel_name,
        store_widget_state=False,
        raise_on_iopub_timeout=False,
        on_cell_execute=lambda cell, cell_index: running.append(cell_index),
    )
    client.kc = kernel.kc
    timed_out = False

    def watchdog() -> None:
        # Kill the kernel: nbclient then stops with DeadKernelError within a second.
        nonlocal timed_out
        timed_out = True
        proc = getattr(kernel.km.provisioner, "process", None)
        with contextlib.suppress(Exception):
            if proc is not None:
                os.killpg(proc.pid, signal.SIGKILL) if hasattr(os, "killpg") else proc.kill()

    alarm = asyncio.get_running_loop().call_later(notebook_timeout, watchdog)
    try:
        # wait_for is only a backstop in case the kernel cannot be killed
        await asyncio.wait_for(client.async_execute(), timeout=notebook_timeout + 30)
    except CellTimeoutError:
        where = ""
        if running and running[-1] < n_student:
            i = running[-1]
            where = f" in cell {i + 1} (`{_first_line(nb.cells[i].source)}`)"
        sub.error = f"timed out after {timeout:g} s{where}: is there an endless loop?"
    except TimeoutError:  # after CellTimeoutError, which is a subclass
        sub.error = f"timed out after {notebook_timeout:g} s (the whole notebook)"
    except DeadKernelError:
        sub.error = f"the kernel died ({_exit_reason(kernel)})"
    except Exception as exc:  # noqa: BLE001
        if not await _alive(kernel):
            sub.error = f"the kernel died ({_exit_reason(kernel)})"
        else:
            sub.error = f"could not run the notebook: {_short(exc)}"
    finally:
        alarm.cancel()
    if timed_out:
        sub.error = f"timed out after {notebook_timeout:g} s (the whole notebook)"
    if sub.error:
        return
    for index, cell in enumerate(nb.cells[:n_student]):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                sub.cell_errors[index] = f"{out.get('ename')}: {_short(out.get('evalue', ''), 120)}"
    report = nb.cells[-1]
    payload = None
    for out in report.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            for line in out.get("text", "").splitlines():
                if line.startswith(kernel.token):
                    payload = json.loads(line[len(kernel.token):])
        elif out.get("output_type") == "error":
            sub.error = (
                "could not read the check results "
                f"({out.get('ename')}: {_short(out.get('evalue', ''), 120)})"
            )
            return
    if payload is None:
        sub.error = "could not read the check results (the notebook left the kernel unusable)"
        return
    if payload["tampered"]:
        names = ", ".join(f"`{n}`" for n in dict.fromkeys(payload["tampered"]))
        sub.error = f"modified checking code: {names} changed while the notebook ran"
        return
    sub.results = payload["results"]


async def _alive(kernel: _Kernel) -> bool:
    with contextlib.suppress(Exception):
        return bool(await kernel.km.is_alive())
    return False


class _Pool:
    """``jobs`` worker threads, each with its own event loop and one warmed spare kernel."""

    def __init__(
        self,
        jobs: int,
        factory: _Factory,
        timeout: float,
        notebook_timeout: float,
        on_done: Callable[[_Submission], None],
    ) -> None:
        self.jobs = jobs
        self.factory = factory
        self.timeout = timeout
        self.notebook_timeout = notebook_timeout
        self.on_done = on_done
        self.todo: queue.Queue[_Submission | None] = queue.Queue()

    def run(self, subs: Sequence[_Submission]) -> None:
        for sub in subs:
            self.todo.put(sub)
        workers = min(self.jobs, len(subs))
        for _ in range(workers):
            self.todo.put(None)
        with concurrent.futures.ThreadPoolExecutor(workers, "coursekit-grade") as pool:
            for fut in [pool.submit(self._worker) for _ in range(workers)]:
                fut.result()

    def _worker(self) -> None:
        asyncio.run(self._work())

    async def _work(self) -> None:
        spare: asyncio.Task[_Kernel] = asyncio.create_task(self.factory.start())
        background: set[asyncio.Task[Any]] = set()
        try:
            while True:
                sub = self.todo.get()
                if sub is None:
                    break
                started = time.perf_counter()
                try:
                    kernel = await spare
                except Exception as exc:  # noqa: BLE001
                    try:  # one retry: a kernel can fail to start for passing reasons
                        kernel = await self.factory.start()
                    except Exception:  # noqa: BLE001
                        sub.error = f"could not start a kernel ({_short(exc)})"
                        spare = asyncio.create_task(self.factory.start())
                        self.on_done(sub)
                        continue
                # the next submission's kernel starts while this one runs
                spare = asyncio.create_task(self.factory.start())
                try:
                    await _execute(sub, kernel, self.timeout, self.notebook_timeout)
                except Exception as exc:  # noqa: BLE001 - never lose a submission
                    sub.error = f"grader error: {_short(exc)}"
                finally:
                    task = asyncio.create_task(_kill(kernel))
                    background.add(task)
                    task.add_done_callback(background.discard)
                sub.seconds = time.perf_counter() - started
                self.on_done(sub)
        finally:
            with contextlib.suppress(BaseException):
                await _kill(await spare)
            if background:
                await asyncio.gather(*background, return_exceptions=True)


# =========================================================================== gradebook


def _question_table(exercise_set: str) -> pd.DataFrame:
    import coursekit

    table = coursekit.questions()
    table = table[table["exercise_set"] == exercise_set].reset_index(drop=True)
    return table


def _outcomes(sub: _Submission, table: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per question of the set for a graded submission."""
    last: dict[str, dict[str, Any]] = {}
    for r in sub.results:
        last[str(r.get("question_id"))] = r  # the last check of a question wins
    cells_for: dict[str, list[int]] = collections.defaultdict(list)
    for index, ids in sub.check_cells.items():
        for qid in ids:
            cells_for[qid].append(index)
    rows = []
    for q in table.itertuples(index=False):
        max_points = float(q.points)
        r = last.get(q.question_id)
        if r is not None:
            message = str(r.get("message") or "")
            if r.get("passed") is True:
                outcome = "passed"
                points = min(float(r.get("points") or 0.0), max_points)
            elif r.get("passed") is False:
                outcome, points = "failed", 0.0
            elif q.kind == "written" and not message.startswith("not answered"):
                outcome, points = "written", float("nan")
            else:
                outcome, points = "not answered", 0.0
        else:
            failing = [i for i in cells_for.get(q.question_id, []) if i in sub.cell_errors]
            if failing:
                i = failing[-1]
                outcome, points = "error", 0.0
                message = (f"the cell that checks it (cell {i + 1}) stopped with "
                           f"{sub.cell_errors[i]}, so it was not checked")
            else:
                outcome, points = "not answered", 0.0
                message = f'no check("{q.question_id}", …) ran'
        rows.append({
            "question_id": q.question_id,
            "title": q.title,
            "kind": q.kind,
            "outcome": outcome,
            "points": points,
            "max_points": max_points,
            "message": message,
        })
    return rows


def _error_rows(sub: _Submission, table: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "question_id": q.question_id,
            "title": q.title,
            "kind": q.kind,
            "outcome": "error",
            "points": 0.0,
            "max_points": float(q.points),
            "message": sub.error,
        }
        for q in table.itertuples(index=False)
    ]


_ERROR_ADVICE = [
    ("not a valid notebook", "Please re-download your notebook from Jupyter "
     "(File → Download) and submit the .ipynb file itself."),
    ("file not found", "Your instructor could not find this file."),
    ("exercise set", "Please check that you submitted the right exercise notebook."),
    ("timed out", "Look for a loop that never ends or a computation that takes very long, "
     "then run the notebook from top to bottom (Kernel → Restart & Run All) to check."),
    ("kernel died", "Something in the notebook stopped Python itself (for example a very "
     "large computation). Run it from top to bottom to find the cell."),
    ("modif", "Please use `check` and `coursekit` as provided; restore the original cells "
     "and do not define your own `check`."),
]


def _feedback_markdown(
    student: str, file: str, exercise_set: str, rows: list[dict[str, Any]], error: str
) -> str:
    lines = [f"# Feedback on exercise set {exercise_set}", "",
             f"Student: **{student}** · notebook: `{file}`", ""]
    if error:
        advice = next((a for key, a in _ERROR_ADVICE if key in error),
                      "Please run your notebook from top to bottom and submit it again.")
        lines += [
            "We could not grade this notebook automatically:", "",
            f"> {error}", "", advice, "",
            "Nothing is lost: your instructor has your notebook and will look at it.", "",
        ]
        return "\n".join(lines)
    auto = [r for r in rows if r["kind"] != "written"]
    got = sum(r["points"] for r in auto)
    best = sum(r["max_points"] for r in auto)
    lines += [f"**Auto-checked questions: {_fmt(got)} of {_fmt(best)} points.**", "",
              "| question | | result | points | feedback |", "|---|---|---|---|---|"]
    icon = {"passed": "✅", "failed": "❌", "not answered": "⏳", "written": "✍️", "error": "⚠️"}
    for r in rows:
        pts = "—" if r["outcome"] == "written" else f"{_fmt(r['points'])}/{_fmt(r['max_points'])}"
        msg = str(r["message"]).replace("|", "\\|")
        lines.append(f"| {r['question_id']} | {r['title']} | {icon[r['outcome']]} "
                     f"{r['outcome']} | {pts} | {msg} |")
    lines.append("")
    failed = [r for r in rows if r["outcome"] in ("failed", "error")]
    open_ = [r for r in rows if r["outcome"] == "not answered"]
    if not failed and not open_:
        lines.append("Every auto-checked answer is right. Well done!")
    if failed:
        lines.append("Worth another look: " + ", ".join(r["question_id"] for r in failed)
                     + ". The hints above say what to check first.")
    if open_:
        lines.append("Not answered yet: " + ", ".join(r["question_id"] for r in open_)
                     + ". Replace the `...` with your answer and run the check cell.")
    if any(r["kind"] == "written" for r in rows):
        lines += ["", "Written answers are read and graded by your instructor; "
                  "compare yours with the model answer once solutions are released."]
    lines.append("")
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# =========================================================================== progress


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.errors = 0
        self.enabled = enabled and total > 0
        self._lock = threading.Lock()
        self._t0 = time.perf_counter()
        self.draw("")

    def step(self, sub: _Submission) -> None:
        with self._lock:
            self.done += 1
            self.errors += bool(sub.error)
            self.draw(sub.path.name)

    def draw(self, name: str) -> None:
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        err = f", {self.errors} errors" if self.errors else ""
        text = f"\rgrading [{bar}] {self.done}/{self.total}{err}  {name[:30]:<30}"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()


# =========================================================================== API


def grade(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT,
    *,
    exercise_set: str | None = None,
    feedback: bool = True,
    progress: bool | None = None,
    fork: bool | None = None,
    kernel_name: str = "python3",
) -> pd.DataFrame:
    """Grade submitted exercise notebooks and write the gradebook and feedback.

    Parameters
    ----------
    paths : iterable of str or path
        Notebook files, folders (searched recursively for ``*.ipynb``; hidden folders such
        as ``.ipynb_checkpoints`` are skipped) and glob patterns.
    out : str or path
        The gradebook CSV to write. ``<stem>_details.csv`` and ``feedback/<student>.md``
        are written beside it.
    jobs : int, optional
        Submissions graded in parallel; default the number of CPU cores.
    timeout : float, default 60
        Seconds one cell may run.
    notebook_timeout : float, default 600
        Seconds a whole submission may run.
    exercise_set : str, optional
        The set being graded, e.g. ``"01"``; default: the set most submissions check.
    feedback : bool, default True
        Write ``feedback/<student>.md``.
    progress : bool, optional
        Draw a progress bar on stderr; default when stderr is a terminal.
    fork : bool, optional
        Fork kernels from a pre-warmed zygote (default on Linux) instead of starting
        each one from scratch. Every submission gets a fresh kernel process either way.
    kernel_name : str, default "python3"
        The Jupyter kernel to run submissions in.

    Returns
    -------
    pandas.DataFrame
        The gradebook, as written to ``out``: ``student``, ``file``, ``status``
        (``graded``/``error``), ``error``, one column per question (points earned; empty
        for written answers and error rows), ``total``, ``max_total``. ``.attrs`` holds
        ``details`` (the long table), ``exercise_set``, ``seconds``, ``errors``, ``out``.

    Raises
    ------
    ValueError
        If no submissions are found, or the exercise set cannot be determined.
    """
    t0 = time.perf_counter()
    files, warnings = _resolve_paths(paths)
    for w in warnings:
        print(f"coursekit grade: {w}", file=sys.stderr)
    if not files:
        raise ValueError("no submissions found")
    out_path = Path(out)
    subs = [_Submission(path=p) for p in files]
    for sub, name in zip(subs, _student_names(files), strict=True):
        sub.student = name
        sub.nb, sub.error = _read_notebook(sub.path)
        if sub.nb is not None:
            found = scan_notebook(sub.nb)
            sub.check_cells = found["check_cells"]
            sub.exercise_set = found["exercise_set"]
            if found["tampering"]:
                sub.error = "modified checking code: " + "; ".join(found["tampering"])
    if exercise_set is None:
        counts = collections.Counter(s.exercise_set for s in subs if s.exercise_set)
        if not counts:
            raise ValueError(
                "cannot tell which exercise set these submissions are for; pass --set"
            )
        exercise_set = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    exercise_set = f"{int(exercise_set):02d}" if str(exercise_set).isdigit() else exercise_set
    table = _question_table(exercise_set)
    if table.empty:
        raise ValueError(f"exercise set {exercise_set} has no questions")
    for sub in subs:
        if not sub.error and sub.exercise_set and sub.exercise_set != exercise_set:
            sub.error = (f"submission is for exercise set {sub.exercise_set}, "
                         f"expected {exercise_set}")

    runnable = [s for s in subs if not s.error]
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    bar = _Progress(len(subs), sys.stderr.isatty() if progress is None else progress)
    for sub in subs:
        if sub.error:
            bar.step(sub)
    if runnable:
        use_fork = (sys.platform.startswith("linux") and hasattr(os, "fork")
                    if fork is None else fork)
        factory = _Factory(use_fork, kernel_name, startup_timeout=120.0)
        try:
            if use_fork and factory.zygote is not None and not factory.zygote.wait_ready():
                factory.close()
                factory = _Factory(False, kernel_name, startup_timeout=120.0)
            _Pool(jobs, factory, timeout, notebook_timeout, bar.step).run(runnable)
        finally:
            factory.close()
    bar.close()

    qids = list(table["question_id"])
    book_rows, detail_rows, feedback_pages = [], [], {}
    for sub in subs:
        rows = _error_rows(sub, table) if sub.error else _outcomes(sub, table)
        row: dict[str, Any] = {
            "student": sub.student,
            "file": os.fspath(sub.path),
            "status": "error" if sub.error else "graded",
            "error": sub.error,
        }
        auto = [r for r in rows if r["kind"] != "written"]
        for r in rows:
            row[r["question_id"]] = float("nan") if sub.error else r["points"]
            detail_rows.append({"student": sub.student, **r})
        row["total"] = float("nan") if sub.error else sum(r["points"] for r in auto)
        row["max_total"] = sum(r["max_points"] for r in auto)
        book_rows.append(row)
        feedback_pages[sub.student] = _feedback_markdown(
            sub.student, sub.path.name, exercise_set, rows, sub.error
        )
    columns = ["student", "file", "status", "error", *qids, "total", "max_total"]
    book = pd.DataFrame(book_rows, columns=columns)
    details = pd.DataFrame(
        detail_rows,
        columns=["student", "question_id", "title", "kind", "outcome", "points",
                 "max_points", "message"],
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    book.to_csv(out_path, index=False)
    details_path = out_path.with_name(out_path.stem + "_details.csv")
    details.to_csv(details_path, index=False)
    if feedback:
        folder = out_path.parent / "feedback"
        folder.mkdir(exist_ok=True)
        for student, text in feedback_pages.items():
            (folder / f"{student}.md").write_text(text, encoding="utf-8")
    book.attrs.update(
        details=details,
        exercise_set=exercise_set,
        seconds=time.perf_counter() - t0,
        errors=int((book["status"] == "error").sum()),
        out=os.fspath(out_path),
    )
    return book


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``coursekit grade`` options to ``parser``.

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_arguments(p)
    >>> p.parse_args(["a.ipynb", "--out", "book.csv", "--jobs", "2"]).jobs
    2
    """
    parser.description = (
        "Grade exercise submissions: run each notebook in a fresh kernel, collect its "
        "check results, and write a gradebook CSV, a details CSV and feedback/<student>.md."
    )
    parser.add_argument("paths", nargs="+", metavar="SUBMISSION",
                        help="notebooks, folders or glob patterns")
    parser.add_argument("--out", "-o", default="gradebook.csv",
                        help="gradebook CSV to write (default: gradebook.csv)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="submissions graded in parallel (default: number of cores)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds one cell may run (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--notebook-timeout", type=float, default=DEFAULT_NOTEBOOK_TIMEOUT,
                        help="seconds a whole submission may run "
                             f"(default: {DEFAULT_NOTEBOOK_TIMEOUT:g})")
    parser.add_argument("--set", dest="exercise_set", default=None, metavar="NN",
                        help="exercise set being graded, e.g. 01 (default: inferred)")
    parser.add_argument("--no-feedback", dest="feedback", action="store_false",
                        help="do not write feedback/<student>.md")
    parser.add_argument("--no-fork", dest="fork", action="store_const", const=False,
                        default=None, help="start every kernel from scratch (slower)")


def run(args: argparse.Namespace) -> int:
    """Run ``coursekit grade`` with parsed ``args``; return the exit status.

    0 when the gradebook was written (student errors are rows in it, not failures of
    the grader), 2 when there was nothing to grade or the set could not be determined.
    """
    try:
        book = grade(
            args.paths,
            args.out,
            jobs=args.jobs,
            timeout=args.timeout,
            notebook_timeout=args.notebook_timeout,
            exercise_set=getattr(args, "exercise_set", None),
            feedback=getattr(args, "feedback", True),
            fork=getattr(args, "fork", None),
        )
    except ValueError as exc:
        print(f"coursekit grade: {exc}", file=sys.stderr)
        return 2
    n = len(book)
    errors = book.attrs["errors"]
    err = f" ({errors} error{'s' if errors != 1 else ''})" if errors else ""
    print(f"graded {n - errors} of {n} submission{'s' if n != 1 else ''}{err} "
          f"in {book.attrs['seconds']:.1f} s → {book.attrs['out']}")
    return 0
