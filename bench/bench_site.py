"""Time the course website: its build, and its browser and accessibility test.

Usage::

    .venv/bin/python bench/bench_site.py
    .venv/bin/python bench/bench_site.py --root /tmp/course   # the same files, from elsewhere

1. builds the site as ``make site`` does (``jupyter-book build`` with warnings as errors),
   into a temporary copy of the repository's tracked files, so ``_build/`` is untouched;
2. runs the site's browser tests (every widget snapshot offline, axe-core over every page:
   ``tests/browser/test_site_browser.py -k site_``) on that build.

Budgets: each at most 60 s on an otherwise idle machine. On a shared machine other work
slows a run down, so it prints, for each step, the wall time, the CPU time of the step's
processes (Chromium included) and the load average before and after, and the ratio of each
to the budget: the CPU ratio is what the step would take alone on one core.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 60.0
BIN = Path(sys.executable).parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(what: str, cmd: list[str], **kwargs) -> None:
    load = os.getloadavg()[0]
    cpu, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
        raise SystemExit(f"{what} failed")
    print(f"{what}: wall {wall:.1f} s ({wall / BUDGET:.2f} x budget), "
          f"CPU {cpu:.1f} s ({cpu / BUDGET:.2f} x budget); "
          f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="take the repository's tracked files from this folder instead "
                        "(e.g. a copy whose notebooks were re-executed)")
    root = parser.parse_args().root
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "course"
        tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                                 check=True).stdout.decode().split("\0")
        for name in filter(None, tracked):
            if (root / name).is_file():
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / name, copy / name)
        _timed("make site (jupyter-book build)",
               [str(BIN / "jupyter-book"), "build", str(copy), "--config",
                str(copy / "site/_config.yml"), "--toc", str(copy / "site/_toc.yml"),
                "--warningiserror", "--keep-going"])
        env = dict(os.environ, COURSEKIT_SITE_HTML=str(copy / "_build" / "html"))
        _timed("site browser + accessibility test",
               [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                str(ROOT / "tests/browser/test_site_browser.py"), "-k", "site_"],
               env=env, cwd=ROOT)


if __name__ == "__main__":
    main()
