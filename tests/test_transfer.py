"""Exercises test transfer: no auto-checked answer of any set (01 on) is shown by its lesson.

A question passes only if the learner applies the lesson's method to a case the lesson
did not print. For every graded, auto-checked question of every set (01–09) this test fails if
its reference answer appears in the paired lesson (``lessons/NN-*.ipynb``, same NN):

* a number: in a markdown cell or a stored output, as a number written with at least the
  decimals the question asks for (its ``precision``, or what its ``tolerance`` implies)
  that rounds to the reference at that precision; a percentage counts as its fraction.
  A question asking for the exact value counts a number printed with two or more
  decimals that is the reference rounded. Dates (``2016-08-16``, ``17 May 2018``,
  ``May 2018``) are not numbers here, except that a year answer is found in a date's
  year; nor are the row numbers pandas prints at the start of a table's lines, or a
  scale's ``+10``; whole numbers below 10 are not searched (every lesson writes them);
* a text answer (one id or word): in a markdown cell or output, as a whole word;
* a set, list or sequence of two or more items, or a Series: all of its items (ids, or
  their display names; numbers as above; in order for ordered answers) in one stored
  output that is about as big as the answer: one that names at most one other id of the
  same table (actors, places, issues, goals, events), or, for items of no table, is at
  most 40 characters per item. That is a printed answer; a table of every place, or prose
  naming the same actors, is not a giveaway.

Multiple-choice letters and tables (``dataframe``) are not searched. A failure names the
question, the answer and where it appears (cell, markdown or output, and an excerpt).
"""

from __future__ import annotations

import html
import importlib
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import nbformat
import pytest

from coursekit.checks.core import Question, load_question_sets
from coursekit.checks.nearmiss import asked_decimals, id_vocabularies
from coursekit.checks.text import normalise_text

REPO = Path(__file__).resolve().parents[1]
#: every exercise set, one per lesson from 01 on (a new lesson's set is covered at once)
SETS = sorted(p.name[:2] for p in (REPO / "lessons").glob("[0-9][0-9]-*.ipynb")
              if p.name[:2] != "00")
SKIPPED_KINDS = {"written", "choice", "dataframe"}
QUESTIONS = [
    q
    for name in load_question_sets()
    if name.removeprefix("set") in SETS
    for q in importlib.import_module(f"coursekit.checks.{name}").QUESTIONS
    if not q.practice and q.kind not in SKIPPED_KINDS
]
_NUMBER = re.compile(r"(?<![\w.+])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|(?<![\w.+])[-−]?\d+(?:\.\d+)?%?")
_TAG = re.compile(r"<[^>]+>")


class Place(NamedTuple):
    """One piece of a lesson's visible text: where it is and what it says."""

    where: str
    kind: str  # "markdown" or "output"
    text: str


_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATES = re.compile(
    r"\d{4}-\d{2}(?:-\d{2})?(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"  # ISO dates and datetimes
    rf"|\b\d{{1,2}}(?:[–-]\d{{1,2}})?\s+{_MONTHS}(?:\s+\d{{4}})?"  # 17 May 2018, 29–30 Nov
    rf"|\b{_MONTHS}\s+(?:\d{{1,2}},\s+)?\d{{4}}",  # May 2018, May 17, 2018
    re.I,
)
_ROW_NUMBER = re.compile(r"^(\s*)\d+(?=\s)", re.M)


def _without_dates(text: str) -> str:
    return _DATES.sub(" ", text)


def _output_text(output: Any) -> str:
    """What an output shows as text: its plain text (pandas' row numbers dropped), else
    its markdown or HTML with the tags stripped."""
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    for mime in ("text/plain", "text/markdown", "text/html"):
        if mime in data:
            value = data[mime]
            value = "".join(value) if isinstance(value, list) else str(value)
            if mime == "text/html":
                return html.unescape(_TAG.sub(" ", value))
            return _ROW_NUMBER.sub(r"\1", value) if mime == "text/plain" else value
    return ""


