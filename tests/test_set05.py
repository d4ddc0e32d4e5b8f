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
