"""Coding evidence and measuring how far two coders agree (lesson 08).

Lesson 08 reads treaty provisions as evidence: each article is *coded* with one of the
obligation categories of the Alliance Treaty Obligations and Provisions project (ATOP;
Leeds et al. 2002) — ``defense``, ``offense``, ``neutrality``, ``nonaggression``,
``consultation`` — or ``none`` when it creates no wartime obligation. Coding is a
judgement, so a careful study has two people code the same items independently and
reports how far they agree beyond what chance alone would give: Cohen's kappa.

.. math::

    \\kappa = \\frac{p_o - p_e}{1 - p_e}

where :math:`p_o` is the share of items both coders put in the same category and
:math:`p_e` the share they would agree on by chance, given how often each coder used each
category (the sum over categories of the product of the two coders' shares).

The module also gives a treaty's obligation profile (:func:`obligation_profile`) and an
explorer widget (:func:`provision_explorer`; ipywidgets and matplotlib are imported only
when it is made).

References
----------
.. [1] Cohen, J. (1960). "A Coefficient of Agreement for Nominal Scales." Educational and
   Psychological Measurement 20(1): 37–46.
.. [2] Landis, J. R. and Koch, G. G. (1977). "The Measurement of Observer Agreement for
   Categorical Data." Biometrics 33(1): 159–174.
.. [3] Leeds, B. A., Ritter, J. M., Mitchell, S. M. and Long, A. G. (2002). "Alliance
   Treaty Obligations and Provisions, 1815–1944." International Interactions 28(3):
   237–260.

Examples
--------
>>> a = ["defense", "none", "consultation", "none"]
>>> b = ["defense", "none", "none", "none"]
>>> observed_agreement(a, b)
0.75
>>> round(cohen_kappa(a, b), 3)
0.556
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._validate import check_choice
from .loaders import load_treaties, load_treaty_provisions

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

    from .widgets import CourseWidget, View

__all__ = [
    "CATEGORIES",
    "LANDIS_KOCH",
    "agreement_table",
    "cohen_kappa",
    "expected_agreement",
    "obligation_profile",
    "observed_agreement",
    "plot_obligations",
    "provision_explorer",
    "provision_view",
    "strength_of_agreement",
]

#: The ATOP obligation categories, then ``none`` (no wartime obligation).
CATEGORIES: tuple[str, ...] = (
    "defense", "offense", "neutrality", "nonaggression", "consultation", "none",
)

#: Landis and Koch's (1977) verbal labels for ranges of kappa: (upper bound, label). The
#: first bound is exclusive ("poor" is below 0: their table runs <0.00, 0.00-0.20, 0.21-0.40,
#: ...), the others inclusive.
LANDIS_KOCH: tuple[tuple[float, str], ...] = (
    (0.0, "poor"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.00, "almost perfect"),
)

# The figure's size (inches) and Axes margins: room below for the legend.
_FIGSIZE = (7.5, 3.8)
_MARGINS = (0.2, 0.34, 0.97, 0.9)

# Okabe–Ito colours, one per category (colour-blind safe); "none" is grey.
_COLOURS = {
    "defense": "#D55E00",
    "offense": "#CC79A7",
    "neutrality": "#0072B2",
    "nonaggression": "#009E73",
    "consultation": "#E69F00",
    "none": "#999999",
}


# ------------------------------------------------------------------ agreement
def _codes(values: Any, who: str) -> list[str]:
    """A coder's codes as a list of strings, or a clear error."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(
            f"{who}: expected a list of codes, one per item (e.g. ['defense', 'none']), "
            f"got {type(values).__name__}"
        )
    codes = list(values)
    for i, code in enumerate(codes):
        if code is None or (isinstance(code, float) and code != code):
            raise ValueError(f"{who}: item {i} has no code (None or NaN); code every item")
    return [str(code) for code in codes]


def _pair(coder_a: Sequence[Any], coder_b: Sequence[Any]) -> tuple[list[str], list[str]]:
    a, b = _codes(coder_a, "coder_a"), _codes(coder_b, "coder_b")
    if len(a) != len(b):
        raise ValueError(
            f"the coders coded different numbers of items ({len(a)} and {len(b)}): "
            "kappa compares two codings of the same items"
        )
    if not a:
        raise ValueError("no items: give each coder's codes for at least one item")
    return a, b


