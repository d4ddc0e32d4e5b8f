"""Run submissions in fresh Jupyter kernels, each in its own sandbox: the factory and the pool.

Every submission runs in a kernel process of its own, never in the grader's process, and
(where bubblewrap works) inside the sandbox described in :mod:`~coursekit.grade.sandbox`:

* :class:`KernelFactory` starts a kernel the usual way, through jupyter_client's public
  API: a kernelspec (written to a private kernel folder) whose ``argv`` is the sandbox's
  command around ``python -m ipykernel_launcher -f {connection_file}``, the ``ipc``
  transport with the connection file and sockets in the kernel's own runtime folder (the
  sandbox has no network, not even the grader's loopback), the kernel's stderr in a log
  the grader keeps outside the sandbox. It then runs the silent :data:`_WARMUP` cell,
  which imports coursekit and the libraries the submissions import (:func:`warm_modules`).
* :func:`execute` copies the submission into the kernel's folder and runs its code cells
  one by one (``execute_interactive``), then the report cell
  (:func:`coursekit.checks.wire.report_source`), which prints the recorded answers as
  plain data behind a random token (:func:`_read_report` reads them; they are judged
  later, in the grader's process). Cell and notebook timeouts, the output limit and a
  dead kernel (:func:`exit_reason`) become ``sub.error``.
* :class:`Pool` runs ``jobs`` workers, each with one warm spare kernel started while the
  current submission runs, and kills every kernel (:func:`kill`) afterwards, also when the
  run is interrupted.

Uses :mod:`~coursekit.grade.submissions` (the :class:`Submission` record) and
:mod:`~coursekit.grade.sandbox`; :func:`coursekit.grade.grade` drives it.

Over 500 lines: one kernel's life (start, warm up, run, read the report, kill) and the pool
that schedules it share their timeouts, limits and clean-up; split apart, each half would
need the other's internals to stop a kernel safely on every path.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.wire import parse_report, report_source
from . import sandbox
from .scan import unparsable
from .submissions import Submission, short

__all__ = ["OWNER_FILE", "ROOT_PREFIX", "WARMABLE", "Kernel", "KernelFactory", "Pool", "execute",
           "exit_reason", "kill", "sweep_stale_roots", "warm_modules"]

_KERNEL_NAME = "coursekit-grade"


@dataclass
class Kernel:
    """One started kernel: its manager, client, runtime folder, report token and log."""

    km: Any
    kc: Any
    workdir: str
    token: str
    log: str
    pid: int | None = None
    code: int | None = None  # exit status, once known
    output_bytes: int = 0
    over_output: bool = False
    over_disk: bool = False
    over_memory: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


#: Libraries a kernel may import before its submission comes (those the submissions use).
WARMABLE: tuple[str, ...] = ("numpy", "pandas", "networkx", "matplotlib", "matplotlib.pyplot")


def warm_modules(notebooks: Sequence[Any]) -> tuple[str, ...]:
    """The :data:`WARMABLE` libraries that any of ``notebooks`` imports (statically).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "import pandas as pd\\nfrom matplotlib import pyplot as plt")])
    >>> warm_modules([nb])
    ('pandas', 'matplotlib', 'matplotlib.pyplot')
    """
    import ast
    import re

    found: set[str] = set()
    for nb in notebooks:
        for cell in getattr(nb, "cells", []):
            if cell.get("cell_type") != "code":
                continue
            try:
                if unparsable(str(cell.get("source", ""))):  # a parser bomb
                    raise ValueError("too long or nested too deeply")
                tree = ast.parse(str(cell.get("source", "")))
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                found.update(re.findall(r"^\s*(?:import|from)\s+([\w.]+)",
                                        str(cell.get("source", "")), re.M))
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module)
                    found.update(f"{node.module}.{a.name}" for a in node.names)
    return tuple(m for m in WARMABLE if m in found)


# Runs silently (no output, no history) in every kernel before the student's cells:
# imports coursekit and the libraries the submissions use, so that the kernel is warm
# when its submission comes.
_WARMUP = r"""
def _ck_warm(names):
    import gc, importlib
    gc.disable()  # no garbage collection while importing: it only slows imports down
    try:
        for name in names:
            try:  # what the course's notebooks import, imported before the clock starts
                importlib.import_module(name)
            except Exception:
                pass
        importlib.import_module("coursekit")
        importlib.import_module("coursekit.checks.core").load_question_sets()
        importlib.import_module("coursekit.checks.wire").RECORDS.clear()
    finally:
        gc.collect()
        # what is imported now lives as long as the kernel: later collections skip it
        gc.freeze()
        gc.enable()
