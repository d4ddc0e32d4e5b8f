"""Exercise checks: ``check(question_id, answer)`` gives instant, specific feedback.

Each exercise set registers its questions in a module ``coursekit.checks.setNN``;
those modules are imported on demand, so importing this package is cheap (no
matplotlib, no ipywidgets, no pandas until a check needs it).

Examples
--------
>>> from coursekit.checks import Question, Wrong, check, register
>>> from coursekit.checks.core import unregister
>>> _ = register(Question(id="99.9", title="Gulistan", kind="number",
...                       reference=lambda: 1813,
...                       wrong=[Wrong(1828, "1828 is Turkmenchay; Gulistan came first")]))
>>> check("99.9", 1828).passed
❌ 99.9 not quite: 1828 is Turkmenchay; Gulistan came first
False
>>> unregister("99.9")
"""

from coursekit.checks.core import (
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
    "check",
    "questions",
    "Question",
    "Wrong",
    "Result",
    "register",
    "results",
    "reset_results",
]
