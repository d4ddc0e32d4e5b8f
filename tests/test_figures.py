"""The figures can be read: maps, timelines, networks, alt text, and short lesson cells.

These checks measure what a reader sees: the window extents of the labels a renderer
draws (``Text.get_window_extent``), the display metadata nbconvert reads for ``alt``, the
line counts of the cells a learner reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

import coursekit
from coursekit import figures, maps, plots
from coursekit.widgets import views

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
MAX_CELL_LINES = 15
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _alt(output: dict, cell: dict, mimetype: str) -> str | None:
    """The alt text nbconvert's HTML templates would use (``get_metadata('alt', mimetype)``,
    then the cell's ``alt``)."""
    from nbconvert.filters import get_metadata

    return get_metadata(output, "alt", mimetype) or cell.get("metadata", {}).get("alt")


# ----------------------------------------------------------------------------- alt text
@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_image_output_has_alt_text(path: Path) -> None:
    missing = []
    for number, cell in enumerate(_cells(path)):
        for output in cell.get("outputs", []):
            for mimetype in IMAGE_TYPES:
                if mimetype in output.get("data", {}):
                    alt = _alt(output, cell, mimetype)
                    if not (alt and alt.strip()):
                        missing.append(f"cell {number} ({mimetype})")
    assert not missing, f"{path.name}: images without alt text: {missing}"


def test_the_notebooks_have_figures_to_check() -> None:
    """The alt-text test is not vacuous: the lessons do hold images."""
    images = sum(mimetype in output.get("data", {}) for path in LESSONS
                 for cell in _cells(path) for output in cell.get("outputs", [])
                 for mimetype in IMAGE_TYPES)
    assert images >= 10


def test_show_puts_alt_text_where_nbconvert_reads_it(monkeypatch) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, raw=False, metadata=None: shown.append((obj, metadata)))
    fig, _ = plots.new_figure()
    plots.show(fig, alt="  An empty figure. ")
    (obj, metadata), = shown
    import base64

    assert base64.b64decode(obj["image/png"])[:4] == b"\x89PNG"
    output = {"metadata": metadata}
    assert _alt(output, {}, "image/png") == "An empty figure."


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_show_refuses_empty_alt_text(alt) -> None:
    fig, _ = plots.new_figure()
    with pytest.raises(ValueError, match="alt text is empty"):
        plots.show(fig, alt=alt)


# ---------------------------------------------------------------------- short cells
def _quiz(source: str) -> bool:
    # Quiz cells hold a question's text, options and explanations, not code to read;
    # issue 12 item 7 moves them into package data (quizzes.json). Nothing else is exempt.
    return source.removeprefix("# NBVAL_IGNORE_OUTPUT\n").startswith("widgets.quiz(")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_code_cells_are_short(path: Path) -> None:
    long = [(number, len(_source(cell).strip("\n").splitlines()))
            for number, cell in enumerate(_cells(path))
            if cell["cell_type"] == "code" and not _quiz(_source(cell))
            and len(_source(cell).strip("\n").splitlines()) > MAX_CELL_LINES]
    assert not long, f"{path.name}: code cells over {MAX_CELL_LINES} lines (cell, lines): {long}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_draw_through_coursekit_and_show_with_alt_text(path: Path) -> None:
    """A lesson cell shows a figure with coursekit.plots.show (alt text), never plt.show()."""
    bad = [number for number, cell in enumerate(_cells(path))
           if cell["cell_type"] == "code" and "plt.show()" in _source(cell)]
    assert not bad, f"{path.name}: cells calling plt.show() instead of plots.show: {bad}"


# ----------------------------------------------------------------------------- maps
def _extents(fig, artists) -> list:
    renderer = plots.figure_renderer(fig)
    return [artist.get_window_extent(renderer) for artist in artists]


