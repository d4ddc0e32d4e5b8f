"""A hostile class, graded in one run beside honest students (``pytest -m slow``).

tests/fixtures/hostile/hostile_build.py writes 34 kinds of hostile submission (and two
symbolic links): reading /proc for
the grader's command line and environment, other students' files, ``solutions/`` and the
tests through ``coursekit.__file__``; planting IPython startup files, modules in the package,
``.pth`` files and ``sitecustomize`` in the environment; a background process that rewrites
the gradebook later; changing and deleting other submissions; killing the sandbox's parent,
everything (``kill(-1, SIGKILL)``) and the grader; a fork bomb and a memory hog (and, found
by the red team, memory hogs in several processes, files filling its folder or ``/tmp``, a cell
nested too deeply, links to a classmate's notebook or /etc/shadow); the internet
and the grader's loopback; a flood of output; ``input()``; patching ``check`` in the kernel.

The run happens only in the sandbox (without it these notebooks would really do all that):
the test is skipped, with the reason, where bubblewrap does not work, and fails then when
``COURSEKIT_REQUIRE_SANDBOX=1`` (CI). It asserts that no hostile submission earns more than
its submitted values earn, that every honest grade equals its grade when graded alone, that
nothing outside the output folder changed (the submissions, the repository, the Python
environment, the instructor's home, the host's /tmp), that no process of the run outlives
it, and that a run stopped by SIGTERM halfway resumes to the same gradebook.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from coursekit.grade import Limits, grade
from coursekit.grade.sandbox import probe
from procs import processes_with

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "submissions"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
LIMITS = Limits(memory_mb=1536, processes=64, file_mb=16, output_mb=4)
TIMEOUT, NOTEBOOK_TIMEOUT = 20.0, 40.0
SECRET = "ckevil-secret-" + hashlib.sha256(str(os.getpid()).encode()).hexdigest()[:12]


def _need_sandbox() -> None:
    reason = probe()
    if reason and os.environ.get("COURSEKIT_REQUIRE_SANDBOX") == "1":
        pytest.fail(f"{reason} (COURSEKIT_REQUIRE_SANDBOX=1: the sandbox must work)")
    if reason:
        pytest.skip(f"{reason}: the hostile class runs only in the sandbox "
                    "(CI sets COURSEKIT_REQUIRE_SANDBOX=1)")


def _hashes(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_symlink() or p.is_dir():
            out[str(p.relative_to(folder))] = "link" if p.is_symlink() else "dir"
    return out


def _tracked() -> dict[str, str]:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    out = {}
    for f in filter(None, files):
        p = ROOT / f
        if p.is_file():
            out[f] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _site_packages() -> Path:
    import sysconfig

    return Path(sysconfig.get_paths()["purelib"])




class _Listener:
    """A TCP port on the grader's loopback that records whoever connects."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The class, the instructor's (fake) home, and snapshots of everything outside the
    output folder; the class is graded in one run."""
    _need_sandbox()
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(FIXTURES))
    mp.syspath_prepend(str(HOSTILE))
    sys.modules.pop("ckfixture", None)  # (re)register its questions, whoever ran before
    ckfixture = importlib.import_module("ckfixture")
    build = importlib.import_module("hostile_build")
    tmp = tmp_path_factory.mktemp("hostile")
    home = tmp / "home"
    (home / ".ipython" / "profile_default" / "startup").mkdir(parents=True)
    (home / ".bashrc").write_text("export SECRET=1\n")
    (home / "notes.txt").write_text("the instructor's notes\n")
    mp.setenv("HOME", str(home))
    mp.setenv("CKHOSTILE_SECRET", SECRET)
    # where the grader keeps its kernels' folders (short: socket paths have a limit)
    runtime = Path(tempfile.mkdtemp(prefix="ckrt-"))
    mp.setattr(tempfile, "tempdir", str(runtime))
    listener = _Listener()
    # the fixture questions' module alone (its folder also holds other notebooks)
    modules = tmp / "modules"
    modules.mkdir()
    shutil.copy(FIXTURES / "ckfixture.py", modules)
    subs, out = tmp / "subs", tmp / "out"
    ctx = {"submissions": str(subs), "honest": str(subs / "honest_full.ipynb"),
           "honest_zero": str(subs / "honest_zero.ipynb"), "out": str(out),
           "home": str(home), "repo": str(ROOT), "grader_pid": os.getpid(),
           "grader_pgid": os.getpgid(0), "port": listener.port, "secret": SECRET}
    expected = build.build(subs, ctx)
    before = {"subs": _hashes(subs), "home": _hashes(home), "tracked": _tracked(),
              "site": sorted(os.listdir(_site_packages())),
              "package": sorted(p.name for p in Path(ckfixture.__file__).parents[3]
                                .joinpath("src", "coursekit").rglob("*"))}
    book = grade([subs], out / "gradebook.csv", jobs=2, timeout=TIMEOUT,
                 notebook_timeout=NOTEBOOK_TIMEOUT, progress=False, sandbox="require",
                 limits=LIMITS, python_path=[modules])
    right_after = _hashes(out)
    left_running = processes_with(str(runtime))
    time.sleep(6)  # the background rewriter would strike after 4 s
    listener.close()
    after = {"subs": _hashes(subs), "home": _hashes(home), "tracked": _tracked(),
             "site": sorted(os.listdir(_site_packages())),
             "package": sorted(p.name for p in Path(ckfixture.__file__).parents[3]
                               .joinpath("src", "coursekit").rglob("*"))}
    yield {"book": book.set_index("student"), "expected": expected, "before": before,
           "after": after, "out": out, "right_after": right_after,
           "out_later": _hashes(out), "left_running": left_running,
           "listener": listener, "subs": subs, "runtime": runtime, "tmp": tmp,
           "kinds": len(build._attacks(ctx)), "build": build, "modules": modules}
    from coursekit.checks.core import unregister

    for q in ckfixture.QUESTIONS:
        unregister(q.id)
    sys.modules.pop("ckfixture", None)
    mp.undo()
    shutil.rmtree(runtime, ignore_errors=True)


def test_the_class_is_big_enough(world):
    assert world["kinds"] >= 25
    assert world["kinds"] == world["build"].KINDS
    assert len(world["book"]) == (world["kinds"] + len(world["build"].HONEST)
                                  + len(world["build"].LINKS))


def test_no_hostile_submission_earns_more_than_its_values(world):
    book, expected = world["book"], world["expected"]
    over = {s: (book.loc[s, "total"], cap) for s, cap in expected.items()
            if s.startswith("honest") is False and (book.loc[s, "total"] or 0) > cap}
    assert not over, over
    # the attacks that break things end as error rows, the others are graded
    assert book.loc["huge_output", "status"] == "error"
    assert "output passed the limit" in book.loc["huge_output", "error"]
    assert book.loc["fork_bomb", "total"] == 1 and book.loc["memory_hog", "total"] == 1
    # (found by the red team: each of these stopped or endangered the whole run)
    assert "to disk" in book.loc["disk_fill_folder", "error"]
    assert book.loc["disk_fill_tmp", "status"] == "graded"  # /tmp full: an OSError
    assert "all its processes together" in book.loc["memory_hogs", "error"]
    assert book.loc["nested_too_deeply", "review"].endswith("nested too deeply to be read")
    for name in world["build"].LINKS:
        assert book.loc[name, "error"].startswith("not graded: the file is a symbolic link")


def test_every_honest_grade_equals_its_grade_alone(world, tmp_path):
    book = world["book"]
    for name, (_, total) in world["build"].HONEST.items():
        alone = grade([world["subs"] / f"{name}.ipynb"], tmp_path / name / "book.csv",
                      progress=False, sandbox="require", limits=LIMITS,
                      python_path=[world["modules"]], timeout=TIMEOUT).set_index("student")
        assert alone.index.tolist() == [name], alone[["file", "status", "error"]]
        cols = ["status", "error", "99.1", "99.2", "99.3", "total", "max_total"]
        in_class = {c: str(book.loc[name, c]) for c in cols}
        assert in_class == {c: str(alone.loc[name, c]) for c in cols}
        assert alone.loc[name, "total"] == total


def test_nothing_outside_the_output_folder_changed(world):
    before, after = world["before"], world["after"]
    assert after["subs"] == before["subs"]
    assert after["home"] == before["home"]
    # (other work may install packages meanwhile: only the hostile class's traces count)
    added = set(after["site"]) - set(before["site"])
    assert not [n for n in added if "ckevil" in n or n.startswith(("sitecustomize",
                                                                    "usercustomize"))]
    assert set(before["site"]) <= set(after["site"])
    planted = [n for n in after["package"] if "ckevil" in n]
    assert not planted
    # Other work may change the repository meanwhile: nothing changed may carry the
    # hostile marker, and nothing tracked may have gone missing because of it.
    changed = [f for f, h in after["tracked"].items() if before["tracked"].get(f) != h]
    marked = [f for f in changed if b"ckevil" in (ROOT / f).read_bytes()]
    assert not marked
    assert not any("ckevil" in f for f in after["tracked"])
    assert not Path("/tmp/ckevil-planted").exists()
    assert world["listener"].connections == 0


def test_no_process_outlives_the_run(world):
    assert world["left_running"] == []
    assert processes_with("ckevil") == []
    assert processes_with(str(world["runtime"])) == []
    # and nothing rewrote the outputs after the run
    assert world["out_later"] == world["right_after"]


def test_feedback_holds_only_this_runs_pages(world):
    pages = sorted(p.stem for p in (world["out"] / "feedback").iterdir())
    assert pages == sorted(world["book"].index)
    text = (world["out"] / "feedback" / "honest_zero.md").read_text(encoding="utf-8")
    assert "ckevil" not in text


def test_sigterm_halfway_then_resume_gives_the_same_gradebook(world, tmp_path):
    out = tmp_path / "out" / "gradebook.csv"
    runtime = Path(tempfile.mkdtemp(prefix="ckrt-", dir="/tmp"))
    code = (f"import sys; sys.path.insert(0, {str(FIXTURES)!r}); import ckfixture\n"
            "from coursekit.cli import main; sys.exit(main(sys.argv[1:]))")
    argv = [sys.executable, "-c", code, "grade", str(world["subs"]), "--out", str(out),
            "--jobs", "2", "--timeout", str(TIMEOUT), "--notebook-timeout",
            str(NOTEBOOK_TIMEOUT), "--sandbox", "require", "--memory", str(LIMITS.memory_mb),
            "--processes", str(LIMITS.processes), "--max-file", str(LIMITS.file_mb),
            "--max-output", str(LIMITS.output_mb), "--python-path", str(world["modules"])]
    env = {**os.environ, "TMPDIR": str(runtime)}
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    journal = out.with_name("gradebook.journal.jsonl")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and len(journal.read_text().splitlines()) >= 8:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "--resume" in err
    assert not out.exists()  # no half-written gradebook
    kept = len(journal.read_text().splitlines())
    assert kept >= 8
    time.sleep(1)
    assert processes_with(str(runtime)) == []
    done = subprocess.run([*argv, "--resume"], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{kept} from the journal" in done.stdout or "from the journal" in done.stdout
    resumed = pd.read_csv(out)
    clean = pd.read_csv(world["out"] / "gradebook.csv")
    assert resumed["error"].fillna("").tolist() == clean["error"].fillna("").tolist()
    pd.testing.assert_frame_equal(resumed, clean)
