"""Exercise set 02 · Iran's stakes in Syria: places, routes, distances and goals.

Every reference answer is computed from coursekit's data and analysis functions
(``great_circle_km``, ``route_graph``, ``shortest_route``, ``load_events``,
``compare_interests``), so the checks stay true when the data are corrected. Each
auto-checked question declares the wrong answers learners are likely to give, computed
the way the mistake computes them, with a hint naming the mistake. The multiple-choice
reference first verifies that the data still record the fact the right choice states.
"""

from __future__ import annotations

from coursekit.checks.core import Question, QuestionSet, Wrong, events_with, require
from coursekit.geo import Route

#: The two ends of Iran's "land bridge" (article ¶5).
ORIGIN, DESTINATION = "tehran", "beirut"

#: Question 02.3: the city whose loss we test.
LOST_CITY = "damascus"

#: Question 02.4: the place through which every detour outside Iraq and Syria runs.
DETOUR_VIA = "ankara"

#: Question 02.5: the fact id of the 2006 Lebanon war in FACTS.md.
WAR_2006 = "F18"

#: Question 02.6: the actor whose goals are compared with Iran's.
PARTNER = "hezbollah"

KM_PER_MILE = 1.609344


# --------------------------------------------------------------------------- helpers



def _distance(a: str = ORIGIN, b: str = DESTINATION) -> float:
    from coursekit import great_circle_km

    return round(great_circle_km(a, b), 1)


def _route(avoid=None):
    from coursekit import shortest_route

    return shortest_route(ORIGIN, DESTINATION, avoid=avoid)


def _fewest_steps() -> list[str]:
    """The mistake of ignoring the ``km`` weights: the path with the fewest links."""
    import networkx as nx

    from coursekit import route_graph

    return list(nx.shortest_path(route_graph(), ORIGIN, DESTINATION))


def _extra_km(avoid: str) -> float:
    return round(_route(avoid).km - _route().km, 1)


def _forcing_detour(include_ends: bool = False) -> list[str]:
    """The places whose loss, alone, sends the shortest route through ``DETOUR_VIA``."""
    from coursekit import route_graph

    forced = []
    for place in sorted(route_graph().nodes):
        if place in (ORIGIN, DESTINATION, DETOUR_VIA):
            continue
        if DETOUR_VIA in _route(place).path:
            forced.append(place)
    require(bool(forced), f"some place whose loss sends the route through {DETOUR_VIA}")
    if include_ends:
        forced += [ORIGIN, DESTINATION]
    return forced


def _norm_set(items) -> set[str]:
    from coursekit.checks.core import normalise_text

    return {normalise_text(str(x)) for x in items}


def _articulation_points() -> list[str]:
    """The mistake of taking every cut vertex of the whole network."""
    import networkx as nx

    from coursekit import route_graph

    return sorted(nx.articulation_points(route_graph()))


def _war_days(inclusive: bool = True) -> int:
    from coursekit import load_events

    events = load_events()
    dates = events.loc[events["fact_id"] == WAR_2006, "date"]
    require(len(dates) >= 2, f"a start and an end event with fact_id {WAR_2006}")
    return int((dates.max() - dates.min()).days) + (1 if inclusive else 0)


def _shared_goals(held_by: str = "both") -> list[str]:
    from coursekit import compare_interests

    table = compare_interests("iran", PARTNER)
    return sorted(table.index[table["held_by"] == held_by])


def _all_iran_goals() -> list[str]:
    from coursekit import interest_portfolio

    return sorted(interest_portfolio("iran")["goal_id"])


def _costs_choice() -> str:
    """b, provided the data record the Foundation of Martyrs' figure (G23) as stated."""
    rows = events_with("G23")
    text = " ".join(rows["description"])
    require("2,100" in text and "Syria and Iraq" in text,
             "the G23 event gives 2,100 killed in Syria and Iraq combined")
    require((rows["date"].dt.year == 2017).all(), "the G23 event is dated 2017")
    return "b"


# --------------------------------------------------------------------------- questions

