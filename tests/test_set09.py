"""Exercise set 09 (2022–2025, a partnership tested): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its hint,
``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``; the
pinned answers are in ``tests/question_pins.py``. Here: the module the set computes with
(:mod:`coursekit.dependence`), the mistakes each hint is written for, and the notebooks
quoting the excerpts the checks are about.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from coursekit import check
from coursekit.checks.core import get_question
from coursekit.checks.set09 import (
    ESBATI_EVENT,
    SNAPBACK_EXCERPT,
    directed_mean,
    index_without,
)
from coursekit.dependence import (
    QUAD_CLASSES,
    directed_events,
    exchange_matrix,
    net_flow,
    quad_class,
)
from coursekit.loaders import load_events

ROOT = Path(__file__).resolve().parents[1]
NAME = "09-a-partnership-tested.ipynb"
NOTEBOOKS = [ROOT / folder / NAME for folder in ("exercises", "solutions")]


# ------------------------------------------------------------------ coursekit.dependence
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("010", "verbal cooperation"),
        ("057", "verbal cooperation"),
        ("061", "material cooperation"),
        ("0871", "material cooperation"),
        ("111", "verbal conflict"),
        ("1312", "verbal conflict"),
        ("163", "material conflict"),
        ("20", "material conflict"),
    ],
)
def test_quad_class_reads_the_root_code(code, expected):
    assert quad_class(code) == expected


@pytest.mark.parametrize("code", ["57", "21", "", "x57", "12345", 57])
def test_quad_class_rejects_codes_without_their_leading_zero(code):
    with pytest.raises(ValueError, match="leading zero"):
        quad_class(code)


def test_every_coded_event_has_a_class():
    classes = load_events()["cameo_code"].map(quad_class)
    assert set(classes) <= set(QUAD_CLASSES)


def test_directed_events_keeps_the_years_and_counts_each_treaty_once():
    events = directed_events("iran", "russia", 2022, 2025)
    assert events["date"].dt.year.between(2022, 2025).all()
    assert (events["instrument_id"] == "ru_ir_2025").sum() == 1
    every = directed_events("iran", "russia", 2022, 2025, once=False)
    assert (every["instrument_id"] == "ru_ir_2025").sum() == 4
    assert set(events["direction"]) == {"iran → russia", "russia → iran"}


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"start": 2025, "end": 2022}, ValueError, "is after end"),
        ({"start": "2022"}, TypeError, "must be a year as an int"),
        ({"end": True}, TypeError, "must be a year as an int"),
        ({"once": "yes"}, TypeError, "once must be True or False"),
    ],
)
def test_directed_events_says_what_is_wrong(kwargs, error, match):
    with pytest.raises(error, match=match):
        directed_events("iran", "russia", **kwargs)


def test_directed_events_returns_a_copy():
    events = directed_events("iran", "russia", 2022, 2025)
    events.loc[0, "goldstein"] = 99.0
    assert (directed_events("iran", "russia", 2022, 2025)["goldstein"] < 99).all()


def test_exchange_matrix_has_every_class_and_adds_up():
    events = directed_events("iran", "russia", 2022, 2025)
    counts = exchange_matrix(events)
    assert list(counts.columns) == list(QUAD_CLASSES)
    assert int(counts.to_numpy().sum()) == len(events)
    weights = exchange_matrix(events, value="goldstein")
    assert weights.to_numpy().sum() == pytest.approx(events["goldstein"].sum())


def test_exchange_matrix_needs_directed_events():
    with pytest.raises(ValueError, match="needs the columns"):
        exchange_matrix(load_events())
    with pytest.raises(ValueError, match="value must be 'count' or 'goldstein'"):
        exchange_matrix(directed_events("iran", "russia"), value="mean")


def test_net_flow_is_antisymmetric_and_names_unknown_actors():
    matrix = exchange_matrix(directed_events("iran", "russia", 2022, 2025))
    for column in QUAD_CLASSES:
        assert net_flow(matrix, "iran", column) == -net_flow(matrix, "russia", column)
    with pytest.raises(ValueError, match="'turkey' acts in no direction"):
        net_flow(matrix, "turkey")
    with pytest.raises(ValueError, match="class"):
        net_flow(matrix, "iran", "cooperation")


def test_net_flow_counts_a_missing_direction_as_zero():
    one_way = pd.DataFrame([[2, 1, 0, 0]], index=["iran → russia"], columns=list(QUAD_CLASSES))
    assert net_flow(one_way, "russia") == -1.0


def test_the_lessons_reading_holds():
    """Iran leads in material cooperation, Russia in verbal; the conflict rows are Iran's."""
    matrix = exchange_matrix(directed_events("iran", "russia", 2022, 2025))
    assert net_flow(matrix, "iran", "material cooperation") > 0
    assert net_flow(matrix, "russia", "verbal cooperation") > 0
    assert matrix.loc["russia → iran", "verbal conflict"] == 0
    assert matrix.loc["iran → russia", "verbal conflict"] == 2


