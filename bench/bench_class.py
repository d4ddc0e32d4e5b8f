"""Benchmark a class's round trip against grading alone, in the same run.

Usage::

    .venv/bin/python bench/bench_class.py            # 80 students, exercise set 01
    .venv/bin/python bench/bench_class.py --n 20 --jobs 2

It lays out N generated students' exercise 01 notebooks the way a hub does
(``homes/<user>/coursekit/exercises/01-historical-wariness.ipynb``; each answer right,
wrong or left as ``...`` with a chance that depends on the student), then times

1. ``coursekit grade`` alone on those notebooks (the baseline), and
2. the whole round trip: ``collect`` into ``submissions/``, ``grade`` the copies,
   ``return`` the feedback pages into the homes, and ``report`` (HTML and notebook),

and prints both times, each step's, and the ratio against the budget:
round trip <= 1.3 x grading alone. With ``--rounds R`` both are measured R times, in
alternating order, and medians are compared. Both include a full grading run, so on a
shared machine their difference is mostly the grader's own run-to-run spread; the time of
the steps around grading (collect, return, report) is printed as a ratio too. The
machine's load average before and after is printed: other work slows a run down.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NAME = "01-historical-wariness.ipynb"
BUDGET = 1.3

#: A plausible wrong answer for each question of set 01.
WRONG = {
    1: "answer_1 = 12",
    2: 'answer_2 = pd.Series({"Cold War": 3, "Syrian war": 9})',
    3: 'answer_3 = ["E001"]',
    4: "answer_4 = [1990, 2016]",
    5: 'answer_5 = "a"',
    6: 'answer_6 = "c"',
    7: "answer_7 = 1990",
    8: 'answer_8 = "Yes."',
}


def _solutions() -> dict[int, str]:
    """The code of each answer's solution region, keyed by the answer's number."""
    found = {}
    for cell in nbformat.read(ROOT / "solutions" / NAME, as_version=4).cells:
        match = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S)
        number = re.search(r"answer_(\d+) =", cell.source)
        if match and number:
            found[int(number.group(1))] = match.group(1)
    return found


def make_class(homes: Path, n: int, seed: int = 1) -> list[Path]:
    """Write n students' notebooks under ``homes``; return their paths."""
    rng = random.Random(seed)
    exercise = nbformat.read(ROOT / "exercises" / NAME, as_version=4)
    right = _solutions()
    paths = []
    for i in range(n):
        ability = rng.random()
        nb = nbformat.from_dict(exercise)
        for cell in nb.cells:
            number = re.search(r"answer_(\d+) = \.\.\.", cell.source)
            if cell.cell_type != "code" or not number:
                continue
            q = int(number.group(1))
            draw = rng.random()
            if draw < 0.1:
                continue  # not answered
            good = draw < 0.1 + 0.9 * ability
            cell.source = "# my answer\n" + (right[q] if good and q in right else WRONG[q])
        path = homes / f"student{i:03d}" / "coursekit" / "exercises" / NAME
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=80, help="students (default 80)")
    parser.add_argument("--jobs", type=int, default=None, help="grading jobs (default: cores)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure both this many times, alternately; compare medians")
    args = parser.parse_args(argv)

    from coursekit.classroom.collect import collect
    from coursekit.classroom.handback import return_feedback
    from coursekit.classroom.report import write_report
    from coursekit.grade import grade

    with tempfile.TemporaryDirectory(prefix="bench_class_") as tmp:
        base = Path(tmp)
        homes = base / "homes"
        originals = make_class(homes, args.n)
        load0 = os.getloadavg()
        print(f"{args.n} students, jobs={args.jobs or os.cpu_count()}, rounds={args.rounds}, "
              f"load average before: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}")

        def grade_alone(r: int) -> float:
            t0 = time.perf_counter()
            grade(originals, base / f"alone{r}" / "gradebook.csv", jobs=args.jobs,
                  progress=False)
            return time.perf_counter() - t0

        def round_trip(r: int) -> dict[str, float]:
            steps, subs, grades = {}, base / f"subs{r}", base / f"grades{r}"
            t0 = time.perf_counter()
            manifest = collect(f"{homes}/{{user}}/coursekit/exercises/01-*.ipynb", subs)
            steps["collect"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            book = grade([subs], grades / "gradebook.csv", jobs=args.jobs, progress=False)
            steps["grade"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            done = return_feedback(grades / "gradebook.csv", subs / "manifest.csv",
                                   to=f"{base}/homes/{{user}}/feedback-{r}")
            steps["return"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            write_report(grades / "gradebook.csv", grades / "report.html",
                         notebook=grades / "report.ipynb")
            steps["report"] = time.perf_counter() - t1
            steps["total"] = time.perf_counter() - t0
            for what, n in [("collected", (manifest["status"] == "collected").sum()),
                            ("graded", (book["status"] == "graded").sum()),
                            ("returned", (done["status"] == "written").sum())]:
                if n != args.n:
                    problems.append(f"round {r}: {what} {int(n)} of {args.n}")
            return steps

        problems: list[str] = []
        alone, trips = [], []
        for r in range(args.rounds):
            if r % 2:
                trips.append(round_trip(r))
                alone.append(grade_alone(r))
            else:
                alone.append(grade_alone(r))
                trips.append(round_trip(r))
        load1 = os.getloadavg()

    base_time = statistics.median(alone)
    steps = {k: statistics.median(t[k] for t in trips) for k in trips[0]}
    around = steps["collect"] + steps["return"] + steps["report"]
    ratio = steps["total"] / base_time
    print("grade alone:  " + ", ".join(f"{t:.1f} s" for t in alone)
          + f"  (median {base_time:.1f} s)")
    print("round trip:   " + ", ".join(f"{t['total']:.1f} s" for t in trips)
          + f"  (median {steps['total']:.1f} s: "
          + ", ".join(f"{k} {steps[k]:.2f} s" for k in ("collect", "grade", "return", "report"))
          + ")")
    print(f"ratio round trip / grade alone: {ratio:.2f}  (budget <= {BUDGET}) "
          f"{'OK' if ratio <= BUDGET else 'OVER BUDGET'}")
    print(f"steps around grading (collect + return + report): {around:.2f} s = "
          f"{around / base_time:.1%} of grading alone")
    print(f"load average after: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 0 if ratio <= BUDGET and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
