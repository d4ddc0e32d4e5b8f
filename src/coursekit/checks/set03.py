"""Exercise set 03 · Israel's security: signed networks, structural balance and buffers.

Each auto-checked question applies the lesson's method to a case the lesson does not
print: hostile ties in 2015, Turkey's unbalanced triads in 2025, the Russia-Syrian
government-Turkey triad of 2015, a 100 km circle around Damascus and the distance to Khmeimim
(the lesson works with 2018, Russia, Iran-Israel-Russia and Quneitra); 03.6 and 03.7 are
source-analysis items (Putin's words and the F15 rows on claim C11; the F17 row on C09).
Practice questions 03.p1-03.p3 sit inside Lesson 03 (never graded).

Over 500 lines: one exercise set is one module (the registry loads ``setNN``), and each
question declares the wrong answers it names, each computed the way the mistake computes it,
plus the guarded references of its source-analysis items and the lesson's practice questions.

Every reference answer is computed from coursekit's data and analysis functions, so the
checks stay true when the data are corrected. Each auto-checked question declares the
wrong answers learners are likely to give, with a hint naming the mistake.
"""

from __future__ import annotations

from coursekit.checks.core import Question, QuestionSet, Wrong, events_with, require

__all__ = ["MODEL_ANSWER", "QUESTIONS", "RUBRIC", "WORDS"]

YEAR = 2018  # the lesson's year
HOSTILE_YEAR = 2015  # 03.1: the year of Russia's intervention (the lesson counts 2018)
TRIAD_YEAR = 2025  # 03.2: after Assad's fall (the lesson counts Russia in 2018)
TRIAD_ACTOR = "turkey"
#: 03.3, in 2015 (the lesson reads the Iran-Israel-Russia triad of 2018)
TRIAD_CASE = ("russia", "syria_gov", "turkey")
GOLAN = "quneitra"  # the Golan demarcation line, represented by Quneitra
PULLBACK_KM = 85  # F17: Iranian heavy weapons and units pulled back 85 km (1 Aug 2018)
REJECTED_OFFER_KM = 100  # F17: Israel had rejected a 100 km offer as insufficient
T4 = "t4"  # T-4 (Tiyas) air base, struck by Israel in Feb and Apr 2018 (G06, G07)
#: 03.4: the centre of the circle, the capital (the lesson's centre is Quneitra). Beirut,
#: in Lebanon, lies within 100 km of it and Daraa just inside (99 km), so both the Syria
#: filter and the radius change the answer (85 km leaves Daraa out; 115 km adds Bosra).
CIRCLE_CENTRE = "damascus"
KHMEIMIM = "khmeimim"  # Russia's air base in Latakia province, operational 30 Sep 2015 (F21)
DISTANCE_TOLERANCE_KM = 1.0  # 03.5 accepts |answer - exact distance| <= 1 km, nothing more
NEAR_KM = 10.0  # 03.5: an answer off by more than 1 km but at most this is named "close"
KM_PER_MILE = 1.609344  # 03.5: an answer given in statute miles


# --------------------------------------------------------------------------- helpers


def _network(year: int = YEAR):
    from coursekit import alliance_network

    return alliance_network(year)


def _signs(sign: int, year: int = HOSTILE_YEAR) -> int:
    return sum(d["sign"] == sign for _, _, d in _network(year).edges(data=True))


def _hostile_rows_any_year() -> int:
    from coursekit import load_relations

    return int((load_relations()["sign"] < 0).sum())


def _triads_with(actor: str, year: int = TRIAD_YEAR):
    from coursekit import triads

    table = triads(_network(year))
    return table[(table[["a", "b", "c"]] == actor).any(axis=1)]


def _unbalanced_with(actor: str = TRIAD_ACTOR, year: int = TRIAD_YEAR) -> int:
    from coursekit import unbalanced_triads

    return len(unbalanced_triads(_network(year), containing=actor))


def _all_unbalanced(year: int = TRIAD_YEAR) -> int:
    from coursekit import unbalanced_triads

    return len(unbalanced_triads(_network(year)))


def _not_all_friends(actor: str = TRIAD_ACTOR, year: int = TRIAD_YEAR) -> int:
    """The count a learner gets by calling every triad that is not +++ unbalanced."""
    table = _triads_with(actor, year)
    return int((table["signs"] != "+++").sum())


