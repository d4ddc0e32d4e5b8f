"""Fixtures for the hub test: a real JupyterHub on 127.0.0.1 serving the course via nbgitpuller.

What runs: JupyterHub (from PyPI) with configurable-http-proxy (from npm, installed into the
git-ignored ``.cache/chp`` by this fixture when it is missing), the test-only
``DummyAuthenticator`` and ``SimpleLocalProcessSpawner`` (no system users: each user's
home is a folder under the test's temporary directory), two students (``ana``, ``bo``)
and an instructor (``teacher``, a hub admin). The course is served from a local bare git
repository cloned from a temporary copy of this repository's committed ``HEAD``, which
the instructor updates and pushes to like a course on GitHub.

Needs node/npm (for the proxy) and Debian's Chromium at ``/usr/bin/chromium``. Without
them the test is skipped with the reason, unless ``COURSEKIT_REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns the skip into a failure.

Everything the hub starts (the proxy, the users' servers, their kernels) carries a unique
marker in its environment; when the hub is stopped (in a ``finally``), any process still
carrying it is killed and the fixture fails if one survives.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHP_PREFIX = ROOT / ".cache" / "chp"
CHP = CHP_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
CHROMIUM = os.environ.get("COURSEKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
STUDENTS = ("ana", "bo")
INSTRUCTOR = "teacher"
MARKER = "COURSEKIT_HUB_TEST"
BIN = Path(sys.executable).parent


def _missing(reason: str) -> None:
    if os.environ.get("COURSEKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (COURSEKIT_REQUIRE_BROWSER=1: the hub test must run)")
    pytest.skip(f"{reason}; the hub test needs node/npm and Chromium "
                "(CI sets COURSEKIT_REQUIRE_BROWSER=1 and installs them)")


def _proxy_command() -> str:
    """configurable-http-proxy from npm, installed into .cache/chp when missing."""
    if CHP.exists():
        return str(CHP)
    if not (shutil.which("node") and shutil.which("npm")):
        _missing("node and npm are not installed (configurable-http-proxy needs them)")
    result = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CHP_PREFIX),
         "configurable-http-proxy"], capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not CHP.exists():
        _missing("could not install configurable-http-proxy with npm: "
                 + (result.stderr.strip().splitlines() or ["no output"])[-1])
    return str(CHP)


def _requirements() -> str:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"Chromium not found at {CHROMIUM}")
    for module in ("jupyterhub", "nbgitpuller", "playwright"):
        try:
            __import__(module)
        except ImportError:
            _missing(f"the Python package {module} is not installed (pip install -e '.[test]')")
    if not shutil.which("git"):
        _missing("git is not installed")
    return _proxy_command()


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def git(*args: str, cwd: Path) -> str:
    """Run git with a fixed identity; return its output."""
    cmd = ["git", "-c", "user.name=Course Instructor", "-c", "user.email=teacher@example.org",
           "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false", *args]
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


@dataclass
class Hub:
    """A running hub and the course repository it serves."""

    url: str
    base: Path
    homes: Path
    bare: Path
    work: Path
    log: Path

    students: tuple[str, ...] = STUDENTS
    instructor: str = INSTRUCTOR

    @staticmethod
    def git(*args: str, cwd: Path) -> str:
        return git(*args, cwd=cwd)

    def home(self, user: str) -> Path:
        return self.homes / user

    def pull_link(self, urlpath: str = "lab/tree/coursekit/lessons/00-orientation.ipynb") -> str:
        """The nbgitpuller link an instructor gives to students."""
        query = urllib.parse.urlencode({"repo": self.bare.as_uri(), "branch": "main",
                                        "targetpath": "coursekit", "urlpath": urlpath})
        return f"{self.url}/hub/user-redirect/git-pull?{query}"

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _course_repository(base: Path) -> tuple[Path, Path]:
    """The instructor's working copy (committed HEAD of this repository) and a bare clone."""
    work = base / "homes" / INSTRUCTOR / "course-src"
    work.parent.mkdir(parents=True)
    git("clone", "--quiet", "--no-local", "--depth", "1", ROOT.as_uri(), str(work), cwd=base)
    git("checkout", "--quiet", "-B", "main", cwd=work)
    bare = base / "course.git"
    git("clone", "--quiet", "--bare", str(work), str(bare), cwd=base)
    git("remote", "set-url", "origin", str(bare), cwd=work)
    return work, bare


def _config(base: Path, homes: Path, ports: list[int], chp: str, marker: str) -> Path:
    settings = base / "lab-settings"
    for folder, name, text in [
        ("apputils-extension", "notification", '{"fetchNews": "false", "checkForUpdates": false}'),
        ("notebook-extension", "tracker", '{"windowingMode": "none"}'),
    ]:
        path = settings / "@jupyterlab" / folder
        path.mkdir(parents=True, exist_ok=True)
        (path / f"{name}.jupyterlab-settings").write_text(text)
    args = ["--allow-root"] if os.geteuid() == 0 else []
    environment = {
        MARKER: marker,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    }
    config = base / "jupyterhub_config.py"
    config.write_text(f"""\
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports[0]}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports[1]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports[2]}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {str(base / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{base / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(base / "cookie_secret")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.check_running_servers = False
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(STUDENTS) | {INSTRUCTOR}!r}
c.Authenticator.admin_users = {{{INSTRUCTOR!r}}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes) + "/{username}"!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
""")
    return config


def _wait_for_hub(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterHub exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/hub/api/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"JupyterHub did not answer {url}/hub/api/ within {timeout:.0f} s")


def marked_processes(marker: str) -> list[int]:
    """Process ids whose environment carries ``MARKER=marker`` (only ours can)."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if needle in handle.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return found


def _stop(proc: subprocess.Popen, marker: str) -> list[int]:
    """Stop the hub (it stops the proxy and the servers), then anything still marked."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    left = marked_processes(marker)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while marked_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    return marked_processes(marker)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """Start JupyterHub with the course in a bare repository; always stop everything."""
    chp = _requirements()
    base = tmp_path_factory.mktemp("hub")
    homes = base / "homes"
    work, bare = _course_repository(base)
    marker = secrets.token_hex(8)
    ports = _free_ports(3)
    config = _config(base, homes, ports, chp, marker)
    env = dict(os.environ, **{MARKER: marker, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"})
    log = base / "jupyterhub.log"
    url = f"http://127.0.0.1:{ports[0]}"
    with log.open("wb") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                cwd=base, env=env, stdout=handle, stderr=subprocess.STDOUT)
        try:
            _wait_for_hub(url, proc, timeout=60)
            yield Hub(url=url, base=base, homes=homes, bare=bare, work=work, log=log)
        finally:
            survivors = _stop(proc, marker)
    if survivors:
        pytest.fail(f"processes left running after the hub stopped: {survivors}")


@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium driven by Playwright; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
