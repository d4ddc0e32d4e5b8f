"""Friendly argument checks shared by the loaders and analysis functions.

Every public function of coursekit validates what a learner passes in with these
helpers, so a typo gives one clear sentence naming the valid choices instead of a
``KeyError`` from deep inside pandas.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable

__all__ = ["check_choice", "check_year", "check_number"]


def _plural(what: str) -> str:
    """``what`` in the plural, for "valid ...:" ("category" → "categories", "actor id with
    positions" → "actor ids with positions"): a bare ``+ "s"`` wrote "classs" and
    "categorys" in learners' error messages."""
    head, sep, tail = what.partition(" with ")
    if not sep:
        head, sep, tail = what.partition(" on ")
    if head.endswith(("s", "x", "ch", "sh")):
        head += "es"
    elif head.endswith("y") and head[-2:-1] not in set("aeiou"):
        head = head[:-1] + "ies"
    else:
        head += "s"
    return head + sep + tail


def _listing(valid: list[str], limit: int = 20) -> str:
    shown = ", ".join(valid[:limit])
    return shown + (", …" if len(valid) > limit else "")


def check_choice(value: object, valid: Iterable[str], what: str) -> str:
    """Return ``value`` if it is one of ``valid``; otherwise raise a clear error.

    Parameters
    ----------
    value : object
        What the caller passed, e.g. an actor id.
    valid : iterable of str
        The accepted values. The first, in the caller's order (sorted for a set), is
        the example a ``TypeError`` gives ("such as 'iran'"): a caller lists its
        default first.
    what : str
        A name for the kind of value, used in the message (``"actor id"``).

    Returns
    -------
    str
        ``value`` itself.

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    ValueError
        If ``value`` is not one of ``valid``; the message suggests close matches
        and lists the valid choices.

    Examples
    --------
    >>> check_choice("iran", ["iran", "russia"], "actor id")
    'iran'
    >>> check_choice("rusia", ["iran", "russia"], "actor id")
    Traceback (most recent call last):
    ...
    ValueError: unknown actor id 'rusia' (did you mean 'russia'?); valid actor ids: iran, russia
    >>> check_choice("war", ["defense", "none"], "category")
    Traceback (most recent call last):
    ...
    ValueError: unknown category 'war'; valid categories: defense, none
    >>> check_choice(None, ["independent", "article_first"], "origin")
    Traceback (most recent call last):
    ...
    TypeError: origin must be a string such as 'independent', not NoneType
    """
    # the caller's order (a set has none: sorted, so the message does not vary by run)
    given = sorted(valid) if isinstance(valid, set | frozenset) else list(valid)
    valid = sorted(given)
    if not isinstance(value, str):
        example = f" such as {given[0]!r}" if given else ""
        raise TypeError(f"{what} must be a string{example}, not {type(value).__name__}")
    if value in valid:
        return value
    close = difflib.get_close_matches(value.strip().lower(), valid, n=3, cutoff=0.6)
    hint = ""
    if close:
        hint = " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
    raise ValueError(f"unknown {what} {value!r}{hint}; valid {_plural(what)}: {_listing(valid)}")


def check_year(year: object, first: int, last: int, what: str = "year") -> int:
    """Return ``year`` as an int if it lies in ``first..last``; otherwise raise.

    Examples
    --------
    >>> check_year(2018, 2011, 2025)
    2018
    >>> check_year(2030, 2011, 2025)
    Traceback (most recent call last):
    ...
    ValueError: year 2030 is outside the data: choose a year from 2011 to 2025
    >>> check_year("2018", 2011, 2025)
    Traceback (most recent call last):
    ...
    TypeError: year must be a whole number such as 2018, not str
    """
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise TypeError(
            f"{what} must be a whole number such as {last - 7}, not {type(year).__name__}"
        )
    year = int(year)
    if not first <= year <= last:
        raise ValueError(
            f"{what} {year} is outside the data: choose a {what} from {first} to {last}"
        )
    return year


def check_number(value: object, what: str, minimum: float | None = None) -> float:
    """Return ``value`` as a float if it is a real number (not a bool), else raise.

    Examples
    --------
    >>> check_number(85, "distance in km", minimum=0)
    85.0
    >>> check_number(-1, "distance in km", minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: distance in km must be at least 0, got -1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{what} must be at least {minimum:g}, got {value!r}")
    return float(value)
