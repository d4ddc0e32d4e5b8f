"""The actors' own words: short, cited excerpts of their official statements.

Each "X's view" passage of the lessons rests on what the actor itself said: leaders,
foreign ministries, official communiqués, speeches at the UN. The excerpts are in
``coursekit/data/statements.csv`` (see the codebook): each is at most a sentence or two,
verbatim as the cited source prints it (a translation, for statements made in Persian,
Russian, Arabic, Hebrew or Turkish), with the speaker, the speaker's office, the date, the
occasion and a topic tag that matches the lessons' themes.

:func:`load_statements` returns the whole table; :func:`statements` picks one actor's
excerpts and shows them as quotations with their attribution, ready for a lesson cell.

Examples
--------
>>> from coursekit.quotes import statements
>>> said = statements("russia", topic="israels_security")
>>> said.frame.loc[0, ["speaker", "date"]].tolist()
['Vladimir Putin', Timestamp('2018-09-18 00:00:00')]
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

import pandas as pd

from ._validate import check_choice
from .loaders import THEME_LABELS, THEMES, read_table

__all__ = ["STATEMENT_ACTORS", "TOPICS", "Statements", "load_statements", "statements"]

#: Whose views the table holds: actor ids of ``actors.csv`` plus ``"arab_league"`` (the
#: ``enum`` of ``statements.actor`` in schema.json; a test keeps the two the same).
STATEMENT_ACTORS = (
    "russia",
    "iran",
    "israel",
    "turkey",
    "syria_gov",
    "syria_opposition",
    "hezbollah",
    "saudi_arabia",
    "arab_league",
)
#: The topic tags: the lessons' themes (:data:`coursekit.THEMES`) and ``"verdict"``,
#: for what an actor says about the Iran–Russia relationship as a whole.
TOPICS = (*THEMES, "verdict")

_COLUMNS = [
    "statement_id",
    "actor",
    "speaker",
    "role",
    "date",
    "topic",
    "quote",
    "occasion",
    "citation",
    "url",
    "source_id",
]


def load_statements() -> pd.DataFrame:
    """Every excerpt of the statements table, with its source's citation and URL.

    Returns
    -------
    pandas.DataFrame
        One row per excerpt, in file order (a fresh copy): ``statement_id``, ``actor``,
        ``speaker``, ``role`` (the speaker's office on that date), ``date`` (datetime64),
        ``topic``, ``quote`` (verbatim), ``occasion``, and ``citation``, ``url`` and
        ``source_id`` from :func:`coursekit.load_sources`.

    Examples
    --------
    >>> table = load_statements()
    >>> table.set_index("statement_id").loc["S01", ["speaker", "topic"]].tolist()
    ['Vladimir Putin', 'russian_grand_strategy']
    >>> table["date"].dtype.kind  # "M": datetime64
    'M'
    """
    table = read_table("statements")
    table["date"] = pd.to_datetime(table["date"], format="%Y-%m-%d")
    sources = read_table("sources")[["source_id", "citation", "url"]]
    merged = table.merge(sources, on="source_id", how="left", validate="many_to_one")
    return merged[_COLUMNS]


class Statements:
    """A few excerpts shown as quotations; ``.frame`` gives them as a DataFrame.

    Jupyter shows the excerpts as block quotations, each followed by the speaker, office,
    date, occasion and source (HTML, with the source linked); ``print`` and plain-text
    outputs show the same as text. Made by :func:`statements`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :func:`load_statements`.
    title : str
        A heading, e.g. ``"Russia — Israel's security"``.

    Examples
    --------
    >>> said = statements("iran", topic="verdict")
    >>> len(said) >= 1, said.ids[0]
    (True, 'S04')
    """

    def __init__(self, frame: pd.DataFrame, title: str) -> None:
        self._frame = frame.reset_index(drop=True).copy()
        self.title = title

    @property
    def frame(self) -> pd.DataFrame:
        """The excerpts as a DataFrame (a fresh copy each time)."""
        return self._frame.copy()

    @property
    def ids(self) -> list[str]:
        """The ``statement_id`` of each excerpt, in the order shown."""
        return self._frame["statement_id"].tolist()

    def __len__(self) -> int:
        return len(self._frame)

    def _attribution(self, row: pd.Series) -> str:
        date = f"{row['date'].day} {row['date']:%b %Y}"
        return f"{row['speaker']}, {row['role']}, {date}"

    def __repr__(self) -> str:
        if not len(self):
            return f"{self.title}: no statements in the table."
        lines = [f"{self.title} ({len(self)} statement{'s' if len(self) != 1 else ''})", ""]
        for _, row in self._frame.iterrows():
            lines += textwrap.wrap(
                f"“{row['quote']}”", width=88, initial_indent="  ", subsequent_indent="  "
            )
            lines.append(f"    — {self._attribution(row)} [{row['statement_id']}, {row['topic']}]")
            lines += textwrap.wrap(
                row["occasion"], width=88, initial_indent="    ", subsequent_indent="    "
            )
            source = row["citation"] + (f" {row['url']}" if isinstance(row["url"], str) else "")
            lines += textwrap.wrap(
                f"Source: {source}",
                width=88,
                initial_indent="    ",
                subsequent_indent="      ",
                break_on_hyphens=False,
                break_long_words=False,
            )
            lines.append("")
        return "\n".join(lines).rstrip()

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div class='coursekit-statements'><p><strong>{esc(self.title)}</strong></p>"]
        if not len(self):
            parts.append("<p>No statements in the table.</p>")
        for _, row in self._frame.iterrows():
            citation = esc(row["citation"])
            if isinstance(row["url"], str):
                citation = f"<a href='{esc(row['url'])}' target='_blank'>{citation}</a>"
            parts.append(
                "<blockquote style='margin:0.6em 0 0.9em 0.8em'>"
                f"<p style='margin:0'>“{esc(row['quote'])}”</p>"
                f"<p style='margin:0.2em 0 0 0'>— <strong>{esc(self._attribution(row))}</strong>"
                f" <small>[{esc(row['statement_id'])}, {esc(row['topic'])}]</small></p>"
                f"<p style='margin:0;font-size:90%'>{esc(row['occasion'])}"
                f" Source: {citation}</p></blockquote>"
            )
        parts.append("</div>")
        return "".join(parts)


def statements(
    actor: str, topic: str | None = None, *, ids: Sequence[str] | None = None
) -> Statements:
    """One actor's own words: its excerpts, as quotations with speaker, date and source.

    Parameters
    ----------
    actor : str
        Whose view: ``"russia"``, ``"iran"``, ``"israel"``, ``"turkey"``, ``"syria_gov"``,
        ``"syria_opposition"``, ``"hezbollah"``, ``"saudi_arabia"`` or ``"arab_league"``.
    topic : str, optional
        Keep only the excerpts on one topic (see :data:`TOPICS`); all of them by default.
    ids : sequence of str, optional
        Keep only these excerpts (``statement_id`` values such as ``"S02"``), e.g. the ones
        a passage of a lesson discusses; each must be one of the actor's.

    Returns
    -------
    Statements
        Shown in a notebook as block quotations, each with its attribution and linked
        source; ``.frame`` is a DataFrame copy of the rows (columns of
        :func:`load_statements`), ``.ids`` their ids. Ordered by date. Empty when the actor
        said nothing on that topic in the table.

    Raises
    ------
    ValueError
        If ``actor`` or ``topic`` is not one of the choices, or an id in ``ids`` is not
        one of the actor's excerpts (the message lists the valid ones).

    Examples
    --------
    >>> said = statements("israel")
    >>> said.frame["speaker"].iloc[0]
    'Benjamin Netanyahu'
    >>> turkey = statements("turkey", topic="astana_idlib")
    >>> print(repr(turkey).splitlines()[0])
    Turkey — Astana and Idlib (2 statements)
    >>> turkey.ids
    ['S29', 'S07']
    >>> turkey.frame.loc[1, "quote"][:58]
    'We do not want a new humanitarian crisis and new tragedies'
    >>> statements("russa")
    Traceback (most recent call last):
    ...
    ValueError: unknown actor 'russa' (did you mean 'russia'?); valid actors: ...
    >>> statements("russia", ids=["S02"]).ids
    ['S02']
    """
    check_choice(actor, STATEMENT_ACTORS, "actor")
    if topic is not None:
        check_choice(topic, TOPICS, "topic")
    table = load_statements()
    chosen = table[table["actor"] == actor]
    if topic is not None:
        chosen = chosen[chosen["topic"] == topic]
    if ids is not None:
        if isinstance(ids, str):
            raise TypeError(f"ids must be a list of statement ids such as [{ids!r}], not a string")
        ids = list(ids)  # read once: a generator would be used up by the check below
        own = chosen["statement_id"].tolist()
        for statement_id in ids:
            if statement_id not in own:
                listing = ", ".join(own) or "none"
                raise ValueError(
                    f"{statement_id!r} is not one of the statements of {actor!r}"
                    + (f" on {topic!r}" if topic is not None else "")
                    + f"; they are: {listing}"
                )
        chosen = chosen[chosen["statement_id"].isin(ids)]
    chosen = chosen.sort_values(["date", "statement_id"], kind="stable")
    title = _actor_name(actor)
    if topic is not None:
        title += f" — {_topic_label(topic)}"
    return Statements(chosen, title)


def _actor_name(actor: str) -> str:
    if actor == "arab_league":
        return "Arab League"
    names = read_table("actors").set_index("actor_id")["name"]
    return str(names.get(actor, actor))


def _topic_label(topic: str) -> str:
    return THEME_LABELS.get(topic, "The Iran–Russia relationship (verdict)")
