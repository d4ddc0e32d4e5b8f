"""Near misses: answers that are right but for their *form*, named before any other hint.

:func:`coursekit.checks.core.evaluate` runs :func:`detect` on every answer that does not
pass, for every question of a kind, before the question's own hints: a learner who typed
``"2016"`` for a year, gave a Timestamp, misspelt an id, rounded too early, listed the
right items in the wrong order or put the right values under the wrong labels is told
*that*, not a hint about the content. Each detector returns one line or ``None``:

* :func:`text_for_number`: ``"24"`` where a number is wanted: remove the quotes.
* :func:`date_for_year`: a date, Timestamp or date string where a year (int) is wanted.
* :func:`table_for_value`: a DataFrame where a number, a Series or a collection is
  wanted, described by its rows ("a table with 102 rows"), never by its cells.
* :func:`display_name_for_id`: a display name (``"Sayyida Zaynab"``) where an id
  (``"sayyida_zaynab"``) is wanted: ids are what the data use, so the check says so and
  does not accept it (the same for every id question).
* :func:`unknown_id`: an id that is in none of the course's tables, with the close
  matches from the table the reference's ids come from (``"turky"``: did you mean
  ``'turkey'``?).
* :func:`coarse_rounding`: a number rounded to fewer decimals than the question asks.
* :func:`wrong_order`: the right items in the wrong order (ordered answers).
* :func:`wrong_labels`: the right values under the wrong labels (Series or dict answers
  where labels count).

The id tables are read from coursekit's data on first use and cached
(:func:`id_vocabularies`).

Over 500 lines: one detector per near miss, each with the small helpers only it uses;
split up, the order of :data:`DETECTORS` (which decides which hint a learner sees) would
be spread over several files.

Examples
--------
>>> from coursekit.checks.registry import Question
>>> q = Question(id="99.1", title="t", kind="number", reference=lambda: 2016)
>>> detect(q, "2016", 2016)
"remove the quotes: 2016, not '2016'"
>>> detect(q, 2015, 2016) is None
True
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from coursekit.checks.text import count_of, normalise_text

if TYPE_CHECKING:  # pragma: no cover - typing only
    from coursekit.checks.registry import Question

__all__ = [
    "DETECTORS",
    "asked_decimals",
    "coarse_rounding",
    "date_for_year",
    "decimals",
    "detect",
    "display_name_for_id",
    "id_vocabularies",
    "table_for_value",
    "text_for_number",
    "unknown_id",
    "wrong_labels",
    "wrong_order",
]

#: The tables whose ids answers name: (loader, id column, display-name column, what).
_ID_TABLES: tuple[tuple[str, str, str | None, str], ...] = (
    ("load_actors", "actor_id", "name", "actor"),
    ("load_places", "place_id", "name", "place"),
    ("load_issues", "issue_id", "label", "issue"),
    ("load_interests", "goal_id", "goal", "goal"),
    ("load_events", "event_id", None, "event"),
    ("load_treaties", "treaty_id", "short_name", "treaty"),
    ("load_treaty_provisions", "category", None, "ATOP category"),
    ("verdict.load_criteria", "criterion_id", "label", "criterion"),
)
_YEARS = range(1500, 2101)


def _is_iterable(x: Any) -> bool:
    return hasattr(x, "__iter__") and not isinstance(x, str | bytes)


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and type(x).__name__ != "bool_"


def _is_year(x: Any) -> bool:
    return _is_number(x) and float(x).is_integer() and int(x) in _YEARS


def _as_year(x: Any) -> int | None:
    """The year of a date-like answer (Timestamp, date, datetime64, "2016-08-16"), or None."""
    if isinstance(x, _dt.date):
        return x.year
    name = type(x).__name__
    if name in {"Timestamp", "datetime64", "Period"}:
        try:
            import pandas as pd

            return int(pd.Timestamp(x).year)
        except (TypeError, ValueError):
            return None
    if isinstance(x, str):
        text = x.strip()
        try:
            return _dt.date.fromisoformat(text[:10]).year if len(text) >= 10 else None
        except ValueError:
            return None
    return None


def decimals(x: Any) -> int:
    """How many decimals a number is written with (``1849.33`` -> 2, ``26`` -> 0).

    Examples
    --------
    >>> decimals(1849.33), decimals(26), decimals(0.1), decimals(2.0)
    (2, 0, 1, 0)
    """
    if not _is_number(x):
        return 0
    value = float(x)
    if not math.isfinite(value) or value.is_integer():
        return 0
    text = repr(value)
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        return max(0, len(mantissa.partition(".")[2]) - int(exponent))
    return len(text.partition(".")[2])


# --------------------------------------------------------------------------- detectors


def text_for_number(q: Question, answer: Any, expected: Any) -> str | None:
    """Text that reads as a number where a number is wanted (alone, or as the items of a
    collection whose reference items are numbers)."""
    if q.kind in {"list", "set", "sequence"} and not isinstance(answer, str | bytes):
        return _texts_for_numbers(answer, expected)
    if q.kind != "number" or not isinstance(answer, str) or not _reads_as_number(answer):
        return None
    return f"remove the quotes: {answer.strip()}, not {answer!r}"


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _texts_for_numbers(answer: Any, expected: Any) -> str | None:
    if not (_is_iterable(answer) and _is_iterable(expected)):
        return None
    given, wanted = list(answer), list(expected)
    if not given or not wanted or not all(_is_number(x) for x in wanted):
        return None
    texts = [x for x in given if isinstance(x, str)]
    if not texts or not all(_reads_as_number(t) for t in texts):
        return None
    return f"the items are text: remove the quotes ({texts[0].strip()}, not {texts[0]!r})"


def date_for_year(q: Question, answer: Any, expected: Any) -> str | None:
    """A date (or a list of dates) where a year (or a list of years) is wanted."""
    if q.kind == "number" and _is_year(expected):
        year = _as_year(answer)
        if year is not None:
            return (
                f"the question asks for a year as a number: give {year}, not the date "
                f"{_show(answer)} (a Timestamp's year is ts.year; a column's, "
                "df['date'].dt.year)"
            )
        return None
    if q.kind in {"list", "sequence", "set"} and _is_items(answer) and _is_items(expected):
        wanted = list(expected)
        if wanted and all(_is_year(y) for y in wanted):
            given = list(answer)
            years = [_as_year(x) for x in given]
            if given and any(y is not None for y in years):
                return (
                    "the question asks for years as numbers (int), not dates: "
                    "take the year of each, e.g. ts.year or df['date'].dt.year"
                )
    return None


def table_for_value(q: Question, answer: Any, expected: Any) -> str | None:
    """A DataFrame where a number, a Series or a collection is wanted (counted in rows)."""
    if type(answer).__name__ != "DataFrame" or q.kind in {"dataframe", "written"}:
        return None
    rows, cols = answer.shape
    table = f"a table with {count_of(rows, 'row')} and {count_of(cols, 'column')}"
    if q.kind == "number":
        if rows == cols == 1:
            return f"{table}: take its one value out with .item()"
        return f"{table}; the answer is a single number"
    if q.kind == "series":
        if cols == 1:
            return None  # read as its one column, and compared as such
        return f"{table}; the answer is one column of it (a Series), e.g. df['column_name']"
    if q.kind in {"set", "list", "sequence"}:
        column = _id_column(answer, expected)
        return f"{table}; the answer is a collection of items: take one column, e.g. {column}"
    return f"{table}; the answer is {q.expected_type}"


def _id_column(table: Any, expected: Any) -> str:
    """The column of ``table`` that holds the expected items, or its first ``..._id`` column."""
    wanted = {str(x).strip().casefold() for x in expected} if _is_iterable(expected) else set()
    for column in table.columns:
        if wanted & {str(v).strip().casefold() for v in table[column]}:
            return f"df[{str(column)!r}]"
    ids = [c for c in table.columns if str(c).endswith("_id")]
    return f"df[{str(ids[0])!r}]" if ids else "df['column_name']"


def display_name_for_id(q: Question, answer: Any, expected: Any) -> str | None:
    """A display name where the reference uses that thing's id: name the id."""
    table = _table_of(expected, answer)
    if table is None:
        return None
    ids, names, what = table
    for item in _strings(answer, q.kind):
        key = normalise_text(item)
        if key in ids or key not in names:
            continue
        return (
            f"{item.strip()!r} is the {what}'s display name; the answer uses ids, "
            f"here {names[key]!r}"
        )
    return None


