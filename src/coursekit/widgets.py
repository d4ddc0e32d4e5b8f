"""Interactive explorers for the lessons, built on ipywidgets 8 (no front-end extension).

Each widget is made by a plain function that works with no arguments::

    from coursekit import widgets
    widgets.network_explorer()        # the signed alliance network, year by year

and returns a :class:`CourseWidget` (an ``ipywidgets.VBox``). Its controls are labelled
standard ipywidgets (sliders, drop-downs, radio buttons, a button), so they work with
the keyboard (Tab to a control; arrow keys move sliders and radio buttons; Enter or Space
presses a button) in a stock JupyterLab 4, on Binder and on JupyterHub.

How a widget is built
---------------------
Every control is wired with ``observe(..., names="value")`` to one *pure* function of
this module — :func:`actor_view`, :func:`network_view`, :func:`timeline_view`,
:func:`comparison_view`, :func:`verdict_view`, :func:`quiz_feedback` — which takes the
controls' values (and a matplotlib Axes to draw on) and returns a :class:`View`: the text,
the HTML tables and the figure title. The tests call these functions directly, without any
widget. The widget then shows the view: ``w.view`` (an ``HTML`` widget) holds the text
and tables, ``w.figure_view`` (an ``Output`` widget) the figure as an SVG image. One
matplotlib figure per widget is reused: a control change updates its artists in place
(``reuse=True`` of the :mod:`coursekit.plots` functions) rather than clearing and
drawing it again. It is never registered with pyplot, so no figures pile up in a notebook.

For tests and for the curious, a widget exposes ``w.controls`` (a dict of its controls),
``w.state`` (the last :class:`View`), ``w.figure`` and ``w.ax``.

Without a kernel
----------------
A rendered notebook (GitHub, nbviewer, an HTML export) has no kernel to draw widgets. The
display of every :class:`CourseWidget` therefore also carries a static ``text/html``
summary of its first view (the text, the tables and the figure as an inline image) and a
readable ``text/plain`` one; renderers that cannot show widgets show that instead. When
JupyterLab saves the widget state (Settings → Save Widget State Automatically), the
``Output`` widget's last image is saved too.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import networkx as nx
import pandas as pd
from matplotlib.axes import Axes

from . import plots
from ._validate import check_choice, check_year
from .loaders import THEMES, load_actors, load_events, load_interests, load_positions
from .network import FIRST_YEAR, LAST_YEAR, alliance_network, unbalanced_triads
from .politics import agreement, compare_interests, interest_portfolio
from .verdict import LABELS, MAX_WEIGHT, load_criteria, sensitivity, verdict

__all__ = [
    "CourseWidget",
    "View",
    "actor_explorer",
    "actor_view",
    "comparison_view",
    "interest_comparison",
    "network_explorer",
    "network_view",
    "quiz",
    "quiz_feedback",
    "quiz_from_dict",
    "timeline",
    "timeline_view",
    "verdict_builder",
    "verdict_view",
]

#: Readable names of the event themes.
THEME_LABELS = {
    "historical_wariness": "Historical wariness",
    "irans_stakes": "Iran's stakes",
    "israels_security": "Israel's security",
    "russian_grand_strategy": "Russian grand strategy",
    "astana_idlib": "Astana and Idlib",
    "aftermath": "Aftermath (2019–2025)",
}

_TIE_OPTIONS = [
    ("cooperative and hostile", "both"),
    ("cooperative only", "cooperative"),
    ("hostile only", "hostile"),
]


# --------------------------------------------------------------------------- views
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


def _esc(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def _table_html(df: pd.DataFrame, caption: str, max_rows: int | None = None) -> str:
    """A small, fast, accessible HTML table (caption, header cells with scope)."""
    rows = df if max_rows is None else df.head(max_rows)
    head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>"
        for row in rows.itertuples(index=False)
    )
    more = ""
    if max_rows is not None and len(df) > max_rows:
        more = f"<p><em>… and {len(df) - max_rows} more rows.</em></p>"
    return (
        '<div style="max-height:22em;overflow:auto">'
        f'<table class="coursekit-table"><caption style="text-align:left;font-weight:bold">'
        f"{_esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"</div>{more}"
    )


def _table_text(df: pd.DataFrame, caption: str, max_rows: int = 12) -> str:
    if df.empty:
        return caption + ": (none)"
    lines = [caption + ":"]
    for row in df.head(max_rows).itertuples(index=False):
        lines.append("  - " + " | ".join(_esc(v) for v in row))
    if len(df) > max_rows:
        lines.append(f"  … and {len(df) - max_rows} more")
    return "\n".join(lines)


def _message_html(message: str) -> str:
    return f'<p role="status" style="font-weight:bold">{_esc(message)}</p>'


def _prepare(ax: Axes | None) -> Axes | None:
    if ax is not None:
        ax.clear()
    return ax


# A note a view adds on top of a figure; removed before the next redraw, so that the
# figure function finds its own artists alone on the Axes and can update them in place.
_NOTE = "coursekit-note"


def _drop_notes(ax: Axes) -> None:
    for text in list(ax.texts):
        if text.get_gid() == _NOTE:
            text.remove()


def _actor_names() -> dict[str, str]:
    actors = load_actors()
    return dict(zip(actors["actor_id"], actors["name"]))


# ------------------------------------------------------------------ 1 actor explorer
def actor_view(actor: str = "iran", year: int = 2018, ax: Axes | None = None) -> View:
    """An actor's profile, its goals with priorities, and its ties in ``year``.

    Parameters
    ----------
    actor : str
        An actor id (see ``load_actors()``).
    year : int
        A year from 2011 to 2025.
    ax : matplotlib Axes, optional
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
    year = check_year(year, FIRST_YEAR, LAST_YEAR)
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
    rows = []
    if actor in G:
        for other in sorted(G.neighbors(actor)):
            d = G.edges[actor, other]
            rows.append((other, "cooperative" if d["sign"] > 0 else "hostile", d["kind"],
                         d["strength"], d["evidence"]))
    ties = pd.DataFrame(rows, columns=["with", "tie", "kind", "strength", "evidence"])
    message = None if rows else f"{name} has no ties in {year} in the relations table."

    title = f"Ties of {name} in {year}"
    if ax is not None:
        _drop_notes(ax)
        ego = nx.Graph(year=year)
        ego.add_nodes_from(G.nodes(data=True))
        if actor in G:
            ego.add_edges_from((actor, o, G.edges[actor, o]) for o in G.neighbors(actor))
        # reuse=True: as if ax were cleared first, but redrawn in place when it can be
        plots.draw_signed_network(ego, ax=ax, highlight=actor, title=title, reuse=True)
        if message:
            ax.text(0, 0, "no ties this year", ha="center", va="center", fontsize=12,
                    color="#555555", gid=_NOTE)

    priority_words = {3: "vital", 2: "major", 1: "secondary"}
    goals_shown = goals.assign(
        priority=[f"{p} ({priority_words.get(int(p), '')})" for p in goals["priority"]]
    )[["priority", "goal"]]
    coop = int((ties["tie"] == "cooperative").sum())
    hostile = int((ties["tie"] == "hostile").sum())
    headline = f"{name} ({actor}): {kind}. {description}"
    summary = f"In {year}: {coop} cooperative and {hostile} hostile ties."
    text_parts = [headline, summary if not message else message]
    text_parts.append(goals_note or _table_text(goals_shown, "Goals (3 vital … 1 secondary)"))
    if rows:
        text_parts.append(_table_text(ties[["with", "tie", "kind"]], f"Ties in {year}"))
    html_parts = [
        f"<h4>{_esc(name)} <small>({_esc(actor)}, {_esc(kind)})</small></h4>",
        f"<p>{_esc(description)}</p>",
        _message_html(message) if message else f"<p>{_esc(summary)}</p>",
        _message_html(goals_note) if goals_note
        else _table_html(goals_shown, "Goals in Syria (priority 3 vital, 2 major, 1 secondary)"),
    ]
    if rows:
        html_parts.append(_table_html(ties, f"Ties in {year}"))
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
    ax: Axes | None = None,
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
    ax : matplotlib Axes, optional

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
    year = check_year(year, FIRST_YEAR, LAST_YEAR)
    check_choice(ties, plots.TIES, "tie filter")
    highlight = highlight or None
    names = _actor_names()
    if highlight is not None:
        check_choice(highlight, names, "actor id")
    G = alliance_network(year)
    rows = [
        (u, v, "cooperative" if d["sign"] > 0 else "hostile", d["kind"], d["strength"])
        for u, v, d in sorted(G.edges(data=True))
        if ties == "both" or (d["sign"] > 0) == (ties == "cooperative")
    ]
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
        plots.draw_signed_network(G, ax=ax, highlight=highlight if highlight in G else None,
                                  ties=ties, title=title, reuse=True)

    n_coop = sum(1 for _, _, d in G.edges(data=True) if d["sign"] > 0)
    n_host = G.number_of_edges() - n_coop
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
        triad_html = _message_html(
            f"No unbalanced triads in {year}"
            + (f" containing {highlight}" if containing else "")
            + ": every closed triangle is balanced.")
    else:
        triad_html = _table_html(unbalanced[["a", "b", "c", "signs", "reading"]], triad_caption)
    message = " ".join(messages) or None
    text = "\n".join(
        [summary]
        + ([message] if message else [])
        + [_table_text(unbalanced[["a", "b", "c", "signs"]], triad_caption)]
    )
    html_out = (
        f"<p>{_esc(summary)}</p>"
        + (_message_html(message) if message else "")
        + triad_html
    )
    return View(text=text, html=html_out, message=message, title=title,
                tables={"ties": tie_table, "unbalanced": unbalanced}, data={"network": G})


