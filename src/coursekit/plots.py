"""Figures for the lessons and widgets: plain functions that draw on a matplotlib Axes.

Every function takes an optional ``ax``. Without one it makes a new figure with
``matplotlib.pyplot`` (so it shows up in a notebook cell); with one it draws there, which
is how the widgets redraw one reused figure quickly. Each returns the Axes it drew on, with
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


def figure_svg(fig: Figure) -> str:
    """Render a figure to SVG text (deterministic; text stays selectable text).

    Widgets redraw with this: on this machine it is two to three times faster than
    :func:`figure_png`, because text is not rasterised glyph by glyph.

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
    with matplotlib.rc_context(_SVG_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
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


def draw_signed_network(
    G: nx.Graph,
    ax: Axes | None = None,
    highlight: str | None = None,
    ties: str = "both",
    pos: Mapping[str, tuple[float, float]] | None = None,
    title: str | None = None,
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

    shown = [
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if ties == "both" or _tie_kind(d.get("sign", 1)) == ties
    ]
    for kind in ("cooperative", "hostile"):
        for emphasised in (False, True):
            segments, widths = [], []
            for u, v, d in shown:
                if _tie_kind(d.get("sign", 1)) != kind:
                    continue
                touches = highlight is not None and highlight in (u, v)
                if touches != emphasised:
                    continue
                segments.append([pos[u], pos[v]])
                widths.append(1.0 + 1.2 * d.get("strength", 1))
            if not segments:
                continue
            faded = highlight is not None and not emphasised
            collection = LineCollection(
                segments,
                colors=COLORS[kind],
                linestyles=_LINESTYLE[kind],
                linewidths=widths,
                alpha=0.25 if faded else 0.9,
                zorder=2 if emphasised else 1,
                label=f"{kind} ties",
            )
            collection.set_gid(kind)
            ax.add_collection(collection)

    active = set(G.nodes)
    names = list(pos)
    xy = np.array([pos[n] for n in names])
    colours = [COLORS["node"] if n in active else COLORS["inactive"] for n in names]
    edges = [COLORS["highlight"] if n == highlight else "#555555" for n in names]
    widths = [3.0 if n == highlight else 0.8 for n in names]
    sizes = [420 if n == highlight else 260 for n in names]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, edgecolors=edges, linewidths=widths,
               zorder=3)
    for n, (x, y) in zip(names, xy):
        ax.annotate(
            n,
            (x, y),
            xytext=(0, -14 if y < 0 else 12),
            textcoords="offset points",
            ha="center",
            va="top" if y < 0 else "bottom",
            fontsize=8,
            fontweight="bold" if n == highlight else "normal",
            color="#000000" if n in active else "#777777",
            zorder=4,
        )
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title is None:
        year = G.graph.get("year")
        title = "Alliance network" + (f", {year}" if year is not None else "")
        if highlight is not None:
            title += f" ({highlight} highlighted)"
    ax.set_title(title)
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
    return ax


def plot_cooperation(
    events: pd.DataFrame,
    ax: Axes | None = None,
    title: str = "Cooperation and conflict over time",
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

    Returns
    -------
    matplotlib Axes
        With the title, "Date" on x and the Goldstein weight on y. If ``events`` is empty
        the Axes says so instead of plotting.

    Examples
    --------
    >>> from coursekit import events_between
    >>> fig, ax = new_figure()
    >>> ax = plot_cooperation(events_between("iran", "russia"), ax=ax, title="Iran–Russia")
    >>> ax.get_xlabel()
    'Date'
    """
    ax = _axes(ax, 8, 4)
    ax.set_title(title)
    ax.set_xlabel("Date")
    ax.set_ylabel("Goldstein weight\n(−10 conflict … +10 cooperation)")
    ax.set_ylim(-10.5, 10.5)
    ax.axhline(0, color="#555555", linewidth=0.8, zorder=1)
    if events.empty:
        ax.text(0.5, 0.5, "No events match these filters", transform=ax.transAxes,
                ha="center", va="center", fontsize=11, color="#555555")
        ax.set_xticks([])
        return ax
    dates = pd.to_datetime(events["date"]).to_numpy()
    weights = events["goldstein"].to_numpy(dtype=float)
    ax.vlines(dates, 0, weights, colors="#BBBBBB", linewidth=0.8, zorder=1)
    groups = [
        (weights > 0, COLORS["cooperative"], "o", "cooperative event"),
        (weights < 0, COLORS["hostile"], "v", "conflictual event"),
        (weights == 0, COLORS["neutral"], "s", "neutral event"),
    ]
    for mask, colour, marker, label in groups:
        if mask.any():
            ax.scatter(dates[mask], weights[mask], c=colour, marker=marker, s=36,
                       edgecolors="#333333", linewidths=0.5, zorder=3, label=label)
    years = pd.DatetimeIndex(dates).year
    if years.nunique() > 1:
        means = pd.Series(weights).groupby(years).mean()
        ax.step(pd.to_datetime(means.index.astype(str), format="%Y"), means.to_numpy(),
                where="post", color="#000000", linewidth=1.2, zorder=2,
                label="mean weight per year")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    return ax


def plot_agreement(
    table: pd.DataFrame,
    actor_a: str,
    actor_b: str,
    ax: Axes | None = None,
    title: str | None = None,
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
    ax.set_title(title or f"Positions in 2018: {actor_a} vs {actor_b}")
    ax.set_xlabel("position on the proposition (−2 strongly against … +2 strongly for)")
    ax.set_ylabel("issue")
    ax.set_xlim(-2.5, 2.5)
    ax.axvline(0, color="#BBBBBB", linewidth=0.8, zorder=0)
    if table.empty:
        ax.text(0.5, 0.5, "No issues on which both actors have a position",
                transform=ax.transAxes, ha="center", va="center", color="#555555")
        ax.set_yticks([])
        return ax
    labels = [str(label) for label in table["label"]][::-1]
    a = table["position_a"].to_numpy(dtype=float)[::-1]
    b = table["position_b"].to_numpy(dtype=float)[::-1]
    agree = table["agree"].to_numpy(dtype=bool)[::-1]
    y = np.arange(len(labels))
    for kind, mask, style in (("agree", agree, "solid"), ("diverge", ~agree, (0, (4, 2)))):
        if mask.any():
            segments = [[(a[i], y[i]), (b[i], y[i])] for i in np.flatnonzero(mask)]
            ax.add_collection(LineCollection(segments, colors="#555555", linestyles=style,
                                             linewidths=2, zorder=1, label=kind))
    ax.scatter(a, y + 0.08, marker="o", s=70, c=COLORS["actor_a"], edgecolors="#222222",
               zorder=3, label=actor_a)
    ax.scatter(b, y - 0.08, marker="s", s=70, c=COLORS["actor_b"], edgecolors="#222222",
               zorder=3, label=actor_b)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_xticks([-2, -1, 0, 1, 2])
    handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=COLORS["actor_a"],
               markeredgecolor="#222222", label=actor_a),
        Line2D([], [], marker="s", linestyle="", markerfacecolor=COLORS["actor_b"],
               markeredgecolor="#222222", label=actor_b),
        Line2D([], [], color="#555555", linestyle="solid", label="agree (same side)"),
        Line2D([], [], color="#555555", linestyle=(0, (4, 2)), label="diverge"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4,
              fontsize=8, frameon=False)
    return ax


def plot_verdict(result, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Horizontal bars: how much each criterion pushes the verdict, and which way.

    Parameters
    ----------
    result : coursekit.verdict.VerdictResult
        The result of :func:`coursekit.verdict.verdict`.
    ax : matplotlib Axes, optional
    title : str, optional
        Defaults to "Verdict: <label> (score <score>)".

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
    y = np.arange(len(labels))
    colours = [COLORS["cooperative"] if v > 0 else COLORS["hostile"] for v in values]
    hatches = ["" if v > 0 else "//" for v in values]
    bars = ax.barh(y, values, color=colours, edgecolor="#333333", linewidth=0.6)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    ax.axvline(0, color="#000000", linewidth=1)
    ax.axvline(result.score, color="#000000", linewidth=1.5, linestyle=":")
    ax.set_yticks(y, labels, fontsize=8)
    limit = max(0.25, float(np.abs(values).max(initial=0)) * 1.15, abs(result.score) * 1.15)
    ax.set_xlim(-limit, limit)
    ax.set_xlabel("weighted contribution to the score\n"
                  "(← marriage of convenience · strategic partnership →)")
    ax.set_ylabel("criterion")
    ax.set_title(title or f"Verdict: {result.label} (score {result.score:+.2f})")
    handles = [
        Patch(facecolor=COLORS["cooperative"], edgecolor="#333333",
              label="towards partnership"),
        Patch(facecolor=COLORS["hostile"], edgecolor="#333333", hatch="//",
              label="towards convenience"),
        Line2D([], [], color="#000000", linestyle=":", label="total score"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3,
              fontsize=8, frameon=False)
    return ax
