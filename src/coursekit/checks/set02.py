"""Exercise set 02 · Iran's stakes in Syria: places, routes, distances and goals.

Every reference answer is computed from coursekit's data and analysis functions
(``great_circle_km``, ``route_graph``, ``shortest_route``, ``load_events``,
``compare_interests``), so the checks stay true when the data are corrected. Each
auto-checked question declares the wrong answers learners are likely to give, computed
the way the mistake computes them, with a hint naming the mistake. The multiple-choice
reference first verifies that the data still record the fact the right choice states.

Over 500 lines: one declaration per question, each with the wrong answers it names and
their hints (most of the lines are hint text), and the helpers that compute them; the
practice questions of the lesson close the module.
"""

from __future__ import annotations

__all__ = ["MODEL_ANSWER", "QUESTIONS", "WORDS"]

from coursekit.checks.core import Question, QuestionSet, Wrong, require
from coursekit.geo import Route

#: The two ends of Iran's "land bridge" (article ¶5).
ORIGIN, DESTINATION = "tehran", "beirut"

#: Question 02.1: a distance the lesson does not print (it measures from Tehran).
FROM_1 = "baghdad"

#: Question 02.2: the end of the route asked for (the lesson routes to Beirut): Quneitra,
#: on the Golan ceasefire line.
DESTINATION_2 = "quneitra"

#: Question 02.3: the place whose loss we test (the lesson tests Damascus and Al-Bukamal).
LOST_PLACE = "t4"

#: The city whose loss the lesson tests.
LOST_CITY = "damascus"

#: Practice 02.p2 and 02.p3: a capital and a port the lesson does not measure.
RIYADH, TARTUS = "riyadh", "tartus"


#: Question 02.5: the fact id of the Iran–Iraq war in FACTS.md (the lesson counts the
#: days of al-Qusayr, G03, and practice 02.p1 those of the 2006 war, F18).
IRAN_IRAQ_WAR = "F07"

#: Practice 02.p1: the fact id of the 2006 Lebanon war.
WAR_2006 = "F18"

#: Question 02.6: the actor whose goals are compared with Iran's.
PARTNER = "hezbollah"

KM_PER_MILE = 1.609344


#: The model answer of 02.8, the same text as the solution's ``answer_8``.
MODEL_ANSWER = """An interpretation: 'cold war' is an analogy that organises facts; no event could
prove or refute it (the claims table marks it C21, untestable). Iran sees Syria as its closest
state ally, which backed it against Iraq in the 1980s, and as the land bridge that keeps
Hezbollah, its deterrent against Israel, supplied. Saudi Arabia sees Iran's reach into Arab
capitals as the region's main threat and Assad's survival as Iran's gain, and it backed his
opponents. Support: in 2018 the two take opposite sides on all six issues on which both have
a position, share no goal, and Riyadh cut ties in January 2016. Complication: both fought ISIS;
Russia, Turkey and the US shaped the war far more than Riyadh did; and the two restored ties in
March 2023 without Syria being settled."""

#: The word range 02.8 asks for.
WORDS = (120, 200)


# --------------------------------------------------------------------------- helpers


def _distance(a: str = ORIGIN, b: str = DESTINATION) -> float:
    from coursekit import great_circle_km

    return round(great_circle_km(a, b), 1)


def _route(avoid=None, destination: str = DESTINATION):
    from coursekit import shortest_route

    return shortest_route(ORIGIN, destination, avoid=avoid)


def _route_km_from_baghdad() -> float:
    """The mistake of measuring along the network instead of a great circle."""
    from coursekit import shortest_route

    return round(shortest_route(FROM_1, DESTINATION).km, 1)


def _fewest_steps(destination: str = DESTINATION_2) -> list[str]:
    """The mistake of ignoring the ``km`` weights: the path with the fewest links."""
    import networkx as nx

    from coursekit import route_graph

    return list(nx.shortest_path(route_graph(), ORIGIN, destination))


def _extra_km(avoid: str) -> float:
    return round(_route(avoid).km - _route().km, 1)


def _costs(*, new_length: bool = False, path=None):
    """What losing each place on the route costs: extra km by place id (02.4).

    The places are those of ``path`` (the shortest route by default) without its two ends;
    ``new_length=True`` gives the mistake of reporting the new route's length instead.
    """
    import pandas as pd

    base = _route()
    places = [p for p in (path or base.path) if p not in (ORIGIN, DESTINATION)]
    require(bool(places), "a shortest route with places between its ends")
    costs = {}
    for place in places:
        km = _route(place).km
        costs[place] = round(km if new_length else km - base.km, 1)
    return pd.Series(costs, name="extra_km")


