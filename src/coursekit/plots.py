"""Figures for the lessons and widgets: plain functions that draw on a matplotlib Axes.

Every function takes an optional ``ax``. Without one it makes a new figure with
``matplotlib.pyplot`` (so it shows up in a notebook cell); with one it draws there. With
``reuse=True`` it redraws that Axes in place, updating the artists it drew there last time
(how the widgets redraw their one figure quickly); the result looks as if the Axes had
been cleared first. Each returns the Axes it drew on, with
a title, axis labels (or, for the network, a legend) and colours from the Okabe–Ito
palette, which stays distinguishable for colour-blind readers. Colour is never the only
cue: cooperative ties are **solid** lines, hostile ties **dashed**; positive and negative
bars differ by hatching; the two actors of a comparison by marker shape.

matplotlib is imported inside this module only, so ``import coursekit`` stays cheap.

References
----------
.. [1] Okabe, M. and Ito, K. (2008). "Color Universal Design (CUD): How to make figures and
   presentations that are friendly to colorblind people." https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._validate import check_choice
from .loaders import load_actors

__all__ = [
    "COLORS",
    "TIES",
    "draw_signed_network",
    "figure_png",
    "figure_svg",
    "network_layout",
    "new_figure",
    "plot_agreement",
    "plot_cooperation",
    "plot_verdict",
]

#: Okabe–Ito colours used throughout the course.
COLORS = {
    "cooperative": "#0072B2",  # blue
    "hostile": "#D55E00",  # vermillion
    "neutral": "#999999",  # grey
    "actor_a": "#0072B2",
    "actor_b": "#E69F00",  # orange
    "highlight": "#000000",
    "node": "#F0E442",  # yellow
    "inactive": "#DDDDDD",
}

#: The tie filters accepted by :func:`draw_signed_network`.
TIES = ("both", "cooperative", "hostile")

_LINESTYLE = {"cooperative": "solid", "hostile": (0, (5, 3))}


def new_figure(
    width: float = 7.0,
    height: float = 5.0,
    margins: tuple[float, float, float, float] = (0.1, 0.1, 0.97, 0.9),
) -> tuple[Figure, Axes]:
    """A figure and Axes that are *not* registered with pyplot (no window, no leak).

    The widgets reuse one such figure and redraw it; since pyplot does not know about
    it, ``plt.get_fignums()`` stays empty and nothing is shown twice. The margins are
    fixed (``left, bottom, right, top`` as fractions of the figure) rather than computed
    by a layout engine at every draw, which keeps redraws fast.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> import matplotlib.pyplot as plt
    >>> plt.get_fignums()
    []
    """
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_subplot()
    left, bottom, right, top = margins
    fig.subplots_adjust(left=left, bottom=bottom, right=right, top=top)
    return fig, ax


def _axes(ax: Axes | None, width: float = 7.0, height: float = 5.0) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def figure_png(fig: Figure, dpi: int = 72) -> bytes:
    """Render a figure to PNG bytes with the Agg renderer (no display needed).

    Uses light compression (zlib level 1): a slightly larger file, encoded several times
    faster, which matters when a widget redraws on every control change.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


# SVG with text kept as text: no glyph rasterising, which is most of the cost of a PNG;
# a fixed hash salt and no date make the output deterministic.
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "coursekit"}

# rcParams that decide which font file a FontProperties resolves to.
_FONT_RC = ("font.family", "font.serif", "font.sans-serif", "font.cursive", "font.fantasy",
            "font.monospace", "mathtext.fontset", "text.usetex")

#: Text extents measured by the SVG renderer, kept across renders. matplotlib caches them
#: per renderer only, and every ``savefig`` makes a new renderer, so without this every
#: redraw measured every label again with FreeType (a third of the SVG time).
_TEXT_EXTENTS: dict[tuple, tuple[float, float, float]] = {}
_TEXT_EXTENTS_MAX = 4096
_FONT_HEIGHTS: dict[tuple, tuple] = {}


