"""Exercise set 04 (Russian grand strategy): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms and the pinned values, which make a change in the data that
changes an answer fail here, not silently in a learner's notebook.
"""

from __future__ import annotations

import pytest

from coursekit.checks import check
from coursekit.checks.core import get_question
from coursekit.checks.set04 import russia_brokerage_by_year


def test_answers_are_forgiving_about_form():
    assert check("04.1", ("Turkey", "russia ")).passed is True
    assert check("04.4", 0.19).passed is True
    assert check("04.7", "(D)").passed is True


# ---------------------------------------------------------------- pinned values of the data
def test_pinned_answers():
    assert set(get_question("04.1").expected()) == {"russia", "turkey"}
    assert set(get_question("04.2").expected()) == {
        "iran_forces_near_israel",
        "israeli_strikes_in_syria",
    }
    assert len(get_question("04.3").expected()) == 9
    assert get_question("04.4").expected() == pytest.approx(5 / 26)
    assert russia_brokerage_by_year() == [2, 7, 2]
    assert [get_question(f"04.{n}").expected() for n in (5, 6, 7)] == ["b", "c", "d"]
