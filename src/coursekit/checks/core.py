"""The exercise check engine: :func:`check`, :func:`evaluate`, :class:`Result` and the results log.

:func:`check` compares a learner's answer with a question's reference, prints exactly
one deterministic line and returns a :class:`Result`. It never raises: unknown ids,
wrong types, answers that break the comparison and broken reference computations are
all reported as a verdict. :func:`evaluate` gives the same verdict silently (the grader
uses it).

The engine is spread over small modules, and this one re-exports what question
modules, lessons and the grader import from ``coursekit.checks.core``:

* :mod:`coursekit.checks.registry`: :class:`Question`, :class:`Wrong`,
  :class:`QuestionSet`, :func:`register` and the loading of ``setNN`` modules;
* :mod:`coursekit.checks.compare`: the comparator for each kind of answer;
* :mod:`coursekit.checks.guard`: :func:`require` and :func:`events_with`, which guard
  references against data corrections;
* :mod:`coursekit.checks.text`: the question-id pattern and small text helpers.

Over 500 lines: :func:`evaluate` is the one place where every answer, hostile ones
included, becomes a verdict (the grader's size limits, not answered, written, the
reference, the comparison, the hints), and :func:`check` the one place where the live
verdict is held to what the grader would give; they are read with the :class:`Result`
they return, and about half the lines are docstrings.

Examples
--------
>>> from coursekit.checks.core import Question, Wrong, check, register, unregister
>>> _ = register(Question(
...     id="99.1", title="Pairs of actors", kind="number",
...     reference=lambda: 17 * 16 // 2,
...     wrong=[Wrong(17 * 16, "each pair counts once: divide by two")],
... ))
>>> check("99.1", 136).passed
Correct · 99.1
True
>>> check("99.1", 272).message
Not yet · 99.1 · each pair counts once: divide by two
'not quite: each pair counts once: divide by two'
>>> check("99.1", ...).passed is None
Not answered · 99.1 · replace ... with your answer
True
>>> evaluate("99.1", None).message.startswith("not quite: got None: ")
True
>>> unregister("99.1")
"""

from __future__ import annotations

import difflib
import itertools
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coursekit.checks import wire
from coursekit.checks.compare import (
    COMPARATORS,
    NOT_RUN,
    WrongType,
    compare_number,
    is_missing,
    type_name,
)
from coursekit.checks.guard import events_with, require
from coursekit.checks.nearmiss import detect
from coursekit.checks.registry import (
    KINDS,
    Question,
    QuestionSet,
    Wrong,
    get_question,
    load_question_sets,
    question_ids,
    questions,
    register,
    unregister,
)
from coursekit.checks.text import count_of, count_words, format_points, normalise_text, shorten

__all__ = [
    "DEFAULT_HINT",
    "KINDS",
    "MAX_ITEMS",
    "MAX_SET_ITEMS",
    "MAX_TEXT",
    "NONE_HINT",
    "NOT_ANSWERED",
    "NOT_RUN",
    "NOT_RUN_MESSAGE",
    "REFERENCE_FAILED",
    "RESULTS",
    "STATUS_WORDS",
    "WRITTEN",
    "WRITTEN_NOT_ANSWERED",
    "written_verdict",
    "Question",
    "QuestionSet",
    "Result",
    "Wrong",
    "check",
    "evaluate",
    "events_with",
    "get_question",
    "load_question_sets",
    "normalise_text",
    "questions",
    "register",
    "require",
    "reset_results",
    "results",
    "unregister",
    "verdict_line",
]

NOT_ANSWERED = "not answered: replace ... with your answer"
#: The verdict for :data:`NOT_RUN`: the check cell ran before its answer cell.
NOT_RUN_MESSAGE = "not answered: run the answer cell above first"
WRITTEN = (
    "recorded: your instructor grades this; compare with the model answer in the solutions"
)
#: The verdict for a written answer still as the template left it (blank).
WRITTEN_NOT_ANSWERED = "not answered: write your answer between the triple quotes"
#: The hint for ``None`` given to a number question (after "got None: "), unless the
#: question's ``none_hint`` says what None means there. ``None`` is an answer, and a wrong
#: one: only ``...`` and a cell not run are "not answered".
NONE_HINT = ("a call that finds nothing, or returns nothing, gives None; assign the number "
             "itself")
REFERENCE_FAILED = "the check itself failed — please tell your instructor"
DEFAULT_HINT = "compare your answer with the question and try again."

#: The word a verdict line starts with, by ``Result.passed`` ("written": a written answer
#: recorded for the instructor). Words, not emoji: they read the same in every font, in a
#: screen reader and in a plain-text log.
STATUS_WORDS: dict[Any, str] = {
    True: "Correct",
    False: "Not yet",
    None: "Not answered",
    "written": "Recorded",
}
#: What a message starts with that its status word already says.
_SAID_BY_THE_WORD = ("correct — ", "correct", "not quite: ", "not answered: ", "recorded: ",
                     "not yet: ")

