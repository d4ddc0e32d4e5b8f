"""Figures for the lessons and widgets: plain functions that draw on a matplotlib Axes.

Every function takes an optional ``ax``. Without one it makes a new figure with
``matplotlib.pyplot`` (so it shows up in a notebook cell); with one it draws there. Given
a :class:`Redraw` as ``reuse=`` it redraws that object's Axes in place, updating the artists
it drew there last time (how the widgets redraw their one figure quickly); the result looks
as if the Axes had been cleared first. Each returns the Axes it drew on, with
a title, axis labels (or, for the network, a legend) and colours from the Okabe–Ito
palette, which stays distinguishable for colour-blind readers. Colour is never the only
cue: cooperative ties are **solid** lines, hostile ties **dashed**; positive and negative
bars differ by hatching; the two actors of a comparison by marker shape.

matplotlib is imported inside this module only, so ``import coursekit`` stays cheap. Only
matplotlib's public API is used (figures render with ``Figure.savefig``).

Over 500 lines: four figure functions, each beside the builder of the artists that its
in-place redraw updates, and the :class:`Redraw` they share; the network's layout by camp;
:func:`show` (a figure with alt text) and :func:`place_labels` (labels that do not
overlap), which :mod:`coursekit.maps` and :mod:`coursekit.figures` share; about half the
lines are docstrings and examples.

References
----------
.. [1] Okabe, M. and Ito, K. (2008). "Color Universal Design (CUD): How to make figures and
   presentations that are friendly to colorblind people." https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Mapping
from typing import Any

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
from .ties import TIES, filter_ties, tie_kind

__all__ = [
    "CAMP_ANCHORS",
    "NETWORK_ORDER",
    "COLORS",
    "EVENT_GROUPS",
    "SHOW_DPI",
    "SVG_RC",
    "TIES",
    "Redraw",
    "actor_label",
    "actor_names",
    "camp_order",
    "draw_signed_network",
    "figure_png",
    "figure_renderer",
    "figure_svg",
    "network_camps",
    "network_layout",
    "new_figure",
    "place_labels",
    "plain_figure",
    "plot_agreement",
    "plot_cooperation",
    "plot_verdict",
    "show",
    "tie_crossings",
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

_LINESTYLE = {"cooperative": "solid", "hostile": (0, (4, 2.5))}


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


def figure_png(fig: Figure, dpi: int = 72, tight: bool = False) -> bytes:
    """Render a figure to PNG bytes with the Agg renderer (no display needed).

    Uses light compression (zlib level 1): a slightly larger file, encoded several times
    faster, which matters when a widget redraws on every control change. ``tight=True``
    trims the margins and compresses at zlib's default level instead (a figure shown in a
    lesson). Not Pillow's ``optimize``: it tries several encodings, about 20 % of a figure's
    whole rendering time for 3 % fewer bytes, and ``coursekit execute`` re-encodes stored
    figures with a palette anyway (:func:`coursekit.execute.lighter_png`).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    if tight:  # trimmed to what is drawn, and compressed harder (for a notebook's output)
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight",
                    metadata={"Software": None}, pil_kwargs={"compress_level": 6})
    else:
        fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


# SVG with text kept as text: no glyph rasterising, which is most of the cost of a PNG;
# a fixed hash salt and no date make the output deterministic.
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "coursekit"}