def _pattern_letter(signs: str) -> str:
    return {"+++": "a", "++-": "b", "+--": "c", "---": "d"}[signs]


def _triad_letter(year: int = HOSTILE_YEAR) -> str:
    """The letter of the pattern of the Russia-Syrian government-Turkey triad in ``year``."""
    from coursekit import triads

    table = triads(_network(year)).set_index(["a", "b", "c"])
    return _pattern_letter(table.loc[TRIAD_CASE, "signs"])


def _places_near(km: float, centre: str = CIRCLE_CENTRE) -> list[str]:
    """The place ids in Syria within ``km`` of ``centre`` (the centre itself left out)."""
    from coursekit import places_within

    return sorted(places_within(centre, km, country="Syria")["place_id"])


def _places_outside(country: str) -> set[str]:
    from coursekit import load_places

    places = load_places()
    return set(places.loc[places["country"] != country, "place_id"])


def _answer_ids(answer) -> set[str]:
    """The answer's items as normalised strings (empty for answers that are not collections)."""
    if isinstance(answer, str | bytes) or not hasattr(answer, "__iter__"):
        return set()
    return {str(item).strip().casefold() for item in answer}


def _khmeimim_km() -> float:
    """The exact great-circle distance from the Golan line (Quneitra) to Khmeimim, in km."""
    from coursekit import great_circle_km

    return great_circle_km(GOLAN, KHMEIMIM)


def _km(a: str, b: str) -> float:
    from coursekit import great_circle_km

    return great_circle_km(a, b)


def _il20_reaction_choice() -> str:
    """b, provided the sources still say what option b reads in them.

    Putin's words of 18 Sep 2018 (statement S02: "a chain of tragic chance events", no
    Israeli aircraft shot it down), the F15 rows of 24 Sep (S-300s announced, blaming
    Israel) and 2 Oct 2018 (delivered), and claim C11 coded ``partly``.
    """
    from coursekit import load_claims, load_statements

    statements = load_statements()
    s02 = statements[statements["statement_id"] == "S02"]
    require(len(s02) == 1 and "chance" in s02["quote"].item(), "statement S02 (Putin)")
    f15 = events_with("F15")
    s300 = f15[f15["description"].str.contains("S-300")]
    require(len(s300) >= 2, "the F15 rows record the S-300s announced and delivered")
    claims = load_claims()
    c11 = claims[claims["claim_id"] == "C11"]
    require(len(c11) == 1 and c11["status"].item() == "partly", "claim C11 is coded partly")
    return "b"


def _pullback_row_choice() -> str:
    """c, provided the F17 row is still Russian-sourced, unconfirmed by Iran, and C09 partly."""
    from coursekit import load_claims

    f17 = events_with("F17")
    text = " ".join(f17["description"])
    require("85" in text and "Lavrentiev" in text, "the F17 row is the envoy's 85 km report")
    require("did not confirm" in text, "the F17 row says Iran did not confirm it")
    require(set(f17["actor_source"]) == {"iran"}, "the pullback is coded as Iran's act")
    claims = load_claims()
    c09 = claims[claims["claim_id"] == "C09"]
    require(len(c09) == 1 and c09["status"].item() == "partly", "claim C09 is coded partly")
    return "c"


# --------------------------------------------------------------------------- 03.8
MODEL_ANSWER = (
    "Russia is a friend of both Iran and Israel, which are enemies: in 2018 the "
    "Iran-Israel-Russia triad is ++-, unbalanced, and Russia sits in more ++- triads than "
    "any other actor. Its goals, Assad's survival and great-power standing (para. 4, 8), "
    "need no war with Israel. So since the deconfliction mechanism of 21 Sep 2015 it has "
    "let Israeli strikes go on, and on 1 Aug 2018 its envoy announced an 85 km Iranian "
    "pullback that left T-4, about 228 km from Quneitra, untouched. The 'green light' of "
    "para. 3 is an interpretation; the strikes and the mechanism are facts. Russia "
    "reacted only when its own crew died: after the Il-20M loss of 17 Sep 2018 it sent "
    "S-300s to Syria, yet kept the mechanism. The allies agree on Assad but diverge on "
    "Israel, the issue that matters most to Iran: a limited alliance."
)

#: The word range the question asks for (the model answer keeps to it; tested).
WORDS = (100, 150)