def _costs_unlabelled(answer) -> bool:
    """One number per place, but without the place ids: a list, or a Series labelled 0..n-1."""
    import pandas as pd

    if isinstance(answer, list | tuple):
        answer = pd.Series(list(answer))
    if not isinstance(answer, pd.Series) or list(answer.index) != list(range(len(answer))):
        return False
    if len(answer) != len(_costs()):
        return False
    return bool(pd.to_numeric(answer, errors="coerce").notna().all())


def _costs_with_ends(answer) -> bool:
    """A Series of costs that also lists the route's two ends (whose loss leaves no route)."""
    from collections.abc import Mapping

    import pandas as pd

    if isinstance(answer, Mapping):
        labels = set(map(str, answer))
    elif isinstance(answer, pd.Series):
        labels = set(map(str, answer.index))
    else:
        return False
    return {ORIGIN, DESTINATION} <= labels


def _extra_km_to(destination: str, avoid: str) -> float:
    return round(_route(avoid, destination).km - _route(destination=destination).km, 1)


def _war_days(inclusive: bool = True, fact_id: str = IRAN_IRAQ_WAR) -> int:
    from coursekit import load_events

    events = load_events()
    dates = events.loc[events["fact_id"] == fact_id, "date"]
    require(len(dates) >= 2, f"a start and an end event with fact_id {fact_id}")
    return int((dates.max() - dates.min()).days) + (1 if inclusive else 0)


def _shared_goals(held_by: str = "both") -> list[str]:
    from coursekit import compare_interests

    table = compare_interests("iran", PARTNER)
    return sorted(table.index[table["held_by"] == held_by])


def _all_iran_goals() -> list[str]:
    from coursekit import interest_portfolio

    return sorted(interest_portfolio("iran")["goal_id"])


def _medical_attacks_choice() -> str:
    """b, provided the data still record PHR's 492 attacks (H12) with the split by attacker
    that option b gives, and H13's 446 as the government's and its allies' together."""
    from coursekit import load_human_cost

    cost = load_human_cost().set_index("figure_id")
    require({"H12", "H13"} <= set(cost.index), "the PHR figures H12 and H13")
    h12, h13 = cost.loc["H12"], cost.loc["H13"]
    require(int(h12["value"]) == 492 and h12["counted_by"] == "phr",
            "H12: 492 attacks on medical facilities counted by PHR")
    require(h12["period_start"] == "2011-03" and h12["period_end"] == "2017-12",
            "H12 covers March 2011 to December 2017")
    require("330 separate facilities" in h12["scope"], "H12's attacks hit 330 facilities")
    note = h12["note"]
    require(all(part in note for part in ("446 by Syrian government and allied forces",
                                          "16 Russian",
                                          "118 either Russian or Syrian government")),
            "H12's note splits the 446 into 312 government, 16 Russian and 118 either")
    require(int(h13["value"]) == 446 and h13["attributed_to"] == "syria_gov;russia",
            "H13: the 446 attributed to the Syrian government and Russia together")
    return "b"


# --------------------------------------------------------------------------- questions

#: The questions of this set, in order (for tests and tools).
QUESTIONS = QuestionSet()


QUESTIONS.add(
    Question(
        id="02.1",
        title="Baghdad to Beirut as the crow flies",
        kind="number",
        points=1,
        tolerance=0.5,
        reference=lambda: _distance(FROM_1, DESTINATION),
        wrong=[
            Wrong(
                lambda: _distance(FROM_1, LOST_CITY),
                "that is Baghdad to Damascus; the land bridge ends in Beirut, Hezbollah's "
                "home (great_circle_km('baghdad', 'beirut'))",
                lazy=True,
            ),
            Wrong(
                lambda: _distance(ORIGIN, DESTINATION),
                "that is Tehran to Beirut, the lesson's distance; the question measures from "
                "Baghdad",
                lazy=True,
            ),
            Wrong(
                _route_km_from_baghdad,
                "that is the length of the ground route from Baghdad; the question asks for "
                "the straight great-circle distance (great_circle_km)",
                lazy=True,
            ),
            Wrong(
                lambda: round(_distance(FROM_1, DESTINATION) / KM_PER_MILE, 1),
                "that is the distance in miles; coursekit measures in kilometres",
                lazy=True,
            ),
        ],
        hint="call coursekit.great_circle_km('baghdad', 'beirut') and round to the nearest km",
    )
)

