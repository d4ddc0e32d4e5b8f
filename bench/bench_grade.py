"""Benchmark ``coursekit grade`` against executing the same notebooks bare with nbclient.

Usage::

    .venv/bin/python bench/bench_grade.py            # N = 20, first solutions/*.ipynb
    .venv/bin/python bench/bench_grade.py --n 20 --notebook solutions/03-israels-security.ipynb

N copies of one solution notebook are, in one run, (1) executed one after another with
nbclient's default settings (``NotebookClient(nb).execute()``: a new kernel each, graceful
shutdown), then graded (2) without the sandbox and (3) in the sandbox (the default where
bubblewrap works), each with one job and with two. Grading takes seconds where the bare run
takes a minute, so the grading arms are repeated, interleaved, ``--rounds`` times (default 3)
and their medians compared: on a shared machine one round can be slowed down by other work.
It prints the times and the ratios against the budgets:

* sandboxed grader, 1 job  <= 0.5 x bare nbclient
* sandboxed grader, 2 jobs: its speed-up over 1 job >= 85 % of the machine's own speed-up
  of 2 processes over 1 on pure CPU work, measured in the same run (on a shared virtual
  machine that is often well under 2)

Without solutions/ notebooks it falls back to a synthetic submission of the test fixture
question set (tests/fixtures/submissions) with some pandas/networkx/matplotlib work.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "submissions"

SYNTHETIC_CELLS = [
    "import ckfixture\nimport coursekit\nfrom coursekit import check",
    "import networkx as nx\nimport pandas as pd\n"
    "G = nx.gnp_random_graph(250, 0.05, seed=1)\n"
    "central = pd.Series(nx.betweenness_centrality(G)).sort_values(ascending=False)\n"
    "central.head()",
    "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
    "central.plot.hist(ax=ax, bins=30)\nplt.show()",
    'check("99.1", len([(a, b) for a in range(10) for b in range(a + 1, 10)]))',
    'check("99.2", "b")',
    'check("99.3", "Convenience: the goals diverge.")',
]


def _source_notebook(path: str | None) -> tuple[nbformat.NotebookNode, str]:
    if path:
        return nbformat.read(path, as_version=4), path
    solutions = sorted((ROOT / "solutions").glob("*.ipynb"))
    if solutions:
        return nbformat.read(solutions[0], as_version=4), str(solutions[0].relative_to(ROOT))
    # fallback: the grader's fixture questions, made visible to kernels and to us
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(FIXTURES), os.environ.get("PYTHONPATH")])
    )
    sys.path.insert(0, str(FIXTURES))
    import ckfixture  # noqa: F401 - registers the 99.x questions in this process

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in SYNTHETIC_CELLS],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )
    return nb, "synthetic fixture notebook (no solutions/*.ipynb yet)"


def _cpu() -> float:
    """CPU seconds of this process and of every (grand)child process reaped so far."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _bare(paths: list[Path]) -> float:
    t0 = time.perf_counter()
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        NotebookClient(nb, resources={"metadata": {"path": str(p.parent)}}).execute()
    return time.perf_counter() - t0


def _graded(paths: list[Path], out: Path, jobs: int, sandbox: str,
            python_path: list[str]) -> float:
    from coursekit.grade import grade

    t0 = time.perf_counter()
    book = grade(paths, out, jobs=jobs, progress=False, sandbox=sandbox,
                 python_path=python_path)
    seconds = time.perf_counter() - t0
    bad = book[book["status"] != "graded"]
    if not bad.empty:
        raise SystemExit(f"grading failed: {bad['error'].iloc[0]}")
    if not (book["total"] == book["max_total"]).all():
        raise SystemExit("a copy of the solution did not get full marks")
    return seconds


def _spin(_: int = 0) -> float:
    """About a second of pure-Python CPU work; returns its wall time."""
    t0 = time.perf_counter()
    x = 0
    for i in range(8_000_000):
        x += i * i
    return time.perf_counter() - t0


