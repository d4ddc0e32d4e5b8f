"""A learner opens exercise set 01 in JupyterLab and runs every cell, as shipped.

Nothing fails, every check says "Not answered", and no solution text is visible
anywhere on the page (code, outputs or markdown).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NAME = "01-historical-wariness.ipynb"
SCREENSHOTS = Path(__file__).parent / "screenshots"


def _solution_lines() -> list[str]:
    """The distinctive lines inside the solution notebook's solution regions."""
    lines, inside = [], False
    for cell in nbformat.read(ROOT / "solutions" / NAME, as_version=4).cells:
        for line in cell.source.splitlines():
            if re.search(r"BEGIN SOLUTION", line):
                inside = True
            elif re.search(r"END SOLUTION", line):
                inside = False
            elif inside and len(line.strip()) >= 25:
                lines.append(line.strip())
    return lines


def _check_cells() -> int:
    nb = nbformat.read(ROOT / "exercises" / NAME, as_version=4)
    # the builder writes each check cell as `from coursekit import NOT_RUN, check` and
    # `check("01.1", globals().get("answer_1", NOT_RUN))`
    return sum(c.cell_type == "code" and "\ncheck(" in c.source for c in nb.cells)


def test_exercise_runs_as_shipped_without_solutions(lab, browser):
    shutil.copy(ROOT / "exercises" / NAME, lab.root / NAME)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(lab.notebook_url(NAME), wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        idle = page.locator(".jp-StatusBar-TextItem", has_text="| Idle")
        idle.first.wait_for(timeout=60_000)
        accept = page.locator(".jp-Dialog .jp-mod-accept")
        if accept.count():
            accept.first.click()
        page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        expected = _check_cells()
        waiting = page.locator(".jp-OutputArea-output", has_text="Not answered")
        deadline = time.monotonic() + 90
        while waiting.count() < expected and time.monotonic() < deadline:
            time.sleep(0.25)
        page.screenshot(path=str(SCREENSHOTS / "exercise_01.png"), full_page=True)
        assert waiting.count() == expected, f"{waiting.count()} of {expected} checks reported"
        text = page.locator(".jp-NotebookPanel").inner_text()
        assert "Traceback" not in text and "Error" not in text
        leaked = [line for line in _solution_lines() if line in text]
        assert not leaked, f"solution text visible in the exercise: {leaked[:3]}"
        assert errors == [], "browser console errors:\n" + "\n".join(errors)
    finally:
        page.context.close()
