"""The widget factories: each builds a :class:`CourseWidget` with labelled controls.

Every factory works with no arguments, validates the starting values it is given (a clear
``ValueError`` for an unknown id, a year out of range, ...), builds standard ipywidgets
controls (keyboard-accessible: Tab to a control, arrow keys move sliders) and wires them to
one view function of :mod:`coursekit.widgets.views`. The quiz factories are in
:mod:`coursekit.widgets.quiz`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from .._validate import check_choice, check_year
from ..loaders import THEMES, load_positions
from ..network import network_years
from ..ties import TIES
from ..verdict import MAX_WEIGHT, complete_weights, default_weights, load_criteria
from .container import CourseWidget
from .views import (
    THEME_LABELS,
    View,
    actor_names,
    actor_view,
    comparison_view,
    network_view,
    timeline_view,
    verdict_view,
    year_span,
)

__all__ = [
    "actor_explorer",
    "interest_comparison",
    "network_explorer",
    "timeline",
    "verdict_builder",
]

_TIE_OPTIONS = [
    ("cooperative and hostile", "both"),
    ("cooperative only", "cooperative"),
    ("hostile only", "hostile"),
]



def dropdown(description: str, options: list, value: Any) -> widgets.Dropdown:
    """A labelled drop-down whose label is plain text (shared by every factory)."""
    return widgets.Dropdown(
        description=description,
        description_allow_html=False,
        options=options,
        value=value,
        style={"description_width": "initial"},
    )


def _actor_options(only: set[str] | None = None) -> list[tuple[str, str]]:
    names = actor_names()
    return [(f"{name} ({aid})", aid) for aid, name in names.items()
            if only is None or aid in only]


def _year_slider(year: int) -> widgets.IntSlider:
    first, last = network_years()
    return widgets.IntSlider(
        description="Year",
        description_allow_html=False,
        min=first,
        max=last,
        step=1,
        value=check_year(year, first, last),
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
    check_choice(actor, actor_names(), "actor id")
    controls = {
        "actor": dropdown("Actor", _actor_options(), actor),
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
    check_choice(ties, TIES, "tie filter")
    if highlight:
        check_choice(highlight, actor_names(), "actor id")
    controls = {
        "year": _year_slider(year),
        "ties": dropdown("Ties", _TIE_OPTIONS, ties),
        "highlight": dropdown("Highlight", [("(none)", "")] + _actor_options(),
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
    first, last = year_span()
    years = years if years is not None else (first, last)
    theme_options = [("all themes", "all")] + [(THEME_LABELS.get(t, t), t) for t in THEMES]
    controls = {
        "theme": dropdown("Theme", theme_options, theme),
        "actor": dropdown("Actor", [("any actor", "all")] + _actor_options(), actor),
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


#: The widget's choice of rows: independent sources only (the default), or the article's
#: own rows put back, so a learner sees what the article's claims change.
_ORIGIN_OPTIONS = [
    ("independent sources only", "independent"),
    ("with the article's own rows", "article_first"),
]


def _keep_a_choice(change: Any) -> None:
    """Put a drop-down that was set to None back to its previous value."""
    if change["new"] is None and change["old"] is not None:
        change["owner"].value = change["old"]


def interest_comparison(actor_a: str = "iran", actor_b: str = "russia",
                        origin: str = "independent") -> CourseWidget:
    """Two actors side by side: where they agree and diverge, issue by issue.

    By default only positions and goals resting on independent sources are compared: the
    article's own rows are claims under test, not evidence for the article. The ``"origin"``
    control puts them back, to show what they change.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids with positions.
    origin : {"independent", "article_first"}
        The rows shown first (see :func:`coursekit.load_positions`).

    Returns
    -------
    CourseWidget
        Controls ``"actor_a"``, ``"actor_b"`` and ``"origin"`` (drop-downs); view from
        :func:`comparison_view`.

    Examples
    --------
    >>> w = interest_comparison()
    >>> w.controls["actor_b"].value = "israel"
    >>> w.state.title
    'Positions in 2018: Iran vs Israel'
    >>> len(w.state.tables["issues"])
    5
    >>> w.controls["origin"].value = "article_first"  # the article's rows back in
    >>> len(w.state.tables["issues"])
    7
    >>> w.controls["origin"].value = None  # no selection: the last choice is kept
    >>> w.controls["origin"].value
    'article_first'
    """
    check_choice(origin, [value for _label, value in _ORIGIN_OPTIONS], "origin")
    holders = set(load_positions(origin)["actor_id"])
    check_choice(actor_a, holders, "actor id with positions")
    check_choice(actor_b, holders, "actor id with positions")
    options = _actor_options(holders)
    controls = {
        "actor_a": dropdown("First actor", options, actor_a),
        "actor_b": dropdown("Second actor", options, actor_b),
        "origin": dropdown("Rows", _ORIGIN_OPTIONS, origin),
    }
    for control in controls.values():
        # a drop-down set to None (no selection) keeps its last choice: None is no actor
        # and no choice of rows, and the view would fail on it and on every later change.
        # Observed before the widget's own update, so that update sees the choice kept.
        control.observe(_keep_a_choice, names="value")
    return CourseWidget(
        "Interest comparison",
        controls,
        comparison_view,
        figsize=(7.0, 5.0),
        margins=(0.36, 0.2, 0.97, 0.92),
        help_text="Choose two actors: circles and squares mark their positions; a dashed "
                  "connector means they are on different sides. Rows: independent sources "
                  "only, or with the article's own rows (its claims under test).",
    )


def verdict_builder(weights: Mapping[str, float] | None = None) -> CourseWidget:
    """Weigh the criteria of 'strategic partnership' vs 'marriage of convenience'.

    One slider per criterion, from 0 to ``coursekit.verdict.MAX_WEIGHT``, its label naming
    its axis. The view shows the basis verdict (partnership or convenience), the evidence
    that drives it and which single weight change would flip it, and the commitment
    verdict (alliance or alignment) in one sentence.

    Parameters
    ----------
    weights : dict, optional
        Starting weights (default: each criterion's ``default_weight``).

    Returns
    -------
    CourseWidget
        Controls named by criterion id and the button ``w.buttons["reset"]``; view from
        :func:`verdict_view`.

    Examples
    --------
    >>> w = verdict_builder()
    >>> w.controls["israel"].value = 0.0
    >>> w.state.data["verdict"].weights["israel"]
    0.0
    """
    start = complete_weights(weights)  # every criterion's weight; rejects unknown ids
    criteria = load_criteria()
    controls = {
        row.criterion_id: widgets.FloatSlider(
            description=f"{row.label} ({row.axis})",
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

    def compute(ax: Any = None, **values: float) -> View:
        return verdict_view(values, ax=ax)

    reset = widgets.Button(description="Reset weights", tooltip="Back to the default weights",
                           icon="undo")
    w = CourseWidget(
        "Verdict builder",
        controls,
        compute,
        figsize=(7.0, 4.5),
        margins=(0.33, 0.27, 0.97, 0.9),
        buttons={"reset": reset},
        help_text=f"Set how much each criterion matters "
                  f"(0 = ignore, {MAX_WEIGHT:g} = decisive).",
    )
    defaults = default_weights()

    def on_reset(_button: widgets.Button) -> None:
        with w.hold_trait_notifications():
            for crit, control in controls.items():
                control.unobserve(w.update, names="value")
                control.value = defaults[crit]
                control.observe(w.update, names="value")
        w.update()

    reset.on_click(on_reset)
    return w


