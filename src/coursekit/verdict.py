"""A transparent scoring model of the Iran–Russia tie, on two axes.

The 2018 article asks whether the Iran–Russia alliance in Syria is a *marriage of
convenience* or a *strategic partnership*. Alliance theory separates two questions that
the article's title runs together, and this module scores each on its own axis:

* **basis** — tactical convenience ↔ broad and lasting partnership: do the two share
  long-term goals, institutions, trust and interests towards third parties, and does the
  tie reach beyond the war that created it, into trade, energy and transport, and is it
  more than a common threat holds together (Walt 1987, 1997; Lo 2008; Wilkins 2012)?
  "Strategic partnership" above 0, "marriage of convenience" at 0 or below. Walt's
  balance of threat, the rival explanation of the tie's deepening after 2022, is one of
  its criteria (``common_threat``): its weight is the learner's to test.
* **commitment** — alliance ↔ alignment: is either bound to fight for the other — a
  formal defence obligation, force committed against the other's enemies, integrated
  operations (Snyder 1997; Morrow 1991; Leeds et al. 2002)? "Alliance" above 0,
  "alignment" at 0 or below.

A strategic partnership usually has no defence pledge (Wilkins 2012), so the two axes
are independent: a missing mutual-defence clause is evidence on the commitment axis
only, never evidence against a partnership. Every step can be read and changed:

1. **Criteria** (``criteria.csv``): each grounded in alliance theory and assigned to one
   ``axis``.
2. **Evidence** (``evidence.csv``): dated, sourced observations, each assigned to one
   criterion, with a ``direction`` (+1 points to the first label of the criterion's axis:
   partnership or alliance; −1 to the second: convenience or alignment), a
   ``strength`` (1 weak, 2 clear, 3 strong) and an ``origin``: ``independent`` (an
   observation with its own source) or ``article`` (one of the 2018 article's own
   assertions, source ``azodi2018``). Trust is measured from both sides: each
   ``trust_legacy`` row has a ``side`` (``iran``: Iran's reasons to trust or distrust
   Russia; ``russia``: Russia's reasons about Iran), read per side with
   :func:`trust_by_side`.
3. **Criterion score** = mean of ``direction × strength / 3`` over its evidence, in [−1, 1].
   By default only the *independent* rows count: a model that scored the article with the
   article's own assertions would find, in part, what it was given. Pass
   ``include_article=True`` to count them too, and compare (:func:`origin_comparison`).
4. **Verdict score of an axis** = Σ wᵢ·sᵢ / Σ wᵢ over that axis's criteria, with weights
   wᵢ ≥ 0 (default: ``default_weight``). :func:`verdict` scores one axis (the basis axis,
   the article's question, by default); :func:`axis_verdicts` both.
5. **Sensitivity**: :func:`flip_points` gives, for each criterion of an axis, the weight
   at which that axis's verdict flips when only that weight changes.

The weights are a judgement, not a fact: the point of the model is to make that judgement
explicit, and to see how much it matters.

Over 500 lines: the five steps above are one model, read top to bottom in lesson 06; its
readers, scores, verdict and sensitivity stay together.

References
----------
.. [1] Walt, S. M. (1987). The Origins of Alliances. Cornell University Press.
.. [2] Walt, S. M. (1997). "Why Alliances Endure or Collapse." Survival 39(1): 156–179.
.. [3] Snyder, G. H. (1997). Alliance Politics. Cornell University Press.
.. [4] Wilkins, T. S. (2012). "'Alignment', not 'alliance' – the shifting paradigm of
   international security cooperation." Review of International Studies 38(1): 53–76.
.. [5] Lo, B. (2008). Axis of Convenience: Moscow, Beijing, and the New Geopolitics.
   Chatham House / Brookings Institution Press.
.. [6] Morrow, J. D. (1991). "Alliances and Asymmetry." American Journal of Political
   Science 35(4): 904–933.
.. [7] Leeds, B. A., et al. (2002). "Alliance Treaty Obligations and Provisions,
   1815–1944." International Interactions 28(3): 237–260.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .loaders import read_table, schema_values

__all__ = [
    "AXES",
    "AXIS_LABELS",
    "LABELS",
    "MAX_WEIGHT",
    "ORIGINS",  # noqa: F822 - read from the schema on first use (module __getattr__)
    "VerdictResult",
    "axis_verdicts",
    "complete_weights",
    "criterion_scores",
    "default_weights",
    "flip_points",
    "load_criteria",
    "load_evidence",
    "origin_comparison",
    "sensitivity",
    "trust_by_side",
    "verdict",
]

#: The two axes, in the order the course reads them: the article's question first.
AXES = ("basis", "commitment")

#: Each axis's two readings: (score > 0, score ≤ 0).
AXIS_LABELS = {
    "basis": ("strategic partnership", "marriage of convenience"),
    "commitment": ("alliance", "alignment"),
}

#: The two readings of the basis axis, the article's question: (score > 0, score ≤ 0).
LABELS = AXIS_LABELS["basis"]

#: The criterion measured from both sides, and the two sides of ``evidence.side``: whose
#: trust a row bears on (the side that gains a reason to trust, +1, or distrust, −1, the other).
TRUST = "trust_legacy"
SIDE_LABELS = {
    "iran": "Iran's reasons to trust Russia",
    "russia": "Russia's reasons to trust Iran",
}

#: Weights are explored on 0..MAX_WEIGHT (the widget's sliders, :func:`flip_points`).
MAX_WEIGHT = 5.0


def __getattr__(name: str) -> tuple[str, ...]:
    # ORIGINS, the values of evidence.origin (see load_evidence), is read from the schema.
    if name == "ORIGINS":
        return schema_values("evidence", "origin")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _read(name: str) -> pd.DataFrame:
    """``criteria`` or ``evidence`` via the loaders, in the model's dtypes (shared, read-only)."""
    df = read_table(name)
    if name == "evidence":
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
        df[["direction", "strength"]] = df[["direction", "strength"]].astype(int)
    else:
        df["default_weight"] = df["default_weight"].astype(float)
    return df


