"""Exercise checks: ``check(question_id, answer)`` gives instant, specific feedback.

Each exercise set registers its questions in a module ``coursekit.checks.setNN``;
those modules are imported on demand, so importing this package is cheap (no
matplotlib, no ipywidgets, no pandas until a check needs it).

How the package is built
------------------------
* ``setNN.py``: one exercise set each; a question is defined there, as a
  :class:`Question` with its reference computed from coursekit's data and the
  :class:`Wrong` answers learners are likely to give, each with a hint. Its pins (the
  reference values the tests expect) are in ``tests/question_pins.py``.
* :mod:`~coursekit.checks.registry`: :class:`Question`, :class:`Wrong` and the registry
  that :func:`check` looks ids up in (a set module is imported on its first id).
* :mod:`~coursekit.checks.core`: :func:`check` and ``evaluate`` (one verdict line, never
  an exception) and the results log (:func:`results`).
* :mod:`~coursekit.checks.compare`: one comparator per kind of answer.
* :mod:`~coursekit.checks.guard`: ``require``, which makes a reference fail loudly when
  the data stop supporting it.
* :mod:`~coursekit.checks.text`: the question-id pattern, points and shortened text,
  shared with the grader.
* :mod:`~coursekit.checks.wire`: what the grader's kernels send back (see its docstring).

Examples
--------
>>> from coursekit.checks import Question, Wrong, check, register
>>> from coursekit.checks.core import unregister
>>> _ = register(Question(id="99.9", title="Gulistan", kind="number",
...                       reference=lambda: 1813,
...                       wrong=[Wrong(1828, "1828 is Turkmenchay; Gulistan came first")]))
>>> check("99.9", 1828).passed
Not yet · 99.9 · 1828 is Turkmenchay; Gulistan came first
False
>>> unregister("99.9")
"""

from coursekit.checks.core import (
    NOT_RUN,
    Question,
    Result,
    Wrong,
    check,
    questions,
    register,
    reset_results,
    results,
)

__all__ = [
    "NOT_RUN",
    "check",
    "questions",
    "Question",
    "Wrong",
    "Result",
    "register",
    "results",
    "reset_results",
]
