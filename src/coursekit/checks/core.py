"""The exercise check engine: questions, comparators, verdicts and the results log.

A *question* (:class:`Question`) knows how to compute its reference answer from
coursekit's data (lazily, cached after the first call), which *kind* of answer it
expects, and which wrong answers learners are likely to give (:class:`Wrong`),
each with a hint. :func:`check` compares a learner's answer with the reference,
prints exactly one deterministic line and returns a :class:`Result`. It never
raises: unknown ids, wrong types, answers that break the comparison and broken
reference computations are all reported as a verdict.

Question modules ``coursekit/checks/setNN.py`` register their questions on
import; :func:`questions` and :func:`check` import them on demand.

Examples
--------
>>> from coursekit.checks.core import Question, Wrong, check, register, unregister
>>> _ = register(Question(
...     id="99.1", title="Pairs of actors", kind="number",
...     reference=lambda: 17 * 16 // 2,
...     wrong=[Wrong(17 * 16, "each pair counts once: divide by two")],
... ))
>>> check("99.1", 136).passed
✅ 99.1 correct
True
>>> check("99.1", 272).message
❌ 99.1 not quite: each pair counts once: divide by two
'not quite: each pair counts once: divide by two'
>>> check("99.1", ...).passed is None
⏳ 99.1 not answered yet: replace ... with your answer
True
>>> unregister("99.1")
"""

from __future__ import annotations

import difflib
import importlib
import math
import numbers
import pkgutil
import re
import string
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coursekit.checks import wire

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "KINDS",
    "RESULTS",
    "Question",
    "QuestionSet",
    "Result",
    "Wrong",
    "check",
    "evaluate",
    "events_with",
    "get_question",
    "load_question_sets",
    "questions",
    "register",
    "require",
    "reset_results",
    "results",
    "unregister",
]

#: The kinds of answer a question can expect.
KINDS: tuple[str, ...] = (
    "number",
    "string",
    "set",
    "list",
    "sequence",
    "series",
    "dataframe",
    "choice",
    "written",
)

_DEFAULT_TYPE_PHRASE: dict[str, str] = {
    "number": "a number (int or float)",
    "string": "a piece of text (str)",
    "set": "a collection of items (a set, list or tuple)",
    "list": "a list of items (a list or tuple)",
    "sequence": "a sequence of items in order (a list or tuple)",
    "series": "a pandas Series",
    "dataframe": "a table (pandas DataFrame)",
    "choice": 'the letter of one choice as a string, e.g. "b"',
    "written": "a short text answer (str)",
}

_ID_RE = re.compile(r"^(\d\d)\.(\d+)$")
_SET_MODULE_RE = re.compile(r"^set\d\d$")

NOT_ANSWERED = "not answered yet: replace ... with your answer"
WRITTEN = (
    "written answer recorded: your instructor grades this; "
    "compare with the model answer in the solutions"
)
REFERENCE_FAILED = "the check itself failed — please tell your instructor"
DEFAULT_HINT = "compare your answer with the question and try again."

