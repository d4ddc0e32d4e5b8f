"""Lesson quizzes show the question and options, never the answer (issue 12, item 7).

The quiz content (question, options, answer key, explanations) is package data,
``coursekit/data/quizzes.json``; a lesson's quiz cell is one call, ``widgets.quiz("NN.qK")``.
These tests read the notebooks as JSON (no kernel). The leak check is a function,
:func:`leaks`, so that it is also tested on a cell written the old way (content inline).
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
NOTEBOOKS = LESSONS + sorted((ROOT / "solutions").glob("*.ipynb")) + sorted(
    (ROOT / "exercises").glob("*.ipynb"))
QUIZ_CALL = re.compile(r'widgets\.quiz\("(?P<id>\d\d\.q\d+)"\)')
QUIZZES = {
    name: spec
    for name, spec in json.loads(
        files("coursekit").joinpath("data", "quizzes.json").read_text(encoding="utf-8")).items()
    if not name.startswith("$")
}


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


def quiz_calls(nb: nbformat.NotebookNode) -> list[str]:
    """The quiz ids a notebook shows, in order."""
    return [m["id"] for c in nb.cells if c.cell_type == "code"
            for m in QUIZ_CALL.finditer(c.source)]


def leaks(nb: nbformat.NotebookNode, quizzes: dict) -> list[str]:
    """What a learner could read of quiz content in a notebook's input cells.

    In any cell (code or markdown): an explanation text. In a code cell: a quiz built inline
    (``quiz(`` with anything but an id), an ``answer=`` key, a question, or the right option's
    text (if longer than a word or two: "a forecast" may well be in the prose).
    """
    found = []
    for index, cell in enumerate(nb.cells):
        source = cell.source
        if cell.cell_type == "code" and "quiz(" in source:
            if not QUIZ_CALL.fullmatch(source.strip()):
                found.append(f"cell {index}: a quiz built in the cell, not by id")
            if re.search(r"""\banswer\s*=""", source):
                found.append(f"cell {index}: an answer key in the cell")
        for name, spec in quizzes.items():
            for key, text in spec["explanations"].items():
                if text in source:
                    found.append(f"cell {index}: explanation {name}/{key}")
            if cell.cell_type == "code":
                if spec["question"] in source:
                    found.append(f"cell {index}: question {name}")
                right = spec["choices"][spec["answer"]]
                if len(right) > 12 and right in source:
                    found.append(f"cell {index}: answer of {name}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_quiz_answer_or_explanation_in_visible_inputs(path):
    assert leaks(nbformat.read(path, as_version=4), QUIZZES) == []


def test_leak_check_catches_a_quiz_written_in_the_cell():
    spec = QUIZZES["03.q1"]
    inline = v4.new_code_cell(
        f"widgets.quiz({spec['question']!r}, {spec['choices']!r},\n"
        f"             answer={spec['answer']!r}, explanations={spec['explanations']!r})")
    problems = leaks(v4.new_notebook(cells=[inline]), QUIZZES)
    assert "cell 0: a quiz built in the cell, not by id" in problems
    assert "cell 0: an answer key in the cell" in problems
    assert "cell 0: answer of 03.q1" in problems  # the right option's text
    assert "cell 0: question 03.q1" in problems
    assert any(p.startswith("cell 0: explanation 03.q1/") for p in problems)
    prose = v4.new_markdown_cell("Why? " + spec["explanations"][spec["answer"]])
    assert leaks(v4.new_notebook(cells=[prose]), QUIZZES) == [
        f"cell 0: explanation 03.q1/{spec['answer']}"]
    by_id = v4.new_code_cell('widgets.quiz("03.q1")')
    assert leaks(v4.new_notebook(cells=[by_id]), QUIZZES) == []


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_quizzes_exist_and_belong_to_the_lesson(path):
    ids = quiz_calls(nbformat.read(path, as_version=4))
    unknown = [i for i in ids if i not in QUIZZES]
    assert not unknown, f"{path.name} shows quizzes not in quizzes.json: {unknown}"
    assert all(i.startswith(path.name[:2] + ".") for i in ids), ids
    assert ids == sorted(ids, key=lambda i: int(i.split(".q")[1])), "quizzes out of order"


def test_every_quiz_in_the_data_is_used_once():
    used = [i for path in LESSONS for i in quiz_calls(nbformat.read(path, as_version=4))]
    assert sorted(used) == sorted(QUIZZES), (
        f"unused: {sorted(set(QUIZZES) - set(used))}; repeated: "
        f"{sorted({i for i in used if used.count(i) > 1})}")


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_quiz_cells_ignore_their_widget_output_and_store_no_feedback(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and QUIZ_CALL.fullmatch(cell.source.strip()):
            assert "nbval-ignore-output" in cell.metadata.get("tags", []), cell.source
            spec = QUIZZES[QUIZ_CALL.fullmatch(cell.source.strip())["id"]]
            stored = json.dumps([o.get("data", {}) for o in cell.outputs], ensure_ascii=False)
            assert spec["question"].replace('"', '\\"')[:40] in stored  # the question is shown
            assert not any(text.replace('"', '\\"') in stored
                           for text in spec["explanations"].values())


@pytest.mark.parametrize("name", sorted(QUIZZES))
def test_quiz_data_is_complete(name):
    spec = QUIZZES[name]
    assert set(spec) == {"question", "choices", "answer", "explanations"}
    assert len(spec["choices"]) >= 3 and spec["answer"] in spec["choices"]
    assert set(spec["explanations"]) == set(spec["choices"]), "every option explains itself"
    assert all(text.strip() for text in [spec["question"], *spec["choices"].values(),
                                         *spec["explanations"].values()])