# The dispatch table and the number comparator, under the names the engine has always
# had: a graded notebook that patches them here changes only its own kernel, never a
# grade (tests/test_hostile_values.py runs such notebooks).
_COMPARATORS = COMPARATORS
_compare_number = compare_number


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
            f"points={format_points(self.points)}/{format_points(self.max_points)}, "
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


# --------------------------------------------------------------------------- check


def verdict_line(marker_key: Any, question_id: str, message: str) -> str:
    """The line :func:`check` prints: the status word first, then the id and the detail.

    Parts are separated by ``·``; what the status word already says ("not quite:",
    "correct") is not repeated.

    Examples
    --------
    >>> verdict_line(True, "01.1", "correct")
    'Correct · 01.1'
    >>> verdict_line(False, "01.1", "not quite: count each pair once")
    'Not yet · 01.1 · count each pair once'
    >>> verdict_line(None, "01.1", "not answered: run the answer cell above first")
    'Not answered · 01.1 · run the answer cell above first'
    """
    detail = message
    for said in _SAID_BY_THE_WORD:
        if detail.startswith(said):
            detail = detail[len(said) :]
            break
    parts = [STATUS_WORDS[marker_key], question_id] + ([detail] if detail else [])
    return " · ".join(parts)


def _emit(marker_key: Any, question_id: str, message: str) -> None:
    line = verdict_line(marker_key, question_id, message)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        line.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        line = line.replace(" · ", " - ")
        line = line.encode(encoding, errors="replace").decode(encoding, errors="replace")
    print(line)


def _finish(question_id: str, passed: bool | None, message: str, max_points: float) -> Result:
    return Result(
        question_id=question_id,
        passed=passed,
        message=shorten(message),
        points=max_points if passed else 0.0,
        max_points=max_points,
    )