def observed_agreement(coder_a: Sequence[Any], coder_b: Sequence[Any]) -> float:
    """The share of items on which two coders chose the same category (:math:`p_o`).

    Parameters
    ----------
    coder_a, coder_b : sequence of str
        Each coder's code for every item, in the same order.

    Returns
    -------
    float
        Between 0 and 1.

    Examples
    --------
    >>> observed_agreement(["none", "defense"], ["none", "neutrality"])
    0.5
    """
    a, b = _pair(coder_a, coder_b)
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def expected_agreement(coder_a: Sequence[Any], coder_b: Sequence[Any]) -> float:
    """The agreement expected by chance, from each coder's use of the categories (:math:`p_e`).

    For each category, multiply the share of items coder A put in it by the share coder B
    put in it; add the products.

    Examples
    --------
    >>> expected_agreement(["none", "none", "defense", "defense"],
    ...                    ["none", "none", "none", "defense"])
    0.5
    """
    a, b = _pair(coder_a, coder_b)
    n = len(a)
    share_a = pd.Series(a).value_counts() / n
    share_b = pd.Series(b).value_counts() / n
    return float((share_a * share_b.reindex(share_a.index, fill_value=0.0)).sum())


def cohen_kappa(coder_a: Sequence[Any], coder_b: Sequence[Any]) -> float:
    """Cohen's kappa: two coders' agreement beyond chance, for nominal categories.

    Parameters
    ----------
    coder_a, coder_b : sequence of str
        Each coder's code for every item, in the same order (lists, tuples or Series).

    Returns
    -------
    float
        1 for perfect agreement, 0 for agreement no better than chance, negative for
        agreement worse than chance.

    Raises
    ------
    ValueError
        If the codings differ in length, are empty or have a missing code, or if kappa
        is undefined: both coders put every item in the same single category, so chance
        agreement is already 1.
    TypeError
        If a coding is not a collection of codes (e.g. one string).

    Examples
    --------
    The standard worked example (Wikipedia, "Cohen's kappa"): two readers each say yes or
    no to 50 grant proposals; both say yes to 20 and no to 15, A yes and B no to 5, A no
    and B yes to 10. Then :math:`p_o = 0.70`, :math:`p_e = 0.5 \\cdot 0.6 + 0.5 \\cdot 0.4
    = 0.50` and :math:`\\kappa = 0.40`.

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(observed_agreement(a, b), 2), round(expected_agreement(a, b), 2)
    (0.7, 0.5)
    >>> round(cohen_kappa(a, b), 2)
    0.4
    >>> cohen_kappa(["none"] * 3, ["none"] * 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: kappa is undefined: both coders put every item in the same single category, ...
    """
    p_o = observed_agreement(coder_a, coder_b)
    p_e = expected_agreement(coder_a, coder_b)
    if p_e >= 1.0:
        raise ValueError(
            "kappa is undefined: both coders put every item in the same single category, "
            "so chance agreement is 1"
        )
    return (p_o - p_e) / (1.0 - p_e)


def agreement_table(coder_a: Sequence[Any], coder_b: Sequence[Any]) -> pd.DataFrame:
    """The cross-tabulation of two codings: coder A's codes down, coder B's across.

    The diagonal holds the agreements. Categories are those of :data:`CATEGORIES` that
    either coder used (in that order), then any others, sorted.

    Examples
    --------
    >>> agreement_table(["none", "defense", "none"], ["none", "none", "none"]).values.tolist()
    [[0, 1], [0, 2]]
    """
    a, b = _pair(coder_a, coder_b)
    used = set(a) | set(b)
    order = [c for c in CATEGORIES if c in used] + sorted(used - set(CATEGORIES))
    table = pd.crosstab(pd.Series(a, name="coder_a"), pd.Series(b, name="coder_b"))
    return table.reindex(index=order, columns=order, fill_value=0)


def strength_of_agreement(kappa: float) -> str:
    """Landis and Koch's (1977) label for a value of kappa.

    Examples
    --------
    >>> strength_of_agreement(0.42), strength_of_agreement(0.85), strength_of_agreement(-0.1)
    ('moderate', 'almost perfect', 'poor')
    >>> strength_of_agreement(0.0)  # no better than chance: the bottom of "slight", not "poor"
    'slight'
    """
    value = float(kappa)
    if value != value:
        raise ValueError("kappa is NaN: compute it from two codings first")
    if value < LANDIS_KOCH[0][0]:
        return LANDIS_KOCH[0][1]
    for upper, label in LANDIS_KOCH[1:]:
        if value <= upper:
            return label
    return LANDIS_KOCH[-1][1]


# ------------------------------------------------------------------ treaties
def _treaty_names() -> dict[str, str]:
    treaties = load_treaties()
    return dict(zip(treaties["treaty_id"], treaties["short_name"], strict=True))


