"""Load the course's curated tables as pandas DataFrames.

Each table is a CSV file shipped inside the package (``coursekit/data``) and read with
:func:`importlib.resources.files`, so the course works wherever the package is installed.
The files are read once per session and cached; every loader returns a fresh **copy**,
so changing a DataFrame in a notebook never corrupts the data other cells see.

Every row carries a ``source_id`` that points into :func:`load_sources`. The codebook
(``coursekit/data/codebook.md``) documents every column and coding rule. Interests and
positions also carry an ``origin``: the 2018 article's own assertions (claims under test)
or independent sources; ``origin=`` chooses which (see :func:`load_interests`).

Over 500 lines: one loader per shipped table, each with its numpydoc docstring and a
doctest, beside the one cached reader they share; about half the lines are docstrings.

References
----------
.. [1] Azodi, S. and Mahmoudian, A. (2018). "Iran's Alliance With Russia in Syria: Marriage
   of Convenience or Strategic Partnership?" Atlantic Council, IranSource, autumn 2018.
.. [2] Goldstein, J. S. (1992). "A Conflict-Cooperation Scale for WEIS Events Data."
   Journal of Conflict Resolution 36(2): 369–385.
.. [3] Schrodt, P. A. (2012). CAMEO Conflict and Mediation Event Observations Event and
   Actor Codebook, version 1.1b3.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files

import numpy as np
import pandas as pd

from ._validate import check_choice

__all__ = [
    "ORIGINS",
    "ORIGIN_CHOICES",
    "TABLES",
    "THEMES",
    "THEME_LABELS",
    "data_path",
    "load_actors",
    "load_cameo",
    "load_claims",
    "load_events",
    "load_facts",
    "load_human_cost",
    "load_interests",
    "load_issues",
    "load_places",
    "load_positions",
    "load_readings",
    "load_relations",
    "load_routes",
    "load_sources",
    "load_treaties",
    "load_treaty_provisions",
    "read_table",
    "readings",
    "schema_values",
]

#: The CSV tables shipped in ``coursekit/data`` (plus the CAMEO/Goldstein lookup).
TABLES = (
    "actors",
    "relations",
    "interests",
    "issues",
    "positions",
    "events",
    "places",
    "routes",
    "claims",
    "facts",
    "human_cost",
    "sources",
    "treaties",
    "treaty_provisions",
    "readings",
)

#: The theme tags used in ``events.themes`` (``;``-separated), each with its readable name.
THEME_LABELS = {
    "historical_wariness": "Historical wariness",
    "irans_stakes": "Iran's stakes",
    "israels_security": "Israel's security",
    "russian_grand_strategy": "Russian grand strategy",
    "astana_idlib": "Astana and Idlib",
    "aftermath": "Aftermath (2019–2025)",
}
#: The theme tags, in course order.
THEMES = tuple(THEME_LABELS)

# Columns read as text so that codes such as CAMEO "057" keep their leading zero.
_TEXT = {"cameo_code": str, "fact_id": str, "url": str, "note": str, "article": str,
         "instrument_id": str}
# Per-table text columns (ISO dates of mixed precision stay text, e.g. "2015-07").
_TEXT_BY_TABLE = {
    "facts": {"date": str},
    "human_cost": {"period_start": str, "period_end": str, "published": str},
}

# Coded columns that become pandas categoricals; their categories, in order, are the
# column's ``enum`` in schema.json (the codebook's values), read by schema_values().
_CATEGORICAL = {
    "actors": ("kind",),
    "interests": ("origin",),
    "positions": ("origin",),
    "relations": ("kind",),
    "events": ("date_precision",),
    "places": ("kind",),
    "claims": ("claim_type", "status", "resolution"),
    "sources": ("kind",),
    "treaty_provisions": ("category",),
    "readings": ("kind",),
}


@functools.cache
def schema_values(table: str, column: str) -> tuple[str, ...]:
    """The allowed values of a coded column: its ``enum`` in ``data/schema.json``, in order.

    Examples
    --------
    >>> schema_values("evidence", "origin")
    ('article', 'independent')
    """
    schema = json.loads(data_path("schema.json").read_text(encoding="utf-8"))
    return tuple(schema["tables"][table]["schema"]["properties"][column]["enum"])


# Whole-number columns that may be blank: pandas' nullable Int64.
_NULLABLE_INT = {"interests": ["paragraph"], "claims": ["resolved"], "treaties": ["articles"]}


def data_path(name: str):
    """Return the packaged path of a data file, e.g. ``data_path("events.csv")``.

    Examples
    --------
    >>> data_path("actors.csv").name
    'actors.csv'
    """
    return files("coursekit").joinpath("data", name)


#: The values of ``origin`` in interests.csv and positions.csv (and evidence.csv).
ORIGINS = ("article", "independent")
#: The choices of ``origin=`` in :func:`load_interests`, :func:`load_positions` and the
#: analysis functions built on them (``"all"`` only in the loaders).
ORIGIN_CHOICES = ("article_first", "article", "independent", "all")


def _select_origin(df: pd.DataFrame, key: list[str], origin: str) -> pd.DataFrame:
    """The rows of a table with an ``origin`` column that ``origin=`` asks for, as a copy.

    ``"article_first"`` keeps, for each key, the article's row if there is one and the
    independent row otherwise, so it is the table as it was before independent rows were
    added beside the article's; every choice keeps file order and renumbers the index.
    """
    check_choice(origin, ORIGIN_CHOICES, "origin")
    if origin == "all":
        keep = pd.Series(True, index=df.index)
    elif origin in ORIGINS:
        keep = df["origin"] == origin
    else:
        has_article = df[df["origin"] == "article"].set_index(key).index
        keep = (df["origin"] == "article") | ~df.set_index(key).index.isin(has_article)
    return df[keep.to_numpy()].reset_index(drop=True)


@functools.cache
def _read(table: str) -> pd.DataFrame:
    """Read one table from disk once per session, with the codebook's dtypes."""
    with data_path(f"{table}.csv").open(encoding="utf-8") as handle:
        df = pd.read_csv(handle, dtype=_TEXT | _TEXT_BY_TABLE.get(table, {}),
                         keep_default_na=False, na_values=[""])
    for column in _CATEGORICAL.get(table, ()):
        df[column] = pd.Categorical(df[column], categories=schema_values(table, column))
    for column in _NULLABLE_INT.get(table, []):
        df[column] = df[column].astype("Int64")
    if table == "treaties":
        for column in ("signed", "in_force"):
            df[column] = pd.to_datetime(df[column], format="%Y-%m-%d")
    if table == "events":
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
        weights = _read_cameo().set_index("cameo_code")
        df["goldstein"] = df["cameo_code"].map(weights["goldstein"])
        df["cameo_label"] = df["cameo_code"].map(weights["description"])
    return df