def _svg_canvas_class():
    """A FigureCanvasSVG whose renderer remembers text extents between renders."""
    global _SVGCanvas
    if _SVGCanvas is not None:
        return _SVGCanvas
    import codecs

    import matplotlib
    from matplotlib import cbook
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

    class _Renderer(RendererSVG):
        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath == "TeX":
                return super().get_text_width_height_descent(s, prop, ismath)
            key = (s, ismath, tuple(vars(prop).items()), self._font_rc)
            extents = _TEXT_EXTENTS.get(key)
            if extents is None:
                extents = super().get_text_width_height_descent(s, prop, ismath)
                if len(_TEXT_EXTENTS) >= _TEXT_EXTENTS_MAX:
                    _TEXT_EXTENTS.clear()
                _TEXT_EXTENTS[key] = extents
            return extents

        def _get_font_height_metrics(self, prop):
            # What Text._get_layout otherwise reads from the font file for every text
            # (ascent, descent and line gap of the font, at the 72 dpi of an SVG render).
            key = (tuple(vars(prop).items()), self._font_rc)
            metrics = _FONT_HEIGHTS.get(key)
            if metrics is None:
                from matplotlib.font_manager import fontManager, get_font

                font = get_font(fontManager._find_fonts_by_props(prop))
                metrics = (None, None, None)
                for table_name, gap, ascent, descent in (
                    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                    ("hhea", "lineGap", "ascent", "descent"),
                ):
                    table = font.get_sfnt_table(table_name)
                    if table is None:
                        continue
                    # matplotlib's arithmetic, at the figure dpi of an SVG render (72)
                    scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] \
                        * prop.get_size_in_points() * 72 / 72
                    metrics = (table[ascent] * scale, -table[descent] * scale,
                               table[gap] * scale)
                    break
                _FONT_HEIGHTS[key] = metrics
            return metrics

    class _Canvas(FigureCanvasSVG):
        # Same as FigureCanvasSVG.print_svg, with the renderer above. print_figure also
        # passes dpi, facecolor, edgecolor and orientation, which SVG output ignores
        # (the figure's colours are already set for the save).
        def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None,
                      **_ignored):
            with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
                if not cbook.file_requires_unicode(fh):
                    fh = codecs.getwriter("utf-8")(fh)
                dpi = self.figure.dpi
                self.figure.dpi = 72
                width, height = self.figure.get_size_inches()
                svg = _Renderer(width * 72, height * 72, fh, image_dpi=dpi,
                                metadata=metadata)
                svg._font_rc = tuple(str(matplotlib.rcParams[k]) for k in _FONT_RC)
                renderer = MixedModeRenderer(self.figure, width, height, dpi, svg,
                                             bbox_inches_restore=bbox_inches_restore)
                self.figure.draw(renderer)
                renderer.finalize()

    _SVGCanvas = _Canvas
    return _Canvas


_SVGCanvas = None


def figure_svg(fig: Figure) -> str:
    """Render a figure to SVG text (deterministic; text stays selectable text).

    Widgets redraw with this: on this machine it is two to three times faster than
    :func:`figure_png`, because text is not rasterised glyph by glyph. The output is the
    same as ``fig.savefig(..., format="svg")``; only the text extents are remembered
    between calls.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> svg = figure_svg(fig)
    >>> svg.lstrip().startswith("<?xml") and "</svg>" in svg
    True
    >>> svg == figure_svg(fig)
    True
    """
    import matplotlib

    buffer = io.StringIO()
    original = fig.canvas
    canvas = _svg_canvas_class()(fig)  # attaches itself to the figure …
    try:
        with matplotlib.rc_context(_SVG_RC):
            canvas.print_figure(buffer, format="svg", metadata={"Date": None})
    finally:
        fig.set_canvas(original)  # … until we put the figure's own canvas back
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def _layout() -> dict[str, tuple[float, float]]:
    actors = list(load_actors()["actor_id"])
    pos = nx.circular_layout(actors)
    return {actor: (float(x), float(y)) for actor, (x, y) in pos.items()}


