"""Exercise set 05 · Turkey, Astana and Idlib: coalitions over time and positions by issue.

Every reference answer is computed from coursekit's data and analysis functions
(``alliance_network``, ``cooperative_subgraph``, ``agreement``, ``load_events``), so the
checks stay true when the data are corrected. Each auto-checked question declares the
wrong answers learners are likely to give, computed the way the mistake computes them,
with a hint naming the mistake. Multiple-choice references first verify that the data
still record the facts the right choice states.
"""

from __future__ import annotations

from coursekit.checks.core import Question, QuestionSet, Wrong, events_with, require

#: The year of the article (autumn 2018); the year of the Su-24 crisis between Russia and
#: Turkey (24 Nov 2015); and the last year of the data (Question 05.3 looks that far ahead).
YEAR, BEFORE, AFTER = 2018, 2015, 2025

#: The three Astana guarantors.
ASTANA = ("iran", "russia", "turkey")


# --------------------------------------------------------------------------- helpers



def _network(year: int):
    from coursekit import alliance_network

    return alliance_network(year)


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
        other for other in G.neighbors(actor)
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
        other for other in after.neighbors(actor)
        if before.has_edge(actor, other)
        and before.edges[actor, other]["kind"] != after.edges[actor, other]["kind"]
    )


def _new_partners(actor: str = "turkey") -> list[str]:
    """The mistake of listing every later partner that was not a partner in BEFORE."""
    return sorted(set(_ties(actor, AFTER)) - set(_ties(actor, BEFORE)))


def _triangle_years(trio=ASTANA) -> list[int]:
    from itertools import combinations

    from coursekit.network import FIRST_YEAR, LAST_YEAR

    years = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        G = _network(year)
        if all(G.has_edge(u, v) and G.edges[u, v]["sign"] > 0
               for u, v in combinations(trio, 2)):
            years.append(year)
    require(bool(years), "a year in which Iran, Russia and Turkey are all cooperative")
    return years


def _first_triangle_year() -> int:
    return _triangle_years()[0]


def _event_year(fact_id: str, needle: str) -> int:
    from coursekit import load_events

    events = load_events()
    rows = events[(events["fact_id"] == fact_id)
                  & events["description"].str.contains(needle, case=False, regex=False)]
    require(not rows.empty, f"an event with fact_id {fact_id} mentioning {needle!r}")
    return int(rows["date"].dt.year.min())


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


def _march_2018_choice() -> str:
    """b, provided the data record a foreign ministers' meeting in Astana on 16 Mar 2018."""
    rows = events_with("F14")
    march = rows[(rows["date"].dt.year == 2018) & (rows["date"].dt.month == 3)]
    require(not march.empty, "an F14 event in March 2018")
    text = " ".join(march["description"]).lower()
    require("foreign ministers" in text and "astana" in text,
             "the March 2018 F14 event is a foreign ministers' meeting in Astana")
    return "b"


def _sochi_choice() -> str:
    """c, provided the data record the Putin–Erdoğan Idlib deal of 17 Sep 2018 (F16)."""
    rows = events_with("F16")
    require((rows["date"] == "2018-09-17").any(), "the F16 event is dated 17 Sep 2018")
    text = " ".join(rows["description"])
    require("Idlib" in text and "15-20 km" in text,
             "the F16 event describes a 15-20 km demilitarised zone in Idlib")
    return "c"


# --------------------------------------------------------------------------- questions

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
        ],
        hint="nx.number_connected_components(coursekit.cooperative_subgraph("
        "coursekit.alliance_network(2018)))",
    )
)

QUESTIONS.add(
    Question(
        id="05.2",
        title="Turkey's cooperative partners in 2018",
        kind="set",
        points=1,
        reference=lambda: _ties("turkey", YEAR),
        wrong=[
            Wrong(
                lambda: _ties("turkey", YEAR, sign=None),
                "you listed every tie, hostile ones included; keep the ties with sign +1 "
                "(or use the cooperative subgraph)",
                lazy=True,
            ),
            Wrong(
                lambda: _ties("turkey", BEFORE),
                f"those are Turkey's partners in {BEFORE}; the question asks about {YEAR}",
                lazy=True,
            ),
            Wrong(
                lambda: _ties("turkey", YEAR, sign=-1),
                "those are Turkey's hostile ties (sign -1); the question asks for its "
                "cooperative partners",
                lazy=True,
            ),
        ],
        hint="sorted(coursekit.cooperative_subgraph(coursekit.alliance_network(2018))"
        ".neighbors('turkey'))",
    )
)

QUESTIONS.add(
    Question(
        id="05.3",
        title="From hostile to cooperative, 2015 → 2025",
        kind="set",
        points=2,
        reference=_turned,
        wrong=[
            Wrong(
                lambda: _turned(after_year=YEAR),
                "that is the change from 2015 to 2018; by 2025 the Iran–Turkey tie has "
                "lapsed in the data (it ends in 2024): compare 2015 with 2025",
                lazy=True,
            ),
            Wrong(
                _new_partners,
                "HTS had no tie with Turkey in 2015, so its tie did not change sign: it "
                "appeared. Keep only actors tied to Turkey in both years",
                lazy=True,
            ),
            Wrong(
                _changed_kind,
                "the SDF tie changed kind (hostility → armed conflict) but stayed hostile; "
                "compare the signs, not the kinds",
                lazy=True,
            ),
            Wrong(
                lambda: _ties("turkey", AFTER),
                "those are all of Turkey's 2025 partners; the US was already an ally in "
                "2015",
                lazy=True,
            ),
        ],
        hint="for each actor tied to Turkey in both 2015 and 2025, compare "
        "G2015.edges['turkey', actor]['sign'] with G2025.edges['turkey', actor]['sign']",
    )
)