#: The instructor's rubric for 03.8 (also in instructors/guide.md): it weighs the argument.
RUBRIC = (
    "3 points. Evidence (1): uses a computed result from the lesson or the set correctly "
    "and says what it shows (1/2 if right but not interpreted). Dated fact (1): at least "
    "one correctly dated fact (1/2 if the date is wrong or missing). Argument (1): explains "
    "Russia's balancing and concludes about the alliance, labelling one article sentence "
    "as fact or interpretation (1/2 without that label). A well-argued answer that reaches "
    "another conclusion from the evidence earns full marks."
)


# --------------------------------------------------------------------------- questions

#: The questions of this set, in order.
QUESTIONS = QuestionSet()


QUESTIONS.add(
    Question(
        id="03.1",
        title="Hostile ties in 2015",
        kind="number",
        points=1,
        reference=lambda: _signs(-1),
        wrong=[
            Wrong(
                lambda: _network(HOSTILE_YEAR).number_of_edges(),
                "you counted every tie; keep only those whose 'sign' is -1",
                lazy=True,
            ),
            Wrong(
                lambda: _signs(1),
                "you counted the cooperative ties (sign +1); hostile ties have sign -1",
                lazy=True,
            ),
            Wrong(
                lambda: _signs(-1, YEAR),
                "that is the count for 2018, the lesson's year; build the network of 2015: "
                "coursekit.alliance_network(2015)",
                lazy=True,
            ),
            Wrong(
                _hostile_rows_any_year,
                "you counted hostile rows of load_relations() for every year; "
                "use the network of 2015: coursekit.alliance_network(2015)",
                lazy=True,
            ),
        ],
        hint="build G = coursekit.alliance_network(2015), loop over G.edges(data=True) and "
        "count the edges with d['sign'] == -1",
    )
)

QUESTIONS.add(
    Question(
        id="03.2",
        title="Turkey's unbalanced triads in 2025",
        kind="number",
        points=2,
        reference=_unbalanced_with,
        wrong=[
            Wrong(
                _all_unbalanced,
                "that is every unbalanced triad of 2025; keep only those that contain "
                "Turkey (containing='turkey')",
                lazy=True,
            ),
            Wrong(
                _not_all_friends,
                "you counted +-- as unbalanced; 'the enemy of my enemy is my friend' is "
                "balanced: only ++- and --- are unbalanced",
                lazy=True,
            ),
            Wrong(
                lambda: len(_triads_with(TRIAD_ACTOR)),
                "that is every triad that contains Turkey, balanced or not; keep the "
                "unbalanced ones",
                lazy=True,
            ),
            Wrong(
                lambda: _unbalanced_with(TRIAD_ACTOR, YEAR),
                "that is Turkey's count for 2018; build the network of 2025",
                lazy=True,
            ),
            Wrong(
                lambda: _unbalanced_with("russia", YEAR),
                "that is Russia's count for 2018, the lesson's case; the question asks "
                "about Turkey in 2025",
                lazy=True,
            ),
            Wrong(
                lambda: _unbalanced_with(TRIAD_ACTOR, TRIAD_YEAR - 1),
                "that is Turkey's count for 2024, before Assad's fall; build the network of 2025",
                lazy=True,
            ),
        ],
        hint="coursekit.unbalanced_triads(coursekit.alliance_network(2025), "
        "containing='turkey') gives one row per triad",
        success="after Assad's fall most of Turkey's strained triangles are gone",
    )
)

