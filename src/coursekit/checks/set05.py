"""Exercise set 05 · Turkey, Astana and Idlib: coalitions over time and positions by issue.

Every reference answer is computed from coursekit's data and analysis functions
(``alliance_network``, ``cooperative_subgraph``, ``agreement``, ``load_events``), so the
checks stay true when the data are corrected. Each auto-checked question declares the
wrong answers learners are likely to give, computed the way the mistake computes them,
with a hint naming the mistake. Multiple-choice references first verify that the data
still record the facts the right choice states.

Each auto-checked question applies the lesson's method to a case the lesson did not print
(transfer): components in 2018 (the lesson: 2015), Turkey's partners in 2025 (the lesson:
2015 and 2018), Russia's ties turned from hostile to cooperative (the lesson: Turkey's), the
number of years the Astana triangle lasts (the lesson: its first year), Iran and Russia on
opposite sides (the lesson: Turkey against Iran and the US), and two event rows the lesson
does not discuss, read as sources (05.6, 05.7). Practice questions ``05.p1``–``05.p5`` sit in the
lesson, never graded.

Over 500 lines: one exercise set is one module (the registry loads ``setNN``), and each of
its 13 questions (8 graded, 5 practice) declares its wrong answers with the computation that
produces each and a hint naming the mistake; splitting the set would scatter one story.
"""

from __future__ import annotations

from coursekit.checks.core import Question, QuestionSet, Wrong, require

#: The year of the article (autumn 2018, the lesson's second year); the year of the Su-24
#: crisis between Russia and Turkey (24 Nov 2015); and the last year of the data (Questions
#: 05.2 and 05.3 look that far ahead, beyond what the lesson prints).
YEAR, BEFORE, AFTER = 2018, 2015, 2025

#: The three Astana guarantors.
ASTANA = ("iran", "russia", "turkey")


# --------------------------------------------------------------------------- helpers


def _network(year: int):
    from coursekit import alliance_network

    return alliance_network(year)


def _largest_component(year: int = YEAR) -> int:
    import networkx as nx

    from coursekit import cooperative_subgraph

    return len(max(nx.connected_components(cooperative_subgraph(_network(year))), key=len))


def _components(year: int = YEAR, cooperative: bool = True) -> int:
    import networkx as nx

    from coursekit import cooperative_subgraph

    G = _network(year)
    return nx.number_connected_components(cooperative_subgraph(G) if cooperative else G)


def _ties(actor: str, year: int, sign: int | None = 1) -> list[str]:
    """The actors tied to ``actor`` in ``year`` (only ties of ``sign``, or all if None)."""
    G = _network(year)
    if actor not in G:
        return []
    return sorted(
        other
        for other in G.neighbors(actor)
        if sign is None or G.edges[actor, other]["sign"] == sign
    )


def _turned(actor: str = "turkey", after_year: int = AFTER) -> list[str]:
    """The actors whose tie with ``actor`` was hostile in BEFORE and cooperative later."""
    before, after = _network(BEFORE), _network(after_year)
    turned = []
    for other in sorted(set(after.nodes) | set(before.nodes)):
        if before.has_edge(actor, other) and after.has_edge(actor, other):
            if before.edges[actor, other]["sign"] < 0 < after.edges[actor, other]["sign"]:
                turned.append(other)
    return turned


def _changed_kind(actor: str = "turkey") -> list[str]:
    """The mistake of comparing the kind of tie instead of its sign."""
    before, after = _network(BEFORE), _network(AFTER)
    return sorted(
        other
        for other in after.neighbors(actor)
        if before.has_edge(actor, other)
        and before.edges[actor, other]["kind"] != after.edges[actor, other]["kind"]
    )


def _new_partners(actor: str = "turkey") -> list[str]:
    """The mistake of listing every later partner that was not a partner in BEFORE."""
    return sorted(set(_ties(actor, AFTER)) - set(_ties(actor, BEFORE)))


def _triangle_years(trio=ASTANA) -> list[int]:
    from itertools import combinations

    from coursekit.network import network_years

    first, last = network_years()
    years = []
    for year in range(first, last + 1):
        G = _network(year)
        if all(G.has_edge(u, v) and G.edges[u, v]["sign"] > 0 for u, v in combinations(trio, 2)):
            years.append(year)
    require(bool(years), "a year in which Iran, Russia and Turkey are all cooperative")
    return years


def _first_triangle_year() -> int:
    return _triangle_years()[0]