# ----------------------------------------------------------------------- 3 timeline
def _year_span() -> tuple[int, int]:
    years = load_events()["date"].dt.year
    return int(years.min()), max(int(years.max()), LAST_YEAR)


def timeline_view(
    theme: str = "all",
    actor: str = "all",
    years: tuple[int, int] | None = None,
    ax: Axes | None = None,
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
    ax : matplotlib Axes, optional

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
    names = _actor_names()
    if actor != "all":
        check_choice(actor, names, "actor id")
    first, last = years if years is not None else _year_span()
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
        plots.plot_cooperation(chosen, ax=ax, title=title, reuse=True)
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
        return View(text=message, html=_message_html(message), message=message, title=title,
                    tables={"events": chosen})
    mean = chosen["goldstein"].mean()
    summary = (f"{len(chosen)} event{'s' if len(chosen) != 1 else ''} ({filters}); "
               f"mean Goldstein weight {mean:+.1f}.")
    return View(
        text=summary + "\n" + _table_text(table[["date", "source", "target", "event"]],
                                          "Events"),
        html=f"<p>{_esc(summary)}</p>" + _table_html(table, "Selected events", max_rows=200),
        title=title,
        tables={"events": chosen},
    )


# ------------------------------------------------------------ 4 interest comparison
def comparison_view(actor_a: str = "iran", actor_b: str = "russia",
                    ax: Axes | None = None) -> View:
    """Where two actors agree and diverge, issue by issue, and which goals they share.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids with positions (see ``load_positions()``).
    ax : matplotlib Axes, optional

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
    names = _actor_names()
    valid = sorted(set(load_positions()["actor_id"]))
    check_choice(actor_a, valid, "actor id with positions")
    check_choice(actor_b, valid, "actor id with positions")
    title = f"Positions in 2018: {names[actor_a]} vs {names[actor_b]}"
    if actor_a == actor_b:
        message = f"Choose two different actors ({names[actor_a]} is chosen twice)."
        if ax is not None:
            plots.plot_agreement(pd.DataFrame(columns=["label", "position_a", "position_b",
                                                       "agree"]), actor_a, actor_b, ax=ax,
                                 title=title, reuse=True)
        return View(text=message, html=_message_html(message), message=message, title=title,
                    tables={"issues": pd.DataFrame(), "goals": pd.DataFrame()})
    issues = agreement(actor_a, actor_b)
    holders = set(load_interests()["actor_id"])
    if actor_a in holders and actor_b in holders:
        goals = compare_interests(actor_a, actor_b)
        goals_note = None
    else:
        goals = pd.DataFrame(columns=["goal", "priority_a", "priority_b", "held_by"])
        missing = [names[a] for a in (actor_a, actor_b) if a not in holders]
        goals_note = "No goals recorded for " + " and ".join(missing) + "."
    if ax is not None:
        plots.plot_agreement(issues, names[actor_a], names[actor_b], ax=ax, title=title,
                             reuse=True)
    agree = issues[issues["agree"]]
    diverge = issues[~issues["agree"]]
    summary = (
        f"{names[actor_a]} and {names[actor_b]} agree on {len(agree)} of {len(issues)} "
        f"issues and diverge on {len(diverge)}."
    )
    message = None
    if issues.empty:
        message = "These two actors have no issue with positions in common."
    lines = [summary]
    if len(diverge):
        lines.append("Diverge most on: " + "; ".join(diverge["label"].astype(str).head(3)))
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
        f"<p>{_esc(lines[0])}</p>"
        + (_message_html(message) if message else "")
        + _table_html(issue_table, "Positions by issue (−2 strongly against … +2 strongly for)")
        + (_message_html(goals_note) if goals_note
           else _table_html(goal_table.drop(columns=["goal_id"], errors="ignore"),
                            "Goals: shared and one-sided"))
    )
    return View(text="\n".join(lines), html=html_out, message=message, title=title,
                tables={"issues": issues, "goals": goals})


# ------------------------------------------------------------------ 5 verdict builder
def verdict_view(weights: Mapping[str, float] | None = None, ax: Axes | None = None) -> View:
    """The verdict for these weights, the evidence that drives it and the weights that flip it.

    Parameters
    ----------
    weights : dict, optional
        ``{criterion_id: weight}`` (0–5); defaults from ``criteria.csv``.
    ax : matplotlib Axes, optional

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
    if weights is not None and sum(weights.values()) <= 0:
        message = "Give at least one criterion a weight above 0 to get a verdict."
        title = "Verdict: no criterion weighted"
        if ax is not None:
            _prepare(ax)
            ax.set_title(title)
            ax.set_xlabel("weighted contribution to the score")
            ax.set_ylabel("criterion")
            ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center")
        return View(text=message, html=_message_html(message), message=message, title=title)
    result = verdict(weights)
    flips = sensitivity(result.weights)
    title = f"Verdict: {result.label} (score {result.score:+.2f})"
    if ax is not None:
        plots.plot_verdict(result, ax=ax, title=title, reuse=True)
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
    flip_table = flips.reset_index()[["label", "weight", "score", "change"]].assign(
        score=lambda d: d["score"].map("{:+.2f}".format))
    text = "\n".join([
        summary,
        flip_sentence,
        _table_text(drivers.head(5)[["criterion", "claim"]], "Strongest evidence"),
    ])
    html_out = (
        f'<p style="font-size:1.1em"><strong>{_esc(summary)}</strong></p>'
        f"<p>{_esc(flip_sentence)}</p>"
        + _table_html(drivers_shown, "Evidence that drives the score (largest effect first)")
        + _table_html(flip_table, "Which weight changes would flip the verdict")
    )
    return View(text=text, html=html_out, title=title,
                tables={"drivers": result.drivers, "flips": flips},
                data={"verdict": result})


# ------------------------------------------------------------------------- 6 quiz
_IL20_QUIZ: dict[str, Any] = {
    "question": (
        "On 17 September 2018 Syrian air defences shot down a Russian aircraft during an "
        "Israeli raid on Latakia. The 2018 article (¶3) calls it a \"fighter jet\". "
        "What was it?"
    ),
    "choices": {
        "a": "A Su-34 fighter-bomber, as the article says",
        "b": "An Il-20M electronic-intelligence turboprop with 15 crew",
        "c": "An Israeli F-16 mistaken for a Russian aircraft",
        "d": "A Tu-22M3 bomber flying from Iran's Shahid Nojeh base",
    },
    "answer": "b",
    "explanations": {
        "a": "The article's \"fighter jet\" is its error: the aircraft was not a fighter.",
        "b": "A four-engine Il-20M reconnaissance plane, hit by a Syrian S-200 missile; all "
             "15 crew died. Russia blamed Israel and sent S-300s to Syria (FACTS F15).",
        "c": "The aircraft lost was Russian; Russia blamed the Israeli F-16s for using it as "
             "cover, but none of them was shot down.",
        "d": "Tu-22M3 bombers flew from Shahid Nojeh in August 2016 (the Hamadan episode), "
             "not in 2018.",
    },
}


def quiz_feedback(
    selected: str | None,
    answer: str,
    choices: Mapping[str, str],
    explanations: Mapping[str, str] | None = None,
) -> View:
    """Feedback on one multiple-choice answer: right or wrong, and why.

    Parameters
    ----------
    selected : str or None
        The key of the chosen option (None when nothing is chosen yet).
    answer : str
        The key of the right option.
    choices : dict
        ``{key: option text}``.
    explanations : dict, optional
        ``{key: why this option is right or wrong}``.

    Returns
    -------
    View
        ``data["correct"]`` is True, False, or None when nothing is chosen.

    Examples
    --------
    >>> quiz_feedback("b", "b", {"a": "no", "b": "yes"}).data["correct"]
    True
    >>> quiz_feedback(None, "b", {"a": "no", "b": "yes"}).text
    'Choose an answer, then press “Check answer”.'
    """
    explanations = explanations or {}
    if selected is None:
        text = "Choose an answer, then press “Check answer”."
        return View(text=text, html=f"<p>{_esc(text)}</p>", data={"correct": None})
    check_choice(selected, choices, "choice")
    why = explanations.get(selected, "")
    if selected == answer:
        text = f"✔ Correct: {choices[answer]}." + (f" {why}" if why else "")
        colour, correct = "#0072B2", True
    else:
        text = "✘ Not quite." + (f" {why}" if why else "") + " Try again."
        colour, correct = "#D55E00", False
    html_out = (f'<p role="status" style="border-left:4px solid {colour};padding-left:0.5em">'
                f"{_esc(text)}</p>")
    return View(text=text, html=html_out, data={"correct": correct})


# ------------------------------------------------------------------- the container
class CourseWidget(widgets.VBox):
    """A labelled explorer: controls, a text/table view and (optionally) a figure.

    Parameters
    ----------
    title : str
        Shown as a heading.
    controls : dict
        ``{name: ipywidget}``; every control's ``value`` is passed to ``compute`` by name.
    compute : callable
        ``compute(**values, ax=ax) -> View`` (``ax`` only when ``figure`` is true).
    figure : bool
        Whether the view has a figure.
    figsize : (float, float)
        Size of the figure in inches.
    margins : (float, float, float, float)
        Left, bottom, right, top of the Axes as fractions of the figure.
    extra : list of widgets, optional
        Shown after the controls (e.g. a button).
    help_text : str
        A sentence under the title saying what to do.
    """

    def __init__(
        self,
        title: str,
        controls: dict[str, widgets.ValueWidget],
        compute: Callable[..., View],
        figure: bool = True,
        figsize: tuple[float, float] = (7.0, 5.0),
        margins: tuple[float, float, float, float] = (0.1, 0.1, 0.97, 0.9),
        extra: list[widgets.Widget] | None = None,
        help_text: str = "",
        observe: bool = True,
    ) -> None:
        self.title = title
        self.controls = controls
        self._compute = compute
        self.heading = widgets.HTML(
            f"<h3 style='margin:0.2em 0'>{_esc(title)}</h3>"
            + (f"<p style='margin:0'>{_esc(help_text)}</p>" if help_text else "")
        )
        self.view = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.figure_view = widgets.Output()
        self.figure, self.ax = (
            plots.new_figure(*figsize, margins=margins) if figure else (None, None))
        self.state: View | None = None
        self.svg: str | None = None
        children = [self.heading, widgets.VBox(list(controls.values()) + list(extra or []))]
        children += [self.view] + ([self.figure_view] if figure else [])
        super().__init__(children=children, layout=widgets.Layout(width="100%"))
        self.add_class("coursekit-widget")
        if observe:
            for control in controls.values():
                control.observe(self.update, names="value")
        self.update()

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change: Any = None) -> View:
        """Recompute the view from the controls and show it (the ``observe`` handler)."""
        kwargs = self.values()
        if self.ax is not None:
            kwargs["ax"] = self.ax
        try:
            view = self._compute(**kwargs)
        except (ValueError, TypeError) as error:  # a learner's input: say so, do not crash
            message = f"Cannot show this choice: {error}"
            view = View(text=message, html=_message_html(message), message=message)
        self.state = view
        self.view.value = view.html
        if self.figure is not None:
            self.svg = plots.figure_svg(self.figure)
            self.figure_view.outputs = (
                {
                    "output_type": "display_data",
                    "data": {
                        "image/svg+xml": self.svg,
                        "text/plain": f"Figure: {view.title or self.title}. {view.text[:300]}",
                    },
                    "metadata": {},
                },
            )
        return view

    def static_html(self) -> str:
        """The current view as self-contained HTML (text, tables, figure as an image)."""
        parts = [f"<div class='coursekit-static'><h3>{_esc(self.title)}</h3>",
                 "<p><em>Static snapshot: run the notebook to use the controls.</em></p>",
                 self.state.html if self.state else ""]
        if self.svg:
            alt = _esc(self.state.title if self.state and self.state.title else self.title)
            encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
            parts.append(f'<img alt="{alt}" src="data:image/svg+xml;base64,{encoded}"/>')
        parts.append("</div>")
        return "".join(parts)

    def static_text(self) -> str:
        """The current view as plain text."""
        return f"{self.title}\n{self.state.text if self.state else ''}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # Renderers that cannot show widgets (GitHub, nbviewer without widget state, HTML
        # exports) fall back to these; JupyterLab prefers the widget view.
        data = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = self.static_text()
        data["text/html"] = self.static_html()
        return data


