"""Small text helpers the check engine and the grader share.

Each is defined once here so that a question id, a number of points or a shortened
message looks the same in a learner's verdict line, in the gradebook and in feedback.

* :data:`QUESTION_ID`: the pattern of a question id, ``"<set>.<n>"`` (``"01.3"``), or
  ``"<set>.p<n>"`` for a practice question inside a lesson (``"03.p1"``, never graded).
* :func:`format_points`: points as people write them (``1``, ``0.5``).
* :func:`count_of`: a count with its noun, singular or plural (``1 row``, ``2 rows``).
* :func:`shorten`: one line, at most ``limit`` characters, ending in ``…`` if cut.
* :func:`most_common`: the most frequent value, ties broken by the smallest.
* :func:`normalise_text` and :func:`choice_letter`: how answers are read.

Examples
--------
>>> QUESTION_ID.match("01.3").groups()
('01', '3')
>>> QUESTION_ID.match("03.p1").groups()
('03', 'p1')
>>> is_practice_id("03.p1"), is_practice_id("03.1")
(True, False)
>>> format_points(2.0), format_points(0.5)
('2', '0.5')
>>> shorten("a\\n   long   line", 8)
'a long …'
>>> most_common(["02", "01", "02", "01", "03"])
'01'
"""

from __future__ import annotations

import collections
import re
import string
import unicodedata
from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

__all__ = [
    "QUESTION_ID",
    "choice_letter",
    "count_of",
    "count_words",
    "format_points",
    "is_practice_id",
    "most_common",
    "normalise_text",
    "shorten",
]

#: A question id: two digits for the set, a dot, the question's number (``"01.3"``);
#: a practice question (in a lesson, never graded) has ``p`` before its number (``"03.p1"``).
QUESTION_ID = re.compile(r"^(\d\d)\.(p?\d+)$")


def is_practice_id(question_id: str) -> bool:
    """Whether ``question_id`` names a practice question (``"03.p1"``), never graded.

    Examples
    --------
    >>> is_practice_id("03.p2"), is_practice_id("03.2"), is_practice_id("p1")
    (True, False, False)
    """
    m = QUESTION_ID.match(str(question_id))
    return bool(m) and m.group(2).startswith("p")

T = TypeVar("T", bound=Hashable)


def format_points(value: float) -> str:
    """Points as people write them: no ``.0`` on whole numbers.

    Examples
    --------
    >>> format_points(1.0), format_points(1.5), format_points(0)
    ('1', '1.5', '0')
    """
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def count_of(n: int, noun: str) -> str:
    """A count and its noun, with an ``s`` unless the count is 1 (thousands separated).

    Examples
    --------
    >>> count_of(1, "row"), count_of(0, "item"), count_of(1500, "value")
    ('1 row', '0 items', '1,500 values')
    """
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def shorten(text: Any, limit: int = 300) -> str:
    """Collapse ``text`` to one line of at most ``limit`` characters.

    Runs of whitespace (newlines too) become one space; a longer text is cut and
    ends in ``…``.

    Examples
    --------
    >>> shorten("  Iran\\n and   Russia ")
    'Iran and Russia'
    >>> shorten("abcdefgh", 5)
    'abcd…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def most_common(values: Iterable[T]) -> T | None:
    """The most frequent value; a tie goes to the smallest. None when there is none.

    Used to tell which exercise set a notebook (or a class's notebooks) is for:
    the set most of its checks name wins.

    Examples
    --------
    >>> most_common(["03", "03", "01"])
    '03'
    >>> most_common([]) is None
    True
    """
    counts = collections.Counter(values)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


_STRIP_CHARS = string.punctuation + string.whitespace + "“”‘’«»„‚…–—·"


def normalise_text(text: str) -> str:
    """Normalise text for comparison.

    Unicode NFKC, casefold, collapse runs of whitespace, strip surrounding
    whitespace and punctuation (including typographic quotes).

    Examples
    --------
    >>> normalise_text('  “Marriage   of Convenience.” ')
    'marriage of convenience'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = " ".join(text.split())
    return text.strip(_STRIP_CHARS)


def count_words(text: str) -> int:
    """The number of words in a written answer: runs of non-space with a letter or digit.

    Dashes, bullets and other lone punctuation are not words; hyphenated words,
    numbers and years are one each.

    Examples
    --------
    >>> count_words("Russia — a stronger partner — cooperates when it pays (1813, 1828).")
    10
    >>> count_words("   ")
    0
    """
    return sum(1 for token in str(text).split() if any(ch.isalnum() for ch in token))


#: What :func:`choice_letter` strips from the start and from the end of an answer, besides
#: white space. (A regular expression ``[\s)\]}.:;,]+$`` backtracked over every run of
#: spaces: "a" + one million spaces + "x" as a choice answer held the judge for hours.)
_LETTER_OPEN = "([{"
_LETTER_CLOSE = ")]}.:;,"


def choice_letter(value: Any) -> str:
    """The letter of a multiple-choice answer: ``"(B)"``, ``"b)"`` and ``"b."`` are ``"b"``.

    Examples
    --------
    >>> choice_letter(" (B) "), choice_letter("c."), choice_letter("Iran")
    ('b', 'c', 'iran')
    """
    text = str(value)
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _LETTER_OPEN):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _LETTER_CLOSE):
        end -= 1
    return text[start:end].casefold()
