"""The sandbox every graded kernel runs in: bubblewrap, resource limits, a minimal environment.

On Linux with `bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``) each
kernel runs in its own mount, PID, network, IPC and UTS namespaces (and user namespace
when the grader is not root). Inside it sees only:

* the Python installation (``sys.base_prefix``), the environment (``sys.prefix``), ``/usr``
  and a few harmless files of ``/etc``, all read-only;
* the ``coursekit`` package folder, read-only (not the rest of a source checkout:
  ``solutions/``, ``exercises/``, the submissions and the output folder stay invisible);
* extra read-only module folders the instructor names (``python_path``);
* its own runtime folder, read-write: the connection file, the IPC sockets, and its own
  copy of the submission (the kernel's working folder);
* a private, empty ``/tmp`` and home folder (tmpfs), ``/proc`` of its own PID namespace
  and a minimal ``/dev``.

Its environment is built from scratch (:func:`kernel_env`): nothing of the grader's.
Everything it starts dies with it (``--die-with-parent`` and its own PID namespace).
:data:`LAUNCHER` runs first inside the sandbox: it sets the :class:`Limits`, and when the
grader runs as root (where the process limit does not apply to root) it becomes a fresh
unprivileged user id before it executes the kernel.

Without bubblewrap (``--sandbox off``, or ``auto`` where ``bwrap`` is missing or does not
work), kernels get the same limits, environment and private home folder, but can see and
change whatever the grader's user can.

Examples
--------
>>> Limits().memory_mb
2048
>>> Limits(processes=8).rlimits(cpu_seconds=60)["RLIMIT_NPROC"]
8
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "INSTALL_HINT",
    "LAUNCHER",
    "MODES",
    "Limits",
    "SandboxUnavailable",
    "bwrap_path",
    "choose",
    "kernel_argv",
    "kernel_env",
    "probe",
]

#: Values of ``--sandbox``.
MODES: tuple[str, ...] = ("auto", "require", "off")

#: How to get bubblewrap, for messages.
INSTALL_HINT = (
    "install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; Fedora: "
    "`sudo dnf install bubblewrap`; Arch: `sudo pacman -S bubblewrap`) and make sure "
    "unprivileged user namespaces are allowed (or run the grader as root)"
)

# Files of /etc a kernel may need (dynamic loader cache, time zone, fonts, alternatives).
_ETC = ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/alternatives",
        "/etc/mime.types", "/etc/matplotlibrc")
# Configuration of the machine's own software under /usr, which may hold registry tokens or
# site settings (npmrc, pip.conf, …): hidden, although /usr is visible.
_MASKED = ("/usr/local/etc",)
_HOME = "/tmp/home"
_MPL = _HOME + "/.matplotlib"
_FONTS = "/run/coursekit-fonts"  # read-only font cache template, inside the sandbox


class SandboxUnavailable(RuntimeError):
    """``--sandbox require`` was asked for, but bubblewrap is missing or does not work."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one kernel (and everything it starts).

    Attributes
    ----------
    memory_mb : int
        Address space of each process, in MiB (``RLIMIT_AS``), and the memory all the
        kernel's processes may use together (proportional set sizes, checked every
        second; beyond it the submission is stopped).
    processes : int
        Processes and threads the kernel may run at once (``RLIMIT_NPROC``; in the
        sandbox only, where the kernel has a user id of its own).
    file_mb : int
        Largest file the kernel may write, in MiB (``RLIMIT_FSIZE``); this also caps the
        kernel's error log.
    output_mb : int
        Output (text, images, …) the grader reads from one submission, in MiB; beyond it
        the submission is stopped.
    disk_mb : int
        What the kernel may keep on disk in all, in MiB: the size of its private ``/tmp``
        (and home) in the sandbox, and what its own folder may hold (checked every second;
        beyond it the submission is stopped). Without it, many files below the file limit
        filled the grader's disk (a measured 300 MiB/s) or its memory (``/tmp`` is a tmpfs).
    """

    memory_mb: int = 2048
    processes: int = 128
    file_mb: int = 64
    output_mb: int = 16
    disk_mb: int = 512

    def rlimits(self, cpu_seconds: float) -> dict[str, int]:
        """The ``resource`` limits to set, by name.

        Examples
        --------
        >>> sorted(Limits().rlimits(cpu_seconds=10))
        ['RLIMIT_AS', 'RLIMIT_CORE', 'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_NPROC']
        """
        return {
            "RLIMIT_AS": int(self.memory_mb) << 20,
            "RLIMIT_NPROC": int(self.processes),
            "RLIMIT_FSIZE": int(self.file_mb) << 20,
            "RLIMIT_CPU": max(1, int(cpu_seconds)),
            "RLIMIT_CORE": 0,
        }


# Runs first, as `python -I -S -c LAUNCHER CONFIG -- KERNEL-ARGV…`: limits, a fresh user id
# (when the sandbox runs as root), the private home with matplotlib's font cache, then the
# kernel. Kept to the standard library and short: it is the only code that runs privileged.
LAUNCHER = r"""
import json, os, resource, shutil, sys
cfg = json.loads(sys.argv[1])
cmd = sys.argv[sys.argv.index("--") + 1:]
for name, value in cfg["limits"].items():
    if name == "RLIMIT_NPROC" and not cfg["nproc"]:
        continue
    resource.setrlimit(getattr(resource, name), (value, value))
