"""Cooperation and conflict over time, from CAMEO-coded events and Goldstein weights."""

from __future__ import annotations

import pandas as pd

from ._validate import check_choice
from .loaders import load_actors, load_events

__all__ = ["cooperation_index", "events_between"]

_PERIODS = {"year": 1, "decade": 10, "century": 100}


def events_between(actor_a: str, actor_b: str) -> pd.DataFrame:
    """The events in which ``actor_a`` acts on ``actor_b`` or the other way round.

    Examples
    --------
    >>> ev = events_between("russia", "iran")
    >>> ev["date"].is_monotonic_increasing
    True
    """
    valid = load_actors()["actor_id"]
    check_choice(actor_a, valid, "actor id")
    check_choice(actor_b, valid, "actor id")
    events = load_events()
    pair = {actor_a, actor_b}
    mask = [{s, t} == pair for s, t in zip(events["actor_source"], events["actor_target"])]
    return events[mask].sort_values(["date", "event_id"]).reset_index(drop=True)


def cooperation_index(actor_a: str, actor_b: str, by: str = "year") -> pd.DataFrame:
    """Cooperation–conflict between two actors per period: the Goldstein weights of their events.

    Each event carries the Goldstein weight of its CAMEO code (−10 most conflictual, +10
    most cooperative). For each period with at least one event between the two actors
    (in either direction) we report how many events there were, their mean weight (the
    *cooperation index*) and their sum.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids.
    by : {"year", "decade", "century"}
        The length of a period; a period is labelled by its first year.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (int), columns ``events``, ``mean_goldstein``,
        ``total_goldstein``; periods with no events are left out.

    Examples
    --------
    >>> index = cooperation_index("iran", "russia", by="century")
    >>> list(index.columns)
    ['events', 'mean_goldstein', 'total_goldstein']
    >>> int(index.index[0])
    1800
    """
    check_choice(by, _PERIODS, "period")
    events = events_between(actor_a, actor_b)
    size = _PERIODS[by]
    period = (events["date"].dt.year // size * size).rename("period")
    grouped = events.groupby(period)["goldstein"]
    table = pd.DataFrame(
        {
            "events": grouped.size(),
            "mean_goldstein": grouped.mean().round(2),
            "total_goldstein": grouped.sum().round(1),
        }
    )
    return table
