"""Exercise set 03 · Israel's security: signed networks, structural balance and buffers.

Every reference answer is computed from coursekit's data and analysis functions, so the
checks stay true when the data are corrected. Each auto-checked question declares the
wrong answers learners are likely to give, with a hint naming the mistake.
"""

from __future__ import annotations

import math

from coursekit.checks.core import Question, QuestionSet, Wrong, events_with, require

YEAR = 2018
GOLAN = "quneitra"  # the Golan demarcation line, represented by Quneitra
PULLBACK_KM = 85  # F17: Iranian heavy weapons and units pulled back 85 km (1 Aug 2018)
REJECTED_OFFER_KM = 100  # F17: Israel had rejected a 100 km offer as insufficient
T4 = "t4"  # T-4 (Tiyas) air base, struck by Israel in Feb and Apr 2018 (G06, G07)


# --------------------------------------------------------------------------- helpers


def _network():
    from coursekit import alliance_network

    return alliance_network(YEAR)


def _signs(sign: int) -> int:
    return sum(d["sign"] == sign for _, _, d in _network().edges(data=True))


def _hostile_rows_any_year() -> int:
    from coursekit import load_relations

    return int((load_relations()["sign"] < 0).sum())


def _triads_with(actor: str):
    from coursekit import triads

    table = triads(_network())
    return table[(table[["a", "b", "c"]] == actor).any(axis=1)]


def _unbalanced_with_russia() -> int:
    from coursekit import unbalanced_triads

    return len(unbalanced_triads(_network(), containing="russia"))


def _all_unbalanced() -> int:
    from coursekit import unbalanced_triads

    return len(unbalanced_triads(_network()))


def _russia_not_all_friends() -> int:
    """The count a learner gets by calling every triad that is not +++ unbalanced."""
    table = _triads_with("russia")
    return int((table["signs"] != "+++").sum())


def _pattern_letter(signs: str) -> str:
    return {"+++": "a", "++-": "b", "+--": "c", "---": "d"}[signs]


def _iran_israel_russia() -> str:
    from coursekit import triads

    table = triads(_network()).set_index(["a", "b", "c"])
    return _pattern_letter(table.loc[("iran", "israel", "russia"), "signs"])


def _places_near(km: float) -> list[str]:
    """The place ids in Syria within ``km`` of Quneitra (Quneitra itself left out)."""
    from coursekit import places_within

    return sorted(places_within(GOLAN, km, country="Syria")["place_id"])


def _places_outside(country: str) -> set[str]:
    from coursekit import load_places

    places = load_places()
    return set(places.loc[places["country"] != country, "place_id"])


def _answer_ids(answer) -> set[str]:
    """The answer's items as normalised strings (empty for answers that are not collections)."""
    if isinstance(answer, str | bytes) or not hasattr(answer, "__iter__"):
        return set()
    return {str(item).strip().casefold() for item in answer}


def _t4_km() -> float:
    from coursekit import great_circle_km

    return round(great_circle_km(GOLAN, T4), 1)


def _flat_degrees_km(a: str, b: str) -> float:
    """Treat a degree of longitude like a degree of latitude (the flat-map mistake)."""
    from coursekit import load_places

    places = load_places().set_index("place_id")
    dlat = places.at[a, "lat"] - places.at[b, "lat"]
    dlon = places.at[a, "lon"] - places.at[b, "lon"]
    return round(111.2 * math.hypot(dlat, dlon), 1)


def _t4_from(place: str) -> float:
    from coursekit import great_circle_km

    return round(great_circle_km(place, T4), 1)



def _il20_choice() -> str:
    """b, provided the data still record the Il-20M, the S-200 and the article's error."""
    from coursekit import load_claims

    il20 = events_with("F15")
    text = " ".join(il20["description"]).lower()
    require("il-20" in text and "s-200" in text, "the F15 event names the Il-20 and the S-200")
    claims = load_claims()
    error = claims[(claims["fact_id"] == "F15") & (claims["status"] == "error")]
    require(not error.empty, "the article's 'fighter jet' claim is marked as an error")
    return "b"


