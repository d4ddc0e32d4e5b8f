"""The engine's near-miss detectors (coursekit.checks.nearmiss), one test each, and the
exact meaning of a question's tolerance and precision.

Fake questions of set 92 use the course's real id tables (actors, places), so the
"did you mean" lists are the learner's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coursekit.checks import Question, Wrong, check, register
from coursekit.checks.core import evaluate, unregister
from coursekit.checks.nearmiss import DETECTORS, decimals, detect

ERAS = ["Qajar wars", "Imperial rivalry", "Cold War"]


def _questions() -> list[Question]:
    return [
        Question(id="92.1", title="A count", kind="number", reference=lambda: 26),
        Question(id="92.2", title="A year", kind="number", reference=lambda: 2016),
        Question(id="92.3", title="Partners", kind="set", reference=lambda: {"russia", "turkey"}),
        Question(id="92.4", title="A place", kind="string", reference=lambda: "mezzeh"),
        Question(id="92.5", title="Places", kind="set",
                 reference=lambda: {"sayyida_zaynab", "damascus"}),
        Question(id="92.6", title="A share", kind="number", reference=lambda: 5 / 26),
        Question(id="92.7", title="Km", kind="number", reference=lambda: 227.6842, precision=1),
        Question(id="92.8", title="Route", kind="sequence",
                 reference=lambda: ["tehran", "baghdad", "damascus", "beirut"]),
        Question(id="92.9", title="By era", kind="series", check_index=True,
                 reference=lambda: pd.Series([-1.0, -5.375, 2.5], index=ERAS)),
        Question(id="92.10", title="Mean", kind="series",
                 reference=lambda: pd.Series([0.5, 1.5, 2.5])),
        Question(id="92.11", title="Years", kind="list", reference=lambda: [2010, 2016]),
        Question(id="92.12", title="Within 1 km", kind="number", reference=lambda: 227.7,
                 tolerance=1),
        Question(id="92.13", title="Anticipated", kind="sequence",
                 reference=lambda: ["tehran", "baghdad", "damascus"],
                 wrong=[Wrong(["damascus", "baghdad", "tehran"],
                              "that is the route from Damascus; start from Tehran")]),
        Question(id="92.14", title="To 3 decimals", kind="number", reference=lambda: 5 / 26,
                 precision=3),
        Question(id="92.15", title="Goals", kind="set",
                 reference=lambda: {"deter_israel", "keep_assad_in_power"}),
        Question(id="92.16", title="Obligations", kind="set",
                 reference=lambda: {"defense", "nonaggression"}),
        Question(id="92.18", title="Criteria", kind="set", reference=lambda: ["israel"]),
        Question(id="92.17", title="By era, two decimals", kind="series", check_index=True,
                 reference=lambda: pd.Series([-1.0, -5.375, 2.5], index=ERAS), tolerance=0.005),
    ]


@pytest.fixture(autouse=True)
def fake_set() -> Iterator[None]:
    qs = [register(q) for q in _questions()]
    yield
    for q in qs:
        unregister(q.id)


EVENTS = pd.DataFrame({"event_id": [f"E{i:03d}" for i in range(102)], "goldstein": 1.0,
                       "year": 2016})


@pytest.mark.parametrize(
    ("qid", "answer", "message"),
    [
        # text vs number: remove the quotes
        ("92.1", "26",
         "expected a number (int or float), got str (remove the quotes: 26, not '26')"),
        ("92.2", " 2016 ", "got str (remove the quotes: 2016, not ' 2016 ')"),
        ("92.11", ["2010", "2016"],
         "not quite: the items are text: remove the quotes (2010, not '2010')"),
        # a date where a year is wanted
        ("92.2", pd.Timestamp("2016-08-16"), "got Timestamp (the question asks for a year as a "
                                               "number: give 2016, not the date '2016-08-16"),
        ("92.2", dt.date(2016, 8, 16),
         "got date (the question asks for a year as a number: give 2016"),
        ("92.2", "2016-08-16", "got str (the question asks for a year as a number: give 2016"),
        ("92.11", [pd.Timestamp("2010-06-09"), pd.Timestamp("2016-04-11")],
         "not quite: the question asks for years as numbers (int), not dates"),
        # a display name where an id is wanted: said, not accepted
        ("92.5", ["Sayyida Zaynab", "damascus"],
         "not quite: 'Sayyida Zaynab' is the place's display name; the answer uses ids, "
         "here 'sayyida_zaynab'"),
        ("92.4", "Mezzeh air base", "not quite: 'Mezzeh air base' is the place's display name"),
        # an unknown id, with close matches from the table the reference comes from
        ("92.3", ["russia", "turky"],
         "not quite: 'turky' is not an actor id: did you mean 'turkey'?"),
        ("92.4", "mezze", "not quite: 'mezze' is not a place id: did you mean 'mezzeh'?"),
        # "israel" is an actor id and a criterion id: the answer's other items decide
        ("92.18", ["Agreement on Israel"], "not quite: 'Agreement on Israel' is the "
                                           "criterion's display name; the answer uses ids"),
        ("92.18", ["isreal"],
         "not quite: 'isreal' is not an actor or criterion id: did you mean 'israel'?"),
        ("92.16", ["defense", "nonagression"],
         "not quite: 'nonagression' is not an ATOP category id: did you mean 'nonaggression'?"),
        ("92.3", ["russia", "narnia"],
         "not quite: 'narnia' is not an actor id (see the table of actors)"),
        # rounding coarser than asked
        ("92.6", 0.19, "not quite: you rounded to 2 decimals; give the value unrounded"),
        ("92.14", 0.19, "not quite: you rounded to 2 decimals; the question asks for 3 "
                        "decimals: round later, or less"),
        ("92.7", 228, "not quite: you rounded to a whole number; the question asks for 1 "
                      "decimal: round later, or less"),
        ("92.9", pd.Series([-1.0, -5.375, 2.5], index=["Qajar war", *ERAS[1:]]),
         "not quite: the label 'Qajar war' is not one of the answer's: did you mean 'Qajar wars'?"),
        ("92.17", pd.Series([-1.0, -5.4, 2.5], index=ERAS),
         "not quite: the right values rounded to 1 decimal; the question asks for 2 decimals"),
        # right items in the wrong order
        ("92.8", ["beirut", "damascus", "baghdad", "tehran"],
         "not quite: the right items in reverse order: check which end comes first"),
        ("92.8", ["tehran", "damascus", "baghdad", "beirut"],
         "not quite: the right items, but not in the right order"),
        ("92.10", pd.Series([2.5, 0.5, 1.5]),
         "not quite: the right items, but not in the right order"),
        # right values under wrong labels
        ("92.9", pd.Series([-1.0, -5.375, 2.5], index=ERAS[::-1]),
         "not quite: the right values under the wrong labels: check which label each value "
         "belongs to (e.g. 'Cold War')"),
        ("92.9", {"Qajar wars": -5.375, "Imperial rivalry": -1.0, "Cold War": 2.5},
         "not quite: the right values under the wrong labels"),
        # a DataFrame where a number / Series / collection is wanted, counted in rows
        ("92.1", EVENTS, "got DataFrame (a table with 102 rows and 3 columns; the answer is a "
                         "single number)"),
        ("92.1", EVENTS[["year"]].head(1), "got DataFrame (a table with 1 row and 1 column: take "
                                           "its one value out with .item())"),
        ("92.10", EVENTS, "got DataFrame (a table with 102 rows and 3 columns; the answer is one "
                          "column of it (a Series)"),
        ("92.3", EVENTS, "got DataFrame (a table with 102 rows and 3 columns; the answer is a "
                         "collection of items: take one column"),
        # the column that holds the ids, named (learner review: not df['name'])
        ("92.5", pd.DataFrame({"place_id": ["damascus"], "name": ["Damascus"]}),
         "take one column, e.g. df['place_id']"),
        # a goal's display name (the interests table's 'goal' column)
        ("92.15", ["Deter an Israeli attack on Iran", "keep_assad_in_power"],
         "not quite: 'Deter an Israeli attack on Iran' is the goal's display name; the answer "
         "uses ids, here 'deter_israel'"),
        # a list where a count is wanted
        ("92.1", ["russia"] * 26,
         "got list (if the items are what you counted, len(...) gives their number)"),
        # None where a number is wanted: an answer (a call found nothing), not "not answered"
        ("92.1", None, "not quite: got None: a call that finds nothing, or returns nothing, "
                       "gives None"),
        ("92.14", None, "not quite: got None: "),
    ],
)
def test_near_miss_is_named(qid: str, answer: Any, message: str) -> None:
    result = evaluate(qid, answer)
    assert result.passed is False
    assert message in result.message, result.message
    if message.startswith(("not quite", "expected")):
        assert result.message.startswith(message), result.message


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("92.1", 26), ("92.2", np.int64(2016)), ("92.3", ["Turkey", "RUSSIA"]),
        ("92.4", "Mezzeh"), ("92.6", 5 / 26), ("92.7", 227.7), ("92.7", 227.68),
        ("92.8", ("tehran", "baghdad", "damascus", "beirut")),
        ("92.9", pd.Series([-1.0, -5.375, 2.5], index=ERAS)),
        ("92.10", pd.DataFrame({"x": [0.5, 1.5, 2.5]})), ("92.11", [2010, 2016]),
    ],
)
def test_a_right_answer_is_never_a_near_miss(qid: str, answer: Any) -> None:
    assert evaluate(qid, answer).passed is True


@pytest.mark.parametrize(
    ("qid", "answer"),
    [("92.1", 25), ("92.1", 26.5), ("92.3", ["russia", "iran"]), ("92.6", 0.5),
     ("92.8", ["tehran", "damascus", "beirut", "baghdad", "moscow"])],
)
def test_an_ordinary_wrong_answer_is_no_near_miss(qid: str, answer: Any) -> None:
    from coursekit.checks.core import get_question

    q = get_question(qid)
    assert detect(q, answer, q.expected()) is None


def test_an_anticipated_wrong_answer_keeps_its_own_hint() -> None:
    result = evaluate("92.13", ["damascus", "baghdad", "tehran"])
    assert result.message == "not quite: that is the route from Damascus; start from Tehran"


def test_a_detector_that_breaks_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    import coursekit.checks.nearmiss as nearmiss

    def boom(q: Question, answer: Any, expected: Any) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(nearmiss, "DETECTORS", (boom, *DETECTORS))
    assert evaluate("92.1", "26").message.endswith("(remove the quotes: 26, not '26')")


def test_the_verdict_line_names_the_near_miss(capsys: pytest.CaptureFixture[str]) -> None:
    check("92.4", "mezze")
    assert capsys.readouterr().out == (
        "Not yet · 92.4 · 'mezze' is not a place id: did you mean 'mezzeh'?\n"
    )


@pytest.mark.parametrize(("x", "n"), [(1849.33, 2), (26, 0), (0.1, 1), (2.0, 0), (1e-7, 7)])
def test_decimals(x: float, n: int) -> None:
    assert decimals(x) == n


# --------------------------------------------------------------------------- tolerances


@pytest.mark.parametrize(
    ("answer", "passed"),
    # 228.7 - 227.7 is 0.99999999999997726 in floating point: "within 1" still rejects it
    [(227.7, True), (228.6, True), (226.8, True), (228.8, False), (226.6, False),
     (228.7, False), (226.7, False)],
)
def test_a_stated_tolerance_means_exactly_what_it_says(answer: float, passed: bool) -> None:
    assert evaluate("92.12", answer).passed is passed


@pytest.mark.parametrize(
    ("answer", "passed"),
    [(227.7, True), (227.68, True), (227.6842, True), (227.73, True), (227.64, True),
     (227.8, False), (227.6, False), (228.0, False)],
)
def test_precision_accepts_the_rounded_answer_and_finer(answer: float, passed: bool) -> None:
    assert evaluate("92.7", answer).passed is passed


def test_a_stated_tolerance_is_not_widened_by_the_relative_one() -> None:
    q = Question(id="93.1", title="t", kind="number", reference=lambda: 1_000_000, tolerance=0.5)
    assert q.rel_tolerance == 0.0
    assert Question(id="93.2", title="t", kind="number", reference=lambda: 1).rel_tolerance == 1e-6
    assert Question(id="93.3", title="t", kind="number", reference=lambda: 1,
                    precision=2).tolerance == pytest.approx(0.005)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"precision": 1, "tolerance": 0.1}, "precision or tolerance, not both"),
     ({"precision": -1}, "precision is a number of decimals"),
     ({"precision": 1.5}, "precision is a number of decimals"),
     ({"tolerance": -1}, "tolerance must be >= 0")],
)
def test_invalid_tolerances(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Question(id="93.9", title="t", kind="number", reference=lambda: 1, **kwargs)


def test_cached_id_tables_cannot_be_changed_by_a_caller():
    # id_vocabularies() is cached for the session: a caller that could write a name into
    # it would change every later hint
    from coursekit.checks.nearmiss import id_vocabularies

    _ids, names, _what = id_vocabularies()[0]
    with pytest.raises(TypeError):
        names["saudi arabia"] = "mutated"
    assert id_vocabularies()[0][1]["saudi arabia"] == "saudi_arabia"


def test_an_id_shared_by_two_tables_is_read_in_the_answer_s_table() -> None:
    """06.4's reference ['israel'] is an actor id too; criterion ids are not 'unknown actors'."""
    result = evaluate("92.18", ["shared_goals", "israel"])
    assert result.passed is False
    assert "actor id" not in result.message, result.message


@pytest.mark.parametrize(("qid", "answer"), [("92.1", ...), ("92.3", None), ("92.4", None)])
def test_none_is_not_answered_only_outside_number_questions(qid: str, answer: Any) -> None:
    """``...`` is the template's "not answered"; None is that only where no number is asked."""
    result = evaluate(qid, answer)
    assert result.passed is None and result.message.startswith("not answered")
