"""Exercise set 02 (Iran's stakes in Syria): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms, the live ``Route`` answer, and the pinned values, which
make a change in the data that changes an answer fail here, not silently in a learner's
notebook.
"""

from __future__ import annotations

import pytest

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


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert get_question("02.1").expected() == pytest.approx(1465.0, abs=0.1)
    assert get_question("02.2").expected() == [
        "tehran", "hamadan", "baghdad", "al_bukamal", "deir_ez_zor", "t4", "damascus", "beirut",
    ]
    assert get_question("02.3").expected() == pytest.approx(29.6, abs=0.1)
    assert set(get_question("02.4").expected()) == {
        "al_bukamal", "baghdad", "deir_ez_zor", "hamadan",
    }
    assert get_question("02.5").expected() == 34  # FACTS F18: 12 Jul - 14 Aug 2006
    assert set(get_question("02.6").expected()) == {
        "deter_israel", "keep_assad_in_power", "land_bridge_to_lebanon", "preserve_hezbollah",
    }
    assert get_question("02.7").expected() == "b"