#: The questions of this set, in order (for tests and tools).
QUESTIONS = QuestionSet()


QUESTIONS.add(
    Question(
        id="02.1",
        title="Tehran to Beirut as the crow flies",
        kind="number",
        points=1,
        tolerance=0.5,
        reference=_distance,
        wrong=[
            Wrong(
                lambda: _distance(ORIGIN, "damascus"),
                "that is Tehran to Damascus; the land bridge ends in Beirut, Hezbollah's "
                "home (great_circle_km('tehran', 'beirut'))",
                lazy=True,
            ),
            Wrong(
                lambda: _route().km,
                "that is the length of the shortest ground route; the question asks for "
                "the straight great-circle distance (great_circle_km)",
                lazy=True,
            ),
            Wrong(
                lambda: round(_distance() / KM_PER_MILE, 1),
                "that is the distance in miles; coursekit measures in kilometres",
                lazy=True,
            ),
        ],
        hint="call coursekit.great_circle_km('tehran', 'beirut') and round to the nearest km",
    )
)

QUESTIONS.add(
    Question(
        id="02.2",
        title="The shortest ground route",
        kind="sequence",
        points=2,
        reference=lambda: list(_route().path),
        wrong=[
            Wrong(
                lambda a: type(a).__name__ == "Route",
                "that is the whole Route (path and km); answer with its path: "
                "route.path, or list(route.path)",
                example=Route(  # what coursekit.shortest_route("tehran", "beirut") returns
                    path=("tehran", "hamadan", "baghdad", "al_bukamal", "deir_ez_zor", "t4",
                          "damascus", "beirut"),
                    km=1658.1,
                ),
            ),
            Wrong(
                _fewest_steps,
                "that route has the fewest links, not the fewest kilometres: "
                "nx.shortest_path needs weight='km' (or use coursekit.shortest_route)",
                lazy=True,
            ),
            Wrong(
                lambda: list(reversed(_route().path)),
                "that is the route from Beirut to Tehran; start from Tehran",
                lazy=True,
            ),
            Wrong(
                lambda: list(_route(LOST_CITY).path),
                "that route avoids Damascus; here no city is lost",
                lazy=True,
            ),
        ],
        hint="a list of place ids from 'tehran' to 'beirut': coursekit.shortest_route("
        "'tehran', 'beirut').path",
    )
)

QUESTIONS.add(
    Question(
        id="02.3",
        title="The cost of losing Damascus",
        kind="number",
        points=1,
        tolerance=0.15,
        reference=lambda: _extra_km(LOST_CITY),
        wrong=[
            Wrong(
                lambda: _route(LOST_CITY).km,
                "that is the length of the new route; subtract the length of the original "
                "one to get how much longer it is",
                lazy=True,
            ),
            Wrong(
                lambda: -_extra_km(LOST_CITY),
                "the sign is reversed: subtract the original length from the new one",
                lazy=True,
            ),
            Wrong(
                lambda: _extra_km("al_bukamal"),
                "that is the cost of losing Al-Bukamal; the question asks about Damascus",
                lazy=True,
            ),
        ],
        hint="compare shortest_route('tehran', 'beirut', avoid='damascus').km with the "
        "length of the route when nothing is lost",
    )
)

QUESTIONS.add(
    Question(
        id="02.4",
        title="The places the land bridge cannot lose",
        kind="set",
        points=2,
        reference=_forcing_detour,
        wrong=[
            Wrong(
                lambda a: not isinstance(a, str) and _norm_set(a) == {LOST_CITY},
                "without Damascus the route is only about 30 km longer: it runs from T-4 "
                "to Tartus and down the coast, still inside Syria",
                example=["Damascus"],
            ),
            Wrong(
                _articulation_points,
                "articulation points cut off *some* place from the rest (Quneitra hangs "
                "off Damascus, Shahid Nojeh off Hamadan); test each place with "
                "shortest_route(..., avoid=place) and look for 'ankara' in the path",
                lazy=True,
            ),
            Wrong(
                lambda: _forcing_detour(include_ends=True),
                "Tehran and Beirut are the two ends of the route, not places on the way "
                "that could be lost: leave them out",
                lazy=True,
            ),
            Wrong(
                lambda: [p for p in _route().path if p not in (ORIGIN, DESTINATION)],
                "those are all the places on the route; some of them (Damascus, T-4) can "
                "be bypassed inside Syria",
                lazy=True,
            ),
        ],
        hint="loop over the places, skip Tehran, Beirut and Ankara, and keep those for "
        "which 'ankara' is in shortest_route('tehran', 'beirut', avoid=place).path",
    )
)