def load_criteria() -> pd.DataFrame:
    """The criteria that separate a strategic partnership from a marriage of convenience.

    Returns
    -------
    pandas.DataFrame
        One row per criterion (a fresh copy): ``criterion_id``, ``axis`` (``"basis"``
        or ``"commitment"``), ``label``, ``question``, ``theory`` (which part of alliance
        theory it comes from), ``default_weight`` (1–5) and ``source_id``.

    Examples
    --------
    >>> criteria = load_criteria()
    >>> list(criteria.columns)
    ['criterion_id', 'axis', 'label', 'question', 'theory', 'default_weight', 'source_id']
    >>> criteria["axis"].value_counts().to_dict()
    {'basis': 7, 'commitment': 3}
    >>> bool(criteria["default_weight"].between(1, 5).all())
    True
    """
    return _read("criteria").copy()


def load_evidence() -> pd.DataFrame:
    """The evidence for each criterion, each row pointing one way or the other.

    Returns
    -------
    pandas.DataFrame
        One row per observation (a fresh copy): ``evidence_id``, ``criterion_id``,
        ``claim`` (one line), ``direction`` (+1 towards the first label of the
        criterion's axis — strategic partnership or alliance —, −1 towards the second —
        marriage of convenience or alignment), ``strength`` (1–3), ``date``
        (datetime64, ``NaT`` when the observation is not one dated event), ``fact_id``
        (the facts table's id, or missing), ``source_id`` and ``origin`` (``"article"``
        for the 2018 article's own assertions, ``"independent"`` for observations with
        their own source) and ``side`` (``trust_legacy`` rows only: ``"iran"`` or
        ``"russia"``, whose trust the row bears on; missing elsewhere). Every row
        is returned; the model leaves the article's rows out unless asked
        (``include_article=True``).

    Examples
    --------
    >>> evidence = load_evidence()
    >>> sorted(evidence["direction"].unique().tolist())
    [-1, 1]
    >>> set(evidence["criterion_id"]) <= set(load_criteria()["criterion_id"])
    True
    >>> sorted(evidence["origin"].unique().tolist())
    ['article', 'independent']
    >>> sorted(evidence.loc[evidence["criterion_id"] == TRUST, "side"].unique().tolist())
    ['iran', 'russia']
    """
    return _read("evidence").copy()