uid = cfg.get("uid")
if uid is not None:
    for top in cfg["own"]:
        os.chown(top, uid, uid)
        for root, dirs, files in os.walk(top):
            for n in dirs + files:
                os.chown(os.path.join(root, n), uid, uid, follow_symlinks=False)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
mpl = os.environ.get("MPLCONFIGDIR")
if mpl:
    os.makedirs(mpl, exist_ok=True)
    fonts = cfg.get("fonts")
    try:
        for n in os.listdir(fonts) if fonts else ():
            if n.endswith(".json"):
                shutil.copyfile(os.path.join(fonts, n), os.path.join(mpl, n))
    except OSError:
        pass
os.execv(cmd[0], cmd)
"""


def bwrap_path() -> str | None:
    """The ``bwrap`` executable, or None."""
    return shutil.which("bwrap") if sys.platform.startswith("linux") else None


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


def _readonly_paths(python_path: Sequence[str | os.PathLike[str]] = ()) -> list[str]:
    paths = ["/usr", sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix,
             os.fspath(_package_dir())]
    paths += [os.fspath(Path(p).resolve()) for p in python_path]
    paths += [p for p in _ETC if os.path.exists(p)]
    out: list[str] = []
    for p in sorted(set(map(os.path.realpath, paths)) | set(paths), key=len):
        if not os.path.exists(p) or p == "/":
            continue
        if any(p == q or p.startswith(q.rstrip("/") + "/") for q in out):
            continue  # inside a folder already bound
        out.append(p)
    return out


@functools.lru_cache(maxsize=1)
def _has_size() -> bool:
    """Whether this bubblewrap knows ``--size`` (a tmpfs of limited size; 0.8 and later)."""
    try:
        proc = subprocess.run([bwrap_path() or "bwrap", "--help"], capture_output=True,
                              text=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--size" in (proc.stdout + proc.stderr)


def _bwrap_args(rw: Sequence[str], readonly: Sequence[str], fonts: str | None,
                disk_mb: int = 0) -> list[str]:
    """bubblewrap's options (without the command)."""
    if _as_root():
        # Root: no user namespace (the launcher drops to a fresh uid instead, so that the
        # process limit applies); keep only what the launcher needs to do that.
        args = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                "--cap-add", "CAP_CHOWN"]
    else:
        args = ["--unshare-all"]
    args += ["--die-with-parent", "--new-session", "--clearenv"]
    for link in ("/bin", "/lib", "/lib64", "/lib32", "/sbin"):
        if os.path.islink(link):
            args += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            args += ["--ro-bind", link, link]
    args += ["--proc", "/proc", "--dev", "/dev", "--perms", "01777"]
    if disk_mb and _has_size():
        args += ["--size", str(int(disk_mb) << 20)]  # a full /tmp, not a full host memory
    args += ["--tmpfs", "/tmp"]
    targets = list(readonly) + list(rw) + ([_FONTS] if fonts else [])
    made: set[str] = {"/", "/tmp", "/proc", "/dev"}
    for target in sorted(targets, key=len):
        for parent in reversed(Path(target).parents):
            p = os.fspath(parent)
            if p in made or any(p == q or p.startswith(q.rstrip("/") + "/") for q in readonly):
                continue
            made.add(p)
            args += ["--perms", "0755", "--dir", p]
    for p in readonly:
        args += ["--ro-bind", p, p]
    for p in _MASKED:
        if os.path.isdir(p) and any(p.startswith(q.rstrip("/") + "/") for q in readonly):
            args += ["--perms", "0755", "--tmpfs", p]  # an empty folder in its place
    if fonts:
        args += ["--ro-bind", fonts, _FONTS]
    for p in rw:
        args += ["--bind", p, p]
    return args


def kernel_env(workdir: str, sandboxed: bool,
               python_path: Sequence[str | os.PathLike[str]] = ()) -> dict[str, str]:
    """The kernel's whole environment: nothing of the grader's.

    Examples
    --------
    >>> env = kernel_env("/tmp/k", sandboxed=True)
    >>> env["COURSEKIT_GRADING"], env["HOME"], "USER" in env
    ('1', '/tmp/home', False)
    """
    home = _HOME if sandboxed else os.path.join(workdir, ".home")
    bindir = os.path.dirname(sys.executable)
    env = {
        "COURSEKIT_GRADING": "1",
        "HOME": home,
        "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "MPLCONFIGDIR": (_MPL if sandboxed else os.path.join(home, ".matplotlib")),
        "PYTHONNOUSERSITE": "1",
        "PYTHONHASHSEED": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TMPDIR": "/tmp" if sandboxed else workdir,
        "JPY_PARENT_PID": "1" if sandboxed else str(os.getpid()),
    }
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join(os.fspath(Path(p).resolve()) for p in python_path)
    return env


