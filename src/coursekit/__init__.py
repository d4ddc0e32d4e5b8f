"""coursekit: the helper library of the course "Allies of Convenience? Iran, Russia and the
War in Syria".

It gives the lessons and exercises three things:

* **data**: curated, sourced tables loaded as pandas DataFrames (``load_actors()``,
  ``load_events()``, …; see ``coursekit/data/codebook.md``);
* **analysis**: small, readable functions the lessons teach with (the signed alliance
  network of a year, structural balance, brokerage, routes and distances, agreement
  between actors, a cooperation index over time);
* **models**: ``coursekit.verdict`` (a transparent scoring model of the alliance) and
  ``coursekit.forecasts`` (Brier scores for the article's forecasts);
* **interaction**: ``coursekit.widgets`` for exploring, and ``coursekit.check`` for
  instant feedback on exercises.

Importing coursekit is cheap: it reads no data until a loader is called, and imports
matplotlib and ipywidgets only when a figure or widget is made.

Examples
--------
>>> import coursekit
>>> G = coursekit.alliance_network(2018)
>>> G.edges["iran", "russia"]["sign"]
1
"""

from __future__ import annotations

import importlib
from typing import Any

from .geo import Route, distances_from, great_circle_km, places_within, route_graph, shortest_route
from .loaders import (
    THEMES,
    load_actors,
    load_cameo,
    load_claims,
    load_events,
    load_facts,
    load_human_cost,
    load_interests,
    load_issues,
    load_places,
    load_positions,
    load_readings,
    load_relations,
    load_routes,
    load_sources,
    load_treaties,
    load_treaty_provisions,
    readings,
)
from .network import (
    alliance_network,
    brokerage,
    cooperative_subgraph,
    triads,
    unbalanced_triads,
)
from .politics import agreement, compare_interests, interest_portfolio
from .quotes import load_statements, statements
from .readinglist import reading_list
from .timeseries import cooperation_index, events_between, once_per_instrument

__version__ = "0.1.0"

__all__ = [
    "NOT_RUN",
    "THEMES",
    "Route",
    "agreement",
    "alliance_network",
    "brokerage",
    "check",
    "compare_interests",
    "cooperation_index",
    "cooperative_subgraph",
    "distances_from",
    "events_between",
    "great_circle_km",
    "interest_portfolio",
    "load_actors",
    "load_cameo",
    "load_claims",
    "load_events",
    "load_facts",
    "load_human_cost",
    "load_interests",
    "load_issues",
    "load_places",
    "load_positions",
    "load_readings",
    "load_relations",
    "load_routes",
    "load_sources",
    "load_statements",
    "load_treaties",
    "load_treaty_provisions",
    "once_per_instrument",
    "places_within",
    "questions",
    "reading_list",
    "readings",
    "route_graph",
    "shortest_route",
    "statements",
    "triads",
    "unbalanced_triads",
]


def check(question_id: str, answer: Any):
    """Check an exercise answer and print instant feedback (see :mod:`coursekit.checks`).

    Pass the value explicitly: ``coursekit.check("01.1", answer_1)``. Returns a result with
    ``passed`` (True, False, or None while the answer is still ``...``) and ``message``.
    Exercise check cells pass ``globals().get("answer_1", NOT_RUN)``: before the answer
    cell has run, the check says "Not answered: run the answer cell above first".
    """
    from .checks import check as _check

    return _check(question_id, answer)


def questions():
    """Every exercise question with its set and points, as a DataFrame."""
    from .checks import questions as _questions

    return _questions()


_LAZY_SUBMODULES = {"widgets", "plots", "ties", "checks", "build", "grade", "verdict", "forecasts",
                    "coding", "figures", "maps"}


def __getattr__(name: str) -> Any:
    # ``coursekit.widgets`` and friends are imported on first use, so that
    # ``import coursekit`` stays cheap (no ipywidgets or matplotlib at import).
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "NOT_RUN":  # what a check cell passes before its answer cell has run
        return importlib.import_module(".checks.compare", __name__).NOT_RUN
    raise AttributeError(f"module 'coursekit' has no attribute {name!r}")