_ck_warm(%r)
del _ck_warm
"""


class KernelFactory:
    """Starts warmed kernels, sandboxed or not; owns the run's private temporary folder.

    Parameters
    ----------
    sandboxed : bool
        Run each kernel in bubblewrap (see :mod:`~coursekit.grade.sandbox`).
    limits : sandbox.Limits
        Resource limits of each kernel.
    cpu_seconds : float
        CPU time each kernel may use in all (a backstop behind the notebook timeout).
    python_path : sequence of path
        Extra read-only module folders for the kernels.
    """

    def __init__(
        self,
        sandboxed: bool,
        limits: sandbox.Limits,
        cpu_seconds: float,
        python_path: Sequence[str | os.PathLike[str]] = (),
        startup_timeout: float = 120.0,
    ) -> None:
        import zmq
        import zmq.asyncio

        self.sandboxed = sandboxed
        self.limits = limits
        self.cpu_seconds = cpu_seconds
        self.python_path = [os.fspath(p) for p in python_path]
        self.startup_timeout = startup_timeout
        sweep_stale_roots(_short_tmp())
        self.root = tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=_short_tmp())
        _mark_owner(self.root)
        for sub in ("specs", "logs", "fonts"):
            os.mkdir(os.path.join(self.root, sub), 0o700)
        self.fonts = os.path.join(self.root, "fonts")
        self.pids: set[int] = set()
        #: Modules each kernel imports before its submission comes (see warm_modules()).
        self.warm_modules: tuple[str, ...] = WARMABLE
        # One ZeroMQ context for every kernel's sockets; retry connecting every 10 ms.
        self.context = zmq.asyncio.Context()
        self.context.setsockopt(zmq.RECONNECT_IVL, 10)
        # the package compiled and matplotlib's font list built, once (in the background)
        # for every kernel
        self._fonts_ready = threading.Thread(
            target=self._build_fonts, name="coursekit-fonts", daemon=True)
        self._fonts_ready.start()

    def _build_fonts(self) -> None:
        # Kernels see the package read-only: compile what is out of date once, here, or
        # every kernel compiles it again.
        import compileall

        # (Only the package, where importing it writes the same files; never the
        # instructor's python_path folders.)
        with contextlib.suppress(Exception):
            compileall.compile_dir(os.fspath(Path(__file__).resolve().parents[1]), quiet=2,
                                   workers=1)
        with contextlib.suppress(Exception):
            sandbox.build_font_cache(self.fonts, self.sandboxed)
        # readable by every kernel (each may run as a user id of its own)
        with contextlib.suppress(OSError):
            os.chmod(self.fonts, 0o755)
            for name in os.listdir(self.fonts):
                os.chmod(os.path.join(self.fonts, name), 0o644)

    async def start(self) -> Kernel:
        """Start one kernel, wait until it answers, and warm it up."""
        from jupyter_client import AsyncKernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        if self._fonts_ready.is_alive():
            await asyncio.get_running_loop().run_in_executor(None, self._fonts_ready.join)
        kid = uuid.uuid4().hex[:8]
        workdir = os.path.join(self.root, f"k-{kid}")
        os.mkdir(workdir, 0o700)
        specs = os.path.join(self.root, "specs", kid)
        os.makedirs(os.path.join(specs, _KERNEL_NAME))
        argv = sandbox.kernel_argv(workdir, self.sandboxed, self.limits, self.cpu_seconds,
                                   self.python_path, self.fonts)
        spec = {"argv": argv, "display_name": "coursekit grading kernel",
                "language": "python", "interrupt_mode": "signal", "env": {}}
        with open(os.path.join(specs, _KERNEL_NAME, "kernel.json"), "w",
                  encoding="utf-8") as f:
            json.dump(spec, f)
        log = os.path.join(self.root, "logs", f"{kid}.log")
        km = AsyncKernelManager(
            kernel_name=_KERNEL_NAME,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[specs]),
            context=self.context,
            transport="ipc",
            ip=os.path.join(workdir, "ipc"),
            connection_file=os.path.join(workdir, "connection.json"),
        )
        kernel = Kernel(km, None, workdir, "", log)
        env = sandbox.kernel_env(workdir, self.sandboxed, self.python_path)
        try:
            with open(log, "wb") as errors:
                await km.start_kernel(
                    cwd=workdir, env=env, stdout=errors, stderr=errors,
                    # output written straight to file descriptor 2 (a crash in C, a
                    # "Fatal Python error") goes to the log, where exit_reason reads it
                    extra_arguments=["--HistoryManager.hist_file=:memory:",
                                     "--IPKernelApp.capture_fd_output=False"],
                )
            kernel.pid = getattr(km.provisioner, "pid", None)
            if kernel.pid:
                self.pids.add(kernel.pid)
            kernel.kc = km.client()
            kernel.kc.start_channels()
            await _wait_ready(kernel, self.startup_timeout)
            token = "CKGRADE" + secrets.token_hex(12) + ":"
            reply = await kernel.kc.execute_interactive(
                _WARMUP % (self.warm_modules,), silent=True, store_history=False,
                timeout=self.startup_timeout)
            if reply["content"].get("status") != "ok":
                c = reply["content"]
                raise RuntimeError(f"coursekit does not import in the kernel "
                                   f"({c.get('ename')}: {c.get('evalue')})")
            kernel.token = token
        except BaseException:
            await kill(kernel, self)
            raise
        return kernel

    def kill_all(self) -> None:
        """Kill every kernel process this factory started that may still run (SIGKILL to
        its process group); safe to call from any thread, any number of times."""
        for pid in list(self.pids):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, os.WNOHANG)
        self.pids.clear()

    def close(self) -> None:
        """Kill what is left and remove the run's temporary folder."""
        self.kill_all()
        self.context.destroy(linger=0)
        shutil.rmtree(self.root, ignore_errors=True)