def _pullback_choice() -> str:
    """c, provided the data record the 85 km pullback of 1 August 2018 (F17)."""
    f17 = events_with("F17")
    require(any("85" in text for text in f17["description"]), "the F17 event states the 85 km")
    return "c"


# --------------------------------------------------------------------------- questions

#: The questions of this set, in order.
QUESTIONS = QuestionSet()


QUESTIONS.add(
    Question(
        id="03.1",
        title="Hostile ties in 2018",
        kind="number",
        points=1,
        reference=lambda: _signs(-1),
        wrong=[
            Wrong(
                lambda: _network().number_of_edges(),
                "you counted every tie; keep only those whose 'sign' is -1",
                lazy=True,
            ),
            Wrong(
                lambda: _signs(1),
                "you counted the cooperative ties (sign +1); hostile ties have sign -1",
                lazy=True,
            ),
            Wrong(
                _hostile_rows_any_year,
                "you counted hostile rows of load_relations() for every year; "
                "use the network of 2018: coursekit.alliance_network(2018)",
                lazy=True,
            ),
        ],
        hint="loop over G.edges(data=True) and count the edges with d['sign'] == -1",
    )
)

QUESTIONS.add(
    Question(
        id="03.2",
        title="Russia's unbalanced triads",
        kind="number",
        points=2,
        reference=_unbalanced_with_russia,
        wrong=[
            Wrong(
                _all_unbalanced,
                "that is every unbalanced triad of 2018; keep only those that contain "
                "Russia (containing='russia')",
                lazy=True,
            ),
            Wrong(
                _russia_not_all_friends,
                "you counted +-- as unbalanced; 'the enemy of my enemy is my friend' is "
                "balanced: only ++- and --- are unbalanced",
                lazy=True,
            ),
            Wrong(
                lambda: len(_triads_with("russia")),
                "that is every triad that contains Russia, balanced or not; keep the "
                "unbalanced ones",
                lazy=True,
            ),
        ],
        hint="coursekit.unbalanced_triads(G, containing='russia') gives one row per triad",
        success="most are ++-: Russia is the friend of two enemies, its balancing act in numbers",
    )
)