def _places(set_number: str) -> list[Place]:
    (path,) = sorted((REPO / "lessons").glob(f"{set_number}-*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    places = []
    for i, cell in enumerate(nb.cells):
        where = f"{path.relative_to(REPO).as_posix()}, cell {i}"
        if cell.cell_type == "markdown":
            places.append(Place(where, "markdown", cell.source))
        elif cell.cell_type == "code":
            for j, output in enumerate(cell.get("outputs", [])):
                places.append(Place(f"{where}, output {j}", "output", _output_text(output)))
    return places


def _numbers(text: str) -> Iterator[tuple[float, int, str]]:
    """Every number written in ``text``: (value, decimals written, the text as written)."""
    for m in _NUMBER.finditer(text):
        token = m.group(0)
        clean = token.replace(",", "").replace("−", "-").rstrip("%")
        try:
            value = float(clean)
        except ValueError:
            continue
        decimals = len(clean.partition(".")[2])
        if token.endswith("%"):
            yield value / 100, decimals + 2, token
        else:
            yield value, decimals, token


def _number_shown(ref: float, asked: int | None, text: str) -> str | None:
    """The text of a number in ``text`` that gives ``ref`` away at the asked precision."""
    if not math.isfinite(ref):
        return None
    exact_int = float(ref).is_integer() and asked in (None, 0)
    if exact_int and abs(ref) < 10:
        return None
    year = float(ref).is_integer() and 1500 <= ref <= 2100
    for value, decimals, token in _numbers(text if year else _without_dates(text)):
        if exact_int:
            if decimals == 0 and value == ref:
                return token
        elif asked is not None:
            if decimals >= asked and round(value, asked) == round(ref, asked):
                return token
        elif decimals >= 2 and math.isclose(round(ref, decimals), value, abs_tol=1e-12):
            return token
    return None


def _ids_shown(text: str, table: frozenset[str], names: dict[str, str]) -> set[str]:
    """The ids of one table that ``text`` names (as ids or display names)."""
    plain = normalise_text(text)
    found = {i for i in table if re.search(rf"(?<![\w]){re.escape(i)}(?![\w])", plain)}
    found |= {i for name, i in names.items()
              if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", plain)}
    return found


def _about_as_big(items: list[Any], text: str) -> bool:
    """Whether ``text`` is a printed answer, not a table that also holds the items."""
    strings = [normalise_text(i) for i in items if isinstance(i, str)]
    if strings:
        for table, names, _what in id_vocabularies():
            if all(i in table for i in strings):
                return len(_ids_shown(text, table, names) - set(strings)) <= 1
    return len(text.strip()) <= 40 * len(items)


def _in_order(shown: list[str], text: str) -> bool:
    plain, at = normalise_text(text), 0
    for form in shown:
        m = re.compile(rf"(?<![\w]){re.escape(form)}(?![\w])").search(plain, at)
        if m is None:
            return False
        at = m.end()
    return True


def _names_by_id() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for _ids, by_name, _what in id_vocabularies():
        for name, key in by_name.items():
            names.setdefault(normalise_text(key), []).append(name)
    return names


NAMES = _names_by_id()


def _word_shown(item: str, text: str) -> str | None:
    plain = normalise_text(text)
    for form in [normalise_text(item), *NAMES.get(normalise_text(item), [])]:
        if form and re.search(rf"(?<![\w]){re.escape(form)}(?![\w])", plain):
            return form
    return None


def _item_shown(item: Any, q: Question, text: str) -> str | None:
    if isinstance(item, str):
        return _word_shown(item, text)
    if isinstance(item, int | float) and not isinstance(item, bool):
        return _number_shown(float(item), asked_decimals(q), text)
    return None


def _giveaway(q: Question, place: Place) -> str | None:
    """What in ``place`` gives the reference answer of ``q`` away, or None."""
    ref = q.expected()
    if q.kind == "number":
        return _number_shown(float(ref), asked_decimals(q), place.text)
    if q.kind == "string":
        return _word_shown(str(ref), place.text)
    if place.kind != "output":
        return None
    items = list(ref.tolist()) if q.kind == "series" else list(ref)
    if len(items) < 2:
        return None
    shown = [_item_shown(item, q, place.text) for item in items]
    if any(s is None for s in shown) or not _about_as_big(items, place.text):
        return None
    if q.ordered and q.kind != "series" and not _in_order([str(s) for s in shown], place.text):
        return None
    return ", ".join(str(s) for s in shown)


def _excerpt(text: str, found: str) -> str:
    """The text around the first place ``found`` (or its first item) stands, as searched."""
    first = found.split(", ")[0]
    for haystack in (_without_dates(text), normalise_text(text)):
        m = re.search(rf"(?<![\w.]){re.escape(first)}(?![\w])", haystack, re.I)
        if m:
            start = max(0, m.start() - 70)
            return " ".join(haystack[start: m.end() + 70].split())
    return ""


@pytest.mark.parametrize("q", [pytest.param(q, id=q.id) for q in QUESTIONS])
def test_the_lesson_does_not_show_the_answer(q: Question) -> None:
    hits = []
    for place in _places(q.exercise_set):
        found = _giveaway(q, place)
        if found:
            excerpt = _excerpt(place.text, found)
            hits.append(f"{place.where} ({place.kind}) shows {found!r}: …{excerpt}…")
    assert not hits, (
        f"{q.id} ({q.title}): its answer {q.expected()!r} appears in the lesson:\n  "
        + "\n  ".join(hits[:5])
    )


@pytest.mark.parametrize(
    ("ref", "asked", "text", "shown"),
    [
        (227.7, 1, "Khmeimim is 227.7 km away", "227.7"),
        (227.7, 1, "about 228 km", None),
        (5 / 26, None, "Iran's share is 19.2% of the events", "19.2%"),
        (5 / 26, None, "a share of 0.1923", "0.1923"),
        (5 / 26, 3, "a share of 0.19", None),
        (26.0, None, "the data hold 26 events", "26"),
        (26.0, None, "on 26.5 km", None),
        (2.0, None, "2 events", None),
        (1465.0, 0, "the route is 1,465 km long", "1,465"),
        (17.0, None, "met on 17 May 2018 and 2018-05-17", None),
        (2018.0, None, "in May 2018, and then in 2018 again", "2018"),
    ],
)
def test_number_search(ref: float, asked: int | None, text: str, shown: str | None) -> None:
    assert _number_shown(ref, asked, text) == shown


def test_collection_search_needs_every_item_in_one_output() -> None:
    q = Question(id="95.1", title="t", kind="set", reference=lambda: ["daraa", "sayyida_zaynab"])
    assert _giveaway(q, Place("x", "output", "Daraa  Sayyida Zaynab")) == (
        "daraa, sayyida zaynab"
    )
    assert _giveaway(q, Place("x", "output", "daraa only")) is None
    every_place = "tehran daraa baghdad beirut sayyida_zaynab damascus mezzeh"
    assert _giveaway(q, Place("x", "output", every_place)) is None
    assert _giveaway(q, Place("x", "markdown", "russia and sayyida_zaynab")) is None