# A Unix socket's path may have at most 107 bytes: the runtime folder, "/k-<8 hex>" and
# "/ipc-<n>" must fit.
_MAX_ROOT = 80


#: The prefix of each grading run's temporary folder (in :func:`_short_tmp`).
ROOT_PREFIX = "ckg-"
#: The file in that folder naming the run that made it: "<pid> <process start time>".
OWNER_FILE = "owner"


def _stat_fields(pid: int | str) -> list[bytes] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (field 3 on), or None.

    The command name (field 2) may hold spaces and brackets, so the split starts after its
    closing bracket: index 0 is the state, 1 the parent pid, 19 the start time.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        return stat[stat.rindex(b")") + 2:].split()
    except (OSError, ValueError):
        return None


def _process_start(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot), or None if it is gone."""
    fields = _stat_fields(pid)
    return fields[19].decode("ascii") if fields and len(fields) > 19 else None


def _mark_owner(root: str) -> None:
    pid = os.getpid()
    with open(os.path.join(root, OWNER_FILE), "w", encoding="ascii") as f:
        f.write(f"{pid} {_process_start(pid) or '?'}")


def sweep_stale_roots(tmp: str) -> list[str]:
    """Remove the temporary folders of grading runs that were killed (``kill -9``); list them.

    A run removes its folder when it ends, even after Ctrl-C or SIGTERM; only a run killed
    outright leaves it behind (mode 0700: nobody else can read it). The next run removes
    such folders: those of this user whose owner file names a process that no longer
    exists, or whose process id now belongs to a process started at another time. A
    folder of a run still going, or of another user, is left alone.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.mkdtemp()
    >>> live = tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=tmp); _mark_owner(live)
    >>> dead = tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=tmp)
    >>> with open(os.path.join(dead, OWNER_FILE), "w") as f:
    ...     _ = f.write("999999999 1")
    >>> [os.path.basename(p) == os.path.basename(dead) for p in sweep_stale_roots(tmp)]
    [True]
    >>> os.path.isdir(live), os.path.isdir(dead)
    (True, False)
    """
    removed = []
    uid = os.getuid()
    with contextlib.suppress(OSError), os.scandir(tmp) as entries:
        for entry in entries:
            if not entry.name.startswith(ROOT_PREFIX) or not entry.is_dir(follow_symlinks=False):
                continue
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                with open(os.path.join(entry.path, OWNER_FILE), encoding="ascii") as f:
                    pid_text, _, started = f.read().partition(" ")
                pid = int(pid_text)
            except (OSError, ValueError):
                continue  # not marked (an older run, or one just being made): left alone
            now = _process_start(pid)
            if now is None or (started != "?" and now != started):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.path)
    return removed


def _short_tmp() -> str:
    """The temporary folder, or /tmp if its path is too long for the kernels' sockets."""
    tmp = tempfile.gettempdir()
    if len(os.fsencode(tmp)) <= _MAX_ROOT - 13 or not os.path.isdir("/tmp"):
        return tmp
    return "/tmp"