_MARKERS = {True: "✅", False: "❌", None: "⏳", "written": "✍️"}
_ASCII_MARKERS = {True: "[ok]", False: "[x]", None: "[..]", "written": "[written]"}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Result:
    """The verdict of one :func:`check`.

    Attributes
    ----------
    question_id : str
        The question checked, e.g. ``"01.3"``.
    passed : bool or None
        ``True`` (correct), ``False`` (wrong, wrong type, unknown id or the check
        failed) or ``None`` (not answered yet, or a written answer that the
        instructor grades).
    message : str
        The one-line verdict without the marker and id, e.g. ``"correct"``.
    points : float
        Points earned: ``max_points`` when passed, else 0.
    max_points : float
        The question's points (0 for an unknown id).

    Examples
    --------
    >>> Result("01.3", True, "correct", 1.0, 1.0)
    Result('01.3', passed=True, points=1/1, message='correct')
    """

    question_id: str
    passed: bool | None
    message: str
    points: float = 0.0
    max_points: float = 0.0

    def __repr__(self) -> str:
        return (
            f"Result({self.question_id!r}, passed={self.passed}, "
            f"points={_fmt_points(self.points)}/{_fmt_points(self.max_points)}, "
            f"message={self.message!r})"
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a plain dict (the form :func:`results` uses).

        Examples
        --------
        >>> Result("01.3", None, "not answered", 0.0, 1.0).as_dict()["passed"] is None
        True
        """
        return {
            "question_id": self.question_id,
            "passed": self.passed,
            "points": self.points,
            "max_points": self.max_points,
            "message": self.message,
        }

    def _ipython_display_(self) -> None:
        # check() has already printed the one-line verdict; showing the Result again
        # as the cell's Out[] would repeat it (and add noise to nbval comparisons).
        return None


def _fmt_points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


#: Every :class:`Result` produced in this process, oldest first (read by the grader).
RESULTS: list[Result] = []


def results() -> list[dict[str, Any]]:
    """Return a copy of every check made in this process, as dicts.

    Returns
    -------
    list of dict
        Keys ``question_id``, ``passed``, ``points``, ``max_points``, ``message``.

    Examples
    --------
    >>> reset_results()
    >>> results()
    []
    """
    return [r.as_dict() for r in RESULTS]


def reset_results() -> None:
    """Forget every recorded result (the grader calls this between submissions).

    Examples
    --------
    >>> reset_results()
    >>> len(RESULTS)
    0
    """
    RESULTS.clear()


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Wrong:
    """A known wrong answer and the hint for it.

    Parameters
    ----------
    match : object or callable
        A wrong *value*, compared with the question's own comparator; or a
        predicate ``answer -> bool`` (any callable that is not a class); or, with
        ``lazy=True``, a zero-argument callable that computes the wrong value from
        the data (cached by the question).
    hint : str
        What the learner probably did, and how to fix it (one line).
    lazy : bool, default False
        Treat ``match`` as a zero-argument function computing the wrong value.
    any_type : bool, default False
        For predicates: also try it on answers of the wrong type (e.g. to say
        "the question asks for the year" when a name was given). By default an
        answer of the wrong type gets the "expected <type>" message.
    example : object, optional
        For predicates: an example answer the predicate catches, i.e. the mistake
        it is written for (e.g. ``"E001"`` when a single id is given instead of a
        list). :func:`check` never uses it; the question tests assert that the
        predicate matches it and that :func:`check` answers it with ``hint``, and
        it shows authors and reviewers what the predicate is meant to catch.
        Every predicate of a registered question should declare one.

    Examples
    --------
    >>> Wrong(1804, "the 19th century is 1801-1900").hint
    'the 19th century is 1801-1900'
    >>> negative = Wrong(lambda a: a < 0, "a count cannot be negative", example=-3)
    >>> negative.is_predicate, negative.match(negative.example)
    (True, True)
    """

    match: Any
    hint: str
    lazy: bool = False
    any_type: bool = False
    example: Any = field(default=None, compare=False)

    @property
    def is_predicate(self) -> bool:
        """True when ``match`` is a predicate on the answer."""
        return not self.lazy and callable(self.match) and not isinstance(self.match, type)


_UNSET: Any = object()


@dataclass(eq=False)
class Question:
    """One auto-checked (or written) exercise question.

    Parameters
    ----------
    id : str
        ``"<set>.<n>"``, e.g. ``"01.3"``.
    title : str
        A short title for tables and gradebooks.
    kind : str
        One of :data:`KINDS`.
    reference : callable
        ``() -> answer``: computes the reference answer from coursekit's data.
        Called lazily, at most once (the value is cached). Written questions may
        return the model answer text (it is never compared).
    exercise_set : str, optional
        Defaults to the part of ``id`` before the dot.
    points : float, default 1
    wrong : list of Wrong or of (match, hint) tuples
        Known wrong answers, tried in order; the first match gives its hint.
    hint : str, optional
        The generic hint for a wrong answer that matches no :class:`Wrong`.
    success : str, optional
        Printed after "correct", e.g. why the answer matters.
    tolerance, rel_tolerance : float
        Absolute and relative tolerance for numbers (also used for numeric
        columns of series and dataframes).
    choices : dict, optional
        For ``kind="choice"``: letter -> text. Answers are letters, case-insensitive
        (``"b"``, ``"B"``, ``"b)"``, ``"(b)"``) or the exact text of a choice.
    expected_type : str, optional
        The phrase used in "expected <phrase>, got <type>"; derived from ``kind``.
    normalise : bool, default True
        Strings (and string items of sets/lists) are compared after Unicode NFKC,
        casefold, whitespace collapsing and stripping surrounding punctuation.
    ordered : bool, optional
        Whether order matters. Defaults: ``list``/``sequence`` True; ``series``
        True unless ``check_index``; ``dataframe`` False (rows are compared as a
        multiset). ``sequence`` is always ordered.
    check_index : bool, default False
        Series/dataframes: compare index labels too. Otherwise a series is
        compared by values only, and a dataframe's meaningful (named or
        non-integer) index is turned into columns on both sides.
    column_order : bool, default False
        Dataframes: whether column order matters.
    columns : tuple of str, optional
        Dataframes: compare only these columns (extra columns are ignored).

    Examples
    --------
    >>> q = Question(id="99.2", title="Capital", kind="string", reference=lambda: "Tehran")
    >>> q.exercise_set, q.points, q.expected_type
    ('99', 1.0, 'a piece of text (str)')
    >>> q.expected()
    'Tehran'
    """

    id: str
    title: str
    kind: str
    reference: Callable[[], Any]
    exercise_set: str = ""
    points: float = 1.0
    wrong: list[Wrong] = field(default_factory=list)
    hint: str = ""
    success: str = ""
    tolerance: float = 1e-9
    rel_tolerance: float = 1e-6
    choices: dict[str, str] | None = None
    expected_type: str = ""
    normalise: bool = True
    ordered: bool | None = None
    check_index: bool = False
    column_order: bool = False
    columns: tuple[str, ...] | None = None
    _cache: Any = field(default=_UNSET, init=False, repr=False)
    _wrong_cache: dict[int, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        m = _ID_RE.match(self.id)
        if not m:
            raise ValueError(f"question id {self.id!r} must look like '01.3' (<set>.<n>)")
        if self.kind not in KINDS:
            raise ValueError(f"question {self.id}: kind {self.kind!r} is not one of {KINDS}")
        if not callable(self.reference):
            raise TypeError(f"question {self.id}: reference must be a zero-argument callable")
        if not self.exercise_set:
            self.exercise_set = m.group(1)
        self.points = float(self.points)
        if self.points < 0:
            raise ValueError(f"question {self.id}: points must be >= 0")
        self.wrong = [w if isinstance(w, Wrong) else Wrong(*w) for w in self.wrong]
        if self.kind == "choice":
            if not self.choices:
                raise ValueError(f"question {self.id}: a choice question needs choices")
            self.choices = {_letter(k): v for k, v in self.choices.items()}
        if not self.expected_type:
            self.expected_type = _DEFAULT_TYPE_PHRASE[self.kind]
        if self.ordered is None:
            self.ordered = {
                "list": True,
                "sequence": True,
                "series": not self.check_index,
                "dataframe": False,
            }.get(self.kind, False)
        if self.kind == "sequence":
            self.ordered = True
        if self.columns is not None:
            self.columns = tuple(self.columns)

    def expected(self) -> Any:
        """Return the reference answer, computing it on first use.

        Examples
        --------
        >>> calls = []
        >>> q = Question(id="99.3", title="t", kind="number",
        ...              reference=lambda: calls.append(1) or 42)
        >>> q.expected(), q.expected(), len(calls)
        (42, 42, 1)
        """
        if self._cache is _UNSET:
            self._cache = self.reference()
        return self._cache

    def clear_cache(self) -> None:
        """Forget the cached reference (and lazily computed wrong values)."""
        self._cache = _UNSET
        self._wrong_cache.clear()

    def _wrong_value(self, i: int, w: Wrong) -> Any:
        if not w.lazy:
            return w.match
        if i not in self._wrong_cache:
            self._wrong_cache[i] = w.match()
        return self._wrong_cache[i]


_REGISTRY: dict[str, Question] = {}


def register(question: Question, *, replace: bool = False) -> Question:
    """Add a question to the registry and return it.

    Parameters
    ----------
    question : Question
    replace : bool, default False
        Replace a question with the same id instead of raising.

    Raises
    ------
    ValueError
        If a question with this id is already registered (and not ``replace``).

    Examples
    --------
    >>> q = register(Question(id="99.4", title="t", kind="number", reference=lambda: 1))
    >>> register(Question(id="99.4", title="t", kind="number", reference=lambda: 1))
    Traceback (most recent call last):
    ...
    ValueError: question 99.4 is already registered (title 't')
    >>> unregister("99.4")
    """
    if not isinstance(question, Question):
        raise TypeError(f"register() needs a Question, got {type(question).__name__}")
    if question.id in _REGISTRY and not replace:
        old = _REGISTRY[question.id]
        raise ValueError(f"question {question.id} is already registered (title {old.title!r})")
    _REGISTRY[question.id] = question
    return question


class QuestionSet(list[Question]):
    """The questions of one exercise set, in order; each is registered as it is added.

    A set module declares ``QUESTIONS = QuestionSet()`` and then ``QUESTIONS.add(...)``
    for each question (or passes them all at once), so tests and tools find the set's
    questions in order.

    Parameters
    ----------
    questions : iterable of Question, optional
        Questions to add now.
    replace : bool, default False
        Passed to :func:`register` for every question added.

    Examples
    --------
    >>> qs = QuestionSet([Question(id="99.5", title="t", kind="number", reference=lambda: 1)])
    >>> [q.id for q in qs], get_question("99.5") is qs[0]
    (['99.5'], True)
    >>> unregister("99.5")
    """

    def __init__(self, questions: Iterable[Question] = (), *, replace: bool = False) -> None:
        super().__init__()
        self.replace = replace
        for question in questions:
            self.add(question)

    def add(self, question: Question) -> Question:
        """Register ``question``, append it, and return it."""
        self.append(register(question, replace=self.replace))
        return question


def unregister(question_id: str) -> None:
    """Remove a question from the registry (no error if it is absent)."""
    _REGISTRY.pop(question_id, None)


def _sort_key(question_id: str) -> tuple[int, int, str]:
    m = _ID_RE.match(question_id)
    return (int(m.group(1)), int(m.group(2)), "") if m else (10**6, 0, question_id)


def load_question_sets() -> list[str]:
    """Import every ``coursekit.checks.setNN`` module so its questions register.

    New modules are picked up automatically (found with :mod:`pkgutil`).

    Returns
    -------
    list of str
        The module names imported, sorted.
    """
    package = importlib.import_module("coursekit.checks")
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if _SET_MODULE_RE.match(info.name)
    )
    for name in names:
        importlib.import_module(f"coursekit.checks.{name}")
    return names


def _load_set_for(question_id: str) -> None:
    m = _ID_RE.match(question_id)
    if not m:
        return
    name = f"coursekit.checks.set{m.group(1)}"
    if name in sys.modules:
        return
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise


def get_question(question_id: str) -> Question:
    """Return the registered question with this id (importing its set if needed).

    Raises
    ------
    KeyError
        If there is no such question.
    """
    if question_id not in _REGISTRY:
        _load_set_for(question_id)
    if question_id not in _REGISTRY:
        load_question_sets()
    return _REGISTRY[question_id]


def questions() -> pd.DataFrame:
    """List every question: id, exercise set, title, kind and points.

    Imports every ``coursekit.checks.setNN`` module first.

    Returns
    -------
    pandas.DataFrame
        Columns ``question_id``, ``exercise_set``, ``title``, ``kind``, ``points``,
        sorted by id (``01.2`` before ``01.10``), with a default RangeIndex.

    Examples
    --------
    >>> table = questions()
    >>> list(table.columns)
    ['question_id', 'exercise_set', 'title', 'kind', 'points']
    """
    import pandas as pd

    load_question_sets()
    rows = [
        {
            "question_id": q.id,
            "exercise_set": q.exercise_set,
            "title": q.title,
            "kind": q.kind,
            "points": q.points,
        }
        for q in sorted(_REGISTRY.values(), key=lambda q: _sort_key(q.id))
    ]
    columns = ["question_id", "exercise_set", "title", "kind", "points"]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"points": "float64"})


# --------------------------------------------------------------------------- normalising


_STRIP_CHARS = string.punctuation + string.whitespace + "“”‘’«»„‚…–—·"


def normalise_text(text: str) -> str:
    """Normalise text for comparison.

    Unicode NFKC, casefold, collapse runs of whitespace, strip surrounding
    whitespace and punctuation (including typographic quotes).

    Examples
    --------
    >>> normalise_text('  “Marriage   of Convenience.” ')
    'marriage of convenience'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = " ".join(text.split())
    return text.strip(_STRIP_CHARS)