def default_weights() -> dict[str, float]:
    """The default weight of each criterion, ``{criterion_id: weight}``.

    Examples
    --------
    >>> weights = default_weights()
    >>> all(1 <= w <= 5 for w in weights.values())
    True
    """
    criteria = _read("criteria")
    return dict(zip(criteria["criterion_id"], criteria["default_weight"].astype(float)))


def _check_axis(axis: object) -> str:
    if axis not in AXES:
        raise ValueError(f"axis must be one of {', '.join(map(repr, AXES))}, not {axis!r}")
    return str(axis)


def _axis_ids(axis: str) -> list[str]:
    """The criterion ids of one axis, in the order of criteria.csv."""
    criteria = _read("criteria")
    return criteria.loc[criteria["axis"] == _check_axis(axis), "criterion_id"].tolist()


def _check_include(include_article: object) -> bool:
    if not isinstance(include_article, bool):
        raise TypeError(
            "include_article must be True (count the article's own assertions) or False "
            f"(independent evidence only), not {type(include_article).__name__}"
        )
    return include_article


def _evidence(include_article: bool = False) -> pd.DataFrame:
    """The evidence rows the model counts (not a copy: read-only use inside this module)."""
    evidence = _read("evidence")
    counted = _check_include(include_article)
    return evidence if counted else evidence[evidence["origin"] == "independent"]


def criterion_scores(include_article: bool = False) -> pd.Series:
    """Each criterion's score: the mean of ``direction × strength / 3`` over its evidence.

    A score of +1 means every piece of evidence is strong and points to a strategic
    partnership; −1 that all of it strongly points to a marriage of convenience. A
    criterion without evidence scores 0.

    Parameters
    ----------
    include_article : bool, default False
        Also count the rows whose ``origin`` is ``"article"`` (the 2018 article's own
        assertions). By default only independent observations count.

    Returns
    -------
    pandas.Series
        Indexed by ``criterion_id`` in the order of :func:`load_criteria`, values in [−1, 1].

    Examples
    --------
    >>> scores = criterion_scores()
    >>> bool(scores.between(-1, 1).all())
    True
    >>> with_article = criterion_scores(include_article=True)
    >>> bool(with_article["israel"] < scores["israel"])
    True
    """
    evidence = _evidence(include_article)
    value = evidence["direction"] * evidence["strength"] / 3
    means = value.groupby(evidence["criterion_id"]).mean()
    ids = _read("criteria")["criterion_id"]
    return means.reindex(ids, fill_value=0.0).astype(float).rename("score")