def unknown_id(q: Question, answer: Any, expected: Any) -> str | None:
    """An item that is no id of the reference's table, with that table's close matches."""
    table = _table_of(expected, answer)
    if table is None:
        return None
    ids, names, what = table
    article = "an" if what[0].lower() in "aeiou" else "a"
    for item in _strings(answer, q.kind):
        key = normalise_text(item)
        if key in ids or key in names:
            continue
        close = difflib.get_close_matches(key, sorted(ids), n=3, cutoff=0.7)
        if close:
            listed = " or ".join(repr(c) for c in close)
            return f"{item.strip()!r} is not {article} {what} id: did you mean {listed}?"
        return f"{item.strip()!r} is not {article} {what} id (see the table of {_plural(what)})"
    return None


#: Plurals of the id tables' names that do not just add an s.
_PLURALS = {"criterion": "criteria", "category": "categories"}


def _plural(what: str) -> str:
    """The plural of an id table's name (its last word).

    >>> _plural("actor"), _plural("ATOP category"), _plural("actor or criterion")
    ('actors', 'ATOP categories', 'actors or criteria')
    """
    def one(name: str) -> str:
        head, _, last = name.rpartition(" ")
        return f"{head} {_PLURALS.get(last, last + 's')}".strip()

    return " or ".join(one(w) for w in what.split(" or "))


