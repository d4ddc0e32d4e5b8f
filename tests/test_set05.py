"""Exercise set 05 (Turkey, Astana and Idlib): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms and the pinned values, which make a change in the data that
changes an answer fail here, not silently in a learner's notebook.
"""

from __future__ import annotations

from coursekit.checks import check
from coursekit.checks.core import get_question


def test_answers_are_forgiving_about_form():
    assert check("05.1", 2.0).passed is True
    assert check("05.2", {"USA", "russia", "iran", "hts", "syria_opposition"}).passed is True
    assert check("05.3", ("Russia",)).passed is True
    assert check("05.6", "b)").passed is True


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert get_question("05.1").expected() == 2
    assert set(get_question("05.2").expected()) == {
        "hts", "iran", "russia", "syria_opposition", "usa",
    }
    assert set(get_question("05.3").expected()) == {"russia"}
    assert get_question("05.4").expected() == 2016
    assert set(get_question("05.5").expected()) == {"assad_stays", "idlib_offensive"}
    assert [get_question(f"05.{n}").expected() for n in (6, 7)] == ["b", "c"]