def network_layout() -> dict[str, tuple[float, float]]:
    """Fixed positions for **all** actors, the same for every year.

    The actors sit on a circle in the order of ``load_actors()``, so a node keeps its
    place when the year changes and only the ties appear and disappear.

    Returns
    -------
    dict
        ``{actor_id: (x, y)}`` with coordinates in [−1, 1].

    Examples
    --------
    >>> pos = network_layout()
    >>> pos == network_layout()
    True
    >>> len(pos) == len(load_actors())
    True
    """
    return dict(_layout())


def _tie_kind(sign: int) -> str:
    return "cooperative" if sign > 0 else "hostile"


# ------------------------------------------------------------- redrawing in place
# Each figure function builds a fixed set of artists and then fills them with the data.
# With ``reuse=True`` (how the widgets redraw) an Axes that still holds exactly what the
# same function drew last time keeps those artists -- and its ticks, legend and limits --
# and only the data-dependent parts are updated: far cheaper than ``ax.clear()`` and a new
# drawing, and it looks the same. Anything else on the Axes (or a cleared Axes) means it
# is cleared and drawn anew.
_STATE = "_coursekit_artists"


def _reusable(ax: Axes, kind: str, reuse: bool, **same) -> dict | None:
    """The artists ``kind`` drew on ``ax`` last time, if they can be reused; else None."""
    state = getattr(ax, _STATE, None) if reuse else None
    if (state is None or state["kind"] != kind or ax.get_children() != state["children"]
            or any(state.get(key) != value for key, value in same.items())):
        if reuse:
            ax.clear()
        return None
    return state


def _remember(ax: Axes, state: dict) -> None:
    state["children"] = ax.get_children()
    setattr(ax, _STATE, state)


def _network_artists(ax: Axes, names: list[str], xy: np.ndarray) -> dict:
    ties = {}
    for kind in ("cooperative", "hostile"):
        for emphasised in (False, True):
            collection = LineCollection(
                [], colors=COLORS[kind], linestyles=_LINESTYLE[kind],
                zorder=2 if emphasised else 1, label=f"{kind} ties",
            )
            collection.set_gid(kind)
            ax.add_collection(collection, autolim=False)
            ties[kind, emphasised] = collection
    nodes = ax.scatter(xy[:, 0], xy[:, 1], zorder=3)
    labels = [
        ax.annotate(n, (x, y), xytext=(0, -14 if y < 0 else 12), textcoords="offset points",
                    ha="center", va="top" if y < 0 else "bottom", fontsize=8, zorder=4)
        for n, (x, y) in zip(names, xy)
    ]
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        Line2D([], [], color=COLORS["cooperative"], linestyle="solid", lw=2.5,
               label="cooperative (solid)"),
        Line2D([], [], color=COLORS["hostile"], linestyle=_LINESTYLE["hostile"], lw=2.5,
               label="hostile (dashed)"),
        Line2D([], [], marker="o", linestyle="", markerfacecolor=COLORS["inactive"],
               markeredgecolor="#555555", label="no tie this year"),
    ]
    # the corners of the square around the circle of actors are empty: room for the legend
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    return {"kind": "network", "names": names, "xy": xy.tolist(), "ties": ties,
            "nodes": nodes, "labels": labels}