# ------------------------------------------------------------------ the questions
@pytest.mark.parametrize(
    ("question", "answer", "hint"),
    [
        ("09.1", directed_mean("iran", "russia", 2022, 2025), "that is Iran's acts"),
        ("09.1", directed_mean("russia", "iran", 2022, 2025, once=False), "ratification"),
        ("09.2", -36.1, "the sign is reversed"),
        ("09.2", 5, "that counts acts"),
        ("09.2", 47.8, "subtract what it received"),
        ("09.3", index_without([], 2025), "leave out E153"),
        ("09.3", 48.8, "not ten times it"),
        ("09.4", "a", "promises Iran nothing"),
        ("09.5", "c", "does not prove it"),
    ],
)
def test_mistakes_get_their_hints(question, answer, hint):
    result = check(question, answer)
    assert result.passed is False
    assert hint in result.message


@pytest.mark.parametrize(
    ("question", "answer"), [("09.1", 5.39), ("09.2", 36.1), ("09.3", 4.88), ("09.4", "(B)")]
)
def test_answers_at_the_asked_precision_pass(question, answer):
    assert check(question, answer).passed is True


def test_the_esbati_row_is_the_only_iranian_act_of_2025():
    """09.3 removes one row whose coding is a judgement; it must be the Esbati speech."""
    events = directed_events("iran", "russia", 2025, 2025)
    row = events.set_index("event_id").loc[ESBATI_EVENT]
    assert row["cameo_code"] == "111" and "Esbati" in row["description"]
    assert row["source_id"] == "agsi_esbati2025"


def test_the_practice_questions_are_not_the_graded_answers():
    graded = {get_question(f"09.{n}").expected() for n in (1, 2, 3)}
    practice = {get_question(f"09.p{n}").expected() for n in (1, 2, 3)}
    assert not {round(float(v), 2) for v in graded} & {round(float(v), 2) for v in practice}


def _flat(text: str) -> str:
    return " ".join(text.replace(">", " ").split())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_the_excerpt_to_read_is_the_checked_one(path):
    cells = [
        c.source
        for c in nbformat.read(path, as_version=4).cells
        if c.cell_type == "markdown" and "09.4" in c.source
    ]
    assert len(cells) == 1
    assert _flat(SNAPBACK_EXCERPT) in _flat(cells[0])


def test_model_answer_keeps_to_its_word_range():
    from coursekit.checks.set09 import MODEL_ANSWER

    assert 120 <= len(MODEL_ANSWER.split()) <= 200


def test_guide_table_matches_the_set():
    guide = (ROOT / "instructors" / "guide.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line for line in guide.splitlines() if line.startswith("| 09.")
    }
    for n in range(1, 7):
        question = get_question(f"09.{n}")
        cells = [c.strip() for c in rows[f"09.{n}"].split("|")]
        assert cells[2] == question.kind and int(cells[3]) == question.points


def test_09_2_names_the_material_class():
    from coursekit.dependence import directed_events, exchange_matrix, net_flow

    matrix = exchange_matrix(directed_events("russia", "turkey", 2015, 2020), value="goldstein")
    result = check("09.2", round(net_flow(matrix, "russia", "material cooperation"), 1))
    assert result.passed is False and "material cooperation" in result.message


@pytest.mark.parametrize(("sign", "named"), [(1, "change"), (-1, "difference")])
def test_09_3_names_the_difference(sign, named):
    """Either difference of the two 2025 means (with and without E153) is named."""
    from coursekit.checks.set09 import _with_esbati, without_esbati

    difference = sign * (without_esbati() - _with_esbati())
    result = check("09.3", round(difference, 2))
    assert result.passed is False and named in result.message