def _dropdown(description: str, options: list, value: Any) -> widgets.Dropdown:
    return widgets.Dropdown(
        description=description,
        description_allow_html=False,
        options=options,
        value=value,
        style={"description_width": "initial"},
    )


def _actor_options(only: set[str] | None = None) -> list[tuple[str, str]]:
    names = _actor_names()
    return [(f"{name} ({aid})", aid) for aid, name in names.items()
            if only is None or aid in only]


def _year_slider(year: int) -> widgets.IntSlider:
    return widgets.IntSlider(
        description="Year",
        description_allow_html=False,
        min=FIRST_YEAR,
        max=LAST_YEAR,
        step=1,
        value=check_year(year, FIRST_YEAR, LAST_YEAR),
        continuous_update=False,
        style={"description_width": "initial"},
    )


# ------------------------------------------------------------------ widget factories
def actor_explorer(actor: str = "iran", year: int = 2018) -> CourseWidget:
    """Pick an actor and a year: its profile, its goals with priorities, and its ties.

    Parameters
    ----------
    actor : str
        The actor shown first.
    year : int
        The year shown first (2011–2025).

    Returns
    -------
    CourseWidget
        Controls ``"actor"`` (drop-down) and ``"year"`` (slider); view from
        :func:`actor_view`.

    Examples
    --------
    >>> w = actor_explorer()
    >>> w.controls["actor"].value = "russia"
    >>> w.state.title
    'Ties of Russia in 2018'
    """
    check_choice(actor, _actor_names(), "actor id")
    controls = {
        "actor": _dropdown("Actor", _actor_options(), actor),
        "year": _year_slider(year),
    }
    return CourseWidget(
        "Actor explorer",
        controls,
        actor_view,
        figsize=(6.0, 5.0),
        margins=(0.02, 0.02, 0.98, 0.92),
        help_text="Choose an actor and a year to see its goals and its ties that year.",
    )