def draw_signed_network(
    G: nx.Graph,
    ax: Axes | None = None,
    highlight: str | None = None,
    ties: str = "both",
    pos: Mapping[str, tuple[float, float]] | None = None,
    title: str | None = None,
    *,
    reuse: bool = False,
) -> Axes:
    """Draw a signed network: cooperative ties solid blue, hostile ties dashed vermillion.

    Parameters
    ----------
    G : networkx.Graph
        A signed network with an edge attribute ``sign`` (+1/−1) and optionally
        ``strength`` (1–3, drawn as line width), e.g. from
        :func:`coursekit.alliance_network`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.
    highlight : str, optional
        An actor to emphasise: its node gets a thick outline and its ties are drawn on top;
        the other ties are faded.
    ties : {"both", "cooperative", "hostile"}
        Which ties to draw.
    pos : mapping, optional
        Node positions; defaults to :func:`network_layout`, which is the same every year.
    title : str, optional
        Defaults to "Alliance network, <year>" (the year from ``G.graph["year"]``).
    reuse : bool
        Redraw ``ax`` as if it had been cleared first, updating in place the artists this
        function drew there last time (how the widgets redraw quickly); an Axes holding
        anything else is cleared. Without it (the default) the network is drawn over
        whatever ``ax`` holds.

    Returns
    -------
    matplotlib Axes
        The Axes, with a title and a legend "cooperative (solid)" / "hostile (dashed)".

    Examples
    --------
    >>> from coursekit import alliance_network
    >>> fig, ax = new_figure()
    >>> ax = draw_signed_network(alliance_network(2018), ax=ax, highlight="iran")
    >>> ax.get_title()
    'Alliance network, 2018 (iran highlighted)'
    >>> ax = draw_signed_network(alliance_network(2013), ax=ax, reuse=True)
    >>> ax.get_title()
    'Alliance network, 2013'
    """
    check_choice(ties, TIES, "tie filter")
    ax = _axes(ax)
    pos = dict(network_layout() if pos is None else pos)
    for node in G.nodes:
        if node not in pos:  # an actor we have no fixed place for: put it near the centre
            angle = 2 * math.pi * (sum(map(ord, str(node))) % 360) / 360
            pos[node] = (0.3 * math.cos(angle), 0.3 * math.sin(angle))
    if highlight is not None:
        check_choice(highlight, list(pos), "actor id")
    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float).reshape(-1, 2)

    state = _reusable(ax, "network", reuse, names=names, xy=xy.tolist())
    if state is None:
        state = _network_artists(ax, names, xy)

    shown = [
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if ties == "both" or _tie_kind(d.get("sign", 1)) == ties
    ]
    for (kind, emphasised), collection in state["ties"].items():
        segments, widths = [], []
        for u, v, d in shown:
            if _tie_kind(d.get("sign", 1)) != kind:
                continue
            touches = highlight is not None and highlight in (u, v)
            if touches != emphasised:
                continue
            segments.append([pos[u], pos[v]])
            widths.append(1.0 + 1.2 * d.get("strength", 1))
        faded = highlight is not None and not emphasised
        collection.set_segments(segments)
        collection.set_linewidths(widths or [1.0])
        collection.set_alpha(0.25 if faded else 0.9)
        collection.set_visible(bool(segments))  # an empty one draws nothing anyway

    active = set(G.nodes)
    nodes = state["nodes"]
    nodes.set_sizes([420 if n == highlight else 260 for n in names])
    nodes.set_facecolor([COLORS["node"] if n in active else COLORS["inactive"] for n in names])
    nodes.set_edgecolor([COLORS["highlight"] if n == highlight else "#555555" for n in names])
    nodes.set_linewidths([3.0 if n == highlight else 0.8 for n in names])
    for n, label in zip(names, state["labels"]):
        label.set_fontweight("bold" if n == highlight else "normal")
        label.set_color("#000000" if n in active else "#777777")
    if title is None:
        year = G.graph.get("year")
        title = "Alliance network" + (f", {year}" if year is not None else "")
        if highlight is not None:
            title += f" ({highlight} highlighted)"
    ax.set_title(title)
    _remember(ax, state)
    return ax


_EVENT_GROUPS = (
    # (which weights, colour, marker, label)
    ("cooperative", COLORS["cooperative"], "o", "cooperative event"),
    ("conflictual", COLORS["hostile"], "v", "conflictual event"),
    ("neutral", COLORS["neutral"], "s", "neutral event"),
)


def _year_ticks(lo: float, hi: float):
    """A YearLocator with a round step giving at most about seven ticks between lo and hi."""
    from matplotlib.dates import YearLocator

    span = (hi - lo) / 365.25
    step = next((b for b in (1, 2, 5, 10, 20, 25, 50, 100, 200) if span / b <= 7), 500)
    return YearLocator(step)


