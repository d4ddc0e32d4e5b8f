"""`make lab` serves JupyterLab on the repository, with the course folders in its file browser."""

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


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_the_course(tmp_path):
    if not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("run `make test` (or `make setup`) first: .venv is not set up")
    port, token = _free_port(), secrets.token_hex(8)
    args = f"--no-browser --port {port} --ServerApp.token={token} --ServerApp.ip=127.0.0.1"
    log = tmp_path / "lab.log"
    server = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_ARGS={args}"],
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