QUESTIONS.add(
    Question(
        id="02.5",
        title="How long was the 2006 war?",
        kind="number",
        points=1,
        reference=_war_days,
        wrong=[
            Wrong(
                lambda: _war_days(inclusive=False),
                "subtracting the dates counts the days *between* them; the war lasted "
                "from the first day to the last, both included: add 1",
                lazy=True,
            ),
            Wrong(
                30,
                "30 is the article's 'month-long' rounded; compute the length from the "
                "dates of the F18 events",
            ),
            Wrong(
                lambda a: isinstance(a, int | float) and 2 <= a <= 3,
                "that is the number of F18 events, not of days: subtract the first date "
                "from the last (.max() - .min()) and take .days",
                example=3,
            ),
        ],
        hint="keep the events with fact_id 'F18', subtract the earliest date from the "
        "latest, take .days, and count both the first and the last day",
    )
)

QUESTIONS.add(
    Question(
        id="02.6",
        title="The goals Iran shares with Hezbollah",
        kind="set",
        points=1,
        reference=_shared_goals,
        wrong=[
            Wrong(
                lambda: _shared_goals(held_by="iran"),
                "those are the goals Iran holds *alone*; keep the rows where held_by is "
                "'both'",
                lazy=True,
            ),
            Wrong(
                _all_iran_goals,
                "those are all of Iran's goals; keep only those Hezbollah holds too "
                "(held_by == 'both')",
                lazy=True,
            ),
        ],
        hint="coursekit.compare_interests('iran', 'hezbollah'): the goal_ids (the index) "
        "of the rows where held_by == 'both'",
    )
)

QUESTIONS.add(
    Question(
        id="02.7",
        title="What Iran's war in Syria cost",
        kind="choice",
        points=1,
        choices={
            "a": "the Iranian government officially reported spending about $6 billion a "
            "year in Syria",
            "b": "Iran's Foundation of Martyrs said in March 2017 that 2,100 \"shrine "
            "defenders\" had been killed in Syria and Iraq combined",
            "c": "2,100 Iranian soldiers had been killed in Syria alone by March 2017",
            "d": "the article's \"millions of dollars\" (¶2) matches the usual estimates "
            "of Iran's spending",
        },
        reference=_costs_choice,
        wrong=[
            Wrong(
                "a",
                "there is no official Iranian spending figure: the often-cited ~$6bn a "
                "year is an estimate by a UN envoy's office (2015)",
            ),
            Wrong(
                "c",
                "the figure covers Syria and Iraq combined, and the Foundation did not "
                "give the dead's nationalities",
            ),
            Wrong(
                "d",
                "the usual estimate (~$6bn a year) is in billions, not millions: claim C06 "
                "is marked 'imprecise'",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="02.8",
        title="Syria as a theatre of the Iran–Saudi cold war (written)",
        kind="written",
        points=3,
        reference=lambda: (
            "An interpretation, not a fact: 'cold war' is a framing. Iran sees Syria as "
            "its closest state ally and the route to Hezbollah; Saudi Arabia sees Iran's "
            "reach into Arab states as the threat and backed Assad's opponents. Support: "
            "Iran and Saudi Arabia take opposite sides on every shared issue in 2018 and "
            "Riyadh cut ties in Jan 2016. Complication: both fought ISIS, many other "
            "actors (Russia, Turkey, the US) shaped Syria more, and ties were restored in "
            "Mar 2023."
        ),
    )
)