QUESTIONS.add(
    Question(
        id="03.3",
        title="The Iran–Israel–Russia triangle",
        kind="choice",
        points=1,
        choices={
            "a": "+++ : balanced, all three are friends",
            "b": "++- : unbalanced, Russia is a friend of two enemies",
            "c": "+-- : balanced, the enemy of my enemy is my friend",
            "d": "--- : unbalanced, three mutual enemies",
        },
        reference=_iran_israel_russia,
        wrong=[
            Wrong("a", "look at the iran–israel tie: its sign is -1"),
            Wrong(
                "c",
                "+-- needs two hostile ties; Russia's ties with Iran and with Israel are "
                "both +1 in 2018",
            ),
            Wrong("d", "only the iran–israel tie is hostile; Russia is on good terms with both"),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="03.4",
        title="Syrian places within 85 km of Quneitra",
        kind="set",
        points=2,
        reference=lambda: _places_near(PULLBACK_KM),
        wrong=[
            Wrong(
                lambda answer: GOLAN in _answer_ids(answer),
                "leave out Quneitra itself: it is the centre of the circle, 0 km away",
                example=["damascus", "daraa", "kiswah", "mezzeh", "quneitra", "sayyida_zaynab"],
            ),
            Wrong(
                lambda answer: bool(_answer_ids(answer) & _places_outside("Syria")),
                "keep only places whose country is 'Syria' (e.g. Beirut is in Lebanon): the "
                "pullback concerned Iranian forces in Syria",
                example=["beirut", "damascus", "daraa", "kiswah", "mezzeh", "sayyida_zaynab"],
            ),
            Wrong(
                lambda: _places_near(REJECTED_OFFER_KM),
                "that is the 100 km radius of the offer Israel had rejected; the pullback "
                "announced on 1 Aug 2018 was 85 km",
                lazy=True,
            ),
        ],
        hint="use coursekit.distances_from('quneitra'), keep country == 'Syria' and "
        "distance_km <= 85, and answer with the place_id values",
    )
)

QUESTIONS.add(
    Question(
        id="03.5",
        title="How far is T-4 from the Golan line?",
        kind="number",
        points=1,
        tolerance=1.0,
        reference=_t4_km,
        wrong=[
            Wrong(
                lambda: _flat_degrees_km(GOLAN, T4),
                "you treated a degree of longitude as long as a degree of latitude; it is "
                "shorter away from the equator: use coursekit.great_circle_km",
                lazy=True,
            ),
            Wrong(
                lambda: _t4_from("jerusalem"),
                "you measured from Jerusalem; the buffer is measured from the Golan line "
                "(use 'quneitra')",
                lazy=True,
            ),
            Wrong(
                lambda: _t4_from("damascus"),
                "you measured from Damascus; the buffer is measured from the Golan line "
                "(use 'quneitra')",
                lazy=True,
            ),
        ],
        hint="coursekit.great_circle_km('quneitra', 't4') gives the distance in km",
    )
)

QUESTIONS.add(
    Question(
        id="03.6",
        title="The aircraft lost on 17 September 2018",
        kind="choice",
        points=1,
        choices={
            "a": "a Russian Su-24 fighter, shot down by Israeli F-16s",
            "b": "a Russian Il-20M reconnaissance turboprop, hit by a Syrian S-200 missile "
            "during an Israeli F-16 raid on Latakia",
            "c": "a Russian Il-20M reconnaissance turboprop, hit by a missile fired by an "
            "Israeli F-16",
            "d": "a Russian fighter jet, shot down by a Syrian S-300 missile",
        },
        reference=_il20_choice,
        wrong=[
            Wrong(
                "a",
                "it was not a fighter, and Israel fired no missile at it: Syrian air defences did",
            ),
            Wrong(
                "c",
                "the aircraft is right, but the missile was Syrian (an S-200); Russia blamed "
                "Israel for the circumstances",
            ),
            Wrong(
                "d",
                "that repeats the article's error (¶3): the Il-20M is a four-engine "
                "turboprop, and Syria received S-300s only after the shootdown",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="03.7",
        title="The pullback and Israel's answer",
        kind="choice",
        points=1,
        choices={
            "a": "Russia announced that all Iranian personnel had left Syria, and Israel "
            "stopped its strikes",
            "b": "Iran's parliament ordered a 100 km pullback, which Israel welcomed",
            "c": "Russia's envoy said Iranian heavy weapons and units had pulled back 85 km "
            "from the Golan line; Israel had already rejected a 100 km offer as too little",
            "d": "Israel and Iran signed an 85 km buffer agreement, mediated by Russia at Helsinki",
        },
        reference=_pullback_choice,
        wrong=[
            Wrong(
                "a",
                "the pullback covered heavy weapons and units near the Golan (advisers could "
                "stay), and Israel kept striking",
            ),
            Wrong(
                "b",
                "it was a Russian announcement (Alexander Lavrentiev, 1 Aug 2018), and "
                "Israel had called a 100 km offer insufficient",
            ),
            Wrong(
                "d",
                "Israel and Iran signed nothing; Helsinki (16 Jul 2018) was a Trump–Putin summit",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="03.8",
        title="Why does Russia tolerate Israeli strikes? (written)",
        kind="written",
        points=3,
        reference=lambda: (
            "Russia is friends with both Iran and Israel (an unbalanced ++- triad): it "
            "lets Israel strike Iranian targets to keep both ties and to stay the broker."
        ),
    )
)
