"""Interactive explorers for the lessons, built on ipywidgets 8 (no front-end extension).

Each widget is made by a plain function that works with no arguments::

    from coursekit import widgets
    widgets.network_explorer()        # the signed alliance network, year by year

and returns a :class:`CourseWidget` (an ``ipywidgets.VBox``). Its controls are labelled
standard ipywidgets (sliders, drop-downs, radio buttons, a button), so they work with
the keyboard (Tab to a control; arrow keys move sliders and radio buttons; Enter or Space
presses a button) in a stock JupyterLab 4, on Binder and on JupyterHub.

How the package is built
------------------------
* :mod:`~coursekit.widgets.views`: one *pure* function per widget — :func:`actor_view`,
  :func:`network_view`, :func:`timeline_view`, :func:`comparison_view`,
  :func:`verdict_view` — from the controls' values (and where to draw) to a :class:`View`:
  the text, the HTML tables and the figure title. The tests call them without any widget.
* :mod:`~coursekit.widgets.markup`: the HTML and text pieces of a view (tables, messages).
* :mod:`~coursekit.widgets.container`: :class:`CourseWidget`, which wires every control
  with ``observe(..., names="value")`` to its view and shows it; it also carries a static
  HTML and text snapshot for renderers without a kernel (GitHub, nbviewer, HTML exports).
* :mod:`~coursekit.widgets.factories`: :func:`actor_explorer`, :func:`network_explorer`,
  :func:`timeline`, :func:`interest_comparison`, :func:`verdict_builder`.
* :mod:`~coursekit.widgets.treaties`: lesson 08's :func:`provision_explorer` and its view
  :func:`provision_view` (the coding itself is :mod:`coursekit.coding`).
* :mod:`~coursekit.widgets.quiz`: :func:`quiz`, :func:`quiz_from_dict`,
  :func:`quiz_feedback`; the questions are package data (``data/quizzes.json``).

For tests and for the curious, a widget exposes ``w.controls`` and ``w.buttons`` (dicts of
its controls and buttons), ``w.state`` (the last :class:`View`), ``w.figure`` and ``w.ax``.

Examples
--------
>>> from coursekit import widgets
>>> w = widgets.network_explorer()
>>> w.controls["year"].value = 2016
>>> w.state.title
'Alliance network, 2016'
"""

from __future__ import annotations

from .container import CourseWidget
from .factories import (
    actor_explorer,
    interest_comparison,
    network_explorer,
    timeline,
    verdict_builder,
)
from .quiz import load_quiz, quiz, quiz_feedback, quiz_from_dict
from .treaties import provision_explorer, provision_view
from .views import (
    THEME_LABELS,
    View,
    actor_view,
    comparison_view,
    network_view,
    timeline_view,
    verdict_view,
)

__all__ = [
    "THEME_LABELS",
    "CourseWidget",
    "View",
    "actor_explorer",
    "actor_view",
    "comparison_view",
    "interest_comparison",
    "load_quiz",
    "network_explorer",
    "network_view",
    "provision_explorer",
    "provision_view",
    "quiz",
    "quiz_feedback",
    "quiz_from_dict",
    "timeline",
    "timeline_view",
    "verdict_builder",
    "verdict_view",
]