def network_explorer(year: int = 2018, ties: str = "both",
                     highlight: str | None = None) -> CourseWidget:
    """The signed alliance network, year by year, with its unbalanced triads.

    Cooperative ties are solid blue lines, hostile ties dashed vermillion ones; every actor
    keeps its place from year to year.

    Parameters
    ----------
    year : int
        2011–2025.
    ties : {"both", "cooperative", "hostile"}
    highlight : str or None
        An actor to emphasise.

    Returns
    -------
    CourseWidget
        Controls ``"year"`` (slider), ``"ties"`` and ``"highlight"`` (drop-downs); view
        from :func:`network_view`.

    Examples
    --------
    >>> w = network_explorer()
    >>> w.controls["year"].value = 2016
    >>> w.state.title
    'Alliance network, 2016'
    """
    check_choice(ties, plots.TIES, "tie filter")
    if highlight:
        check_choice(highlight, _actor_names(), "actor id")
    controls = {
        "year": _year_slider(year),
        "ties": _dropdown("Ties", _TIE_OPTIONS, ties),
        "highlight": _dropdown("Highlight", [("(none)", "")] + _actor_options(),
                               highlight or ""),
    }
    return CourseWidget(
        "Alliance network",
        controls,
        network_view,
        figsize=(7.0, 6.0),
        margins=(0.02, 0.02, 0.98, 0.93),
        help_text="Move the year slider; filter the ties; highlight an actor to list its "
                  "unbalanced triads. Solid = cooperative, dashed = hostile.",
    )


