"""Exercise set 04 (Russian grand strategy): what is particular to this set.

The checks every question gets (reference passes, each declared wrong answer gets its
hint, ``...``, wrong types, the set's size and points) are in ``tests/test_questions.py``.
Here: forgiving answer forms. Every question's pinned reference answer is in
``tests/question_pins.py``.
"""

from __future__ import annotations

from coursekit.checks import check


def test_answers_are_forgiving_about_form():
    assert check("04.1", ("Turkey", "russia ")).passed is True
    assert check("04.4", 0.19).passed is True
    assert check("04.7", "(D)").passed is True
