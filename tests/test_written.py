"""Written answers: one answer place (a triple-quoted string), a check that counts words,
and model answers within their own limits.

The builder turns a written question's solution region into a template whose comment
states the word range, and drops the markdown "Your answer here" cell next to it
(:func:`coursekit.build.written_template`). The check records the answer for the
instructor and reports its word count against the range
(:func:`coursekit.checks.core.written_verdict`).
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from coursekit.build import MARKDOWN_PLACEHOLDER, build_exercise, written_template
from coursekit.checks import Question, check, register
from coursekit.checks.core import load_question_sets, unregister
from coursekit.checks.text import count_words

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = {p.name[:2]: p for p in (REPO / "solutions").glob("[0-9][0-9]-*.ipynb")}
WRITTEN = [
    q
    for name in load_question_sets()
    for q in importlib.import_module(f"coursekit.checks.{name}").QUESTIONS
    if q.kind == "written" and not q.practice
]
_REGION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", re.S)


@pytest.fixture
def essay() -> Iterator[Question]:
    q = register(Question(id="94.1", title="Why?", kind="written", reference=lambda: "",
                          words=(5, 8)))
    yield q
    unregister(q.id)


def _solution_notebook() -> nbformat.NotebookNode:
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# Exercise set 94"),
        v4.new_markdown_cell("### Question 94.1 · Why? (written)\n\nAnswer in 5–8 words."),
        v4.new_markdown_cell("<!-- BEGIN SOLUTION -->\n**Model answer.** Because.\n"
                             "<!-- END SOLUTION -->"),
        v4.new_code_cell('### BEGIN SOLUTION\nanswer_1 = """Because Russia weighs Israel '
                         'more."""\n### END SOLUTION'),
        v4.new_code_cell('check("94.1", answer_1)'),
    ])


def test_the_builder_writes_one_answer_place(essay: Question) -> None:
    ex = build_exercise(_solution_notebook())
    sources = [c.source for c in ex.cells]
    assert "\n".join(written_template("answer_1", (5, 8))) in sources
    assert sources.count(MARKDOWN_PLACEHOLDER) == 0
    assert not any("Because" in s for s in sources)
    template = next(s for s in sources if "triple quotes" in s)
    assert template.splitlines()[0] == "# Write 5–8 words between the triple quotes."


def test_an_untouched_template_is_not_answered(essay: Question) -> None:
    ex = build_exercise(_solution_notebook())
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in ex.cells:
            if cell.cell_type == "code":
                exec(cell.source, namespace)  # noqa: S102
    assert out.getvalue() == (
        "Not answered · 94.1 · write your answer between the triple quotes\n"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Russia weighs Israel more than Iran.",
         "Recorded · 94.1 · 6 words, within 5–8; your instructor grades it"),
        ("Because.",
         "Recorded · 94.1 · 1 word, outside 5–8: revise it to fit the range; your instructor "
         "grades it"),
        ("one two three four five six seven eight nine",
         "Recorded · 94.1 · 9 words, outside 5–8: revise it to fit the range; your instructor "
         "grades it"),
        ("\n\n", "Not answered · 94.1 · write your answer between the triple quotes"),
    ],
)
def test_the_check_counts_words(essay: Question, text: str, line: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    result = check("94.1", text)
    assert result.passed is None and result.points == 0  # the instructor grades it
    assert capsys.readouterr().out == line + "\n"


def test_the_grader_records_a_written_answer_with_its_count(essay: Question) -> None:
    from coursekit.checks.wire import encode
    from coursekit.grade.judge import judge

    rows = judge([{"id": "94.1", "answer": encode("Because."), "error": None}], "94")
    assert rows[0]["outcome"] == "written"
    assert rows[0]["message"].startswith("recorded: 1 word, outside 5–8")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"words": (10, 5)}, "0 < low <= high"), ({"words": (0, 5)}, "0 < low <= high"),
     ({"kind": "number", "words": (1, 5)}, "for written questions")],
)
def test_invalid_word_ranges(kwargs: dict, match: str) -> None:
    base = {"id": "94.9", "title": "t", "kind": "written", "reference": lambda: ""}
    with pytest.raises(ValueError, match=match):
        Question(**{**base, **kwargs})


def _model_answer(q: Question) -> str:
    """The text the solutions notebook assigns to the question's answer variable."""
    nb = nbformat.read(SOLUTIONS[q.exercise_set], as_version=4)
    number = q.id.split(".")[1]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for region in _REGION.findall(cell.source):
            for node in ast.parse(region).body:
                if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                        and any(getattr(t, "id", "") == f"answer_{number}"
                                for t in node.targets)):
                    return str(node.value.value)
    raise AssertionError(f"{q.id}: no answer_{number} = '…' in {SOLUTIONS[q.exercise_set].name}")


@pytest.mark.parametrize("q", [pytest.param(q, id=q.id) for q in WRITTEN])
def test_model_answer_in_solutions_is_within_its_own_limits(q: Question) -> None:
    limits = q.word_limits()
    assert limits is not None, f"{q.id}: declare words=(low, high) (or the set's WORDS)"
    n, (low, high) = count_words(_model_answer(q)), limits
    assert low <= n <= high, (
        f"{q.id}: the model answer in {SOLUTIONS[q.exercise_set].name} has {n} words; "
        f"the question asks for {low}–{high}"
    )


@pytest.mark.parametrize("q", [pytest.param(q, id=q.id) for q in WRITTEN])
def test_each_exercise_has_one_answer_place_for_its_written_question(q: Question) -> None:
    path = REPO / "exercises" / SOLUTIONS[q.exercise_set].name
    cells = nbformat.read(path, as_version=4).cells
    number = q.id.split(".")[1]
    templates = [c.source for c in cells
                 if c.cell_type == "code" and f'answer_{number} = """' in c.source]
    assert len(templates) == 1, f"{path.name}: no template for {q.id}"
    limits = q.word_limits()
    asked = f"{limits[0]}–{limits[1]} words" if limits else "your answer"
    assert templates[0].startswith(f"# Write {asked} between the triple quotes."), path.name
    assert not any(c.source.strip() == MARKDOWN_PLACEHOLDER for c in cells), path.name