QUESTIONS.add(
    Question(
        id="02.2",
        title="The shortest ground route to the Golan",
        kind="sequence",
        points=2,
        reference=lambda: list(_route(destination=DESTINATION_2).path),
        wrong=[
            Wrong(
                lambda a: type(a).__name__ == "Route",
                "that is the whole Route (path and km); answer with its path: "
                "route.path, or list(route.path)",
                example=Route(  # what coursekit.shortest_route("tehran", "quneitra") returns
                    path=(
                        "tehran",
                        "hamadan",
                        "baghdad",
                        "al_bukamal",
                        "deir_ez_zor",
                        "t4",
                        "damascus",
                        "quneitra",
                    ),
                    km=1635.4,
                ),
            ),
            Wrong(
                _fewest_steps,
                "that route has the fewest links, not the fewest kilometres: "
                "nx.shortest_path needs weight='km' (or use coursekit.shortest_route)",
                lazy=True,
            ),
            Wrong(
                lambda: list(reversed(_route(destination=DESTINATION_2).path)),
                "that is the route from Quneitra to Tehran; start from Tehran",
                lazy=True,
            ),
            Wrong(
                lambda: list(_route().path),
                "that is the route to Beirut, the lesson's; this one ends in Quneitra, on "
                "the Golan",
                lazy=True,
            ),
        ],
        hint="a list of place ids from 'tehran' to 'quneitra': coursekit.shortest_route("
        "'tehran', 'quneitra').path",
    )
)

QUESTIONS.add(
    Question(
        id="02.3",
        title="The cost of losing T-4 on the road to the Golan",
        kind="number",
        points=1,
        tolerance=0.05,
        reference=lambda: _extra_km_to(DESTINATION_2, LOST_PLACE),
        wrong=[
            Wrong(
                lambda: round(_route(LOST_PLACE, DESTINATION_2).km, 1),
                "that is the length of the new route; subtract the length of the original "
                "one to get how much longer it is",
                lazy=True,
            ),
            Wrong(
                lambda: -_extra_km_to(DESTINATION_2, LOST_PLACE),
                "the sign is reversed: subtract the original length from the new one",
                lazy=True,
            ),
            Wrong(
                lambda: round(_route(None, DESTINATION_2).km, 1),
                "that is the length of the route when nothing is lost; find the route "
                "without T-4 (avoid='t4') and subtract this length from it",
                lazy=True,
            ),
            Wrong(
                lambda: _extra_km(LOST_PLACE),
                "that is what losing T-4 costs on the route to Beirut; this question's route "
                "ends in Quneitra",
                lazy=True,
            ),
            Wrong(
                lambda: _extra_km(LOST_CITY),
                "that is the cost of losing Damascus on the route to Beirut, the lesson's "
                "case; the question asks about T-4 ('t4') on the route to Quneitra",
                lazy=True,
            ),
        ],
        hint="compare shortest_route('tehran', 'quneitra', avoid='t4').km with the "
        "length of the route to Quneitra when nothing is lost, and round the difference to "
        "one decimal",
    )
)

QUESTIONS.add(
    Question(
        id="02.4",
        title="What losing each place on the route costs",
        kind="series",
        points=2,
        tolerance=0.05,
        check_index=True,
        reference=_costs,
        wrong=[
            Wrong(
                lambda: _costs(new_length=True),
                "those are the lengths of the new routes; subtract the length of the route "
                "when nothing is lost, so that each value says how much longer it gets",
                lazy=True,
            ),
            Wrong(
                _costs_unlabelled,
                "one value per place, but without the places (a list, or a Series labelled "
                "0, 1, 2...): label each value with the place id it belongs to, e.g. build "
                "a dict {place: extra} and pass it to pd.Series",
                any_type=True,
                example=[900.0, 900.0, 900.0, 900.0, 100.0, 30.0],  # six values, no place ids
            ),
            Wrong(
                _costs_with_ends,
                "leave out Tehran and Beirut: they are the two ends of the route, not places "
                "on the way that could be lost (without them there is no route at all)",
                example={"tehran": float("inf"), "t4": 130.9, "beirut": float("inf")},
            ),
            Wrong(
                lambda: _costs(path=_fewest_steps(DESTINATION)),
                "those are the places of the route with the fewest links (through Ankara): "
                "take the places of the shortest route by km, shortest_route(...).path",
                lazy=True,
            ),
        ],
        hint="loop over route.path[1:-1] (the places between Tehran and Beirut); for each, "
        "subtract route.km from shortest_route('tehran', 'beirut', avoid=place).km, round to "
        "one decimal, and collect the results in a Series indexed by place id",
    )
)

