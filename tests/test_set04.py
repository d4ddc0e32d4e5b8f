"""Exercise set 04 (Russian grand strategy): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms, the pre-sorted shortcut failing on 04.1 and 04.2, and the
model answer's length. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

import pytest

import coursekit
from coursekit.checks import check


def test_answers_are_forgiving_about_form():
    assert check("04.1", ("USA", "russia ", "Iraq")).passed is True
    assert check("04.4", 0.05).passed is True  # 5/21 - 5/26 rounded
    assert check("04.7", "(D)").passed is True


@pytest.mark.parametrize(
    ("question_id", "pair"),
    [("04.1", ("2025", "hostile_pairs_bridged")), ("04.2", ("russia", "usa"))],
    ids=["04.1", "04.2"],
)
def test_the_pre_sorted_shortcut_fails(question_id, pair):
    """table.index[:2] misses part of the tie: the question is about the tie."""
    if question_id == "04.1":
        table = coursekit.brokerage(coursekit.alliance_network(int(pair[0])))
    else:
        table = coursekit.agreement(*pair)
    shortcut = list(table.index[:2])
    result = check(question_id, shortcut)
    assert result.passed is False
    assert "first two rows" in result.message


def test_model_answer_keeps_its_own_word_limit():
    from coursekit.checks import set04

    low, high = set04.WORDS
    assert low <= len(set04.MODEL_ANSWER.split()) <= high


def test_04_3_names_the_lessons_iran_list():
    table = coursekit.compare_interests("iran", "russia")
    iran_only = sorted(table.index[table["held_by"] == "iran"])
    result = check("04.3", iran_only)
    assert result.passed is False and "Iran holds that Russia does not" in result.message


def test_04_4_names_the_unweighted_goal_count():
    """Counting Russia's goals once each (2/9 - 2/11) instead of weighting them."""
    from coursekit.checks.set04 import INDEPENDENT, WITH_ARTICLE

    def counted(origin):
        table = coursekit.compare_interests("iran", "russia", origin=origin)
        russia = table[table["priority_b"].notna()]
        return (russia["held_by"] == "both").sum() / len(russia)

    result = check("04.4", round(counted(INDEPENDENT) - counted(WITH_ARTICLE), 4))
    assert result.passed is False and "weight each goal by its priority" in result.message
    assert check("04.4", 0.0458).passed is True


def test_04_4_names_a_dict_of_shares():
    shares = {}
    for origin in ["article_first", "independent"]:
        table = coursekit.compare_interests("iran", "russia", origin=origin)
        weights = table["priority_b"].astype("Float64")
        shares[origin] = float(weights[table["held_by"] == "both"].sum() / weights.sum())
    result = check("04.4", shares)
    assert result.passed is False and "subtract the two values of your dict" in result.message
    assert check("04.4", shares["independent"] - shares["article_first"]).passed is True
