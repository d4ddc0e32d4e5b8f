"""Questions and their registry: what a question is, and where :func:`check` finds it.

A *question* (:class:`Question`) knows how to compute its reference answer from
coursekit's data (lazily, cached after the first call), which *kind* of answer it
expects, and which wrong answers learners are likely to give (:class:`Wrong`), each
with a hint. Question modules ``coursekit/checks/setNN.py`` declare
``QUESTIONS = QuestionSet()`` and add their questions, which registers them;
:func:`get_question` and :func:`questions` import those modules on demand.

Over 500 lines: :class:`Question` is the contract every set module writes to (its fields,
their defaults and their validation, documented field by field, tolerance and word-range
semantics included), next to the registry that holds the questions; about half the lines
are docstrings.

(The module is not called ``questions``: that name is the public function
:func:`coursekit.questions`, and a submodule of the same name would shadow it.)

Examples
--------
>>> q = register(Question(id="99.7", title="Pairs", kind="number", reference=lambda: 136))
>>> get_question("99.7").expected()
136
>>> unregister("99.7")
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

# DEFAULT_TOLERANCE (re-exported): a question that states none is equal up to float noise
from coursekit.checks.compare import DEFAULT_TOLERANCE
from coursekit.checks.text import QUESTION_ID, choice_letter, is_practice_id

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "DEFAULT_REL_TOLERANCE",
    "DEFAULT_TOLERANCE",
    "DEFAULT_TYPE_PHRASE",
    "KINDS",
    "Question",
    "QuestionSet",
    "Wrong",
    "get_question",
    "load_question_sets",
    "question_sort_key",
    "question_ids",
    "questions",
    "register",
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

#: The phrase in "expected <phrase>, got <type>" for each kind, unless a question has its own.
DEFAULT_TYPE_PHRASE: dict[str, str] = {
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

_SET_MODULE_RE = re.compile(r"^set\d\d$")

#: The relative tolerance of a question that states no tolerance and no precision.
DEFAULT_REL_TOLERANCE = 1e-6


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
        ``"<set>.<n>"``, e.g. ``"01.3"``; a practice question's id is
        ``"<set>.p<n>"``, e.g. ``"03.p1"``.
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
    tolerance : float, default 1e-9
        Numbers: "within ``tolerance``" of the reference, exactly as stated: the answer
        passes when ``abs(answer - reference) < tolerance`` ("within 1 km" of 227.7 is
        ``tolerance=1``: 228.6 passes, 228.7 does not), whatever floating point makes of
        the difference. Also used for numbers in collections and (as an inclusive bound)
        for numeric columns of series and dataframes.
    rel_tolerance : float, optional
        A relative tolerance, ``abs(answer - reference) <= rel_tolerance * abs(reference)``
        (the larger of the two allowances applies). Defaults to 1e-6 when the question
        states neither ``tolerance`` nor ``precision``, else to 0, so a stated
        tolerance is never silently widened.
    precision : int, optional
        "Give the answer to ``precision`` decimals": the answer passes when
        ``abs(answer - reference) <= 0.5 * 10**-precision`` (``precision=1``: 0.05), so the
        correctly rounded answer and any more precise one pass, and an answer rounded
        more coarsely fails with a hint that names the rounding. Sets ``tolerance`` to
        that half unit. Do not give both ``precision`` and ``tolerance``.
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
    words : tuple of (int, int), optional
        For ``kind="written"``: the word range the question asks for, e.g. ``(100, 150)``.
        The check counts the answer's words (:func:`~coursekit.checks.text.count_words`)
        and says whether they are within it; the builder writes it into the answer
        cell's template. If omitted, the set module's ``WORDS`` is used, if it has one.
    practice : bool, default False
        A practice question inside a lesson (id ``"NN.pK"``): checked like any other,
        worth 0 points, never graded (the grader, gradebook and judge skip it). An id
        ``"NN.pK"`` makes a question a practice question; ``practice=True`` needs one.
    none_hint : str, optional
        For ``kind="number"``: what an answer of ``None`` means here, e.g. that
        ``flip_points`` gives None when no weight flips the verdict. ``None`` is an
        answer, and a wrong one (only ``...`` and a cell not run are "not answered");
        without ``none_hint`` it gets :data:`coursekit.checks.core.NONE_HINT`.

    Examples
    --------
    >>> q = Question(id="99.2", title="Capital", kind="string", reference=lambda: "Tehran")
    >>> q.exercise_set, q.points, q.expected_type
    ('99', 1.0, 'a piece of text (str)')
    >>> q.expected()
    'Tehran'
    >>> p = Question(id="99.p1", title="Try it", kind="number", reference=lambda: 1,
    ...              practice=True)
    >>> p.practice, p.points, p.exercise_set
    (True, 0.0, '99')
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
    tolerance: float = DEFAULT_TOLERANCE
    rel_tolerance: float | None = None
    precision: int | None = None
    words: tuple[int, int] | None = None
    choices: dict[str, str] | None = None
    expected_type: str = ""
    normalise: bool = True
    ordered: bool | None = None
    check_index: bool = False
    column_order: bool = False
    columns: tuple[str, ...] | None = None
    practice: bool = False
    none_hint: str = ""
    _cache: Any = field(default=_UNSET, init=False, repr=False)
    _wrong_cache: dict[int, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        m = QUESTION_ID.match(self.id)
        if not m:
            raise ValueError(f"question id {self.id!r} must look like '01.3' (<set>.<n>)")
        if self.kind not in KINDS:
            raise ValueError(f"question {self.id}: kind {self.kind!r} is not one of {KINDS}")
        if not callable(self.reference):
            raise TypeError(f"question {self.id}: reference must be a zero-argument callable")
        if not self.exercise_set:
            self.exercise_set = m.group(1)
        if is_practice_id(self.id):
            self.practice = True
        elif self.practice:
            raise ValueError(
                f"question {self.id}: a practice question's id looks like "
                f"'{m.group(1)}.p1' (<set>.p<n>)"
            )
        self.points = 0.0 if self.practice else float(self.points)
        if self.points < 0:
            raise ValueError(f"question {self.id}: points must be >= 0")
        self.wrong = [w if isinstance(w, Wrong) else Wrong(*w) for w in self.wrong]
        if self.kind == "choice":
            if not self.choices:
                raise ValueError(f"question {self.id}: a choice question needs choices")
            self.choices = {choice_letter(k): v for k, v in self.choices.items()}
        if not self.expected_type:
            self.expected_type = DEFAULT_TYPE_PHRASE[self.kind]
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
        if self.words is not None:
            low, high = (int(n) for n in self.words)
            if self.kind != "written" or not 0 < low <= high:
                raise ValueError(
                    f"question {self.id}: words=(low, high) is for written questions, "
                    "with 0 < low <= high"
                )
            self.words = (low, high)
        stated = self.tolerance != DEFAULT_TOLERANCE
        if self.precision is not None:
            if stated:
                raise ValueError(f"question {self.id}: give precision or tolerance, not both")
            if int(self.precision) != self.precision or self.precision < 0:
                raise ValueError(f"question {self.id}: precision is a number of decimals >= 0")
            self.precision = int(self.precision)
            # half a unit of the last decimal; the 1e-9 absorbs float noise in the reference
            self.tolerance = 0.5 * 10.0**-self.precision * (1 + 1e-9)
            stated = True
        if self.tolerance < 0:
            raise ValueError(f"question {self.id}: tolerance must be >= 0")
        if self.rel_tolerance is None:
            self.rel_tolerance = 0.0 if stated else DEFAULT_REL_TOLERANCE

    def word_limits(self) -> tuple[int, int] | None:
        """The word range of a written question: ``words``, else its set module's ``WORDS``.

        Examples
        --------
        >>> Question(id="99.8", title="Why?", kind="written", reference=lambda: "",
        ...          words=(80, 150)).word_limits()
        (80, 150)
        """
        if self.kind != "written":
            return None
        if self.words is not None:
            return self.words
        module = sys.modules.get(f"coursekit.checks.set{self.exercise_set}")
        limits = getattr(module, "WORDS", None)
        try:
            low, high = (int(n) for n in limits)  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return None
        return (low, high) if 0 < low <= high else None

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

    def wrong_value(self, i: int, w: Wrong) -> Any:
        """Return the value of ``w``, the ``i``-th known wrong answer (lazy ones cached)."""
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


def question_sort_key(question_id: str) -> tuple[int, int, int, str]:
    """Sort ids by set, then number (``01.2`` before ``01.10``); others go last.

    A set's practice questions (``01.p1``) come after its graded ones.

    Examples
    --------
    >>> sorted(["01.10", "x", "01.p1", "01.2"], key=question_sort_key)
    ['01.2', '01.10', '01.p1', 'x']
    """
    m = QUESTION_ID.match(question_id)
    if not m:
        return (10**6, 0, 0, question_id)
    number = m.group(2)
    return (int(m.group(1)), int(number.startswith("p")), int(number.lstrip("p")), "")


def question_ids() -> list[str]:
    """The ids of the questions registered so far, in order (sets are not imported).

    Examples
    --------
    >>> q = register(Question(id="99.8", title="t", kind="number", reference=lambda: 1))
    >>> "99.8" in question_ids()
    True
    >>> unregister("99.8")
    """
    return sorted(_REGISTRY, key=question_sort_key)


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
    m = QUESTION_ID.match(question_id)
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
    """List every question: id, exercise set, title, kind, points and practice.

    Imports every ``coursekit.checks.setNN`` module first. Practice questions (ids
    ``"NN.pK"``, inside the lessons) are listed after their set's graded questions,
    with ``practice`` True and 0 points; they are never graded.

    Returns
    -------
    pandas.DataFrame
        Columns ``question_id``, ``exercise_set``, ``title``, ``kind``, ``points``,
        ``practice``, sorted by id (``01.2`` before ``01.10``, practice last), with a
        default RangeIndex.

    Examples
    --------
    >>> table = questions()
    >>> list(table.columns)
    ['question_id', 'exercise_set', 'title', 'kind', 'points', 'practice']
    >>> graded = table[~table["practice"]]
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
            "practice": q.practice,
        }
        for q in sorted(_REGISTRY.values(), key=lambda q: question_sort_key(q.id))
    ]
    columns = ["question_id", "exercise_set", "title", "kind", "points", "practice"]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"points": "float64", "practice": "bool"})