def trust_by_side(include_article: bool = False) -> pd.DataFrame:
    """Trust measured from both sides: the ``trust_legacy`` score of each side's rows.

    The criterion's score (:func:`criterion_scores`) is the mean over all its rows, both
    sides together, so the side with more rows weighs more in it. This table reads each
    side on its own: Iran's reasons to trust or distrust Russia, and Russia's about Iran.

    Parameters
    ----------
    include_article : bool, default False
        As for :func:`criterion_scores`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``side`` (``"iran"``, ``"russia"``): ``reading`` (what the side's rows
        measure), ``rows`` (how many) and ``score`` (the mean of ``direction × strength / 3``
        over the side's rows, in [−1, 1]; 0 with none).

    Examples
    --------
    >>> table = trust_by_side()
    >>> list(table.index)
    ['iran', 'russia']
    >>> int(table["rows"].sum()) == int((load_evidence()["criterion_id"] == TRUST).sum())
    True
    """
    evidence = _evidence(include_article)
    trust = evidence[evidence["criterion_id"] == TRUST]
    sides = list(SIDE_LABELS)
    value = (trust["direction"] * trust["strength"] / 3).groupby(trust["side"])
    table = pd.DataFrame({
        "reading": pd.Series(SIDE_LABELS),
        "rows": value.size().reindex(sides, fill_value=0).astype(int),
        "score": value.mean().reindex(sides, fill_value=0.0).astype(float),
    })
    return table.rename_axis("side")


