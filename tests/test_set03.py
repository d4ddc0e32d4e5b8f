"""Exercise set 03 (Israel's security): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: the wrong answers of 03.4 built on today's reference, the 100 km hint, forgiving
answer forms, and the answers computed a second way, independently of the check module.
Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import pytest

import coursekit
from coursekit.checks import check, set03
from coursekit.checks.core import Question, get_question, register, unregister


@pytest.mark.parametrize(
    ("extra", "index"), [("quneitra", 0), ("beirut", 1)], ids=["quneitra", "beirut"]
)
def test_an_extra_place_with_the_reference_gets_its_hint(extra, index):
    """The reference of today plus Quneitra itself, or a place outside Syria."""
    q = get_question("03.4")
    w = q.wrong[index]
    answer = [*q.expected(), extra]
    assert w.match(answer)
    result = check("03.4", answer)
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