QUESTIONS.add(
    Question(
        id="05.4",
        title="When the Astana triangle closes",
        kind="number",
        points=1,
        reference=_first_triangle_year,
        wrong=[
            Wrong(
                lambda: _event_year("F13", "Astana talks"),
                "2017 is the year of the first Astana talks, but the triangle closed "
                "before them: in 2016 Turkey made up with Russia (Jun-Aug) and with Iran "
                "(after the July coup attempt), and the three signed the Moscow "
                "Declaration (20 Dec 2016); check the three ties year by year",
                lazy=True,
            ),
            Wrong(
                lambda: _event_year("F14", "Tehran"),
                "2018 is the year of the Tehran summit, but the triangle was already "
                "closed before it: find the *first* year with all three ties positive",
                lazy=True,
            ),
            Wrong(
                lambda: _triangle_years()[-1],
                "that is the last year of the triangle; the question asks for the first",
                lazy=True,
            ),
        ],
        hint="loop over the years 2011–2025 and find the first in which the ties "
        "iran–russia, iran–turkey and russia–turkey all have sign +1",
    )
)

QUESTIONS.add(
    Question(
        id="05.5",
        title="Where Turkey and Russia take opposite sides",
        kind="set",
        points=2,
        reference=_opposite_sides,
        wrong=[
            Wrong(
                _not_agreeing,
                "Russia is neutral (0) on Kurdish autonomy: agree is False there, but "
                "neutral is not the opposite side. Keep issues where one position is "
                "positive and the other negative",
                lazy=True,
            ),
            Wrong(
                _any_gap,
                "a gap can be between two positions on the same side (both against US "
                "troops, -1 and -2); opposite sides means one for and one against",
                lazy=True,
            ),
            Wrong(
                _agreeing,
                "those are the issues on which they agree; the question asks where they "
                "take opposite sides",
                lazy=True,
            ),
        ],
        hint="in coursekit.agreement('turkey', 'russia') keep the issues where "
        "position_a * position_b < 0",
    )
)

QUESTIONS.add(
    Question(
        id="05.6",
        title="The Astana meeting of March 2018",
        kind="choice",
        points=1,
        choices={
            "a": "a summit of Presidents Putin, Rouhani and Erdoğan",
            "b": "a meeting of the Russian, Iranian and Turkish foreign ministers",
            "c": "the first round of the Astana talks with the Syrian parties",
            "d": "the signing of the memorandum on de-escalation zones",
        },
        reference=_march_2018_choice,
        wrong=[
            Wrong(
                "a",
                "the presidents met in Sochi (22 Nov 2017), Ankara (4 Apr 2018) and Tehran "
                "(7 Sep 2018); the March 2018 Astana meeting was at foreign-minister level",
            ),
            Wrong(
                "c",
                "the first Astana talks were on 23–24 Jan 2017",
            ),
            Wrong(
                "d",
                "the de-escalation memorandum was signed on 4 May 2017",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="05.7",
        title="The Sochi deal on Idlib",
        kind="choice",
        points=1,
        choices={
            "a": "Russia, Iran and Turkey agreed at the Tehran summit on a joint offensive "
            "to retake Idlib",
            "b": "Russia and Turkey agreed a ceasefire and a security corridor along the M4 "
            "highway",
            "c": "Putin and Erdoğan agreed a demilitarised zone 15–20 km deep in Idlib",
            "d": "Syria, Russia and Iran agreed on the de-escalation zones, Idlib among them",
        },
        reference=_sochi_choice,
        wrong=[
            Wrong(
                "a",
                "no offensive on Idlib followed the Tehran summit (7 Sep 2018); ten days "
                "later Putin and Erdoğan met alone in Sochi and agreed a demilitarised "
                "zone instead",
            ),
            Wrong(
                "b",
                "the M4 corridor belongs to the Moscow additional protocol of 5 Mar 2020, "
                "after Turkish and Syrian forces clashed in Idlib",
            ),
            Wrong(
                "d",
                "the de-escalation memorandum (4 May 2017) was signed by Russia, Iran and "
                "Turkey, not Syria; the Sochi deal was Russia and Turkey alone",
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
        reference=lambda: (
            "An interpretation. Turkey's own view: it joined Astana to protect the "
            "opposition and Idlib, stop a new refugee flow and keep the YPG/SDF off its "
            "border, not to defend Assad. Support: from 2016 Turkey sits in an "
            "Iran–Russia–Turkey cooperative triangle while staying in one with the US and "
            "the opposition, and it objects to US support for the SDF. Complication: "
            "Turkey and Russia take opposite sides on Assad and on an Idlib offensive, "
            "and Turkish and Syrian forces clashed in Idlib in 2020."
        ),
    )
)
