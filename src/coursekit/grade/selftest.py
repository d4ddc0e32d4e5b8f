"""``coursekit grade --self-test``: start one grading kernel and check, from inside it,
what a submission could see and do.

:func:`self_test` starts a kernel exactly as grading does (same sandbox, environment and
limits), runs :data:`PROBE` in it, and returns one finding per check: whether the grader's
paths (the repository around the coursekit package, its ``solutions/`` and
``exercises/``, the current folder, the home folder) are invisible, whether the course
package and the Python environment are read-only, whether the grader's processes, the
network and the grader's environment variables are out of reach, and whether the kernel
runs without privileges. :func:`print_self_test` prints them as a table.

Examples
--------
>>> from coursekit.grade.selftest import self_test
>>> findings = self_test("require")  # doctest: +SKIP
>>> all(ok for _, ok, _ in findings)  # doctest: +SKIP
True
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from .kernels import KernelFactory, kill
from .sandbox import Limits, choose

__all__ = ["PROBE", "print_self_test", "self_test"]

#: Runs in the kernel with a JSON dict of what to look for; prints a JSON dict of findings.
PROBE = r"""
def _ck_probe(spec):
    import json, os, socket, sys
    found = {"visible": [p for p in spec["secret_paths"] if os.path.exists(p)]}
    writable = []
    for d in spec["readonly_dirs"]:
        try:
            with open(os.path.join(d, "ck-probe.tmp"), "w") as f:
                f.write("x")
            os.remove(os.path.join(d, "ck-probe.tmp"))
            writable.append(d)
        except OSError:
            pass
    found["writable"] = writable
    found["grader_pid_visible"] = os.path.exists(f"/proc/{spec['grader_pid']}/cmdline") and (
        spec["grader_cmd"] in open(f"/proc/{spec['grader_pid']}/cmdline", "rb").read()
        .decode("utf-8", "replace"))
    found["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    import hashlib
    found["env_leaks"] = sorted(
        k for k, h in spec["grader_env"].items()
        if hashlib.sha256(os.environ.get(k, "").encode()).hexdigest() == h)
    net = []
    for host, port in (("1.1.1.1", 53), ("127.0.0.1", spec["grader_port"])):
        s = socket.socket()
        s.settimeout(2)
        try:
            s.connect((host, port))
            net.append(f"{host}:{port}")
        except OSError:
            pass
        finally:
            s.close()
    found["network"] = net
    found["uid"] = os.getuid()
    status = open("/proc/self/status").read()
    found["cap_eff"] = status.split("CapEff:")[1].split()[0] if "CapEff:" in status else ""
    found["home_entries"] = sorted(os.listdir(os.path.expanduser("~")))
    print(json.dumps(found))
"""


def _secret_paths() -> tuple[list[str], list[str]]:
    """Paths a kernel must not see, and folders it must not write to."""
    package = Path(__file__).resolve().parents[1]
    secret = [os.getcwd(), os.path.expanduser("~")]
    repo = package.parents[1]
    if (repo / "pyproject.toml").exists():
        secret += [os.fspath(repo / n) for n in
                   ("pyproject.toml", "solutions", "exercises", "tests", "lessons", ".git")]
    home = Path(os.path.expanduser("~"))
    if home.is_dir():
        secret += [os.fspath(p) for p in sorted(home.iterdir())[:50]
                   if not any(os.fspath(q).startswith(os.fspath(p))
                              for q in (Path(sys.prefix), Path(sys.base_prefix), package))]
    secret = [p for p in secret if p not in ("/",) and not any(
        os.fspath(q).startswith(p.rstrip("/") + "/") or os.fspath(q) == p
        for q in (Path(sys.prefix), Path(sys.base_prefix), package))]
    readonly = [os.fspath(package), os.fspath(package / "checks")]
    import sysconfig

    readonly.append(sysconfig.get_paths()["purelib"])
    return secret, readonly


async def _probe(mode: str, limits: Limits) -> tuple[bool, dict[str, object]]:
    import hashlib
    import socket

    sandboxed, _ = choose(mode)
    secret, readonly = _secret_paths()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    spec = {"secret_paths": secret, "readonly_dirs": readonly, "grader_pid": os.getpid(),
            "grader_cmd": " ".join(sys.argv[:1]) or "python",
            # the grader's variables, by name and a hash of the value (not the value)
            "grader_env": {k: hashlib.sha256(v.encode()).hexdigest()
                           for k, v in os.environ.items()
                           if v and k not in ("LANG", "MPLBACKEND", "SHLVL", "_")},
            "grader_port": listener.getsockname()[1]}
    factory = KernelFactory(sandboxed, limits, cpu_seconds=120)
    try:
        kernel = await factory.start()
        try:
            seen: list[str] = []
            await kernel.kc.execute_interactive(
                PROBE + f"\n_ck_probe({json.dumps(spec)!r} and {spec!r})",
                output_hook=lambda m: seen.append(m["content"].get("text", "")), timeout=60)
        finally:
            await kill(kernel, factory)
    finally:
        factory.close()
        listener.close()
    return sandboxed, json.loads("".join(seen).strip().splitlines()[-1])


def self_test(mode: str = "require", limits: Limits | None = None) -> list[tuple[str, bool, str]]:
    """Start one grading kernel and return ``(check, passed, detail)`` for each check."""
    sandboxed, f = asyncio.run(_probe(mode, limits or Limits()))
    pids = f["pids"]
    assert isinstance(pids, list)
    return [
        ("kernel runs in the bubblewrap sandbox", sandboxed, "" if sandboxed else "no"),
        ("grader's files invisible (repository, solutions/, home, current folder)",
         not f["visible"], ", ".join(map(str, f["visible"]))),  # type: ignore[call-overload]
        ("course package and Python environment read-only", not f["writable"],
         ", ".join(map(str, f["writable"]))),  # type: ignore[call-overload]
        ("grader's process invisible", not f["grader_pid_visible"] and len(pids) < 10,
         f"{len(pids)} processes visible"),
        ("no network (internet, grader's loopback)", not f["network"],
         ", ".join(map(str, f["network"]))),  # type: ignore[call-overload]
        ("none of the grader's environment variables", not f["env_leaks"],
         ", ".join(map(str, f["env_leaks"]))),  # type: ignore[call-overload]
        ("no privileges (not root, no capabilities)",
         f["uid"] != 0 and str(f["cap_eff"]).strip("0") == "",
         f"uid {f['uid']}, CapEff {f['cap_eff']}"),
        ("private, empty home folder", not f["home_entries"] or f["home_entries"] in (
            [".matplotlib"], [".ipython"], [".ipython", ".matplotlib"]),
         ", ".join(map(str, f["home_entries"]))),  # type: ignore[call-overload]
    ]


def print_self_test(mode: str = "require", limits: Limits | None = None) -> int:
    """Print :func:`self_test`'s findings; return 0 if every check passed, else 1."""
    findings = self_test(mode, limits)
    for name, ok, detail in findings:
        print(f"{'ok  ' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail and not ok
                                                      else ""))
    bad = sum(not ok for _, ok, _ in findings)
    print("the sandbox works" if not bad else f"{bad} check(s) failed: submissions are "
          "not isolated; see the instructor guide, section 4")
    return 0 if not bad else 1
