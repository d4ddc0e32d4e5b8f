"""How long does each lesson take to run, compared with a minimal notebook?

Budget (issue: Israel's security and Russian grand strategy): each lesson runs top to bottom in
under 2x the time of a notebook that only imports coursekit and draws one figure. Both are
executed with nbclient in fresh kernels, alternating, in the same run, so machine noise hits
both alike; the figure printed is the ratio of medians.

Run: ``.venv/bin/python bench/bench_lessons.py [--repeat 3] [lessons/03-*.ipynb ...]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

BASELINE_CELLS = [
    "import coursekit",
    "import matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots()\n"
    "ax.plot([2011, 2018, 2025], [0, 1, 0])\n"
    "ax.set_title('baseline'); ax.set_xlabel('year'); ax.set_ylabel('value')\n"
    "plt.show()",
]


def baseline_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in BASELINE_CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def run(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("lessons", nargs="*", type=Path)
    args = parser.parse_args()
    lessons = args.lessons or sorted((ROOT / "lessons").glob("*.ipynb"))
    base_times: list[float] = []
    lesson_times: dict[Path, list[float]] = {path: [] for path in lessons}
    for _ in range(args.repeat):
        for path in lessons:
            base_times.append(run(baseline_notebook(), path.parent))
            nb = nbformat.read(path, as_version=4)
            lesson_times[path].append(run(nb, path.parent))
    base = statistics.median(base_times)
    print(
        f"baseline (import coursekit + one figure): median {base:.2f} s over {len(base_times)} runs"
    )
    print(f"{'lesson':45s} {'median s':>9s} {'ratio':>7s}  budget < 2.0x")
    for path, times in lesson_times.items():
        med = statistics.median(times)
        flag = "ok" if med / base < 2 else "OVER"
        print(f"{path.name:45s} {med:9.2f} {med / base:6.2f}x  {flag}")


if __name__ == "__main__":
    main()
