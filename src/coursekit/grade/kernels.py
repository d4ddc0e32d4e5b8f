"""Run submissions in fresh Jupyter kernels: the zygote, the kernel factory and the pool.

Every submission runs in a kernel process of its own, never in the grader's process:

* :class:`_Factory` starts a kernel (with nbclient/jupyter_client) in a temporary
  working folder and runs the silent :data:`_WARMUP` cell in it, which imports coursekit
  and records what its checking code looks like. On Linux the kernel is not exec'd but
  forked, through the ``ForkProvisioner`` from :func:`_fork_provisioner_class`, by the
  *zygote*: a helper process (:func:`_zygote_main`, launched as
  ``python -c "from coursekit.grade.kernels import _zygote_main; ..."``) that has
  already imported ipykernel, pandas, networkx and coursekit (:data:`_WARM_MODULES`).
  :class:`_Zygote` is the grader's handle on it and :class:`_ForkedProcess` the
  Popen-like view of one forked kernel.
* :func:`_execute` runs a copy of the submission's cells with :data:`_REPORT` appended,
  which prints the check results and whether the checking code changed, behind a random
  token. Cell and notebook timeouts, dead kernels (:func:`_exit_reason`) and unreadable
  results become ``sub.error``; otherwise ``sub.results`` and ``sub.cell_errors`` are set.
* :class:`_Pool` runs ``jobs`` workers, each with one warmed spare kernel started while
  the current submission runs, and kills every kernel (:func:`_kill`) afterwards.

Uses :mod:`~coursekit.grade.submissions` (the :class:`_Submission` record) and
:mod:`~coursekit.grade.scan` (for naming a cell); :func:`coursekit.grade.grade` drives it.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import copy
import gc
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .scan import _first_line
from .submissions import _short, _Submission

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

    # Move everything imported so far out of the garbage collector's reach: the kernels
    # then neither scan those objects nor copy their memory pages (copy-on-write) when
    # they collect garbage, which makes each forked kernel cheaper to start and run.
    gc.collect()
    gc.freeze()
    gc.enable()
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
            [sys.executable, "-c",
             # no garbage collection while importing (it only slows the imports down);
             # _zygote_main turns it back on before it forks any kernel
             "import gc; gc.disable(); "
             "from coursekit.grade.kernels import _zygote_main; _zygote_main()"],
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

    def __init__(self, fork: bool, kernel_name: str, startup_timeout: float = 120.0) -> None:
        import zmq
        import zmq.asyncio

        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        # One ZeroMQ context for every kernel's sockets (instead of one, with its I/O
        # thread, per kernel). A client usually connects before its new kernel listens;
        # retrying every 10 ms instead of zmq's default 100 ms gets it connected sooner.
        self.context = zmq.asyncio.Context()
        self.context.setsockopt(zmq.RECONNECT_IVL, 10)
        # The zygote starts importing now, while the grader goes on reading submissions.
        self.zygote: _Zygote | None = _Zygote() if fork else None
        self._provisioner_cls = _fork_provisioner_class() if fork else None

    async def _await_zygote(self) -> None:
        """Wait for the zygote (in a thread, once); if it failed, drop it, so that
        kernels are started the usual way."""
        if self.zygote is None or self.zygote.wait_ready(0):
            return
        ready = await asyncio.get_running_loop().run_in_executor(
            None, self.zygote.wait_ready, self.startup_timeout
        )
        if not ready and self.zygote is not None:
            self.zygote.close()
            self.zygote = self._provisioner_cls = None

    async def start(self) -> _Kernel:
        from jupyter_client import AsyncKernelManager

        await self._await_zygote()
        km = AsyncKernelManager(kernel_name=self.kernel_name, context=self.context)
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
            await _wait_ready(kc, km, self.startup_timeout)
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
        self.context.destroy(linger=0)


async def _wait_ready(kc: Any, km: Any, timeout: float) -> None:
    """Wait until the kernel answers on its shell channel and its IOPub channel is connected.

    ``kc.wait_for_ready`` does the same, then always spends 0.2 s flushing IOPub; the
    grader does not need that (nbclient ignores messages meant for other requests).
    """
    deadline = time.monotonic() + timeout
    while True:
        kc.kernel_info()
        try:
            reply = await kc.get_shell_msg(timeout=0.5)
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
            raise RuntimeError("the kernel died while starting")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not answer within {timeout:g} s")


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
    """``jobs`` workers in one event loop, each with one warmed spare kernel.

    All workers share one event loop (in a thread of its own, so that grading also works
    where a loop is already running, as in a notebook): the grader's share of the work
    is small, and one loop spares the workers from taking turns at the GIL. ``on_done``
    is called from that thread once per submission.
    """

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

    def run(self, subs: Sequence[_Submission]) -> None:
        with concurrent.futures.ThreadPoolExecutor(1, "coursekit-grade") as pool:
            pool.submit(asyncio.run, self._run(subs)).result()

    async def _run(self, subs: Sequence[_Submission]) -> None:
        todo = collections.deque(subs)
        workers = min(self.jobs, len(subs))
        await asyncio.gather(*(self._work(todo) for _ in range(workers)))

    async def _work(self, todo: collections.deque[_Submission]) -> None:
        def next_kernel() -> asyncio.Task[_Kernel] | None:
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
                        sub.error = f"could not start a kernel ({_short(exc)})"
                        spare = next_kernel()
                        self.on_done(sub)
                        continue
                spare = next_kernel()
                try:
                    await _execute(sub, kernel, self.timeout, self.notebook_timeout)
                except Exception as exc:  # noqa: BLE001 - never lose a submission
                    sub.error = f"grader error: {_short(exc)}"
                finally:
                    task = asyncio.create_task(_kill(kernel))
                    background.add(task)
                    task.add_done_callback(background.discard)
                self.on_done(sub)
        finally:
            if spare is not None:
                with contextlib.suppress(BaseException):
                    await _kill(await spare)
            if background:
                await asyncio.gather(*background, return_exceptions=True)


def _open_factory(fork: bool | None, kernel_name: str = "python3") -> _Factory:
    """Open a kernel factory; ``fork=None`` means fork from a zygote on Linux.

    Opening it starts the zygote at once, so call it early and :meth:`_Factory.close` it
    when done. If the zygote fails to start, kernels are started the usual way instead.
    """
    use_fork = (sys.platform.startswith("linux") and hasattr(os, "fork")
                if fork is None else fork)
    return _Factory(use_fork, kernel_name)