def coarse_rounding(q: Question, answer: Any, expected: Any) -> str | None:
    """A number, or every value of a Series, rounded to fewer decimals than the question asks."""
    if q.kind == "series":
        return _coarse_series(q, _values(answer), _values(expected))
    if q.kind != "number" or not (_is_number(answer) and _is_number(expected)):
        return None
    given, ref = float(answer), float(expected)
    if not (math.isfinite(given) and math.isfinite(ref)):
        return None
    d = decimals(given)
    asked = asked_decimals(q)
    if d == 0 and not (asked and given == round(ref) != ref):
        return None  # a whole number may be a count, not a rounding, unless decimals are asked
    if asked is not None and d >= asked:
        return None
    if asked is None and (d > 6 or decimals(ref) <= d):
        return None
    if not math.isclose(round(ref, d), given, rel_tol=0, abs_tol=10.0 ** -(d + 6)):
        return None
    shown = "a whole number" if d == 0 else f"{count_of(d, 'decimal')}"
    if asked is None:
        return f"you rounded to {shown}; give the value unrounded"
    want = "a whole number" if asked == 0 else f"{count_of(asked, 'decimal')}"
    return f"you rounded to {shown}; the question asks for {want}: round later, or less"


def _coarse_series(q: Question, given: list | None, ref: list | None) -> str | None:
    asked = asked_decimals(q)
    if not (given and ref and asked) or len(given) != len(ref):
        return None
    if not all(_is_number(x) and math.isfinite(float(x)) for x in given + ref):
        return None
    d = max(decimals(float(x)) for x in given)
    close = (math.isclose(round(float(r), d), float(g), abs_tol=10.0 ** -(d + 6))
             for g, r in zip(given, ref, strict=True))
    if d >= asked or not all(close):
        return None
    shown = "whole numbers" if d == 0 else count_of(d, "decimal")
    return (f"the right values rounded to {shown}; the question asks for "
            f"{count_of(asked, 'decimal')}: round later, or less")


def wrong_order(q: Question, answer: Any, expected: Any) -> str | None:
    """The right items, in the wrong order, for an ordered answer."""
    if q.kind not in {"list", "sequence", "series"} or not q.ordered:
        return None
    if q.kind == "series":
        if q.check_index:
            return None
        given, wanted = _values(answer), _values(expected)
    else:
        if not (_is_items(answer) and _is_items(expected)):
            return None
        given, wanted = list(answer), list(expected)
    if given is None or wanted is None or len(given) != len(wanted) or len(given) < 2:
        return None
    keys_given, keys_wanted = _keys(given), _keys(wanted)
    if keys_given is None or keys_wanted is None or keys_given == keys_wanted:
        return None
    if sorted(keys_given, key=repr) != sorted(keys_wanted, key=repr):
        return None
    if keys_given == keys_wanted[::-1]:
        return "the right items in reverse order: check which end comes first"
    return "the right items, but not in the right order"


