"""Fixtures for the real-browser widget test: a JupyterLab server and headless Chromium.

The test needs Debian's Chromium at ``/usr/bin/chromium`` (never ``playwright install``).
Without it the test is skipped with a reason, unless ``COURSEKIT_REQUIRE_BROWSER=1`` (set by
``.ci/run``), which turns the skip into a failure so CI always runs it.

Each test module gets its own server on a free port, with a random token and a private
copy of the demo notebook, so it can run in parallel with anything else (pytest-xdist).
The server is stopped in a ``finally`` block, even when the test fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CHROMIUM = os.environ.get("COURSEKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = HERE / "screenshots"


def _missing(reason: str) -> None:
    if os.environ.get("COURSEKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (COURSEKIT_REQUIRE_BROWSER=1: the browser test must run)")
    pytest.skip(f"{reason}; install it with `apt-get install -y chromium` to run the "
                "real-browser widget test (CI sets COURSEKIT_REQUIRE_BROWSER=1)")


@pytest.fixture(scope="module")
def chromium_path() -> str:
    """The Chromium executable, or skip (fail in CI) with a visible reason."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"Chromium not found at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - playwright is a test dependency
        _missing("the Python package playwright is not installed")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server."""

    url: str
    token: str
    root: Path
    log: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _wait_for_status(url: str, token: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early with code {proc.returncode}")
        try:
            request = urllib.request.Request(f"{url}/api/status",
                                             headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"JupyterLab did not answer {url}/api/status within {timeout:.0f} s")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[Lab]:
    """Start ``jupyter lab`` on a free port with a random token; always stop it."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "root"
    root.mkdir()
    shutil.copy(HERE / "widgets_demo.ipynb", root / "widgets_demo.ipynb")
    settings = base / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # no news toast and no update check: they would fetch from the internet
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # render every cell (JupyterLab 4 otherwise skips cells far from the viewport), so the
    # page text holds every output the tests look for
    tracker = base / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = dict(os.environ)
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        PYTHONUNBUFFERED="1",
    )
    port, token = _free_port(), secrets.token_hex(16)
    log = base / "jupyter.log"
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0",
        "--allow-root",
    ]
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as handle:
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, env=env,
                                cwd=root)
        try:
            _wait_for_status(url, token, proc, timeout=60)
            yield Lab(url=url, token=token, root=root, log=log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    """A headless Debian Chromium driven by Playwright; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