def timeline(theme: str = "all", actor: str = "all",
             years: tuple[int, int] | None = None) -> CourseWidget:
    """Filter the events by theme, actor and years; plot cooperation–conflict; list them.

    Parameters
    ----------
    theme : str
        ``"all"`` or one of ``coursekit.THEMES``.
    actor : str
        ``"all"`` or an actor id.
    years : (int, int), optional
        The year range shown first (default: all years).

    Returns
    -------
    CourseWidget
        Controls ``"theme"``, ``"actor"`` (drop-downs) and ``"years"`` (range slider);
        view from :func:`timeline_view`.

    Examples
    --------
    >>> w = timeline()
    >>> w.controls["theme"].value = "historical_wariness"
    >>> "Historical wariness" in w.state.title
    True
    """
    first, last = _year_span()
    years = years if years is not None else (first, last)
    theme_options = [("all themes", "all")] + [(THEME_LABELS.get(t, t), t) for t in THEMES]
    controls = {
        "theme": _dropdown("Theme", theme_options, theme),
        "actor": _dropdown("Actor", [("any actor", "all")] + _actor_options(), actor),
        "years": widgets.IntRangeSlider(
            description="Years",
            description_allow_html=False,
            min=first,
            max=last,
            step=1,
            value=(max(first, int(years[0])), min(last, int(years[1]))),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        ),
    }
    return CourseWidget(
        "Timeline of events",
        controls,
        timeline_view,
        figsize=(8.0, 4.0),
        margins=(0.13, 0.13, 0.98, 0.83),
        help_text="Filter the events; each is placed on the Goldstein scale from −10 "
                  "(conflict) to +10 (cooperation).",
    )