def _overlapping(boxes, names) -> list[tuple[str, str]]:
    return [(names[i], names[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i].overlaps(boxes[j])]


@pytest.fixture(scope="module")
def golan_map():
    near = coursekit.distances_from("quneitra")
    fig = maps.plot_distance_map(near[near["distance_km"] <= 300])
    yield fig
    plots.plt.close(fig)


@pytest.fixture(scope="module")
def route_map():
    routes = {"shortest": coursekit.shortest_route("tehran", "beirut"),
              "without Damascus": coursekit.shortest_route("tehran", "beirut",
                                                           avoid="damascus")}
    fig = maps.plot_route_map(coursekit.route_graph(), routes)
    yield fig
    plots.plt.close(fig)


@pytest.mark.parametrize("which", ["golan_map", "route_map"])
def test_map_labels_overlap_neither_each_other_nor_the_legend(which, request) -> None:
    fig = request.getfixturevalue(which)
    main = fig.axes[0]
    texts = list(main.texts)
    boxes = _extents(fig, texts)
    assert not _overlapping(boxes, [t.get_text() for t in texts])
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert legends, "the map has a legend"
    (legend_box,) = _extents(fig, legends[:1])
    assert not any(box.overlaps(legend_box) for box in boxes)
    # the legend is outside the map's drawing
    (map_box,) = _extents(fig, [main])
    assert not legend_box.overlaps(map_box)
    for box in boxes:  # every label inside the map
        assert map_box.x0 <= box.x0 and box.x1 <= map_box.x1
        assert map_box.y0 <= box.y0 and box.y1 <= map_box.y1


def test_map_labels_overlap_no_place_marker(golan_map) -> None:
    main = golan_map.axes[0]
    renderer = plots.figure_renderer(golan_map)
    points = np.vstack([c.get_offsets() for c in main.collections
                        if hasattr(c, "get_offsets") and len(c.get_offsets())
                        and c.get_gid() not in ("border", "coast")])
    pixels = main.transData.transform(points)
    for text in main.texts:
        box = text.get_window_extent(renderer)
        inside = [(x, y) for x, y in pixels if box.x0 < x < box.x1 and box.y0 < y < box.y1]
        assert not inside, f"label {text.get_text()!r} covers a marker"


def test_golan_map_names_t4_palmyra_bosra_and_puts_damascus_in_an_inset(golan_map) -> None:
    main, *_, inset = golan_map.axes
    names = {t.get_text() for t in main.texts}
    assert {"T-4", "Palmyra", "Bosra", "Daraa", "Homs"} <= names
    assert "Damascus area (inset)" in names
    assert not names & {"Damascus", "Mezzeh air base", "Sayyida Zaynab", "Al-Kiswah"}
    assert {t.get_text() for t in inset.texts} == {"Damascus", "Mezzeh air base",
                                                   "Sayyida Zaynab", "Al-Kiswah"}
    boxes = _extents(golan_map, list(inset.texts))
    assert not _overlapping(boxes, [t.get_text() for t in inset.texts])
    t4, palmyra = (next(t for t in main.texts if t.get_text() == n) for n in ("T-4", "Palmyra"))
    a, b = _extents(golan_map, [t4, palmyra])
    gap = max(b.x0 - a.x1, a.x0 - b.x1, b.y0 - a.y1, a.y0 - b.y1)
    assert gap > 0, "T-4 and Palmyra touch"


def test_maps_have_borders_coasts_titles_and_axis_labels(golan_map, route_map) -> None:
    for fig in (golan_map, route_map):
        main = fig.axes[0]
        assert {c.get_gid() for c in main.collections} >= {"border", "coast"}
        assert main.get_title() and main.get_xlabel() and main.get_ylabel()


def test_borders_are_small_clipped_and_from_natural_earth() -> None:
    path = ROOT / "src" / "coursekit" / "data" / "borders.json"
    assert path.stat().st_size < 300_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"]
    lines = coursekit.geo.load_borders()
    assert len(lines["border"]) > 10 and len(lines["coast"]) > 10
    points = np.array([p for kind in lines.values() for line in kind for p in line])
    lon0, lat0, lon1, lat1 = data["box"]
    margin = 3.0  # one point beyond the box is kept at each cut
    assert points[:, 0].min() >= lon0 - margin and points[:, 0].max() <= lon1 + margin
    assert points[:, 1].min() >= lat0 - margin and points[:, 1].max() <= lat1 + margin
    assert np.allclose(points, points.round(2))
    # a change to a copy does not reach the next caller
    lines["border"].clear()
    assert coursekit.geo.load_borders()["border"]


@pytest.mark.parametrize("bad", ["qunietra", "nowhere"])
def test_distance_map_names_an_unknown_centre(bad) -> None:
    near = coursekit.distances_from("quneitra")
    with pytest.raises(ValueError, match="place id"):
        maps.plot_distance_map(near, center=bad)


def test_place_labels_avoid_given_artists() -> None:
    fig, ax = plots.new_figure()
    ax.set(xlim=(0, 10), ylim=(0, 10))
    blocker = ax.axvline(5.3)
    (label,) = plots.place_labels(ax, [(5, 5)], ["a long label here"], avoid=[blocker])
    box, line = _extents(fig, [label, blocker])
    assert not box.overlaps(line)


# ------------------------------------------------------------------------ timelines
@pytest.fixture(scope="module")
def history():
    pair = coursekit.events_between("iran", "russia")
    index = coursekit.cooperation_index("iran", "russia", by="decade")
    labels = {"E002": "Gulistan", "E004": "Turkmenchay", "E005": "Griboyedov",
              "E008": "1941", "E012": "1946", "E029": "S-300 ban", "E064": "Hamadan",
              "E134": "2025 treaty"}
    fig = figures.plot_event_history(pair, index, [1804, 1829, 1946, 1992, 2011, 2026],
                                     labels, ["Qajar wars", "Imperial rivalry", "Cold War",
                                              "Post-Soviet", "Syrian war"])
    yield fig
    plots.plt.close(fig)


def test_recent_years_have_their_own_panel(history) -> None:
    early, recent, index = history.axes[:3]
    lo, hi = recent.get_xlim()
    assert 2010 <= lo <= 2011 and 2025 <= hi <= 2027
    (early_box, recent_box) = _extents(history, [early, recent])
    # 15 years get at least half the width of two centuries
    assert recent_box.width >= 0.5 * early_box.width
    for ax in history.axes[:3]:
        assert ax.get_title() and ax.get_xlabel()
    assert early.get_ylabel() and index.get_ylabel()


def test_timeline_labels_are_off_the_era_lines_and_apart(history) -> None:
    for ax in history.axes[:2]:
        era_lines = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
        labels = [t for t in ax.texts if t.get_text() and t.get_style() != "italic"]
        assert labels
        boxes = _extents(history, labels)
        assert not _overlapping(boxes, [t.get_text() for t in labels])
        for text, box in zip(labels, boxes):
            for line in _extents(history, era_lines):
                on_line = box.overlaps(line)
                assert not on_line or text.get_bbox_patch() is not None, (
                    f"{text.get_text()!r} sits on an era line without a background")


def test_timeline_widget_marks_only_years_with_events() -> None:
    fig, ax = plots.new_figure()
    view = views.timeline_view(years=(1990, 2025), ax=ax)
    years_with_events = set(view.tables["events"]["date"].dt.year)
    (means,) = [line for line in ax.get_lines() if line.get_label() == "mean weight per year"]
    from matplotlib.dates import num2date

    xs = np.asarray(means.get_xdata(), dtype=float)
    segments = xs.reshape(-1, 3)[:, :2]  # start, end, NaN break
    assert np.isnan(xs.reshape(-1, 3)[:, 2]).all()
    for start, end in segments:
        first, last = num2date(start).year, num2date(end).year
        assert last == first + 1, "a mean segment spans more than its own year"
        assert first in years_with_events
    assert len(segments) == len(years_with_events)


# ------------------------------------------------------------------------- networks
def test_network_layout_groups_camps_on_arcs() -> None:
    camps = plots.network_camps()
    pos = plots.network_layout()
    assert camps["syria_gov"] == camps["iran"] == camps["russia"] == camps["hezbollah"] == 1
    assert camps["israel"] == camps["usa"] == camps["isis"] == -1
    assert camps["un_security_council"] == 0
    assert camps["eu"] == camps["uk"] == camps["usa"]  # hostile to Iran, 2022-2025
    # each camp one run around the circle
    seq = [camps[a] for a in plots.NETWORK_ORDER]
    assert sum(seq[k] != seq[k - 1] for k in range(len(seq))) == 3
    assert set(plots.NETWORK_ORDER) == set(camps) == set(pos)

    def mean_x(camp):
        return np.mean([pos[a][0] for a, c in camps.items() if c == camp])

    assert mean_x(1) < 0 < mean_x(-1)
    assert pos == plots.network_layout()


def test_network_order_is_what_the_search_finds_from_the_data() -> None:
    """NETWORK_ORDER is stored, not typed: if the data change, rerun camp_order()."""
    assert plots.camp_order() == plots.NETWORK_ORDER


def test_network_layout_crosses_less_than_a_circle_in_table_order() -> None:
    import networkx as nx

    actors = list(coursekit.load_actors()["actor_id"])
    circle = {a: tuple(p) for a, p in nx.circular_layout(actors).items()}
    ours = plots.network_layout()
    assert plots.tie_crossings(ours) < 0.85 * plots.tie_crossings(circle)


def test_network_ties_differ_in_greyscale_and_legend_is_off_the_drawing() -> None:
    fig, ax = plots.new_figure(7, 6, margins=(0.02, 0.02, 0.98, 0.93))
    plots.draw_signed_network(coursekit.alliance_network(2018), ax=ax, highlight="russia")
    styles = {c.get_gid(): c.get_linestyle()[0] for c in ax.collections if c.get_gid()}
    assert styles["cooperative"] != styles["hostile"]  # solid vs dashed: no colour needed
    renderer = plots.figure_renderer(fig)
    legend = ax.get_legend().get_window_extent(renderer)
    for text in ax.texts:
        assert not legend.overlaps(text.get_window_extent(renderer)), text.get_text()
    nodes = ax.transData.transform(ax.collections[-1].get_offsets())
    assert not any(legend.contains(x, y) for x, y in nodes)
    labels = list(ax.texts)
    assert not _overlapping(_extents(fig, labels), [t.get_text() for t in labels])


def test_triad_table_text_is_aligned_under_its_header() -> None:
    view = views.network_view(2018, highlight="russia")
    lines = view.text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Unbalanced triads"))
    header, *rows = [line for line in lines[start + 1:] if not line.startswith("  …")]
    columns = [header.index(name) for name in ("a ", "b ", "c ", "signs")]
    for row in rows:
        cells = row.split()
        assert [row.index(cell, col) for cell, col in zip(cells, columns)] == columns
    assert "text-align: left" in view.html


# --------------------------------------------------------------------- every figure
@pytest.mark.parametrize("make", [
    lambda: figures.plot_claims_by_paragraph(
        pd.crosstab(coursekit.load_claims()["paragraph"], coursekit.load_claims()["claim_type"])),
    lambda: figures.plot_series(pd.DataFrame({"a": [1, 2]}, index=[2017, 2018]), "T", "x", "y"),
    lambda: figures.plot_decade_index(
        coursekit.cooperation_index("iran", "russia", by="decade"), "T"),
    lambda: figures.plot_brier(pd.DataFrame({"baseline": ["always 0.5"], "brier": [0.25],
                                             "knowable_in_2018": [True]})),
], ids=["claims", "series", "decades", "brier"])
def test_figures_have_titles_and_axis_labels(make) -> None:
    fig = make()
    for ax in fig.axes:
        if ax.axison:
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plots.plt.close(fig)


def test_series_refuses_more_lines_than_it_can_tell_apart() -> None:
    table = pd.DataFrame(np.zeros((2, 8)), columns=list("abcdefgh"))
    with pytest.raises(ValueError, match="at most 7 lines"):
        figures.plot_series(table, "T", "x", "y")


def test_exchange_figure_labels_counts_and_weights_and_says_when_there_are_no_events(
        recwarn) -> None:
    from coursekit.dependence import directed_events, exchange_matrix

    counts = exchange_matrix(directed_events("iran", "russia", 2022, 2025))
    ax = figures.plot_exchange(counts)
    assert ax.get_xlabel() == "events"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(counts.index)
    weights = exchange_matrix(directed_events("iran", "russia", 2022, 2025), value="goldstein")
    assert figures.plot_exchange(weights).get_xlabel() == "summed Goldstein weight"
    empty = figures.plot_exchange(exchange_matrix(directed_events("iran", "russia", 1800, 1800)))
    assert empty.get_legend() is None
    assert [t.get_text() for t in empty.texts] == ["no events between these actors in these years"]
    assert not [w for w in recwarn if "No artists" in str(w.message)]


def test_decade_figure_takes_the_periods_the_index_takes() -> None:
    # figures listed the periods again, in another message, beside timeseries' own list
    from coursekit.timeseries import PERIODS

    index = coursekit.cooperation_index("iran", "russia", by="century")
    assert figures.plot_decade_index(index, "t", period="century").axes[0].get_xlabel() == (
        "Century")
    with pytest.raises(ValueError, match="valid periods: " + ", ".join(sorted(PERIODS))):
        figures.plot_decade_index(index, "t", period="month")
