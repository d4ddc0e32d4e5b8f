"""The lessons' figures: each a function from the lesson's tables to a Figure.

A lesson cell calls one of these and shows the result with alt text
(:func:`coursekit.plots.show`), so the cell shows the lesson's method, not how a legend
is placed. Colours come from the Okabe–Ito palette (:data:`coursekit.plots.COLORS`) and
are never the only cue: marker shapes, line styles and hatching carry the same meaning.

Over 500 lines: one function per lesson figure (lessons 00, 01 and 04–07), each short;
about half the lines are docstrings and examples.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._validate import check_choice
from .coding import CATEGORIES, obligation_profile, treaty_names
from .plots import COLORS, EVENT_GROUPS, place_labels, plain_figure
from .timeseries import PERIODS

__all__ = [
    "ASTANA_LABELS",
    "OBLIGATION_COLOURS",
    "OBLIGATION_FIGSIZE",
    "OBLIGATION_MARGINS",
    "OBLIGATION_TITLE",
    "ASTANA_TRACKS",
    "AFTER_GROUPS",
    "SERIES_STYLES",
    "astana_tracks",
    "event_group",
    "event_groups",
    "plot_brier",
    "plot_calibration",
    "plot_claims_by_paragraph",
    "plot_decade_index",
    "plot_event_groups",
    "plot_event_history",
    "plot_exchange",
    "plot_human_cost",
    "plot_obligations",
    "plot_series",
    "plot_tracks",
    "plot_weight_map",
]


def _decimal_year(dates: pd.Series) -> np.ndarray:
    dates = pd.to_datetime(dates)
    return (dates.dt.year + (dates.dt.day_of_year - 1) / 366).to_numpy(dtype=float)


def _event_stems(ax: Axes, events: pd.DataFrame) -> list:
    x, w = _decimal_year(events["date"]), events["goldstein"].to_numpy(dtype=float)
    ax.vlines(x, 0, w, color="#999999", linewidth=0.8, zorder=1)
    handles = []
    for (_, colour, marker, label), mask, sign in zip(EVENT_GROUPS, (w > 0, w < 0, w == 0),
                                                      (">", "<", "=")):
        if mask.any():
            handles.append(ax.scatter(x[mask], w[mask], color=colour, marker=marker, s=36,
                                      edgecolors="#333333", linewidths=0.5, zorder=3,
                                      label=f"{label} (weight {sign} 0)"))
    ax.axhline(0, color="#000000", linewidth=0.6)
    ax.set_ylim(-12.5, 12.5)
    return handles


def plot_event_history(
    events: pd.DataFrame,
    index: pd.DataFrame,
    era_edges: list[int],
    labels: Mapping[str, str] | None = None,
    era_names: list[str] | None = None,
    split: int = 2011,
    title: str = "Iran–Russia events on the Goldstein scale",
) -> Figure:
    """Two centuries of events, the recent period in its own panel, and a decade index.

    Top left: every event before ``split`` as a stem on the Goldstein scale, with the era
    boundaries dotted and the eras named between them. Top right: ``split`` to the last
    event in its own panel, so the dense recent years are not squeezed into a strip.
    Bottom: the cooperation index by decade (hatched when negative), ``n`` events above
    each bar. Markers only where there are events; event labels are placed so that they
    touch neither each other nor an era line.

    Parameters
    ----------
    events : pandas.DataFrame
        Columns ``event_id``, ``date``, ``goldstein`` (e.g.
        :func:`coursekit.events_between`).
    index : pandas.DataFrame
        :func:`coursekit.cooperation_index` by decade (columns ``mean_goldstein``,
        ``events``; decades as the index).
    era_edges : list of int
        Boundaries of the eras, first and last included (e.g. ``[1804, 1829, ..., 2026]``).
    labels : mapping, optional
        ``{event_id: short label}`` for the events to name.
    era_names : list of str, optional
        The eras' names (one fewer than ``era_edges``), written at the foot of each era.
    split : int
        First year of the right-hand panel.
    title : str

    Returns
    -------
    matplotlib Figure
        Three Axes: before ``split``, from ``split``, and the decade index.

    Examples
    --------
    >>> from coursekit import cooperation_index, events_between
    >>> fig = plot_event_history(events_between("iran", "russia"),
    ...                          cooperation_index("iran", "russia", by="decade"),
    ...                          [1804, 1829, 1946, 1992, 2011, 2026], {"E064": "Hamadan"})
    >>> [bool(ax.get_xlim()[0] >= 2010) for ax in fig.axes[:2]]
    [False, True]
    """
    labels = dict(labels or {})
    fig = plain_figure(11, 7.5)
    fig.suptitle(title)
    axes = fig.subplot_mosaic([["early", "recent"], ["index", "index"]],
                              width_ratios=[3, 2], height_ratios=[1.2, 1])
    when = pd.to_datetime(events["date"]).dt.year
    parts = {"early": events[when < split], "recent": events[when >= split]}
    last = max(int(when.max()) + 1, split + 1)
    spans = {"early": (era_edges[0] - 4, split + 4), "recent": (split - 0.3, last + 0.3)}
    handles: list = []
    era_lines: dict[str, list] = {"early": [], "recent": [], "index": []}
    for name, part in parts.items():
        ax = axes[name]
        found = _event_stems(ax, part)
        handles = found if len(found) > len(handles) else handles
        ax.set_xlim(*spans[name])
        ax.set_xlabel("year")
        first, end = spans[name]
        ax.set_title(f"{era_edges[0] if name == 'early' else split}–"
                     f"{split - 1 if name == 'early' else last - 1}", fontsize=10)
        for edge in era_edges[1:-1]:
            if first < edge < end:
                era_lines[name].append(ax.axvline(edge, color="#000000", linestyle=":",
                                                  linewidth=0.8))
        for lo, hi, era in zip(era_edges, era_edges[1:], era_names or []):
            lo, hi = max(lo, first), min(hi, end)
            if hi - lo > 0.1 * (end - first):  # only where the era is wide enough to name
                era_lines[name].append(ax.text((lo + hi) / 2, -12, era, ha="center",
                                               va="bottom", fontsize=7.5, style="italic",
                                               color="#333333"))
    axes["early"].set_ylabel("Goldstein weight\n(−10 conflict … +10 cooperation)")
    axes["recent"].tick_params(labelleft=False)
    from matplotlib.ticker import MultipleLocator

    axes["recent"].xaxis.set_major_locator(MultipleLocator(2))

    ax = axes["index"]
    means = index["mean_goldstein"].to_numpy(dtype=float)
    bars = ax.bar(index.index + 5, means, width=8,
                  color=[COLORS["cooperative"] if m > 0 else COLORS["hostile"] for m in means],
                  edgecolor="#000000", linewidth=0.6)
    for bar, m, n in zip(bars, means, index["events"]):
        bar.set_hatch("" if m > 0 else "//")
        ax.annotate(f"n={n}", (bar.get_x() + bar.get_width() / 2, m),
                    xytext=(0, 3 if m >= 0 else -3), textcoords="offset points",
                    ha="center", va="bottom" if m >= 0 else "top", fontsize=7.5)
    ax.axhline(0, color="#000000", linewidth=0.6)
    for edge in era_edges[1:-1]:
        era_lines["index"].append(ax.axvline(edge, color="#000000", linestyle=":",
                                             linewidth=0.8))
    ax.set(ylim=(-12.5, 12.5), xlim=(era_edges[0] - 4, era_edges[-1] + 4), xlabel="year",
           ylabel="Cooperation index\n(mean weight per decade)",
           title="Cooperation index by decade (n = number of events; hatched = negative)")
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8,
               frameon=False)
    for name in ("early", "recent"):
        part = parts[name][parts[name]["event_id"].isin(labels)]
        xy = np.column_stack([_decimal_year(part["date"]), part["goldstein"]])
        place_labels(axes[name], xy, [labels[e] for e in part["event_id"]],
                     avoid=era_lines[name], fontsize=8)
    return fig


# ------------------------------------------------------------- figures of the lessons
#: Okabe–Ito colours, with a marker and a line style each, for up to seven series.
SERIES_STYLES = (
    ("#0072B2", "o", "solid"), ("#D55E00", "v", "dashed"), ("#009E73", "s", "dotted"),
    ("#CC79A7", "D", "dashdot"), ("#E69F00", "^", (0, (5, 1))), ("#56B4E9", "P", (0, (3, 1, 1, 1))),
    ("#000000", "X", (0, (1, 1))),
)


def plot_claims_by_paragraph(table: pd.DataFrame) -> Figure:
    """Stacked bars: the article's claims per paragraph, by type (colour and hatching).

    Parameters
    ----------
    table : pandas.DataFrame
        Counts by paragraph (index) and claim type (columns ``fact``, ``interpretation``,
        ``forecast``), e.g. ``pd.crosstab(claims["paragraph"], claims["claim_type"])``.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> from coursekit import load_claims
    >>> claims = load_claims()
    >>> table = pd.crosstab(claims["paragraph"], claims["claim_type"])
    >>> plot_claims_by_paragraph(table).axes[0].get_xlabel()
    'paragraph (¶)'
    """
    styles = {"fact": ("#0072B2", ""), "interpretation": ("#E69F00", "//"),
              "forecast": ("#D55E00", "xx")}
    fig = plain_figure(9, 4.2)
    ax = fig.add_subplot()
    bottom = pd.Series(0, index=table.index)
    for claim_type, (colour, hatch) in styles.items():
        counts = table[claim_type] if claim_type in table else pd.Series(0, index=table.index)
        ax.bar(table.index, counts, bottom=bottom, color=colour, hatch=hatch,
               edgecolor="#000000", label=claim_type)
        bottom = bottom + counts
    top = int(table.sum(axis=1).max()) + 1
    ax.set(title="The article's claims by paragraph and type", xlabel="paragraph (¶)",
           ylabel="number of claims", xticks=range(1, int(table.index.max()) + 1),
           yticks=range(top + 1), ylim=(0, top))
    ax.legend(title="claim type", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return fig


def plot_series(
    table: pd.DataFrame,
    title: str,
    xlabel: str,
    ylabel: str,
    marks: Mapping[float, str] | None = None,
    span: tuple[float, float, str] | None = None,
    labels: Mapping[str, str] | None = None,
    integer_y: bool = False,
    zero: tuple[str, str] | None = None,
    styles: Mapping[str, tuple] | None = None,
) -> Figure:
    """One line per column of ``table`` against its index, told apart without colour.

    Each column gets a colour of the Okabe–Ito palette, a marker and a line style
    (:data:`SERIES_STYLES`); the legend sits beside the plot.

    Parameters
    ----------
    table : pandas.DataFrame
        The index is the x axis (e.g. years), one column per line (at most seven).
    title, xlabel, ylabel : str
    marks : mapping, optional
        ``{x: label}``: dotted vertical lines with a label at the top.
    span : (float, float, str), optional
        A shaded band from x0 to x1, with its legend label.
    labels : mapping, optional
        Legend labels by column (the column names by default).
    integer_y : bool
        Whole-number ticks on y, from 0 (for counts).
    zero : (str, str), optional
        A black line at y = 0 with these words just above and just below it.
    styles : mapping, optional
        ``{column: (colour, marker, line style, marker size)}`` to choose a line's look
        (the marker size may be left out); other columns take :data:`SERIES_STYLES` in turn.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> table = pd.DataFrame({"a": [1, 2], "b": [2, 0]}, index=[2017, 2018])
    >>> fig = plot_series(table, "Two lines", "year", "count", marks={2018: "now"})
    >>> [line.get_linestyle() for line in fig.axes[0].get_lines()[:2]]
    ['-', '--']
    """
    if table.shape[1] > len(SERIES_STYLES):
        raise ValueError(f"at most {len(SERIES_STYLES)} lines can be told apart; "
                         f"got {table.shape[1]} columns")
    labels = dict(labels or {})
    fig = plain_figure(9.5, 4.6)
    ax = fig.add_subplot()
    styles = dict(styles or {})
    for column, default in zip(table.columns, SERIES_STYLES):
        colour, marker, style, *size = styles.get(column, default)
        ax.plot(table.index, table[column], color=colour, marker=marker, linestyle=style,
                markersize=size[0] if size else 6, label=labels.get(column, column))
    if span is not None:
        ax.axvspan(span[0], span[1], color="#F0E442", alpha=0.3, label=span[2])
    if integer_y:
        top = int(np.nanmax(table.to_numpy(dtype=float))) + 1
        ax.set(ylim=(-0.3, top + 0.3), yticks=range(top + 1))
    if zero is not None:
        ax.axhline(0, color="#000000", linewidth=1)
        for text, dy, va in ((zero[0], 3, "bottom"), (zero[1], -3, "top")):
            ax.annotate(text, (0.01, 0), xycoords=("axes fraction", "data"), xytext=(0, dy),
                        textcoords="offset points", va=va, fontsize=8)
    for x, text in (marks or {}).items():
        ax.axvline(x, color="#000000", linewidth=0.8, linestyle=(0, (1, 3)))
        ax.annotate(text, (x, 1), xycoords=("data", "axes fraction"), xytext=(-3, -3),
                    textcoords="offset points", ha="right", va="top", fontsize=8)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return fig


def plot_tracks(
    milestones: pd.DataFrame,
    tracks: Mapping[str, tuple[str, str, str]],
    labels: Mapping[str, str],
    title: str,
) -> Figure:
    """Milestones on one time axis, one row per track (shape and colour mark the track).

    Parameters
    ----------
    milestones : pandas.DataFrame
        Columns ``event_id``, ``date`` and ``track`` (a key of ``tracks``).
    tracks : mapping
        ``{track: (row label, marker, colour)}``, bottom row first.
    labels : mapping
        ``{event_id: label}``; the labels alternate above and below their row when two
        would touch.
    title : str

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> rows = pd.DataFrame({"event_id": ["E1"], "date": [pd.Timestamp("2017-01-23")],
    ...                      "track": ["talks"]})
    >>> fig = plot_tracks(rows, {"talks": ("Astana talks", "s", "#009E73")},
    ...                   {"E1": "first talks"}, "Talks")
    >>> fig.axes[0].get_yticklabels()[0].get_text()
    'Astana talks'
    """
    fig = plain_figure(10.5, 4.8)
    ax = fig.add_subplot()
    points, texts = [], []
    from matplotlib.dates import date2num

    for number, (name, (_, marker, colour)) in enumerate(tracks.items()):
        group = milestones[milestones["track"] == name]
        ax.scatter(group["date"], [number] * len(group), marker=marker, s=130, color=colour,
                   edgecolor="#000000", zorder=3)
        for _, row in group.iterrows():
            points.append((date2num(row["date"]), number))
            texts.append(labels.get(row["event_id"], ""))
    ax.set_yticks(range(len(tracks)), [label for label, _, _ in tracks.values()])
    ax.set_ylim(-0.8, len(tracks) - 0.2)
    ax.grid(axis="x", color="#DDDDDD")
    ax.set(title=title, xlabel="date", ylabel="track")
    keep = [i for i, t in enumerate(texts) if t]
    place_labels(ax, [points[i] for i in keep], [texts[i] for i in keep], fontsize=7.5)
    return fig


#: Lesson 05's milestone tracks, bottom row first: (row label, marker, colour).
ASTANA_TRACKS = {
    "F31": ("Moscow Declaration\nand Aleppo", "D", "#CC79A7"),
    "F13": ("Astana talks and\nde-escalation memorandum", "s", "#009E73"),
    "ministers": ("foreign ministers", "P", "#56B4E9"),
    "summits": ("presidential summits", "o", "#0072B2"),
    "F16": ("Russia–Turkey\ndeal on Idlib", "*", "#D55E00"),
}

#: Lesson 05's milestone labels by event id.
ASTANA_LABELS = {
    "E068": "Moscow Declaration\n20 Dec 2016", "E070": "Aleppo\n22 Dec 2016",
    "E072": "first talks\n23–24 Jan 2017", "E078": "memorandum\n4 May 2017",
    "E087": "Astana\n16 Mar 2018", "E080": "Sochi\n22 Nov 2017",
    "E089": "Ankara\n4 Apr 2018", "E104": "Tehran\n7 Sep 2018",
    "E107": "Sochi deal\n17 Sep 2018",
}


def astana_tracks(milestones: pd.DataFrame) -> pd.Series:
    """The track (a key of :data:`ASTANA_TRACKS`) of each milestone: its fact id, except
    that the meetings of F14 split into foreign ministers' meetings and summits.

    Examples
    --------
    >>> rows = pd.DataFrame({"fact_id": ["F13", "F14"],
    ...                      "description": ["talks", "foreign ministers meet"]})
    >>> astana_tracks(rows).tolist()
    ['F13', 'ministers']
    """
    def track(fact: str, description: str) -> str:
        if fact == "F14":
            return "ministers" if "ministers" in description else "summits"
        return fact

    return pd.Series([track(f, d) for f, d in zip(milestones["fact_id"],
                                                  milestones["description"])],
                     index=milestones.index, dtype=object)


def plot_human_cost(deaths: pd.DataFrame, attacks: pd.DataFrame) -> Figure:
    """Death counts by counter and method (left) beside attacks on health care (right).

    Parameters
    ----------
    deaths : pandas.DataFrame
        Rows of :func:`coursekit.load_human_cost` (columns ``figure_id``, ``counted_by``,
        ``measure``, ``qualifier``, ``period_start``, ``period_end``, ``value``).
        Documented counts are solid blue, estimates hatched orange.
    attacks : pandas.DataFrame
        One row per period, columns ``period``, ``total`` and ``by_government``.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> from coursekit import load_human_cost
    >>> cost = load_human_cost()
    >>> attacks = pd.DataFrame({"period": ["2011–2017"], "total": [10], "by_government": [9]})
    >>> fig = plot_human_cost(cost[cost["measure"] == "deaths_all"], attacks)
    >>> fig.axes[0].get_xlabel()
    'people'
    """
    fig = plain_figure(13, 5.8)
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    labels = [f"{r.figure_id} {r.counted_by.upper()}: {r.measure.replace('_', ' ')}, "
              f"{r.qualifier.replace('_', ' ')}\n{r.period_start} to {r.period_end}"
              for r in deaths.itertuples()]
    documented = (deaths["qualifier"] == "documented").to_numpy()
    bars = left.barh(labels, deaths["value"], edgecolor="#000000", linewidth=0.6,
                     color=[COLORS["cooperative"] if d else COLORS["actor_b"] for d in documented])
    for bar, is_documented, value in zip(bars, documented, deaths["value"]):
        bar.set_hatch("" if is_documented else "//")
        left.annotate(f"{value:,}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                      xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    left.set(title="Deaths in Syria's war: who counted, how, for which period",
             xlabel="people", ylabel="count (counter: what, how; period)",
             xlim=(0, float(deaths["value"].max()) * 1.2 if len(deaths) else 1))
    left.tick_params(axis="y", labelsize=7.5)
    left.legend(handles=[
        Patch(facecolor=COLORS["cooperative"], edgecolor="#000000",
              label="documented: named cases, a floor"),
        Patch(facecolor=COLORS["actor_b"], edgecolor="#000000", hatch="//",
              label="estimate, or rounded by the source")],
        loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8, frameon=False)
    right.bar(attacks["period"], attacks["total"], color="#FFFFFF", edgecolor="#000000",
              label="all attacks PHR documented")
    right.bar(attacks["period"], attacks["by_government"], color=COLORS["hostile"],
              edgecolor="#000000", hatch="xx",
              label="attributed to the Syrian government\nand its allies, including Russia")
    for x, (total, part) in enumerate(zip(attacks["total"], attacks["by_government"])):
        right.annotate(f"{part} of {total}", (x, total), xytext=(0, 4),
                       textcoords="offset points", ha="center", fontsize=9)
    right.set(title="Attacks on medical facilities (Physicians for Human Rights)",
              xlabel="period", ylabel="attacks",
              ylim=(0, float(attacks["total"].max()) * 1.15 if len(attacks) else 1))
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8, frameon=False)
    return fig


def plot_weight_map(
    x: np.ndarray,
    y: np.ndarray,
    score: np.ndarray,
    default: tuple[float, float],
    xlabel: str,
    ylabel: str,
    title: str = "The verdict for two weights (others at their defaults)",
) -> Figure:
    """Where the verdict score is above or below 0 for two weights (hatched below).

    Parameters
    ----------
    x, y : numpy.ndarray
        Grids of the two weights (from ``numpy.meshgrid``).
    score : numpy.ndarray
        The verdict score on the grid.
    default : (float, float)
        The default weighting, marked with a star.
    xlabel, ylabel, title : str

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> x, y = np.meshgrid(np.linspace(0, 5, 11), np.linspace(0, 5, 11))
    >>> fig = plot_weight_map(x, y, x - y, (3, 1), "weight a", "weight b")
    >>> fig.axes[0].get_xlabel()
    'weight a'
    """
    fig = plain_figure(7.5, 5)
    ax = fig.add_subplot()
    above = (score > 0).astype(float)
    ax.contourf(x, y, above, levels=[-0.5, 0.5, 1.5], colors=[COLORS["hostile"],
                                                            COLORS["cooperative"]], alpha=0.35)
    ax.contourf(x, y, above, levels=[-0.5, 0.5], colors="none", hatches=["//"])
    ax.contour(x, y, score, levels=[0], colors="#000000", linewidths=1.5)
    ax.plot(*default, marker="*", markersize=16, color="#000000", linestyle="none",
            label="default weights", clip_on=False, zorder=3)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(handles=[
        Patch(facecolor=COLORS["cooperative"], alpha=0.35, label="strategic partnership"),
        Patch(facecolor=COLORS["hostile"], alpha=0.35, hatch="//",
              label="marriage of convenience"),
        Line2D([], [], color="#000000", label="score = 0"),
        Line2D([], [], marker="*", markersize=12, color="#000000", linestyle="none",
               label="default weights")],
        loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return fig


#: Groups of the events after the article (lesson 07): (colour, marker).
AFTER_GROUPS = {
    "Iran–Russia": ("#0072B2", "o"),
    "Israel or US vs Iran / Hezbollah": ("#D55E00", "v"),
    "Syria: government, HTS, Turkey, Russia": ("#009E73", "s"),
    "other": ("#999999", "D"),
}


def event_group(source: str, target: str) -> str:
    """The group of an event of lesson 07's figure, from its two actors.

    Examples
    --------
    >>> event_group("russia", "iran"), event_group("israel", "hezbollah")
    ('Iran–Russia', 'Israel or US vs Iran / Hezbollah')
    >>> event_group("turkey", "hts"), event_group("usa", "eu")
    ('Syria: government, HTS, Turkey, Russia', 'other')
    """
    pair = {source, target}
    if pair == {"iran", "russia"}:
        return "Iran–Russia"
    if pair & {"israel", "usa"} and pair & {"iran", "hezbollah"}:
        return "Israel or US vs Iran / Hezbollah"
    if "hts" in pair or "syria_gov" in pair:
        return "Syria: government, HTS, Turkey, Russia"
    return "other"


def event_groups(events: pd.DataFrame) -> pd.Series:
    """:func:`event_group` of every event (a Series aligned with ``events``).

    Examples
    --------
    >>> events = pd.DataFrame({"actor_source": ["iran"], "actor_target": ["russia"]})
    >>> event_groups(events).tolist()
    ['Iran–Russia']
    """
    return pd.Series([event_group(s, t) for s, t in
                      zip(events["actor_source"], events["actor_target"])],
                     index=events.index, dtype=object)


def plot_event_groups(events: pd.DataFrame, marks: Mapping[str, str], title: str) -> Figure:
    """Events on the Goldstein scale by date, grouped by who acts on whom (:func:`event_group`).

    Parameters
    ----------
    events : pandas.DataFrame
        Columns ``date``, ``goldstein``, ``actor_source``, ``actor_target``.
    marks : mapping
        ``{"YYYY-MM-DD": label}``: dotted vertical lines, labelled at the top.
    title : str

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> from coursekit import load_events
    >>> events = load_events()
    >>> fig = plot_event_groups(events[events["date"].dt.year >= 2019],
    ...                         {"2024-12-08": "Assad falls"}, "After the article")
    >>> fig.axes[0].get_ylabel()
    'Goldstein weight'
    """
    groups = event_groups(events)
    fig = plain_figure(10.5, 4.8)
    ax = fig.add_subplot()
    for name, (colour, marker) in AFTER_GROUPS.items():
        part = events[groups == name]
        ax.scatter(part["date"], part["goldstein"], color=colour, marker=marker, s=60,
                   edgecolor="#000000", linewidth=0.5, label=f"{name} ({len(part)})", zorder=3)
    for when in marks:
        ax.axvline(pd.Timestamp(when), color="#000000", linestyle=":", linewidth=1)
    ax.axhline(0, color="#000000", linewidth=0.6)
    ax.set(title=title, xlabel="date", ylabel="Goldstein weight", ylim=(-11, 12))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="who acts on whom")
    from matplotlib.dates import date2num

    lines = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    place_labels(ax, [(date2num(pd.Timestamp(w)), 10.5) for w in marks], list(marks.values()),
                 avoid=lines, fontsize=8)
    return fig


def plot_brier(baselines: pd.DataFrame) -> Figure:
    """Brier scores as bars: knowable in 2018 solid, hindsight hatched, yours dotted orange.

    Parameters
    ----------
    baselines : pandas.DataFrame
        :func:`coursekit.forecasts.score_baselines` (columns ``baseline``, ``brier``,
        ``knowable_in_2018``).

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> table = pd.DataFrame({"baseline": ["always 0.5"], "brier": [0.25],
    ...                       "knowable_in_2018": [True]})
    >>> plot_brier(table).axes[0].get_ylabel()
    'forecaster'
    """
    fig = plain_figure(8.5, 4.2)
    ax = fig.add_subplot()
    bars = ax.barh(baselines["baseline"], baselines["brier"], edgecolor="#000000",
                   color=[COLORS["cooperative"] if k else COLORS["neutral"]
                          for k in baselines["knowable_in_2018"]])
    for bar, known, name in zip(bars, baselines["knowable_in_2018"], baselines["baseline"]):
        bar.set_hatch("" if known else "//")
        if name == "your probabilities":
            bar.set_facecolor(COLORS["actor_b"])
            bar.set_hatch("..")
    for y, value in enumerate(baselines["brier"]):
        ax.annotate(f"{value:.3f}", (value + 0.01, y), va="center", fontsize=8)
    ax.axvline(0.25, color="#000000", linestyle=":", linewidth=1)
    ax.invert_yaxis()
    ax.set(title="Brier scores on the two scored forecasts (lower is better)",
           xlabel="Brier score (0 perfect, 0.25 = always 0.5, 1 = certain and wrong)",
           ylabel="forecaster", xlim=(0, 1))
    ax.legend(handles=[
        Patch(facecolor=COLORS["cooperative"], edgecolor="#000000", label="knowable in 2018"),
        Patch(facecolor=COLORS["neutral"], edgecolor="#000000", hatch="//",
              label="needs hindsight"),
        Patch(facecolor=COLORS["actor_b"], edgecolor="#000000", hatch="..",
              label="your probabilities")],
        loc="lower right", fontsize=8)
    return fig


def plot_calibration(article: pd.DataFrame, mine: pd.DataFrame) -> Figure:
    """A calibration plot: share that came true against probability given.

    Parameters
    ----------
    article, mine : pandas.DataFrame
        :func:`coursekit.forecasts.calibration_table` results (columns
        ``mean_probability``, ``observed_frequency``, ``forecasts``); marker size is the
        number of forecasts.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> t = pd.DataFrame({"mean_probability": [0.75], "observed_frequency": [0.5],
    ...                   "forecasts": [2]})
    >>> plot_calibration(t, t).axes[0].get_xlabel()
    'probability given'
    """
    fig = plain_figure(7.5, 5)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="#000000", linestyle="--", linewidth=1,
            label="perfect calibration")
    ax.scatter(article["mean_probability"], article["observed_frequency"],
               s=120 * article["forecasts"], color=COLORS["hostile"], marker="o",
               edgecolor="#000000", label="the article (size = number of forecasts)", zorder=3)
    ax.scatter(mine["mean_probability"], mine["observed_frequency"], s=120 * mine["forecasts"],
               color=COLORS["cooperative"], marker="s", edgecolor="#000000",
               label="your probabilities", zorder=3)
    ax.set(title="Calibration of two forecasts", xlabel="probability given",
           ylabel="share that came true", xlim=(-0.05, 1.05), ylim=(-0.05, 1.05))
    ax.set_aspect("equal")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1))
    return fig


def plot_decade_index(index: pd.DataFrame, title: str, *, period: str = "decade") -> Figure:
    """The cooperation index by decade as bars (negative hatched), ``n`` above each bar.

    Parameters
    ----------
    index : pandas.DataFrame
        :func:`coursekit.cooperation_index` by decade (``mean_goldstein``, ``events``).
    title : str
    period : {"decade", "year", "century"}, default "decade"
        The ``by=`` the index was computed with: it labels the bars ("1940s" for a
        decade, "2016" for a year, "1800s" for a century) and the x axis.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> from coursekit import cooperation_index
    >>> fig = plot_decade_index(cooperation_index("iran", "russia", by="decade"), "Index")
    >>> fig.axes[0].get_ylabel()
    'Mean Goldstein weight'
    >>> by_year = plot_decade_index(cooperation_index("iran", "russia"), "Index", period="year")
    >>> by_year.axes[0].get_xlabel()
    'Year'
    """
    check_choice(period, PERIODS, "period")  # the by= the index was computed with
    fig = plain_figure(7.5, 3.8)
    ax = fig.add_subplot()
    means = index["mean_goldstein"].to_numpy(dtype=float)
    labels = [f"{d}" if period == "year" else f"{d}s" for d in index.index]
    bars = ax.bar(labels, means, edgecolor="#000000", linewidth=0.6,
                  color=[COLORS["cooperative"] if m > 0 else COLORS["hostile"] for m in means])
    for bar, m, n in zip(bars, means, index["events"]):
        bar.set_hatch("" if m > 0 else "//")
        ax.annotate(f"n={n}", (bar.get_x() + bar.get_width() / 2, m),
                    xytext=(0, 3 if m >= 0 else -3), textcoords="offset points",
                    ha="center", va="bottom" if m >= 0 else "top", fontsize=8)
    ax.axhline(0, color="#000000", linewidth=0.6)
    ax.set(title=title, xlabel=period.capitalize(), ylabel="Mean Goldstein weight",
           ylim=(-10.5, 10.5))
    return fig

#: The obligation figure's size (inches) and Axes margins: room below for the legend.
OBLIGATION_FIGSIZE = (7.5, 3.8)
OBLIGATION_MARGINS = (0.2, 0.34, 0.97, 0.9)
#: The obligation figure's title, which the treaty explorer's view also carries.
OBLIGATION_TITLE = "Obligations in the coded provisions of three treaties"

#: Okabe–Ito colours, one per obligation category (colour-blind safe); "none" is grey.
OBLIGATION_COLOURS = {
    "defense": "#D55E00",
    "offense": "#CC79A7",
    "neutrality": "#0072B2",
    "nonaggression": "#009E73",
    "consultation": "#E69F00",
    "none": "#999999",
}


def plot_obligations(profile: pd.DataFrame | None = None, ax: Axes | None = None,
                     highlight: str | None = None) -> Axes:
    """A horizontal stacked bar per treaty: its coded provisions by obligation category.

    Parameters
    ----------
    profile : DataFrame, optional
        From :func:`coursekit.coding.obligation_profile` (default: the course's coding).
    ax : matplotlib Axes, optional
        Drawn on (cleared first); a new figure otherwise.
    highlight : str, optional
        A category drawn at full colour; the others are faded.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_obligations()
    >>> ax.get_title()
    'Obligations in the coded provisions of three treaties'
    """
    from .plots import new_figure

    if profile is None:
        profile = obligation_profile()
    if highlight is not None and highlight != "all":
        check_choice(highlight, CATEGORIES, "category")
    if ax is None:
        _, ax = new_figure(*OBLIGATION_FIGSIZE, margins=OBLIGATION_MARGINS)
    ax.clear()
    names = treaty_names()
    labels = [names.get(t, t) for t in profile.index]
    left = pd.Series(0.0, index=profile.index)
    for category in profile.columns:
        faded = highlight not in (None, "all") and category != highlight
        colour = OBLIGATION_COLOURS.get(category, "#000000")
        ax.barh(labels, profile[category], left=left, color=colour,
                alpha=0.25 if faded else 1.0, edgecolor="white", label=category)
        left += profile[category]
    ax.invert_yaxis()
    ax.set_xlabel("number of coded provisions")
    ax.set_title(OBLIGATION_TITLE)
    ax.legend(ncols=6, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.3),
              frameon=False, handlelength=1.2, columnspacing=1.0)
    ax.set_xlim(0, max(float(left.max()), 1.0) * 1.02)
    return ax


def plot_exchange(
    matrix: pd.DataFrame, ax: Axes | None = None, title: str = "Who gives what to whom"
) -> Axes:
    """Grouped horizontal bars: for each class, the events of each direction.

    Colours are from the Okabe–Ito palette (readable with the common forms of colour
    blindness) and the second direction is hatched, so the bars differ without colour too.

    Parameters
    ----------
    matrix : pandas.DataFrame
        A :func:`coursekit.dependence.exchange_matrix` (counts or Goldstein sums).
    ax : matplotlib Axes, optional
        Draw here; by default a new figure not registered with pyplot.
    title : str

    Returns
    -------
    matplotlib Axes
        With the title, the classes on y and "events" on x.

    Examples
    --------
    >>> from coursekit.dependence import directed_events, exchange_matrix
    >>> ax = plot_exchange(exchange_matrix(directed_events("iran", "russia", 2022, 2025)))
    >>> ax.get_xlabel()
    'events'
    """
    if ax is None:
        ax = plain_figure(7.5, 3.6).add_subplot()
    colours = [COLORS["actor_a"], COLORS["actor_b"], "#009E73", "#CC79A7"]
    classes = list(matrix.columns)
    y = np.arange(len(classes))
    height = 0.8 / max(len(matrix.index), 1)
    for i, direction in enumerate(matrix.index):
        ax.barh(
            y + (i - (len(matrix.index) - 1) / 2) * height,
            matrix.loc[direction],
            height=height,
            color=colours[i % len(colours)],
            edgecolor="#333333",
            hatch="//" if i % 2 else None,
            label=str(direction),
        )
    ax.set_yticks(y, classes)
    ax.invert_yaxis()
    is_count = pd.api.types.is_integer_dtype(matrix.to_numpy().dtype)
    ax.set_xlabel("events" if is_count else "summed Goldstein weight")
    ax.set_title(title)
    ax.axvline(0, color="#555555", linewidth=0.8)
    if matrix.index.empty:
        # no events in the years asked for: say so, instead of an empty legend and
        # matplotlib's "No artists with labels" warning under the learner's cell
        ax.text(0.5, 0.5, "no events between these actors in these years",
                transform=ax.transAxes, ha="center", va="center")
    else:
        ax.legend(title="direction", loc="lower right", fontsize=8, title_fontsize=8)
    return ax