def interest_comparison(actor_a: str = "iran", actor_b: str = "russia") -> CourseWidget:
    """Two actors side by side: where they agree and diverge, issue by issue.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids with positions.

    Returns
    -------
    CourseWidget
        Controls ``"actor_a"`` and ``"actor_b"``; view from :func:`comparison_view`.

    Examples
    --------
    >>> w = interest_comparison()
    >>> w.controls["actor_b"].value = "israel"
    >>> w.state.title
    'Positions in 2018: Iran vs Israel'
    """
    holders = set(load_positions()["actor_id"])
    check_choice(actor_a, holders, "actor id with positions")
    check_choice(actor_b, holders, "actor id with positions")
    options = _actor_options(holders)
    controls = {
        "actor_a": _dropdown("First actor", options, actor_a),
        "actor_b": _dropdown("Second actor", options, actor_b),
    }
    return CourseWidget(
        "Interest comparison",
        controls,
        comparison_view,
        figsize=(7.0, 5.0),
        margins=(0.36, 0.2, 0.97, 0.92),
        help_text="Choose two actors: circles and squares mark their positions; a dashed "
                  "connector means they are on different sides.",
    )


def verdict_builder(weights: Mapping[str, float] | None = None) -> CourseWidget:
    """Weigh the criteria of 'strategic partnership' vs 'marriage of convenience'.

    One slider per criterion (0–5). The view shows the score and verdict, the evidence
    that drives it, and which single weight change would flip it.

    Parameters
    ----------
    weights : dict, optional
        Starting weights (default: each criterion's ``default_weight``).

    Returns
    -------
    CourseWidget
        Controls named by criterion id, plus ``w.reset_button``; view from
        :func:`verdict_view`.

    Examples
    --------
    >>> w = verdict_builder()
    >>> w.controls["israel"].value = 0.0
    >>> w.state.data["verdict"].weights["israel"]
    0.0
    """
    from .verdict import _check_weights

    start = _check_weights(weights)
    criteria = load_criteria()
    controls = {
        row.criterion_id: widgets.FloatSlider(
            description=str(row.label),
            description_allow_html=False,
            min=0.0,
            max=MAX_WEIGHT,
            step=0.5,
            value=start[row.criterion_id],
            readout_format=".1f",
            continuous_update=False,
            tooltip=str(row.question),
            style={"description_width": "20em"},
            layout=widgets.Layout(width="36em"),
        )
        for row in criteria.itertuples()
    }

    def compute(ax: Axes | None = None, **values: float) -> View:
        return verdict_view(values, ax=ax)

    reset = widgets.Button(description="Reset weights", tooltip="Back to the default weights",
                           icon="undo")
    w = CourseWidget(
        "Verdict builder",
        controls,
        compute,
        figsize=(7.0, 4.5),
        margins=(0.33, 0.27, 0.97, 0.9),
        extra=[reset],
        help_text="Set how much each criterion matters (0 = ignore, 5 = decisive).",
    )
    defaults = _check_weights(None)

    def on_reset(_button: widgets.Button) -> None:
        with w.hold_trait_notifications():
            for crit, control in controls.items():
                control.unobserve(w.update, names="value")
                control.value = defaults[crit]
                control.observe(w.update, names="value")
        w.update()

    reset.on_click(on_reset)
    w.reset_button = reset
    return w


