"""Loaders return typed copies of the shipped tables and never leak shared state."""

from __future__ import annotations

import pandas as pd
import pytest

import coursekit
from coursekit.loaders import THEMES

LOADERS = {
    "actors": coursekit.load_actors,
    "relations": coursekit.load_relations,
    "interests": coursekit.load_interests,
    "issues": coursekit.load_issues,
    "positions": coursekit.load_positions,
    "events": coursekit.load_events,
    "places": coursekit.load_places,
    "routes": coursekit.load_routes,
    "claims": coursekit.load_claims,
    "human_cost": coursekit.load_human_cost,
    "sources": coursekit.load_sources,
    "cameo": coursekit.load_cameo,
    "treaties": coursekit.load_treaties,
    "treaty_provisions": coursekit.load_treaty_provisions,
    "readings": coursekit.load_readings,
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_loader_returns_a_nonempty_dataframe(name):
    df = LOADERS[name]()
    assert isinstance(df, pd.DataFrame)
    assert len(df) > 0


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_loader_returns_a_copy(name):
    first = LOADERS[name]()
    first.iloc[0, 0] = "corrupted"
    first["added_by_learner"] = 1
    again = LOADERS[name]()
    assert len(again) > 0
    assert again.iloc[0, 0] != "corrupted"
    assert "added_by_learner" not in again.columns


def test_actor_ids_are_the_stable_slugs():
    ids = set(coursekit.load_actors()["actor_id"])
    assert {
        "iran",
        "russia",
        "syria_gov",
        "hezbollah",
        "israel",
        "usa",
        "saudi_arabia",
        "turkey",
        "syria_opposition",
    } <= ids
    assert 15 <= len(ids) <= 20


def test_event_dtypes_and_derived_goldstein():
    events = coursekit.load_events()
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert isinstance(events["date_precision"].dtype, pd.CategoricalDtype)
    assert events["goldstein"].between(-10, 10).all()
    weights = coursekit.load_cameo().set_index("cameo_code")["goldstein"]
    assert (events["goldstein"] == events["cameo_code"].map(weights)).all()
    assert events["cameo_code"].str.fullmatch(r"\d{2,4}").all()


def test_events_span_two_centuries_and_every_theme():
    events = coursekit.load_events()
    assert len(events) >= 80
    assert events["date"].min().year == 1804
    assert events["date"].max().year == 2025
    tags = events["themes"].str.split(";").explode()
    assert set(tags) == set(THEMES)
    assert tags.value_counts().min() >= 8


def test_categoricals_and_nullable_ints():
    claims = coursekit.load_claims()
    assert isinstance(claims["claim_type"].dtype, pd.CategoricalDtype)
    assert claims["claim_type"].notna().all()
    assert str(claims["resolved"].dtype) == "Int64"
    forecasts = claims[claims["claim_type"] == "forecast"]
    assert len(forecasts) >= 6
    assert str(coursekit.load_interests()["paragraph"].dtype) == "Int64"


def test_claims_cover_the_article():
    paragraphs = set(coursekit.load_claims()["paragraph"])
    assert paragraphs == set(range(1, 16))


def test_events_carry_an_instrument_id_as_text():
    events = coursekit.load_events().set_index("event_id")
    assert events.at["E134", "instrument_id"] == "ru_ir_2025"
    assert pd.isna(events.at["E001", "instrument_id"])
