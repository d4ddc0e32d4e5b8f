"""The figure functions: titles, labels, line styles, colours and a fixed layout."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.dates import date2num  # noqa: E402

import coursekit  # noqa: E402
from coursekit import plots  # noqa: E402
from coursekit.verdict import verdict  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _collections(ax, gid):
    return [c for c in ax.collections if isinstance(c, LineCollection) and c.get_gid() == gid]


def _is_dashed(collection):
    return all(offset is not None and dashes is not None
               for offset, dashes in collection.get_linestyles())


@pytest.fixture
def toy():
    G = nx.Graph(year=2018)
    G.add_edge("iran", "russia", sign=1, strength=3)
    G.add_edge("iran", "israel", sign=-1, strength=3)
    G.add_edge("russia", "israel", sign=1, strength=1)
    return G


def test_signed_network_styles_ties_by_sign(toy):
    fig, ax = plots.new_figure()
    plots.draw_signed_network(toy, ax=ax)
    coop, hostile = _collections(ax, "cooperative"), _collections(ax, "hostile")
    assert sum(len(c.get_segments()) for c in coop) == 2
    assert sum(len(c.get_segments()) for c in hostile) == 1
    assert all(_is_dashed(c) for c in hostile)
    assert not any(_is_dashed(c) for c in coop)
    assert matplotlib.colors.to_hex(hostile[0].get_edgecolor()[0]) == "#d55e00"
    assert matplotlib.colors.to_hex(coop[0].get_edgecolor()[0]) == "#0072b2"
    assert ax.get_title() == "Alliance network, 2018"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "cooperative (solid)" in legend and "hostile (dashed)" in legend


@pytest.mark.parametrize(("ties", "coop", "hostile"), [("cooperative", 2, 0), ("hostile", 0, 1)])
def test_signed_network_tie_filter(toy, ties, coop, hostile):
    fig, ax = plots.new_figure()
    plots.draw_signed_network(toy, ax=ax, ties=ties)
    assert sum(len(c.get_segments()) for c in _collections(ax, "cooperative")) == coop
    assert sum(len(c.get_segments()) for c in _collections(ax, "hostile")) == hostile


def test_signed_network_highlight_and_bad_arguments(toy):
    fig, ax = plots.new_figure()
    plots.draw_signed_network(toy, ax=ax, highlight="israel")
    assert "Israel highlighted" in ax.get_title()
    with pytest.raises(ValueError, match="tie filter"):
        plots.draw_signed_network(toy, ax=ax, ties="friendly")
    with pytest.raises(ValueError, match="did you mean 'iran'"):
        plots.draw_signed_network(toy, ax=ax, highlight="irann")


def test_layout_is_fixed_across_years():
    pos = plots.network_layout()
    assert set(pos) == set(coursekit.load_actors()["actor_id"])
    offsets = []
    for year in (2012, 2018, 2025):
        fig, ax = plots.new_figure()
        plots.draw_signed_network(coursekit.alliance_network(year), ax=ax)
        offsets.append(ax.collections[-1].get_offsets().tolist())
        assert ax.get_xlim() == (-1.75, 1.75)
    assert offsets[0] == offsets[1] == offsets[2]


def test_no_ax_makes_a_pyplot_figure(toy):
    ax = plots.draw_signed_network(toy)
    assert ax.figure.number in plt.get_fignums()


def test_new_figure_is_not_registered_with_pyplot():
    before = plt.get_fignums()
    fig, ax = plots.new_figure()
    assert plt.get_fignums() == before
    assert plots.figure_png(fig).startswith(b"\x89PNG")


def test_plot_cooperation_labels_and_markers():
    events = coursekit.events_between("iran", "russia")
    fig, ax = plots.new_figure()
    plots.plot_cooperation(events, ax=ax, title="Iran and Russia")
    assert ax.get_title() == "Iran and Russia"
    assert ax.get_xlabel() == "Date"
    assert "Goldstein" in ax.get_ylabel()
    points = sum(len(c.get_offsets()) for c in ax.collections if c.get_label().endswith("event"))
    assert points == len(events)
    markers = {c.get_label() for c in ax.collections if c.get_label().endswith("event")}
    assert markers <= {"cooperative event", "conflictual event", "neutral event"}


def test_plot_cooperation_empty_says_so():
    fig, ax = plots.new_figure()
    empty = coursekit.load_events().iloc[0:0]
    plots.plot_cooperation(empty, ax=ax)
    assert any("No events" in t.get_text() for t in ax.texts)
    assert ax.get_xlabel() == "Date"


def test_plot_agreement():
    table = coursekit.agreement("iran", "russia")
    fig, ax = plots.new_figure()
    plots.plot_agreement(table, "iran", "russia", ax=ax)
    assert ax.get_title() == "Positions in 2018: iran vs russia"
    assert "position" in ax.get_xlabel() and ax.get_ylabel() == "issue"
    assert len(ax.get_yticklabels()) == len(table)
    fig, ax = plots.new_figure()
    plots.plot_agreement(table.iloc[0:0], "iran", "russia", ax=ax)
    assert ax.texts


def test_plot_verdict_bars_and_hatching():
    result = verdict()
    fig, ax = plots.new_figure()
    plots.plot_verdict(result, ax=ax)
    assert ax.get_title().startswith(f"Verdict: {result.label}")
    assert ax.get_xlabel() and ax.get_ylabel() == "criterion"
    bars = ax.patches
    assert len(bars) == len(result.criteria)
    for bar in bars:
        assert (bar.get_hatch() == "//") == (bar.get_width() < 0)


def test_importing_coursekit_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import coursekit, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_figure_svg_is_what_savefig_writes():
    import io

    events = coursekit.events_between("iran", "russia")
    fig, ax = plots.new_figure()
    plots.plot_cooperation(events, ax=ax, title="Iran and Russia")
    buffer = io.StringIO()
    with matplotlib.rc_context(plots.SVG_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = plots.figure_svg(fig)
    assert svg == plots._lighter_svg(buffer.getvalue()) and svg == plots.figure_svg(fig)
    assert "Iran and Russia" in svg  # text kept as text
    assert "<metadata>" not in svg and len(svg) < len(buffer.getvalue())
    assert not re.search(r'="[^"]*\d\.\d\d', svg), "coordinates to 0.1 pt"


def _draw(function, *args, redraw=None, **kwargs):
    """Draw on a new figure, or through ``redraw`` (a plots.Redraw); return SVG and Axes."""
    if redraw is None:
        fig, ax = plots.new_figure()
        function(*args, ax=ax, **kwargs)
    else:
        ax = redraw.ax
        function(*args, reuse=redraw, **kwargs)
    return plots.figure_svg(ax.figure), ax


@pytest.mark.parametrize(("function", "first", "second"), [
    (plots.draw_signed_network, (coursekit.alliance_network(2018),),
     (coursekit.alliance_network(2012),)),
    (plots.plot_cooperation, (coursekit.load_events(),),
     (coursekit.events_between("iran", "russia"),)),
    (plots.plot_agreement, (coursekit.agreement("iran", "russia"), "iran", "russia"),
     (coursekit.agreement("iran", "israel"), "iran", "israel")),
    (plots.plot_verdict, (verdict(),), (verdict({"israel": 0.0}),)),
])
def test_reuse_redraws_in_place_like_a_fresh_drawing(function, first, second):
    redraw = plots.Redraw(plots.new_figure()[1])
    _, ax = _draw(function, *first, redraw=redraw)
    artists = list(ax.get_children())
    svg, _ = _draw(function, *second, redraw=redraw)
    assert svg == _draw(function, *second)[0]
    assert len(ax.get_children()) == len(artists)
    assert set(ax.collections) <= set(artists)  # updated, not drawn again
    # an Axes holding anything else is cleared first
    ax.plot([0, 1], [0, 1], label="something else")
    svg, _ = _draw(function, *first, redraw=redraw)
    assert "something else" not in [line.get_label() for line in ax.lines]
    assert svg == _draw(function, *first)[0]


def test_redraw_keeps_nothing_on_the_axes_and_belongs_to_one():
    fig, ax = plots.new_figure()
    redraw = plots.Redraw(ax)
    before = set(vars(ax))
    plots.draw_signed_network(coursekit.alliance_network(2018), reuse=redraw)
    assert set(vars(ax)) - before == set()  # the cache lives on the Redraw, not the Axes
    assert redraw.kind == "network"
    _, other = plots.new_figure()
    with pytest.raises(ValueError, match="another Axes"):
        plots.draw_signed_network(coursekit.alliance_network(2018), ax=other, reuse=redraw)


def test_without_reuse_draws_over_what_is_there(toy):
    fig, ax = plots.new_figure()
    plots.draw_signed_network(toy, ax=ax)
    plots.draw_signed_network(toy, ax=ax)
    assert sum(len(c.get_segments()) for c in _collections(ax, "cooperative")) == 4


def test_plot_cooperation_fits_the_events_and_legend_lists_what_is_shown():
    events = coursekit.events_between("iran", "russia")
    fig, ax = plots.new_figure()
    plots.plot_cooperation(events, ax=ax)
    dates = events["date"]
    low, high = ax.get_xlim()
    assert low <= date2num(dates.min()) <= high
    assert low <= date2num(dates.max()) <= high
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert 2 <= len(ticks) <= 8 and all(t.isdigit() for t in ticks)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    shown = {"cooperative event": (events["goldstein"] > 0).any(),
             "conflictual event": (events["goldstein"] < 0).any(),
             "neutral event": (events["goldstein"] == 0).any()}
    assert [label for label in legend if label in shown] == [k for k, v in shown.items() if v]


def test_network_labels_are_actor_names_not_ids(toy):
    fig, ax = plots.new_figure()
    plots.draw_signed_network(toy, ax=ax)
    labels = {text.get_text() for text in ax.texts}
    assert {"Israel", "Syrian\ngovernment", "HTS"} <= labels
    assert not labels & {"syria_gov", "saudi_arabia", "un_security_council"}
