"""Multiple-choice questions with immediate, explained feedback.

The questions are package data (``coursekit/data/quizzes.json``, read with
:mod:`importlib.resources`), so a lesson's quiz cell holds only ``widgets.quiz("03.q1")``
and never shows the answer: :func:`quiz` shows one by its id (``NN.qK``: lesson NN's K-th
quiz), :func:`quiz_names` lists the ids, :func:`load_quiz` returns one question as a dict,
:func:`quiz_from_dict` builds a quiz from your own dict, and :func:`quiz_feedback` is the
pure function behind the feedback.
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


#: The quiz :func:`quiz` shows when called without an id (what "Not answered" means).
DEFAULT_QUIZ = "00.q2"


def quiz_names() -> list[str]:
    """The ids of the questions in ``quizzes.json``, in lesson order.

    Examples
    --------
    >>> quiz_names()[:3]
    ['00.q1', '00.q2', '01.q1']
    """
    return list(_quizzes())


def load_quiz(name: str = DEFAULT_QUIZ) -> dict[str, Any]:
    """One question from ``quizzes.json``: a new dict with question, choices, answer, explanations.

    Parameters
    ----------
    name : str
        A quiz id such as ``"03.q1"`` (see :func:`quiz_names`).

    Raises
    ------
    ValueError
        For an unknown id; the message suggests close matches and lists the valid ids.

    Examples
    --------
    >>> spec = load_quiz("01.q1")
    >>> sorted(spec)
    ['answer', 'choices', 'explanations', 'question']
    >>> load_quiz("3.q1")
    Traceback (most recent call last):
    ...
    ValueError: unknown quiz id '3.q1'...
    """
    check_choice(name, quiz_names(), "quiz id")
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
        text = f"Correct: {choices[answer]}." + (f" {why}" if why else "")
        colour, correct = "#0072B2", True
    else:
        text = "Not yet." + (f" {why}" if why else "") + " Try again."
        colour, correct = "#D55E00", False
    html_out = (f'<p role="status" style="border-left:4px solid {colour};padding-left:0.5em">'
                f"{esc(text)}</p>")
    return View(text=text, html=html_out, data={"correct": correct})


def quiz(name: str = DEFAULT_QUIZ) -> CourseWidget:
    """A lesson's multiple-choice question, by id, with immediate, explained feedback.

    Choose an option (arrow keys move between radio buttons) and press "Check answer"
    (Enter or Space on the focused button). The question, options, answer and explanations
    come from ``quizzes.json``, so the cell that shows the quiz does not give the answer away.

    Parameters
    ----------
    name : str, default ``"00.q2"``
        A quiz id, ``NN.qK`` for lesson NN's K-th quiz (:func:`quiz_names` lists them).

    Returns
    -------
    CourseWidget
        Control ``"choice"`` (radio buttons; ``value`` is the option key or None) and
        the button ``w.buttons["check"]``; ``w.state`` is the last :func:`quiz_feedback`.

    Raises
    ------
    ValueError
        For an unknown id, listing the valid ids. Your own questions: :func:`quiz_from_dict`.

    Examples
    --------
    >>> w = quiz("00.q2")
    >>> w.controls["choice"].value = "b"
    >>> w.buttons["check"].click()
    >>> w.state.data["correct"]
    True
    """
    spec = load_quiz(name)
    return _build(spec["question"], spec["choices"], spec["answer"], spec["explanations"])


def _build(
    question: str,
    choices: Mapping[str, str] | None,
    answer: str | None,
    explanations: Mapping[str, str] | None,
) -> CourseWidget:
    """The quiz widget for one question (validated here; see :func:`quiz`)."""
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
    if not isinstance(spec.get("question"), str) or not spec["question"].strip():
        raise ValueError("a quiz needs a question: a non-empty string")
    return _build(spec["question"], spec.get("choices"), spec.get("answer"),
                  spec.get("explanations"))
