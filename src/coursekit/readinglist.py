"""A lesson's reading list, shown with full citations.

:func:`coursekit.readings` returns a lesson's readings as a table; a table cuts long
citations short when it is printed. :func:`reading_list` shows the same rows as a list,
each with its full citation, a link where the source has one, and the one-line reason to
read it: what a "Further reading" section of a lesson displays.

Examples
--------
>>> from coursekit.readinglist import reading_list
>>> listing = reading_list(6)
>>> listing.frame.loc[0, "source_id"]
'walt1987'
>>> print(repr(listing).splitlines()[0])
Further reading for lesson 06 (5 readings)
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd

from .loaders import readings

__all__ = ["KIND_LABELS", "ReadingList", "reading_list"]

#: How each ``kind`` of ``readings.csv`` is named in the list.
KIND_LABELS = {
    "primary": "Primary text",
    "report": "Report",
    "scholarship": "Scholarship",
}


class ReadingList:
    """A lesson's readings, shown as a list with full citations; ``.frame`` has the rows.

    Jupyter shows an HTML list (each citation linked where the source has a URL); ``print``
    and plain-text outputs show the same as wrapped text, with nothing cut short. Made by
    :func:`reading_list`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :func:`coursekit.readings`.
    lesson : int
        The lesson's number.

    Examples
    --------
    >>> listing = reading_list(1)
    >>> len(listing) == len(listing.frame)
    True
    """

    def __init__(self, frame: pd.DataFrame, lesson: int) -> None:
        self._frame = frame.reset_index(drop=True).copy()
        self.lesson = lesson

    @property
    def frame(self) -> pd.DataFrame:
        """The readings as a DataFrame (a fresh copy each time)."""
        return self._frame.copy()

    def __len__(self) -> int:
        return len(self._frame)

    @property
    def title(self) -> str:
        """The heading shown above the list."""
        return f"Further reading for lesson {self.lesson:02d}"

    def __repr__(self) -> str:
        count = len(self)
        lines = [f"{self.title} ({count} reading{'s' if count != 1 else ''})", ""]
        for _, row in self._frame.iterrows():
            label, link = KIND_LABELS[row["kind"]], _link(row)
            url = f" {link}" if link else ""
            wrap = {"width": 92, "break_long_words": False, "break_on_hyphens": False}
            lines += textwrap.wrap(
                f"{label}: {row['citation']}{url}",
                initial_indent="- ",
                subsequent_indent="  ",
                **wrap,
            )
            lines += textwrap.wrap(
                f"Why: {row['why']}", initial_indent="  ", subsequent_indent="  ", **wrap
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div class='coursekit-readings'><p><strong>{esc(self.title)}</strong></p><ul>"]
        for _, row in self._frame.iterrows():
            label, link, citation = KIND_LABELS[row["kind"]], _link(row), esc(row["citation"])
            if link:
                citation = f"<a href='{esc(link)}' target='_blank'>{citation}</a>"
            parts.append(
                f"<li><em>{esc(label)}.</em> {citation}"
                f"<br><small>Why: {esc(row['why'])}</small></li>"
            )
        parts.append("</ul></div>")
        return "".join(parts)


def _link(row: pd.Series) -> str:
    """The row's URL, or "" when the source has none (a blank cell reads as NaN)."""
    return row["url"] if isinstance(row["url"], str) else ""


def reading_list(lesson: int) -> ReadingList:
    """Show one lesson's readings with full citations: scholarship, reports, primary texts.

    Parameters
    ----------
    lesson : int
        The lesson's number, e.g. ``6`` for lesson 06.

    Returns
    -------
    ReadingList
        Displays as a list in Jupyter; ``.frame`` gives the rows of
        :func:`coursekit.readings`.

    Raises
    ------
    ValueError
        If ``lesson`` is not the number of a lesson with readings (the message lists them).

    Examples
    --------
    >>> "Walt, Stephen M. (1987), The Origins of Alliances" in repr(reading_list(6))
    True
    >>> reading_list(42)
    Traceback (most recent call last):
    ...
    ValueError: no lesson 42: readings exist for lessons 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
    """
    return ReadingList(readings(lesson), int(lesson))
