"""The data guard: a question's reference answer fails loudly when the data stop supporting it.

Multiple-choice references are letters, computed from the data where they can be (e.g.
that an event with the right fact id still exists). When a correction to the shipped
data removes that support, :func:`require` raises, and :func:`coursekit.check` reports
"the check itself failed" instead of passing a stale letter.

This module imports :mod:`coursekit.loaders` (on demand), which the rest of the check
engine does not need.

Examples
--------
>>> require(len(events_with("F17")) > 0, "an event with fact_id F17")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["events_with", "require"]


def require(condition: bool, what: str) -> None:
    """Guard a reference answer: raise if the shipped data no longer support it.

    Question modules compute multiple-choice references from the data too (e.g. that
    an event with the right fact id still exists). When a data correction removes that
    support, :func:`check` reports "the check itself failed" instead of passing a stale
    letter.

    Examples
    --------
    >>> require(True, "anything")
    >>> require(False, "an event with fact_id F15")
    Traceback (most recent call last):
    ...
    LookupError: the course data no longer support this answer: an event with fact_id F15
    """
    if not condition:
        raise LookupError(f"the course data no longer support this answer: {what}")


def events_with(fact_id: str) -> pd.DataFrame:
    """The course's events that cite ``fact_id``, guarded like :func:`require`.

    Question modules use it to check that the data still record the fact a
    multiple-choice reference rests on.

    Raises
    ------
    LookupError
        If no event cites ``fact_id`` (:func:`check` then reports "the check itself
        failed").

    Examples
    --------
    >>> rows = events_with("F17")[["date", "actor_source", "actor_target"]]
    >>> print(rows.to_string(index=False))
          date actor_source actor_target
    2018-08-01         iran       israel
    >>> events_with("F99")
    Traceback (most recent call last):
    ...
    LookupError: the course data no longer support this answer: an event with fact_id F99
    """
    from coursekit.loaders import load_events

    events = load_events()
    rows = events[events["fact_id"] == fact_id]
    require(not rows.empty, f"an event with fact_id {fact_id}")
    return rows
