"""Exercise set 02 (Iran's stakes in Syria): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms and the live ``Route`` answer. Every question's pinned
reference answer is in ``tests/question_pins.py``.
"""

from __future__ import annotations

import coursekit
from coursekit.checks import check
from coursekit.checks.core import get_question


def test_answers_are_forgiving_about_form():
    assert check("02.1", 1465).passed is True
    assert check("02.1", coursekit.great_circle_km("tehran", "beirut")).passed is True
    assert check("02.2", coursekit.shortest_route("tehran", "beirut").path).passed is True
    assert check("02.4", ("Hamadan", "baghdad ", "al_bukamal", "deir_ez_zor")).passed is True
    assert check("02.7", "(B)").passed is True


def test_the_whole_route_gets_the_route_hint():
    """What ``shortest_route`` returns today, not only the ``Wrong``'s stored example."""
    w = get_question("02.2").wrong[0]
    result = check("02.2", coursekit.shortest_route("tehran", "beirut"))
    assert result.passed is False
    assert result.message == f"not quite: {w.hint}"
