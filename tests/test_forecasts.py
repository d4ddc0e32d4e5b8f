"""Forecast scoring: the Brier score, its validation, the forecast table and the baselines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import coursekit
from coursekit.forecasts import (
    ARTICLE_WORDING,
    KENT_SCALE,
    RESOLUTIONS,
    SCORED,
    brier_score,
    calibration_table,
    forecast_table,
    score_baselines,
)


# ------------------------------------------------------------------ brier_score
@pytest.mark.parametrize(
    ("probabilities", "outcomes", "expected"),
    [
        ([1.0, 0.0], [1, 0], 0.0),
        ([0.0, 1.0], [1, 0], 1.0),
        ([0.5] * 4, [1, 0, 0, 1], 0.25),
        ([0.9, 0.2], [1, 0], 0.025),
        ([0.7], [0], 0.49),
    ],
)
def test_brier_score_values(probabilities, outcomes, expected):
    assert brier_score(probabilities, outcomes) == pytest.approx(expected)


def test_brier_score_accepts_arrays_series_tuples_and_bools():
    p = np.array([0.8, 0.3])
    assert brier_score(p, pd.Series([1, 0])) == pytest.approx(0.065)
    assert brier_score((0.8, 0.3), (True, False)) == pytest.approx(0.065)
    assert brier_score(pd.Series([0.8, 0.3]), np.array([1, 0])) == pytest.approx(0.065)
    assert isinstance(brier_score(p, [1, 0]), float)


@pytest.mark.parametrize(
    ("probabilities", "outcomes", "message"),
    [
        ([0.5], [1, 0], "same length: got 1 probabilities and 2 outcomes"),
        ([], [], "nothing to score"),
        ([1.2], [1], "probabilities[0] = 1.2 is not between 0 and 1 (a percentage?"),
        ([-0.1], [1], "probabilities[0] = -0.1 is not between 0 and 1"),
        ([0.5], [2], "outcomes[0] = 2: an outcome is 1"),
        ([0.5], [0.5], "outcomes[0] = 0.5"),
        ([float("nan")], [1], "probabilities[0] is missing"),
    ],
)
def test_brier_score_value_errors(probabilities, outcomes, message):
    with pytest.raises(ValueError) as info:
        brier_score(probabilities, outcomes)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("probabilities", "outcomes", "message"),
    [
        ("0.5", [1], "probabilities must be a list"),
        (0.5, [1], "probabilities must be a list"),
        ({"C29": 0.5}, [1], "not dict"),
        ([0.5], "1", "outcomes must be a list"),
        (["0.5"], [1], "probabilities[0] must be a number, not str"),
        ([0.5], [None], "outcomes[0] must be a number, not NoneType"),
        ([True], [1], "probabilities[0] must be a number, not bool"),
        (pd.DataFrame({"p": [0.5]}), [1], "not a DataFrame"),
    ],
)
def test_brier_score_type_errors(probabilities, outcomes, message):
    with pytest.raises(TypeError) as info:
        brier_score(probabilities, outcomes)
    assert message in str(info.value)


# ------------------------------------------------------------------ resolutions
CLAIMS = coursekit.load_claims().set_index("claim_id")


def test_every_claim_records_a_resolution():
    assert set(RESOLUTIONS) >= set(SCORED)
    assert CLAIMS["resolution"].notna().all()
    assert set(CLAIMS["resolution"].astype(str)) <= set(RESOLUTIONS)
    # only forecasts have a resolution other than not_a_forecast
    is_forecast = CLAIMS["claim_type"] == "forecast"
    assert (CLAIMS.loc[~is_forecast, "resolution"] == "not_a_forecast").all()
    assert (CLAIMS.loc[is_forecast, "resolution"] != "not_a_forecast").all()


def test_resolved_is_set_exactly_for_the_scored_forecasts():
    scored = CLAIMS["resolution"].isin(SCORED)
    assert CLAIMS.loc[scored, "resolved"].notna().all()
    assert CLAIMS.loc[~scored, "resolved"].isna().all()
    assert (CLAIMS.loc[CLAIMS["resolution"] == "happened", "resolved"] == 1).all()
    assert (CLAIMS.loc[CLAIMS["resolution"] == "did_not_happen", "resolved"] == 0).all()
    # the status agrees with the resolution
    for value in SCORED:
        assert (CLAIMS.loc[CLAIMS["resolution"] == value, "status"] == value).all()
    assert (CLAIMS.loc[CLAIMS["resolution"] == "mixed", "status"] == "partly").all()


@pytest.mark.parametrize(
    ("claim_id", "resolution", "needle"),
    [
        ("C29", "void", "condition never held"),  # "if Assad recaptures Idlib": he never did
        ("C35", "void", "fall of Idlib"),  # the opportunity "provided by the fall of Idlib"
        ("C36", "possibility", "could easily use"),  # a possibility, no likelihood
        ("C30", "did_not_happen", "Idlib did not fall"),
        ("C32", "happened", "Assad's fate"),
    ],
)
def test_the_article_forecasts_are_resolved_as_the_record_allows(claim_id, resolution,
                                                                   needle):
    row = CLAIMS.loc[claim_id]
    assert row["resolution"] == resolution
    assert needle in row["outcome"]


# ------------------------------------------------------------------ forecast_table
def test_forecast_table_holds_exactly_the_scored_forecasts():
    scored = CLAIMS[(CLAIMS["claim_type"] == "forecast") & CLAIMS["resolution"].isin(SCORED)]
    table = forecast_table()
    assert list(table["claim_id"]) == sorted(scored.index) == ["C30", "C32"]
    assert list(table.columns) == ["claim_id", "paragraph", "claim", "status", "resolution",
                                   "outcome", "what_happened", "wording", "reading",
                                   "implied"]
    assert set(table["outcome"]) <= {0, 1}
    assert str(table["outcome"].dtype) == "int64"
    # the outcome agrees with the resolution
    happened = table["resolution"] == "happened"
    assert (table.loc[happened, "outcome"] == 1).all()
    assert (table.loc[table["resolution"] == "did_not_happen", "outcome"] == 0).all()


def test_forecast_table_can_show_what_is_left_out():
    table = forecast_table(include_unscored=True)
    forecasts = CLAIMS[CLAIMS["claim_type"] == "forecast"]
    assert list(table["claim_id"]) == sorted(forecasts.index)
    assert str(table["outcome"].dtype) == "Int64"
    left_out = ~table["resolution"].isin(SCORED)
    assert table.loc[left_out, "outcome"].isna().all()
    assert table.loc[~left_out, "outcome"].notna().all()


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_forecast_table_rejects_a_non_bool(value):
    with pytest.raises(TypeError, match="include_unscored must be True or False"):
        forecast_table(include_unscored=value)


def test_every_scored_forecast_has_a_reading_of_its_wording():
    table = forecast_table()
    assert set(table["claim_id"]) <= set(ARTICLE_WORDING)
    assert table["reading"].isin(list(KENT_SCALE)).all()
    assert table["implied"].between(0, 1).all()
    # the wording names the article's paragraph of the claim
    for row in table.itertuples():
        assert f"(¶{row.paragraph})" in row.wording


def test_kent_scale_is_ordered():
    values = list(KENT_SCALE.values())
    assert values == sorted(values, reverse=True)
    assert KENT_SCALE["probable"] == 0.75 and KENT_SCALE["almost certain"] == 0.93


# ------------------------------------------------------------------ score_baselines
def test_score_baselines_agree_with_brier_score():
    table = forecast_table()
    outcomes = table["outcome"].tolist()
    n = len(outcomes)
    scores = score_baselines().set_index("baseline")["brier"]
    assert scores["always 0.5"] == pytest.approx(0.25)
    assert scores["everything happens (1.0)"] == pytest.approx(1 - sum(outcomes) / n)
    assert scores["nothing happens (0.0)"] == pytest.approx(sum(outcomes) / n)
    assert scores["article's implied confidence"] == pytest.approx(
        brier_score(table["implied"], outcomes))
    # the hindsight base rate is the best constant forecast: p(1 - p)
    rate = sum(outcomes) / n
    assert scores["hindsight base rate"] == pytest.approx(rate * (1 - rate))
    assert scores["hindsight base rate"] <= scores.drop("hindsight base rate").min()


def test_score_baselines_is_sorted_and_marks_hindsight():
    table = score_baselines()
    assert list(table.columns) == ["baseline", "brier", "knowable_in_2018"]
    assert table["brier"].is_monotonic_increasing
    assert table.loc[~table["knowable_in_2018"], "baseline"].tolist() == ["hindsight base rate"]


def test_score_baselines_adds_your_probabilities():
    ids = forecast_table()["claim_id"]
    as_dict = score_baselines({c: 0.5 for c in ids}).set_index("baseline")["brier"]
    as_list = score_baselines([0.5] * len(ids)).set_index("baseline")["brier"]
    assert as_dict["your probabilities"] == as_list["your probabilities"] == 0.25
    with pytest.raises(ValueError, match="miss the forecasts"):
        score_baselines({ids.iloc[0]: 0.5})
    with pytest.raises(ValueError, match="same length"):
        score_baselines([0.5])


# ------------------------------------------------------------------ calibration_table
def test_calibration_table():
    table = calibration_table([0.1, 0.15, 0.7, 0.75, 1.0], [0, 1, 1, 1, 1])
    assert table["bin"].tolist() == ["0.0–0.2", "0.6–0.8", "0.8–1.0"]
    assert table["forecasts"].tolist() == [2, 2, 1]
    assert table["observed_frequency"].tolist() == [0.5, 1.0, 1.0]
    assert table["gap"].tolist() == [0.375, 0.275, 0.0]


def test_calibration_table_includes_zero_and_rejects_bad_bins():
    assert calibration_table([0.0], [0])["bin"].tolist() == ["0.0–0.2"]
    with pytest.raises(ValueError, match="bins"):
        calibration_table([0.5], [1], bins=(0.2, 1.0))
    with pytest.raises(ValueError, match="bins"):
        calibration_table([0.5], [1], bins=(0.0, 0.6, 0.4, 1.0))
