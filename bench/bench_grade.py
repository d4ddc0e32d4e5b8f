"""Benchmark ``coursekit grade`` against executing the same notebooks bare with nbclient.

Usage::

    .venv/bin/python bench/bench_grade.py            # N = 20, first solutions/*.ipynb
    .venv/bin/python bench/bench_grade.py --n 20 --notebook solutions/03-israels-security.ipynb

N copies of one solution notebook are (1) executed one after another with nbclient's
default settings (``NotebookClient(nb).execute()``: a new kernel each, graceful shutdown),
then graded (2) with one job and (3) with two jobs, all in one run. Grading takes seconds
where the bare run takes a minute, so (2) and (3) are repeated, alternately, ``--rounds``
times (default 3) and their medians are compared: on a shared machine one round can be
slowed down by other work. It prints the times and the ratios against the budgets:

* grader, 1 job  <= 1.0 x bare   (it does more work, so it must waste less)
* grader, 2 jobs >= 1.7 x faster than 1 job

and, to read the second one against, two figures about the machine measured in the same
run: the speed-up of 2 processes over 1 on pure CPU work (what any program can reach here;
on a shared virtual machine often well under 2), and a ceiling from the grader's own CPU
use (the kernel factory's start runs alone; after it, at best every core is busy).

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


def _graded(paths: list[Path], out: Path, jobs: int) -> float:
    from coursekit.grade import grade

    t0 = time.perf_counter()
    book = grade(paths, out, jobs=jobs, progress=False)
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


def _factory_start() -> float:
    """Seconds the grader's kernel factory (the zygote) takes to import what kernels need."""
    from coursekit.grade.kernels import _Zygote

    t0 = time.perf_counter()
    zygote = _Zygote()
    try:
        zygote.wait_ready()
        return time.perf_counter() - t0
    finally:
        zygote.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="copies of the notebook (20)")
    parser.add_argument("--notebook", help="solution notebook (default: first in solutions/)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel jobs to compare (2)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of grading with 1 job and with --jobs (3)")
    args = parser.parse_args(argv)

    nb, label = _source_notebook(args.notebook)
    tmp = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    times: dict[int, list[float]] = {1: [], args.jobs: []}
    cpu: dict[int, list[float]] = {1: [], args.jobs: []}
    try:
        paths = []
        for i in range(args.n):
            p = tmp / "subs" / f"student_{i + 1:02d}.ipynb"
            p.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, p)
            paths.append(p)
        print(f"notebook: {label}; N = {args.n}; cores = {os.cpu_count()}; "
              f"rounds = {args.rounds}")
        load0 = os.getloadavg()[0]
        _bare(paths[:1])  # warm the disk cache and the bytecode caches for everyone
        # import the grader up front, so neither mode's CPU seconds include importing it
        import coursekit.grade  # noqa: F401
        c0 = _cpu()
        bare = _bare(paths)
        bare_cpu = _cpu() - c0
        factory_start = _factory_start()
        machine = _machine_speedup(args.jobs)
        for r in range(args.rounds):
            for jobs in times:
                c0 = _cpu()
                times[jobs].append(_graded(paths, tmp / f"out{r}-{jobs}" / "gradebook.csv", jobs))
                cpu[jobs].append(_cpu() - c0)
            print(f"  round {r + 1}: 1 job {times[1][-1]:6.2f} s, {args.jobs} jobs "
                  f"{times[args.jobs][-1]:6.2f} s, speed-up "
                  f"{times[1][-1] / times[args.jobs][-1]:.2f}x")
        load1 = os.getloadavg()[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    one, many = statistics.median(times[1]), statistics.median(times[args.jobs])
    r1 = one / bare
    speedup = one / many
    print(f"bare nbclient, one after another : {bare:7.2f} s  ({bare / args.n:.2f} s/notebook)")
    print(f"coursekit grade --jobs 1         : {one:7.2f} s  ({one / args.n:.2f} s/notebook)"
          "  median")
    print(f"coursekit grade --jobs {args.jobs:<2}        : {many:7.2f} s  "
          f"({many / args.n:.2f} s/notebook)  median")
    ok1 = "ok" if r1 <= 1.0 else "OVER BUDGET"
    ok2 = "ok" if speedup >= 1.7 else "UNDER BUDGET"
    print(f"grader 1 job / bare             : {r1:5.2f}x  (budget <= 1.0x: {ok1})")
    print(f"speed-up {args.jobs} jobs vs 1 job         : {speedup:5.2f}x  "
          f"(budget >= 1.7x: {ok2})")
    print(f"grader {args.jobs} jobs / bare            : {many / bare:5.2f}x")
    # What the CPU use allows: the kernel factory's start is one process's work, during
    # which the other cores have little to do; after it, at best every core is busy.
    cores = min(args.jobs, os.cpu_count() or 1)
    cpu_many = statistics.median(cpu[args.jobs])
    best = factory_start + max(cpu_many - factory_start, 0) / cores
    print(f"ceiling for the speed-up         : {one / best:5.2f}x  (1 job's time / "
          f"({factory_start:.2f} s kernel factory start + the rest of {args.jobs} jobs' "
          f"CPU seconds spread over {cores} cores))")
    print(f"this machine, pure CPU work      : {machine:5.2f}x  ({args.jobs} processes against 1; "
          f"the grader reaches {speedup / machine:.0%} of it)")
    print(f"CPU seconds (all processes)      : bare {bare_cpu:.1f}, grader 1 job "
          f"{statistics.median(cpu[1]):.1f}, {args.jobs} jobs "
          f"{statistics.median(cpu[args.jobs]):.1f} (medians)")
    print(f"load average (1 min) before/after: {load0:.2f} / {load1:.2f}")
    if load0 > 1.0:  # the load after the run is mostly this benchmark's own
        print("note: the machine was busy with other work; wall-clock ratios, and the "
              "parallel speed-up above all, are only meaningful on an otherwise idle machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
