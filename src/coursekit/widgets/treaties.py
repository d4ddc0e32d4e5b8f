"""The treaty-provisions explorer of lesson 08: a pure view and the widget that shows it.

The analysis (coding, agreement, obligation profiles) lives in :mod:`coursekit.coding`
and the figure in :func:`coursekit.figures.plot_obligations`; this module only puts them
together for a learner to explore.
"""

from __future__ import annotations

from matplotlib.axes import Axes

from .._validate import check_choice
from ..coding import CATEGORIES, treaty_names
from ..figures import (
    OBLIGATION_FIGSIZE,
    OBLIGATION_MARGINS,
    OBLIGATION_TITLE,
    plot_obligations,
)
from ..loaders import load_treaty_provisions
from .container import CourseWidget
from .factories import dropdown
from .markup import esc, message_html, table_html
from .views import View

__all__ = ["provision_explorer", "provision_view"]


def provision_view(treaty: str = "ru_ir_2025", category: str = "all",
                   ax: Axes | None = None) -> View:
    """What :func:`provision_explorer` shows: one treaty's coded provisions, optionally
    one category, beside the three treaties' profiles.

    Examples
    --------
    >>> view = provision_view("ru_kp_2024", "defense")
    >>> view.tables["provisions"]["article"].tolist()
    ['4']
    """
    names = treaty_names()
    check_choice(treaty, names, "treaty id")
    if category != "all":
        check_choice(category, CATEGORIES, "category")
    provisions = load_treaty_provisions()
    chosen = provisions[provisions["treaty_id"] == treaty]
    if category != "all":
        chosen = chosen[chosen["category"] == category]
    shown = chosen[["article", "category", "paraphrase", "source_id"]].fillna(
        {"article": "(no number)"}).reset_index(drop=True)
    shown["category"] = shown["category"].astype(str)
    if ax is not None:  # an Axes, or a widget's redraw helper holding one (``.ax``)
        plot_obligations(ax=getattr(ax, "ax", ax), highlight=category)
    what = "coded provisions" if category == "all" else f"provisions coded {category}"
    caption = f"{names[treaty]}: {what}"
    if shown.empty:
        message = (f"{names[treaty]} has no provision coded {category} among the articles "
                   "the course could find and code.")
        return View(text=message, html=message_html(message),
                    message=message,
                    title=OBLIGATION_TITLE,
                    tables={"provisions": shown})
    count = f"{len(shown)} {what}"
    if len(shown) == 1:
        count = count.replace("provisions", "provision")
    summary = f"{names[treaty]}: {count}."
    return View(
        text=f"{summary}\n{caption}\n{shown.to_string(index=False)}",
        html=f"<p>{esc(summary)}</p>" + table_html(shown, caption),
        title=OBLIGATION_TITLE,
        tables={"provisions": shown},
    )


def provision_explorer(treaty: str = "ru_ir_2025", category: str = "all") -> CourseWidget:
    """Pick a treaty and an obligation category: the coded provisions, and the profiles.

    Returns
    -------
    CourseWidget
        Controls ``"treaty"`` and ``"category"`` (drop-downs); view from
        :func:`provision_view`.

    Examples
    --------
    >>> w = provision_explorer()
    >>> w.controls["treaty"].value = "ru_kp_2024"
    >>> w.controls["category"].value = "defense"
    >>> w.state.tables["provisions"]["article"].tolist()
    ['4']
    """
    names = treaty_names()
    check_choice(treaty, names, "treaty id")
    if category != "all":
        check_choice(category, CATEGORIES, "category")
    controls = {
        "treaty": dropdown("Treaty", [(name, tid) for tid, name in names.items()], treaty),
        "category": dropdown("Obligation", ["all", *CATEGORIES], category),
    }
    return CourseWidget(
        "Treaty provisions explorer",
        controls,
        provision_view,
        figsize=OBLIGATION_FIGSIZE,
        margins=OBLIGATION_MARGINS,
        help_text="Choose a treaty and an obligation category to read the provisions "
                  "coded with it; the chart fades the other categories.",
    )