def _cooperation_artists(ax: Axes) -> dict:
    from matplotlib.dates import DateFormatter

    ax.set_xlabel("Date")
    ax.set_ylabel("Goldstein weight\n(−10 conflict … +10 cooperation)")
    ax.set_ylim(-10.5, 10.5)
    ax.set_yticks([-10, -5, 0, 5, 10])
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.axhline(0, color="#555555", linewidth=0.8, zorder=1)
    empty = ax.text(0.5, 0.5, "No events match these filters", transform=ax.transAxes,
                    ha="center", va="center", fontsize=11, color="#555555")
    # all stems in one path (NaN breaks between them): one SVG element, not one per event
    (stems,) = ax.plot([], [], color="#BBBBBB", linewidth=0.8, zorder=1,
                       solid_capstyle="butt")
    groups = {
        name: ax.scatter([], [], c=colour, marker=marker, s=36, edgecolors="#333333",
                         linewidths=0.5, zorder=3, label=label)
        for name, colour, marker, label in _EVENT_GROUPS
    }
    (step,) = ax.step([], [], where="post", color="#000000", linewidth=1.2, zorder=2,
                      label="mean weight per year")
    return {"kind": "cooperation", "empty": empty, "stems": stems, "groups": groups,
            "step": step, "legend": None}


def plot_cooperation(
    events: pd.DataFrame,
    ax: Axes | None = None,
    title: str = "Cooperation and conflict over time",
    *,
    reuse: bool = False,
) -> Axes:
    """Plot events on the Goldstein cooperation–conflict scale against their dates.

    Each event is a stem from 0 to its Goldstein weight: cooperative events (weight > 0)
    are blue circles, conflictual ones vermillion triangles pointing down, neutral ones
    grey squares. When more than one year is covered, a black step line shows the mean
    weight per year that has events.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows of :func:`coursekit.load_events` (columns ``date`` and ``goldstein``).
    ax : matplotlib Axes, optional
    title : str
    reuse : bool
        Redraw ``ax`` in place, as for :func:`draw_signed_network`.

    Returns
    -------
    matplotlib Axes
        With the title, "Date" on x (years) and the Goldstein weight on y. If ``events``
        is empty the Axes says so instead of plotting.

    Examples
    --------
    >>> from coursekit import events_between
    >>> fig, ax = new_figure()
    >>> ax = plot_cooperation(events_between("iran", "russia"), ax=ax, title="Iran–Russia")
    >>> ax.get_xlabel()
    'Date'
    """
    from matplotlib.dates import date2num

    ax = _axes(ax, 8, 4)
    state = _reusable(ax, "cooperation", reuse)
    if state is None:
        state = _cooperation_artists(ax)
    ax.set_title(title)
    dates = pd.to_datetime(events["date"]).to_numpy()
    x = date2num(dates) if len(dates) else np.zeros(0)
    weights = events["goldstein"].to_numpy(dtype=float)
    state["empty"].set_visible(events.empty)

    xs = np.column_stack([x, x, np.full_like(x, np.nan)]).ravel()
    ys = np.column_stack([np.zeros_like(weights), weights, np.full_like(weights, np.nan)])
    state["stems"].set_data(xs, ys.ravel())
    state["stems"].set_visible(not events.empty)
    shown = []
    for (name, *_), mask in zip(_EVENT_GROUPS, (weights > 0, weights < 0, weights == 0)):
        group = state["groups"][name]
        group.set_offsets(np.column_stack([x[mask], weights[mask]]))
        group.set_visible(bool(mask.any()))
        if mask.any():
            shown.append(group)
    years = pd.DatetimeIndex(dates).year
    step = state["step"]
    step_x = x
    if years.nunique() > 1:
        means = pd.Series(weights).groupby(years).mean()
        step_x = date2num(pd.to_datetime(means.index.astype(str), format="%Y").to_numpy())
        step.set_data(step_x, means.to_numpy())
        shown.append(step)
    step.set_visible(years.nunique() > 1)

    if events.empty:
        ax.set_xlim(0, 1)
        ax.set_xticks([])
    else:
        # the limits autoscaling would give (data range + 5 % margins), set directly
        lo, hi = min(x.min(), step_x.min()), max(x.max(), step_x.max())
        pad = 0.05 * (hi - lo) if hi > lo else 365.0
        ax.set_xlim(lo - pad, hi + pad)
        ax.xaxis.set_major_locator(_year_ticks(lo - pad, hi + pad))
    if state["legend"] != [h.get_label() for h in shown]:  # only remade when it changes
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        if shown:
            ax.legend(handles=shown, loc="lower left", fontsize=8, frameon=False)
        state["legend"] = [h.get_label() for h in shown]
    _remember(ax, state)
    return ax