def wrong_labels(q: Question, answer: Any, expected: Any) -> str | None:
    """The right values under the wrong labels (labels count for this question)."""
    if q.kind != "series" or not q.check_index:
        return None
    given, wanted = _pairs(answer), _pairs(expected)
    if given is None or wanted is None or len(given) != len(wanted):
        return None
    labels_given = sorted(normalise_text(str(k)) for k, _ in given)
    labels_wanted = sorted(normalise_text(str(k)) for k, _ in wanted)
    values_given = _keys([v for _, v in given])
    values_wanted = _keys([v for _, v in wanted])
    if values_given is None or values_wanted is None:
        return None
    if labels_given != labels_wanted:
        return None
    if sorted(values_given, key=repr) != sorted(values_wanted, key=repr):
        return None
    by_label = dict(zip((normalise_text(str(k)) for k, _ in wanted), values_wanted, strict=True))
    moved = [str(k) for (k, _), v in zip(given, values_given, strict=True)
             if by_label.get(normalise_text(str(k))) != v]
    if not moved:
        return None
    return (
        "the right values under the wrong labels: check which label each value "
        f"belongs to (e.g. {moved[0]!r})"
    )


#: Every detector, in the order they are tried; the first that fires names the near miss.
DETECTORS: tuple[Callable[[Question, Any, Any], str | None], ...] = (
    text_for_number,
    date_for_year,
    table_for_value,
    display_name_for_id,
    unknown_id,
    coarse_rounding,
    wrong_order,
    wrong_labels,
)


def detect(q: Question, answer: Any, expected: Any) -> str | None:
    """The first near miss the answer is, as one line; None when it is none of them.

    Call it only for an answer that did not pass: a detector names the form that
    keeps an answer from being right, it does not judge it. A detector that fails on an
    odd answer is skipped.
    """
    for detector in DETECTORS:
        try:
            found = detector(q, answer, expected)
        except Exception:  # noqa: BLE001 - a detector never breaks a check
            continue
        if found:
            return found
    return None


# --------------------------------------------------------------------------- helpers


def _show(x: Any) -> str:
    text = str(x)
    return repr(text[:10] if len(text) > 10 and isinstance(x, str) else text[:19])


def _is_items(x: Any) -> bool:
    if isinstance(x, str | bytes | Mapping) or type(x).__name__ in {"DataFrame", "Series"}:
        return False
    return isinstance(x, Iterable)


def asked_decimals(q: Question) -> int | None:
    """The decimals a number question asks for: its precision, or what its tolerance
    implies (0.006 -> 2, 0.05 -> 1, 1 -> 0); None when it asks for the exact value.

    Examples
    --------
    >>> from coursekit.checks.registry import Question
    >>> asked_decimals(Question(id="99.1", title="t", kind="number", reference=lambda: 1,
    ...                         tolerance=0.006))
    2
    """
    if q.precision is not None:
        return q.precision
    tol = q.tolerance
    if tol <= 1e-6:
        return None
    # the fewest decimals whose half unit fits in the tolerance: 0.006 -> 2, 0.05 -> 1, 1 -> 0
    for d in range(0, 10):
        if 0.5 * 10.0**-d <= tol * (1 + 1e-9):
            return d
    return None  # pragma: no cover - tol > 1e-6 always fits by d = 6


def _values(x: Any) -> list[Any] | None:
    name = type(x).__name__
    if name == "Series":
        return list(x.tolist())
    if name == "DataFrame" and x.shape[1] == 1:
        return list(x.iloc[:, 0].tolist())
    if isinstance(x, Mapping):
        return list(x.values())
    return None