def _agreement(a: str = "turkey", b: str = "russia"):
    from coursekit import agreement

    return agreement(a, b)


def _opposite_sides(a: str = "turkey", b: str = "russia") -> list[str]:
    table = _agreement(a, b)
    return sorted(table.index[table["position_a"] * table["position_b"] < 0])


def _not_agreeing(a: str = "turkey", b: str = "russia") -> list[str]:
    table = _agreement(a, b)
    return sorted(table.index[~table["agree"]])


def _any_gap(a: str = "turkey", b: str = "russia") -> list[str]:
    table = _agreement(a, b)
    return sorted(table.index[table["gap"] > 0])


def _agreeing(a: str = "turkey", b: str = "russia") -> list[str]:
    table = _agreement(a, b)
    return sorted(table.index[table["agree"]])


def _triangle_length() -> int:
    """How many years of the data have all three Astana ties cooperative."""
    return len(_triangle_years())


def _years_from_first_to_data_end() -> int:
    from coursekit.network import network_years

    return network_years()[1] - _first_triangle_year() + 1


def _years_from_astana_talks() -> int:
    return sum(1 for year in _triangle_years() if year >= 2017)


def _event_row(event_id: str):
    from coursekit import load_events

    events = load_events()
    rows = events[events["event_id"] == event_id]
    require(len(rows) == 1, f"one event {event_id}")
    return rows.iloc[0]


def _source_kind(source_id: str) -> str:
    from coursekit import load_sources

    sources = load_sources()
    rows = sources[sources["source_id"] == source_id]
    require(len(rows) == 1, f"one source {source_id}")
    return str(rows.iloc[0]["kind"])


def _strike_choice() -> str:
    """b, provided E116 records Turkey's attribution of the 27 Feb 2020 strike (secondary)."""
    row = _event_row("E116")
    require(str(row["date"].date()) == "2020-02-27", "E116 is dated 27 Feb 2020")
    require(
        (row["actor_source"], row["actor_target"]) == ("syria_gov", "turkey"),
        "E116 runs from syria_gov to turkey",
    )
    require(
        "Turkey blames Syrian government forces" in row["description"],
        "E116 gives the attribution as Turkey's",
    )
    require(_source_kind(row["source_id"]) == "news", "E116's source is a news report")
    return "b"


def _sochi_2019_choice() -> str:
    """b, provided E113 is the Russia–Turkey Sochi memorandum on northeastern Syria, after
    Turkey's offensive against the SDF (E112)."""
    row = _event_row("E113")
    require(str(row["date"].date()) == "2019-10-22", "E113 is dated 22 Oct 2019")
    require(
        (row["actor_source"], row["actor_target"]) == ("russia", "turkey"),
        "E113 runs from russia to turkey",
    )
    require(
        "Sochi" in row["description"] and "northeastern Syria" in row["description"],
        "E113 is the Sochi memorandum on northeastern Syria",
    )
    offensive = _event_row("E112")
    require(
        (offensive["actor_source"], offensive["actor_target"]) == ("turkey", "sdf")
        and offensive["date"] < row["date"],
        "E112, Turkey against the SDF, comes first",
    )
    return "b"


# --------------------------------------------------------------------------- questions

#: 05.8's model answer (134 words, within the 120-200 the question asks for).
MODEL_ANSWER = (
    "An interpretation: it reads Turkey's seat at Astana and its quarrels with Washington as "
    "a 'coalition' and a 'rift'. Turkey's own view: it joined Astana as the opposition's "
    "guarantor, not to save Assad, to keep the YPG-led SDF (a PKK offshoot, in Ankara's eyes) "
    "off its border, to avert an assault on Idlib and a new refugee wave, and to have a say "
    "in Syria's future. Support: from 2016 Turkey is in a cooperative triangle with Russia and "
    "Iran while fighting the SDF, the US partner, and it disagrees with the US on Kurdish "
    "self-rule, US troops and sanctions on Iran. Complication: it stays in a clique with the "
    "US and the opposition, takes the opposite side to Russia and Iran on Assad and on an "
    "Idlib offensive, and fought Assad's forces in 2020."
)


#: The questions of this set, in order (for tests and tools).
QUESTIONS = QuestionSet()


