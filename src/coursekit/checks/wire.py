"""Answers as plain data: the encoding the grader reads instead of the kernel's verdicts.

When a submission is graded, its notebook runs in a kernel the grader does not trust.
That kernel only *reports* what each ``check(question_id, answer)`` call was given; the
grader decodes those answers and judges them itself (:mod:`coursekit.grade.judge`), so
nothing the kernel computes or prints can become a verdict, a message or points.

The encoding is small, versioned and type-tagged JSON, for exactly what the question kinds
accept: ``...`` and :data:`~coursekit.checks.compare.NOT_RUN` (not answered), ``None`` (not
answered, except for a number question, where it is a wrong answer), bool, int, float (NaN
and infinities too), str, list, tuple, set, frozenset, dict and its views, range, dates,
numpy scalars and 1-D arrays, pandas ``Series``, ``DataFrame``, ``Index``, ``Categorical``
and ``Timestamp``. Types are matched exactly (``type(x) is int``): a subclass, or any object
with its own ``__eq__``, cannot be encoded, and the answer becomes an error naming its type.
Answers are limited in depth and size (a range counts as the items it stands for), so a huge
answer is an error, not a hang.
Nothing is pickled and nothing is evaluated: :func:`decode` reads only what
:func:`encode` writes and rebuilds values with known constructors.

A notebook can change what its kernel reports, but only ever *values*: forging the
records or the report line with right answers it did not compute is the same as
submitting those answers, which no autograder can tell apart (written answers and oral
checks stay the instructor's tools).

* :func:`encode` / :func:`decode`: one value to and from a JSON-able dict.
* :func:`record` and :data:`RECORDS`: what :func:`coursekit.check` calls in a kernel.
* :func:`report_source`: the cell the grader appends to a submission; it prints
  ``token + json.dumps({"v": 1, "answers": [...]})`` on one line.
* :func:`parse_report`: the grader's strict reading of that cell's output.

Over 500 lines: the encoder, the decoder and the report format are one contract between
an untrusted kernel and the grader, and each tag's encoding is read beside its decoding;
split apart, a change to one side would be easy to make without the other.

Examples
--------
>>> import json
>>> doc = encode({"Gulistan": 1813, "Turkmenchay": 1828})
>>> decode(json.loads(json.dumps(doc)))
{'Gulistan': 1813, 'Turkmenchay': 1828}
>>> class Sneaky:
...     def __eq__(self, other):
...         return True
>>> try:
...     encode([1, Sneaky()])
... except WireError as exc:
...     print(str(exc).split(";")[0])
answer of type list cannot be graded: it holds a value of type Sneaky
"""

from __future__ import annotations

import collections
import datetime as _dt
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from coursekit.checks.compare import NOT_RUN

__all__ = [
    "GRADING_ENV",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_RECORDS",
    "MAX_REPORT_CHARS",
    "MAX_TEXT",
    "RECORDS",
    "VERSION",
    "WireError",
    "decode",
    "encode",
    "grading",
    "parse_report",
    "record",
    "report_json",
    "report_source",
]

#: The version of the encoding, written as ``"v"`` at the top of every report.
VERSION: int = 1
#: The environment variable that puts :func:`coursekit.check` into grading mode.
GRADING_ENV: str = "COURSEKIT_GRADING"
#: How deeply containers may nest inside one answer.
MAX_DEPTH: int = 16
#: How many values (items, keys, cells, labels) one answer may hold in all.
MAX_ITEMS: int = 100_000
#: How many characters of text one answer may hold in all.
MAX_TEXT: int = 1_000_000
#: How many questions one kernel records (the last answer of each counts).
MAX_RECORDS: int = 1_000
#: The longest report line the grader reads, in characters.
MAX_REPORT_CHARS: int = 32_000_000

_ACCEPTED = "give a number, text, list, set, dict or a pandas Series/DataFrame"
_ID_MAX = 64
_ERROR_MAX = 500
_MAX_INT_BITS = 1024

# numpy scalar types by dtype name, and pandas dtypes a Series/Index may be rebuilt with
_NP_SCALARS = (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "str",
)
_DTYPE_RE = re.compile(
    r"^(?:bool|boolean|object|string|str|category"
    r"|u?int(?:8|16|32|64)|U?Int(?:8|16|32|64)|float(?:16|32|64)|Float(?:32|64)"
    r"|(?:datetime|timedelta)64\[(?:ns|us|ms|s)(?:, [A-Za-z0-9_+\-/]{1,40})?\])$"
)
_NP_TIME_RE = re.compile(r"^(?:datetime|timedelta)64(?:\[(?:Y|M|W|D|h|m|s|ms|us|ns)\])?$")
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_:\-]{8,80}$")