QUESTIONS.add(
    Question(
        id="02.5",
        title="How long was the Iran–Iraq war?",
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
                lambda: _war_days(fact_id=WAR_2006),
                "that is the 2006 war (F18), the lesson's case; the question asks about the "
                "Iran–Iraq war, fact F07",
                lazy=True,
            ),
            Wrong(
                lambda a: isinstance(a, int | float) and 7 <= a <= 9,
                "that is the length in years; the question asks for days: subtract the "
                "first date from the last and take .days",
                example=8,
            ),
            Wrong(
                lambda a: isinstance(a, int | float) and 2 <= a <= 3,
                "that is the number of F07 events, not of days: subtract the first date "
                "from the last (.max() - .min()) and take .days",
                example=2,
            ),
        ],
        hint="keep the events with fact_id 'F07', subtract the earliest date from the "
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
                "those are the goals Iran holds *alone*; keep the rows where held_by is 'both'",
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
        title="Source analysis: a cost figure's scope",
        kind="choice",
        points=1,
        choices={
            "a": "Russian forces attacked 446 medical facilities in Syria by December 2017",
            "b": "PHR documented 492 attacks (on 330 facilities) from March 2011 to December "
            "2017; it held the Syrian government and its allies responsible for 446, of "
            "which it attributed 16 to Russian forces and 118 to either Russian or Syrian "
            "government forces, so the attacks it could pin on Russia number 16 to 134",
            "c": "492 medical facilities in Syria were attacked from March 2011 to December 2017",
            "d": "Iran's forces carried out most of the 446 attacks, since Iran was Syria's "
            "main ally on the ground",
        },
        reference=_medical_attacks_choice,
        wrong=[
            Wrong(
                "a",
                "read who H13 is attributed to: 'syria_gov;russia', the government and its "
                "allies together; H12's note gives Russia 16, and 118 more that were either "
                "Russian or Syrian government",
            ),
            Wrong(
                "c",
                "read the scope: 492 attacks on 330 separate facilities; some facilities "
                "were hit more than once, so attacks are not facilities",
            ),
            Wrong(
                "d",
                "no row names Iran as an attacker: PHR splits the 446 into the Syrian "
                "government, Russia, and either of the two; a figure says no more than "
                "its scope",
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
        reference=lambda: MODEL_ANSWER,
    )
)


# --------------------------------------------------------------------------- practice
# In the lesson, never graded: each ends an episode, and none prints a graded answer.

QUESTIONS.add(
    Question(
        id="02.p1",
        title="How long was the 2006 war?",
        kind="number",
        reference=lambda: _war_days(fact_id=WAR_2006),
        wrong=[
            Wrong(
                lambda: _war_days(inclusive=False, fact_id=WAR_2006),
                "subtracting the dates counts the days *between* them; count the first "
                "and the last day too: add 1",
                lazy=True,
            ),
            Wrong(
                30,
                "30 is the article's 'month-long' rounded; compute the length from the "
                "dates of the F18 events",
            ),
        ],
        hint="the same steps as for al-Qusayr, with fact_id 'F18': (max - min).days + 1",
    )
)

QUESTIONS.add(
    Question(
        id="02.p2",
        title="Tehran to Riyadh as the crow flies",
        kind="number",
        tolerance=0.05,
        reference=lambda: _distance(ORIGIN, RIYADH),
        wrong=[
            Wrong(
                lambda: round(_distance(ORIGIN, RIYADH) / KM_PER_MILE, 1),
                "that is the distance in miles; coursekit measures in kilometres",
                lazy=True,
            ),
        ],
        hint="coursekit.great_circle_km('tehran', 'riyadh'), rounded to one decimal",
    )
)

QUESTIONS.add(
    Question(
        id="02.p3",
        title="The shortest ground route to Tartus",
        kind="number",
        tolerance=0.05,
        reference=lambda: round(_route(destination=TARTUS).km, 1),
        wrong=[
            Wrong(
                lambda: _distance(ORIGIN, TARTUS),
                "that is the great-circle distance; the question asks for the length of the "
                "shortest route through the network (shortest_route(...).km)",
                lazy=True,
            ),
        ],
        hint="coursekit.shortest_route('tehran', 'tartus').km, rounded to one decimal",
    )
)
