"""Exercise set 03 (Israel's security): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: the wrong answers of 03.4 built on today's reference, the lesson's list, the exact
1 km of 03.5, forgiving answer forms, the model answer's length, and the answers computed
a second way, independently of the check module.
Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import pytest

import coursekit
from coursekit.checks import check
from coursekit.checks.core import get_question


@pytest.mark.parametrize(
    ("extra", "index"), [("damascus", 2), ("beirut", 3)], ids=["damascus", "beirut"]
)
def test_an_extra_place_with_the_reference_gets_its_hint(extra, index):
    """The reference of today plus Damascus itself, or a place outside Syria."""
    q = get_question("03.4")
    w = q.wrong[index]
    answer = [*q.expected(), extra]
    assert w.match(answer)
    result = check("03.4", answer)
    assert result.passed is False
    assert result.message == f"not quite: {w.hint}"
    assert result.points == 0


def test_the_lesson_s_list_gets_the_centre_hint():
    """A learner who copies the lesson's Quneitra list is told to measure from Damascus."""
    lesson = sorted(coursekit.places_within("quneitra", 100, country="Syria")["place_id"])
    result = check("03.4", lesson)
    assert result.passed is False
    assert "distances_from('damascus')" in result.message


@pytest.mark.parametrize(
    ("offset", "passed"),
    [(0.0, True), (0.99, True), (-0.99, True), (1.01, False), (-1.01, False)],
    ids=["exact", "just-under-plus", "just-under-minus", "just-over-plus", "just-over-minus"],
)
def test_03_5_enforces_exactly_the_stated_km(offset, passed):
    """'Within 1 km' means |answer - exact distance| <= 1 km, measured from the exact value."""
    exact = coursekit.great_circle_km("quneitra", "khmeimim")
    assert check("03.5", exact + offset).passed is passed


def test_answers_are_forgiving_about_form():
    assert check("03.3", "(C)").passed is True
    assert check("03.4", tuple(p.upper() for p in get_question("03.4").expected())).passed
    assert check("03.5", round(get_question("03.5").expected(), 1)).passed is True
    assert check("03.6", "b)").passed is True


# ---------------------------------------------------------------- computed a second way
def test_answers_computed_independently():
    G = coursekit.alliance_network(2015)
    hostile = [(u, v) for u, v, d in G.edges(data=True) if d["sign"] < 0]
    assert get_question("03.1").expected() == len(hostile)

    table = coursekit.triads(coursekit.alliance_network(2025))
    with_turkey = table[(table[["a", "b", "c"]] == "turkey").any(axis=1)]
    assert get_question("03.2").expected() == int((~with_turkey["balanced"]).sum())
    assert set(with_turkey.loc[~with_turkey["balanced"], "signs"]) <= {"++-", "---"}

    signs = {frozenset((u, v)): d["sign"] for u, v, d in G.edges(data=True)}
    trio = [signs[frozenset(p)] for p in
            [("russia", "syria_gov"), ("russia", "turkey"), ("syria_gov", "turkey")]]
    assert sorted(trio) == [-1, -1, 1] and get_question("03.3").expected() == "c"

    places = coursekit.load_places()
    syria = places[(places["country"] == "Syria") & (places["place_id"] != "damascus")]
    inside = {p for p in syria["place_id"] if coursekit.great_circle_km("damascus", p) <= 100}
    assert set(get_question("03.4").expected()) == inside

    assert get_question("03.5").expected() == pytest.approx(
        coursekit.great_circle_km("quneitra", "khmeimim"), abs=1e-9
    )


def test_model_answer_keeps_its_own_word_limit():
    from coursekit.checks import set03

    low, high = set03.WORDS
    assert low <= len(set03.MODEL_ANSWER.split()) <= high
    assert get_question("03.8").expected() == set03.MODEL_ANSWER


@pytest.mark.parametrize(
    ("how", "named"),
    [("miles", "miles"), ("over", "more than 1 km"), ("under", "more than 1 km"),
     ("tens", "more than 1 km")],
)
def test_03_5_names_miles_and_a_near_miss_just_outside_the_km(how, named):
    exact = coursekit.great_circle_km("quneitra", "khmeimim")
    answer = {"miles": exact / 1.609344, "over": exact + 1.01, "under": exact - 1.01,
              "tens": round(exact, -1)}[how]
    result = check("03.5", answer)
    assert result.passed is False and named in result.message


def test_03_4_needs_both_the_syria_filter_and_the_radius():
    """No shortcut: skipping the Syria filter, or another round radius, changes the answer."""
    near = coursekit.distances_from("damascus")
    reference = set(get_question("03.4").expected())
    unfiltered = set(near.loc[near["distance_km"] <= 100, "place_id"])
    assert unfiltered - reference == {"beirut"}
    assert check("03.4", sorted(unfiltered)).passed is False
    syria = near[near["country"] == "Syria"]
    for km in (85, 90, 95, 115, 120, 150):
        assert set(syria.loc[syria["distance_km"] <= km, "place_id"]) != reference, km