def _error_text(exc: BaseException) -> str:
    text = shorten(str(exc), 160)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _close_matches(question_id: str) -> list[str]:
    try:
        load_question_sets()
    except Exception:  # noqa: BLE001 - check() never raises; a broken set is ignored here
        pass
    return difflib.get_close_matches(str(question_id), question_ids(), n=3)


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
    Correct · 99.5
    True
    >>> check("99.5", 3).message
    Not yet · 99.5 · expected the letter of one choice as a string, e.g. "b", got int
    'expected the letter of one choice as a string, e.g. "b", got int'
    >>> unregister("99.5")
    """
    qid = _question_id(question_id)
    entry = wire.record(qid, answer)
    if wire.grading():
        print(f"recorded {qid} for grading")
        result = Result(qid, None, "recorded for grading")
    else:
        result = evaluate(qid, answer)
        if result.passed is True and entry["error"]:
            # what the grader would give: an answer it cannot read earns nothing there,
            # so a "Correct" here would be a promise the grade does not keep (a generator,
            # a networkx view, a Fraction, or an object whose == always says True)
            result = _finish(qid, False, f"not quite: {entry['error']}", result.max_points)
        marker: Any = result.passed
        if result.passed is None and result.message.startswith("recorded: "):
            marker = "written"  # within its word range or outside it: recorded either way
        _emit(marker, qid, result.message)
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
    qid = _question_id(question_id)
    try:
        return _evaluate(qid, answer)
    except Exception as exc:  # noqa: BLE001 - an answer whose own methods raise (e.g. a str
        # subclass whose .strip() fails) gets a verdict, never a traceback
        try:
            points = get_question(qid).points
        except Exception:  # noqa: BLE001
            points = 0.0
        return _finish(qid, False, f"could not check this answer: {_error_text(exc)}", points)


def _question_id(question_id: Any) -> str:
    try:
        return str(question_id).strip()
    except Exception:  # noqa: BLE001 - an id whose __str__ raises
        return "?"


#: The most values a collection answer may hold, and characters a text: the grader's
#: limits (:data:`coursekit.checks.wire.MAX_ITEMS`, :data:`~coursekit.checks.wire.MAX_TEXT`),
#: so that the check never takes longer than the grader would, nor hangs on an endless
#: iterator.
MAX_ITEMS = wire.MAX_ITEMS
MAX_TEXT = wire.MAX_TEXT
#: A ``set`` answer may hold this many items, or 20 times as many as the reference: the
#: set comparison takes time that grows with the square of the size, and no honest answer
#: comes close. The grader judges through :func:`evaluate`, so this one rule serves both.
MAX_SET_ITEMS = 1_000


def _bounded(answer: Any) -> tuple[Any, str]:
    """The answer, with an iterator read into a list (at most MAX_ITEMS + 1 items), and
    why it is too large to check ("" when it is not)."""
    if isinstance(answer, str):
        if len(answer) > MAX_TEXT:
            return answer, f"too large to check: more than {MAX_TEXT:,} characters"
        return answer, ""
    size = None
    if hasattr(type(answer), "__len__"):
        try:
            size = len(answer)
        except OverflowError:
            size = MAX_ITEMS + 1
        except Exception:  # noqa: BLE001 - the comparison reports an answer that cannot be read
            return answer, ""
    elif isinstance(answer, Iterable) and not isinstance(answer, bytes | Mapping):
        try:
            items = list(itertools.islice(answer, MAX_ITEMS + 1))
        except Exception:  # noqa: BLE001 - the comparison reports it
            return answer, ""
        answer, size = items, len(items)
    if size is not None and size > MAX_ITEMS:
        return answer, f"too large to check: more than {MAX_ITEMS:,} values"
    return answer, ""


def _evaluate(qid: str, answer: Any) -> Result:
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
    # 2. not answered yet (the answer cell not run, or still ``...``)
    if answer is NOT_RUN:
        return _finish(qid, None, NOT_RUN_MESSAGE, points)
    if answer is None and question.kind == "number":
        # e.g. flip_points(w)[c] when no weight flips the verdict: an answer, and a wrong
        # one; "replace ... with your answer" would send the learner the wrong way
        return _finish(qid, False, f"not quite: got None: {question.none_hint or NONE_HINT}",
                       points)
    if is_missing(answer):
        missing = WRITTEN_NOT_ANSWERED if question.kind == "written" else NOT_ANSWERED
        return _finish(qid, None, missing, points)
    shown = type_name(answer)
    answer, too_large = _bounded(answer)
    if too_large:
        return _finish(qid, False, f"expected {question.expected_type}, got {shown} ({too_large})",
                       points)
    # 3. written answers are graded by the instructor; the check counts their words
    if question.kind == "written":
        if not isinstance(answer, str):
            return _finish(
                qid, False, f"expected {question.expected_type}, got {shown}", points
            )
        return _finish(qid, None, written_verdict(answer, question.word_limits()), points)
    # 4. the reference
    try:
        expected = question.expected()
    except Exception as exc:  # noqa: BLE001
        return _finish(qid, False, f"{REFERENCE_FAILED} ({_error_text(exc)})", points)
    compare = COMPARATORS[question.kind]
    if question.kind == "set" and not isinstance(answer, str | Mapping):
        try:
            n, m = len(answer), len(expected)
        except Exception:  # noqa: BLE001 - the comparison reports it
            n = m = 0
        if n > max(MAX_SET_ITEMS, 20 * m):
            return _finish(qid, False, f"not quite: your collection has {n:,} items; "
                           f"the answer has {m}", points)
    # 5. compare
    try:
        equal, detail = compare(answer, expected, question)
    except WrongType as exc:
        # a near miss of form first (e.g. "2016" or a Timestamp for a year), then the
        # question's own hints for answers of the wrong type, then the type message
        found = detect(question, answer, expected)
        hint = None if found else _match_wrong(question, answer, wrong_type=True)
        if hint is not None:
            return _finish(qid, False, f"not quite: {hint}", points)
        tip = found or (exc.args[0] if exc.args else "")
        tip = f" ({tip})" if tip else ""
        message = f"expected {question.expected_type}, got {shown}{tip}"
        return _finish(qid, False, message, points)
    except Exception as exc:  # noqa: BLE001
        return _finish(qid, False, f"could not check this answer: {_error_text(exc)}", points)
    if equal:
        message = "correct" + (f" — {question.success}" if question.success else "")
        return _finish(qid, True, message, points)
    # 6. the wrong answers the question's author anticipated (their hints are the most
    # specific), then near misses of form (every question of a kind), then the generic hint
    hint = _match_wrong(question, answer, wrong_type=False)
    if hint is None:
        hint = detect(question, answer, expected)
    if hint is None:
        hint = "; ".join(p for p in (detail, question.hint) if p) or DEFAULT_HINT
    return _finish(qid, False, f"not quite: {hint}", points)


def written_verdict(text: str, limits: tuple[int, int] | None) -> str:
    """The verdict on a written answer: its word count against the question's range.

    Either way the answer is recorded for the instructor, who grades it, so the verdict
    starts "recorded: " (status word "Recorded") within the range, outside it and when
    the question has none; outside it, it says so and asks for a revision.

    Examples
    --------
    >>> written_verdict("one two three", (2, 5))
    'recorded: 3 words, within 2–5; your instructor grades it'
    >>> written_verdict("one", (2, 5))
    'recorded: 1 word, outside 2–5: revise it to fit the range; your instructor grades it'
    >>> written_verdict("one", None) == WRITTEN
    True
    """
    if limits is None:
        return WRITTEN
    n, (low, high) = count_words(text), limits
    counted = count_of(n, "word")
    if low <= n <= high:
        return f"recorded: {counted}, within {low}–{high}; your instructor grades it"
    return (
        f"recorded: {counted}, outside {low}–{high}: revise it to fit the range; "
        "your instructor grades it"
    )


def _match_wrong(question: Question, answer: Any, *, wrong_type: bool) -> str | None:
    compare = COMPARATORS.get(question.kind)
    for i, w in enumerate(question.wrong):
        try:
            if w.is_predicate:
                if (w.any_type or not wrong_type) and bool(w.match(answer)):
                    return w.hint
            elif not wrong_type and compare is not None:
                if compare(answer, question.wrong_value(i, w), question)[0]:
                    return w.hint
        except Exception:  # noqa: BLE001 - a wrong-answer test that cannot apply
            continue
    return None
