"""The widgets' views: pure functions from the controls' values to what a widget shows.

Each function takes the values of a widget's controls (and, optionally, where to draw its
figure) and returns a :class:`View`: the text, the HTML tables and the figure title. They
need no widget and no display, so the tests call them directly; the factories in
:mod:`coursekit.widgets.factories` wire them to controls. The analysis behind a view lives
in the analysis modules (:mod:`coursekit.network`, :mod:`coursekit.ties`,
:mod:`coursekit.politics`, :mod:`coursekit.verdict`); a view only selects and formats.

Where to draw: ``ax`` is a matplotlib Axes (cleared, then drawn on) or a
:class:`coursekit.plots.Redraw` (its Axes redrawn in place, as a widget does).

Over 500 lines: five views, one per widget, that share the helpers at the top; about half
the lines are docstrings and examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from .. import plots
from .._validate import check_choice, check_year
from ..loaders import THEME_LABELS, THEMES, load_actors, load_events, load_interests, load_positions
from ..network import alliance_network, network_years, unbalanced_triads
from ..plots import actor_names
from ..politics import agreement, compare_interests, interest_portfolio
from ..ties import TIES, count_ties, ego_network, filter_ties, tie_kind
from ..verdict import LABELS, MAX_WEIGHT, complete_weights, load_criteria, sensitivity, verdict
from .markup import esc, message_html, table_html, table_text

__all__ = [
    "THEME_LABELS",
    "View",
    "actor_names",
    "actor_view",
    "comparison_view",
    "network_view",
    "timeline_view",
    "verdict_view",
    "year_span",
]


@dataclass
class View:
    """What a widget shows, computed by a pure function from its controls' values.

    Attributes
    ----------
    text : str
        A plain-text summary (also the static fallback and the figure's alt text).
    html : str
        The same as HTML, with the tables.
    message : str or None
        Set when there is nothing to show (an empty filter, a year without ties): a
        sentence saying so, also included in ``text`` and ``html``.
    title : str or None
        The figure's title (None when the view has no figure).
    tables : dict
        The DataFrames behind the HTML tables, by name (e.g. ``"ties"``, ``"events"``).
    data : dict
        Other results (e.g. the network, the verdict).
    """

    text: str
    html: str
    message: str | None = None
    title: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


#: Where a view draws: an Axes (cleared first) or a Redraw (its Axes redrawn in place).
Canvas = Axes | plots.Redraw


def _canvas(ax: Canvas) -> tuple[Axes, dict[str, Any]]:
    """The Axes to draw on and the arguments that tell a plots function how."""
    if isinstance(ax, plots.Redraw):
        return ax.ax, {"reuse": ax}
    ax.clear()
    return ax, {"ax": ax}


# A note a view adds on top of a figure; removed before the next redraw, so that the
# figure function finds its own artists alone on the Axes and can update them in place.
_NOTE = "coursekit-note"


def _drop_notes(ax: Axes) -> None:
    for text in list(ax.texts):
        if text.get_gid() == _NOTE:
            text.remove()


def _left_aligned(html: str) -> str:
    """A table whose header and data cells all align left, so each header sits over its
    column (renderers differ by default: JupyterLab right-aligns cells, browsers centre
    headers). A scoped style rule, so the cells' markup stays plain ``<td>``."""
    rule = ".coursekit-left th, .coursekit-left td {text-align: left}"
    return f'<div class="coursekit-left"><style>{rule}</style>{html}</div>'


def _columns_text(df: pd.DataFrame, caption: str, max_rows: int = 12) -> str:
    """A plain-text table with a header row and columns padded to a common width.

    Examples
    --------
    >>> print(_columns_text(pd.DataFrame({"a": ["iran", "hts"], "signs": ["++-", "---"]}), "T"))
    T:
      a     signs
      iran  ++-
      hts   ---
    """
    if df.empty:
        return caption + ": (none)"
    shown = df.head(max_rows).astype(str)
    widths = [max(len(str(c)), *(len(v) for v in shown[c])) for c in shown.columns]
    lines = [caption + ":",
             "  " + "  ".join(str(c).ljust(w) for c, w in zip(shown.columns, widths)).rstrip()]
    for row in shown.itertuples(index=False):
        lines.append("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    if len(df) > max_rows:
        lines.append(f"  … and {len(df) - max_rows} more")
    return "\n".join(lines)


# ------------------------------------------------------------------ 1 actor explorer
def actor_view(actor: str = "iran", year: int = 2018, ax: Canvas | None = None) -> View:
    """An actor's profile, its goals with priorities, and its ties in ``year``.

    Parameters
    ----------
    actor : str
        An actor id (see ``load_actors()``).
    year : int
        A year from 2011 to 2025.
    ax : matplotlib Axes or coursekit.plots.Redraw, optional
        If given, the actor's ties are drawn there (as if it were cleared first).

    Returns
    -------
    View
        ``tables["goals"]`` and ``tables["ties"]``; ``message`` says so when the actor has
        no ties that year.

    Examples
    --------
    >>> view = actor_view("iran", 2018)
    >>> "russia" in set(view.tables["ties"]["with"])
    True
    """
    actors = load_actors().set_index("actor_id")
    check_choice(actor, actors.index, "actor id")
    year = check_year(year, *network_years())
    name = actors.at[actor, "name"]
    kind = str(actors.at[actor, "kind"]).replace("_", " ")
    description = actors.at[actor, "description"]

    if actor in set(load_interests()["actor_id"]):
        goals = interest_portfolio(actor)[["priority", "goal", "goal_id"]]
        goals_note = None
    else:
        goals = pd.DataFrame(columns=["priority", "goal", "goal_id"])
        goals_note = f"No goals are recorded for {name} in the interests table."

    G = alliance_network(year)
    ego = ego_network(G, actor)
    rows = sorted(
        (v if u == actor else u, tie_kind(d["sign"]), d["kind"], d["strength"], d["evidence"])
        for u, v, d in ego.edges(data=True)
    )
    ties = pd.DataFrame(rows, columns=["with", "tie", "kind", "strength", "evidence"])
    message = None if rows else f"{name} has no ties in {year} in the relations table."

    title = f"Ties of {name} in {year}"
    if ax is not None:
        axes, where = _canvas(ax)
        _drop_notes(axes)
        plots.draw_signed_network(ego, highlight=actor, title=title, **where)
        if message:
            axes.text(0, 0, "no ties this year", ha="center", va="center", fontsize=12,
                    color="#555555", gid=_NOTE)

    priority_words = {3: "vital", 2: "major", 1: "secondary"}
    goals_shown = goals.assign(
        priority=[f"{p} ({priority_words.get(int(p), '')})" for p in goals["priority"]]
    )[["priority", "goal"]]
    counts = count_ties(ego)
    coop, hostile = counts["cooperative"], counts["hostile"]
    headline = f"{name} ({actor}): {kind}. {description}"
    summary = f"In {year}: {coop} cooperative and {hostile} hostile ties."
    text_parts = [headline, summary if not message else message]
    text_parts.append(goals_note or table_text(goals_shown, "Goals (3 vital … 1 secondary)"))
    if rows:
        text_parts.append(table_text(ties[["with", "tie", "kind"]], f"Ties in {year}"))
    html_parts = [
        f"<h4>{esc(name)} <small>({esc(actor)}, {esc(kind)})</small></h4>",
        f"<p>{esc(description)}</p>",
        message_html(message) if message else f"<p>{esc(summary)}</p>",
        message_html(goals_note) if goals_note
        else table_html(goals_shown, "Goals in Syria (priority 3 vital, 2 major, 1 secondary)"),
    ]
    if rows:
        html_parts.append(table_html(ties, f"Ties in {year}"))
    return View(
        text="\n".join(text_parts),
        html="".join(html_parts),
        message=message,
        title=title,
        tables={"goals": goals, "ties": ties},
        data={"network": G},
    )


# -------------------------------------------------------------- 2 alliance network
def network_view(
    year: int = 2018,
    ties: str = "both",
    highlight: str | None = None,
    ax: Canvas | None = None,
) -> View:
    """The signed alliance network of ``year`` and its unbalanced triads.

    Parameters
    ----------
    year : int
        2011–2025.
    ties : {"both", "cooperative", "hostile"}
        Which ties to draw and count.
    highlight : str or None
        An actor to emphasise; its unbalanced triads are listed. ``""`` means none.
    ax : matplotlib Axes or coursekit.plots.Redraw, optional

    Returns
    -------
    View
        ``tables["ties"]`` (the ties drawn), ``tables["unbalanced"]`` (unbalanced triads,
        those containing ``highlight`` if given), ``data["network"]``.

    Examples
    --------
    >>> view = network_view(2018, ties="hostile")
    >>> set(view.tables["ties"]["tie"]) <= {"hostile"}
    True
    """
    year = check_year(year, *network_years())
    check_choice(ties, TIES, "tie filter")
    highlight = highlight or None
    names = actor_names()
    if highlight is not None:
        check_choice(highlight, names, "actor id")
    G = alliance_network(year)
    rows = sorted(
        (u, v, tie_kind(d["sign"]), d["kind"], d["strength"]) for u, v, d in filter_ties(G, ties)
    )
    tie_table = pd.DataFrame(rows, columns=["actor_a", "actor_b", "tie", "kind", "strength"])
    messages = []
    if tie_table.empty:
        what = {"both": "", "cooperative": "cooperative ", "hostile": "hostile "}[ties]
        messages.append(f"No {what}ties in {year}.")
    containing = None
    if highlight is not None:
        if highlight not in G:
            messages.append(f"{names[highlight]} has no ties in {year}.")
        else:
            containing = highlight
            mine = tie_table[(tie_table["actor_a"] == highlight)
                             | (tie_table["actor_b"] == highlight)]
            if mine.empty and not tie_table.empty:
                messages.append(f"{names[highlight]} has no {ties} ties in {year}.")
    unbalanced = unbalanced_triads(G, containing=containing)
    title = f"Alliance network, {year}"
    if ties != "both":
        title += f" ({ties} ties only)"
    if highlight is not None:
        title += f": {highlight} highlighted"
    if ax is not None:
        plots.draw_signed_network(G, highlight=highlight if highlight in G else None,
                                  ties=ties, title=title, **_canvas(ax)[1])

    counts = count_ties(G)
    n_coop, n_host = counts["cooperative"], counts["hostile"]
    summary = (
        f"{year}: {G.number_of_nodes()} actors with ties, {n_coop} cooperative and "
        f"{n_host} hostile ties; {len(unbalanced)} unbalanced triad"
        f"{'' if len(unbalanced) == 1 else 's'}"
        + (f" containing {highlight}" if containing else "")
        + "."
    )
    triad_caption = f"Unbalanced triads in {year}" + (
        f" containing {highlight}" if containing else "")
    if unbalanced.empty:
        triad_html = message_html(
            f"No unbalanced triads in {year}"
            + (f" containing {highlight}" if containing else "")
            + ": every closed triangle is balanced.")
    else:
        triad_html = _left_aligned(
            table_html(unbalanced[["a", "b", "c", "signs", "reading"]], triad_caption))
    message = " ".join(messages) or None
    text = "\n".join(
        [summary]
        + ([message] if message else [])
        + [_columns_text(unbalanced[["a", "b", "c", "signs"]], triad_caption)]
    )
    html_out = (
        f"<p>{esc(summary)}</p>"
        + (message_html(message) if message else "")
        + triad_html
    )
    return View(text=text, html=html_out, message=message, title=title,
                tables={"ties": tie_table, "unbalanced": unbalanced}, data={"network": G})


# ----------------------------------------------------------------------- 3 timeline
def year_span() -> tuple[int, int]:
    """The first and last year of the timeline: the events' years, up to the network's last year."""
    years = load_events()["date"].dt.year
    return int(years.min()), max(int(years.max()), network_years()[1])


def timeline_view(
    theme: str = "all",
    actor: str = "all",
    years: tuple[int, int] | None = None,
    ax: Canvas | None = None,
) -> View:
    """Events filtered by theme, actor and years, on the cooperation–conflict scale.

    Parameters
    ----------
    theme : str
        ``"all"`` or one of ``coursekit.THEMES``.
    actor : str
        ``"all"`` or an actor id (as source or target of the event).
    years : (int, int), optional
        First and last year, inclusive; all years by default.
    ax : matplotlib Axes or coursekit.plots.Redraw, optional

    Returns
    -------
    View
        ``tables["events"]``: the selected events (date, actors, description, CAMEO label,
        Goldstein weight); ``message`` when no event matches.

    Examples
    --------
    >>> view = timeline_view(theme="historical_wariness", years=(1800, 1900))
    >>> bool(view.tables["events"]["date"].dt.year.between(1800, 1900).all())
    True
    >>> timeline_view(years=(1700, 1701)).message
    'No events match: all themes, any actor, 1700–1701.'
    """
    if theme != "all":
        check_choice(theme, THEMES, "theme")
    names = actor_names()
    if actor != "all":
        check_choice(actor, names, "actor id")
    first, last = years if years is not None else year_span()
    first, last = int(first), int(last)
    if first > last:
        first, last = last, first
    events = load_events()
    mask = events["date"].dt.year.between(first, last)
    if theme != "all":
        mask &= events["themes"].str.split(";").apply(lambda tags: theme in tags)
    if actor != "all":
        mask &= (events["actor_source"] == actor) | (events["actor_target"] == actor)
    chosen = events[mask].sort_values(["date", "event_id"]).reset_index(drop=True)
    theme_words = "all themes" if theme == "all" else THEME_LABELS.get(theme, theme)
    actor_words = "any actor" if actor == "all" else names[actor]
    filters = f"{theme_words}, {actor_words}, {first}–{last}"
    title = f"Cooperation and conflict, {first}–{last}"
    if theme != "all" or actor != "all":
        title += "\n(" + ", ".join(
            w for w, on in ((theme_words, theme != "all"), (actor_words, actor != "all")) if on
        ) + ")"
    if ax is not None:
        plots.plot_cooperation(chosen, title=title, **_canvas(ax)[1])
    table = pd.DataFrame(
        {
            "date": chosen["date"].dt.strftime("%Y-%m-%d"),
            "source": chosen["actor_source"],
            "target": chosen["actor_target"],
            "event": chosen["description"],
            "CAMEO": chosen["cameo_label"],
            "Goldstein": chosen["goldstein"],
        }
    )
    if chosen.empty:
        message = f"No events match: {filters}."
        return View(text=message, html=message_html(message), message=message, title=title,
                    tables={"events": chosen})
    mean = chosen["goldstein"].mean()
    summary = (f"{len(chosen)} event{'s' if len(chosen) != 1 else ''} ({filters}); "
               f"mean Goldstein weight {mean:+.1f}.")
    return View(
        text=summary + "\n" + table_text(table[["date", "source", "target", "event"]],
                                          "Events"),
        html=f"<p>{esc(summary)}</p>" + table_html(table, "Selected events", max_rows=200),
        title=title,
        tables={"events": chosen},
    )


# ------------------------------------------------------------ 4 interest comparison
def comparison_view(actor_a: str = "iran", actor_b: str = "russia",
                    origin: str = "independent", ax: Canvas | None = None) -> View:
    """Where two actors agree and diverge, issue by issue, and which goals they share.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids with positions (see ``load_positions()``).
    origin : {"independent", "article_first", "article"}
        Which positions and goals (see :func:`coursekit.load_positions`): by default only
        rows resting on independent sources, so the article's claims are not used to test
        the article; ``"article_first"`` puts the article's own rows back.
    ax : matplotlib Axes or coursekit.plots.Redraw, optional

    Returns
    -------
    View
        ``tables["issues"]`` (from :func:`coursekit.agreement`) and ``tables["goals"]``
        (from :func:`coursekit.compare_interests`, empty if an actor has no goals).

    Examples
    --------
    >>> view = comparison_view("iran", "russia")
    >>> "assad_stays" in view.tables["issues"].index
    True
    """
    names = actor_names()
    valid = sorted(set(load_positions(origin)["actor_id"]))
    check_choice(actor_a, valid, "actor id with positions")
    check_choice(actor_b, valid, "actor id with positions")
    title = f"Positions in 2018: {names[actor_a]} vs {names[actor_b]}"
    if actor_a == actor_b:
        message = f"Choose two different actors ({names[actor_a]} is chosen twice)."
        if ax is not None:
            empty = pd.DataFrame(columns=["label", "position_a", "position_b", "agree"])
            plots.plot_agreement(empty, actor_a, actor_b, title=title, **_canvas(ax)[1])
        return View(text=message, html=message_html(message), message=message, title=title,
                    tables={"issues": pd.DataFrame(), "goals": pd.DataFrame()})
    issues = agreement(actor_a, actor_b, origin=origin)
    holders = set(load_interests(origin)["actor_id"])
    if actor_a in holders and actor_b in holders:
        goals = compare_interests(actor_a, actor_b, origin=origin)
        goals_note = None
    else:
        goals = pd.DataFrame(columns=["goal", "priority_a", "priority_b", "held_by"])
        missing = [names[a] for a in (actor_a, actor_b) if a not in holders]
        goals_note = "No goals recorded for " + " and ".join(missing) + "."
    if ax is not None:
        plots.plot_agreement(issues, names[actor_a], names[actor_b], title=title,
                             **_canvas(ax)[1])
    agree = issues[issues["agree"]]
    diverge = issues[~issues["agree"]]
    summary = (
        f"{names[actor_a]} and {names[actor_b]} agree on {len(agree)} of {len(issues)} "
        f"issues and diverge on {len(diverge)}."
    )
    message = None
    if issues.empty:
        message = "These two actors have no issue with positions in common."
    basis = {
        "independent": "Independent sources only: the article's own rows are left out.",
        "article_first": "With the article's own rows (claims under test), which come first.",
        "article": "The article's own rows only (claims under test).",
    }[origin]
    lines = [summary, basis]
    if len(diverge):
        # every issue at the widest gap (ties included), as exercise 04.2 defines "most"
        widest = diverge[diverge["gap"] == diverge["gap"].max()]
        lines.append(f"Diverge most on (gap {widest['gap'].max()}): "
                     + "; ".join(widest["label"].astype(str)))
    if len(agree):
        lines.append("Agree on: " + "; ".join(agree["label"].astype(str).head(5)))
    shared = goals[goals["held_by"] == "both"] if len(goals) else goals
    if goals_note:
        lines.append(goals_note)
    else:
        lines.append(f"Shared goals: {len(shared)} of {len(goals)}.")
    issue_table = issues.reset_index()[["label", "position_a", "position_b", "gap", "agree"]]
    issue_table = issue_table.rename(columns={"position_a": actor_a, "position_b": actor_b})
    goal_table = goals.reset_index().rename(
        columns={"priority_a": f"priority ({actor_a})", "priority_b": f"priority ({actor_b})"})
    html_out = (
        f"<p>{esc(summary)} {esc(basis)}</p>"
        + (message_html(message) if message else "")
        + table_html(issue_table, "Positions by issue (−2 strongly against … +2 strongly for)")
        + (message_html(goals_note) if goals_note
           else table_html(goal_table.drop(columns=["goal_id"], errors="ignore"),
                            "Goals: shared and one-sided"))
    )
    return View(text="\n".join(lines), html=html_out, message=message, title=title,
                tables={"issues": issues, "goals": goals})


# ------------------------------------------------------------------ 5 verdict builder
def _commitment_sentence(weights: Mapping[str, float]) -> str:
    """The commitment axis in one sentence (or why it has no verdict).

    ``weights`` are complete (:attr:`VerdictResult.weights`), so the only verdict the axis
    cannot give is for weights that are all 0 there; that is tested, not caught, so any
    other error still shows.
    """
    axis_ids = load_criteria().query("axis == 'commitment'")["criterion_id"]
    if sum(weights[c] for c in axis_ids) <= 0:
        return "Commitment axis: give one of its criteria a weight above 0."
    other = verdict(weights, axis="commitment")
    return (f"Commitment axis: {other.label} (score {other.score:+.2f} on a scale from −1, "
            f"alignment, to +1, alliance).")


def verdict_view(weights: Mapping[str, float] | None = None, ax: Canvas | None = None) -> View:
    """The verdict for these weights, the evidence that drives it and the weights that flip it.

    The bars, the evidence and the flips are the basis axis (strategic partnership or
    marriage of convenience, the article's question); one sentence gives the commitment
    axis (alliance or alignment), weighed with the same sliders.

    Parameters
    ----------
    weights : dict, optional
        ``{criterion_id: weight}`` (0 to ``MAX_WEIGHT``); defaults from ``criteria.csv``.
    ax : matplotlib Axes or coursekit.plots.Redraw, optional

    Returns
    -------
    View
        ``data["verdict"]`` (a :class:`coursekit.verdict.VerdictResult`),
        ``tables["drivers"]`` (evidence by contribution), ``tables["flips"]`` (from
        :func:`coursekit.verdict.sensitivity`); a message if all weights are 0.

    Examples
    --------
    >>> view = verdict_view()
    >>> view.data["verdict"].label in view.text
    True
    """
    basis = set(load_criteria().query("axis == 'basis'")["criterion_id"])
    if weights is not None and sum(complete_weights(weights)[c] for c in basis) <= 0:
        message = ("Give at least one criterion of the basis axis a weight above 0 to get "
                   "a verdict.")
        title = "Verdict: no criterion weighted"
        if ax is not None:
            axes = ax.ax if isinstance(ax, plots.Redraw) else ax
            axes.clear()
            axes.set_title(title)
            axes.set_xlabel("weighted contribution to the score")
            axes.set_ylabel("criterion")
            axes.text(0.5, 0.5, message, transform=axes.transAxes, ha="center", va="center")
        return View(text=message, html=message_html(message), message=message, title=title)
    result = verdict(weights)
    flips = sensitivity(result.weights)
    title = f"Verdict: {result.label} (score {result.score:+.2f})"
    if ax is not None:
        plots.plot_verdict(result, title=title, **_canvas(ax)[1])
    drivers = result.drivers[["criterion", "claim", "direction", "strength", "contribution"]]
    drivers_shown = drivers.head(8).assign(
        direction=lambda d: d["direction"].map({1: "partnership", -1: "convenience"}),
        contribution=lambda d: d["contribution"].map("{:+.3f}".format),
    )
    flippers = flips[flips["flip_at"].notna()]
    other = LABELS[1] if result.score > 0 else LABELS[0]
    if flippers.empty:
        flip_sentence = (f"No single weight (0–{MAX_WEIGHT:g}) flips the verdict to "
                         f"'{other}' on its own.")
    else:
        flip_sentence = "To flip the verdict: " + "; ".join(
            f"{row.label}: {row.change.split(' → ')[0]}" for row in flippers.itertuples())
    summary = (f"Verdict: {result.label} (score {result.score:+.2f} on a scale from −1, "
               f"marriage of convenience, to +1, strategic partnership).")
    commitment = _commitment_sentence(result.weights)
    flip_table = flips.reset_index()[["label", "weight", "score", "change"]].assign(
        score=lambda d: d["score"].map("{:+.2f}".format))
    text = "\n".join([
        summary,
        commitment,
        flip_sentence,
        table_text(drivers.head(5)[["criterion", "claim"]], "Strongest evidence"),
    ])
    html_out = (
        f'<p style="font-size:1.1em"><strong>{esc(summary)}</strong></p>'
        f"<p>{esc(commitment)}</p>"
        f"<p>{esc(flip_sentence)}</p>"
        + table_html(drivers_shown, "Evidence that drives the score (largest effect first)")
        + table_html(flip_table, "Which weight changes would flip the verdict")
    )
    return View(text=text, html=html_out, title=title,
                tables={"drivers": result.drivers, "flips": flips},
                data={"verdict": result})