def _machine_speedup(jobs: int, repeat: int = 3) -> float:
    """The speed-up of ``jobs`` processes over one on pure CPU work: the most any
    ``jobs``-way parallel program can reach on this machine right now (median)."""
    ratios = []
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        pool.map(_spin, range(jobs))  # start the workers before timing
        for _ in range(repeat):
            t0 = time.perf_counter()
            for i in range(jobs):
                _spin(i)
            serial = time.perf_counter() - t0
            t0 = time.perf_counter()
            pool.map(_spin, range(jobs))
            ratios.append(serial / (time.perf_counter() - t0))
    return statistics.median(ratios)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="copies of the notebook (20)")
    parser.add_argument("--notebook", help="solution notebook (default: first in solutions/)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel jobs to compare (2)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of each grading arm (3)")
    args = parser.parse_args(argv)

    from coursekit.grade.sandbox import probe

    why_not = probe()
    modes = ["off"] + ([] if why_not else ["require"])
    nb, label = _source_notebook(args.notebook)
    python_path = [str(FIXTURES)] if "synthetic" in label else []
    tmp = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    arms = [(mode, jobs) for mode in modes for jobs in (1, args.jobs)]
    times: dict[tuple[str, int], list[float]] = {arm: [] for arm in arms}
    cpu: dict[tuple[str, int], list[float]] = {arm: [] for arm in arms}
    try:
        paths = []
        for i in range(args.n):
            p = tmp / "subs" / f"student_{i + 1:02d}.ipynb"
            p.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, p)
            paths.append(p)
        print(f"notebook: {label}; N = {args.n}; cores = {os.cpu_count()}; "
              f"rounds = {args.rounds}; sandbox: {why_not or 'bubblewrap'}")
        load0 = os.getloadavg()
        _bare(paths[:1])  # warm the disk cache and the bytecode caches for everyone
        # import the grader up front, so neither mode's CPU seconds include importing it
        import coursekit.grade  # noqa: F401
        c0 = _cpu()
        bare = _bare(paths)
        bare_cpu = _cpu() - c0
        machine = _machine_speedup(args.jobs)
        for r in range(args.rounds):
            line = []
            for mode, jobs in arms:
                c0 = _cpu()
                out = tmp / f"out{r}-{mode}-{jobs}" / "gradebook.csv"
                times[(mode, jobs)].append(_graded(paths, out, jobs, mode, python_path))
                cpu[(mode, jobs)].append(_cpu() - c0)
                line.append(f"{mode} {jobs} job{'s' if jobs > 1 else ''} "
                            f"{times[(mode, jobs)][-1]:6.2f} s")
            print(f"  round {r + 1}: " + ", ".join(line))
        load1 = os.getloadavg()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    med = {arm: statistics.median(t) for arm, t in times.items()}
    print(f"bare nbclient, one after another  : {bare:7.2f} s  ({bare / args.n:.2f} s/notebook)")
    for (mode, jobs), t in med.items():
        name = "sandboxed  " if mode == "require" else "unsandboxed"
        print(f"grader {name}, {jobs} job{'s' if jobs > 1 else ' '}     : {t:7.2f} s  "
              f"({t / args.n:.2f} s/notebook, {t / bare:.2f}x bare)  median")
    print(f"this machine, pure CPU work       : {machine:5.2f}x  ({args.jobs} processes "
          "against 1)")
    main_mode = "require" if "require" in modes else "off"
    if main_mode == "off":
        print(f"note: no sandbox here ({why_not}); the budgets below use the unsandboxed grader")
    one, many = med[(main_mode, 1)], med[(main_mode, args.jobs)]
    r1 = one / bare
    speedup = one / many
    share = speedup / machine
    ok1 = "ok" if r1 <= 0.5 else "OVER BUDGET"
    ok2 = "ok" if share >= 0.85 else "UNDER BUDGET"
    print(f"BUDGET sandboxed 1 job / bare     : {r1:5.2f}x  (budget <= 0.5x: {ok1})")
    print(f"BUDGET {args.jobs} jobs' speed-up            : {speedup:5.2f}x = {share:.0%} of the "
          f"machine's {machine:.2f}x  (budget >= 85 %: {ok2})")
    # Sandboxed kernels are killed with their sandbox, not reaped as this process's
    # children, so their CPU time is not counted: only the unsandboxed arms are shown.
    print(f"CPU seconds (all processes)       : bare {bare_cpu:.1f}; " + "; ".join(
        f"unsandboxed {jobs} job(s) {statistics.median(c):.1f}"
        for (mode, jobs), c in cpu.items() if mode == "off") + " (medians)")
    print("load average (1/5/15 min) before : " + " / ".join(f"{x:.2f}" for x in load0))
    print("load average (1/5/15 min) after  : " + " / ".join(f"{x:.2f}" for x in load1))
    if load0[0] > 1.0:  # the load after the run is mostly this benchmark's own
        print("note: the machine was busy with other work; wall-clock ratios, and the "
              "parallel speed-up above all, are only meaningful on an otherwise idle machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
