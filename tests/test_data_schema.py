"""Every shipped table validates against its schema, and the tables agree with each other.

The schema (``coursekit/data/schema.json``) is JSON Schema, checked with ``jsonschema``,
which JupyterLab already installs. Each row is converted to a JSON-like dict (blank cells
become ``None``, whole numbers become ``int``) and validated on its own, so an error names
the table, the row and the column.
"""

from __future__ import annotations

import csv
import json
import re
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from coursekit.loaders import TABLES, load_cameo

DATA = files("coursekit").joinpath("data")
SCHEMA = json.loads(DATA.joinpath("schema.json").read_text(encoding="utf-8"))


def _typed(value: str):
    """Blank → None, integer text → int, decimal text → float, else the text."""
    if value == "":
        return None
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value


def read_rows(table: str) -> list[dict]:
    entry = SCHEMA["tables"][table]
    with DATA.joinpath(entry["file"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=entry.get("delimiter", ",")))
    text_columns = _text_columns(table)
    return [
        {k: (v if (k in text_columns and v != "") else _typed(v)) for k, v in row.items()}
        for row in rows
    ]


def _text_columns(table: str) -> set[str]:
    """Columns the schema types as strings (so '057' stays text)."""
    props = SCHEMA["tables"][table]["schema"].get("properties", {})
    text = set()
    for name, spec in props.items():
        kinds = spec.get("type", [])
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if "string" in kinds and not ({"integer", "number"} & set(kinds)):
            text.add(name)
    return text


ALL_TABLES = sorted(SCHEMA["tables"])


def test_schema_covers_every_table():
    assert set(TABLES) <= set(SCHEMA["tables"])


def test_schema_is_valid_json_schema():
    for table in ALL_TABLES:
        jsonschema.Draft202012Validator.check_schema(SCHEMA["tables"][table]["schema"])


@pytest.mark.parametrize("table", ALL_TABLES)
def test_rows_validate(table):
    validator = jsonschema.Draft202012Validator(SCHEMA["tables"][table]["schema"])
    rows = read_rows(table)
    assert rows, f"{table}.csv is empty"
    problems = [
        f"{table}.csv row {i + 2}: {error.message}"
        for i, row in enumerate(rows)
        for error in validator.iter_errors(row)
    ]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("table", ALL_TABLES)
def test_primary_key_unique(table):
    key = SCHEMA["tables"][table].get("primaryKey")
    assert key, f"{table} declares no primary key"
    rows = read_rows(table)
    seen = [tuple(row[k] for k in key) for row in rows]
    duplicates = sorted({k for k in seen if seen.count(k) > 1})
    assert not duplicates, f"{table}: duplicate keys {duplicates[:5]}"


def _foreign_keys():
    for table in ALL_TABLES:
        for fk in SCHEMA["tables"][table].get("foreignKeys", []):
            yield pytest.param(table, fk, id=f"{table}.{'+'.join(fk['fields'])}")


@pytest.mark.parametrize(("table", "fk"), list(_foreign_keys()))
def test_foreign_keys_resolve(table, fk):
    target = fk["reference"]["table"]
    target_rows = read_rows(target)
    valid = {tuple(row[f] for f in fk["reference"]["fields"]) for row in target_rows}
    missing = sorted(
        {
            tuple(row[f] for f in fk["fields"])
            for row in read_rows(table)
            if all(row[f] is not None for f in fk["fields"])
        }
        - valid
    )
    assert not missing, f"{table}: {fk['fields']} not found in {target}: {missing[:10]}"


# Tables whose rows are definitions (issues: the questions themselves) or sources.
UNSOURCED = {"sources", "issues", "cameo"}  # cameo: the whole file is cited in sources


@pytest.mark.parametrize("table", sorted(set(ALL_TABLES) - UNSOURCED))
def test_every_row_has_a_source(table):
    rows = read_rows(table)
    assert all(row.get("source_id") for row in rows), f"{table}: a row without source_id"
    fks = SCHEMA["tables"][table].get("foreignKeys", [])
    assert any(fk["fields"] == ["source_id"] for fk in fks), f"{table}: source_id is no foreign key"


def test_every_source_is_cited_fully():
    for row in read_rows("sources"):
        assert row["citation"] and len(row["citation"]) > 10, row["source_id"]


def test_event_codes_exist_in_cameo_table():
    codes = set(load_cameo()["cameo_code"])
    unknown = {row["cameo_code"] for row in read_rows("events")} - codes
    assert not unknown


def test_cameo_table_is_the_standard_one():
    cameo = load_cameo().set_index("cameo_code")
    assert len(cameo) == 311
    # spot checks against the GDELT lookup (Goldstein 1992 as adapted for CAMEO)
    assert cameo.loc["057", "goldstein"] == 8.0
    assert cameo.loc["190", "goldstein"] == -10.0
    assert cameo.loc["01", "goldstein"] == 0.0


