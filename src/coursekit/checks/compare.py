"""Comparators: is a learner's answer equal to the reference, for each kind of answer?

A comparator takes ``(answer, expected, question)`` and returns ``(equal, detail)``:
``detail`` is a short, safe explanation of a structural mismatch (``""`` when there is
none), e.g. "you have 3 items; the answer has 4". Before comparing, a comparator
*coerces* the answer into a comparable form or raises :class:`WrongType` (whose
optional argument is a tip: "remove the quotes", "select one column"), which
:func:`coursekit.checks.core.evaluate` turns into "expected <type>, got <type>".

:data:`COMPARATORS` maps each auto-checked kind (:data:`~coursekit.checks.registry.KINDS`
but ``written``) to its comparator. Numbers match within the question's tolerances;
strings after :func:`~coursekit.checks.text.normalise_text`; series and tables as data
(dtypes, index types and names do not matter unless the question says so).

Over 500 lines: one comparator per kind of answer and the coercions, the tolerance rule
(:func:`numbers_close`) and the not-answered sentinel (:data:`NOT_RUN`) they share, read
together so that every kind treats a number, a text and a missing answer the same way;
about half the lines are docstrings.

Examples
--------
>>> from coursekit.checks.registry import Question
>>> q = Question(id="99.1", title="t", kind="set", reference=lambda: ["Iran", "Russia"])
>>> compare_set(["russia", "IRAN "], q.expected(), q)
(True, '')
>>> compare_set(["Iran"], q.expected(), q)
(False, 'you have 1 distinct item; the answer has 2')
>>> compare_number("1813", 1813, q)
Traceback (most recent call last):
...
coursekit.checks.compare.WrongType: remove the quotes: 1813, not '1813'
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from coursekit.checks.text import choice_letter, count_of, normalise_text

#: A question's tolerance when it states none (the same value as the registry's).
DEFAULT_TOLERANCE = 1e-9

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from coursekit.checks.registry import Question

__all__ = [
    "COMPARATORS",
    "NOT_RUN",
    "NotRun",
    "WrongType",
    "compare_choice",
    "compare_dataframe",
    "compare_list",
    "compare_number",
    "compare_series",
    "compare_set",
    "compare_string",
    "is_missing",
    "numbers_close",
    "type_name",
]


class NotRun:
    """The type of :data:`NOT_RUN`: there is exactly one, like ``None``.

    Examples
    --------
    >>> NotRun() is NOT_RUN, repr(NOT_RUN), bool(NOT_RUN)
    (True, 'NOT_RUN', False)
    """

    _instance: NotRun | None = None

    def __new__(cls) -> NotRun:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_RUN"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NOT_RUN"  # copies and pickles stay the one sentinel


#: What a check cell passes when its answer variable does not exist yet: the answer cell
#: has not been run (or the kernel was restarted). Exercise check cells read
#: ``check("01.1", globals().get("answer_1", NOT_RUN))``, so they never raise a
#: NameError; :func:`coursekit.check` answers "not answered: run the answer cell above
#: first".
NOT_RUN: NotRun = NotRun()


def is_missing(answer: Any) -> bool:
    """True for an answer not given yet: ``...``, :data:`NOT_RUN`, None or blank text.

    :func:`coursekit.checks.core.evaluate` judges None given to a number question before
    it asks this: there None is a wrong answer (e.g. ``flip_points`` found no flip point).

    Examples
    --------
    >>> is_missing(...), is_missing(NOT_RUN), is_missing("  "), is_missing(0)
    (True, True, True, False)
    """
    if answer is Ellipsis or answer is None or answer is NOT_RUN:
        return True
    return isinstance(answer, str) and not answer.strip()


def _is_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.bool_)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not _is_bool(value)


def _py_scalar(value: Any) -> Any:
    """numpy scalar -> Python scalar; leave others alone."""
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy":
        try:
            return item()
        except (TypeError, ValueError):  # pragma: no cover - exotic numpy objects
            return value
    return value


def type_name(value: Any) -> str:
    """The name of the answer's type, as verdicts show it (``"int"``, ``"Series"``)."""
    return type(value).__name__


# --------------------------------------------------------------------------- comparators



class WrongType(Exception):
    """The answer has the wrong type; args[0] is an optional extra tip."""


