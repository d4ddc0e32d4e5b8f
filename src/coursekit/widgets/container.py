"""The container every course widget is: controls, a text/table view and a figure.

:class:`CourseWidget` wires each control's ``value`` to a view function (see
:mod:`coursekit.widgets.views`) and shows the :class:`~coursekit.widgets.views.View` it
returns: ``w.view`` (an ``HTML`` widget) holds the text and tables, ``w.figure_view`` (an
``Output`` widget) the figure as an SVG image. One matplotlib figure per widget is reused:
a control change updates its artists in place through a :class:`coursekit.plots.Redraw`
rather than clearing and drawing it again. The figure is never registered with pyplot, so
no figures pile up in a notebook.

A rendered notebook (GitHub, nbviewer, an HTML export) has no kernel to draw widgets: the
display of every widget therefore also carries a static ``text/html`` summary of its
current view (text, tables and the figure as an inline image) and a readable
``text/plain`` one; renderers that cannot show widgets show that instead.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from .. import plots
from .markup import esc, message_html
from .views import View

__all__ = ["CourseWidget"]


class CourseWidget(widgets.VBox):
    """A labelled explorer: controls, a text/table view and (optionally) a figure.

    Parameters
    ----------
    title : str
        Shown as a heading.
    controls : dict
        ``{name: ipywidget}``; every control's ``value`` is passed to ``compute`` by name,
        and every change of a ``value`` recomputes the view.
    compute : callable
        ``compute(**values, ax=redraw) -> View`` (``ax``, a :class:`coursekit.plots.Redraw`,
        only when ``figure`` is true).
    figure : bool
        Whether the view has a figure.
    figsize : (float, float)
        Size of the figure in inches.
    margins : (float, float, float, float)
        Left, bottom, right, top of the Axes as fractions of the figure.
    buttons : dict of ipywidgets.Button, optional
        ``{name: button}`` shown after the controls; the factory wires them.
    help_text : str
        A sentence under the title saying what to do.

    Attributes
    ----------
    controls, buttons : dict
        The controls and buttons by name (set ``w.controls["year"].value`` or call
        ``w.buttons["reset"].click()`` to drive a widget from code or a test).
    compute : callable
        The view function.
    state : View
        The view shown now.
    figure, ax : matplotlib Figure and Axes, or None
        The widget's figure; ``redraw`` is the :class:`coursekit.plots.Redraw` on ``ax``.
    svg : str or None
        The figure as shown, SVG text.

    Examples
    --------
    >>> import ipywidgets
    >>> def compute(n):
    ...     return View(text=f"{n} squared is {n * n}", html="")
    >>> w = CourseWidget("Squares", {"n": ipywidgets.IntSlider(description="n", value=3)},
    ...                  compute, figure=False)
    >>> w.controls["n"].value = 4
    >>> w.state.text
    '4 squared is 16'
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Callable[..., View],
        figure: bool = True,
        figsize: tuple[float, float] = (7.0, 5.0),
        margins: tuple[float, float, float, float] = (0.1, 0.1, 0.97, 0.9),
        buttons: Mapping[str, widgets.Button] | None = None,
        help_text: str = "",
    ) -> None:
        self.title = title
        self.controls = dict(controls)
        self.buttons = dict(buttons or {})
        self.compute = compute
        self.heading = widgets.HTML(
            f"<h3 style='margin:0.2em 0'>{esc(title)}</h3>"
            + (f"<p style='margin:0'>{esc(help_text)}</p>" if help_text else "")
        )
        self.view = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.figure_view = widgets.Output()
        self.figure, self.ax = (
            plots.new_figure(*figsize, margins=margins) if figure else (None, None))
        self.redraw = plots.Redraw(self.ax) if figure else None
        self.state: View | None = None
        self.svg: str | None = None
        inputs = list(self.controls.values()) + list(self.buttons.values())
        children = [self.heading, widgets.VBox(inputs), self.view]
        children += [self.figure_view] if figure else []
        super().__init__(children=children, layout=widgets.Layout(width="100%"))
        self.add_class("coursekit-widget")
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def show(self, view: View) -> None:
        """Show ``view``: its HTML in ``w.view`` and, with a figure, the figure as SVG."""
        self.state = view
        self.view.value = view.html
        if self.figure is not None:
            self.svg = plots.figure_svg(self.figure)
            self.figure_view.outputs = (
                {
                    "output_type": "display_data",
                    "data": {
                        "image/svg+xml": self.svg,
                        "text/plain": f"Figure: {view.title or self.title}. {view.text[:300]}",
                    },
                    "metadata": {},
                },
            )

    def update(self, change: Any = None) -> View:
        """Recompute the view from the controls and show it (the ``observe`` handler).

        A choice the view rejects (a ``ValueError``, e.g. an unknown id) is shown as a
        message; any other error is a bug and is raised.
        """
        kwargs = self.values()
        if self.redraw is not None:
            kwargs["ax"] = self.redraw
        try:
            view = self.compute(**kwargs)
        except ValueError as error:  # the view's own check of a choice: say so, do not crash
            message = f"Cannot show this choice: {error}"
            view = View(text=message, html=message_html(message), message=message)
        self.show(view)
        return view

    def static_html(self) -> str:
        """The current view as self-contained HTML (text, tables, figure as an image)."""
        parts = [f"<div class='coursekit-static'><h3>{esc(self.title)}</h3>",
                 "<p><em>Static snapshot: run the notebook to use the controls.</em></p>",
                 self.state.html if self.state else ""]
        if self.svg:
            alt = esc(self.state.title if self.state and self.state.title else self.title)
            encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
            parts.append(f'<img alt="{alt}" src="data:image/svg+xml;base64,{encoded}"/>')
        parts.append("</div>")
        return "".join(parts)

    def static_text(self) -> str:
        """The current view as plain text."""
        return f"{self.title}\n{self.state.text if self.state else ''}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # Renderers that cannot show widgets (GitHub, nbviewer without widget state, HTML
        # exports) fall back to these; JupyterLab prefers the widget view.
        data = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = self.static_text()
        data["text/html"] = self.static_html()
        return data