def kernel_argv(
    workdir: str,
    sandboxed: bool,
    limits: Limits,
    cpu_seconds: float,
    python_path: Sequence[str | os.PathLike[str]] = (),
    fonts: str | None = None,
) -> list[str]:
    """The kernelspec ``argv`` of one kernel, with ``{connection_file}`` in it.

    ``workdir`` is the kernel's runtime folder (bound read-write in the sandbox).
    """
    as_root = sandboxed and _as_root()
    cfg = {
        "limits": limits.rlimits(cpu_seconds),
        "nproc": sandboxed,
        # a fresh unprivileged uid, so that the process limit counts this kernel only
        "uid": (1 << 24) + secrets.randbelow(1 << 30) if as_root else None,
        "own": [workdir],
        "fonts": (_FONTS if sandboxed else fonts) if fonts else None,
    }
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    inner = [sys.executable, "-I", "-S", "-c", LAUNCHER, json.dumps(cfg), "--", *kernel]
    if not sandboxed:
        return inner
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}")
    readonly = _readonly_paths(python_path)
    setenv: list[str] = []
    for k, v in kernel_env(workdir, True, python_path).items():
        setenv += ["--setenv", k, v]
    return [bwrap, *_bwrap_args([workdir], readonly, fonts, limits.disk_mb), *setenv,
            "--chdir", workdir,
            *inner]


def _sandbox_run(code: str, workdir: str, fonts_out: str | None, timeout: float) -> str:
    """Run ``code`` in a sandbox like a kernel's; return "" or why it failed."""
    cfg = {"limits": Limits().rlimits(60), "nproc": True,
           "uid": (1 << 24) + secrets.randbelow(1 << 30) if _as_root() else None,
           "own": [workdir], "fonts": None}
    env = kernel_env(workdir, sandboxed=True)
    if fonts_out:
        env["MPLCONFIGDIR"] = fonts_out
    argv = [bwrap_path() or "bwrap", *_bwrap_args([workdir], _readonly_paths(), None),
            "--chdir", workdir]
    for k, v in env.items():
        argv += ["--setenv", k, v]
    argv += [sys.executable, "-I", "-S", "-c", LAUNCHER, json.dumps(cfg), "--",
             sys.executable, "-c", code]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not run ({exc})"
    if proc.returncode != 0:
        tail = " ".join((proc.stderr or "").strip().splitlines()[-2:])
        return f"bwrap failed (exit code {proc.returncode}: {tail or 'no message'})"
    return ""


@functools.lru_cache(maxsize=1)
def probe() -> str:
    """Check once per process that bubblewrap works here: "" if it does, else why not.

    Examples
    --------
    >>> isinstance(probe(), str)
    True
    """
    if bwrap_path() is None:
        return "bubblewrap (bwrap) is not installed"
    with tempfile.TemporaryDirectory(prefix="coursekit-probe-") as tmp:
        return _sandbox_run("import os; os.listdir('/')", tmp, None, 60)


def build_font_cache(folder: str, sandboxed: bool) -> None:
    """Let matplotlib list the fonts once, into ``folder``, as the kernels will see them.

    Each kernel starts with an empty home; without this, each would spend a second or more
    building matplotlib's font cache. Best effort: on failure kernels build their own.
    """
    code = "import matplotlib.font_manager"
    if sandboxed:
        _sandbox_run(code, folder, folder, 120)
        return
    env = kernel_env(folder, sandboxed=False)
    env["MPLCONFIGDIR"] = folder
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                   timeout=120, stdin=subprocess.DEVNULL, check=False)


def choose(mode: str) -> tuple[bool, str]:
    """Decide whether to sandbox: ``(sandboxed, note)`` for ``--sandbox mode``.

    ``note`` says why submissions are not isolated ("" when they are, or when ``off``
    was asked for).

    Raises
    ------
    SandboxUnavailable
        For ``require`` when bubblewrap is missing or does not work here.
    ValueError
        For an unknown mode.

    Examples
    --------
    >>> choose("off")
    (False, '')
    >>> choose("sometimes")
    Traceback (most recent call last):
    ...
    ValueError: --sandbox must be one of auto, require, off (not 'sometimes')
    """
    if mode not in MODES:
        raise ValueError(f"--sandbox must be one of {', '.join(MODES)} (not {mode!r})")
    if mode == "off":
        return False, ""
    reason = probe()
    if not reason:
        return True, ""
    if mode == "require":
        raise SandboxUnavailable(f"the sandbox is required but {reason}: {INSTALL_HINT}")
    return False, reason