QUESTIONS.add(
    Question(
        id="05.1",
        title="Cooperative components in 2018",
        kind="number",
        points=1,
        reference=_components,
        wrong=[
            Wrong(
                lambda: _components(cooperative=False),
                "you counted the components of the whole network, hostile ties included; "
                "take coursekit.cooperative_subgraph(G) first",
                lazy=True,
            ),
            Wrong(
                lambda: _network(YEAR).number_of_nodes(),
                "that is the number of actors; count the connected components "
                "(nx.number_connected_components)",
                lazy=True,
            ),
            Wrong(
                lambda: _components(BEFORE),
                f"that is the count for {BEFORE}; the question asks about {YEAR}",
                lazy=True,
            ),
            Wrong(
                _largest_component,
                "that is the size of the largest component (its number of actors); the "
                "question asks how many components there are",
                lazy=True,
            ),
        ],
        hint="nx.number_connected_components(coursekit.cooperative_subgraph("
        "coursekit.alliance_network(2018)))",
    )
)

QUESTIONS.add(
    Question(
        id="05.2",
        title="Turkey's cooperative partners in 2025",
        kind="set",
        points=1,
        reference=lambda: _ties("turkey", AFTER),
        wrong=[
            Wrong(
                lambda: _ties("turkey", AFTER, sign=None),
                "you listed every tie, hostile ones included; keep the ties with sign +1 "
                "(or use the cooperative subgraph)",
                lazy=True,
            ),
            Wrong(
                lambda: _ties("turkey", YEAR),
                f"those are Turkey's partners in {YEAR}, the lesson's year; the question "
                f"asks about {AFTER}",
                lazy=True,
            ),
            Wrong(
                lambda: _ties("turkey", AFTER, sign=-1),
                "those are Turkey's hostile ties (sign -1); the question asks for its "
                "cooperative partners",
                lazy=True,
            ),
        ],
        hint="G = coursekit.alliance_network(2025); keep the neighbours o of 'turkey' with "
        "G.edges['turkey', o]['sign'] == 1",
    )
)

QUESTIONS.add(
    Question(
        id="05.3",
        title="Russia: from hostile to cooperative, 2015 → 2025",
        kind="set",
        points=2,
        reference=lambda: _turned("russia"),
        wrong=[
            Wrong(
                lambda: _turned("russia", after_year=YEAR),
                "that is the change from 2015 to 2018; the question compares 2015 with "
                "2025, the last year of the data",
                lazy=True,
            ),
            Wrong(
                lambda: _new_partners("russia"),
                "Saudi Arabia had no tie with Russia in 2015, so its tie did not change "
                "sign: it appeared. Keep only actors tied to Russia in both years",
                lazy=True,
            ),
            Wrong(
                lambda: _changed_kind("russia"),
                "you compared the kind of tie; a tie can change kind and keep its sign "
                "(Iran stays cooperative). Compare the signs",
                lazy=True,
            ),
            Wrong(
                lambda: _ties("russia", AFTER),
                "those are all of Russia's 2025 partners; Iran was already a partner in 2015",
                lazy=True,
            ),
            Wrong(
                _turned,
                "that is Turkey's change (the lesson's actor); the question asks about "
                "Russia's ties",
                lazy=True,
            ),
            Wrong(
                lambda: _turned("turkey", after_year=YEAR),
                "that is Turkey's change from 2015 to 2018, the lesson's case; the question "
                "asks about Russia's ties, from 2015 to 2025",
                lazy=True,
            ),
        ],
        hint="for each actor tied to Russia in both 2015 and 2025, compare "
        "G2015.edges['russia', actor]['sign'] with G2025.edges['russia', actor]['sign']",
    )
)

QUESTIONS.add(
    Question(
        id="05.4",
        title="How many years the Astana triangle lasts",
        kind="number",
        points=1,
        reference=_triangle_length,
        wrong=[
            Wrong(
                _years_from_first_to_data_end,
                "you counted every year from the first one to the end of the data; check "
                "the three ties year by year (is the Iran–Turkey tie still there in 2025?)",
                lazy=True,
            ),
            Wrong(
                _years_from_astana_talks,
                "one year short: last year minus first year leaves one end out, and the "
                "triangle closed in 2016 (the lesson's year), before the first Astana talks "
                "(2017): count every year with all three ties cooperative, e.g. len(years)",
                lazy=True,
            ),
            Wrong(
                _first_triangle_year,
                "that is the first year of the triangle, which the lesson found; the "
                "question asks how many years it lasts",
                lazy=True,
            ),
        ],
        hint="loop over the years 2011–2025, collect those in which the ties iran–russia, "
        "iran–turkey and russia–turkey all have sign +1, and count them",
    )
)