_LETTER_EDGES = re.compile(r"^[\s(\[{]+|[\s)\]}.:;,]+$")


def _letter(value: Any) -> str:
    return _LETTER_EDGES.sub("", str(value)).casefold()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _is_missing(answer: Any) -> bool:
    if answer is Ellipsis or answer is None:
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


def _type_name(value: Any) -> str:
    return type(value).__name__


# --------------------------------------------------------------------------- comparators
#
# A comparator takes (answer, expected, question) and returns (equal, detail):
# detail is a short, safe explanation of a structural mismatch ("" when none).
# Coercers turn an answer into the comparable form, or raise _WrongType.


class _WrongType(Exception):
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
    elif _type_name(value) in {"Series", "DataFrame", "ndarray", "Index"}:
        size = getattr(value, "size", None)
        if size == 1:
            tip = "it holds one value: take it out with .item()"
        else:
            tip = f"it holds {size} values; the answer is a single number"
    raise _WrongType(tip)


def _coerce_string(value: Any, q: Question) -> str:
    if isinstance(value, str):
        return normalise_text(value) if q.normalise else str(value)
    raise _WrongType("put the text in quotes" if _is_number(value) else "")


def _norm_item(item: Any, q: Question) -> Any:
    item = _py_scalar(item)
    if isinstance(item, str) and q.normalise:
        return normalise_text(item)
    if isinstance(item, list | tuple):
        return tuple(_norm_item(x, q) for x in item)
    return item


