"""Who gives what to whom: directed exchanges between two actors, from CAMEO-coded events.

:func:`coursekit.cooperation_index` asks how cooperative a relationship is; it does not ask
**who** acts. This module keeps the direction of each event (``"iran → russia"``) and sorts
events into the four classes that GDELT calls *QuadClass*, read off the CAMEO root code:

========================  ============  ==========================================
class                     root codes    examples
========================  ============  ==========================================
verbal cooperation        01–05         statements, visits, defending verbally,
                                        signing agreements
material cooperation      06–08         economic or military cooperation, aid,
                                        arms, yielding
verbal conflict           09–13         criticism, accusations, threats
material conflict         14–20         protests, sanctions, force
========================  ============  ==========================================

An **exchange matrix** counts the events of each direction in each class, and a **net
flow** subtracts what one side received from what it gave. Counts are acts, not volumes:
one row may stand for hundreds of drones or for two trainer aircraft.

Examples
--------
>>> quad_class("072")
'material cooperation'
>>> events = directed_events("iran", "russia", 2022, 2025)
>>> sorted(events["direction"].unique())
['iran → russia', 'russia → iran']
"""

from __future__ import annotations

import pandas as pd

from ._validate import check_choice
from .timeseries import events_between, once_per_instrument

__all__ = [
    "QUAD_CLASSES",
    "directed_events",
    "exchange_matrix",
    "net_flow",
    "quad_class",
]

#: The four classes in their usual order, each with the CAMEO root codes it covers.
QUAD_CLASSES: dict[str, range] = {
    "verbal cooperation": range(1, 6),
    "material cooperation": range(6, 9),
    "verbal conflict": range(9, 14),
    "material conflict": range(14, 21),
}


def quad_class(cameo_code: str) -> str:
    """The class of a CAMEO code, read from its two-digit root.

    Parameters
    ----------
    cameo_code : str
        A CAMEO code as text with its leading zero (``"057"``, ``"1312"``).

    Returns
    -------
    str
        One of the keys of :data:`QUAD_CLASSES`.

    Examples
    --------
    >>> quad_class("057"), quad_class("111"), quad_class("163")
    ('verbal cooperation', 'verbal conflict', 'material conflict')
    >>> quad_class("57")
    Traceback (most recent call last):
    ...
    ValueError: CAMEO code '57' must be text of 2 to 4 digits with its leading zero, e.g. '057'
    """
    code = str(cameo_code)
    root = int(code[:2]) if code.isdigit() and 2 <= len(code) <= 4 else 0
    for name, roots in QUAD_CLASSES.items():
        if root in roots:
            return name
    raise ValueError(
        f"CAMEO code {cameo_code!r} must be text of 2 to 4 digits with its leading zero, e.g. '057'"
    )


def directed_events(
    actor_a: str,
    actor_b: str,
    start: int | None = None,
    end: int | None = None,
    *,
    once: bool = True,
) -> pd.DataFrame:
    """The events between two actors in the years ``start``–``end``, with direction and class.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids (``coursekit.load_actors()``).
    start, end : int, optional
        First and last year, both included; ``None`` leaves that end open.
    once : bool, default True
        Count each agreement once (:func:`coursekit.once_per_instrument`).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`coursekit.events_between` in those years (a copy), with two more
        columns: ``direction`` (``"source → target"``) and ``quad_class``.

    Examples
    --------
    >>> ev = directed_events("iran", "russia", 2025, 2025)
    >>> int(ev["date"].dt.year.min()), int(ev["date"].dt.year.max())
    (2025, 2025)
    >>> (ev["instrument_id"] == "ru_ir_2025").sum()  # signature only, not its later stages
    np.int64(1)
    """
    for year, name in ((start, "start"), (end, "end")):
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise TypeError(f"{name} must be a year as an int, e.g. 2022, not {year!r}")
    if start is not None and end is not None and start > end:
        raise ValueError(f"start ({start}) is after end ({end})")
    if not isinstance(once, bool):
        raise TypeError(f"once must be True or False, not {once!r}")
    events = events_between(actor_a, actor_b)
    if once:
        events = once_per_instrument(events)
    years = events["date"].dt.year
    keep = pd.Series(True, index=events.index)
    if start is not None:
        keep &= years >= start
    if end is not None:
        keep &= years <= end
    chosen = events[keep].copy()
    chosen["direction"] = chosen["actor_source"] + " → " + chosen["actor_target"]
    chosen["quad_class"] = chosen["cameo_code"].map(quad_class)
    return chosen.reset_index(drop=True)