def _agreement_artists(ax: Axes) -> dict:
    ax.set_xlabel("position on the proposition (−2 strongly against … +2 strongly for)")
    ax.set_ylabel("issue")
    ax.set_xlim(-2.5, 2.5)
    ax.set_xticks([-2, -1, 0, 1, 2])
    ax.axvline(0, color="#BBBBBB", linewidth=0.8, zorder=0)
    empty = ax.text(0.5, 0.5, "No issues on which both actors have a position",
                    transform=ax.transAxes, ha="center", va="center", color="#555555")
    connectors = {}
    for kind, style in (("agree", "solid"), ("diverge", (0, (4, 2)))):
        connectors[kind] = LineCollection([], colors="#555555", linestyles=style,
                                          linewidths=2, zorder=1, label=kind)
        ax.add_collection(connectors[kind], autolim=False)
    a = ax.scatter([], [], marker="o", s=70, c=COLORS["actor_a"], edgecolors="#222222",
                   zorder=3)
    b = ax.scatter([], [], marker="s", s=70, c=COLORS["actor_b"], edgecolors="#222222",
                   zorder=3)
    handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=COLORS["actor_a"],
               markeredgecolor="#222222", label="actor a"),
        Line2D([], [], marker="s", linestyle="", markerfacecolor=COLORS["actor_b"],
               markeredgecolor="#222222", label="actor b"),
        Line2D([], [], color="#555555", linestyle="solid", label="agree (same side)"),
        Line2D([], [], color="#555555", linestyle=(0, (4, 2)), label="diverge"),
    ]
    legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                       ncol=4, fontsize=8, frameon=False)
    return {"kind": "agreement", "empty": empty, "connectors": connectors, "a": a, "b": b,
            "legend": legend}


def plot_agreement(
    table: pd.DataFrame,
    actor_a: str,
    actor_b: str,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    reuse: bool = False,
) -> Axes:
    """A dumbbell chart of two actors' positions, issue by issue.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`coursekit.agreement` (``label``, ``position_a``,
        ``position_b``, ``agree``).
    actor_a, actor_b : str
        The two actors (for the legend and title).
    ax : matplotlib Axes, optional
    title : str, optional
    reuse : bool
        Redraw ``ax`` in place, as for :func:`draw_signed_network`.

    Returns
    -------
    matplotlib Axes
        Circles for ``actor_a``, squares for ``actor_b``, a solid connector where they agree
        and a dashed one where they diverge.

    Examples
    --------
    >>> from coursekit import agreement
    >>> fig, ax = new_figure()
    >>> ax = plot_agreement(agreement("iran", "russia"), "iran", "russia", ax=ax)
    >>> ax.get_title()
    'Positions in 2018: iran vs russia'
    """
    ax = _axes(ax)
    state = _reusable(ax, "agreement", reuse)
    if state is None:
        state = _agreement_artists(ax)
    ax.set_title(title or f"Positions in 2018: {actor_a} vs {actor_b}")
    empty = table.empty
    state["empty"].set_visible(empty)
    state["legend"].set_visible(not empty)
    labels = [str(label) for label in table["label"]][::-1]
    a = table["position_a"].to_numpy(dtype=float)[::-1]
    b = table["position_b"].to_numpy(dtype=float)[::-1]
    agree = table["agree"].to_numpy(dtype=bool)[::-1]
    y = np.arange(len(labels))
    for kind, mask in (("agree", agree), ("diverge", ~agree)):
        connector = state["connectors"][kind]
        connector.set_segments([[(a[i], y[i]), (b[i], y[i])] for i in np.flatnonzero(mask)])
        connector.set_visible(bool(mask.any()))
    for key, positions, shift, name in (("a", a, 0.08, actor_a), ("b", b, -0.08, actor_b)):
        state[key].set_offsets(np.column_stack([positions, y + shift]))
        state[key].set_label(name)
        state[key].set_visible(not empty)
    for text, name in zip(state["legend"].get_texts(), (actor_a, actor_b)):
        text.set_text(name)
    if empty:
        ax.set_yticks([])
        ax.set_ylim(0, 1)
    else:
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_ylim(-0.7, len(labels) - 0.3)
    _remember(ax, state)
    return ax


