"""Tests for the check engine (coursekit.checks.core) with a fake question set.

The fake set "90" does not depend on the course data; it is registered for each
test and removed afterwards.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coursekit.checks import Question, Result, Wrong, check, compare, questions, register, results
from coursekit.checks.core import evaluate, normalise_text, reset_results, unregister

TREATIES = pd.DataFrame(
    {
        "treaty": ["Gulistan", "Turkmenchay", "Anglo-Russian Convention"],
        "year": [1813, 1828, 1907],
        "territory_lost": [True, True, False],
    }
)


def _boom() -> Any:
    raise RuntimeError("data file missing")


def _fake_questions() -> list[Question]:
    wars = pd.Series([2, 1], index=pd.Index(["19th", "20th"], name="century"), name="wars")
    return [
        Question(
            id="90.1",
            title="Treaties in the 19th century",
            kind="number",
            reference=lambda: int((TREATIES["year"].between(1801, 1900)).sum()),
            wrong=[
                Wrong(3, "the 1907 convention is in the 20th century"),
                Wrong(lambda a: a < 0, "a count cannot be negative"),
                Wrong(lambda: len(TREATIES) - 2, "you dropped one treaty too many", lazy=True),
            ],
            hint="count the rows with 1801 <= year <= 1900",
            success="two treaties, two lost wars",
        ),
        Question(
            id="90.2",
            title="Mean year",
            kind="number",
            reference=lambda: TREATIES["year"].mean(),
            tolerance=0.01,
            points=2,
        ),
        Question(
            id="90.3",
            title="The first treaty",
            kind="string",
            reference=lambda: TREATIES.sort_values("year")["treaty"].iloc[0],
            wrong=[Wrong("Turkmenchay", "Turkmenchay (1828) came after Gulistan")],
        ),
        Question(
            id="90.4",
            title="Treaties that lost territory",
            kind="set",
            reference=lambda: set(TREATIES.loc[TREATIES["territory_lost"], "treaty"]),
            wrong=[Wrong({"Gulistan"}, "Turkmenchay also ceded territory")],
        ),
        Question(
            id="90.5",
            title="Treaties in order",
            kind="list",
            reference=lambda: list(TREATIES.sort_values("year")["treaty"]),
        ),
        Question(
            id="90.6",
            title="Wars by century",
            kind="series",
            reference=lambda: wars,
            check_index=True,
        ),
        Question(
            id="90.7",
            title="Territorial treaties",
            kind="dataframe",
            reference=lambda: TREATIES[TREATIES["territory_lost"]][["treaty", "year"]],
            wrong=[Wrong(lambda a: len(a) == 3, "keep only the rows where territory_lost is True")],
        ),
        Question(
            id="90.8",
            title="Who ceded the Caucasus?",
            kind="choice",
            choices={"a": "Russia", "b": "Persia", "c": "Britain"},
            reference=lambda: "b",
            wrong=[Wrong("a", "Russia gained the territory; who lost it?")],
        ),
        Question(
            id="90.9",
            title="Why wary?",
            kind="written",
            reference=lambda: "Model answer.",
            points=3,
        ),
        Question(id="90.10", title="Broken", kind="number", reference=_boom),
        Question(
            id="90.11",
            title="Path",
            kind="sequence",
            reference=lambda: ("tehran", "baghdad", "damascus", "beirut"),
        ),
    ]


@pytest.fixture(autouse=True)
def fake_set() -> Iterator[list[Question]]:
    qs = [register(q) for q in _fake_questions()]
    reset_results()
    yield qs
    for q in qs:
        unregister(q.id)
    reset_results()


# --------------------------------------------------------------------------- comparators


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("90.1", 2),
        ("90.1", 2.0),
        ("90.1", np.int64(2)),
        ("90.2", 1849.33),
        ("90.2", np.float32(1849.335)),
        ("90.3", "Gulistan"),
        ("90.3", "  gulistan. "),
        ("90.3", "“GULISTAN”"),
        ("90.4", {"Turkmenchay", "Gulistan"}),
        ("90.4", ["gulistan", "Turkmenchay", "Gulistan"]),
        ("90.4", ("Turkmenchay", "Gulistan")),
        ("90.4", pd.Series(["Gulistan", "Turkmenchay"])),
        ("90.4", pd.Index(["Gulistan", "Turkmenchay"])),
        ("90.4", np.array(["Gulistan", "Turkmenchay"])),
        ("90.5", ["Gulistan", "Turkmenchay", "Anglo-Russian Convention"]),
        ("90.5", ("gulistan", "turkmenchay", "anglo-russian convention")),
        ("90.6", pd.Series({"20th": 1, "19th": 2})),
        ("90.6", pd.Series([2.0, 1.0], index=["19th", "20th"], name="n")),
        ("90.6", pd.Series([2, 1], index=["19th", "20th"], dtype="Int64")),
        ("90.6", {"19th": 2, "20th": 1}),
        ("90.6", pd.DataFrame({"wars": [2, 1]}, index=["19th", "20th"])),
        ("90.7", TREATIES[TREATIES["territory_lost"]][["treaty", "year"]]),
        ("90.7", TREATIES.loc[[1, 0], ["year", "treaty"]]),
        ("90.7", TREATIES.iloc[:2][["treaty", "year"]].astype({"year": "float64"})),
        ("90.7", TREATIES.iloc[:2][["treaty", "year"]].astype({"treaty": "category"})),
        ("90.7", TREATIES.iloc[:2][["treaty", "year"]].set_index("treaty")),
        ("90.8", "b"),
        ("90.8", "B"),
        ("90.8", "b)"),
        ("90.8", " (B) "),
        ("90.8", "persia"),
        ("90.11", ["Tehran", "Baghdad", "Damascus", "Beirut"]),
    ],
)
def test_reference_passes(qid: str, answer: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = check(qid, answer)
    assert result.passed is True, result.message
    assert result.points == result.max_points
    assert capsys.readouterr().out.startswith(f"Correct · {qid}")


@pytest.mark.parametrize(
    ("qid", "answer", "hint"),
    [
        ("90.1", 3, "the 1907 convention is in the 20th century"),
        ("90.1", -1, "a count cannot be negative"),
        ("90.1", 1, "you dropped one treaty too many"),
        ("90.1", 7, "count the rows with 1801 <= year <= 1900"),
        ("90.2", 1849.5, "compare your answer with the question"),
        ("90.3", "turkmenchay", "Turkmenchay (1828) came after Gulistan"),
        ("90.3", "Tehran", "compare your answer"),
        ("90.4", ["Gulistan"], "Turkmenchay also ceded territory"),
        ("90.4", ["Gulistan", "Tehran"], "compare your answer"),
        (
            "90.4",
            ["Gulistan", "Turkmenchay", "Tehran"],
            "you have 3 distinct items; the answer has 2",
        ),
        ("90.5", ["Turkmenchay", "Gulistan", "Anglo-Russian Convention"], "not in the right order"),
        ("90.5", ["Gulistan"], "you have 1 item; the answer has 3"),
        ("90.6", pd.Series({"19th": 1, "20th": 2}), "the right values under the wrong labels"),
        ("90.6", pd.Series({"19th": 2, "21st": 1}), "index labels differ"),
        ("90.6", pd.Series([2, 1, 0]), "your Series has 3 values; the answer has 2"),
        ("90.7", TREATIES[["treaty", "year"]], "keep only the rows where territory_lost is True"),
        ("90.7", TREATIES.iloc[:2][["treaty"]], "missing the column(s) 'year'"),
        ("90.7", TREATIES.iloc[:2], "extra column(s) 'territory_lost'"),
        ("90.7", TREATIES.iloc[[0, 2]][["treaty", "year"]], "compare your answer"),
        ("90.8", "a", "Russia gained the territory; who lost it?"),
        ("90.8", "c", "compare your answer"),
        ("90.8", "e", "'e' is not one of the choices; answer a, b or c"),
        ("90.11", ["Tehran", "Damascus", "Baghdad", "Beirut"], "not in the right order"),
    ],
)
def test_wrong_answers_get_their_hint(
    qid: str, answer: Any, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check(qid, answer)
    assert result.passed is False
    assert result.points == 0
    assert result.message.startswith("not quite: ")
    assert hint in result.message
    detail = result.message.removeprefix("not quite: ")
    assert capsys.readouterr().out == f"Not yet · {qid} · {detail}\n"


def test_success_explanation_printed(capsys: pytest.CaptureFixture[str]) -> None:
    result = check("90.1", 2)
    assert result.message == "correct — two treaties, two lost wars"
    assert capsys.readouterr().out == "Correct · 90.1 · two treaties, two lost wars\n"


def test_ordered_false_list() -> None:
    q = register(
        Question(id="91.1", title="t", kind="list", reference=lambda: [1, 2, 2], ordered=False)
    )
    try:
        assert check("91.1", [2, 1, 2]).passed is True
        assert check("91.1", [2, 1, 1]).passed is False
    finally:
        unregister(q.id)


def test_series_values_only_ordered() -> None:
    q = register(Question(id="91.2", title="t", kind="series", reference=lambda: pd.Series([3, 1])))
    try:
        assert check("91.2", pd.Series([3.0, 1.0], index=[10, 20], name="x")).passed is True
        assert check("91.2", pd.Series([1, 3])).passed is False
    finally:
        unregister(q.id)


def test_normalise_off() -> None:
    q = register(
        Question(id="91.3", title="t", kind="string", reference=lambda: "Iran", normalise=False)
    )
    try:
        assert check("91.3", "Iran").passed is True
        assert check("91.3", "iran").passed is False
    finally:
        unregister(q.id)


# --------------------------------------------------------------------------- not answered, types


@pytest.mark.parametrize("answer", [..., None, "", "   "])
def test_not_answered(answer: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = check("90.3", answer)
    assert result.passed is None
    assert result.points == 0 and result.max_points == 1
    assert result.message == "not answered: replace ... with your answer"
    assert capsys.readouterr().out == "Not answered · 90.3 · replace ... with your answer\n"


@pytest.mark.parametrize(
    ("qid", "answer", "expected"),
    [
        ("90.1", "2", "expected a number (int or float), got str (remove the quotes: 2, not '2')"),
        ("90.1", True, "expected a number (int or float), got bool"),
        ("90.1", np.bool_(True), "expected a number (int or float), got bool"),
        ("90.1", [2], "expected a number (int or float), got list"),
        ("90.1", pd.Series([2]), "got Series (it holds one value: take it out with .item())"),
        ("90.3", 1813, "expected a piece of text (str), got int"),
        ("90.4", "Gulistan", "expected a collection of items (a set, list or tuple), got str"),
        ("90.4", 5, "got int"),
        ("90.6", [2, 1], "expected a pandas Series, got list"),
        ("90.7", TREATIES["treaty"], "expected a table (pandas DataFrame), got Series"),
        ("90.8", 2, 'expected the letter of one choice as a string, e.g. "b", got int'),
        ("90.9", 42, "expected a short text answer (str), got int"),
    ],
)
def test_wrong_type(qid: str, answer: Any, expected: str) -> None:
    result = check(qid, answer)
    assert result.passed is False
    assert expected in result.message


def test_predicate_can_catch_a_wrong_type() -> None:
    q = register(
        Question(
            id="91.4",
            title="t",
            kind="number",
            reference=lambda: 1813,
            wrong=[
                Wrong(lambda a: a == "Gulistan", "the question asks for the year", any_type=True),
                Wrong(lambda a: a == "1813", "never shown: not any_type"),
            ],
        )
    )
    try:
        assert check("91.4", "Gulistan").message == "not quite: the question asks for the year"
        assert check("91.4", "1813").message.startswith("expected a number")
    finally:
        unregister(q.id)


# --------------------------------------------------------------------------- written


def test_written(capsys: pytest.CaptureFixture[str]) -> None:
    result = check("90.9", "Because of Turkmenchay.")
    assert result.passed is None
    assert result.points == 0 and result.max_points == 3
    assert result.message.startswith("recorded: your instructor grades this")
    assert capsys.readouterr().out.startswith("Recorded · 90.9 · your instructor grades this")
    assert check("90.9", ...).message.startswith("not answered")


# --------------------------------------------------------------------------- never raise


class Exploding:
    def __eq__(self, other: object) -> bool:
        raise ValueError("cannot compare me")

    __hash__ = object.__hash__


def test_exception_inside_comparison_is_contained() -> None:
    bad = pd.DataFrame({"treaty": [Exploding(), Exploding()], "year": [1813, 1828]})
    result = check("90.7", bad)
    assert result.passed is False
    assert result.message.startswith(("could not check this answer: ", "not quite"))


# ---------------------------------------------------------------- red team: hostile answers


class _AlwaysEqual:
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


class _LyingFloat(float):
    def __float__(self) -> float:
        return 2.0  # 90.1's reference


class _StripRaises(str):
    def strip(self, *args: Any) -> str:
        raise RuntimeError("no strip")


class _StrRaises:
    def __str__(self) -> str:
        raise RuntimeError("no str")


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("90.1", _LyingFloat(7.0)),
        ("90.6", {"19th": _AlwaysEqual(), "20th": _AlwaysEqual()}),
        ("90.5", [_AlwaysEqual()] * 3),
        ("90.6", pd.Series([_AlwaysEqual()] * 2, index=["19th", "20th"])),
        ("90.4", (t for t in ["Gulistan", "Turkmenchay"])),
    ],
    ids=["float-subclass", "dict-of-liars", "list-of-liars", "series-of-liars", "generator"],
)
def test_an_answer_the_grader_cannot_read_is_never_correct(
    qid: str, answer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # the live check says what the grader would: an answer it cannot encode earns nothing
    result = check(qid, answer)
    assert result.passed is False
    assert "cannot be graded" in result.message
    assert capsys.readouterr().out.startswith(f"Not yet · {qid} · answer of type ")


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("90.5", range(10**12)),
        ("90.11", __import__("itertools").count()),
        ("90.4", list(range(50_000))),
        ("90.3", "x" * 1_000_001),
    ],
    ids=["huge-range", "endless-iterator", "huge-set", "huge-text"],
)
def test_a_huge_or_endless_answer_is_refused_at_once(qid: str, answer: Any) -> None:
    import time

    start = time.monotonic()
    result = check(qid, answer)
    assert time.monotonic() - start < 5
    assert result.passed is False
    assert "too large to check" in result.message or "your collection has" in result.message


def test_a_choice_answer_with_a_long_run_of_spaces_is_judged_at_once() -> None:
    # red team: choice_letter's regular expression backtracked over the run of spaces
    # (30,000 took 10 s; a million, allowed by the grader's limits, hours in the judge)
    import time

    start = time.monotonic()
    result = check("90.8", "a" + " " * 999_998 + "x")
    assert time.monotonic() - start < 5
    assert result.passed is False
    assert check("90.8", " (B). ").passed is True


def test_a_set_of_many_long_distinct_tuples_is_judged_at_once() -> None:
    # red team: 1,000 tuples of 95 numbers, differing only in their last, took the judge
    # 9 minutes to count as distinct items (each compared with every one kept)
    import time

    answer = [tuple([0.5] * 94 + [i]) for i in range(1000)]
    start = time.monotonic()
    result = check("90.4", answer)
    assert time.monotonic() - start < 10
    assert result.passed is False
    assert "you have more than 20 distinct items; the answer has 2" in result.message


@pytest.mark.parametrize(
    ("qid", "answer"), [("90.3", _StripRaises("Gulistan")), ("90.9", _StripRaises("text")),
                        (_StrRaises(), 1)],
    ids=["str-subclass", "written-str-subclass", "id-whose-str-raises"],
)
def test_check_never_raises_on_hostile_methods(qid: Any, answer: Any) -> None:
    result = check(qid, answer)
    assert result.passed is False


def test_exception_in_comparator_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(answer: Any, expected: Any, q: Question) -> tuple[bool, str]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(compare.COMPARATORS, "number", broken)
    result = check("90.1", 2)
    assert result.passed is False
    assert result.message == "could not check this answer: ZeroDivisionError: division by zero"


def test_broken_reference_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    result = check("90.10", 1)
    assert result.passed is False
    assert result.message == (
        "the check itself failed — please tell your instructor (RuntimeError: data file missing)"
    )
    assert capsys.readouterr().out.startswith("Not yet · 90.10 · the check itself failed")


def test_broken_wrong_predicate_is_skipped() -> None:
    q = register(
        Question(
            id="91.5",
            title="t",
            kind="number",
            reference=lambda: 1,
            wrong=[Wrong(lambda a: 1 / 0, "never"), Wrong(2, "two is wrong")],
        )
    )
    try:
        assert check("91.5", 2).message == "not quite: two is wrong"
    finally:
        unregister(q.id)


def test_unknown_id_lists_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    result = check("90.12", 1)
    assert result.passed is False
    assert result.max_points == 0
    assert result.message.startswith("unknown question id '90.12'; did you mean ")
    assert "90.1" in result.message
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize("question_id", ["not-an-id", 3, None])
def test_unknown_id_without_close_matches(question_id: Any) -> None:
    result = check(question_id, 1)
    assert result.passed is False
    assert result.message.startswith(f"unknown question id {str(question_id)!r}")
    assert "coursekit.questions()" in result.message


# --------------------------------------------------------------------------- output, results


def test_exactly_one_line_per_check(capsys: pytest.CaptureFixture[str]) -> None:
    for qid, answer in [("90.1", 2), ("90.1", 3), ("90.3", ...), ("90.9", "x"), ("90.10", 1)]:
        check(qid, answer)
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and out.endswith("\n")
        assert "0x" not in out


def test_ascii_fallback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Latin1:
        encoding = "ascii"

        def __init__(self) -> None:
            self.text = ""

        def write(self, s: str) -> int:
            s.encode("ascii")
            self.text += s
            return len(s)

        def flush(self) -> None:
            pass

    fake = Latin1()
    monkeypatch.setattr(sys, "stdout", fake)
    check("90.1", 3)
    assert fake.text == "Not yet - 90.1 - the 1907 convention is in the 20th century\n"


def test_results_log() -> None:
    check("90.1", 2)
    check("90.3", ...)
    check("90.2", 1)
    log = results()
    assert [r["question_id"] for r in log] == ["90.1", "90.3", "90.2"]
    assert [r["passed"] for r in log] == [True, None, False]
    assert log[0] == {
        "question_id": "90.1",
        "passed": True,
        "points": 1.0,
        "max_points": 1.0,
        "message": "correct — two treaties, two lost wars",
    }
    log.clear()
    assert len(results()) == 3, "results() returns a copy"
    reset_results()
    assert results() == []


def test_result_repr_and_immutability() -> None:
    result = check("90.2", 1849.3333)
    assert repr(result) == "Result('90.2', passed=True, points=2/2, message='correct')"
    assert isinstance(result, Result)
    with pytest.raises(AttributeError):
        result.passed = False  # type: ignore[misc]


# --------------------------------------------------------------------------- registry


def test_questions_table() -> None:
    table = questions()
    assert list(table.columns) == [
        "question_id", "exercise_set", "title", "kind", "points", "practice"
    ]
    fake = table[table["exercise_set"] == "90"]
    assert list(fake["question_id"]) == [f"90.{n}" for n in range(1, 12)]
    row = fake.set_index("question_id").loc["90.9"]
    assert (row["kind"], row["points"], row["title"]) == ("written", 3.0, "Why wary?")
    assert table["question_id"].is_unique


def test_duplicate_id_raises() -> None:
    with pytest.raises(ValueError, match=r"question 90\.1 is already registered"):
        register(Question(id="90.1", title="again", kind="number", reference=lambda: 1))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"id": "1.3"}, "must look like '01.3'"),
        ({"kind": "essay"}, "kind 'essay' is not one of"),
        ({"kind": "choice"}, "needs choices"),
        ({"points": -1}, "points must be >= 0"),
    ],
)
def test_invalid_questions(kwargs: dict[str, Any], match: str) -> None:
    base: dict[str, Any] = {"id": "91.9", "title": "t", "kind": "number", "reference": lambda: 1}
    with pytest.raises(ValueError, match=match):
        Question(**{**base, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"id": "91.1", "practice": True}, r"practice question's id looks like '91\.p1'"),
        ({"id": "91.q1"}, "must look like '01.3'"),
        ({"id": "91.p"}, "must look like '01.3'"),
    ],
)
def test_invalid_practice_questions(kwargs: dict[str, Any], match: str) -> None:
    base: dict[str, Any] = {"title": "t", "kind": "number", "reference": lambda: 1}
    with pytest.raises(ValueError, match=match):
        Question(**{**base, **kwargs})


@pytest.fixture()
def practice_question() -> Iterator[Question]:
    q = register(Question(id="90.p1", title="Try it", kind="number", reference=lambda: 7,
                          practice=True, points=2,
                          wrong=[Wrong(8, "one too many")]))
    yield q
    unregister(q.id)


def test_practice_question_is_checked_for_no_points(practice_question, capsys) -> None:
    assert practice_question.practice and practice_question.points == 0
    assert check("90.p1", 7).passed is True
    assert check("90.p1", 8).message == "not quite: one too many"
    assert check("90.p1", 7).points == check("90.p1", 7).max_points == 0
    assert "90.p1" in capsys.readouterr().out


def test_practice_question_is_marked_and_never_graded(practice_question) -> None:
    from coursekit.checks.wire import encode
    from coursekit.grade.judge import judge, question_table

    table = questions().set_index("question_id")
    assert table.loc["90.p1", "practice"] and not table.loc["90.1", "practice"]
    assert list(table.index[table["exercise_set"] == "90"])[-1] == "90.p1"
    graded = question_table("90")
    assert "90.p1" not in set(graded["question_id"]) and "practice" not in graded.columns
    rows = judge([{"id": "90.p1", "answer": encode(7), "error": None}], "90")
    assert "90.p1" not in {r["question_id"] for r in rows}


def test_reference_is_lazy_and_cached() -> None:
    calls: list[int] = []
    q = register(
        Question(id="91.6", title="t", kind="number", reference=lambda: calls.append(1) or 5)
    )
    try:
        assert calls == []
        check("91.6", 5)
        check("91.6", 4)
        assert calls == [1]
        q.clear_cache()
        check("91.6", 5)
        assert calls == [1, 1]
    finally:
        unregister(q.id)


def test_normalise_text() -> None:
    assert normalise_text("  The   Land-Bridge!! ") == "the land-bridge"
    assert normalise_text("ＴＥＨＲＡＮ") == "tehran"


def test_import_is_light() -> None:
    code = (
        "import sys, coursekit.checks; "
        "heavy = {'matplotlib', 'ipywidgets'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", [
    "Question", "QuestionSet", "Wrong", "register", "unregister", "get_question",
    "load_question_sets", "questions", "KINDS", "require", "events_with", "normalise_text",
])
def test_core_still_offers_what_set_modules_and_lessons_import(name: str) -> None:
    # The engine is split (registry, compare, guard, text); ``coursekit.checks.core``
    # re-exports the names question modules, lessons and the grader import from it.
    import importlib

    from coursekit.checks import core

    assert name in core.__all__
    homes = [importlib.import_module(f"coursekit.checks.{m}")
             for m in ("registry", "compare", "guard", "text")]
    assert any(getattr(home, name, None) is getattr(core, name) for home in homes)


@pytest.mark.parametrize("text, limit, expected", [
    ("short", 10, "short"), ("a\n b\t c", 10, "a b c"), ("abcdefghijk", 5, "abcd…"),
])
def test_shorten(text: str, limit: int, expected: str) -> None:
    from coursekit.checks.text import shorten

    assert shorten(text, limit) == expected


def test_counts_in_messages_share_one_plural_rule() -> None:
    # compare, core and nearmiss each had their own "n noun(s)"; one helper now
    from coursekit.checks.core import written_verdict
    from coursekit.checks.text import count_of

    assert [count_of(n, "row") for n in (0, 1, 2, 1500)] == [
        "0 rows", "1 row", "2 rows", "1,500 rows"]
    assert written_verdict("one", (2, 5)).startswith("recorded: 1 word, outside 2–5")
    q = Question(id="90.9", title="t", kind="list", reference=lambda: [1, 2])
    assert compare.compare_list(list(range(1500)), [1, 2], q) == (
        False, "you have 1,500 items; the answer has 2")


def test_the_grader_and_the_check_share_one_set_size_rule() -> None:
    # the judge had its own MAX_SET_ITEMS and pre-check, a copy of evaluate()'s
    from coursekit.checks import core
    from coursekit.grade import judge

    assert judge.MAX_SET_ITEMS is core.MAX_SET_ITEMS
    register(Question(id="90.98", title="t", kind="set", reference=lambda: {"a", "b"}))
    try:
        result = core.evaluate("90.98", [str(i) for i in range(core.MAX_SET_ITEMS + 1)])
    finally:
        unregister("90.98")
    assert result.message == "not quite: your collection has 1,001 items; the answer has 2"


# ---------------------------------------------------------------- None for a number


@pytest.fixture
def flip_question():
    q = register(Question(id="90.97", title="Flip point", kind="number", precision=2,
                          reference=lambda: 0.92,
                          none_hint="flip_points gives None when no weight in 0–5 flips "
                                    "the verdict; check the weights you set"))
    yield q
    unregister(q.id)


def test_none_for_a_number_is_a_wrong_answer_with_its_hint(flip_question, capsys) -> None:
    """flip_points(w)[c] is None when a weight was forgotten: "replace ... with your
    answer" sent the learner the wrong way."""
    from coursekit.checks.core import NONE_HINT

    result = check("90.97", None)
    assert result.passed is False and result.points == 0
    assert result.message == f"not quite: got None: {flip_question.none_hint}"
    assert capsys.readouterr().out.startswith("Not yet · 90.97 · got None: flip_points gives")
    assert check("90.97", 0.92).passed is True
    register(Question(id="90.96", title="A count", kind="number", reference=lambda: 26))
    try:
        assert evaluate("90.96", None).message == f"not quite: got None: {NONE_HINT}"
    finally:
        unregister("90.96")


def test_ellipsis_and_not_run_stay_not_answered_for_a_number(flip_question) -> None:
    from coursekit.checks.core import NOT_RUN

    assert evaluate("90.97", ...).passed is None
    assert evaluate("90.97", NOT_RUN).passed is None
    assert evaluate("90.97", ...).message.startswith("not answered")


def test_the_grader_judges_none_as_the_check_does(flip_question) -> None:
    from coursekit.checks.wire import encode
    from coursekit.grade.judge import judge, question_table

    table = question_table("90")
    rows = judge([{"id": "90.97", "answer": encode(None), "error": None}], "90",
                 table=table[table["question_id"] == "90.97"])
    assert rows[0]["outcome"] == "failed"
    assert rows[0]["message"] == evaluate("90.97", None).message


def test_a_written_answer_outside_its_range_is_recorded(capsys) -> None:
    register(Question(id="90.95", title="Why?", kind="written", reference=lambda: "",
                      words=(5, 8)))
    try:
        result = check("90.95", "Because.")
    finally:
        unregister("90.95")
    assert result.passed is None
    assert capsys.readouterr().out == (
        "Recorded · 90.95 · 1 word, outside 5–8: revise it to fit the range; your instructor "
        "grades it\n")
