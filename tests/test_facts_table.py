"""The facts table: every fact id the course cites can be looked up with load_facts().

Lessons, solutions and exercises cite the course's vetted facts by id ("fact F15",
"FACTS F15", "F15"); so do the claims, events and evidence tables. Every such id must
be a row of ``facts.csv``, so that a learner can look it up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import coursekit
from coursekit.verdict import load_evidence

ROOT = Path(__file__).resolve().parents[1]
FACTS = coursekit.load_facts()

#: The ids of the fact sheet: F01–F31 and G01–G23 except G21, which the sheet does not have.
EXPECTED_IDS = [f"F{n:02d}" for n in range(1, 32)] + [
    f"G{n:02d}" for n in range(1, 24) if n != 21
]

#: A fact id in running text or code: "F15", "fact F15", "FACTS F15", "(F25, F26)".
#: "F-16" (the aircraft) has a hyphen and is not an id.
FACT_ID = re.compile(r"(?<![\w-])([FG]\d{2})(?![\w-])")

NOTEBOOKS = sorted(
    path
    for folder in ("lessons", "solutions", "exercises")
    for path in (ROOT / folder).glob("*.ipynb")
)


def _cell_sources(path: Path) -> list[str]:
    """The text of every cell (markdown and code), not the outputs (figures are base64)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"]]


# ------------------------------------------------------------------ the table
def test_one_row_per_fact_of_the_fact_sheet():
    assert FACTS["fact_id"].tolist() == EXPECTED_IDS
    assert list(FACTS.columns) == ["fact_id", "statement", "date", "source_id"]
    assert FACTS["statement"].str.len().between(40, 400).all()


def test_every_fact_has_a_source_of_the_sources_table():
    sources = set(coursekit.load_sources()["source_id"])
    assert set(FACTS["source_id"]) <= sources


def test_dates_are_iso_and_within_the_course():
    dated = FACTS.dropna(subset=["date"])
    assert dated["date"].str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all()
    as_dates = pd.to_datetime(dated["date"], format="ISO8601")
    assert (as_dates >= "1804-01-01").all() and (as_dates <= "2025-10-02").all()
    # only the article itself (F30: "autumn 2018", exact date not established) is undated
    assert FACTS.loc[FACTS["date"].isna(), "fact_id"].tolist() == ["F30"]


@pytest.mark.parametrize(
    ("fact_id", "date", "needle"),
    [
        ("F15", "2018-09-17", "Il-20M"),
        ("F24", "2024-12-08", "Damascus falls"),
        ("F25", "2025-01-17", "no mutual-defence clause"),
        ("G16", "2015-07", "reportedly"),
        ("F29", "1848-03-01", "no eternal allies"),
    ],
)
def test_examples_agree_with_the_fact_sheet(fact_id, date, needle):
    row = FACTS.set_index("fact_id").loc[fact_id]
    assert row["date"] == date
    assert needle in row["statement"]


def test_load_facts_returns_a_copy():
    facts = coursekit.load_facts()
    facts.loc[:, "statement"] = "changed"
    assert (coursekit.load_facts()["statement"] != "changed").all()


# ------------------------------------------------------------------ ids cited elsewhere
@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("claims", lambda: coursekit.load_claims()["fact_id"]),
        ("events", lambda: coursekit.load_events()["fact_id"]),
        ("evidence", lambda: load_evidence()["fact_id"]),
    ],
)
def test_every_fact_id_in_a_table_exists(name, ids):
    missing = sorted(set(ids().dropna()) - set(FACTS["fact_id"]))
    assert not missing, f"{name} cites fact ids missing from facts.csv: {missing}"


def test_the_pattern_finds_every_way_of_citing_a_fact():
    text = "fact F15 · FACTS F01 · (F25, F26) · G09. · an F-16I · F-15s · RF15 · F150"
    assert FACT_ID.findall(text) == ["F15", "F01", "F25", "F26", "G09"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fact_id_cited_in_a_notebook_exists(path):
    known = set(FACTS["fact_id"])
    cited = {m for source in _cell_sources(path) for m in FACT_ID.findall(source)}
    missing = sorted(cited - known)
    assert not missing, f"{path.name} cites fact ids missing from facts.csv: {missing}"


def test_the_notebooks_are_scanned():
    names = {p.parent.name for p in NOTEBOOKS}
    assert names == {"lessons", "solutions", "exercises"}
    assert len(NOTEBOOKS) >= 15