def _coerce_number(value: Any, q: Question) -> Any:
    if _is_number(value):
        return _py_scalar(value)
    tip = ""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            pass
        else:
            tip = f"remove the quotes: {value.strip()}, not {value!r}"
    elif _is_bool(value):
        tip = "True/False is not a count or a measurement"
    elif type_name(value) in {"Series", "DataFrame", "ndarray", "Index"}:
        size = getattr(value, "size", None)
        if size == 1:
            tip = "it holds one value: take it out with .item()"
        else:
            tip = f"it holds {size} values; the answer is a single number"
    elif isinstance(value, list | tuple | set | frozenset):
        tip = "if the items are what you counted, len(...) gives their number"
    raise WrongType(tip)


def _coerce_string(value: Any, q: Question) -> str:
    if isinstance(value, str):
        return normalise_text(value) if q.normalise else str(value)
    raise WrongType("put the text in quotes" if _is_number(value) else "")


def _norm_item(item: Any, q: Question) -> Any:
    item = _py_scalar(item)
    if isinstance(item, str) and q.normalise:
        return normalise_text(item)
    if isinstance(item, list | tuple):
        return tuple(_norm_item(x, q) for x in item)
    return item


def _coerce_items(value: Any, q: Question) -> list[Any]:
    if is_missing(value):  # pragma: no cover - handled before coercion
        raise WrongType("")
    if isinstance(value, str | bytes):
        raise WrongType("put the items in a list, e.g. ['a', 'b']")
    if isinstance(value, Mapping):
        raise WrongType("a dict is not a collection of answers; use list(d) or d.values()")
    if type_name(value) == "DataFrame":
        raise WrongType("take one column of the table, e.g. df['column_name']")
    if not isinstance(value, Iterable):
        raise WrongType("")
    if type_name(value) == "ndarray" and getattr(value, "ndim", 1) != 1:
        raise WrongType("expected a flat, one-dimensional collection")
    return [_norm_item(x, q) for x in value]


def numbers_close(answer: Any, expected: Any, q: Question) -> bool:
    """Whether a number is within the question's tolerance of the reference.

    A stated ``tolerance`` means "within": ``abs(answer - expected) < tolerance`` (an
    answer a whole tolerance away is outside it, whatever floating point makes of the
    difference). A ``precision`` of ``p`` decimals means ``abs(answer - expected) <=
    0.5 * 10**-p``: the rounded answer passes. Otherwise the answer must equal the
    reference up to float noise (relative 1e-6). See :class:`~coursekit.checks.Question`.

    Examples
    --------
    >>> from coursekit.checks.registry import Question
    >>> q = Question(id="99.1", title="t", kind="number", reference=lambda: 227.7,
    ...              tolerance=1)
    >>> numbers_close(228.6, 227.7, q), numbers_close(228.7, 227.7, q)
    (True, False)
    """
    a, b = float(answer), float(expected)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    diff, relative = abs(a - b), (q.rel_tolerance or 0.0) * abs(b)
    if relative and diff <= relative:
        return True
    if q.precision is None and q.tolerance != DEFAULT_TOLERANCE:
        # "within t": strictly closer than t, less the float noise of the subtraction
        return diff < q.tolerance - 1e-9 * max(1.0, abs(b))
    return diff <= q.tolerance


def _items_equal(a: Any, b: Any, q: Question) -> bool:
    if _is_number(a) and _is_number(b):
        return numbers_close(a, b, q)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_items_equal(x, y, q) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - ambiguous truth values etc. are "not equal"
        return False


def _dedupe(items: list[Any], q: Question, limit: int | None = None) -> list[Any]:
    """The distinct items, in order; with ``limit``, stop once there are more than that
    (each new item is compared with every one kept: the time grows with their number)."""
    out: list[Any] = []
    for item in items:
        if not any(_items_equal(item, seen, q) for seen in out):
            out.append(item)
            if limit is not None and len(out) > limit:
                break
    return out


def _multiset_equal(a: list[Any], b: list[Any], q: Question) -> bool:
    if len(a) != len(b):
        return False
    unused = list(b)
    for item in a:
        for j, other in enumerate(unused):
            if _items_equal(item, other, q):
                del unused[j]
                break
        else:
            return False
    return True


