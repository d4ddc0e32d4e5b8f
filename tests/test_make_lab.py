"""The Makefile: `make lab` serves JupyterLab on the repository, with the course folders in
its file browser; `make lab` and `make test` check the Python version first, rebuild a .venv
made by another Python, and only `make test` installs the test extra.

The version and .venv rules run in a temporary copy of the Makefile (never on the
repository's own .venv), with small stand-in interpreters where a real old Python is not
needed.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> dict | list:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.mark.slow
@needs_make
def test_make_lab_serves_the_course(tmp_path):
    import sys

    # The environment running this test (`make test` may use VENV=.venv-3.11), with the
    # Python it was made from, so that `make lab` finds it up to date and never rebuilds it.
    venv = Path(sys.prefix)
    if venv == Path(sys.base_prefix) or not (venv / ".installed-runtime").exists():
        pytest.skip("run `make test` (or `make setup`) first: this venv was not set up by make")
    python = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    port, token = _free_port(), secrets.token_hex(8)
    args = f"--no-browser --port {port} --ServerApp.token={token} --ServerApp.ip=127.0.0.1"
    log = tmp_path / "lab.log"
    server = subprocess.Popen(
        ["make", "-s", "lab", f"VENV={venv}", f"PYTHON={python}", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status = _get(f"{base}/api/status?token={token}")
                break
            except OSError as error:
                if time.monotonic() > deadline or server.poll() is not None:
                    tail = log.read_text(errors="replace")[-2000:]
                    raise AssertionError(
                        f"JupyterLab did not answer /api/status in 60 s; make lab said:\n{tail}"
                    ) from error
                time.sleep(0.5)
        assert "started" in status
        root = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in root["content"]}
        assert {"lessons", "exercises", "solutions", "README.md"} <= names
        lessons = _get(f"{base}/api/contents/lessons?token={token}")
        assert any(item["name"].endswith(".ipynb") for item in lessons["content"])
    finally:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# ----------------------------------------------------------- version guard and .venv
def _copy(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _fake_python(path: Path, version: str, prefix: str) -> Path:
    """A stand-in interpreter: says it is ``version``, fails the >= 3.11 test if older."""
    old = tuple(map(int, version.split(".")[:2])) < (3, 11)
    path.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then echo "Python {version}"; exit 0; fi\n'
        f'case "$2" in *version_info*) exit {1 if old else 0};; esac\n'
        f'echo "{prefix} {version}"\n'
    )
    path.chmod(0o755)
    return path


def _make(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    # A fresh make, as a learner types it: under `make test VENV=…` (CI) the outer make's
    # command-line variables reach this one through MAKEFLAGS and the environment.
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON", "VENV", "JOBS", "LAB_ARGS"}
    env = {k: v for k, v in os.environ.items() if k not in outer}
    return subprocess.run(["make", "-s", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


@needs_make
@pytest.mark.parametrize("target", ["lab", "test", "check"])
def test_an_old_python_stops_before_anything_with_the_command_to_use(tmp_path, target):
    course = _copy(tmp_path)
    python = _fake_python(tmp_path / "python3.10", "3.10.12", "/usr")
    result = _make(course, target, f"PYTHON={python}")
    assert result.returncode != 0
    assert "Python 3.11" in result.stderr and "3.10.12" in result.stderr
    assert "make lab PYTHON=python3.11" in result.stderr
    assert not (course / ".venv").exists()


@needs_make
def test_a_missing_python_is_named(tmp_path):
    result = _make(_copy(tmp_path), "lab", "PYTHON=python3.99-does-not-exist")
    assert result.returncode != 0
    assert "not found" in result.stderr and "make lab PYTHON=python3.11" in result.stderr


@needs_make
def test_lab_installs_the_runtime_only_and_test_the_test_extra(tmp_path):
    course = _copy(tmp_path)
    lab = _make(course, "-n", "lab").stdout
    test = _make(course, "-n", "test").stdout
    assert "pip install -c constraints.txt -e ." in lab and ".[test]" not in lab
    # the tests need the test extra, and the site extra for the website's tests
    assert 'pip install -c constraints.txt -e ".[test,site]"' in test
    assert "--durations=15" in test


@needs_make
def test_check_is_the_fast_path(tmp_path):
    check = _make(_copy(tmp_path), "-n", "check").stdout
    assert '-m "not slow and not browser"' in check and "--durations=10" in check
    assert "--nbval" not in check and "lessons" not in check


@pytest.mark.slow
@needs_make
def test_a_venv_made_by_another_python_is_rebuilt(tmp_path):
    import sys

    course = _copy(tmp_path)
    stale = course / ".venv" / "bin"
    stale.mkdir(parents=True)
    _fake_python(stale / "python", "3.10.12", "/usr")  # what a failed 3.10 `make lab` left
    (course / ".venv" / ".installed-test").touch()
    result = _make(course, "venv", f"PYTHON={sys.executable}")
    assert result.returncode == 0, result.stderr
    assert "Creating .venv" in result.stdout
    assert not (course / ".venv" / ".installed-test").exists()  # installs run again
    made = subprocess.run([str(stale / "python"), "-c", "import sys; print(sys.version)"],
                          capture_output=True, text=True, check=True).stdout
    assert made.split()[0] == sys.version.split()[0]
    again = _make(course, "venv", f"PYTHON={sys.executable}")  # same Python: kept
    assert again.returncode == 0 and "Creating" not in again.stdout
