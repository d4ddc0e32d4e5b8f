"""Scoring the article's forecasts: Brier scores, baselines and calibration.

The 2018 article makes a handful of forecasts (``claim_type == "forecast"`` in
``claims.csv``). Each claim records a ``resolution``, and only two kinds can be scored:

* ``happened`` / ``did_not_happen`` — a clean forecast whose outcome is known (``resolved``
  is 1 or 0): these, and only these, are scored;
* ``void`` — a conditional forecast whose condition never held (e.g. "*if* Assad
  recaptures Idlib …": he never did), neither right nor wrong;
* ``possibility`` — a statement of what *could* happen, with no likelihood ("Russia could
  easily use Iran …"): no outcome refutes it;
* ``mixed`` — the outcome is partly as forecast: no honest 1 or 0;
* ``not_a_forecast`` — facts and interpretations.

Scoring a void forecast or a possibility as "did not happen" makes the forecaster look
worse than the record allows; the choice of claims is part of the score (lesson 07).

This module scores probabilities given to the scorable forecasts:

* :func:`brier_score` — the mean squared difference between probabilities and outcomes
  (Brier 1950): 0 is perfect, 0.25 is what "always 50 %" earns, 1 is perfectly wrong;
* :func:`forecast_table` — the scored forecasts (optionally every forecast), their
  outcome and the confidence the article's own wording implies;
* :func:`score_baselines` — the Brier scores of a few stated baselines (and, optionally,
  of your own probabilities);
* :func:`calibration_table` — how often forecasts made with a given probability came true.

How the article's implied confidence is derived
-----------------------------------------------
The authors give no numbers, only words. Each resolved forecast's key wording
(:func:`article_wording`, from ``claims.csv``) is read as one of Sherman Kent's "words of estimative
probability" (Kent 1964), and takes that word's central value (:data:`KENT_SCALE`):
an unhedged "will" reads as *almost certain* (0.93), "likely"/"one can argue" as
*probable* (0.75). Kent kept "could"/"possible" for judgements to which no probability
can be assigned; the course reads a "could" as *chances about even* (0.5). That last
step is the course's assumption, not Kent's: change it and see what changes.

References
----------
.. [1] Brier, G. W. (1950). "Verification of forecasts expressed in terms of
   probability." Monthly Weather Review 78(1): 1–3.
.. [2] Kent, S. (1964). "Words of Estimative Probability." Studies in Intelligence 8(4).
.. [3] Fischhoff, B. (1975). "Hindsight ≠ foresight: the effect of outcome knowledge on
   judgment under uncertainty." Journal of Experimental Psychology: Human Perception and
   Performance 1(3): 288–299.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from .loaders import load_claims

__all__ = [
    "ARTICLE_WORDING",  # noqa: F822 - read from the data on first use (module __getattr__)
    "KENT_SCALE",
    "RESOLUTIONS",  # noqa: F822 - read from the data on first use (module __getattr__)
    "SCORED",
    "article_wording",
    "brier_score",
    "calibration_table",
    "forecast_table",
    "score_baselines",
]

#: Kent's (1964) words of estimative probability and the central value of each.
KENT_SCALE: dict[str, float] = {
    "certain": 1.0,
    "almost certain": 0.93,
    "probable": 0.75,
    "chances about even": 0.5,
    "probably not": 0.30,
    "almost certainly not": 0.07,
    "impossible": 0.0,
}

#: The two values of ``claims.resolution`` that are scored. (All of its values,
#: :data:`RESOLUTIONS`, are the column's ``enum`` in ``data/schema.json``.)
SCORED = ("happened", "did_not_happen")


def article_wording() -> dict[str, tuple[str, str]]:
    """For each forecast the course reads on Kent's scale: its key words and Kent category.

    Read from the ``wording`` and ``kent`` columns of ``claims.csv`` (the article's key
    words, ¶ in brackets, and the category they are read as). Only C30 and C32 are scored;
    the readings of C29, C35 (void) and C36 (a possibility) are kept so that lesson 07 can
    show what scoring them would do. "could" is read as "chances about even".

    Examples
    --------
    >>> article_wording()["C30"]
    ('“The likelihood that Idlib will fall” (¶13)', 'probable')
    """
    claims = load_claims()
    rows = claims[claims["kent"].notna()]
    return {
        str(c): (str(w), str(k))
        for c, w, k in zip(rows["claim_id"], rows["wording"], rows["kent"], strict=True)
    }


def __getattr__(name: str) -> object:
    # Facts about the data, read from the data when asked for (nothing is read on import):
    # ARTICLE_WORDING (see article_wording) and RESOLUTIONS (claims.resolution's values).
    if name == "ARTICLE_WORDING":
        return article_wording()
    if name == "RESOLUTIONS":
        return tuple(str(c) for c in load_claims()["resolution"].cat.categories)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- validation
def _as_list(values: object, name: str) -> list:
    if isinstance(values, str | bytes) or isinstance(values, Mapping):
        raise TypeError(
            f"{name} must be a list (or tuple, array, Series) of numbers, "
            f"not {type(values).__name__}"
        )
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be one column (a Series), not a DataFrame")
    if not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a list (or tuple, array, Series) of numbers, "
            f"not {type(values).__name__}"
        )
    return list(values)


def _number(value: object, name: str, i: int) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        # numpy scalars are numbers.Real; numpy bools are not, and strings are not
        if type(value).__name__ == "bool_" and name == "outcomes":
            return float(bool(value))
        raise TypeError(f"{name}[{i}] must be a number, not {type(value).__name__} ({value!r})")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"{name}[{i}] is missing (NaN)")
    return number


def _validate(probabilities: object, outcomes: object) -> tuple[list[float], list[int]]:
    probs = _as_list(probabilities, "probabilities")
    outs = _as_list(outcomes, "outcomes")
    if len(probs) != len(outs):
        raise ValueError(
            f"probabilities and outcomes must have the same length: got {len(probs)} "
            f"probabilities and {len(outs)} outcomes"
        )
    if not probs:
        raise ValueError("there is nothing to score: no probabilities and no outcomes")
    p = [_number(v, "probabilities", i) for i, v in enumerate(probs)]
    for i, v in enumerate(p):
        if not 0.0 <= v <= 1.0:
            hint = " (a percentage? divide by 100)" if 1.0 < v <= 100.0 else ""
            raise ValueError(f"probabilities[{i}] = {v:g} is not between 0 and 1{hint}")
    o: list[int] = []
    for i, v in enumerate(outs):
        if isinstance(v, bool):
            o.append(int(v))
            continue
        number = _number(v, "outcomes", i)
        if number not in (0.0, 1.0):
            raise ValueError(
                f"outcomes[{i}] = {number:g}: an outcome is 1 (it happened) or 0 (it did not)"
            )
        o.append(int(number))
    return p, o


# --------------------------------------------------------------------------- scores
def brier_score(probabilities: Sequence[float], outcomes: Sequence[int]) -> float:
    """The Brier score: the mean of (probability − outcome)² over the forecasts.

    Parameters
    ----------
    probabilities : sequence of float
        The probability given to each forecast coming true, each in [0, 1].
    outcomes : sequence of int
        1 if the forecast came true, 0 if not; same length, same order.

    Returns
    -------
    float
        From 0 (certain and always right) to 1 (certain and always wrong); lower is
        better. Saying 0.5 every time scores 0.25.

    Raises
    ------
    TypeError
        If an argument is not a list-like of numbers (a string, a dict, a number …).
    ValueError
        If the lengths differ, nothing is given, a probability is outside [0, 1], or an
        outcome is not 0 or 1.

    Examples
    --------
    >>> brier_score([0.9, 0.2], [1, 0])
    0.025
    >>> brier_score([0.5, 0.5, 0.5], [1, 0, 0])
    0.25
    >>> brier_score([80, 20], [1, 0])
    Traceback (most recent call last):
    ...
    ValueError: probabilities[0] = 80 is not between 0 and 1 (a percentage? divide by 100)
    >>> brier_score([0.3], [1, 0])
    Traceback (most recent call last):
    ...
    ValueError: probabilities and outcomes must have the same length: got 1 probabilities and 2 outcomes
    """  # noqa: E501
    p, o = _validate(probabilities, outcomes)
    return round(sum((pi - oi) ** 2 for pi, oi in zip(p, o)) / len(p), 12)


def forecast_table(include_unscored: bool = False) -> pd.DataFrame:
    """The article's scorable forecasts, their outcome and the article's implied confidence.

    Parameters
    ----------
    include_unscored : bool, default False
        Also list the forecasts that are not scored (``void``, ``possibility``,
        ``mixed``), with a missing ``outcome``: to see what the selection leaves out.

    Returns
    -------
    pandas.DataFrame
        One row per forecast whose ``resolution`` is ``happened`` or ``did_not_happen``
        (or every forecast), in claim order: ``claim_id``, ``paragraph``, ``claim``,
        ``status``, ``resolution``, ``outcome`` (1 happened, 0 did not; int, or nullable
        Int64 with ``include_unscored``), ``what_happened`` (the claims table's
        ``outcome`` text), ``wording`` (the article's key words), ``reading`` (the Kent
        category) and ``implied`` (its probability; missing for a forecast the course has
        not read).

    Raises
    ------
    TypeError
        If ``include_unscored`` is not True or False.

    Examples
    --------
    >>> table = forecast_table()
    >>> table["claim_id"].tolist()
    ['C30', 'C32']
    >>> set(table["outcome"]) <= {0, 1}
    True
    >>> bool(table["implied"].between(0, 1).all())
    True
    >>> forecast_table(include_unscored=True)["resolution"].value_counts().to_dict()
    {'mixed': 3, 'void': 2, 'did_not_happen': 1, 'happened': 1, 'possibility': 1}
    """
    if not isinstance(include_unscored, bool):
        raise TypeError(
            f"include_unscored must be True or False, not {type(include_unscored).__name__}"
        )
    claims = load_claims()
    mask = claims["claim_type"] == "forecast"
    if not include_unscored:
        mask &= claims["resolution"].isin(SCORED)
    rows = claims.loc[mask].sort_values("claim_id", kind="stable")
    outcome = rows["resolved"].astype("Int64" if include_unscored else int)
    table = pd.DataFrame(
        {
            "claim_id": rows["claim_id"].astype(str),
            "paragraph": rows["paragraph"].astype(int),
            "claim": rows["claim"].astype(str),
            "status": rows["status"].astype(str),
            "resolution": rows["resolution"].astype(str),
            "outcome": outcome,
            "what_happened": rows["outcome"].astype(str),
        }
    ).reset_index(drop=True)
    readings = article_wording()
    wording = table["claim_id"].map(lambda c: readings.get(c, (None, None)))
    table["wording"] = [w for w, _ in wording]
    table["reading"] = [r for _, r in wording]
    table["implied"] = table["reading"].map(KENT_SCALE).astype(float)
    return table


def score_baselines(mine: Sequence[float] | Mapping[str, float] | None = None) -> pd.DataFrame:
    """Brier scores of stated baselines on the scored forecasts, best (lowest) first.

    The baselines:

    * ``always 0.5`` — no opinion: 50 % for every forecast;
    * ``article's implied confidence`` — the ``implied`` column of :func:`forecast_table`;
    * ``everything happens (1.0)`` — certain that every forecast comes true;
    * ``nothing happens (0.0)`` — certain that none does;
    * ``hindsight base rate`` — every forecast gets the share that came true. It uses
      the outcomes, so nobody could have stated it in 2018: it shows what hindsight buys.

    Parameters
    ----------
    mine : sequence of float or dict, optional
        Your own probabilities, added as the row ``your probabilities``: a list in the
        order of :func:`forecast_table`, or a dict ``{claim_id: probability}`` covering
        every scored forecast (other keys are ignored).

    Returns
    -------
    pandas.DataFrame
        Columns ``baseline``, ``brier`` and ``knowable_in_2018`` (False only for the
        hindsight base rate), sorted by ``brier`` then ``baseline``.

    Examples
    --------
    >>> table = score_baselines()
    >>> float(table.set_index("baseline").loc["always 0.5", "brier"])
    0.25
    >>> "your probabilities" in set(score_baselines([0.5] * len(forecast_table()))["baseline"])
    True
    """
    table = forecast_table()
    outcomes = table["outcome"].tolist()
    n = len(outcomes)
    if table["implied"].isna().any():
        missing = ", ".join(table.loc[table["implied"].isna(), "claim_id"])
        raise LookupError(f"no reading of the article's wording for: {missing}")
    base_rate = sum(outcomes) / n
    rows = [
        ("always 0.5", brier_score([0.5] * n, outcomes), True),
        ("article's implied confidence", brier_score(table["implied"].tolist(), outcomes), True),
        ("everything happens (1.0)", brier_score([1.0] * n, outcomes), True),
        ("nothing happens (0.0)", brier_score([0.0] * n, outcomes), True),
        ("hindsight base rate", brier_score([base_rate] * n, outcomes), False),
    ]
    if mine is not None:
        if isinstance(mine, Mapping):
            missing = [c for c in table["claim_id"] if c not in mine]
            if missing:
                raise ValueError("your probabilities miss the forecasts " + ", ".join(missing))
            mine = [mine[c] for c in table["claim_id"]]
        rows.append(("your probabilities", brier_score(mine, outcomes), True))
    result = pd.DataFrame(rows, columns=["baseline", "brier", "knowable_in_2018"])
    return result.sort_values(["brier", "baseline"], kind="stable").reset_index(drop=True)


def _edge(x: float) -> str:
    text = f"{x:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def calibration_table(
    probabilities: Sequence[float],
    outcomes: Sequence[int],
    bins: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
) -> pd.DataFrame:
    """Calibration: for forecasts made with similar probabilities, how often were they right?

    A forecaster is *well calibrated* when, of all the things they call 70 % likely,
    about 70 % happen. The forecasts are grouped into probability bins (each bin includes
    its upper edge; the first also its lower edge), and each bin's mean probability is set
    against the share that came true.

    Parameters
    ----------
    probabilities, outcomes : sequences
        As for :func:`brier_score`.
    bins : sequence of float
        Increasing bin edges from 0 to 1.

    Returns
    -------
    pandas.DataFrame
        One row per bin that holds forecasts: ``bin`` (e.g. ``"0.6–0.8"``), ``forecasts``,
        ``mean_probability``, ``observed_frequency`` and ``gap``
        (observed − mean probability; negative = over-confident that things happen).

    Examples
    --------
    >>> calibration_table([0.75, 0.75, 0.93, 0.5], [0, 0, 1, 0])[["bin", "forecasts"]]
           bin  forecasts
    0  0.4–0.6          1
    1  0.6–0.8          2
    2  0.8–1.0          1
    """
    p, o = _validate(probabilities, outcomes)
    edges = [float(b) for b in bins]
    if len(edges) < 2 or edges != sorted(set(edges)) or edges[0] != 0.0 or edges[-1] != 1.0:
        raise ValueError("bins must be increasing edges from 0 to 1, e.g. (0, 0.5, 1)")
    labels = [f"{_edge(a)}–{_edge(b)}" for a, b in zip(edges[:-1], edges[1:])]
    frame = pd.DataFrame({"p": p, "o": o})
    frame["bin"] = pd.cut(frame["p"], bins=edges, labels=labels, include_lowest=True)
    grouped = frame.groupby("bin", observed=True)
    table = pd.DataFrame(
        {
            "forecasts": grouped.size(),
            "mean_probability": grouped["p"].mean().round(4),
            "observed_frequency": grouped["o"].mean().round(4),
        }
    )
    table["gap"] = (table["observed_frequency"] - table["mean_probability"]).round(4)
    table = table.reset_index()
    table["bin"] = table["bin"].astype(str)
    return table
