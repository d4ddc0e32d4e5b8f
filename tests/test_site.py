"""The course as stored and as published: notebooks any renderer shows, and the website's map.

Read as JSON, no kernel. Every notebook stores the kernelspec JupyterLab writes (so opening
one does not mark it modified); lessons and solutions store no widget state and no live
widget views (renderers without a kernel then show each widget's static snapshot), no
figure twice, and stay within the size budget. The website's table of contents
(``site/_toc.yml``) lists every lesson and exercise set in course order, and the site
builds nothing at build time.

After changing a notebook, ``coursekit execute NOTEBOOK`` stores it this way;
``coursekit execute --metadata-only lessons/*.ipynb solutions/*.ipynb exercises/*.ipynb``
tidies stored notebooks without running them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from coursekit.execute import KERNELSPEC, WIDGET_VIEW, image_alt

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
BUDGET_KIB = 200


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


def _images(nb) -> list[str]:
    """Every image payload the outputs hold, figures inside HTML snapshots included."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            found += [data[m] for m in ("image/png", "image/svg+xml", "image/jpeg") if m in data]
            found += re.findall(r'src="data:image/[^;]+;base64,([^"]+)"',
                                str(data.get("text/html", "")))
    return found


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS + EXERCISES,
                         ids=_ids(LESSONS + SOLUTIONS + EXERCISES))
def test_notebook_stores_the_kernelspec_jupyterlab_writes(path):
    spec = dict(nbformat.read(path, as_version=4).metadata.get("kernelspec", {}))
    assert spec == KERNELSPEC, (
        f"{path.name} stores kernelspec {spec}; JupyterLab would rewrite it on opening. "
        "Run: coursekit execute --metadata-only " + path.relative_to(ROOT).as_posix())


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=_ids(LESSONS + SOLUTIONS))
def test_notebook_stores_no_widget_state_and_no_figure_twice(path):
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, f"{path.name}: saved widget state (coursekit execute)"
    views = [i for i, cell in enumerate(nb.cells) for o in cell.get("outputs", [])
             if WIDGET_VIEW in o.get("data", {})]
    assert views == [], f"{path.name}: live widget views in cells {views} (coursekit execute)"
    digests = [hashlib.sha256(str(image).encode()).hexdigest() for image in _images(nb)]
    assert len(digests) == len(set(digests)), f"{path.name}: a figure is stored twice"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_is_within_the_size_budget(path):
    size = path.stat().st_size / 1024
    assert size <= BUDGET_KIB, f"{path.name} is {size:.0f} KiB (budget {BUDGET_KIB} KiB)"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=_ids(LESSONS + SOLUTIONS))
def test_figure_alt_text_is_where_jupyter_book_reads_it(path):
    """myst-nb reads a cell's ``mystnb.image.alt`` for the ``<img alt>`` (not the output's
    display metadata, which nbconvert's classic template reads); coursekit execute copies it."""
    nb = nbformat.read(path, as_version=4)
    wrong = []
    for i, cell in enumerate(nb.cells):
        alts = [a for a in map(image_alt, cell.get("outputs", [])) if a]
        stored = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        if alts and stored != " ".join(dict.fromkeys(alts)):
            wrong.append(i)
    assert wrong == [], f"{path.name}: cells {wrong} have figures whose alt text Jupyter " \
        "Book does not read. Run: coursekit execute --metadata-only " + \
        path.relative_to(ROOT).as_posix()


def _toc() -> dict:
    return yaml.safe_load((ROOT / "site" / "_toc.yml").read_text(encoding="utf-8"))


def test_site_lists_every_lesson_and_exercise_set_in_course_order():
    toc = _toc()
    assert toc["root"] == "README"
    files = [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    lessons = [f for f in files if f.startswith("lessons/")]
    exercises = [f for f in files if f.startswith("exercises/")]
    assert lessons == [f"lessons/{p.stem}" for p in LESSONS]
    assert exercises == [f"exercises/{p.stem}" for p in EXERCISES]
    assert "instructors/guide" in files
    assert not any(f.startswith("solutions/") for f in files), "solutions are not published"
    for name in files:
        assert any((ROOT / f"{name}{suffix}").is_file() for suffix in (".md", ".ipynb")), name


def test_site_shows_committed_outputs_and_never_executes():
    config = yaml.safe_load((ROOT / "site" / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["only_build_toc_files"] is True
    buttons = config["launch_buttons"]
    assert buttons["binderhub_url"] and buttons["jupyterhub_url"]