def obligation_profile(provisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many coded provisions of each treaty carry each obligation.

    Parameters
    ----------
    provisions : DataFrame, optional
        Coded provisions with ``treaty_id`` and ``category`` columns (default: the
        course's coding, :func:`coursekit.load_treaty_provisions`). Pass your own coding
        to compare.

    Returns
    -------
    DataFrame
        One row per treaty (by date signed), one column per category in
        :data:`CATEGORIES` order; counts.

    Examples
    --------
    >>> profile = obligation_profile()
    >>> profile.loc["ru_kp_2024", ["defense", "consultation"]].tolist()
    [1, 1]
    >>> int(profile.loc["ru_ir_2025", "defense"])
    0
    """
    if provisions is None:
        provisions = load_treaty_provisions()
    missing = {"treaty_id", "category"} - set(provisions.columns)
    if missing:
        raise ValueError(f"provisions needs the columns treaty_id and category; missing: "
                         f"{', '.join(sorted(missing))}")
    unknown = sorted(set(provisions["category"].astype(str)) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown categories {unknown}: use one of {', '.join(CATEGORIES)}")
    order = [t for t in load_treaties().sort_values("signed")["treaty_id"]
             if t in set(provisions["treaty_id"])]
    table = pd.crosstab(provisions["treaty_id"], provisions["category"].astype(str))
    table = table.reindex(index=order, columns=list(CATEGORIES), fill_value=0)
    table.columns.name = "category"
    return table


def plot_obligations(profile: pd.DataFrame | None = None, ax: Axes | None = None,
                     highlight: str | None = None) -> Axes:
    """A horizontal stacked bar per treaty: its coded provisions by obligation category.

    Parameters
    ----------
    profile : DataFrame, optional
        From :func:`obligation_profile` (default: the course's coding).
    ax : matplotlib Axes, optional
        Drawn on (cleared first); a new figure otherwise.
    highlight : str, optional
        A category drawn at full colour; the others are faded.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_obligations()
    >>> ax.get_title()
    'Obligations in the coded provisions of three treaties'
    """
    from .plots import new_figure

    if profile is None:
        profile = obligation_profile()
    if highlight is not None and highlight != "all":
        check_choice(highlight, CATEGORIES, "category")
    if ax is None:
        _, ax = new_figure(*_FIGSIZE, margins=_MARGINS)
    ax.clear()
    names = _treaty_names()
    labels = [names.get(t, t) for t in profile.index]
    left = pd.Series(0.0, index=profile.index)
    for category in profile.columns:
        faded = highlight not in (None, "all") and category != highlight
        ax.barh(labels, profile[category], left=left, color=_COLOURS.get(category, "#000000"),
                alpha=0.25 if faded else 1.0, edgecolor="white", label=category)
        left += profile[category]
    ax.invert_yaxis()
    ax.set_xlabel("number of coded provisions")
    ax.set_title("Obligations in the coded provisions of three treaties")
    ax.legend(ncols=6, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.3),
              frameon=False, handlelength=1.2, columnspacing=1.0)
    ax.set_xlim(0, max(float(left.max()), 1.0) * 1.02)
    return ax


def _html_table(df: pd.DataFrame, caption: str) -> str:
    """A small escaped HTML table with a caption (for the explorer's view)."""
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in df.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in df.itertuples(index=False)
    )
    return (f"<table class='coursekit-table'><caption style='text-align:left;"
            f"font-weight:bold'>{html.escape(caption)}</caption><thead><tr>{head}</tr>"
            f"</thead><tbody>{rows}</tbody></table>")


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
    from .widgets import View

    names = _treaty_names()
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
        return View(text=message, html=f"<p><em>{html.escape(message)}</em></p>",
                    message=message,
                    title="Obligations in the coded provisions of three treaties",
                    tables={"provisions": shown})
    count = f"{len(shown)} {what}"
    if len(shown) == 1:
        count = count.replace("provisions", "provision")
    summary = f"{names[treaty]}: {count}."
    return View(
        text=f"{summary}\n{caption}\n{shown.to_string(index=False)}",
        html=f"<p>{html.escape(summary)}</p>" + _html_table(shown, caption),
        title="Obligations in the coded provisions of three treaties",
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
    import ipywidgets

    from .widgets import CourseWidget

    def _dropdown(description: str, options: list, value: str) -> ipywidgets.Dropdown:
        return ipywidgets.Dropdown(description=description, options=options, value=value,
                                   style={"description_width": "initial"})

    names = _treaty_names()
    check_choice(treaty, names, "treaty id")
    if category != "all":
        check_choice(category, CATEGORIES, "category")
    controls = {
        "treaty": _dropdown("Treaty", [(name, tid) for tid, name in names.items()], treaty),
        "category": _dropdown("Obligation", ["all", *CATEGORIES], category),
    }
    return CourseWidget(
        "Treaty provisions explorer",
        controls,
        provision_view,
        figsize=_FIGSIZE,
        margins=_MARGINS,
        help_text="Choose a treaty and an obligation category to read the provisions "
                  "coded with it; the chart fades the other categories.",
    )
