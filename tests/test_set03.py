"""Exercise set 03 (Israel's security): every question, both ways.

For each question: the reference answer passes; every declared wrong answer fails with
its own hint; ``...`` is "not answered yet" (passed None); an answer of the wrong type
gets the type message. The answers are also computed here a second way, independently of
the check module, and the pinned values at the end make a change in the data that changes
an answer fail here, not silently in a learner's notebook.
"""

from __future__ import annotations

import pytest

import coursekit
from coursekit.checks import check, set03
from coursekit.checks.core import Question, get_question, register, unregister
from coursekit.checks.set03 import QUESTIONS

AUTO = [q.id for q in QUESTIONS if q.kind != "written"]

#: Example answers for the wrong answers declared as predicates, by (question, index).
PREDICATE_EXAMPLES = {
    ("03.4", 0): lambda ref: [*ref, "quneitra"],
    ("03.4", 1): lambda ref: [*ref, "beirut"],
}

#: An answer of the wrong type for each question, and the start of the expected message.
WRONG_TYPES = {
    "03.1": ("36", "expected a number"),
    "03.2": (True, "expected a number"),
    "03.3": (2, "expected the letter of one choice"),
    "03.4": ("damascus", "expected a collection of items"),
    "03.5": ("228 km", "expected a number"),
    "03.6": (["b"], "expected the letter of one choice"),
    "03.7": (3, "expected the letter of one choice"),
    "03.8": (42, "expected a short text answer"),
}


def _wrong_cases():
    for q in QUESTIONS:
        for i in range(len(q.wrong)):
            yield pytest.param(q.id, i, id=f"{q.id}-wrong{i}")


def test_set_has_six_to_eight_questions_and_one_written():
    assert 6 <= len(QUESTIONS) <= 8
    assert [q.kind for q in QUESTIONS].count("written") == 1
    assert all(q.exercise_set == "03" for q in QUESTIONS)
    assert [q.id for q in QUESTIONS] == [f"03.{n}" for n in range(1, len(QUESTIONS) + 1)]
    assert sum(q.points for q in QUESTIONS) == 12


@pytest.mark.parametrize("qid", AUTO)
def test_every_auto_question_declares_two_wrong_answers(qid):
    assert len(get_question(qid).wrong) >= 2


@pytest.mark.parametrize("qid", AUTO)
def test_reference_passes(qid, capsys):
    q = get_question(qid)
    result = check(qid, q.expected())
    assert result.passed is True, result.message
    assert result.points == q.points
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize(("qid", "index"), list(_wrong_cases()))
def test_declared_wrong_answer_fails_with_its_hint(qid, index):
    q = get_question(qid)
    w = q.wrong[index]
    if w.is_predicate:
        answer = PREDICATE_EXAMPLES[(qid, index)](q.expected())
        assert w.match(answer)
    else:
        answer = q._wrong_value(index, w)
        # e.g. 03.4's "used 100 km": Bosra (about 92 km from Quneitra) separates the radii
        if q.kind == "set":
            assert sorted(answer) != sorted(q.expected()), (
                f"{qid}: declared wrong answer {index} coincides with the reference"
            )
    result = check(qid, answer)
    assert result.passed is False
    assert result.message == f"not quite: {w.hint}"
    assert result.points == 0


def test_100_km_hint_fires_once_a_place_lies_between_85_and_100_km(monkeypatch):
    """Bosra (about 92 km from Quneitra) would separate the two radii; simulate it."""
    original_near = set03._places_near

    def near_with_bosra(km):
        return sorted(set(original_near(km)) | ({"bosra"} if km >= 91.7 else set()))

    monkeypatch.setattr(set03, "_places_near", near_with_bosra)
    original = get_question("03.4")
    q = register(Question(id="03.99", title="copy of 03.4", kind="set",
                          reference=original.reference, wrong=original.wrong))
    try:
        w = q.wrong[2]
        assert not w.is_predicate and "100 km" in w.hint
        assert "bosra" not in q.expected()
        result = check("03.99", near_with_bosra(100))
        assert result.passed is False
        assert result.message == f"not quite: {w.hint}"
    finally:
        unregister("03.99")


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS])
def test_ellipsis_is_not_answered_yet(qid):
    result = check(qid, ...)
    assert result.passed is None
    assert result.message.startswith("not answered yet")


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS])
def test_wrong_type_gets_the_type_message(qid):
    answer, start = WRONG_TYPES[qid]
    result = check(qid, answer)
    assert result.passed is False
    assert result.message.startswith(start), result.message


def test_written_answer_is_recorded_not_graded():
    result = check("03.8", "Russia is a friend of two enemies: the triad is ++-.")
    assert result.passed is None
    assert result.message.startswith("written answer recorded")


def test_answers_are_forgiving_about_form():
    assert check("03.3", "(B)").passed is True
    assert check("03.4", tuple(p.upper() for p in get_question("03.4").expected())).passed
    assert check("03.5", round(get_question("03.5").expected())).passed is True
    assert check("03.6", "b)").passed is True


# ---------------------------------------------------------------- computed a second way
def test_answers_computed_independently():
    G = coursekit.alliance_network(2018)
    hostile = [(u, v) for u, v, d in G.edges(data=True) if d["sign"] < 0]
    assert get_question("03.1").expected() == len(hostile)

    table = coursekit.triads(G)
    with_russia = table[(table[["a", "b", "c"]] == "russia").any(axis=1)]
    assert get_question("03.2").expected() == int((~with_russia["balanced"]).sum())
    assert set(with_russia.loc[~with_russia["balanced"], "signs"]) <= {"++-", "---"}

    places = coursekit.load_places()
    syria = places[(places["country"] == "Syria") & (places["place_id"] != "quneitra")]
    inside = {
        p for p in syria["place_id"] if coursekit.great_circle_km("quneitra", p) <= 85
    }
    assert set(get_question("03.4").expected()) == inside

    assert get_question("03.5").expected() == pytest.approx(
        coursekit.great_circle_km("quneitra", "t4"), abs=0.1
    )


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert get_question("03.1").expected() == 36
    assert get_question("03.2").expected() == 17
    assert get_question("03.3").expected() == "b"  # iran–israel hostile, russia friend of both
    assert "damascus" in get_question("03.4").expected()
    assert "t4" not in get_question("03.4").expected()
    # FACTS coordinates: Quneitra 33.13, 35.82; T-4 34.52, 37.63
    assert get_question("03.5").expected() == pytest.approx(227.7, abs=0.1)
    assert get_question("03.6").expected() == "b"  # FACTS F15
    assert get_question("03.7").expected() == "c"  # FACTS F17