def _verdict_artists(ax: Axes, labels: list[str]) -> dict:
    y = np.arange(len(labels))
    bars = list(ax.barh(y, np.zeros(len(labels)), edgecolor="#333333", linewidth=0.6))
    ax.axvline(0, color="#000000", linewidth=1)
    score = ax.axvline(0, color="#000000", linewidth=1.5, linestyle=":")
    ax.set_yticks(y, labels, fontsize=8)
    lo, hi = -0.4, len(labels) - 0.6  # the bars' extent; autoscaling adds 5 % margins
    ax.set_ylim(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
    ax.set_xlabel("weighted contribution to the score\n"
                  "(← marriage of convenience · strategic partnership →)")
    ax.set_ylabel("criterion")
    handles = [
        Patch(facecolor=COLORS["cooperative"], edgecolor="#333333",
              label="towards partnership"),
        Patch(facecolor=COLORS["hostile"], edgecolor="#333333", hatch="//",
              label="towards convenience"),
        Line2D([], [], color="#000000", linestyle=":", label="total score"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3,
              fontsize=8, frameon=False)
    return {"kind": "verdict", "labels": labels, "bars": bars, "score": score}


def plot_verdict(result, ax: Axes | None = None, title: str | None = None, *,
                 reuse: bool = False) -> Axes:
    """Horizontal bars: how much each criterion pushes the verdict, and which way.

    Parameters
    ----------
    result : coursekit.verdict.VerdictResult
        The result of :func:`coursekit.verdict.verdict`.
    ax : matplotlib Axes, optional
    title : str, optional
        Defaults to "Verdict: <label> (score <score>)".
    reuse : bool
        Redraw ``ax`` in place, as for :func:`draw_signed_network`.

    Returns
    -------
    matplotlib Axes
        Bars to the right (blue, plain) push towards "strategic partnership", bars to the
        left (vermillion, hatched) towards "marriage of convenience"; their sum is the score.

    Examples
    --------
    >>> from coursekit.verdict import verdict
    >>> fig, ax = new_figure()
    >>> ax = plot_verdict(verdict(), ax=ax)
    >>> ax.get_title().startswith("Verdict: ")
    True
    """
    ax = _axes(ax)
    table = result.criteria
    labels = [str(label) for label in table["label"]][::-1]
    values = table["contribution"].to_numpy(dtype=float)[::-1]
    state = _reusable(ax, "verdict", reuse, labels=labels)
    if state is None:
        state = _verdict_artists(ax, labels)
    for bar, v in zip(state["bars"], values):
        bar.set_width(v)
        bar.set_facecolor(COLORS["cooperative"] if v > 0 else COLORS["hostile"])
        bar.set_hatch("" if v > 0 else "//")
    state["score"].set_xdata([result.score, result.score])
    limit = max(0.25, float(np.abs(values).max(initial=0)) * 1.15, abs(result.score) * 1.15)
    ax.set_xlim(-limit, limit)
    ax.set_title(title or f"Verdict: {result.label} (score {result.score:+.2f})")
    _remember(ax, state)
    return ax