def quiz(
    question: str | None = None,
    choices: Mapping[str, str] | None = None,
    answer: str | None = None,
    explanations: Mapping[str, str] | None = None,
) -> CourseWidget:
    """A multiple-choice question with immediate, explained feedback.

    Choose an option (arrow keys move between radio buttons) and press "Check answer"
    (Enter or Space on the focused button). With no arguments: a question about the
    Il-20M shot down on 17 September 2018 (FACTS F15).

    Parameters
    ----------
    question : str, optional
    choices : dict, optional
        ``{key: option text}``, in display order.
    answer : str, optional
        The key of the right option.
    explanations : dict, optional
        ``{key: why}``; shown as feedback for that option.

    Returns
    -------
    CourseWidget
        Control ``"choice"`` (radio buttons; ``value`` is the option key or None) and
        ``w.check_button``; ``w.state`` is the last :func:`quiz_feedback`.

    Examples
    --------
    >>> w = quiz()
    >>> w.controls["choice"].value = "b"
    >>> w.check_button.click()
    >>> w.state.data["correct"]
    True
    """
    if question is None:
        spec = _IL20_QUIZ
        question, choices = spec["question"], spec["choices"]
        answer, explanations = spec["answer"], spec["explanations"]
    if not choices:
        raise ValueError("a quiz needs choices: a dict {key: option text}")
    choices = dict(choices)
    explanations = dict(explanations or {})
    if answer is None:
        raise ValueError("a quiz needs the key of the right answer")
    check_choice(answer, choices, "answer key")
    for key in explanations:
        check_choice(key, choices, "explanation key")

    radio = widgets.RadioButtons(
        description="Answer",
        description_allow_html=False,
        options=[(text, key) for key, text in choices.items()],
        value=None,
        layout=widgets.Layout(width="auto"),
        style={"description_width": "initial"},
    )
    check = widgets.Button(description="Check answer", tooltip="Check the chosen answer",
                           button_style="primary")

    def compute(choice: str | None) -> View:
        if choice is None:
            return quiz_feedback(None, answer, choices, explanations)
        text = f"Selected: {choices[choice]}. Press “Check answer”."
        return View(text=text, html=f"<p>{_esc(text)}</p>", data={"correct": None})

    w = CourseWidget("Quiz: " + question, {"choice": radio}, compute, figure=False,
                     extra=[check])
    w.heading.value = (f"<p style='font-weight:bold;margin:0.2em 0'>{_esc(question)}</p>")

    def on_check(_button: widgets.Button) -> None:
        view = quiz_feedback(radio.value, answer, choices, explanations)
        w.state = view
        w.view.value = view.html

    check.on_click(on_check)
    w.check_button = check
    w.answer = answer
    return w


def quiz_from_dict(spec: Mapping[str, Any]) -> CourseWidget:
    """Build a :func:`quiz` from a dict with keys question, choices, answer, explanations.

    Examples
    --------
    >>> w = quiz_from_dict({"question": "Year of the Treaty of Turkmenchay?",
    ...                     "choices": {"a": "1813", "b": "1828"}, "answer": "b"})
    >>> w.controls["choice"].options
    (('1813', 'a'), ('1828', 'b'))
    """
    unknown = set(spec) - {"question", "choices", "answer", "explanations"}
    if unknown:
        raise ValueError(
            "unknown quiz keys: " + ", ".join(sorted(unknown))
            + "; valid keys: question, choices, answer, explanations")
    return quiz(spec.get("question"), spec.get("choices"), spec.get("answer"),
                spec.get("explanations"))
