"""A class on a real JupyterHub: one nbgitpuller link, an update, collect, grade, return.

A student follows the link and lands in JupyterLab on lesson 00 in their own copy of the
course; edits and saves exercise 01; the instructor pushes an update to that exercise and
to lesson 00; the student follows the link again and has the update with their edit
intact. Then ``coursekit collect`` copies both students' exercise 01 from their homes,
``coursekit grade`` grades the copies and ``coursekit return`` puts each feedback page
into the student's ``exercises/feedback/`` folder, and ``coursekit report`` reads the
gradebook. See ``conftest.py`` for the hub.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EXERCISE = "01-historical-wariness.ipynb"
LESSON = "00-orientation.ipynb"
ANSWER = "answer_1 = 1729  # my own answer"
LESSON_NOTE = "Update from your instructor: lesson 00 now links to the reading list."
EXERCISE_NOTE = "Update from your instructor: hand in this notebook by Friday."


def _follow_link(page, hub, user: str | None = None) -> None:
    """Open the nbgitpuller link (logging in as ``user`` if asked); wait for lesson 00."""
    page.goto(hub.pull_link(), wait_until="domcontentloaded")
    if user is not None:
        page.wait_for_selector("#username_input", timeout=60_000)
        page.fill("#username_input", user)
        page.fill("#password_input", "any password")
        page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/lab/tree/coursekit/lessons/{re.escape(LESSON)}"),
                      timeout=180_000)
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=LESSON).wait_for(timeout=60_000)
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)


def _edit_and_save(page, hub, user: str) -> Path:
    """In JupyterLab, replace the first answer of exercise 01 and save with Ctrl+S."""
    page.goto(f"{hub.url}/user/{user}/lab/tree/coursekit/exercises/{EXERCISE}",
              wait_until="domcontentloaded")
    editor = page.locator(".jp-CodeCell .cm-content", has_text="answer_1 = ...")
    editor.first.wait_for(timeout=60_000)
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    if accept.count():
        accept.first.click()
    editor.first.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(ANSWER)
    page.keyboard.press("Control+s")
    path = hub.home(user) / "coursekit" / "exercises" / EXERCISE
    deadline = time.monotonic() + 30
    while ANSWER not in path.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "JupyterLab did not save the edited exercise"
        time.sleep(0.2)
    return path


def _push_update(hub) -> None:
    """The instructor changes lesson 00 and exercise 01 (far from answer 1) and pushes."""
    work = hub.work
    lesson = work / "lessons" / LESSON
    nb = nbformat.read(lesson, as_version=4)
    nb.cells[0].source += f"\n\n{LESSON_NOTE}"
    nbformat.write(nb, lesson)
    exercise = work / "exercises" / EXERCISE
    nb = nbformat.read(exercise, as_version=4)
    last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    nb.cells[last].source += f"\n\n{EXERCISE_NOTE}"
    nbformat.write(nb, exercise)
    hub.git("commit", "--quiet", "-am", "Course update: reading list, hand-in day", cwd=work)
    hub.git("push", "--quiet", "origin", "HEAD:main", cwd=work)


def _coursekit(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "coursekit.cli", *args],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"coursekit {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_class_on_a_hub(hub, browser):
    students = hub.students
    ana, bo = students
    contexts = {user: browser.new_context(viewport={"width": 1280, "height": 900})
                for user in students}
    try:
        page = contexts[ana].new_page()
        _follow_link(page, hub, user=ana)
        lesson = hub.home(ana) / "coursekit" / "lessons" / LESSON
        assert lesson.is_file() and LESSON_NOTE not in lesson.read_text(encoding="utf-8")
        other = contexts[bo].new_page()
        _follow_link(other, hub, user=bo)

        exercise = _edit_and_save(page, hub, ana)
        _push_update(hub)
        _follow_link(page, hub)  # already logged in: pull the update, back on lesson 00
        page.get_by_text(LESSON_NOTE).first.wait_for(timeout=30_000)
    except Exception:
        print(hub.log_tail(), file=sys.stderr)
        raise
    finally:
        for context in contexts.values():
            context.close()

    # the update arrived and the student's edit is intact, in the same notebook
    assert LESSON_NOTE in lesson.read_text(encoding="utf-8")
    text = exercise.read_text(encoding="utf-8")
    assert ANSWER in text and EXERCISE_NOTE in text
    assert "Course update" in hub.git("log", "--format=%s", cwd=exercise.parent)

    # collect: both students' exercise 01, originals untouched
    originals = {u: hub.home(u) / "coursekit" / "exercises" / EXERCISE for u in students}
    before = {u: _digest(p) for u, p in originals.items()}
    subs, grades = hub.base / "submissions", hub.base / "grades"
    template = f"{hub.homes}/{{user}}/coursekit/exercises/01-*.ipynb"
    _coursekit("collect", template, "--out", str(subs), "--exclude", hub.instructor,
               "--deadline", "2999-01-01T00:00+00:00")
    manifest = pd.read_csv(subs / "manifest.csv", dtype=str)
    assert sorted(manifest["user"]) == sorted(students)
    assert set(manifest["status"]) == {"collected"}
    assert {u: _digest(p) for u, p in originals.items()} == before
    for row in manifest.itertuples():
        assert row.sha256 == before[row.user][0]
        assert Path(row.dest).read_bytes() == originals[row.user].read_bytes()

    # grade the copies, then return the feedback into each student's folder
    _coursekit("grade", str(subs), "--out", str(grades / "gradebook.csv"), "--jobs", "2")
    result = _coursekit("return", str(grades / "gradebook.csv"), "--manifest",
                        str(subs / "manifest.csv"))
    assert "2 written" in result.stdout
    details = pd.read_csv(grades / "gradebook_details.csv", dtype=str, keep_default_na=False)
    book = pd.read_csv(grades / "gradebook.csv", dtype=str)
    for row in book.itertuples():
        user = Path(row.file).parent.name
        folder = hub.home(user) / "coursekit" / "exercises" / "feedback"
        returned = folder / f"{Path(EXERCISE).stem}.md"
        assert returned.read_text(encoding="utf-8") == \
            (grades / "feedback" / f"{row.student}.md").read_text(encoding="utf-8")
        first = details[(details["student"] == row.student) & (details["question_id"] == "01.1")]
        assert first["outcome"].item() == ("failed" if user == ana else "not answered")
    assert {u: _digest(p) for u, p in originals.items()} == before

    # and the class report reads the real gradebook
    _coursekit("report", str(grades / "gradebook.csv"), "--out", str(grades / "report.html"))
    page = (grades / "report.html").read_text(encoding="utf-8")
    assert "<td>01.1</td>" in page and "2 submissions, 2 graded" in page