QUESTIONS.add(
    Question(
        id="03.3",
        title="The Russia–Syrian government–Turkey triangle in 2015",
        kind="choice",
        points=1,
        choices={
            "a": "+++ : balanced, all three are friends",
            "b": "++- : unbalanced, one actor is a friend of two enemies",
            "c": "+-- : balanced, the enemy of my enemy is my friend",
            "d": "--- : unbalanced, three mutual enemies",
        },
        reference=_triad_letter,
        wrong=[
            Wrong(
                "a",
                "look at the turkey–syria_gov tie: it is hostile (-1) in every year of the war",
            ),
            Wrong(
                "b",
                "that is the pattern of 2018, after Russia and Turkey reconciled (2016); in "
                "2015 the russia–turkey tie is hostile: build the network of 2015",
            ),
            Wrong(
                "d",
                "Russia and the Syrian government are allies (+1); only Turkey's two ties "
                "are hostile",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="03.4",
        title="Syrian places within 100 km of Damascus",
        kind="set",
        points=2,
        reference=lambda: _places_near(REJECTED_OFFER_KM),
        wrong=[
            Wrong(
                lambda: _places_near(REJECTED_OFFER_KM, GOLAN),
                "those are the places within 100 km of Quneitra, the lesson's centre; "
                "measure from Damascus: coursekit.distances_from('damascus')",
                lazy=True,
            ),
            Wrong(
                lambda: _places_near(PULLBACK_KM, GOLAN),
                "those are the places within 85 km of Quneitra, the lesson's list; measure "
                "100 km from Damascus: coursekit.distances_from('damascus')",
                lazy=True,
            ),
            Wrong(
                lambda answer: CIRCLE_CENTRE in _answer_ids(answer),
                "leave out Damascus itself: it is the centre of the circle, 0 km away",
                example=["damascus", "kiswah", "mezzeh"],
            ),
            Wrong(
                lambda answer: bool(_answer_ids(answer) & _places_outside("Syria")),
                "keep only places whose country is 'Syria' (Beirut, in Lebanon, lies within "
                "100 km of Damascus)",
                example=["beirut", "kiswah", "mezzeh"],
            ),
            Wrong(
                lambda: _places_near(PULLBACK_KM),
                "that is the 85 km radius of the pullback; the question asks for 100 km",
                lazy=True,
            ),
            Wrong(
                lambda: _places_near(REJECTED_OFFER_KM, T4),
                "those are the places within 100 km of T-4; the question moves the centre to "
                "Damascus: coursekit.distances_from('damascus')",
                lazy=True,
            ),
        ],
        hint="use coursekit.distances_from('damascus'), keep country == 'Syria' and "
        "distance_km <= 100, and answer with the place_id values",
    )
)

QUESTIONS.add(
    Question(
        id="03.5",
        title="How far is Khmeimim from the Golan line?",
        kind="number",
        points=1,
        tolerance=DISTANCE_TOLERANCE_KM,
        rel_tolerance=0.0,
        reference=_khmeimim_km,
        wrong=[
            Wrong(
                lambda: _km("jerusalem", KHMEIMIM),
                "you measured from Jerusalem; measure from the Golan line (use 'quneitra')",
                lazy=True,
            ),
            Wrong(
                lambda: _km("damascus", KHMEIMIM),
                "you measured from Damascus; measure from the Golan line (use 'quneitra')",
                lazy=True,
            ),
            Wrong(
                lambda: _km(GOLAN, "latakia"),
                "that is Latakia city; the air base has its own place id, 'khmeimim'",
                lazy=True,
            ),
            Wrong(
                lambda: _km(GOLAN, T4),
                "that is T-4, the lesson's base; the question asks about Khmeimim "
                "(place id 'khmeimim')",
                lazy=True,
            ),
            Wrong(
                lambda: _khmeimim_km() / KM_PER_MILE,
                "that is the distance in miles; the question asks for kilometres, as "
                "coursekit.great_circle_km gives them",
                lazy=True,
            ),
            Wrong(
                lambda answer: 1.0 < abs(answer - _khmeimim_km()) <= NEAR_KM,
                "close, but more than 1 km from the exact distance: take the value of "
                "coursekit.great_circle_km('quneitra', 'khmeimim') instead of reading a map "
                "or rounding to tens",
                example=250.0,
            ),
        ],
        hint="coursekit.great_circle_km('quneitra', 'khmeimim') gives the distance in km; "
        "any answer within 1 km of it is accepted",
    )
)

QUESTIONS.add(
    Question(
        id="03.6",
        title="Source analysis: Russia's reaction to the Il-20M loss",
        kind="choice",
        points=1,
        choices={
            "a": "Both sources show calm: Russia blamed no one and changed nothing.",
            "b": "Putin spoke of 'a chain of tragic chance events' and said an Israeli aircraft "
            "did not shoot the plane down, yet within a week Russia, blaming Israel, announced "
            "S-300s for Syria (delivered by 2 Oct): a mixed reaction, so 'relative calm' fits "
            "only in part.",
            "c": "Putin accused Israel of shooting the aircraft down, and Russia ended its "
            "deconfliction mechanism with Israel.",
            "d": "The sources confirm the article's account that the aircraft was a fighter jet.",
        },
        reference=_il20_reaction_choice,
        wrong=[
            Wrong(
                "a",
                "read the F15 rows of 24 Sep and 2 Oct 2018: S-300s for Syria are not 'no change'",
            ),
            Wrong(
                "c",
                "read Putin's words again (S02): he said an Israeli aircraft did not shoot it "
                "down; and Russia kept the deconfliction mechanism (claim C11's outcome)",
            ),
            Wrong(
                "d",
                "that is the article's error (para. 3): the F15 row names an Il-20M "
                "reconnaissance plane",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="03.7",
        title="Source analysis: the pullback row and claim C09",
        kind="choice",
        points=1,
        choices={
            "a": "It confirms C09 in full: Iran announced an 85 km pullback, as Israel "
            "demanded.",
            "b": "It is Iran's own announcement, so it is evidence from Iran independent of "
            "Russia.",
            "c": "It supports C09 in part: the only report is from Russia's envoy, who brokered "
            "the pullback; Iran did not confirm it, and Israel had called even 100 km "
            "insufficient.",
            "d": "It refutes C09: the row records that no pullback took place.",
        },
        reference=_pullback_row_choice,
        wrong=[
            Wrong(
                "a",
                "read the row's description: Iran did not confirm the pullback, and Israel "
                "wanted more than 100 km",
            ),
            Wrong(
                "b",
                "the row is coded iran -> israel because the pullback is Iran's act, but its "
                "source is the Russian envoy's statement: read the description",
            ),
            Wrong(
                "d",
                "the row records a reported pullback of 85 km; a report that is unconfirmed is "
                "not a report that nothing happened",
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
        reference=lambda: MODEL_ANSWER,
    )
)


# --------------------------------------------------------------------------- practice
# Practice questions inside Lesson 03 (worth nothing, never graded). Each applies the
# episode's method to a case of its own, and none is a graded answer.
PRACTICE_RADIUS_KM = 60  # 03.p3: a radius the lesson does not use

QUESTIONS.add(
    Question(
        id="03.p1",
        title="Cooperative ties in 2018",
        kind="number",
        reference=lambda: _signs(1, YEAR),
        wrong=[
            Wrong(
                lambda: _network(YEAR).number_of_edges(),
                "you counted every tie; keep those whose 'sign' is +1",
                lazy=True,
            ),
            Wrong(
                lambda: _signs(-1, YEAR),
                "those are the hostile ties (sign -1); cooperative ties have sign +1",
                lazy=True,
            ),
        ],
        hint="count the edges of G.edges(data=True) with d['sign'] == 1",
    )
)

QUESTIONS.add(
    Question(
        id="03.p2",
        title="Iran's unbalanced triads in 2018",
        kind="number",
        reference=lambda: _unbalanced_with("iran", YEAR),
        wrong=[
            Wrong(
                lambda: _all_unbalanced(YEAR),
                "that is every unbalanced triad of 2018; add containing='iran'",
                lazy=True,
            ),
            Wrong(
                lambda: _unbalanced_with("russia", YEAR),
                "that is Russia's count; ask for Iran's (containing='iran')",
                lazy=True,
            ),
            Wrong(
                lambda: len(_triads_with("iran", YEAR)),
                "that is every triad with Iran, balanced or not; keep the unbalanced ones",
                lazy=True,
            ),
        ],
        hint="len(coursekit.unbalanced_triads(G, containing='iran'))",
    )
)

QUESTIONS.add(
    Question(
        id="03.p3",
        title="Syrian places within 60 km of Quneitra",
        kind="set",
        reference=lambda: _places_near(PRACTICE_RADIUS_KM, GOLAN),
        wrong=[
            Wrong(
                lambda answer: "damascus" in _answer_ids(answer),
                "Damascus is 60.1 km away, just outside 60 km: compare with <= 60",
                example=["damascus", "kiswah", "mezzeh", "sayyida_zaynab"],
            ),
            Wrong(
                lambda answer: GOLAN in _answer_ids(answer),
                "leave out Quneitra itself: it is the centre of the circle",
                example=["kiswah", "mezzeh", "quneitra", "sayyida_zaynab"],
            ),
        ],
        hint="keep the rows of near with country == 'Syria' and distance_km <= 60, then "
        "their place_id values",
    )
)