def compare_number(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    """A number, within the question's absolute and relative tolerance."""
    a = _coerce_number(answer, q)
    b = _py_scalar(expected)
    return numbers_close(a, b, q), ""


def compare_string(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    """Text, normalised unless the question says ``normalise=False``."""
    a = _coerce_string(answer, q)
    b = normalise_text(str(expected)) if q.normalise else str(expected)
    return a == b, ""


def compare_set(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    """A collection whose order and repeats do not matter."""
    b = _dedupe([_norm_item(x, q) for x in expected], q)
    # counted exactly up to twice the answer's size (or 20); beyond, "more than": 1,000
    # long tuples that differ only in their last item took the judge 9 minutes to count
    limit = max(2 * len(b), 20)
    a = _dedupe(_coerce_items(answer, q), q, limit=limit)
    if len(a) > limit:
        more = count_of(limit, "distinct item")
        return False, f"you have more than {more}; the answer has {len(b)}"
    if len(a) != len(b):
        return False, f"you have {count_of(len(a), 'distinct item')}; the answer has {len(b)}"
    return _multiset_equal(a, b, q), ""


def compare_list(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    """A list (``kind="list"`` or ``"sequence"``): in order when the question is ordered."""
    a = _coerce_items(answer, q)
    b = [_norm_item(x, q) for x in expected]
    if len(a) != len(b):
        return False, f"you have {count_of(len(a), 'item')}; the answer has {len(b)}"
    if q.ordered:
        if all(_items_equal(x, y, q) for x, y in zip(a, b, strict=True)):
            return True, ""
        if _multiset_equal(a, b, q):
            return False, "the right items, but not in the right order"
        return False, ""
    return _multiset_equal(a, b, q), ""


def _canon_values(s: pd.Series) -> pd.Series:
    """Make equal-valued series of different dtypes compare equal."""
    import numpy as np
    import pandas as pd
    from pandas.api import types as ptypes

    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        s = s.astype(object)
        dtype = s.dtype
    if ptypes.is_bool_dtype(dtype):
        return pd.Series([None if pd.isna(x) else bool(x) for x in s], index=s.index, dtype=object)
    if ptypes.is_numeric_dtype(dtype):
        return pd.Series(s.to_numpy(dtype="float64", na_value=np.nan), index=s.index)
    if ptypes.is_datetime64_any_dtype(dtype):
        return s.astype("datetime64[ns]") if getattr(dtype, "tz", None) is None else s
    values = [_py_scalar(x) for x in s]
    if values and all(_is_number(x) for x in values if not _scalar_isna(x)):
        return pd.Series([np.nan if _scalar_isna(x) else float(x) for x in values], index=s.index)
    return pd.Series([None if _scalar_isna(x) else x for x in values], index=s.index, dtype=object)


def _scalar_isna(x: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _canon_index(index: pd.Index) -> pd.Index:
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples(
            [tuple(_py_scalar(x) for x in t) for t in index], names=[None] * index.nlevels
        )
    return pd.Index([_py_scalar(x) for x in index], dtype=object)


def _sorted_frame(df: pd.DataFrame) -> pd.DataFrame:
    by = list(df.columns)
    if not by:
        return df
    try:
        return df.sort_values(by=by, kind="mergesort", na_position="last")
    except TypeError:
        keys = df.astype(str)
        order = keys.sort_values(by=list(keys.columns), kind="mergesort").index
        return df.loc[order]


def _as_data(q: Question) -> dict[str, Any]:
    """pandas.testing options that compare values as data: dtypes, index types, names,
    categoricals and flags do not matter; numbers match within the question's tolerance."""
    return {
        "check_dtype": False,
        "check_index_type": False,
        "check_names": False,
        "check_exact": False,
        "check_categorical": False,
        "check_freq": False,
        "check_flags": False,
        "rtol": q.rel_tolerance or 0.0,
        "atol": q.tolerance,
    }


def _coerce_series(value: Any, q: Question) -> pd.Series:
    import pandas as pd

    if isinstance(value, pd.Series):
        return value
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            return value.iloc[:, 0]
        raise WrongType("select one column, e.g. df['column_name']")
    if isinstance(value, Mapping):
        return pd.Series(dict(value))
    raise WrongType("")


def _prepare_series(s: pd.Series, q: Question) -> pd.Series:
    s = _canon_values(s.copy())
    s.name = None
    if q.check_index:
        s.index = _canon_index(s.index)
        if not q.ordered:
            try:
                s = s.sort_index(kind="mergesort")
            except TypeError:
                s = s.iloc[sorted(range(len(s)), key=lambda i: str(s.index[i]))]
    else:
        s = s.reset_index(drop=True)
        if not q.ordered:
            try:
                s = s.sort_values(kind="mergesort").reset_index(drop=True)
            except TypeError:
                s = s.iloc[sorted(range(len(s)), key=lambda i: str(s.iloc[i]))]
                s = s.reset_index(drop=True)
    return s


def _label_difference(given: set[str], wanted: set[str]) -> str:
    """Name a label of the answer that the reference lacks, with its closest match."""
    import difflib

    for label in sorted(given - wanted):
        close = difflib.get_close_matches(label, sorted(wanted - given), n=1, cutoff=0.6)
        if close:
            return f"the label {label!r} is not one of the answer's: did you mean {close[0]!r}?"
    return "the index labels differ from the answer's"


def compare_series(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    """A Series (or one-column table, or dict), by values unless ``check_index``."""
    import pandas as pd

    a = _coerce_series(answer, q)
    b = _coerce_series(expected, q)
    if len(a) != len(b):
        return False, f"your Series has {count_of(len(a), 'value')}; the answer has {len(b)}"
    a, b = _prepare_series(a, q), _prepare_series(b, q)
    if q.check_index and not q.ordered:
        if set(map(str, a.index)) != set(map(str, b.index)):
            return False, _label_difference(set(map(str, a.index)), set(map(str, b.index)))
    try:
        pd.testing.assert_series_equal(a, b, check_series_type=False, **_as_data(q))
    except AssertionError:
        return False, ""
    return True, ""


def _is_default_index(index: pd.Index) -> bool:
    from pandas.api import types as ptypes

    if index.nlevels != 1 or index.name is not None:
        return False
    return ptypes.is_integer_dtype(index.dtype) or len(index) == 0


def _prepare_frame(df: pd.DataFrame, q: Question, *, select: bool) -> pd.DataFrame:
    import pandas as pd

    df = df.copy()
    if q.check_index:
        df.index = _canon_index(df.index)
    elif _is_default_index(df.index):
        df = df.reset_index(drop=True)
    else:
        df = df.reset_index()
    if isinstance(df.columns, pd.MultiIndex):
        df.columns = ["_".join(str(p) for p in t if str(p)) for t in df.columns]
    else:
        df.columns = [str(c) for c in df.columns]
    if select and q.columns is not None:
        df = df[[c for c in q.columns]]
    if not q.column_order:
        df = df[sorted(df.columns)]
    df = pd.DataFrame(
        {c: _canon_values(df.iloc[:, i]) for i, c in enumerate(df.columns)}, index=df.index
    )
    if not q.ordered:
        if q.check_index:
            df = df.sort_index(kind="mergesort")
        else:
            df = _sorted_frame(df)
    if not q.check_index:
        df = df.reset_index(drop=True)
    return df


def compare_dataframe(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    """A table: the same columns (or the question's ``columns``) and rows, as data."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        tip = (
            "turn it into a table with .to_frame() or .reset_index()"
            if isinstance(answer, pd.Series)
            else ""
        )
        raise WrongType(tip)
    a0 = _prepare_frame(answer, q, select=False)
    b = _prepare_frame(expected, q, select=True)
    missing = [c for c in b.columns if c not in a0.columns]
    if missing:
        return False, f"your table is missing the column(s) {', '.join(map(repr, missing))}"
    extra = [c for c in a0.columns if c not in b.columns]
    if extra and q.columns is None:
        return False, f"your table has extra column(s) {', '.join(map(repr, extra))}"
    a = _prepare_frame(answer, q, select=True)
    if len(a) != len(b):
        return False, f"your table has {count_of(len(a), 'row')}; the answer has {len(b)}"
    if q.column_order and list(a.columns) != list(b.columns):
        return False, "the columns are not in the expected order"
    try:
        pd.testing.assert_frame_equal(
            a, b, check_column_type=False, check_frame_type=False, **_as_data(q)
        )
    except AssertionError:
        return False, ""
    return True, ""


def _choice_key(value: Any, q: Question) -> str | None:
    """Map an answer (letter or choice text) to a choice letter, or None."""
    assert q.choices is not None
    letter = choice_letter(value)
    if letter in q.choices:
        return letter
    text = normalise_text(str(value))
    for key, choice_text in q.choices.items():
        if normalise_text(choice_text) == text:
            return key
    return None


def compare_choice(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    """One letter of a multiple-choice question (or the exact text of a choice)."""
    if not isinstance(answer, str):
        raise WrongType("")
    assert q.choices is not None
    a = _choice_key(answer, q)
    if a is None:
        letters = sorted(q.choices)
        listed = ", ".join(letters[:-1]) + f" or {letters[-1]}" if len(letters) > 1 else letters[0]
        return False, f"{answer.strip()!r} is not one of the choices; answer {listed}"
    b = _choice_key(expected, q)
    if b is None:
        raise LookupError(f"reference {expected!r} is not one of the choices")
    return a == b, ""


#: The comparator for each kind of answer that is checked automatically.
COMPARATORS: dict[str, Callable[[Any, Any, Question], tuple[bool, str]]] = {
    "number": compare_number,
    "string": compare_string,
    "set": compare_set,
    "list": compare_list,
    "sequence": compare_list,
    "series": compare_series,
    "dataframe": compare_dataframe,
    "choice": compare_choice,
}