def read_table(table: str) -> pd.DataFrame:
    """A fresh copy of any table in ``data/schema.json`` (e.g. verdict's), read like the rest.

    Examples
    --------
    >>> read_table("criteria").columns[0]
    'criterion_id'
    """
    return _read(table).copy()


@functools.cache
def _read_cameo() -> pd.DataFrame:
    with data_path("cameo_goldstein.tsv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, sep="\t", dtype={"cameo_code": str})


def load_cameo() -> pd.DataFrame:
    """The CAMEO event codes with their Goldstein cooperation–conflict weights.

    Weights run from −10 (most conflictual) to +10 (most cooperative), as distributed
    by the GDELT project (``CAMEO.goldsteinscale.txt``). Goldstein [2]_ scored the older
    WEIS codes; the CAMEO weights are an adaptation [3]_.

    Returns
    -------
    pandas.DataFrame
        Columns ``cameo_code`` (text, with leading zeros), ``goldstein``, ``description``.

    Examples
    --------
    >>> cameo = load_cameo()
    >>> cameo.set_index("cameo_code").loc["057", "goldstein"]
    np.float64(8.0)
    """
    return _read_cameo().copy()


def load_actors() -> pd.DataFrame:
    """The actors of the Syrian war that the course studies (states, armed groups, bodies).

    ``iran`` also stands for Qajar Persia and ``russia`` for the Russian Empire and the
    USSR, so two centuries of relations line up under one id each.

    Returns
    -------
    pandas.DataFrame
        One row per actor: ``actor_id``, ``name``, ``kind`` (categorical), ``description``,
        ``source_id``.

    Examples
    --------
    >>> actors = load_actors()
    >>> actors.set_index("actor_id").loc["hezbollah", "kind"]
    'non_state_armed_group'
    """
    return _read("actors").copy()


def load_relations() -> pd.DataFrame:
    """Signed ties between actors, each valid over a span of years.

    ``sign`` is +1 for a cooperative tie and −1 for a hostile one; ``strength`` runs 1–3;
    a tie holds from ``start_year`` to ``end_year`` inclusive. Pairs are undirected
    (``actor_a`` sorts before ``actor_b``). Use :func:`coursekit.alliance_network` to get
    the network of one year.

    Examples
    --------
    >>> rel = load_relations()
    >>> sorted(set(rel["sign"]))
    [-1, 1]
    """
    return _read("relations").copy()


def load_interests(origin: str = "article_first") -> pd.DataFrame:
    """Each major actor's goals in Syria, with a priority (3 vital, 2 major, 1 secondary).

    ``goal_id`` is shared when two actors pursue the same goal, so portfolios can be
    compared; ``paragraph`` is the article's ¶ where the goal is stated (blank if the goal
    comes from another source). ``origin`` says where a row comes from: ``"article"`` rows
    are the 2018 article's own assertions (``source_id`` ``azodi2018``), the claims under
    test; ``"independent"`` rows rest on another source (the actor's own statements and
    doctrines, official documents, expert reports), with the evidence in ``note``.

    Parameters
    ----------
    origin : {"article_first", "article", "independent", "all"}
        Which rows to return. ``"article_first"`` (the default, the table the lessons were
        built on): one row per actor and goal, the article's where it states the goal,
        otherwise the independent one. ``"article"`` or ``"independent"``: only rows of
        that origin (one per actor and goal). ``"all"``: every row, so an actor and goal
        can appear twice, once per origin.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor_id``, ``goal_id``, ``goal``, ``priority``, ``paragraph`` (Int64),
        ``note``, ``source_id``, ``origin``; in file order, with a fresh 0..n-1 index.

    Raises
    ------
    ValueError
        If ``origin`` is not one of the four choices.

    Examples
    --------
    >>> goals = load_interests()
    >>> {"iran", "russia"} <= set(goals["actor_id"])
    True
    >>> goals.duplicated(["actor_id", "goal_id"]).any()  # one row per actor and goal
    np.False_
    >>> set(load_interests("independent")["source_id"]) & {"azodi2018"}  # the article left out
    set()
    """
    return _select_origin(_read("interests"), ["actor_id", "goal_id"], origin)


def load_issues() -> pd.DataFrame:
    """The war's key issues, each phrased as a yes/no proposition.

    Examples
    --------
    >>> "assad_stays" in set(load_issues()["issue_id"])
    True
    """
    return _read("issues").copy()


def load_positions(origin: str = "article_first") -> pd.DataFrame:
    """Actors' positions on the key issues in 2018, from −2 (strongly against) to +2.

    ``origin`` says where a row comes from: ``"article"`` rows are the 2018 article's own
    assertions (``source_id`` ``azodi2018``), the claims under test; ``"independent"`` rows
    rest on another source.

    Parameters
    ----------
    origin : {"article_first", "article", "independent", "all"}
        Which rows to return. ``"article_first"`` (the default, the table the lessons were
        built on): one row per actor and issue, the article's where it states the position,
        otherwise the independent one. ``"article"`` or ``"independent"``: only rows of
        that origin. ``"all"``: every row (an actor and issue can appear twice).

    Returns
    -------
    pandas.DataFrame
        Columns ``actor_id``, ``issue_id``, ``position``, ``as_of_year``, ``note``,
        ``source_id``, ``origin``; in file order, with a fresh 0..n-1 index.

    Raises
    ------
    ValueError
        If ``origin`` is not one of the four choices.

    Examples
    --------
    >>> pos = load_positions()
    >>> pos["position"].between(-2, 2).all()
    np.True_
    >>> mine = load_positions("independent")  # without the article's own rows
    >>> (mine["source_id"] != "azodi2018").all()
    np.True_
    """
    return _select_origin(_read("positions"), ["actor_id", "issue_id", "as_of_year"], origin)


def load_events() -> pd.DataFrame:
    """Dated events from 1804 to 2025, coded with CAMEO and weighted by Goldstein.

    The ``goldstein`` and ``cameo_label`` columns are not typed in by hand: they are looked
    up from the event's ``cameo_code`` in :func:`load_cameo`, so every score is reproducible.
    ``themes`` holds one or more theme tags separated by ``;`` (see :data:`THEMES`).

    Returns
    -------
    pandas.DataFrame
        Columns ``event_id``, ``date`` (datetime64), ``date_precision``, ``actor_source``,
        ``actor_target``, ``cameo_code``, ``themes``, ``description``, ``fact_id``,
        ``source_id``, ``goldstein``, ``cameo_label``; sorted by date.

    Examples
    --------
    >>> events = load_events()
    >>> events["date"].min().year, events["date"].max().year
    (1804, 2025)
    >>> events["date"].dtype.kind  # "M" is numpy's kind code for datetime64
    'M'
    """
    return _read("events").copy()


def load_places() -> pd.DataFrame:
    """Places with coordinates (decimal degrees) and a kind: capital, city or base.

    Examples
    --------
    >>> places = load_places().set_index("place_id")
    >>> float(places.loc["quneitra", "lat"])
    33.13
    """
    return _read("places").copy()


def load_routes() -> pd.DataFrame:
    """Undirected ground links between places, for shortest-route questions.

    Examples
    --------
    >>> list(load_routes().columns[:2])
    ['place_a', 'place_b']
    """
    return _read("routes").copy()


def load_claims() -> pd.DataFrame:
    """The 2018 article's claims, paraphrased, typed, and checked against what happened.

    ``claim_type`` is fact, interpretation or forecast; ``status`` says how the claim
    fared; ``resolution`` says whether a forecast can be scored (``happened``,
    ``did_not_happen``) or not (``void``: its condition never held; ``possibility``: it
    said what *could* happen; ``mixed``; ``not_a_forecast``); ``resolved`` is 1 or 0 for
    the scored forecasts only (for Brier scores).

    Examples
    --------
    >>> claims = load_claims()
    >>> sorted(claims["claim_type"].unique())
    ['fact', 'forecast', 'interpretation']
    """
    return _read("claims").copy()


def load_facts() -> pd.DataFrame:
    """The course's vetted facts, so that an id such as "fact F15" can be looked up.

    Lessons, claims, events and evidence cite facts by id: ``F01``–``F31`` and
    ``G01``–``G23`` (there is no ``G21``). Each row paraphrases one fact of the course's
    vetted fact sheet, with the date of its main event and a source.

    Returns
    -------
    pandas.DataFrame
        One row per fact (a fresh copy): ``fact_id``, ``statement`` (a paraphrase),
        ``date`` (text, ISO 8601: ``YYYY-MM-DD``, or ``YYYY-MM`` when only the month is
        known; missing when no date is established) and ``source_id`` (a row of
        :func:`load_sources`).

    Examples
    --------
    >>> facts = load_facts().set_index("fact_id")
    >>> facts.loc["F15", "date"]
    '2018-09-17'
    >>> "Il-20M" in facts.loc["F15", "statement"]
    True
    >>> facts.loc["F15", "source_id"] in set(load_sources()["source_id"])
    True
    """
    return _read("facts").copy()


def load_sources() -> pd.DataFrame:
    """Every source that any row of any table cites, with a citation and URL.

    Examples
    --------
    >>> sources = load_sources().set_index("source_id")
    >>> "goldstein1992" in sources.index
    True
    """
    return _read("sources").copy()


def load_treaties() -> pd.DataFrame:
    """Three treaties read in lesson 08: Russia–Iran 2001 and 2025, Russia–DPRK 2024.

    Returns
    -------
    pandas.DataFrame
        Columns ``treaty_id``, ``short_name``, ``title``, ``parties`` (actor slugs
        separated by ``;``), ``signed`` and ``in_force`` (datetime64; missing when not
        recorded), ``articles`` (Int64; missing when not recorded), ``replaced_by``,
        ``note``, ``source_id`` (where the course found the text); a fresh copy.

    Examples
    --------
    >>> treaty = load_treaties().set_index("treaty_id").loc["ru_ir_2025"]
    >>> int(treaty["articles"]), str(treaty["signed"].date())
    (47, '2025-01-17')
    """
    return _read("treaties").copy()


def load_treaty_provisions() -> pd.DataFrame:
    """Treaty provisions coded with the obligation categories of the ATOP project.

    Each row is one article (or paragraph) of a treaty in :func:`load_treaties`, with a
    short paraphrase, the ATOP obligation it carries (``defense``, ``offense``,
    ``neutrality``, ``nonaggression``, ``consultation``, or ``none`` for cooperation
    without a wartime commitment; Leeds et al. 2002), a note on the coding decision and
    the source where the course found the article's text. ``article`` is text such as
    ``"3(3)"`` (article 3, paragraph 3), missing when the source quotes the provision
    without its number. Only articles whose text was found are coded.

    Examples
    --------
    >>> p = load_treaty_provisions()
    >>> p.loc[p["category"] == "defense", ["treaty_id", "article"]].values.tolist()
    [['ru_kp_2024', '4']]
    """
    return _read("treaty_provisions").copy()


def load_readings() -> pd.DataFrame:
    """The reading list: for each lesson, works to read, with why and the full citation.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_id``, ``lesson`` (0–9), ``kind`` (``scholarship``, ``report`` or
        ``primary``), ``why``, and ``citation`` and ``url`` from :func:`load_sources`;
        a fresh copy.

    Examples
    --------
    >>> sorted(load_readings()["lesson"].unique().tolist())
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    sources = _read("sources")[["source_id", "citation", "url"]]
    table = _read("readings").merge(sources, on="source_id", how="left", validate="many_to_one")
    return table[["source_id", "lesson", "kind", "why", "citation", "url"]]


def readings(lesson: int) -> pd.DataFrame:
    """The readings for one lesson: scholarship first, then reports, then primary texts.

    Parameters
    ----------
    lesson : int
        The lesson's number, e.g. ``6`` for lesson 06.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind``, ``citation``, ``why``, ``url``, ``source_id``; a fresh copy.

    Raises
    ------
    ValueError
        If ``lesson`` is not the number of a lesson with readings.

    Examples
    --------
    >>> readings(6)["source_id"].tolist()[:2]
    ['walt1987', 'snyder1997']
    >>> readings(42)
    Traceback (most recent call last):
    ...
    ValueError: no lesson 42: readings exist for lessons 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
    """
    table = load_readings()
    lessons = sorted(int(n) for n in table["lesson"].unique())
    valid = isinstance(lesson, int | np.integer) and not isinstance(lesson, bool)
    if not valid or int(lesson) not in lessons:
        listing = ", ".join(str(n) for n in lessons)
        raise ValueError(f"no lesson {lesson!r}: readings exist for lessons {listing}")
    chosen = table[table["lesson"] == int(lesson)].sort_values("kind", kind="stable")
    return chosen[["kind", "citation", "why", "url", "source_id"]].reset_index(drop=True)


def load_human_cost() -> pd.DataFrame:
    """The war's human cost: dated, sourced figures with who counted them and how.

    Each row is one figure as published by a UN body (OHCHR, UNHCR, OCHA) or a
    monitoring group (the Syrian Observatory for Human Rights, the Syrian Network for
    Human Rights, Physicians for Human Rights): ``measure`` (e.g. ``civilian_deaths``),
    ``value``, ``qualifier`` (``documented`` names, a statistical ``estimate``, ``about``,
    ``more_than`` or a UNHCR ``planning_figure``), the period it covers (ISO dates of
    year, month or day precision, kept as text), ``counted_by``, and ``attributed_to``
    (the actors the counter holds responsible; blank for all parties). Counts by
    different organisations differ in method and period: compare them, never add them.

    Examples
    --------
    >>> cost = load_human_cost()
    >>> sorted(cost["counted_by"].unique())
    ['ocha', 'ohchr', 'phr', 'snhr', 'sohr', 'unhcr']
    >>> h01 = cost.set_index("figure_id").loc["H01"]
    >>> int(h01["value"]), h01["qualifier"], h01["counted_by"]
    (306887, 'estimate', 'ohchr')
    """
    return _read("human_cost").copy()