QUESTIONS.add(
    Question(
        id="05.5",
        title="Where Iran and Russia take opposite sides",
        kind="set",
        points=2,
        reference=lambda: _opposite_sides("iran", "russia"),
        wrong=[
            Wrong(
                lambda: _not_agreeing("iran", "russia"),
                "Russia is neutral (0) on some issues: agree is False there, but neutral "
                "is not the opposite side. Keep issues where one position is positive and "
                "the other negative",
                lazy=True,
            ),
            Wrong(
                lambda: _any_gap("iran", "russia"),
                "a gap can be between two positions on the same side (both against "
                "sanctions on Iran, -2 and -1); opposite sides means one for and one against",
                lazy=True,
            ),
            Wrong(
                lambda: _agreeing("iran", "russia"),
                "those are the issues on which they agree; the question asks where they "
                "take opposite sides",
                lazy=True,
            ),
            Wrong(
                _opposite_sides,
                "those are the issues on which Turkey and Russia part (as Turkey and Iran "
                "do in the lesson); the question asks about Iran and Russia",
                lazy=True,
            ),
        ],
        hint="in coursekit.agreement('iran', 'russia') keep the issues where "
        "position_a * position_b < 0",
    )
)

QUESTIONS.add(
    Question(
        id="05.6",
        title="Reading a source: the air strike of February 2020",
        kind="choice",
        points=1,
        choices={
            "a": "Syrian government forces killed the Turkish soldiers: the row settles who "
            "carried out the strike",
            "b": "Turkish troops in Idlib suffered a deadly strike that Turkey attributes to "
            "the Syrian government: a clash that sits badly with a coalition 'to defend "
            "Assad's regime' (C28)",
            "c": "the strike shows that Idlib was falling to the government, as the article "
            "forecast (C30)",
            "d": "a news report restates the article, so the row is not independent "
            "of the article",
        },
        reference=_strike_choice,
        wrong=[
            Wrong(
                "a",
                "read the description: 'Turkey blames Syrian government forces'. The "
                "attribution is one party's account, as a news agency reports it",
            ),
            Wrong(
                "c",
                "a strike is not a change of control: a week later Russia and Turkey froze "
                "the front (E118, 5 Mar 2020), and Idlib did not fall",
            ),
            Wrong(
                "d",
                "independence is about where the information comes from: the row reports "
                "events of 2020, two years after the article, so it cannot restate the "
                "article's claims; its weakness is that it is a secondary source",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="05.7",
        title="Reading a source: the Sochi memorandum of October 2019",
        kind="choice",
        points=1,
        choices={
            "a": "C30: it shows that Idlib fell, as the article forecast",
            "b": "C28: it is consistent with a rift, since Russia and Turkey came to an "
            "agreement on northeastern Syria between themselves after Turkey attacked the "
            "SDF, the United States' partner; one row cannot show the rift by itself",
            "c": "C27: it corrects the date the article gives for the Astana meeting",
            "d": "C35: it shows that Iran declared victory and withdrew",
        },
        reference=_sochi_2019_choice,
        wrong=[
            Wrong(
                "a",
                "the memorandum is about northeastern Syria, not Idlib; Idlib did not fall "
                "(C30 did not happen)",
            ),
            Wrong(
                "c",
                "C27 is about March 2018, and the claims table finds it accurate; this row "
                "is from October 2019",
            ),
            Wrong(
                "d",
                "Iran is not a party to this row: it records Russia and Turkey alone",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="05.8",
        title="A rift among Assad's opponents? (written)",
        kind="written",
        points=3,
        words=(120, 200),
        reference=lambda: MODEL_ANSWER,
    )
)


# --------------------------------------------------------------------------- practice
# Practice questions inside Lesson 05 (ids 05.pK): checked like the others, never graded.


def _milestones(year: int, dedupe: bool = True) -> int:
    """The events tagged astana_idlib in ``year``, each meeting once (or once per pair)."""
    from coursekit import load_events

    events = load_events()
    rows = events[events["themes"].str.contains("astana_idlib") & (events["date"].dt.year == year)]
    return len(rows.drop_duplicates(subset=["date", "description"]) if dedupe else rows)


def _phr_share(total: str = "H16", government: str = "H17") -> float:
    """The share of PHR's verified attacks on health care attributed to the government side."""
    from coursekit import load_human_cost

    values = load_human_cost().set_index("figure_id")["value"]
    return float(values[government] / values[total])


QUESTIONS.add(
    Question(
        id="05.p1",
        title="Astana milestones in 2018",
        kind="number",
        reference=lambda: _milestones(YEAR),
        wrong=[
            Wrong(
                lambda: _milestones(YEAR, dedupe=False),
                "that counts each meeting once per pair (Russia -> Iran and Russia -> "
                "Turkey); drop the duplicates with drop_duplicates(subset=['date', "
                "'description'])",
                lazy=True,
            ),
            Wrong(
                lambda: _milestones(2017),
                "that is 2017; the question asks about 2018",
                lazy=True,
            ),
        ],
        hint="rows = astana[astana['date'].dt.year == 2018], then "
        "len(rows.drop_duplicates(subset=['date', 'description']))",
        practice=True,
    )
)


def _cliques_with(actor: str, year: int) -> list[list[str]]:
    import networkx as nx

    from coursekit import cooperative_subgraph

    C = cooperative_subgraph(_network(year))
    return sorted(sorted(c) for c in nx.find_cliques(C) if actor in c and len(c) >= 3)


def _soured(actor: str, before: int, after: int) -> list[str]:
    """The actors whose tie with ``actor`` was cooperative in ``before``, hostile later."""
    G0, G1 = _network(before), _network(after)
    return sorted(
        other
        for other in G1.neighbors(actor)
        if G0.has_edge(actor, other)
        and G0.edges[actor, other]["sign"] > 0 > G1.edges[actor, other]["sign"]
    )


QUESTIONS.add(
    Question(
        id="05.p2",
        title="Iran's cliques in 2018",
        kind="number",
        reference=lambda: len(_cliques_with("iran", YEAR)),
        wrong=[
            Wrong(
                lambda: len(_cliques_with("turkey", YEAR)),
                "that is Turkey's count; call cliques_with('iran', 2018)",
                lazy=True,
            ),
            Wrong(
                lambda: len(_cliques_with("iran", BEFORE)),
                f"that is the count for {BEFORE}; the question asks about {YEAR}",
                lazy=True,
            ),
        ],
        hint="len(cliques_with('iran', 2018))",
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="05.p3",
        title="Turkey's ties that soured, 2018 → 2021",
        kind="set",
        reference=lambda: _soured("turkey", YEAR, 2021),
        wrong=[
            Wrong(
                lambda: _ties("turkey", 2021, sign=-1),
                "those are all of Turkey's hostile ties in 2021; keep those that were "
                "cooperative in 2018",
                lazy=True,
            ),
            Wrong(
                lambda: _turned("turkey", after_year=YEAR),
                "those went the other way (hostile in 2015, cooperative in 2018); the "
                "question asks for cooperative in 2018 and hostile in 2021",
                lazy=True,
            ),
        ],
        hint="change = ties_of('turkey', 2018).join(ties_of('turkey', 2021), how='outer'), "
        "then keep the rows with sign_2018 > 0 and sign_2021 < 0",
        practice=True,
    )
)

QUESTIONS.add(
    Question(
        id="05.p4",
        title="Where Turkey and Saudi Arabia disagree",
        kind="set",
        reference=lambda: _not_agreeing("turkey", "saudi_arabia"),
        wrong=[
            Wrong(
                lambda: _agreeing("turkey", "saudi_arabia"),
                "those are the issues on which they agree (agree is True)",
                lazy=True,
            ),
            Wrong(
                lambda: _not_agreeing("turkey", "usa"),
                "those are Turkey's disagreements with the United States; the question "
                "asks about Saudi Arabia",
                lazy=True,
            ),
        ],
        hint="table = coursekit.agreement('turkey', 'saudi_arabia'); "
        "list(table.index[~table['agree']])",
        practice=True,
    )
)


QUESTIONS.add(
    Question(
        id="05.p5",
        title="PHR's attribution, 2021 count",
        kind="number",
        reference=_phr_share,
        tolerance=0.0005,
        wrong=[
            Wrong(
                lambda: _phr_share("H12", "H13"),
                "that is the 2017 count (H12, H13); the question asks about the 2021 count "
                "(H16, H17)",
                lazy=True,
            ),
            Wrong(
                lambda: 1 / _phr_share(),
                "you divided the total by the attributed part; divide the attributed part "
                "(H17) by the total (H16)",
                lazy=True,
            ),
        ],
        hint="values = cost.set_index('figure_id')['value']; values['H17'] / values['H16']",
        practice=True,
    )
)