def test_relations_do_not_overlap_per_pair():
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for row in read_rows("relations"):
        assert row["actor_a"] < row["actor_b"], row
        assert row["start_year"] <= row["end_year"], row
        spans.setdefault((row["actor_a"], row["actor_b"]), []).append(
            (row["start_year"], row["end_year"])
        )
    for pair, intervals in spans.items():
        intervals.sort()
        for (_s1, e1), (s2, _e2) in zip(intervals, intervals[1:]):
            assert s2 > e1, f"overlapping ties for {pair}: {intervals}"


#: Events E001-E141 were numbered in date order; later rows keep the next free id
#: (E142, E143, ...) in the order they were added and are placed by date, so that an
#: id cited in a lesson, an exercise or a corrections log never changes.
FIRST_ADDED = 142


def test_events_are_chronological_with_stable_ids():
    rows = read_rows("events")
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates)
    ids = [row["event_id"] for row in rows]
    assert len(set(ids)) == len(ids)
    numbers = [int(i[1:]) for i in ids]
    original = [n for n in numbers if n < FIRST_ADDED]
    assert original == list(range(1, FIRST_ADDED)), "E001-E141 keep their date order"
    added = sorted(n for n in numbers if n >= FIRST_ADDED)
    assert added == list(range(FIRST_ADDED, FIRST_ADDED + len(added))), "no gaps in added ids"


def test_rows_of_one_instrument_are_formal_agreements_of_one_pair_or_document():
    """An instrument id groups the stages (signature, ratifications, entry into force)
    or the pair-rows of one agreement: every such row is coded 'sign formal agreement'."""
    rows = [row for row in read_rows("events") if row["instrument_id"]]
    assert rows, "no event carries an instrument_id"
    assert {row["cameo_code"] for row in rows} == {"057"}
    by_instrument: dict[str, list[dict]] = {}
    for row in rows:
        by_instrument.setdefault(row["instrument_id"], []).append(row)
    assert len(by_instrument["ru_ir_2025"]) == 4  # FACTS F25: signed, two ratifications, in force


def test_human_cost_figures_are_dated_and_attributed_to_known_actors():
    actors = {row["actor_id"] for row in read_rows("actors")}
    for row in read_rows("human_cost"):
        named = row["attributed_to"].split(";") if row["attributed_to"] else []
        assert set(named) <= actors, row["figure_id"]
        assert str(row["period_start"]) <= str(row["period_end"]), row["figure_id"]


# --- Findable citations ---------------------------------------------------------------
# A news or official source must link to the page that reports what its citation says,
# not to the publisher's homepage. The ids below are the exceptions we could not fix:
# each says why. Remove an id as soon as its row gets a real page; never add one
# without a reason.
HOMEPAGE_ONLY = re.compile(r"^https?://[^/]+/?$")
NOT_FOUND = "no page of this publisher reporting these facts found in the corpora we could reach"
HOMEPAGE_ONLY_ALLOWED = {
    "tass_tartus": NOT_FOUND,
    "tass_treaty2025": NOT_FOUND,
}


def test_news_and_official_sources_link_to_a_page_not_a_homepage():
    sources = {row["source_id"]: row for row in read_rows("sources")}
    homepage_only = {
        sid
        for sid, row in sources.items()
        if row["kind"] in {"news", "official"} and HOMEPAGE_ONLY.match(row["url"] or "")
    }
    assert not sorted(homepage_only - set(HOMEPAGE_ONLY_ALLOWED)), "homepage-only URL"
    fixed = sorted(set(HOMEPAGE_ONLY_ALLOWED) - homepage_only)
    assert not fixed, f"no longer homepage-only (or gone): drop from the allow-list: {fixed}"


# --- Every source is cited ---------------------------------------------------------------
#: Where a source id may be cited: the data tables and codebook, the code (checks, readings),
#: the notebooks and the instructors' guide. A source nothing cites is clutter a maintainer
#: has to check for nothing, so it is deleted rather than kept "in case".
CITING_PLACES = ("src/coursekit", "lessons", "solutions", "exercises", "instructors")
CITING_SUFFIXES = {".csv", ".tsv", ".json", ".md", ".py", ".ipynb"}


def test_every_source_is_cited_somewhere_in_the_course() -> None:
    root = Path(__file__).resolve().parents[1]
    words: set[str] = set()
    for place in CITING_PLACES:
        for path in (root / place).rglob("*"):
            if (path.suffix in CITING_SUFFIXES and path.name != "sources.csv"
                    and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts):
                words |= set(re.findall(r"[A-Za-z0-9_]+", path.read_text(encoding="utf-8")))
    ids = [row["source_id"] for row in read_rows("sources")]
    uncited = sorted(sid for sid in ids if sid not in words)
    assert not uncited, f"sources cited nowhere (delete them from sources.csv): {uncited}"
