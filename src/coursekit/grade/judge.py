"""Judge a submission's recorded answers in the grader's own process.

A graded notebook's kernel only *reports* what each ``check(question_id, answer)`` call
was given, as plain data (:mod:`coursekit.checks.wire`). :func:`judge` decodes those
answers and runs the same check engine (:func:`coursekit.checks.core.evaluate`, with
its hints) on them here, in a process the submission never touched. Nothing the kernel
computed or printed becomes a verdict, a message or points: a submission that patches
the engine, forges results or answers with objects that compare equal to everything
earns exactly what its answer values earn.

Examples
--------
>>> from coursekit.checks import Question, register
>>> from coursekit.checks.core import unregister
>>> from coursekit.checks.wire import encode
>>> _ = register(Question(id="97.1", title="Gulistan", kind="number",
...                       reference=lambda: 1813, points=2))
>>> rows = judge([{"id": "97.1", "answer": encode(1828), "error": None},
...               {"id": "97.1", "answer": encode(1813), "error": None}], "97")
>>> [(r["question_id"], r["outcome"], r["points"]) for r in rows]
[('97.1', 'passed', 2.0)]
>>> unregister("97.1")
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

# MAX_SET_ITEMS is re-exported: the rule lives in the engine, which applies it in evaluate()
from ..checks.core import MAX_SET_ITEMS, NOT_ANSWERED, evaluate
from ..checks.wire import WireError, decode

__all__ = ["MAX_SET_ITEMS", "OUTCOMES", "judge", "question_table"]

#: The outcomes a question can have (``gradebook_details.csv``'s ``outcome`` column).
OUTCOMES: tuple[str, ...] = ("passed", "failed", "not answered", "written", "error")



def question_table(exercise_set: str) -> pd.DataFrame:
    """The graded questions of one exercise set: ``question_id``, ``title``, ``kind``, ``points``.

    Practice questions (``"NN.pK"``, inside the lessons) are left out: they are never graded.

    Examples
    --------
    >>> list(question_table("01").columns)
    ['question_id', 'exercise_set', 'title', 'kind', 'points']
    """
    from ..checks.core import questions

    table = questions()
    keep = (table["exercise_set"] == exercise_set) & ~table["practice"]
    return table[keep].drop(columns="practice").reset_index(drop=True)


def judge(
    records: Iterable[Mapping[str, Any]],
    exercise_set: str,
    *,
    table: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """Judge recorded answers: one outcome per question of ``exercise_set``, in order.

    Parameters
    ----------
    records : iterable of dict
        ``{"id", "answer", "error"}`` as reported by the kernel
        (:func:`coursekit.checks.wire.parse_report`); the last record of a question
        counts. Records of questions outside the set are ignored.
    exercise_set : str
        The set being graded, e.g. ``"01"``.
    table : pandas.DataFrame, optional
        The set's questions, as :func:`question_table` returns them (computed if omitted).

    Returns
    -------
    list of dict
        ``question_id``, ``title``, ``kind``, ``outcome`` (one of :data:`OUTCOMES`),
        ``points`` (NaN for written questions, which the instructor grades),
        ``max_points`` and ``message`` (the check's own feedback).

    Examples
    --------
    >>> from coursekit.checks.wire import encode
    >>> rows = judge([{"id": "01.1", "answer": None,
    ...                "error": "answer of type Sneaky cannot be graded"}], "01")
    >>> rows[0]["outcome"], rows[0]["points"], rows[0]["message"]
    ('failed', 0.0, 'answer of type Sneaky cannot be graded')
    >>> rows[1]["outcome"], rows[1]["message"]
    ('not answered', 'no check("01.2", …) ran')
    """
    if table is None:
        table = question_table(exercise_set)
    last: dict[str, Mapping[str, Any]] = {}
    for rec in records:
        last[str(rec.get("id"))] = rec  # the last check of a question wins
    rows = []
    for q in table.itertuples(index=False):
        outcome, points, message = _judge_one(q.question_id, q.kind, float(q.points),
                                              last.get(q.question_id))
        if q.kind == "written":
            points = math.nan  # the instructor grades written answers
        rows.append({
            "question_id": q.question_id,
            "title": q.title,
            "kind": q.kind,
            "outcome": outcome,
            "points": points,
            "max_points": float(q.points),
            "message": message,
        })
    return rows


def _judge_one(
    qid: str, kind: str, max_points: float, rec: Mapping[str, Any] | None
) -> tuple[str, float, str]:
    if rec is None:
        return "not answered", 0.0, f'no check("{qid}", …) ran'
    if rec.get("answer") is None:
        return "failed", 0.0, str(rec.get("error") or "the answer could not be read")
    try:
        value = decode(rec["answer"])
    except WireError as exc:
        return "error", 0.0, f"the grader could not read this answer ({exc})"
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = evaluate(qid, value)
    except Exception as exc:  # noqa: BLE001 - evaluate never raises; keep every row anyway
        return "error", 0.0, f"the grader could not check this answer ({type(exc).__name__})"
    if result.passed is True:
        return "passed", max_points, result.message
    if result.passed is False:
        return "failed", 0.0, result.message
    if kind == "written" and not result.message.startswith("not answered"):
        return "written", math.nan, result.message  # recorded, with its word count
    return "not answered", 0.0, result.message or NOT_ANSWERED
