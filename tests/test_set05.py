"""Exercise set 05 (Turkey, Astana and Idlib): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

from coursekit.checks import check


def test_answers_are_forgiving_about_form():
    assert check("05.1", 2.0).passed is True
    assert check("05.2", {"USA", "russia", "hts"}).passed is True
    assert check("05.3", ("Turkey", "HTS")).passed is True
    assert check("05.6", "b)").passed is True


def test_05_4_range_ending_in_2024_is_the_same_computation_not_a_shortcut():
    """Decision (learner review, issue 12 item 2): ``range(2011, 2025)`` is not a shortcut.

    The triangle is open in 2025 (its three ties are not all cooperative), so a loop that
    stops at 2024 checks the same years that count and leaves out one that does not: the
    learner still tests the three ties year by year and counts the years, which is the skill
    asked. Stopping anywhere earlier, or subtracting years, is caught (first year 2016,
    counting to the data's end gives 10, starting with the Astana talks 8).
    """
    from itertools import combinations

    import coursekit
    from coursekit.checks.core import get_question

    def closed(year):
        G = coursekit.alliance_network(year)
        return all(G.has_edge(u, v) and G.edges[u, v]["sign"] > 0
                   for u, v in combinations(("iran", "russia", "turkey"), 2))

    years = [y for y in range(2011, 2026) if closed(y)]
    assert not closed(2025) and len(years) == get_question("05.4").expected()
    assert years == list(range(years[0], years[-1] + 1))  # one unbroken run
    for stop in range(years[0], years[-1]):  # any earlier end gives another answer
        assert check("05.4", len([y for y in years if y <= stop])).passed is False