async def _wait_ready(kernel: Kernel, timeout: float) -> None:
    """Wait until the kernel answers on its shell channel and its IOPub channel is connected.

    ``kc.wait_for_ready`` does the same, then always spends 0.2 s flushing IOPub; the
    grader does not need that (it ignores messages meant for other requests).
    """
    kc, km = kernel.kc, kernel.km
    deadline = time.monotonic() + timeout
    while True:
        kc.kernel_info()
        try:
            reply = await kc.get_shell_msg(timeout=0.25)
        except queue.Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:  # the request's status messages arrive once IOPub is connected
                await kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                pass
            else:
                return
        if not await km.is_alive():
            raise RuntimeError(f"the kernel died while starting ({await exit_reason(kernel)})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not answer within {timeout:g} s")


async def kill(kernel: Kernel, factory: KernelFactory | None = None) -> None:
    """Kill a kernel now (no graceful shutdown: SIGKILL to the sandbox, which takes every
    process inside with it) and remove its runtime folder."""
    with contextlib.suppress(Exception):
        if kernel.kc is not None:
            kernel.kc.stop_channels()
    with contextlib.suppress(Exception):
        if kernel.code is None:
            kernel.code = await kernel.km.provisioner.poll()
    with contextlib.suppress(Exception):
        await kernel.km.shutdown_kernel(now=True)
    if factory is not None and kernel.pid is not None:
        factory.pids.discard(kernel.pid)
    shutil.rmtree(kernel.workdir, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.remove(kernel.log)


_MEMORY_SIGNS = ("MemoryError", "Cannot allocate memory", "std::bad_alloc",
                 "out of memory", "OutOfMemory")


def _log_tail(kernel: Kernel, lines: int = 4) -> list[str]:
    """The last lines of the kernel's stderr, with the grader's own paths replaced."""
    try:
        with open(kernel.log, "rb") as f:
            f.seek(max(0, os.path.getsize(kernel.log) - 8192))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return []
    for path, name in ((kernel.workdir, "<kernel folder>"), (sys.prefix, "<python env>"),
                       (sys.base_prefix, "<python>"), (os.path.expanduser("~"), "<home>")):
        if path and path not in ("/", "~"):
            text = text.replace(path, name)
    keep = [ln.strip() for ln in text.splitlines()
            if ln.strip() and not ln.startswith(("[I ", "[W ", "[D "))
            and "NOTE: When using the `ipython kernel` entry point" not in ln
            and "To connect another client to this kernel" not in ln]
    return [short_line[:200] for short_line in keep[-lines:]]


async def exit_reason(kernel: Kernel) -> str:
    """Why a kernel stopped: signal or exit code, a memory limit when it was reached, and
    the last lines of its stderr.

    bubblewrap reports a kernel killed by signal N as exit code 128 + N.
    """
    code = kernel.code
    if code is None:
        with contextlib.suppress(Exception):
            code = await kernel.km.provisioner.poll()
        kernel.code = code
    tail = _log_tail(kernel)
    if code is None:
        what = "it stopped responding"
    else:
        signum = -code if code < 0 else (code - 128 if 128 < code < 160 else 0)
        if signum:
            try:
                what = f"killed by {signal.Signals(signum).name}"
            except ValueError:
                what = f"killed by signal {signum}"
        else:
            what = f"exit code {code}"
    if any(sign in line for line in tail for sign in _MEMORY_SIGNS):
        what += "; memory limit reached"
    if tail:
        what += "; its last words: " + " / ".join(tail[-2:])
    return what


# =========================================================================== executing


def _first_line(source: str, limit: int = 40) -> str:
    for line in str(source).splitlines():
        if line.strip():
            text = line.strip()
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""


class _Stop(Exception):
    """Raised inside :func:`execute` to end a submission with ``sub.error``."""


async def _run_cell(kernel: Kernel, code: str, timeout: float,
                    on_output: Callable[[dict[str, Any]], None]) -> dict[str, Any] | None:
    """Run one cell; return its shell reply, or None if the kernel died.

    Raises TimeoutError when the cell runs longer than ``timeout``.
    """
    def hook(msg: dict[str, Any]) -> None:
        content = msg.get("content", {})
        size = len(json.dumps(content, default=str))
        kernel.output_bytes += size
        if kernel.output_bytes > kernel.extra["output_limit"] and not kernel.over_output:
            kernel.over_output = True
            with contextlib.suppress(Exception):
                os.killpg(kernel.pid or 0, signal.SIGKILL)
        on_output(msg)

    run = asyncio.ensure_future(kernel.kc.execute_interactive(
        code, store_history=True, allow_stdin=False, stop_on_error=False,
        timeout=timeout, output_hook=hook))

    async def death() -> None:
        ticks = 0
        while await kernel.km.is_alive():
            await asyncio.sleep(0.1)
            ticks += 1
            if ticks % 10:
                continue
            if _over_disk(kernel):
                kernel.over_disk = True
            elif _over_memory(kernel):
                kernel.over_memory = True
            else:
                continue
            with contextlib.suppress(Exception):
                os.killpg(kernel.pid or 0, signal.SIGKILL)

    dead = asyncio.ensure_future(death())
    try:
        done, _ = await asyncio.wait({run, dead}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (run, dead):
            if not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
    if run in done:
        return run.result()  # may raise TimeoutError
    return None


_MAX_ENTRIES = 20_000  # files and folders a kernel's folder may hold


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc``; [] elsewhere)."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for name in names:
        if not name.isdigit():
            continue
        fields = _stat_fields(name)
        if not fields or len(fields) < 2 or not fields[1].isdigit():
            continue
        children[int(fields[1])].append(int(name))
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(children.get(p, ()))
    return out


def _over_memory(kernel: Kernel) -> bool:
    """Whether the kernel's processes together use more than its memory limit.

    The address-space limit holds each process; this holds all of them (a fork bomb of
    memory hogs was limited only by processes x memory, far beyond the machine's memory).
    Proportional set sizes, so that pages shared by forked children count once.
    """
    limit = kernel.extra.get("memory_limit")
    if not limit or not kernel.pid:
        return False
    total = 0
    for pid in _descendants(kernel.pid):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) << 10
                        break
        except (OSError, ValueError, IndexError):
            continue
    return total > limit


