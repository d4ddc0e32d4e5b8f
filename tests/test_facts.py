"""The data agree with the course's vetted fact sheet (FACTS.md).

A learner's clone has no ``../shared``, so the facts tested here are carried in
``tests/data``: the dates of FACTS.md's dated events and its coordinates.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import coursekit

HERE = Path(__file__).parent / "data"
FACT_DATES = pd.read_csv(HERE / "facts_dates.csv", dtype=str)
COORDINATES = pd.read_csv(HERE / "facts_coordinates.csv")


@pytest.fixture(scope="module")
def events():
    return coursekit.load_events().set_index("event_id")


@pytest.mark.parametrize(
    "row", FACT_DATES.to_dict("records"), ids=lambda r: f"{r['fact_id']}-{r['event_id']}"
)
def test_event_carries_the_fact_sheet_date(events, row):
    assert row["event_id"] in events.index, f"{row['what']} ({row['fact_id']}) is not in events"
    event = events.loc[row["event_id"]]
    assert event["fact_id"] == row["fact_id"]
    assert event["date"].strftime("%Y-%m-%d") == row["event_date"], row["what"]


def test_every_event_citing_a_fact_is_checked(events):
    cited = events[events["fact_id"].notna()].index
    checked = set(FACT_DATES["event_id"])
    unchecked = sorted(set(cited) - checked)
    assert not unchecked, f"events cite a FACTS.md id but have no date to check: {unchecked}"


@pytest.mark.parametrize("row", COORDINATES.to_dict("records"), ids=lambda r: r["place_id"])
def test_place_coordinates_match_fact_sheet(row):
    places = coursekit.load_places().set_index("place_id")
    assert (places.at[row["place_id"], "lat"], places.at[row["place_id"], "lon"]) == (
        row["lat"],
        row["lon"],
    )


@pytest.mark.parametrize(
    ("fact_id", "status", "needle"),
    [
        ("F15", "error", "Il-20"),  # the article's "fighter jet" was an Il-20M
        ("F24", "did_not_happen", "Idlib"),  # Idlib did not fall to Assad
    ],
)
def test_claims_bring_out_the_articles_errors(fact_id, status, needle):
    claims = coursekit.load_claims()
    rows = claims[(claims["fact_id"] == fact_id) & (claims["status"] == status)]
    assert len(rows) >= 1
    assert rows["outcome"].str.contains(needle).all()