def complete_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Every criterion's weight: ``weights`` with missing criteria at their default weight.

    Raises ``ValueError`` for an unknown criterion id or a negative, NaN or infinite
    weight, ``TypeError`` for a weight that is not a number. :func:`verdict` and
    :func:`flip_points` use it.

    Examples
    --------
    >>> complete_weights({"israel": 0})["israel"], len(complete_weights()) == len(load_criteria())
    (0.0, True)
    """
    full = default_weights()
    if weights is None:
        return full
    if not isinstance(weights, Mapping):
        kind = type(weights).__name__
        raise TypeError(f"weights must be a dict such as {{'shared_goals': 3}}, not {kind}")
    valid = list(full)
    for key, value in weights.items():
        if key not in full:
            raise ValueError(
                f"unknown criterion id {key!r}; valid criterion ids: {', '.join(valid)}"
            )
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"the weight of {key!r} must be a number, not {type(value).__name__}")
        # NaN passes "< 0" and an infinite weight gives inf/inf: both made a score of 0,
        # a silent "marriage of convenience"
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"the weight of {key!r} must be a number 0 or more, got {value!r}")
        full[key] = float(value)
    return full


@dataclass(frozen=True)
class VerdictResult:
    """The outcome of :func:`verdict`.

    Attributes
    ----------
    score : float
        Σ wᵢ·sᵢ / Σ wᵢ over the axis's criteria, in [−1, 1].
    label : str
        The axis's first label if ``score > 0``, else its second (basis: "strategic
        partnership" / "marriage of convenience"; commitment: "alliance" / "alignment").
    weights : dict
        The weight used for every criterion (both axes).
    criteria : pandas.DataFrame
        Indexed by ``criterion_id``, the axis's criteria only: ``label``, ``weight``,
        ``score`` (the criterion's score), ``contribution`` (wᵢ·sᵢ / Σ w; these add up
        to the score) and ``evidence`` (how many rows).
    drivers : pandas.DataFrame
        The evidence rows counted, with their ``contribution`` to the score (the
        criterion's share divided among its rows; they add up to the score), largest
        effect first.
    include_article : bool
        Whether the article's own assertions were counted (``False`` by default).
    axis : str
        ``"basis"`` or ``"commitment"``.
    """

    score: float
    label: str
    weights: dict[str, float]
    criteria: pd.DataFrame = field(repr=False)
    drivers: pd.DataFrame = field(repr=False)
    include_article: bool = False
    axis: str = "basis"

    def summary(self) -> str:
        """One sentence: the verdict, its score and the criterion that pushes it most.

        Examples
        --------
        >>> verdict().summary().startswith("Verdict: ")
        True
        """
        top = self.criteria["contribution"].abs().idxmax()
        axis = "" if self.axis == "basis" else f" on the {self.axis} axis"
        return (
            f"Verdict{axis}: {self.label} (score {self.score:+.2f} on a scale from −1 to +1); "
            f"the criterion with the largest weighted effect is "
            f"'{self.criteria.at[top, 'label']}' ({self.criteria.at[top, 'contribution']:+.2f})."
        )


def verdict(
    weights: Mapping[str, float] | None = None, *, include_article: bool = False,
    axis: str = "basis",
) -> VerdictResult:
    """Weigh the criteria of one axis and return its verdict, score and what drives it.

    Parameters
    ----------
    weights : dict, optional
        ``{criterion_id: weight}`` with weights ≥ 0 (criteria of either axis); criteria
        left out keep their ``default_weight``. At least one weight of the axis must be
        above 0.
    include_article : bool, default False
        Also count the article's own assertions (``origin == "article"``). Scoring the
        article with its own claims is circular, so they are left out by default.
    axis : {"basis", "commitment"}, default "basis"
        ``"basis"``: strategic partnership vs marriage of convenience (the article's
        question); ``"commitment"``: alliance vs alignment.

    Returns
    -------
    VerdictResult

    Raises
    ------
    ValueError
        For an unknown criterion id (the message lists the valid ids), a negative weight,
        an unknown axis, or weights that are all 0 on the axis.

    Examples
    --------
    >>> result = verdict()
    >>> result.label in LABELS
    True
    >>> verdict(axis="commitment").label
    'alignment'
    >>> bool(abs(result.drivers["contribution"].sum() - result.score) < 1e-9)
    True
    >>> only_israel = {c: 0 for c in default_weights()} | {"israel": 1}
    >>> verdict(only_israel).label
    'marriage of convenience'
    >>> verdict(include_article=True).include_article
    True
    >>> verdict({"shared_goal": 2})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown criterion id 'shared_goal'; valid criterion ids: ...
    """
    full = complete_weights(weights)
    ids = _axis_ids(axis)
    total = sum(full[c] for c in ids)
    if total <= 0:
        raise ValueError(f"at least one criterion of the {axis} axis needs a weight above 0")
    criteria = _read("criteria").set_index("criterion_id").loc[ids]
    scores = criterion_scores(include_article).loc[ids]
    table = pd.DataFrame({"label": criteria["label"],
                          "weight": pd.Series({c: full[c] for c in ids}), "score": scores})
    table.index.name = "criterion_id"
    table["contribution"] = table["weight"] * table["score"] / total
    evidence = _evidence(include_article)
    evidence = evidence[evidence["criterion_id"].isin(ids)]
    counts = evidence["criterion_id"].value_counts()
    table["evidence"] = counts.reindex(table.index, fill_value=0).astype(int)
    score = float(table["contribution"].sum())

    drivers = evidence.copy()
    per_row = drivers["direction"] * drivers["strength"] / 3
    share = table["weight"] / total / table["evidence"].where(table["evidence"] > 0)
    drivers["contribution"] = per_row * drivers["criterion_id"].map(share)
    drivers["criterion"] = drivers["criterion_id"].map(criteria["label"])
    order = drivers["contribution"].abs().sort_values(ascending=False, kind="stable").index
    drivers = drivers.loc[order].reset_index(drop=True)
    labels = AXIS_LABELS[axis]
    label = labels[0] if score > 0 else labels[1]
    return VerdictResult(score=score, label=label, weights=full, criteria=table,
                         drivers=drivers, include_article=include_article, axis=axis)


def axis_verdicts(
    weights: Mapping[str, float] | None = None, *, include_article: bool = False
) -> pd.DataFrame:
    """The verdict on both axes: basis (partnership or convenience), commitment (alliance
    or alignment).

    Parameters
    ----------
    weights : dict, optional
        As for :func:`verdict` (criteria of both axes).
    include_article : bool, default False
        As for :func:`verdict`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``axis`` (``"basis"``, ``"commitment"``): ``above_0`` and
        ``at_or_below_0`` (the axis's two readings), ``criteria`` (how many), ``score``
        and ``label`` (the reading the score gives).

    Examples
    --------
    >>> table = axis_verdicts()
    >>> list(table.index)
    ['basis', 'commitment']
    >>> bool(table.loc["basis", "score"] == verdict().score)
    True
    """
    rows = []
    for axis in AXES:
        result = verdict(weights, include_article=include_article, axis=axis)
        rows.append((axis, *AXIS_LABELS[axis], len(result.criteria), result.score, result.label))
    columns = ["axis", "above_0", "at_or_below_0", "criteria", "score", "label"]
    return pd.DataFrame(rows, columns=columns).set_index("axis")


def flip_points(
    weights: Mapping[str, float] | None = None, *, include_article: bool = False,
    axis: str = "basis",
) -> dict[str, float | None]:
    """For each criterion of an axis, the weight at which its verdict flips, the others
    held fixed.

    Changing one weight wₖ to x moves the score to (A + x·sₖ) / (B + x), where A and B are
    the weighted sum and the total weight of the *other* criteria; its sign changes at
    x* = −A / sₖ. That threshold is reported when the other verdict can be reached with a
    weight in 0..5 (:data:`MAX_WEIGHT`); otherwise ``None`` (the criterion cannot flip
    the verdict on its own).

    A "strategic partnership" verdict flips once the weight *reaches* x* (a score of
    exactly 0 counts as "marriage of convenience"); a "marriage of convenience" verdict
    flips once the weight goes *beyond* x*. :func:`sensitivity` says which way. The same
    holds for "alliance" and "alignment" on the commitment axis.

    Parameters
    ----------
    weights : dict, optional
        As for :func:`verdict`.
    include_article : bool, default False
        As for :func:`verdict`.
    axis : {"basis", "commitment"}, default "basis"
        As for :func:`verdict`.

    Returns
    -------
    dict
        ``{criterion_id: threshold weight or None}`` for the axis's criteria.

    Examples
    --------
    >>> flips = flip_points()
    >>> set(flips) == set(load_criteria().query("axis == 'basis'")["criterion_id"])
    True
    >>> all(f is None or 0 <= f <= MAX_WEIGHT for f in flips.values())
    True
    """
    full = complete_weights(weights)
    ids = _axis_ids(axis)
    if sum(full[c] for c in ids) <= 0:
        raise ValueError(f"at least one criterion of the {axis} axis needs a weight above 0")
    scores = criterion_scores(include_article)
    current = verdict(full, include_article=include_article, axis=axis).score > 0
    result: dict[str, float | None] = {}
    for crit in ids:
        s = float(scores[crit])
        others = {c: full[c] for c in ids if c != crit}
        # math.fsum, and x* rounded: the threshold must not depend on the Python version
        # (3.12's sum() of floats compensates rounding, 3.11's does not), and a threshold
        # that is 0 in exact arithmetic must come out as 0, not as ±1e-17 (set 06.4).
        A = math.fsum(v * float(scores[c]) for c, v in others.items())
        B = math.fsum(others.values())
        if s == 0:
            result[crit] = None
            continue
        x = round(-A / s, 9) + 0.0  # + 0.0: no -0.0
        lowest = 0.0 if B > 0 else 1e-12  # with no other weight, x = 0 is not a model
        if s > 0:  # partnership iff x > x*
            reachable = (x >= lowest) if current else (x < MAX_WEIGHT)
        else:  # partnership iff x < x*
            reachable = (x <= MAX_WEIGHT) if current else (x > lowest)
        result[crit] = round(x, 6) if reachable and 0 <= x <= MAX_WEIGHT else None
    return result


def sensitivity(
    weights: Mapping[str, float] | None = None, *, include_article: bool = False,
    axis: str = "basis",
) -> pd.DataFrame:
    """:func:`flip_points` as a table with a sentence per criterion of the axis.

    Parameters
    ----------
    weights : dict, optional
        As for :func:`verdict`.
    include_article : bool, default False
        As for :func:`verdict`.
    axis : {"basis", "commitment"}, default "basis"
        As for :func:`verdict`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``criterion_id``: ``label``, ``weight``, ``score``, ``flip_at`` (float
        or missing) and ``change`` (e.g. "raise above 3.20 → strategic partnership").

    Examples
    --------
    >>> table = sensitivity()
    >>> list(table.columns)
    ['label', 'weight', 'score', 'flip_at', 'change']
    """
    result = verdict(weights, include_article=include_article, axis=axis)
    flips = flip_points(result.weights, include_article=include_article, axis=axis)
    labels = AXIS_LABELS[axis]
    other = labels[1] if result.score > 0 else labels[0]
    rows = []
    for crit, row in result.criteria.iterrows():
        at = flips[crit]
        if at is None:
            change = f"cannot flip the verdict on its own (weights 0–{MAX_WEIGHT:g})"
        else:
            raise_it = (row["score"] > 0) != (result.score > 0)
            if result.score > 0:
                verb = f"raise to {at:.2f} or more" if raise_it else f"lower to {at:.2f} or less"
            else:
                verb = f"raise above {at:.2f}" if raise_it else f"lower below {at:.2f}"
            change = f"{verb} → {other}"
        rows.append((crit, row["label"], row["weight"], row["score"], at, change))
    columns = ["criterion_id", "label", "weight", "score", "flip_at", "change"]
    table = pd.DataFrame(rows, columns=columns).set_index("criterion_id")
    table["flip_at"] = table["flip_at"].astype(float)
    return table


def origin_comparison(
    weights: Mapping[str, float] | None = None, *, axis: str = "basis"
) -> pd.DataFrame:
    """The verdict with and without the article's own assertions, criterion by criterion.

    The 2018 article asks whether the alliance is a marriage of convenience; some evidence
    rows are the article's own assertions (``origin == "article"``). Counting them scores
    the article partly with its own answer. This table shows how much that matters.

    Parameters
    ----------
    weights : dict, optional
        As for :func:`verdict`.
    axis : {"basis", "commitment"}, default "basis"
        As for :func:`verdict` (the article's rows all bear on the basis axis).

    Returns
    -------
    pandas.DataFrame
        Indexed by the axis's ``criterion_id``, then a last row ``"verdict"``: ``label``,
        ``weight``, ``rows_independent`` and ``rows_article`` (how many evidence rows of
        each origin),
        ``score_independent`` (the default model) and ``score_with_article``
        (``include_article=True``). On the ``"verdict"`` row the scores are the verdict
        scores and the row counts are totals.

    Examples
    --------
    >>> table = origin_comparison()
    >>> bool(table.loc["verdict", "score_independent"] == verdict().score)
    True
    >>> int(table.loc["verdict", "rows_article"]) == int(
    ...     (load_evidence()["origin"] == "article").sum())
    True
    """
    independent = verdict(weights, axis=axis)
    with_article = verdict(weights, include_article=True, axis=axis)
    criteria = _read("criteria").set_index("criterion_id").loc[_axis_ids(axis)]
    evidence = _read("evidence")
    counts = pd.crosstab(evidence["criterion_id"], evidence["origin"]).reindex(
        index=criteria.index, columns=list(schema_values("evidence", "origin")), fill_value=0)
    table = pd.DataFrame(
        {
            "label": criteria["label"],
            "weight": pd.Series(independent.weights).reindex(criteria.index),
            "rows_independent": counts["independent"].astype(int),
            "rows_article": counts["article"].astype(int),
            "score_independent": independent.criteria["score"],
            "score_with_article": with_article.criteria["score"],
        }
    )
    total = pd.DataFrame(
        {
            "label": ["verdict score"],
            "weight": [float(independent.criteria["weight"].sum())],
            "rows_independent": [int(table["rows_independent"].sum())],
            "rows_article": [int(table["rows_article"].sum())],
            "score_independent": [independent.score],
            "score_with_article": [with_article.score],
        },
        index=["verdict"],
    )
    return pd.concat([table, total]).rename_axis("criterion_id")