# dicts of the standard library (Counter and defaultdict are common answers); a
# defaultdict is rebuilt without its default factory, which no comparison uses
_DICTS = {dict: dict, collections.Counter: collections.Counter,
          collections.OrderedDict: collections.OrderedDict,
          collections.defaultdict: collections.defaultdict}
_DICT_CLASSES = {cls.__name__: cls for cls in _DICTS if cls is not dict}
# coursekit's own named tuples that learners may give as an answer (a hint names them)
_NAMED_TUPLES = ("coursekit.geo.Route",)
# pandas arrays, e.g. what Series.unique() returns for text, dates or nullable numbers
_PD_ARRAYS = ("StringArray", "ArrowStringArray", "DatetimeArray", "TimedeltaArray",
              "IntegerArray", "FloatingArray", "BooleanArray", "NumpyExtensionArray")


class WireError(ValueError):
    """An answer that cannot be encoded, or a document that cannot be decoded."""


def grading() -> bool:
    """True when this process runs a submission for the grader (``COURSEKIT_GRADING=1``).

    Read at every call, not at import: kernels may be started before their environment
    is set.

    Examples
    --------
    >>> grading() in (True, False)
    True
    """
    return os.environ.get(GRADING_ENV) == "1"


# =========================================================================== encode


class _Budget:
    def __init__(self) -> None:
        self.items = 0
        self.text = 0

    def take(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise WireError(f"the answer is too large to grade (more than {MAX_ITEMS:,} values)")

    def room(self, n: int) -> None:
        """Refuse a container of ``n`` values before walking it."""
        if self.items + n > MAX_ITEMS:
            raise WireError(f"the answer is too large to grade (more than {MAX_ITEMS:,} values)")

    def chars(self, n: int) -> None:
        self.text += n
        if self.text > MAX_TEXT:
            raise WireError(
                f"the answer is too large to grade (more than {MAX_TEXT:,} characters of text)"
            )


class _Unsupported(Exception):
    """A value of a type the encoding does not accept (args[0] is the type's name)."""


def encode(value: Any) -> dict[str, Any]:
    """Encode one answer as a JSON-able, type-tagged dict.

    Parameters
    ----------
    value : object
        An answer as given to :func:`coursekit.check`.

    Returns
    -------
    dict
        ``{"t": <tag>, ...}``; pass it through :func:`json.dumps` and back to
        :func:`decode`.

    Raises
    ------
    WireError
        If the value (or anything inside it) is not of an accepted type, nests more
        than :data:`MAX_DEPTH` levels, or holds more than :data:`MAX_ITEMS` values or
        :data:`MAX_TEXT` characters. The message names the offending type.

    Examples
    --------
    >>> encode(1813)
    {'t': 'int', 'd': 1813}
    >>> encode(("Iran", float("nan")))
    {'t': 'tuple', 'd': [{'t': 'str', 'd': 'Iran'}, {'t': 'float', 'd': 'nan'}]}
    >>> encode(True)["t"]
    'bool'
    >>> class Year(int):
    ...     pass
    >>> try:
    ...     encode(Year(1813))
    ... except WireError as exc:
    ...     print(str(exc).split(":")[0])
    answer of type Year cannot be graded
    """
    try:
        return _enc(value, 0, _Budget())
    except _Unsupported as exc:
        inner = exc.args[0]
        outer = _type_name(value)
        if inner == outer:
            raise WireError(f"answer of type {outer} cannot be graded: {_ACCEPTED}") from None
        raise WireError(
            f"answer of type {outer} cannot be graded: it holds a value of type {inner}; "
            f"{_ACCEPTED}"
        ) from None
    except RecursionError:
        raise WireError(
            f"the answer is nested too deeply to grade (more than {MAX_DEPTH} levels)"
        ) from None


def _type_name(value: Any) -> str:
    return type(value).__name__


def _float(x: float) -> Any:
    return x if math.isfinite(x) else ("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))


def _enc(x: Any, depth: int, budget: _Budget) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise WireError(f"the answer is nested too deeply to grade (more than {MAX_DEPTH} levels)")
    budget.take()
    t = type(x)
    if x is None:
        return {"t": "none"}
    if x is Ellipsis:
        return {"t": "ellipsis"}
    if x is NOT_RUN:
        return {"t": "notrun"}
    if t is bool:
        return {"t": "bool", "d": x}
    if t is int:
        if x.bit_length() > _MAX_INT_BITS:
            raise WireError(
                f"the answer is too large to grade (an integer of {x.bit_length()} bits)"
            )
        return {"t": "int", "d": x}
    if t is float:
        return {"t": "float", "d": _float(x)}
    if t is str:
        budget.chars(len(x))
        return {"t": "str", "d": x}
    if t in (list, tuple, set, frozenset):
        budget.room(len(x))
        items = sorted(x, key=_set_order) if t in (set, frozenset) else x
        return {"t": t.__name__, "d": [_enc(i, depth + 1, budget) for i in items]}
    if t in _DICTS:
        budget.room(2 * len(x))
        doc = {"t": "dict", "d": [[_enc(k, depth + 1, budget), _enc(v, depth + 1, budget)]
                                  for k, v in dict.items(x)]}
        if t is not dict:
            doc["cls"] = t.__name__
        return doc
    if t in (type({}.keys()), type({}.values()), type({}.items())):
        budget.room(len(x))
        view = t.__name__.replace("dict_", "")
        return {"t": "view", "view": view, "d": [_enc(i, depth + 1, budget) for i in x]}
    if f"{t.__module__}.{t.__qualname__}" in _NAMED_TUPLES and _named_tuple(t) is t:
        budget.room(len(x))
        return {"t": "namedtuple", "cls": f"{t.__module__}.{t.__qualname__}",
                "d": [_enc(i, depth + 1, budget) for i in x]}
    if t is range:
        budget.room(_range_len(x))  # a range stands for its items: the judge iterates them
        return {"t": "range", "d": [x.start, x.stop, x.step]}
    if t is _dt.date:
        return {"t": "date", "d": x.isoformat()}
    if t is _dt.datetime:
        return {"t": "datetime", "d": x.isoformat()}
    np = sys.modules.get("numpy")
    if np is not None:
        found = _enc_numpy(x, t, np, depth, budget)
        if found is not None:
            return found
    pd = sys.modules.get("pandas")
    if pd is not None:
        found = _enc_pandas(x, t, pd, depth, budget)
        if found is not None:
            return found
    raise _Unsupported(_type_name(x))


def _range_len(r: range) -> int:
    """How many items a range stands for (a range too long for ``len`` counts as too many)."""
    try:
        return len(r)
    except OverflowError:
        return MAX_ITEMS + 1


def _named_tuple(t: type | str) -> type | None:
    """The allowed named tuple class of this name (or of this class's name), else None."""
    name = t if isinstance(t, str) else f"{t.__module__}.{t.__qualname__}"
    if name not in _NAMED_TUPLES:
        return None
    module, _, qualname = name.rpartition(".")
    import importlib

    cls = getattr(importlib.import_module(module), qualname, None)
    return cls if isinstance(cls, type) and issubclass(cls, tuple) else None


def _set_order(item: Any) -> tuple[str, str]:
    # a deterministic order for set items, so that equal sets encode identically
    return (type(item).__name__, repr(item) if type(item) in (int, float, str, bool) else "")


def _enc_numpy(x: Any, t: type, np: Any, depth: int, budget: _Budget) -> dict[str, Any] | None:
    if t is np.ndarray:
        if x.dtype.kind not in "biufUOMm" or x.dtype.kind == "O" and x.ndim != 1:
            raise _Unsupported(str(x.dtype))
        budget.room(int(x.size))
        return {"t": "ndarray", "dtype": str(x.dtype), "shape": list(x.shape),
                "d": _enc_list(x.reshape(-1).tolist() if x.dtype.kind not in "Mm" else
                               [str(v) for v in x.reshape(-1)], depth, budget)}
    if t in (np.datetime64, np.timedelta64):
        return {"t": "npscalar", "dtype": str(x.dtype), "d": {"t": "str", "d": str(x)}}
    for name in _NP_SCALARS:
        if t is np.dtype(name).type:
            return {"t": "npscalar", "dtype": name, "d": _enc(x.item(), depth + 1, budget)}
    return None


def _enc_list(values: Iterable[Any], depth: int, budget: _Budget) -> list[dict[str, Any]]:
    return [_enc(v, depth + 1, budget) for v in values]


def _enc_pandas(x: Any, t: type, pd: Any, depth: int, budget: _Budget) -> dict[str, Any] | None:
    if t is pd.Timestamp:
        return {"t": "timestamp", "d": x.isoformat(), "tz": None if x.tz is None else str(x.tz)}
    if x is pd.NaT:
        return {"t": "nat"}
    if x is pd.NA:
        return {"t": "na"}
    if t is pd.Series:
        budget.room(len(x))
        return {"t": "series", "name": _enc(x.name, depth + 1, budget),
                "index": _enc(x.index, depth + 1, budget),
                **_enc_array(x.array, x.dtype, pd, depth, budget)}
    if t is pd.DataFrame:
        budget.room(x.shape[0] * x.shape[1])
        return {"t": "frame", "index": _enc(x.index, depth + 1, budget),
                "columns": _enc(x.columns, depth + 1, budget),
                "d": [_enc_array(x.iloc[:, i].array, x.dtypes.iloc[i], pd, depth, budget)
                      for i in range(x.shape[1])]}
    if t is pd.RangeIndex:
        budget.room(_range_len(range(x.start, x.stop, x.step)))
        return {"t": "rangeindex", "d": [x.start, x.stop, x.step],
                "name": _enc(x.name, depth + 1, budget)}
    if t is pd.MultiIndex:
        budget.room(len(x) * x.nlevels)
        return {"t": "multiindex", "names": _enc_list(x.names, depth, budget),
                "d": _enc_list(x.tolist(), depth, budget)}
    if t in (pd.Index, pd.DatetimeIndex, pd.CategoricalIndex, pd.TimedeltaIndex):
        budget.room(len(x))
        return {"t": "index", "name": _enc(x.name, depth + 1, budget),
                **_enc_array(x.array, x.dtype, pd, depth, budget)}
    if type(x).__name__ in _PD_ARRAYS and t is getattr(pd.arrays, t.__name__, None):
        budget.room(len(x))
        return {"t": "pdarray", **_enc_array(x, x.dtype, pd, depth, budget)}
    if t is pd.Categorical:
        budget.room(len(x))
        return {"t": "categorical", **_enc_array(x, x.dtype, pd, depth, budget)}
    return None


def _enc_array(array: Any, dtype: Any, pd: Any, depth: int, budget: _Budget) -> dict[str, Any]:
    """The values of a Series/Index/column with their dtype (categories for categoricals)."""
    out: dict[str, Any] = {"dtype": str(dtype)}
    if isinstance(dtype, pd.CategoricalDtype):
        out["categories"] = _enc(dtype.categories, depth + 1, budget)
        out["ordered"] = bool(dtype.ordered)
        values = list(array.astype(object)) if len(array) else []
    else:
        values = array.tolist() if hasattr(array, "tolist") else list(array)
    out["values"] = _enc_list(values, depth, budget)
    return out


# =========================================================================== decode


def decode(obj: Any) -> Any:
    """Rebuild an answer from what :func:`encode` wrote (after a JSON round trip).

    Parameters
    ----------
    obj : dict
        A type-tagged document, as parsed by :func:`json.loads`.

    Returns
    -------
    object
        The answer, with the same type and value as the one encoded.

    Raises
    ------
    WireError
        If the document is malformed: an unknown tag, a missing or wrong field, a
        dtype outside the accepted ones, or limits exceeded.

    Examples
    --------
    >>> sorted(decode({"t": "set", "d": [{"t": "str", "d": "Iran"}, {"t": "str", "d": "Russia"}]}))
    ['Iran', 'Russia']
    >>> decode({"t": "pickle", "d": "..."})
    Traceback (most recent call last):
    ...
    coursekit.checks.wire.WireError: cannot read the answer: unknown tag 'pickle'
    """
    try:
        return _dec(obj, 0, _Budget())
    except WireError as exc:
        if str(exc).startswith("cannot read the answer"):
            raise
        raise WireError(f"cannot read the answer: {exc}") from None
    except RecursionError:
        raise WireError("cannot read the answer: nested too deeply") from None
    except (TypeError, ValueError, KeyError, OverflowError, AttributeError) as exc:
        # a pandas/numpy constructor refused the data: the document does not describe a value
        raise WireError(f"cannot read the answer: {type(exc).__name__}: {exc}"[:300]) from None


def _field(obj: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in obj:
        raise WireError(f"cannot read the answer: {obj.get('t')!r} without {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise WireError(f"cannot read the answer: {obj.get('t')!r} has a malformed {key!r}")
    return value


def _plain_float(d: Any) -> float:
    if isinstance(d, str) and d in ("nan", "inf", "-inf"):
        return float(d)
    if type(d) is float or type(d) is int:
        return float(d)
    raise WireError("cannot read the answer: malformed float")


def _dec(obj: Any, depth: int, budget: _Budget) -> Any:
    if depth > MAX_DEPTH:
        raise WireError(f"cannot read the answer: nested more than {MAX_DEPTH} levels")
    if not isinstance(obj, dict) or not isinstance(obj.get("t"), str):
        raise WireError("cannot read the answer: expected a tagged object")
    budget.take()
    tag = obj["t"]
    simple = _SIMPLE.get(tag)
    if simple is not None:
        return simple(obj, depth, budget)
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise WireError(f"cannot read the answer: unknown tag {tag[:40]!r}")
    return decoder(obj, depth, budget)


def _items(obj: dict[str, Any], depth: int, budget: _Budget, key: str = "d") -> list[Any]:
    raw = _field(obj, key, list)
    budget.room(len(raw))
    return [_dec(i, depth + 1, budget) for i in raw]


def _dec_int(obj: dict[str, Any], depth: int, budget: _Budget) -> int:
    d = _field(obj, "d", int)
    if d.bit_length() > _MAX_INT_BITS:
        raise WireError("cannot read the answer: integer too large")
    return d


def _dec_str(obj: dict[str, Any], depth: int, budget: _Budget) -> str:
    d = _field(obj, "d", str)
    budget.chars(len(d))
    return d


def _dec_set(obj: dict[str, Any], depth: int, budget: _Budget, kind: type) -> Any:
    items = _items(obj, depth, budget)
    try:
        return kind(items)
    except TypeError:
        raise WireError("cannot read the answer: a set of unhashable items") from None


def _dec_dict(obj: dict[str, Any], depth: int, budget: _Budget) -> dict[Any, Any]:
    pairs = _field(obj, "d", list)
    budget.room(2 * len(pairs))
    cls = obj.get("cls", "dict")
    if cls != "dict" and cls not in _DICT_CLASSES:
        raise WireError(f"cannot read the answer: unknown kind of dict {str(cls)[:40]!r}")
    out: dict[Any, Any] = {}
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            raise WireError("cannot read the answer: a dict entry is not a [key, value] pair")
        try:
            out[_dec(pair[0], depth + 1, budget)] = _dec(pair[1], depth + 1, budget)
        except TypeError:
            raise WireError("cannot read the answer: an unhashable dict key") from None
    if cls == "defaultdict":
        return collections.defaultdict(None, out)
    return out if cls == "dict" else _DICT_CLASSES[cls](out)


def _dec_view(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    items = _items(obj, depth, budget)
    view = obj.get("view")
    if view == "keys":
        return dict.fromkeys(items).keys()
    if view == "values":
        return dict(enumerate(items)).values()
    if view == "items":
        if not all(type(i) is tuple and len(i) == 2 for i in items):
            raise WireError("cannot read the answer: dict items that are not pairs")
        return dict(items).items()
    raise WireError("cannot read the answer: unknown dict view")


def _ints(obj: dict[str, Any], n: int) -> list[int]:
    d = _field(obj, "d", list)
    if len(d) != n or not all(type(i) is int for i in d):
        raise WireError(f"cannot read the answer: malformed {obj['t']!r}")
    if any(abs(i) > 2**62 for i in d):
        raise WireError(f"cannot read the answer: {obj['t']!r} out of range")
    return d


def _dec_namedtuple(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    name = _field(obj, "cls", str)
    cls = _named_tuple(name)
    if cls is None:
        raise WireError(f"cannot read the answer: unknown named tuple {name[:60]!r}")
    items = _items(obj, depth, budget)
    try:
        return cls(*items)
    except TypeError:
        raise WireError(f"cannot read the answer: malformed {cls.__name__}") from None


def _dec_range(obj: dict[str, Any], depth: int, budget: _Budget) -> range:
    start, stop, step = _ints(obj, 3)
    if step == 0:
        raise WireError("cannot read the answer: a range with step 0")
    budget.room(_range_len(range(start, stop, step)))
    return range(start, stop, step)


def _dec_npscalar(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import numpy as np

    dtype = _field(obj, "dtype", str)
    inner = _dec(_field(obj, "d", dict), depth + 1, budget)
    if dtype in _NP_SCALARS:
        return np.dtype(dtype).type(inner)
    if _NP_TIME_RE.match(dtype) and type(inner) is str:
        unit = dtype[dtype.index("[") + 1:-1] if "[" in dtype else None
        maker = np.datetime64 if dtype.startswith("datetime") else np.timedelta64
        if maker is np.timedelta64 and inner != "NaT":
            number, _, _ = inner.partition(" ")
            return np.timedelta64(int(number), unit) if unit else np.timedelta64(int(number))
        return maker(inner, unit) if unit else maker(inner)
    raise WireError(f"cannot read the answer: numpy scalar of dtype {dtype[:40]!r}")


def _dtype(obj: dict[str, Any]) -> str:
    dtype = _field(obj, "dtype", str)
    if not _DTYPE_RE.match(dtype):
        raise WireError(f"cannot read the answer: dtype {dtype[:40]!r} is not accepted")
    return dtype


def _dec_ndarray(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import numpy as np

    dtype = _field(obj, "dtype", str)
    if not (_DTYPE_RE.match(dtype) or _NP_TIME_RE.match(dtype)
            or re.match(r"^[<>|=]?U\d{1,6}$", dtype)):
        raise WireError(f"cannot read the answer: dtype {dtype[:40]!r} is not accepted")
    shape = _field(obj, "shape", list)
    if not all(type(n) is int and n >= 0 for n in shape) or len(shape) > MAX_DEPTH:
        raise WireError("cannot read the answer: malformed ndarray shape")
    values = _items(obj, depth, budget)
    if math.prod(shape) != len(values):
        raise WireError("cannot read the answer: ndarray shape and values disagree")
    if dtype == "object":
        array = np.empty(len(values), dtype=object)
        array[:] = values
    else:
        array = np.array(values, dtype=dtype)
    return array.reshape(shape)


def _dec_values(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    """Values and dtype of a Series/Index/column, as a pandas array (or a list for object)."""
    import pandas as pd

    dtype = _dtype(obj)
    values = _items(obj, depth, budget, "values")
    if dtype == "category":
        categories = _dec(_field(obj, "categories", dict), depth + 1, budget)
        ordered = _field(obj, "ordered", bool)
        return pd.Categorical(values, categories=categories, ordered=ordered)
    if dtype == "object":
        import numpy as np

        array = np.empty(len(values), dtype=object)
        array[:] = values
        return array
    return pd.array(values, dtype=dtype)


def _name(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    name = _dec(_field(obj, "name", dict), depth + 1, budget)
    try:
        hash(name)
    except TypeError:
        raise WireError("cannot read the answer: an unhashable name") from None
    return name


def _dec_index(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import pandas as pd

    if obj["t"] == "rangeindex":
        start, stop, step = _ints(obj, 3)
        if step == 0:
            raise WireError("cannot read the answer: a range with step 0")
        budget.room(_range_len(range(start, stop, step)))
        return pd.RangeIndex(start, stop, step, name=_name(obj, depth, budget))
    if obj["t"] == "multiindex":
        names = _items(obj, depth, budget, "names")
        tuples = _items(obj, depth, budget)
        if not tuples or not all(type(t) is tuple and len(t) == len(names) for t in tuples):
            raise WireError("cannot read the answer: malformed MultiIndex")
        return pd.MultiIndex.from_tuples(tuples, names=names)
    values = _dec_values(obj, depth, budget)
    return pd.Index(values, name=_name(obj, depth, budget), copy=False,
                    dtype=object if obj.get("dtype") == "object" else None)


def _index_field(obj: dict[str, Any], key: str, depth: int, budget: _Budget) -> Any:
    inner = _field(obj, key, dict)
    if inner.get("t") not in ("index", "rangeindex", "multiindex"):
        raise WireError(f"cannot read the answer: {obj['t']!r} without an index")
    return _dec(inner, depth + 1, budget)


def _dec_series(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import pandas as pd

    index = _index_field(obj, "index", depth, budget)
    values = _dec_values(obj, depth, budget)
    if len(index) != len(values):
        raise WireError("cannot read the answer: Series index and values disagree")
    return pd.Series(values, index=index, name=_name(obj, depth, budget), copy=False,
                     dtype=object if obj.get("dtype") == "object" else None)


def _dec_frame(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import pandas as pd

    index = _index_field(obj, "index", depth, budget)
    columns = _index_field(obj, "columns", depth, budget)
    raw = _field(obj, "d", list)
    if len(raw) != len(columns):
        raise WireError("cannot read the answer: DataFrame columns and data disagree")
    data = {}
    for i, col in enumerate(raw):
        if not isinstance(col, dict):
            raise WireError("cannot read the answer: malformed DataFrame column")
        values = _dec_values(col, depth + 1, budget)
        if len(values) != len(index):
            raise WireError("cannot read the answer: DataFrame index and column disagree")
        data[i] = values
    frame = pd.DataFrame(data, index=index, copy=False) if data else pd.DataFrame(index=index)
    frame.columns = columns
    return frame


def _dec_timestamp(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import pandas as pd

    text = _field(obj, "d", str)
    tz = obj.get("tz")
    if tz is not None and not (isinstance(tz, str) and re.match(r"^[A-Za-z0-9_+\-/:]{1,40}$", tz)):
        raise WireError("cannot read the answer: malformed time zone")
    stamp = pd.Timestamp(text)
    if tz is not None and stamp.tz is not None and str(stamp.tz) != tz:
        stamp = stamp.tz_convert(tz)
    return stamp


def _dec_pandas_missing(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import pandas as pd

    return pd.NaT if obj["t"] == "nat" else pd.NA


def _dec_categorical(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import pandas as pd

    values = _dec_values(obj, depth, budget)
    return values if isinstance(values, pd.Categorical) else pd.Categorical(values)


def _dec_pdarray(obj: dict[str, Any], depth: int, budget: _Budget) -> Any:
    import pandas as pd

    values = _dec_values(obj, depth, budget)
    return values if not isinstance(values, pd.Categorical) else values.to_numpy()


_SIMPLE: dict[str, Callable[[dict[str, Any], int, _Budget], Any]] = {
    "none": lambda o, d, b: None,
    "ellipsis": lambda o, d, b: Ellipsis,
    "notrun": lambda o, d, b: NOT_RUN,
    "bool": lambda o, d, b: _field(o, "d", bool),
    "int": _dec_int,
    "float": lambda o, d, b: _plain_float(o.get("d")),
    "str": _dec_str,
    "list": lambda o, d, b: _items(o, d, b),
    "tuple": lambda o, d, b: tuple(_items(o, d, b)),
}

_DECODERS: dict[str, Callable[[dict[str, Any], int, _Budget], Any]] = {
    "set": lambda o, d, b: _dec_set(o, d, b, set),
    "frozenset": lambda o, d, b: _dec_set(o, d, b, frozenset),
    "dict": _dec_dict,
    "view": _dec_view,
    "range": _dec_range,
    "namedtuple": _dec_namedtuple,
    "date": lambda o, d, b: _dt.date.fromisoformat(_field(o, "d", str)),
    "datetime": lambda o, d, b: _dt.datetime.fromisoformat(_field(o, "d", str)),
    "npscalar": _dec_npscalar,
    "ndarray": _dec_ndarray,
    "timestamp": _dec_timestamp,
    "nat": _dec_pandas_missing,
    "na": _dec_pandas_missing,
    "series": _dec_series,
    "frame": _dec_frame,
    "index": _dec_index,
    "rangeindex": _dec_index,
    "multiindex": _dec_index,
    "categorical": _dec_categorical,
    "pdarray": lambda o, d, b: _dec_pdarray(o, d, b),
}


# =========================================================================== recording


#: What :func:`coursekit.check` was given in this process, by question id, oldest first:
#: ``{"id", "answer" (encoded, or None), "error" (why it could not be encoded, or None)}``.
#: Only the last answer of each question is kept (the one that counts).
RECORDS: dict[str, dict[str, Any]] = {}


def record(question_id: Any, answer: Any) -> dict[str, Any]:
    """Record what ``check(question_id, answer)`` was given; never raises.

    Returns
    -------
    dict
        ``{"id": str, "answer": dict or None, "error": str or None}``.

    Examples
    --------
    >>> RECORDS.clear()
    >>> record("01.3", 1828)
    {'id': '01.3', 'answer': {'t': 'int', 'd': 1828}, 'error': None}
    >>> record("01.3", object())["error"].split(":")[0]
    'answer of type object cannot be graded'
    >>> list(RECORDS)
    ['01.3']
    >>> RECORDS.clear()
    """
    qid = str(question_id).strip()[:_ID_MAX] if type(question_id) is str else "?"
    try:
        entry = {"id": qid, "answer": encode(answer), "error": None}
    except WireError as exc:
        entry = {"id": qid, "answer": None, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - an answer whose attributes fail when read
        entry = {"id": qid, "answer": None,
                 "error": f"answer of type {_type_name(answer)} cannot be graded "
                          f"({type(exc).__name__} while reading it)"}
    if qid in RECORDS or len(RECORDS) < MAX_RECORDS:
        RECORDS.pop(qid, None)
        RECORDS[qid] = entry
    return entry


def report_json() -> str:
    """The kernel's report: ``{"v": 1, "answers": [...]}`` as one line of JSON.

    Examples
    --------
    >>> RECORDS.clear()
    >>> _ = record("01.1", "Gulistan")
    >>> report_json()
    '{"v": 1, "answers": [{"id": "01.1", "answer": {"t": "str", "d": "Gulistan"}, "error": null}]}'
    >>> RECORDS.clear()
    """
    return json.dumps({"v": VERSION, "answers": list(RECORDS.values())}, allow_nan=False)


_REPORT_SOURCE = """\
import importlib as _ck_importlib
print("\\n" + {token!r}
      + _ck_importlib.import_module("coursekit.checks.wire").report_json())
del _ck_importlib
"""


def report_source(token: str) -> str:
    """The source of the cell the grader appends to a submission to read its answers.

    It prints ``token`` followed by :func:`report_json` on one line.

    Parameters
    ----------
    token : str
        A random marker (8–80 letters, digits, ``_``, ``:`` or ``-``) that the
        submission cannot know in advance.

    Examples
    --------
    >>> print(report_source("CKGRADE0123abcd:"))  # doctest: +NORMALIZE_WHITESPACE
    import importlib as _ck_importlib
    print("\\n" + 'CKGRADE0123abcd:'
          + _ck_importlib.import_module("coursekit.checks.wire").report_json())
    del _ck_importlib
    >>> report_source("x'); import os; ('")
    Traceback (most recent call last):
    ...
    ValueError: the report token must be 8-80 letters, digits, '_', ':' or '-'
    """
    if not isinstance(token, str) or not _TOKEN_RE.match(token):
        raise ValueError("the report token must be 8-80 letters, digits, '_', ':' or '-'")
    return _REPORT_SOURCE.format(token=token)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_report(
    outputs: Sequence[Mapping[str, Any]], token: str
) -> tuple[list[dict[str, Any]] | None, str]:
    """Read the answers from the outputs of the report cell (and nothing else).

    Only ``stdout`` stream text is read; exactly one line must start with ``token``,
    and what follows must be the report's JSON: ``{"v": 1, "answers": [{"id": str,
    "answer": dict or null, "error": str or null}, ...]}``. The answers themselves are
    decoded later, one by one, when they are judged.

    Parameters
    ----------
    outputs : sequence of dict
        The report cell's nbformat outputs.
    token : str
        The token given to :func:`report_source`.

    Returns
    -------
    (list of dict, "") or (None, reason)
        The records, or ``None`` and a plain reason why there are none.

    Examples
    --------
    >>> RECORDS.clear()
    >>> _ = record("01.1", 1813)
    >>> out = [{"output_type": "stream", "name": "stdout",
    ...         "text": "\\nCKGRADE0123abcd:" + report_json() + "\\n"}]
    >>> parse_report(out, "CKGRADE0123abcd:")
    ([{'id': '01.1', 'answer': {'t': 'int', 'd': 1813}, 'error': None}], '')
    >>> parse_report([], "CKGRADE0123abcd:")
    (None, 'the report cell printed no report')
    >>> RECORDS.clear()
    """
    text_parts: list[str] = []
    size = 0
    for out in outputs:
        if not isinstance(out, Mapping):
            continue
        if out.get("output_type") == "error":
            name = str(out.get("ename", "an error"))[:60]
            return None, f"the report cell stopped with {name}"
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            text = out.get("text", "")
            text = "".join(text) if isinstance(text, list) else str(text)
            size += len(text)
            if size > MAX_REPORT_CHARS + 1000:
                return None, "the report is too large"
            text_parts.append(text)
    lines = [line for line in "".join(text_parts).splitlines() if line.startswith(token)]
    if not lines:
        return None, "the report cell printed no report"
    if len(lines) > 1:
        return None, "the report cell printed more than one report"
    body = lines[0][len(token):]
    if len(body) > MAX_REPORT_CHARS:
        return None, "the report is too large"
    try:
        doc = json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None, "the report is not valid JSON"
    return _validate(doc)


def _validate(doc: Any) -> tuple[list[dict[str, Any]] | None, str]:
    if not isinstance(doc, dict) or set(doc) != {"v", "answers"}:
        return None, "the report does not have the expected fields"
    if doc["v"] != VERSION or type(doc["v"]) is not int:
        return None, f"the report is of version {str(doc['v'])[:20]}, not {VERSION}"
    answers = doc["answers"]
    if not isinstance(answers, list) or len(answers) > MAX_RECORDS:
        return None, "the report's answers are not a list of at most " f"{MAX_RECORDS} entries"
    records = []
    for entry in answers:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"id", "answer", "error"}
            or not isinstance(entry["id"], str)
            or len(entry["id"]) > _ID_MAX
            or not (entry["answer"] is None or isinstance(entry["answer"], dict))
            or not (entry["error"] is None or isinstance(entry["error"], str))
            or (entry["answer"] is None) == (entry["error"] is None)
        ):
            return None, "the report holds a malformed answer"
        records.append({"id": entry["id"], "answer": entry["answer"],
                        "error": None if entry["error"] is None else entry["error"][:_ERROR_MAX]})
    return records, ""