def _coerce_items(value: Any, q: Question) -> list[Any]:
    if _is_missing(value):  # pragma: no cover - handled before coercion
        raise _WrongType("")
    if isinstance(value, str | bytes):
        raise _WrongType("put the items in a list, e.g. ['a', 'b']")
    if isinstance(value, Mapping):
        raise _WrongType("a dict is not a collection of answers; use list(d) or d.values()")
    if _type_name(value) == "DataFrame":
        raise _WrongType("take one column of the table, e.g. df['name']")
    if not isinstance(value, Iterable):
        raise _WrongType("")
    if _type_name(value) == "ndarray" and getattr(value, "ndim", 1) != 1:
        raise _WrongType("expected a flat, one-dimensional collection")
    return [_norm_item(x, q) for x in value]


def _items_equal(a: Any, b: Any, q: Question) -> bool:
    if _is_number(a) and _is_number(b):
        return math.isclose(a, b, rel_tol=q.rel_tolerance, abs_tol=q.tolerance)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_items_equal(x, y, q) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - ambiguous truth values etc. are "not equal"
        return False


def _dedupe(items: list[Any], q: Question) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if not any(_items_equal(item, seen, q) for seen in out):
            out.append(item)
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


def _compare_number(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    a = _coerce_number(answer, q)
    b = _py_scalar(expected)
    return math.isclose(a, b, rel_tol=q.rel_tolerance, abs_tol=q.tolerance), ""


def _compare_string(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    a = _coerce_string(answer, q)
    b = normalise_text(str(expected)) if q.normalise else str(expected)
    return a == b, ""


def _compare_set(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    a = _dedupe(_coerce_items(answer, q), q)
    b = _dedupe([_norm_item(x, q) for x in expected], q)
    if len(a) != len(b):
        return False, f"you have {_count(len(a), 'distinct item')}; the answer has {len(b)}"
    return _multiset_equal(a, b, q), ""


def _compare_list(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    a = _coerce_items(answer, q)
    b = [_norm_item(x, q) for x in expected]
    if len(a) != len(b):
        return False, f"you have {_count(len(a), 'item')}; the answer has {len(b)}"
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
        "rtol": q.rel_tolerance,
        "atol": q.tolerance,
    }


def _coerce_series(value: Any, q: Question) -> pd.Series:
    import pandas as pd

    if isinstance(value, pd.Series):
        return value
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            return value.iloc[:, 0]
        raise _WrongType("select one column, e.g. df['name']")
    if isinstance(value, Mapping):
        return pd.Series(dict(value))
    raise _WrongType("")


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


def _compare_series(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    import pandas as pd

    a = _coerce_series(answer, q)
    b = _coerce_series(expected, q)
    if len(a) != len(b):
        return False, f"your Series has {_count(len(a), 'value')}; the answer has {len(b)}"
    a, b = _prepare_series(a, q), _prepare_series(b, q)
    if q.check_index and not q.ordered:
        if set(map(str, a.index)) != set(map(str, b.index)):
            return False, "the index labels differ from the answer's"
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


def _compare_dataframe(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        tip = (
            "turn it into a table with .to_frame() or .reset_index()"
            if isinstance(answer, pd.Series)
            else ""
        )
        raise _WrongType(tip)
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
        return False, f"your table has {_count(len(a), 'row')}; the answer has {len(b)}"
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
    letter = _letter(value)
    if letter in q.choices:
        return letter
    text = normalise_text(str(value))
    for key, choice_text in q.choices.items():
        if normalise_text(choice_text) == text:
            return key
    return None


def _compare_choice(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
    if not isinstance(answer, str):
        raise _WrongType("")
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


_COMPARATORS: dict[str, Callable[[Any, Any, Question], tuple[bool, str]]] = {
    "number": _compare_number,
    "string": _compare_string,
    "set": _compare_set,
    "list": _compare_list,
    "sequence": _compare_list,
    "series": _compare_series,
    "dataframe": _compare_dataframe,
    "choice": _compare_choice,
}


# --------------------------------------------------------------------------- check


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _emit(marker_key: Any, question_id: str, message: str) -> None:
    line = f"{_MARKERS[marker_key]} {question_id} {message}"
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        line.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        line = f"{_ASCII_MARKERS[marker_key]} {question_id} {message}"
        line = line.encode(encoding, errors="replace").decode(encoding, errors="replace")
    print(line)


def _finish(question_id: str, passed: bool | None, message: str, max_points: float) -> Result:
    return Result(
        question_id=question_id,
        passed=passed,
        message=_one_line(message),
        points=max_points if passed else 0.0,
        max_points=max_points,
    )


def _error_text(exc: BaseException) -> str:
    text = _one_line(str(exc), 160)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _close_matches(question_id: str) -> list[str]:
    try:
        load_question_sets()
    except Exception:  # noqa: BLE001 - check() never raises; a broken set is ignored here
        pass
    return difflib.get_close_matches(str(question_id), sorted(_REGISTRY, key=_sort_key), n=3)


def check(question_id: str, answer: Any) -> Result:
    """Check an answer, print a one-line verdict and return a :class:`Result`.

    Never raises: unknown ids, unanswered questions, wrong types, answers that
    break the comparison and broken reference computations all become a verdict.

    Every call also records the answer as plain data (:func:`coursekit.checks.wire.record`).
    While a submission is graded (``COURSEKIT_GRADING=1``), that is all it does: it
    prints ``recorded <id> for grading`` and returns a Result whose ``passed`` is None;
    the grader judges the recorded answers itself (:mod:`coursekit.grade.judge`).

    Parameters
    ----------
    question_id : str
        The question, e.g. ``"01.3"``.
    answer : object
        Your answer. Leave it as ``...`` until you have one.

    Returns
    -------
    Result
        ``passed`` is True, False, or None (not answered yet / written answer).

    Examples
    --------
    >>> _ = register(Question(id="99.5", title="Odd one", kind="choice",
    ...                       choices={"a": "Iran", "b": "Russia", "c": "Norway"},
    ...                       reference=lambda: "c"))
    >>> check("99.5", "C)").passed
    ✅ 99.5 correct
    True
    >>> check("99.5", 3).message
    ❌ 99.5 expected the letter of one choice as a string, e.g. "b", got int
    'expected the letter of one choice as a string, e.g. "b", got int'
    >>> unregister("99.5")
    """
    qid = str(question_id).strip()
    wire.record(qid, answer)
    if wire.grading():
        print(f"recorded {qid} for grading")
        result = Result(qid, None, "recorded for grading")
    else:
        result = evaluate(qid, answer)
        written = result.passed is None and result.message == WRITTEN
        _emit("written" if written else result.passed, qid, result.message)
    RESULTS.append(result)
    return result


def evaluate(question_id: str, answer: Any) -> Result:
    """Judge an answer without printing or recording anything: :func:`check`'s verdict.

    The grader calls it on the answers a submission recorded
    (:mod:`coursekit.grade.judge`).

    Examples
    --------
    >>> _ = register(Question(id="99.6", title="t", kind="number", reference=lambda: 1813))
    >>> evaluate("99.6", 1813)
    Result('99.6', passed=True, points=1/1, message='correct')
    >>> evaluate("99.6", 1828).passed
    False
    >>> unregister("99.6")
    """
    qid = str(question_id).strip()
    # 1. find the question
    try:
        question = get_question(qid)
    except KeyError:
        close = _close_matches(str(qid))
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else ("; ids look like '01.3' (see coursekit.questions())")
        )
        return _finish(str(qid), False, f"unknown question id {qid!r}{hint}", 0.0)
    except Exception as exc:  # noqa: BLE001 - a broken question module
        return _finish(str(qid), False, f"{REFERENCE_FAILED} ({_error_text(exc)})", 0.0)

    points = question.points
    # 2. not answered yet
    if _is_missing(answer):
        return _finish(qid, None, NOT_ANSWERED, points)
    # 3. written answers are graded by the instructor
    if question.kind == "written":
        if not isinstance(answer, str):
            return _finish(
                qid, False, f"expected {question.expected_type}, got {_type_name(answer)}", points
            )
        return _finish(qid, None, WRITTEN, points)
    # 4. the reference
    try:
        expected = question.expected()
    except Exception as exc:  # noqa: BLE001
        return _finish(qid, False, f"{REFERENCE_FAILED} ({_error_text(exc)})", points)
    compare = _COMPARATORS[question.kind]
    # 5. compare
    try:
        equal, detail = compare(answer, expected, question)
    except _WrongType as exc:
        hint = _match_wrong(question, answer, wrong_type=True)
        if hint is not None:
            return _finish(qid, False, f"not quite: {hint}", points)
        tip = f" ({exc.args[0]})" if exc.args and exc.args[0] else ""
        message = f"expected {question.expected_type}, got {_type_name(answer)}{tip}"
        return _finish(qid, False, message, points)
    except Exception as exc:  # noqa: BLE001
        return _finish(qid, False, f"could not check this answer: {_error_text(exc)}", points)
    if equal:
        message = "correct" + (f" — {question.success}" if question.success else "")
        return _finish(qid, True, message, points)
    # 6. known wrong answers, then the generic hint
    hint = _match_wrong(question, answer, wrong_type=False)
    if hint is None:
        hint = "; ".join(p for p in (detail, question.hint) if p) or DEFAULT_HINT
    return _finish(qid, False, f"not quite: {hint}", points)


def _match_wrong(question: Question, answer: Any, *, wrong_type: bool) -> str | None:
    compare = _COMPARATORS.get(question.kind)
    for i, w in enumerate(question.wrong):
        try:
            if w.is_predicate:
                if (w.any_type or not wrong_type) and bool(w.match(answer)):
                    return w.hint
            elif not wrong_type and compare is not None:
                if compare(answer, question._wrong_value(i, w), question)[0]:
                    return w.hint
        except Exception:  # noqa: BLE001 - a wrong-answer test that cannot apply
            continue
    return None


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
    >>> events_with("F17")[["date", "actor_source", "actor_target"]]
             date actor_source actor_target
    99 2018-08-01       russia       israel
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