def figure_svg(fig: Figure) -> str:
    """Render a figure to SVG text (deterministic; text stays selectable text).

    Widgets redraw with this: it is faster than :func:`figure_png`, because text is not
    rasterised glyph by glyph. It is ``fig.savefig(..., format="svg")`` with the rcParams
    :data:`SVG_RC` and no date in the metadata.

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
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return _lighter_svg(buffer.getvalue())


_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SVG_ATTRIBUTE = re.compile(r'="([^"]*)"')
_SVG_DECIMALS = re.compile(r"(\d\.\d)\d+")


def _lighter_svg(svg: str) -> str:
    """``svg`` without its RDF metadata block and with coordinates to 0.1 pt (a fifth
    lighter; 0.1 pt is far below a pixel). Only attribute values are rounded: the text
    the figure shows stays as it is.

    Examples
    --------
    >>> _lighter_svg('<svg><metadata>x</metadata><path d="M 1.234567 2 L 3.25 4"/>'
    ...              '<text>pi is 3.14159</text></svg>')
    '<svg><path d="M 1.2 2 L 3.2 4"/><text>pi is 3.14159</text></svg>'
    """
    svg = _SVG_METADATA.sub("", svg, count=1)
    return _SVG_ATTRIBUTE.sub(lambda m: '="' + _SVG_DECIMALS.sub(r"\1", m.group(1)) + '"', svg)


#: The two sides of the Syrian war the network layout groups actors by (see network_layout).
CAMP_ANCHORS = ("syria_gov", "iran")


def network_camps() -> dict[str, int]:
    """Which camp each actor is in, from the data: +1 with Damascus, −1 against, 0 neither.

    An actor's camp is the sign of the sum of the signs of all its ties, 2011–2025, to
    the Syrian government and to Iran (:data:`CAMP_ANCHORS`), both of which are in the
    +1 camp. Actors with no such ties (or a sum of 0) are in camp 0.

    Examples
    --------
    >>> camps = network_camps()
    >>> camps["russia"], camps["usa"], camps["un_security_council"]
    (1, -1, 0)
    """
    return dict(_camps())


@functools.lru_cache(maxsize=1)
def _camps() -> dict[str, int]:
    from .network import FIRST_YEAR, LAST_YEAR, alliance_network

    total = dict.fromkeys(load_actors()["actor_id"], 0)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for u, v, d in alliance_network(year).edges(data=True):
            for a, b in ((u, v), (v, u)):
                if b in CAMP_ANCHORS and a in total:
                    total[a] += d.get("sign", 1)
    camps = {actor: int(np.sign(value)) for actor, value in total.items()}
    camps.update(dict.fromkeys(CAMP_ANCHORS, 1))
    return camps


#: The order of the actors around the network's circle (clockwise, from the lower left):
#: the output of :func:`camp_order`, stored so that drawing does not search again. A test
#: checks that it still is what :func:`camp_order` finds from the data.
NETWORK_ORDER = (
    "hezbollah", "iran", "pmf", "iraq", "syria_gov", "russia",  # with Damascus
    "eu", "uk", "israel", "usa", "sdf", "turkey", "hts", "isis", "syria_opposition",
    "saudi_arabia",  # against Damascus: the EU and the UK sanction it from 2011
    "un_security_council",  # neither camp
)


def _circle(order: list[str] | tuple[str, ...]) -> dict[str, tuple[float, float]]:
    n = len(order)
    first = 180.0 + 360.0 * (sum(1 for a in order if _camps().get(a) == 1) - 1) / 2 / n
    return {a: (math.cos(math.radians(first - 360.0 * i / n)),
                math.sin(math.radians(first - 360.0 * i / n))) for i, a in enumerate(order)}


@functools.lru_cache(maxsize=32)
def _ties_of(year: int) -> tuple[tuple[str, str], ...]:
    from .network import alliance_network

    return tuple(alliance_network(year).edges)


def tie_crossings(pos: Mapping[str, tuple[float, float]], years: range | None = None) -> int:
    """How many pairs of ties cross when drawn as straight lines, summed over the years.

    Parameters
    ----------
    pos : mapping
        ``{actor_id: (x, y)}``.
    years : range, optional
        Defaults to every year of the network, 2011–2025.

    Examples
    --------
    >>> tie_crossings(network_layout()) < tie_crossings(_circle(sorted(network_layout())))
    True
    """
    from .network import FIRST_YEAR, LAST_YEAR

    total = 0
    for year in years or range(FIRST_YEAR, LAST_YEAR + 1):
        ties = [(pos[u], pos[v]) for u, v in _ties_of(year)]
        if len(ties) < 2:
            continue
        a = np.array([t[0] for t in ties])[:, None]
        b = np.array([t[1] for t in ties])[:, None]
        c, d = a.transpose(1, 0, 2), b.transpose(1, 0, 2)

        def side(p, q, r):
            return np.sign((q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1])
                           - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0]))

        crossing = (side(a, b, c) * side(a, b, d) < 0) & (side(c, d, a) * side(c, d, b) < 0)
        total += int(crossing.sum()) // 2
    return total


def camp_order() -> tuple[str, ...]:
    """Search the order of the actors on the circle: camps together, ties crossing little.

    Start from the camps in a row (+1, 0, −1; alphabetical within each), then swap two
    actors whenever that keeps every camp on one arc and lowers :func:`tie_crossings`,
    until no swap helps (a local optimum; the search is deterministic). Takes about a
    second, so the result is stored as :data:`NETWORK_ORDER`.

    Examples
    --------
    >>> camp_order() == NETWORK_ORDER
    True
    """
    camps = _camps()
    order = [a for camp in (1, 0, -1) for a in sorted(x for x in camps if camps[x] == camp)]
    best = tie_crossings(_circle(order))
    improved = True
    while improved:
        improved = False
        for i in range(len(order)):
            for j in range(i + 1, len(order)):
                trial = order[:]
                trial[i], trial[j] = trial[j], trial[i]
                runs = sum(camps[trial[k]] != camps[trial[k - 1]] for k in range(len(trial)))
                if runs > 3:  # a camp split in two
                    continue
                crossings = tie_crossings(_circle(trial))
                if crossings < best:
                    best, order, improved = crossings, trial, True
    return tuple(order)


@functools.lru_cache(maxsize=1)
def _layout() -> dict[str, tuple[float, float]]:
    actors = set(load_actors()["actor_id"])
    order = [a for a in NETWORK_ORDER if a in actors]
    order += sorted(actors - set(order))  # an actor added to the data since: at the end
    return _circle(order)


def network_layout() -> dict[str, tuple[float, float]]:
    """Fixed positions for **all** actors, the same for every year, grouped by camp.

    The actors sit on a circle in the order :data:`NETWORK_ORDER`: each camp
    (:func:`network_camps`) on its own arc — the Syrian government's side on the left,
    actors in neither camp at the top, Damascus's enemies on the right — and, within the
    camps, in the order that makes ties cross least over 2011–2025 (:func:`camp_order`).
    The layout follows from the data alone and is the same every run and every year, so
    a node keeps its place and only the ties change.

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
    >>> pos["iran"][0] < 0 < pos["usa"][0]  # opposite camps, opposite sides
    True
    """
    return dict(_layout())


# ------------------------------------------------------------- redrawing in place
# Each figure function builds a fixed set of artists and then fills them with the data.
# Given a Redraw (how the widgets redraw), an Axes that still holds exactly what the same
# function drew last time keeps those artists -- and its ticks, legend and limits -- and
# only the data-dependent parts are updated: far cheaper than ``ax.clear()`` and a new
# drawing, and it looks the same. Anything else on the Axes (or a cleared Axes) means it
# is cleared and drawn anew.
class Redraw:
    """The artists a figure function drew on one Axes, kept to update them in place.

    Pass the same ``Redraw`` as ``reuse=`` to the figure functions of this module
    (:func:`draw_signed_network`, :func:`plot_cooperation`, :func:`plot_agreement`,
    :func:`plot_verdict`) each time the Axes is redrawn: the result looks as if the Axes
    had been cleared first, but the artists of the last drawing are updated instead of
    being made again. A widget keeps one for its figure.

    Parameters
    ----------
    ax : matplotlib Axes
        The Axes this object remembers drawings on.

    Attributes
    ----------
    ax : matplotlib Axes
    kind : str or None
        Which function drew last (``"network"``, ``"cooperation"``, ...), or None.
    artists : dict
        That function's artists, by role.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> redraw = Redraw(ax)
    >>> from coursekit import alliance_network
    >>> ax = draw_signed_network(alliance_network(2018), ax=ax, reuse=redraw)
    >>> redraw.kind
    'network'
    """

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.kind: str | None = None
        self.artists: dict = {}
        self.children: list = []
        self.key: dict = {}

    def start(self, ax: Axes, kind: str, **key: Any) -> dict | None:
        """The artists ``kind`` drew last time if they can be updated; else clear and None.

        ``key`` holds what the artists were made for (e.g. the node names); a different
        key means they cannot be reused.
        """
        if ax is not self.ax:
            raise ValueError("this Redraw belongs to another Axes: make one per Axes")
        if (self.kind == kind and self.key == key
                and ax.get_children() == self.children):
            return self.artists
        ax.clear()
        self.kind, self.artists, self.key, self.children = None, {}, {}, []
        return None

    def remember(self, kind: str, artists: dict, **key: Any) -> None:
        """Keep ``artists`` (drawn by ``kind`` for ``key``) for the next redraw."""
        self.kind, self.artists, self.key = kind, artists, key
        self.children = self.ax.get_children()


def _start(ax: Axes, reuse: Redraw | None, kind: str, **key: Any) -> dict | None:
    return None if reuse is None else reuse.start(ax, kind, **key)


def _remember(reuse: Redraw | None, kind: str, artists: dict, **key: Any) -> None:
    if reuse is not None:
        reuse.remember(kind, artists, **key)


def _target(ax: Axes | None, reuse: Redraw | None) -> Axes | None:
    return reuse.ax if ax is None and reuse is not None else ax


#: Labels longer than this many characters are wrapped onto two lines in network drawings.
LABEL_WRAP = 11


def actor_names() -> dict[str, str]:
    """``{actor_id: name}`` in the order of ``load_actors()`` (a new dict on each call).

    Examples
    --------
    >>> actor_names()["iran"]
    'Iran'
    """
    actors = load_actors()
    return dict(zip(actors["actor_id"], actors["name"], strict=True))


def actor_label(actor_id: str) -> str:
    """The short label a figure gives an actor: its name from ``actors.csv``, abbreviated.

    A name ending in an acronym in brackets is shown as the acronym; another bracketed
    part is dropped; a label longer than :data:`LABEL_WRAP` characters is wrapped onto two
    lines at a space. An id that is not in the actors table is shown as it is.

    Examples
    --------
    >>> actor_label("hts"), actor_label("iran")
    ('HTS', 'Iran')
    >>> print(actor_label("syria_gov"))
    Syrian
    government
    >>> actor_label("somebody_new")
    'somebody_new'
    """
    name = actor_names().get(actor_id)
    if name is None:
        return actor_id
    bracket = re.search(r"\(([^)]*)\)\s*$", name)
    if bracket:
        inner = bracket.group(1)
        name = inner if inner.isupper() else name[:bracket.start()].strip()
    if len(name) > LABEL_WRAP and " " in name:
        middle = len(name) // 2
        cut = min((i for i, ch in enumerate(name) if ch == " "), key=lambda i: abs(i - middle))
        name = name[:cut] + "\n" + name[cut + 1:]
    return name


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
    labels = []
    for n, (x, y) in zip(names, xy):  # outwards from the circle, so ties never cross them
        norm = math.hypot(x, y) or 1.0
        dx, dy = 14 * x / norm, 14 * y / norm
        ha = "left" if x > 0.3 else "right" if x < -0.3 else "center"
        va = "bottom" if y > 0.3 else "top" if y < -0.3 else "center"
        labels.append(ax.annotate(actor_label(n), (x, y), xytext=(dx, dy),
                                  textcoords="offset points",
                                  ha=ha, va=va, fontsize=8, zorder=4))
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.55, 1.3)
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
    # below the circle of actors and their labels: the legend never covers the drawing
    ax.legend(handles=handles, loc="lower center", fontsize=8, frameon=False, ncols=3,
              borderaxespad=0.1, handlelength=3)
    return {"ties": ties, "nodes": nodes, "labels": labels}


def draw_signed_network(
    G: nx.Graph,
    ax: Axes | None = None,
    highlight: str | None = None,
    ties: str = "both",
    pos: Mapping[str, tuple[float, float]] | None = None,
    title: str | None = None,
    *,
    reuse: Redraw | None = None,
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
    reuse : Redraw, optional
        Redraw ``reuse.ax`` as if it had been cleared first, updating in place the artists
        this function drew there last time (how the widgets redraw quickly); an Axes
        holding anything else is cleared. Without it (the default) the network is drawn
        over whatever ``ax`` holds.

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
    'Alliance network, 2018 (Iran highlighted)'
    >>> redraw = Redraw(ax)
    >>> ax = draw_signed_network(alliance_network(2013), reuse=redraw)
    >>> ax.get_title()
    'Alliance network, 2013'
    """
    check_choice(ties, TIES, "tie filter")
    ax = _axes(_target(ax, reuse))
    pos = dict(network_layout() if pos is None else pos)
    for node in G.nodes:
        if node not in pos:  # an actor we have no fixed place for: put it near the centre
            angle = 2 * math.pi * (sum(map(ord, str(node))) % 360) / 360
            pos[node] = (0.3 * math.cos(angle), 0.3 * math.sin(angle))
    if highlight is not None:
        check_choice(highlight, list(pos), "actor id")
    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float).reshape(-1, 2)

    key = {"names": names, "xy": xy.tolist()}
    state = _start(ax, reuse, "network", **key)
    if state is None:
        state = _network_artists(ax, names, xy)

    shown = filter_ties(G, ties)
    for (kind, emphasised), collection in state["ties"].items():
        segments, widths = [], []
        for u, v, d in shown:
            if tie_kind(d.get("sign", 1)) != kind:
                continue
            touches = highlight is not None and highlight in (u, v)
            if touches != emphasised:
                continue
            segments.append([pos[u], pos[v]])
            widths.append(0.7 + 0.7 * d.get("strength", 1))
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
            title += f" ({' '.join(actor_label(highlight).split())} highlighted)"
    ax.set_title(title)
    _remember(reuse, "network", state, **key)
    return ax