def _over_disk(kernel: Kernel) -> bool:
    """Whether the kernel's folder holds more than its disk limit (or too many entries)."""
    limit = kernel.extra.get("disk_limit")
    if not limit:
        return False
    total, entries, stack = 0, 0, [kernel.workdir]
    while stack:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    entries += 1
                    if entries > _MAX_ENTRIES:
                        return True
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        continue
        except OSError:
            continue
        if total > limit:
            return True
    return total > limit


async def execute(sub: Submission, kernel: Kernel, timeout: float, notebook_timeout: float,
                  limits: sandbox.Limits | None = None) -> None:
    """Run one submission in ``kernel`` and fill ``sub.results`` or ``sub.error``."""
    limits = limits or sandbox.Limits()
    kernel.extra["output_limit"] = limits.output_mb << 20
    kernel.extra["disk_limit"] = limits.disk_mb << 20
    kernel.extra["memory_limit"] = limits.memory_mb << 20
    # the student's own copy, in the kernel's folder: the notebook as read and checked
    # (not the path again, which may have become a link since)
    with contextlib.suppress(Exception):
        import nbformat

        with open(os.path.join(kernel.workdir, "submission.ipynb"), "w",
                  encoding="utf-8") as f:
            f.write(nbformat.writes(sub.nb))
    deadline = time.monotonic() + notebook_timeout
    cells = [(i, c) for i, c in enumerate(sub.nb.cells)
             if c.cell_type == "code" and str(c.source).strip()]
    report_outputs: list[dict[str, Any]] = []
    try:
        for index, cell in [*cells, (-1, None)]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Stop(f"timed out after {notebook_timeout:g} s (the whole notebook)")
            errors: list[dict[str, Any]] = []

            def on_output(msg: dict[str, Any], errors: list[dict[str, Any]] = errors,
                          index: int = index) -> None:
                kind, content = msg["msg_type"], msg.get("content", {})
                if kind == "error":
                    errors.append({"output_type": "error", "ename": content.get("ename"),
                                   "evalue": content.get("evalue", "")})
                elif index < 0 and kind == "stream":
                    report_outputs.append({"output_type": "stream",
                                           "name": content.get("name"),
                                           "text": content.get("text", "")})

            code = report_source(kernel.token) if cell is None else str(cell.source)
            per_cell = min(timeout, left)
            try:
                reply = await _run_cell(kernel, code, per_cell, on_output)
            except TimeoutError:
                if per_cell < timeout:
                    raise _Stop(f"timed out after {notebook_timeout:g} s "
                                "(the whole notebook)") from None
                where = "" if cell is None else (
                    f" in cell {index + 1} (`{_first_line(cell.source)}`)")
                raise _Stop(f"timed out after {timeout:g} s{where}: "
                            "is there an endless loop?") from None
            if kernel.over_output:
                raise _Stop(f"the notebook's output passed the limit of {limits.output_mb} MiB "
                            "(is something printed in a loop?)")
            if kernel.over_memory:
                raise _Stop(f"the notebook used more than the limit of {limits.memory_mb} MiB "
                            "of memory (all its processes together)")
            if kernel.over_disk:
                raise _Stop(f"the notebook wrote more than the limit of {limits.disk_mb} MiB "
                            "to disk (or too many files)")
            if reply is None:
                raise _Stop(f"the kernel died ({await exit_reason(kernel)})")
            if cell is None:
                report_outputs.extend(errors)
            elif errors:
                e = errors[-1]
                sub.cell_errors[index] = f"{e['ename']}: {short(e['evalue'] or '', 120)}"
    except _Stop as stop:
        sub.error = str(stop)
        return
    _read_report(sub, kernel.token, report_outputs)