def exchange_matrix(events: pd.DataFrame, value: str = "count") -> pd.DataFrame:
    """Events per direction (rows) and class (columns): counts, or summed Goldstein weights.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows of :func:`directed_events` (columns ``direction``, ``quad_class`` and
        ``goldstein``).
    value : {"count", "goldstein"}
        Count the events, or add up their Goldstein weights.

    Returns
    -------
    pandas.DataFrame
        One row per direction (sorted), one column per class in the order of
        :data:`QUAD_CLASSES` (every class, zero where none), integers for counts.

    Examples
    --------
    >>> m = exchange_matrix(directed_events("iran", "russia", 2022, 2025))
    >>> list(m.columns)
    ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict']
    >>> exchange_matrix(directed_events("iran", "russia"), value="sum")
    Traceback (most recent call last):
    ...
    ValueError: value must be 'count' or 'goldstein', not 'sum'
    """
    if value not in ("count", "goldstein"):
        raise ValueError(f"value must be 'count' or 'goldstein', not {value!r}")
    if not isinstance(events, pd.DataFrame):
        raise TypeError(
            "exchange_matrix needs a table of events: pass "
            f"coursekit.dependence.directed_events(...), not {type(events).__name__}"
        )
    missing = {"direction", "quad_class", "goldstein"} - set(events.columns)
    if missing:
        raise ValueError(
            f"exchange_matrix needs the columns {sorted(missing)}: "
            "pass rows of coursekit.dependence.directed_events()"
        )
    if value == "count":
        table = pd.crosstab(events["direction"], events["quad_class"])
    else:
        table = events.pivot_table(
            index="direction", columns="quad_class", values="goldstein", aggfunc="sum"
        )
    table = table.reindex(columns=list(QUAD_CLASSES), fill_value=0).fillna(0)
    table = table.sort_index()
    table.columns.name = "class"
    return table.astype(int) if value == "count" else table.round(1)


def net_flow(matrix: pd.DataFrame, giver: str, column: str = "material cooperation") -> float:
    """What ``giver`` gave minus what it received, in one class of an exchange matrix.

    Parameters
    ----------
    matrix : pandas.DataFrame
        An :func:`exchange_matrix` of two actors.
    giver : str
        The actor id whose side is taken: ``"iran"`` reads the row ``"iran → …"`` minus the
        row ``"… → iran"``.
    column : str, default "material cooperation"
        A class (a column of the matrix).

    Returns
    -------
    float
        Positive when ``giver`` gave more than it received. A direction with no events
        counts 0.

    Examples
    --------
    >>> m = exchange_matrix(directed_events("russia", "turkey", 2015, 2015))
    >>> net_flow(m, "russia", "material conflict")
    0.0
    >>> net_flow(m, "iran")
    Traceback (most recent call last):
    ...
    ValueError: 'iran' acts in no direction of this matrix: ['russia → turkey', 'turkey → russia']
    """
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(
            "net_flow needs an exchange matrix: pass coursekit.dependence.exchange_matrix(...), "
            f"not {type(matrix).__name__}"
        )
    check_choice(column, list(QUAD_CLASSES), "class")
    rows = [str(r) for r in matrix.index]
    out = [r for r in rows if r.split(" → ")[0] == giver]
    back = [r for r in rows if r.split(" → ")[-1] == giver]
    if not out and not back:
        raise ValueError(f"{giver!r} acts in no direction of this matrix: {rows}")
    given = float(matrix.loc[out, column].sum()) if out else 0.0
    received = float(matrix.loc[back, column].sum()) if back else 0.0
    return given - received
