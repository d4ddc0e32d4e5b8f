"""Multiple-choice questions with immediate, explained feedback.

The questions themselves are package data (``coursekit/data/quizzes.json``, read with
:mod:`importlib.resources`): :func:`load_quiz` returns one, :func:`quiz` shows it (the
Il-20M question by default), :func:`quiz_from_dict` builds one from your own dict, and
:func:`quiz_feedback` is the pure function behind the feedback.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

import ipywidgets as widgets

from .._validate import check_choice
from .container import CourseWidget
from .markup import esc
from .views import View

__all__ = ["load_quiz", "quiz", "quiz_feedback", "quiz_from_dict", "quiz_names"]

#: The keys of a quiz dict.
QUIZ_KEYS = ("question", "choices", "answer", "explanations")


@functools.cache
def _quizzes() -> dict[str, dict[str, Any]]:
    text = files("coursekit").joinpath("data", "quizzes.json").read_text(encoding="utf-8")
    return {name: spec for name, spec in json.loads(text).items() if not name.startswith("$")}


def quiz_names() -> list[str]:
    """The names of the questions in ``quizzes.json``.

    Examples
    --------
    >>> "il20" in quiz_names()
    True
    """
    return list(_quizzes())


def load_quiz(name: str = "il20") -> dict[str, Any]:
    """One question from ``quizzes.json``: a new dict with question, choices, answer, explanations.

    Examples
    --------
    >>> spec = load_quiz("il20")
    >>> spec["answer"], sorted(spec["choices"])
    ('b', ['a', 'b', 'c', 'd'])
    """
    check_choice(name, quiz_names(), "quiz name")
    return json.loads(json.dumps(_quizzes()[name]))  # a deep copy: callers may change it


def quiz_feedback(
    selected: str | None,
    answer: str,
    choices: Mapping[str, str],
    explanations: Mapping[str, str] | None = None,
) -> View:
    """Feedback on one multiple-choice answer: right or wrong, and why.

    Parameters
    ----------
    selected : str or None
        The key of the chosen option (None when nothing is chosen yet).
    answer : str
        The key of the right option.
    choices : dict
        ``{key: option text}``.
    explanations : dict, optional
        ``{key: why this option is right or wrong}``.

    Returns
    -------
    View
        ``data["correct"]`` is True, False, or None when nothing is chosen.

    Examples
    --------
    >>> quiz_feedback("b", "b", {"a": "no", "b": "yes"}).data["correct"]
    True
    >>> quiz_feedback(None, "b", {"a": "no", "b": "yes"}).text
    'Choose an answer, then press “Check answer”.'
    """
    explanations = explanations or {}
    if selected is None:
        text = "Choose an answer, then press “Check answer”."
        return View(text=text, html=f"<p>{esc(text)}</p>", data={"correct": None})
    check_choice(selected, choices, "choice")
    why = explanations.get(selected, "")
    if selected == answer:
        text = f"✔ Correct: {choices[answer]}." + (f" {why}" if why else "")
        colour, correct = "#0072B2", True
    else:
        text = "✘ Not quite." + (f" {why}" if why else "") + " Try again."
        colour, correct = "#D55E00", False
    html_out = (f'<p role="status" style="border-left:4px solid {colour};padding-left:0.5em">'
                f"{esc(text)}</p>")
    return View(text=text, html=html_out, data={"correct": correct})



def quiz(
    question: str | None = None,
    choices: Mapping[str, str] | None = None,
    answer: str | None = None,
    explanations: Mapping[str, str] | None = None,
) -> CourseWidget:
    """A multiple-choice question with immediate, explained feedback.

    Choose an option (arrow keys move between radio buttons) and press "Check answer"
    (Enter or Space on the focused button). With no arguments: the question ``"il20"`` of
    ``quizzes.json``, about the Il-20M shot down on 17 September 2018 (FACTS F15).

    Parameters
    ----------
    question : str, optional
    choices : dict, optional
        ``{key: option text}``, in display order.
    answer : str, optional
        The key of the right option.
    explanations : dict, optional
        ``{key: why}``; shown as feedback for that option.

    Returns
    -------
    CourseWidget
        Control ``"choice"`` (radio buttons; ``value`` is the option key or None) and
        the button ``w.buttons["check"]``; ``w.state`` is the last :func:`quiz_feedback`.

    Examples
    --------
    >>> w = quiz()
    >>> w.controls["choice"].value = "b"
    >>> w.buttons["check"].click()
    >>> w.state.data["correct"]
    True
    """
    if question is None:
        spec = load_quiz("il20")
        question, choices = spec["question"], spec["choices"]
        answer, explanations = spec["answer"], spec["explanations"]
    if not choices:
        raise ValueError("a quiz needs choices: a dict {key: option text}")
    choices = dict(choices)
    explanations = dict(explanations or {})
    if answer is None:
        raise ValueError("a quiz needs the key of the right answer")
    check_choice(answer, choices, "answer key")
    for key in explanations:
        check_choice(key, choices, "explanation key")

    radio = widgets.RadioButtons(
        description="Answer",
        description_allow_html=False,
        options=[(text, key) for key, text in choices.items()],
        value=None,
        layout=widgets.Layout(width="auto"),
        style={"description_width": "initial"},
    )
    check = widgets.Button(description="Check answer", tooltip="Check the chosen answer",
                           button_style="primary")

    def compute(choice: str | None) -> View:
        if choice is None:
            return quiz_feedback(None, answer, choices, explanations)
        text = f"Selected: {choices[choice]}. Press “Check answer”."
        return View(text=text, html=f"<p>{esc(text)}</p>", data={"correct": None})

    w = CourseWidget("Quiz: " + question, {"choice": radio}, compute, figure=False,
                     buttons={"check": check})
    w.heading.value = (f"<p style='font-weight:bold;margin:0.2em 0'>{esc(question)}</p>")

    def on_check(_button: widgets.Button) -> None:
        w.show(quiz_feedback(radio.value, answer, choices, explanations))

    check.on_click(on_check)
    return w


def quiz_from_dict(spec: Mapping[str, Any]) -> CourseWidget:
    """Build a :func:`quiz` from a dict with keys question, choices, answer, explanations.

    Examples
    --------
    >>> w = quiz_from_dict({"question": "Year of the Treaty of Turkmenchay?",
    ...                     "choices": {"a": "1813", "b": "1828"}, "answer": "b"})
    >>> w.controls["choice"].options
    (('1813', 'a'), ('1828', 'b'))
    """
    unknown = set(spec) - set(QUIZ_KEYS)
    if unknown:
        raise ValueError(
            "unknown quiz keys: " + ", ".join(sorted(unknown))
            + "; valid keys: " + ", ".join(QUIZ_KEYS))
    return quiz(spec.get("question"), spec.get("choices"), spec.get("answer"),
                spec.get("explanations"))
