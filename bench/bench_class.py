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
round trip <= 1.3 x grading alone. The machine's load average before and after is
printed too: on a shared machine one run can be slowed down by other work.
"""

from __future__ import annotations

import argparse
import os
import random
import re
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
        print(f"{args.n} students, jobs={args.jobs or os.cpu_count()}, "
              f"load average before: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}")

        t0 = time.perf_counter()
        grade(originals, base / "alone" / "gradebook.csv", jobs=args.jobs, progress=False)
        alone = time.perf_counter() - t0

        steps = {}
        t0 = time.perf_counter()
        manifest = collect(f"{homes}/{{user}}/coursekit/exercises/01-*.ipynb", base / "subs")
        steps["collect"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        book = grade([base / "subs"], base / "grades" / "gradebook.csv", jobs=args.jobs,
                     progress=False)
        steps["grade"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        done = return_feedback(base / "grades" / "gradebook.csv", base / "subs" / "manifest.csv")
        steps["return"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        write_report(base / "grades" / "gradebook.csv", base / "report.html",
                     notebook=base / "report.ipynb")
        steps["report"] = time.perf_counter() - t1
        round_trip = time.perf_counter() - t0
        load1 = os.getloadavg()

        problems = [
            f"{what}: {int(n)} of {args.n}" for what, n in [
                ("collected", (manifest["status"] == "collected").sum()),
                ("graded", (book["status"] == "graded").sum()),
                ("returned", (done["status"] == "written").sum()),
            ] if n != args.n
        ]

    ratio = round_trip / alone
    print(f"grade alone:  {alone:7.1f} s")
    print(f"round trip:   {round_trip:7.1f} s  ("
          + ", ".join(f"{k} {v:.2f} s" for k, v in steps.items()) + ")")
    print(f"ratio round trip / grade alone: {ratio:.2f}  (budget <= {BUDGET}) "
          f"{'OK' if ratio <= BUDGET else 'OVER BUDGET'}")
    print(f"load average after: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 0 if ratio <= BUDGET and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
