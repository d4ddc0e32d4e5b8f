"""``coursekit execute``: small, stable notebooks that read the same without a kernel.

Unit tests of the tidying on small made-up notebooks (no kernel), the command line on bad
input, and (slow) a real lesson executed twice into a temporary copy: the second run
changes no byte.
"""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat import v4
from PIL import Image

from coursekit.cli import main
from coursekit.execute import (
    KERNELSPEC,
    WIDGET_VIEW,
    execute_notebook,
    lighter_png,
    tidy_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
#: the smallest lesson with a widget (a table and a figure) and matplotlib figures
STABLE_LESSON = "08-reading-the-treaties.ipynb"


def _png(*, transparent: bool = False) -> str:
    """A small matplotlib figure as base64 PNG (anti-aliased lines, as the lessons have)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1, 2, 3], [0, 2, 1, 3], color="#0072b2", linewidth=2)
    ax.plot([0, 1, 2, 3], [3, 1, 2, 0], color="#d55e00", linestyle="--")
    ax.set_title("A figure")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", transparent=transparent)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _decode(data: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(data)))


def _widget_notebook() -> nbformat.NotebookNode:
    snapshot = {"text/plain": "Timeline\n3 events", "text/html": "<div>3 events</div>",
                WIDGET_VIEW: {"model_id": "4f1c", "version_major": 2, "version_minor": 0}}
    figure = {"image/png": _png(), "text/plain": "<Figure>"}
    cells = [
        v4.new_markdown_cell("# A lesson"),
        v4.new_code_cell("timeline()", outputs=[v4.new_output("display_data", data=snapshot)],
                         metadata={"execution": {"iopub.status.idle": "2026-01-01"}}),
        v4.new_code_cell("plot()", outputs=[v4.new_output("display_data", data=figure)]),
        v4.new_code_cell("print(1)", outputs=[v4.new_output("stream", text="1\n")]),
    ]
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                               "language": "python"},
                "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}
    return v4.new_notebook(cells=cells, metadata=metadata)


def test_tidy_keeps_the_snapshot_and_drops_state_views_and_timing():
    nb = tidy_notebook(_widget_notebook())
    assert "widgets" not in nb.metadata
    assert dict(nb.metadata.kernelspec) == KERNELSPEC
    assert set(nb.cells[1].outputs[0]["data"]) == {"text/plain", "text/html"}
    assert nb.cells[1].outputs[0]["data"]["text/html"] == "<div>3 events</div>"
    assert "execution" not in nb.cells[1].metadata
    assert _decode(nb.cells[2].outputs[0]["data"]["image/png"]).mode == "P"
    assert nb.cells[3].outputs[0]["text"] == "1\n"
    nbformat.validate(nb)


def test_tidy_twice_is_tidy_once():
    once = nbformat.writes(tidy_notebook(_widget_notebook()))
    twice = nbformat.writes(tidy_notebook(nbformat.reads(once, as_version=4)))
    assert once == twice


@pytest.mark.parametrize("transparent", [False, True])
def test_lighter_png_is_smaller_deterministic_and_keeps_pixels(transparent):
    data = _png(transparent=transparent)
    small = lighter_png(data)
    assert len(small) < len(data)
    assert small == lighter_png(data)
    before, after = _decode(data).convert("RGBA"), _decode(small).convert("RGBA")
    assert after.size == before.size
    corner = (2, 2)  # the background: transparent or white, exactly
    assert after.getpixel(corner) == before.getpixel(corner)
    assert _decode(small).mode == "P"


@pytest.mark.parametrize("data", ["", "not base64 at all", base64.b64encode(b"GIF89a").decode()])
def test_lighter_png_leaves_what_is_not_a_png_alone(data):
    assert lighter_png(data) == data


@pytest.mark.parametrize("content, match", [
    (None, "cannot read it as a notebook"),
    ("{not json", "cannot read it as a notebook"),
    ('{"cells": 3}', "cannot read it as a notebook"),
])
def test_bad_notebook_gets_a_message_not_a_traceback(tmp_path, capsys, content, match):
    path = tmp_path / "broken.ipynb"
    if content is not None:
        path.write_text(content)
    assert main(["execute", "--metadata-only", str(path)]) == 1
    err = capsys.readouterr().err
    assert match in err and "Traceback" not in err
    if content is not None:
        assert path.read_text() == content  # left as it was


def test_metadata_only_tidies_without_a_kernel(tmp_path, capsys):
    path = tmp_path / "lesson.ipynb"
    nbformat.write(_widget_notebook(), path)
    assert main(["execute", "--metadata-only", str(path)]) == 0
    assert "tidied" in capsys.readouterr().out
    nb = nbformat.read(path, as_version=4)
    assert dict(nb.metadata.kernelspec) == KERNELSPEC and "widgets" not in nb.metadata


@pytest.mark.slow
def test_execute_twice_in_a_row_changes_nothing(tmp_path):
    lesson = tmp_path / STABLE_LESSON
    shutil.copy(ROOT / "lessons" / STABLE_LESSON, lesson)
    assert execute_notebook(lesson) == []
    first = lesson.read_bytes()
    assert execute_notebook(lesson) == []
    assert lesson.read_bytes() == first, "a second run of coursekit execute changed the file"
    nb = nbformat.read(lesson, as_version=4)
    assert dict(nb.metadata.kernelspec) == KERNELSPEC and "widgets" not in nb.metadata
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    assert not any(WIDGET_VIEW in o.get("data", {}) for o in outputs)
    assert any("coursekit-static" in o.get("data", {}).get("text/html", "") for o in outputs)
