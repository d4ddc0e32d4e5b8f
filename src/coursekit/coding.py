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

The module also gives a treaty's obligation profile (:func:`obligation_profile`). Its
figure is :func:`coursekit.figures.plot_obligations` and its explorer widget
:func:`coursekit.widgets.provision_explorer` (analysis never imports the views).

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

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from .loaders import load_treaties, load_treaty_provisions

__all__ = [
    "CATEGORIES",
    "LANDIS_KOCH",
    "agreement_table",
    "coding_problems",
    "cohen_kappa",
    "expected_agreement",
    "obligation_profile",
    "observed_agreement",
    "strength_of_agreement",
    "treaty_names",
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


def coding_problems(my_coding: dict[str, Any], provision_ids: Iterable[str]) -> list[str]:
    """What to fix in a coding before comparing it: unknown provision ids, unknown codes.

    Parameters
    ----------
    my_coding : dict
        Provision id to category, e.g. ``{"P01": "defense"}``.
    provision_ids : iterable of str
        The provision ids that exist (e.g. the index of the course's coding).

    Returns
    -------
    list of str
        One sentence per problem (a new list; empty when there is nothing to fix): ids not
        in ``provision_ids`` first, then codes not in :data:`CATEGORIES`.

    Raises
    ------
    TypeError
        If ``my_coding`` is not a dict.

    Examples
    --------
    >>> coding_problems({"P01": "defense", "P02": "none"}, ["P01", "P02"])
    []
    >>> coding_problems({"P1": "none", "P02": "defence"}, ["P01", "P02"])
    ['P1 is not a provision id', "P02: 'defence' is not a category"]
    """
    if not isinstance(my_coding, dict):
        raise TypeError(f"my_coding must be a dict of provision id to category, "
                        f"not {type(my_coding).__name__}")
    known = set(provision_ids)
    problems = [f"{p} is not a provision id" for p in my_coding if p not in known]
    problems += [f"{p}: {code!r} is not a category"
                 for p, code in my_coding.items() if code not in CATEGORIES]
    return problems


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
def treaty_names() -> dict[str, str]:
    """Each treaty's short name, by treaty id, in the table's order.

    Examples
    --------
    >>> treaty_names()["ru_kp_2024"]
    'Russia–DPRK 2024'
    """
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
