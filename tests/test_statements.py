"""The actors' own words: statements.csv, load_statements() and statements()."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import coursekit
from coursekit.loaders import data_path
from coursekit.quotes import STATEMENT_ACTORS, TOPICS, Statements

SCHEMA = json.loads(data_path("schema.json").read_text(encoding="utf-8"))
COLUMNS = SCHEMA["tables"]["statements"]["schema"]["properties"]
# Kinds of source a quotation may rest on: the speaker's own channel or the press.
QUOTABLE_KINDS = {"official", "news"}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return coursekit.load_statements()


def test_the_choices_are_the_schemas(table):
    assert tuple(COLUMNS["actor"]["enum"]) == STATEMENT_ACTORS
    assert tuple(COLUMNS["topic"]["enum"]) == TOPICS


def test_actors_are_the_datasets_except_the_arab_league():
    actors = set(coursekit.load_actors()["actor_id"])
    assert set(STATEMENT_ACTORS) - actors == {"arab_league"}


@pytest.mark.parametrize("actor", STATEMENT_ACTORS)
def test_each_actor_has_two_to_four_statements(table, actor):
    assert 2 <= (table["actor"] == actor).sum() <= 4


def test_the_table_is_balanced_and_small(table):
    counts = table["actor"].value_counts()
    assert counts.max() <= 4
    assert len(table) <= 30


def test_ids_run_in_order(table):
    assert table["statement_id"].tolist() == [f"S{n:02d}" for n in range(1, len(table) + 1)]


@pytest.mark.parametrize("column", ["citation", "url", "speaker", "role", "occasion"])
def test_every_statement_is_attributed_and_cited(table, column):
    assert table[column].notna().all(), table.loc[table[column].isna(), "statement_id"].tolist()


def test_sources_are_official_or_press(table):
    kinds = coursekit.load_sources().set_index("source_id")["kind"]
    used = kinds.loc[table["source_id"].unique()]
    assert set(used) <= QUOTABLE_KINDS, used[~used.isin(QUOTABLE_KINDS)].to_dict()


def test_quotes_are_a_sentence_or_two(table):
    for _, row in table.iterrows():
        sentences = re.findall(r"[.!?](?:\s|$)", row["quote"])
        assert 1 <= len(sentences) <= 2, row["statement_id"]
        assert not row["quote"].startswith(('"', "“")), row["statement_id"]


def test_dates_fall_in_the_war_and_after(table):
    assert table["date"].min() >= pd.Timestamp("2011-01-01")
    assert table["date"].max() <= pd.Timestamp("2025-12-31")


def test_load_statements_returns_a_copy():
    first = coursekit.load_statements()
    first.loc[0, "quote"] = "changed"
    assert coursekit.load_statements().loc[0, "quote"] != "changed"


@pytest.mark.parametrize("actor", STATEMENT_ACTORS)
def test_statements_of_an_actor(actor):
    said = coursekit.statements(actor)
    assert isinstance(said, Statements)
    frame = said.frame
    assert set(frame["actor"]) == {actor}
    assert frame["date"].is_monotonic_increasing
    assert said.ids == frame["statement_id"].tolist()
    assert len(said) == len(frame)


def test_statements_by_topic():
    said = coursekit.statements("russia", topic="israels_security")
    assert said.ids == ["S02"]
    assert said.title == "Russia — Israel's security"


def test_statements_by_id_keep_date_order():
    said = coursekit.statements("russia", ids=["S03", "S01"])
    assert said.ids == ["S01", "S03"]


def test_ids_may_be_any_iterable_even_a_generator():
    # the check of each id used a generator up, and the excerpts chosen were none
    said = coursekit.statements("russia", ids=(i for i in ["S03", "S01"]))
    assert said.ids == ["S01", "S03"]


def test_statements_frame_is_a_copy():
    said = coursekit.statements("iran")
    frame = said.frame
    frame.loc[0, "quote"] = "changed"
    assert said.frame.loc[0, "quote"] != "changed"


def test_no_statement_on_a_topic_gives_an_empty_result():
    said = coursekit.statements("turkey", topic="historical_wariness")
    assert len(said) == 0
    assert "no statements" in repr(said)
    assert "No statements" in said._repr_html_()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"actor": "russa"}, ValueError, r"did you mean 'russia'"),
        ({"actor": "usa"}, ValueError, r"valid actors: arab_league, hezbollah, iran"),
        ({"actor": "iran", "topic": "astana"}, ValueError, r"did you mean 'astana_idlib'"),
        ({"actor": 3}, TypeError, r"actor must be a string"),
        (
            {"actor": "russia", "ids": ["S04"]},
            ValueError,
            r"'S04' is not one of the statements of 'russia'; they are: S01, S02, S03, S25",
        ),
        ({"actor": "russia", "ids": "S02"}, TypeError, r"ids must be a list"),
    ],
)
def test_statements_rejects_bad_choices(kwargs, error, match):
    with pytest.raises(error, match=match):
        coursekit.statements(**kwargs)


def test_text_shows_quote_attribution_and_source():
    text = repr(coursekit.statements("israel", topic="israels_security"))
    assert text.startswith("Israel — Israel's security (3 statements)")
    assert "— Benjamin Netanyahu, Prime Minister of Israel, 2 Dec 2017 [S06" in text
    assert "https://www.haaretz.com/" in text


def test_html_quotes_links_and_escapes():
    row = coursekit.load_statements().iloc[[0]].copy()
    row["quote"] = "<script>alert(1)</script> & more."
    shown = Statements(row, "A <title>")._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "A &lt;title&gt;" in shown
    assert f"href='{row['url'].iloc[0]}'" in shown
    assert shown.count("<blockquote") == 1
