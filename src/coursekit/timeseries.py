"""Cooperation and conflict over time, from CAMEO-coded events and Goldstein weights."""

from __future__ import annotations

import pandas as pd

from ._validate import check_choice
from .loaders import load_actors, load_events

__all__ = ["PERIODS", "cooperation_index", "events_between", "once_per_instrument"]

#: The choices of ``by=`` in :func:`cooperation_index`, each with its length in years.
PERIODS = {"year": 1, "decade": 10, "century": 100}


def events_between(actor_a: str, actor_b: str) -> pd.DataFrame:
    """The events in which ``actor_a`` acts on ``actor_b`` or the other way round.

    Every row is kept, including each stage of a multi-stage agreement (see
    :func:`once_per_instrument`).

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


def once_per_instrument(events: pd.DataFrame) -> pd.DataFrame:
    """Count each agreement once: keep only the first row of each ``instrument_id``.

    The stages of one agreement (signature, ratifications, entry into force) and the
    pair-rows of one multilateral document share an ``instrument_id`` in the events
    table. Summing or averaging such rows counts one treaty several times: the 2025
    Russia–Iran treaty has four rows. This keeps the earliest row of each instrument
    (its signature) and every row without an instrument, in the original order.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows of :func:`coursekit.load_events` (columns ``date``, ``event_id`` and
        ``instrument_id``).

    Returns
    -------
    pandas.DataFrame
        A copy with the later stages of each instrument left out.

    Examples
    --------
    >>> pair = events_between("iran", "russia")
    >>> int((pair["instrument_id"] == "ru_ir_2025").sum())
    4
    >>> once = once_per_instrument(pair)
    >>> once.loc[once["instrument_id"] == "ru_ir_2025", "event_id"].tolist()
    ['E134']
    """
    missing = {"date", "event_id", "instrument_id"} - set(events.columns)
    if missing:
        raise ValueError(
            f"once_per_instrument needs the columns {sorted(missing)}: "
            "pass rows of coursekit.load_events()"
        )
    ordered = events.sort_values(["date", "event_id"], kind="stable")
    later = ordered["instrument_id"].notna() & ordered["instrument_id"].duplicated()
    return events.loc[~later.reindex(events.index)].copy()


def cooperation_index(
    actor_a: str, actor_b: str, by: str = "year", *, once: bool = True
) -> pd.DataFrame:
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
    once : bool, default True
        Count each agreement once (:func:`once_per_instrument`): a treaty's
        ratifications and entry into force are not new acts of cooperation. Pass
        ``False`` to count every stage.

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
    >>> by_decade = cooperation_index("iran", "russia", by="decade")
    >>> every_stage = cooperation_index("iran", "russia", by="decade", once=False)
    >>> int(every_stage.loc[2020, "events"] - by_decade.loc[2020, "events"])  # 3 treaty stages
    3
    """
    check_choice(by, PERIODS, "period")
    if not isinstance(once, bool):
        raise TypeError(f"once must be True or False, not {once!r}")
    events = events_between(actor_a, actor_b)
    if once:
        events = once_per_instrument(events)
    size = PERIODS[by]
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
