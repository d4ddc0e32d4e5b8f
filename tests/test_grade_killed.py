"""A grading run killed outright (``kill -9``, the OOM killer) leaves nothing running, and
the next run removes the temporary folder it left behind.

SIGTERM and Ctrl-C are covered by the hostile-class test (the run cleans up and can be
resumed); SIGKILL gives the grader no chance to clean up, so its folder in the temporary
directory (mode 0700, readable by nobody else) stays until the next run sweeps it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from coursekit.grade.kernels import OWNER_FILE, ROOT_PREFIX
from procs import processes_with

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]




def _grade(subs: Path, out: Path, runtime: Path, sandbox: str) -> subprocess.Popen:
    coursekit = Path(sys.executable).with_name("coursekit")
    argv = [str(coursekit), "grade", str(subs), "--out", str(out), "--jobs", "1",
            "--sandbox", sandbox]
    return subprocess.Popen(argv, env={**os.environ, "TMPDIR": str(runtime)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("sandbox", ["off", "auto"])
def test_kill_9_leaves_no_process_and_the_next_run_sweeps_its_folder(tmp_path, sandbox):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("ada", "ben", "cy"):
        shutil.copy(ROOT / "exercises" / "01-historical-wariness.ipynb", subs / f"{name}.ipynb")
    runtime = Path(tempfile.mkdtemp(prefix="ckrt-", dir="/tmp"))
    try:
        proc = _grade(subs, tmp_path / "first" / "gradebook.csv", runtime, sandbox)
        deadline = time.monotonic() + 120
        started: list[Path] = []
        while time.monotonic() < deadline and proc.poll() is None and not started:
            started = list(runtime.glob(f"{ROOT_PREFIX}*/k-*"))
            time.sleep(0.1)
        assert started, "the grader started no kernel"
        left = started[0].parent
        assert (left / OWNER_FILE).read_text().split()[0] == str(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        time.sleep(3)  # a kernel's parent poller notices within a second
        assert processes_with(str(runtime)) == []
        assert left.is_dir()  # SIGKILL gave the grader no chance to clean up

        again = _grade(subs, tmp_path / "second" / "gradebook.csv", runtime, sandbox)
        _, err = again.communicate(timeout=300)
        assert again.returncode == 0, err
        assert not left.exists()
        assert list(runtime.glob(f"{ROOT_PREFIX}*")) == []  # and its own is gone as well
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_folder_of_a_live_run_or_without_an_owner_is_left_alone(tmp_path):
    from coursekit.grade.kernels import _mark_owner, sweep_stale_roots

    live = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=tmp_path))
    _mark_owner(str(live))
    unmarked = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=tmp_path))
    reused = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX, dir=tmp_path))
    # this process's id, but a different start time: the pid was reused since
    (reused / OWNER_FILE).write_text(f"{os.getpid()} 1")
    other = tmp_path / "not-ours"
    other.mkdir()
    (other / OWNER_FILE).write_text("999999999 1")
    assert sweep_stale_roots(str(tmp_path)) == [str(reused)]
    assert live.is_dir() and unmarked.is_dir() and other.is_dir()