def _read_report(sub: Submission, token: str, outputs: list[dict[str, Any]]) -> None:
    """Read the report cell's outputs (stream and error outputs, as in a notebook) into
    ``sub.results`` (the recorded answers, judged later in the grader's process), or set
    ``sub.error``."""
    records, reason = parse_report(outputs, token)
    if records is None:
        sub.error = f"could not read the check answers: {reason}"
    else:
        sub.results = records


class Pool:
    """``jobs`` workers in one event loop, each with one warm spare kernel.

    All workers share one event loop, in a thread of its own (so that grading also works
    where a loop is already running, as in a notebook). ``on_done`` is called from that
    thread once per submission, as soon as it is finished. If the calling thread is
    interrupted (Ctrl-C, SIGTERM turned into an exception), :meth:`run` cancels the
    workers, kills every kernel and re-raises.
    """

    def __init__(
        self,
        jobs: int,
        factory: KernelFactory,
        timeout: float,
        notebook_timeout: float,
        on_done: Callable[[Submission], None],
        limits: sandbox.Limits | None = None,
    ) -> None:
        self.jobs = jobs
        self.factory = factory
        self.timeout = timeout
        self.notebook_timeout = notebook_timeout
        self.on_done = on_done
        self.limits = limits or sandbox.Limits()

    def run(self, subs: Sequence[Submission]) -> None:
        loop = asyncio.new_event_loop()
        box: dict[str, Any] = {}

        def thread() -> None:
            asyncio.set_event_loop(loop)
            box["task"] = loop.create_task(self._run(subs))
            try:
                loop.run_until_complete(box["task"])
            except BaseException as exc:  # noqa: BLE001
                box["error"] = exc
            finally:
                with contextlib.suppress(Exception):
                    loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        worker = threading.Thread(target=thread, name="coursekit-grade", daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                worker.join(0.2)
        except BaseException:
            task = box.get("task")
            if task is not None and not loop.is_closed():
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(task.cancel)
            worker.join(10)
            self.factory.kill_all()
            raise
        error = box.get("error")
        if error is not None and not isinstance(error, asyncio.CancelledError):
            raise error

    async def _run(self, subs: Sequence[Submission]) -> None:
        todo = collections.deque(subs)
        workers = min(self.jobs, len(subs))
        await asyncio.gather(*(self._work(todo) for _ in range(workers)))

    async def _work(self, todo: collections.deque[Submission]) -> None:
        def next_kernel() -> asyncio.Task[Kernel] | None:
            # the next submission's kernel starts while this one runs (none if all taken)
            return asyncio.create_task(self.factory.start()) if todo else None

        spare = next_kernel()
        background: set[asyncio.Task[Any]] = set()
        try:
            while todo and spare is not None:
                sub = todo.popleft()
                try:
                    kernel = await spare
                except Exception as exc:  # noqa: BLE001
                    try:  # one retry: a kernel can fail to start for passing reasons
                        kernel = await self.factory.start()
                    except Exception:  # noqa: BLE001
                        sub.error = f"could not start a kernel ({short(exc)})"
                        spare = next_kernel()
                        self.on_done(sub)
                        continue
                spare = next_kernel()
                try:
                    await execute(sub, kernel, self.timeout, self.notebook_timeout,
                                  self.limits)
                except Exception as exc:  # noqa: BLE001 - never lose a submission
                    sub.error = f"grader error: {short(exc)}"
                finally:
                    task = asyncio.create_task(kill(kernel, self.factory))
                    background.add(task)
                    task.add_done_callback(background.discard)
                self.on_done(sub)
        finally:
            if spare is not None:
                spare.cancel()
                with contextlib.suppress(BaseException):
                    await kill(await spare, self.factory)
            if background:
                await asyncio.gather(*background, return_exceptions=True)
