"""How much does ``import coursekit`` cost, compared with importing its dependencies alone?

Budget (issue: foundation): ``import coursekit`` costs at most 1.15x importing pandas,
networkx and ipywidgets, measured side by side in one run. Each measurement is a fresh
interpreter; the two commands alternate so that machine noise hits both alike.

Run: ``.venv/bin/python bench/bench_import.py [--repeat 15]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = "import pandas, networkx, ipywidgets"
SUBJECT = "import coursekit"
BARE = "pass"


def run_once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    for code in (BARE, BASELINE, SUBJECT):  # warm the file cache
        run_once(code)
    times: dict[str, list[float]] = {BARE: [], BASELINE: [], SUBJECT: []}
    for _ in range(args.repeat):
        for code in times:
            times[code].append(run_once(code))
    med = {code: statistics.median(values) for code, values in times.items()}
    print(f"interpreter start-up ({BARE!r}): {med[BARE] * 1000:7.1f} ms")
    print(f"baseline  ({BASELINE!r}): {med[BASELINE] * 1000:7.1f} ms")
    print(f"coursekit ({SUBJECT!r}): {med[SUBJECT] * 1000:7.1f} ms")
    print(f"ratio coursekit / baseline: {med[SUBJECT] / med[BASELINE]:.2f}x (budget <= 1.15x)")
    # Is matplotlib kept out of the import?
    probe = "import sys, coursekit; print('matplotlib' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    print(f"matplotlib imported by 'import coursekit': {loaded.stdout.strip()}")


if __name__ == "__main__":
    main()