EVENT_GROUPS = (
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
        for name, colour, marker, label in EVENT_GROUPS
    }
    # one short bar per year that has events (NaN breaks between them): no line is drawn
    # through the years without events
    (step,) = ax.plot([], [], color="#000000", linewidth=1.6, zorder=2,
                      solid_capstyle="butt", label="mean weight per year")
    return {"empty": empty, "stems": stems, "groups": groups,
            "step": step, "legend": None}


def plot_cooperation(
    events: pd.DataFrame,
    ax: Axes | None = None,
    title: str = "Cooperation and conflict over time",
    *,
    reuse: Redraw | None = None,
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
    reuse : Redraw, optional
        Redraw ``reuse.ax`` in place, as for :func:`draw_signed_network`.

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

    ax = _axes(_target(ax, reuse), 8, 4)
    state = _start(ax, reuse, "cooperation")
    if state is None:
        state = _cooperation_artists(ax)
    ax.set_title(title, pad=20)
    dates = pd.to_datetime(events["date"]).to_numpy()
    x = date2num(dates) if len(dates) else np.zeros(0)
    weights = events["goldstein"].to_numpy(dtype=float)
    state["empty"].set_visible(events.empty)

    xs = np.column_stack([x, x, np.full_like(x, np.nan)]).ravel()
    ys = np.column_stack([np.zeros_like(weights), weights, np.full_like(weights, np.nan)])
    state["stems"].set_data(xs, ys.ravel())
    state["stems"].set_visible(not events.empty)
    shown = []
    for (name, *_), mask in zip(EVENT_GROUPS, (weights > 0, weights < 0, weights == 0)):
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
        starts = date2num(pd.to_datetime(means.index.astype(str), format="%Y").to_numpy())
        ends = date2num(pd.to_datetime((means.index + 1).astype(str), format="%Y").to_numpy())
        step_x = np.column_stack([starts, ends, np.full_like(starts, np.nan)]).ravel()
        values = np.repeat(means.to_numpy(), 3)
        values[2::3] = np.nan
        step.set_data(step_x, values)
        shown.append(step)
    step.set_visible(years.nunique() > 1)

    if events.empty:
        ax.set_xlim(0, 1)
        ax.set_xticks([])
    else:
        # the limits autoscaling would give (data range + 5 % margins), set directly
        lo, hi = min(x.min(), np.nanmin(step_x)), max(x.max(), np.nanmax(step_x))
        pad = 0.05 * (hi - lo) if hi > lo else 365.0
        ax.set_xlim(lo - pad, hi + pad)
        ax.xaxis.set_major_locator(_year_ticks(lo - pad, hi + pad))
    if state["legend"] != [h.get_label() for h in shown]:  # only remade when it changes
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        if shown:
            # above the plot, under the title: never over the events
            ax.legend(handles=shown, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                      ncols=len(shown), fontsize=8, frameon=False, borderaxespad=0.2,
                      columnspacing=1.0, handletextpad=0.3)
        state["legend"] = [h.get_label() for h in shown]
    _remember(reuse, "cooperation", state)
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
    return {"empty": empty, "connectors": connectors, "a": a, "b": b,
            "legend": legend}


def plot_agreement(
    table: pd.DataFrame,
    actor_a: str,
    actor_b: str,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    reuse: Redraw | None = None,
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
    reuse : Redraw, optional
        Redraw ``reuse.ax`` in place, as for :func:`draw_signed_network`.

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
    ax = _axes(_target(ax, reuse))
    state = _start(ax, reuse, "agreement")
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
    _remember(reuse, "agreement", state)
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
    return {"bars": bars, "score": score}


def plot_verdict(result, ax: Axes | None = None, title: str | None = None, *,
                 reuse: Redraw | None = None) -> Axes:
    """Horizontal bars: how much each criterion pushes the verdict, and which way.

    Parameters
    ----------
    result : coursekit.verdict.VerdictResult
        The result of :func:`coursekit.verdict.verdict`.
    ax : matplotlib Axes, optional
    title : str, optional
        Defaults to "Verdict: <label> (score <score>)".
    reuse : Redraw, optional
        Redraw ``reuse.ax`` in place, as for :func:`draw_signed_network`.

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
    ax = _axes(_target(ax, reuse))
    table = result.criteria
    labels = [str(label) for label in table["label"]][::-1]
    values = table["contribution"].to_numpy(dtype=float)[::-1]
    state = _start(ax, reuse, "verdict", labels=labels)
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
    _remember(reuse, "verdict", state, labels=labels)
    return ax


# ------------------------------------------------------------------- showing figures
def show(fig: Figure, alt: str) -> None:
    """Display a figure in a notebook with alternative text, then close it.

    The alt text goes into the output's display metadata under ``image/png`` →
    ``alt`` (and ``image/svg+xml`` → ``alt``): the key nbconvert's HTML templates read
    for an ``<img alt="...">`` (its ``get_metadata('alt', 'image/png')``), which a screen
    reader speaks instead of the picture. Use it instead of ``plt.show()``.

    Parameters
    ----------
    fig : matplotlib Figure
    alt : str
        One or two sentences saying what the figure shows (not its title again).

    Examples
    --------
    In a notebook cell, ``show(fig, alt="Bars of ... by ...")``. Alt text must say something:

    >>> fig, ax = new_figure()
    >>> show(fig, alt=" ")
    Traceback (most recent call last):
    ...
    ValueError: alt text is empty: say in a sentence what the figure shows
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt text is empty: say in a sentence what the figure shows")
    import base64

    from IPython.display import display

    alt = alt.strip()
    figure_renderer(fig)  # a figure made without pyplot gets a canvas to render with
    # rendered here, not by the notebook's figure formatter: a figure made without pyplot
    # has no PNG formatter until pyplot has drawn once, and the size stays the same
    png = figure_png(fig, dpi=SHOW_DPI, tight=True)
    display({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": repr(fig)},
            raw=True, metadata={"image/png": {"alt": alt}})
    plt.close(fig)


#: Resolution of the figures :func:`show` displays (dots per inch).
SHOW_DPI = 80


def plain_figure(width: float, height: float, **kw: Any) -> Figure:
    """A constrained-layout figure not registered with pyplot (shown with :func:`show`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained", **kw)
    FigureCanvasAgg(fig)
    return fig


def figure_renderer(fig: Figure, freeze: bool = False):
    """The figure's renderer, after a layout pass; ``freeze`` then fixes the layout.

    Text placed by measuring it (:func:`place_labels`) must be placed where the Axes will
    stay, so the layout engine runs once and is then switched off.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    if freeze and fig.get_layout_engine() is not None:
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
    return fig.canvas.get_renderer()


# ------------------------------------------------------------------------- labels
def _overlaps(box, boxes, pad: float = 2.0) -> bool:
    return any(box.x0 - pad < b.x1 and b.x0 - pad < box.x1 and box.y0 - pad < b.y1
               and b.y0 - pad < box.y1 for b in boxes)


_OFFSETS = [(6, 4, "left", "bottom"), (6, -4, "left", "top"), (-6, 4, "right", "bottom"),
            (-6, -4, "right", "top"), (0, 8, "center", "bottom"), (0, -8, "center", "top"),
            (10, 0, "left", "center"), (-10, 0, "right", "center"),
            (14, 14, "left", "bottom"), (-14, -14, "right", "top"),
            (14, -14, "left", "top"), (-14, 14, "right", "bottom")]


def place_labels(ax: Axes, xy: Any, texts: list[str], avoid: list | None = None,
                 fontsize: float = 8, background: bool = False) -> list:
    """Label points so that no label overlaps another label, a point or ``avoid``.

    Each label tries a fixed list of positions around its point (right-above first) and
    takes the first free one: deterministic, and good enough for a few dozen labels.

    Parameters
    ----------
    ax : matplotlib Axes
    xy : array-like of shape (n, 2)
        The points, in data coordinates.
    texts : list of str
    avoid : list of artists, optional
        Other artists (a legend, a rectangle) the labels must not cover.
    fontsize : float
    background : bool
        Put a light, slightly transparent box behind every label, so that a line drawn
        under it (a road, a border) does not cross its letters.

    Returns
    -------
    list of matplotlib.text.Annotation

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> labels = place_labels(ax, [(0, 0), (0.01, 0)], ["first", "second"])
    >>> renderer = fig.canvas.get_renderer()
    >>> a, b = (t.get_window_extent(renderer) for t in labels)
    >>> bool(a.overlaps(b))
    False
    """
    renderer = figure_renderer(ax.get_figure(), freeze=True)
    points = np.asarray(xy, dtype=float).reshape(-1, 2)
    pixels = ax.transData.transform(points) if len(points) else points
    from matplotlib.transforms import Bbox

    taken = [Bbox.from_extents(x - 4, y - 4, x + 4, y + 4) for x, y in pixels]
    obstacles = [artist.get_window_extent(renderer) for artist in (avoid or [])]
    frame = ax.get_window_extent(renderer)
    labels = []
    for (x, y), text in zip(points, texts):
        chosen = None
        # first a place free of everything; failing that, one free of other labels and
        # points, on a white box that hides the line or patch behind it
        for blocked, boxed in ((taken + obstacles, False), (taken, True)):
            for dx, dy, ha, va in _OFFSETS:
                label = ax.annotate(
                    text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                    fontsize=fontsize, zorder=6,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5} if boxed
                    else None)
                box = label.get_window_extent(renderer)
                inside = (frame.x0 <= box.x0 and box.x1 <= frame.x1
                          and frame.y0 <= box.y0 and box.y1 <= frame.y1)
                if inside and not _overlaps(box, blocked):
                    chosen = label
                    break
                label.remove()
            if chosen is not None:
                break
        if chosen is None:  # nowhere free: the first place
            dx, dy, ha, va = _OFFSETS[0]
            chosen = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                                 ha=ha, va=va, fontsize=fontsize, zorder=6)
        if background and chosen.get_bbox_patch() is None:
            chosen.set_bbox({"facecolor": "white", "alpha": 0.7, "edgecolor": "none",
                             "boxstyle": "square,pad=0.1"})
        taken.append(chosen.get_window_extent(renderer))
        labels.append(chosen)
    return labels