def _pairs(x: Any) -> list[tuple[Any, Any]] | None:
    name = type(x).__name__
    if name == "Series":
        return list(zip(x.index.tolist(), x.tolist(), strict=True))
    if name == "DataFrame" and x.shape[1] == 1:
        return list(zip(x.index.tolist(), x.iloc[:, 0].tolist(), strict=True))
    if isinstance(x, Mapping):
        return list(x.items())
    return None


def _keys(items: list[Any]) -> list[Any] | None:
    """Comparable keys for items: text normalised, numbers rounded to 9 significant digits."""
    out: list[Any] = []
    for item in items:
        item = item.item() if type(item).__module__ == "numpy" and hasattr(item, "item") else item
        if isinstance(item, str):
            out.append(normalise_text(item))
        elif _is_number(item):
            value = float(item)
            out.append(float(f"{value:.9g}") if math.isfinite(value) else value)
        elif isinstance(item, int | bool | tuple) or item is None:
            out.append(item)
        else:
            return None
    return out


def _strings(answer: Any, kind: str) -> list[str]:
    """The text items of an answer: the answer itself for a one-text question, else the
    text items of a collection (a bare text for a collection question is a type error,
    which the question's own hints and the type message explain)."""
    if isinstance(answer, str):
        return [answer] if kind in {"string", "choice"} else []
    if _is_items(answer):
        try:
            items = list(answer)
        except Exception:  # noqa: BLE001 - an iterable that fails is not a near miss
            return []
        return [x for x in items if isinstance(x, str)]
    return []


def _reference_strings(expected: Any) -> list[str]:
    if isinstance(expected, str):
        return [expected]
    if _is_items(expected):
        items = list(expected)
        if items and all(isinstance(x, str) for x in items):
            return items
    return []


def _table_of(
    expected: Any, answer: Any = None
) -> tuple[frozenset[str], Mapping[str, str], str] | None:
    """The id table all of the reference's strings come from: (ids, name -> id, what).

    When several tables hold them (``"israel"`` is an actor and a criterion), the one that
    also holds most of the answer's strings; on a tie, the tables merged."""
    wanted = [normalise_text(x) for x in _reference_strings(expected)]
    if not wanted:
        return None
    found = [t for t in id_vocabularies() if all(w in t[0] for w in wanted)]
    if len(found) <= 1:
        return found[0] if found else None
    given = [normalise_text(x) for x in _reference_strings(answer)] if answer is not None else []
    hits = [sum(g in ids or g in names for g in given) for ids, names, _ in found]
    best = [t for t, h in zip(found, hits, strict=True) if h == max(hits)]
    if len(best) == 1:
        return best[0]
    merged: dict[str, str] = {}
    for _, names, _ in best:
        merged.update(names)
    return (frozenset().union(*(t[0] for t in best)), MappingProxyType(merged),
            " or ".join(t[2] for t in best))


@functools.cache
def id_vocabularies() -> tuple[tuple[frozenset[str], Mapping[str, str], str], ...]:
    """The course's id tables: ``(ids, {normalised display name: id}, what)`` for each.

    Read once from coursekit's data (actors, places, issues, goals, events) and shared by
    every call, so the name tables are read-only; a table that cannot be read is left out.

    Examples
    --------
    >>> ids, names, what = id_vocabularies()[0]
    >>> what, "turkey" in ids, names["saudi arabia"]
    ('actor', True, 'saudi_arabia')
    """
    import coursekit

    tables = []
    for loader, id_col, name_col, what in _ID_TABLES:
        try:
            load = coursekit
            for part in loader.split("."):  # "verdict.load_criteria": a submodule's loader
                load = getattr(load, part)
            df = load()
            ids = [str(x) for x in df[id_col].dropna().unique()]
            names = {}
            if name_col is not None and name_col in df.columns:
                for key, name in zip(df[id_col], df[name_col], strict=True):
                    if isinstance(name, str) and normalise_text(name) != normalise_text(str(key)):
                        names[normalise_text(name)] = str(key)
        except Exception:  # noqa: BLE001 - a table that cannot be read gives no hints
            continue
        # read-only: the tables are cached for the session, and a caller that changed a
        # name here would change every later hint
        tables.append((frozenset(normalise_text(i) for i in ids), MappingProxyType(names), what))
    return tuple(tables)
