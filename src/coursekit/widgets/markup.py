"""HTML and plain-text pieces of the widgets' views: escaped text, tables, status lines.

Small and fast on purpose (a view is rebuilt at every control change): a table is plain
HTML with a caption and header cells with ``scope``, so that screen readers announce it.

Examples
--------
>>> import pandas as pd
>>> print(table_text(pd.DataFrame({"a": [1], "b": ["x"]}), "Rows"))
Rows:
  - 1 | x
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

__all__ = ["esc", "message_html", "table_html", "table_text"]


def esc(value: Any) -> str:
    """``value`` as escaped HTML text; missing values (None, NaN) as an empty string.

    Examples
    --------
    >>> esc("Iran & Russia"), esc(None), esc(float("nan"))
    ('Iran &amp; Russia', '', '')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def table_html(df: pd.DataFrame, caption: str, max_rows: int | None = None) -> str:
    """A small, fast, accessible HTML table (caption, header cells with scope).

    Parameters
    ----------
    df : pandas.DataFrame
        The rows to show (the index is not shown).
    caption : str
    max_rows : int, optional
        Show at most this many rows and say how many more there are.

    Examples
    --------
    >>> out = table_html(pd.DataFrame({"a": [1, 2, 3]}), "Numbers", max_rows=2)
    >>> out.count("<tr>"), "1 more rows" in out
    (3, True)
    """
    rows = df if max_rows is None else df.head(max_rows)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>"
        for row in rows.itertuples(index=False)
    )
    more = ""
    if max_rows is not None and len(df) > max_rows:
        more = f"<p><em>… and {len(df) - max_rows} more rows.</em></p>"
    return (
        # a scrolling region: focusable, so keyboard users can scroll it (axe-core rule
        # scrollable-region-focusable), and named by its caption
        f'<div style="max-height:22em;overflow:auto" tabindex="0" role="region" '
        f'aria-label="{esc(caption)}">'
        f'<table class="coursekit-table"><caption style="text-align:left;font-weight:bold">'
        f"{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"</div>{more}"
    )


def table_text(df: pd.DataFrame, caption: str, max_rows: int = 12) -> str:
    """The rows as a plain-text list under ``caption`` (at most ``max_rows`` of them).

    Examples
    --------
    >>> table_text(pd.DataFrame({"a": []}), "Ties")
    'Ties: (none)'
    """
    if df.empty:
        return caption + ": (none)"
    lines = [caption + ":"]
    for row in df.head(max_rows).itertuples(index=False):
        lines.append("  - " + " | ".join(esc(v) for v in row))
    if len(df) > max_rows:
        lines.append(f"  … and {len(df) - max_rows} more")
    return "\n".join(lines)


def message_html(message: str) -> str:
    """A status line (``role="status"``, bold) saying why there is nothing to show.

    Examples
    --------
    >>> message_html("No events match.")
    '<p role="status" style="font-weight:bold">No events match.</p>'
    """
    return f'<p role="status" style="font-weight:bold">{esc(message)}</p>'
