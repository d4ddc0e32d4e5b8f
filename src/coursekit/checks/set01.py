"""Exercise set 01 · Historical wariness: dated events, eras and a cooperation index.

Every reference answer is computed from coursekit's data and analysis functions, so the
checks stay true when the data are corrected. Each auto-checked question declares the
wrong answers learners are likely to give, computed the way the mistake computes them,
with a hint naming the mistake. Multiple-choice references first verify that the data
still record the facts the right choice states.

Over 500 lines: one declaration per question, each with the wrong answers it names and
their hints (most of the lines are hint text), and the helpers that compute them; the
practice questions of the lesson close the module.
"""

from __future__ import annotations

__all__ = ["MODEL_ANSWER", "QUESTIONS", "WORDS"]

from coursekit.checks.core import Question, QuestionSet, Wrong, require

PAIR = ("iran", "russia")

#: Question 01.1: from the start of the Syrian war to Russia's intervention (30 Sep 2015),
#: both ends included. (The lesson counts other spans: the nineteenth century, 1941-1946.)
FIRST_YEAR, LAST_YEAR = 2011, 2015

#: Question 01.3: the pair whose most conflictual events are asked for (the lesson's
#: method, tied minima, applied to Iran and its other great-power adversary).
PAIR_3 = ("iran", "usa")

#: Question 01.4: the word whose Iran–Russia events make a saga (the lesson dates the
#: S-300 saga in its text; the question dates the summits, which it does not). The summits
#: fall in three years, so listing every year is not the asked-for [first, last].
SAGA = "summit"

#: Question 01.7: years with fewer events than this are left out of the figure. The lesson
#: reads the index by decade; the question reads it by year.
MIN_EVENTS = 2
PERIOD = "year"

#: Practice 01.p1: the years of the invasion, the occupation and the 1946 crisis.
WARTIME = (1941, 1946)

#: Question 01.2: the eras, as (label, first year, last year), both ends included.
ERAS = (
    ("Qajar wars", 1804, 1828),
    ("Imperial rivalry", 1829, 1945),
    ("Cold War", 1946, 1991),
    ("Post-Soviet", 1992, 2010),
    ("Syrian war", 2011, 2025),
)


#: The model answer of 01.8, the same text as the solution's ``answer_8``.
MODEL_ANSWER = """Largely yes, as wariness rather than enmity. Russia imposed Gulistan (1813) and
Turkmenchay (1828): territory, a 10-korur indemnity and capitulations. In 1941
it occupied northern Iran and in 1946 kept troops past the 2 March deadline. In
2010 it voted for UNSCR 1929 and banned the S-300 delivery, and in 2016 it
publicised the Hamadan flights, after which Iran said their use had ended. But
it also built Bushehr, delivered the S-300s in 2016 and fought beside Iran in
Syria: a stronger partner that cooperates when it pays, which makes wariness
prudent."""

#: The word range 01.8 asks for.
WORDS = (80, 150)


# --------------------------------------------------------------------------- helpers


def _pair(pair: tuple[str, str] = PAIR):
    from coursekit import events_between

    return events_between(*pair)


def _once(events):
    """Each agreement counted once (coursekit.once_per_instrument)."""
    from coursekit import once_per_instrument

    return once_per_instrument(events)


def _directed(source: str, target: str):
    from coursekit import load_events

    events = load_events()
    return events[(events["actor_source"] == source) & (events["actor_target"] == target)]


def _count_years(events, first: int, last: int) -> int:
    """Events whose year lies in first..last, both ends included."""
    year = events["date"].dt.year
    return int(((year >= first) & (year <= last)).sum())


def _era_means(events, *, right: bool = False, how: str = "mean"):
    """The Goldstein weights of ``events`` grouped by era, in chronological order.

    ``right=True`` reproduces the pd.cut default (bins closed on the right) applied to
    the era boundaries 1804, 1828, 1945, 1991, 2010, 2025: the year 1804 falls outside.
    """
    import pandas as pd

    labels = [label for label, _, _ in ERAS]
    if right:
        edges = [ERAS[0][1]] + [last for _, _, last in ERAS]
        era = pd.cut(events["date"].dt.year, bins=edges, labels=labels, right=True)
    else:
        edges = [first for _, first, _ in ERAS] + [ERAS[-1][2] + 1]
        era = pd.cut(events["date"].dt.year, bins=edges, labels=labels, right=False)
    grouped = events.groupby(era, observed=False)["goldstein"]
    table = getattr(grouped, how)()
    return table.reindex(labels).astype(float).rename("goldstein")


def _all_events():
    from coursekit import load_events

    return load_events()


def _extreme_events(events, lowest: bool = True) -> list[str]:
    weight = events["goldstein"].min() if lowest else events["goldstein"].max()
    return sorted(events.loc[events["goldstein"] == weight, "event_id"])


def _one_of_the_tie(answer) -> bool:
    """A list of one event id that is one of 01.3's tied events (what idxmin() finds)."""
    if isinstance(answer, str | bytes) or not hasattr(answer, "__iter__"):
        return False
    items = {str(x).strip().upper() for x in answer}
    tie = set(_extreme_events(_pair(PAIR_3), lowest=True))
    return len(items) == 1 and len(tie) > 1 and items <= tie


def _mentions(events, word: str = SAGA) -> list[int]:
    """[first year, last year] of the events whose description mentions ``word``."""
    mask = events["description"].str.contains(word, case=False, regex=False)
    years = events.loc[mask, "date"].dt.year
    require(not years.empty, f"events that mention {word!r}")
    return [int(years.min()), int(years.max())]


def _every_year(word: str = SAGA) -> list[int]:
    """The mistake of listing every year in which ``word`` occurs, not [first, last]."""
    events = _pair()
    mask = events["description"].str.contains(word, case=False, regex=False)
    years = sorted({int(y) for y in events.loc[mask, "date"].dt.year})
    require(len(years) >= 3, f"events that mention {word!r} in three or more years")
    return years


def _first_year_twice() -> list[int]:
    """The mistake of taking the minimum for both ends."""
    first, _ = _mentions(_pair())
    return [first, first]


def _periods(min_events: int = MIN_EVENTS, *, by: str = PERIOD, once: bool = True):
    from coursekit import cooperation_index

    table = cooperation_index(*PAIR, by=by, once=once)
    return table[table["events"] >= min_events]


def _period_by(column: str, lowest: bool = False, *, by: str = PERIOD) -> int:
    table = _periods(by=by)[column]
    return int(table.idxmin() if lowest else table.idxmax())


def _is_busiest(answer) -> bool:
    """The year with the most events, or with the highest total weight."""
    return answer != _period_by("mean_goldstein") and answer in {
        _period_by("events"),
        _period_by("total_goldstein"),
    }


def _is_thin_top(answer) -> bool:
    """A year left out of the figure (too few events) that would top an unfiltered chart."""
    table = _periods(min_events=1)
    thin = table[(table["events"] < MIN_EVENTS)]
    top = thin[thin["mean_goldstein"] >= _periods()["mean_goldstein"].max()]
    return answer in set(top.index)


def _is_lesson_decade(answer) -> bool:
    """A decade of the lesson's chart (periods of ten years) given where a year is asked."""
    if isinstance(answer, bool) or not isinstance(answer, int):
        return False
    years = set(_periods(min_events=1).index)
    return (
        answer % 10 == 0
        and answer not in years
        and answer in set(_periods(min_events=1, by="decade").index)
    )


def _era_counts(events):
    """The number of ``events`` in each era, in chronological order (practice 01.p2)."""
    return _era_means(events, how="size")


def _era_means_relabelled(order):
    """The right means under other labels: ``order`` gives the label of each value."""
    import pandas as pd

    right = _era_means(_once(_pair()))
    return pd.Series(right.to_numpy(), index=[right.index[i] for i in order], name="goldstein")


def _values_without_era_labels(answer) -> bool:
    """Five numbers without their eras: a list or tuple, or a Series labelled 0-4."""
    import pandas as pd

    if isinstance(answer, list | tuple):
        answer = pd.Series(list(answer))
    if not isinstance(answer, pd.Series) or len(answer) != len(ERAS):
        return False
    if list(answer.index) != list(range(len(ERAS))):
        return False
    return bool(pd.to_numeric(answer, errors="coerce").notna().all())


def _negative_periods(min_events: int = 1) -> int:
    """Practice 01.p3: decades whose cooperation index is below zero."""
    table = _periods(min_events=min_events, by="decade")
    return int((table["mean_goldstein"] < 0).sum())


def _event_row(event_id: str):
    """The one row of the events table with ``event_id`` (its CAMEO code and weight)."""
    from coursekit import load_events

    events = load_events()
    rows = events[events["event_id"] == event_id]
    require(len(rows) == 1, f"one event {event_id}")
    return rows.iloc[0]


def _aktau_row_reading() -> str:
    """b, provided the Aktau row (E102) is still a signing (CAMEO 057, +8), as Turkmenchay's
    (E004) is, and its description still names the five states and the criticism in Iran."""
    row = _event_row("E102")
    require(row["cameo_code"] == "057" and row["goldstein"] == 8.0,
            "E102 is coded 057 (sign formal agreement), +8")
    require("five littoral states" in row["description"], "E102 names the five littoral states")
    require("criticised in Iran" in row["description"], "E102 says it was criticised in Iran")
    require(_event_row("E004")["cameo_code"] == "057", "Turkmenchay (E004) is coded 057")
    return "b"


def _soleimani_row_reading() -> str:
    """a, provided the Soleimani row (E047) is still a reported, unconfirmed visit dated to
    the month, from one Reuters report, coded 042 (make a visit)."""
    row = _event_row("E047")
    require(row["cameo_code"] == "042", "E047 is coded 042 (make a visit)")
    require(row["date_precision"] == "month", "E047 is dated to the month")
    require(row["date"].year == 2015 and row["date"].month == 7, "E047 is dated July 2015")
    require(row["source_id"] == "reuters_soleimani_moscow", "E047 rests on the Reuters report")
    text = row["description"]
    require("reportedly" in text and "never officially confirmed" in text,
            "E047 says the visit was reported and never officially confirmed")
    return "a"


# --------------------------------------------------------------------------- questions

#: The questions of this set, in order (registered on import).
QUESTIONS = QuestionSet()


QUESTIONS.add(
    Question(
        id="01.1",
        title="Iran–Russia events, 2011–2015",
        kind="number",
        points=1,
        reference=lambda: _count_years(_pair(), FIRST_YEAR, LAST_YEAR),
        wrong=[
            Wrong(
                lambda: _count_years(_pair(), FIRST_YEAR, LAST_YEAR - 1),
                "did you leave out 2015? range(2011, 2015) and `year < 2015` stop before "
                "2015, the year Russia intervened: include both ends (<= 2015)",
                lazy=True,
            ),
            Wrong(
                lambda: _count_years(_pair(), FIRST_YEAR + 1, LAST_YEAR),
                "did you leave out 2011? `year > 2011` drops the Bushehr events of 2011: "
                "include both ends (>= 2011)",
                lazy=True,
            ),
            Wrong(
                lambda: _count_years(_pair(), FIRST_YEAR + 1, LAST_YEAR - 1),
                "you left out both ends, 2011 and 2015: use >= and <=, or "
                ".between(2011, 2015), which includes both",
                lazy=True,
            ),
            Wrong(
                lambda: _count_years(_directed("iran", "russia"), FIRST_YEAR, LAST_YEAR),
                "you counted only events in which Iran acts on Russia; count both "
                "directions (coursekit.events_between('iran', 'russia'))",
                lazy=True,
            ),
            Wrong(
                lambda: _count_years(_pair(), FIRST_YEAR, LAST_YEAR + 1),
                "did you count 2016 too? The span ends in 2015, the year Russia intervened: "
                ".between(2011, 2015), or <= 2015",
                lazy=True,
            ),
            Wrong(
                lambda: _count_years(_pair(), FIRST_YEAR, _all_events()["date"].dt.year.max()),
                "you counted on past 2015: the question stops in the year Russia "
                "intervened, 2015 (<= 2015)",
                lazy=True,
            ),
        ],
        hint="start from coursekit.events_between('iran', 'russia') and keep the rows whose "
        "date's year is from 2011 to 2015, both included",
    )
)

QUESTIONS.add(
    Question(
        id="01.2",
        title="Mean Goldstein weight by era",
        kind="series",
        points=2,
        tolerance=0.006,
        check_index=True,
        reference=lambda: _era_means(_once(_pair())),
        wrong=[
            Wrong(
                lambda: _era_means_relabelled(range(len(ERAS) - 1, -1, -1)),
                "the right values under reversed labels: the oldest era's mean belongs to "
                "the Qajar wars (1804-1828), the newest to the Syrian war. Give pd.cut the "
                "labels in the order of its bins, oldest first",
                lazy=True,
            ),
            Wrong(
                _values_without_era_labels,
                "five values without their eras (a list, or a Series labelled 0-4): label "
                "each mean with its era's name (group by the pd.cut column, whose labels are "
                "the era names)",
                any_type=True,
                example=[-1.0, -5.4, 2.5, 3.1, 4.4],  # five means as a plain list, no eras
            ),
            Wrong(
                lambda: _era_means(_pair()),
                "you counted every stage of an agreement: the 2025 treaty has four rows "
                "(signature, two ratifications, entry into force); count each agreement "
                "once with coursekit.once_per_instrument before grouping",
                lazy=True,
            ),
            Wrong(
                lambda: _era_means(_once(_pair()), right=True),
                "pd.cut closes its bins on the right by default, so 1804 fell outside the "
                "first era: use the edges 1804, 1829, 1946, 1992, 2011, 2026 with "
                "right=False (each era includes its first year)",
                lazy=True,
            ),
            Wrong(
                lambda: _era_means(_once(_pair()), how="sum"),
                "that is the total weight of each era; the question asks for the mean "
                "(.mean()), which does not grow with the number of events",
                lazy=True,
            ),
            Wrong(
                lambda: _era_means(_once(_pair()), how="size"),
                "that counts the events of each era; take the mean of their 'goldstein' "
                "column instead",
                lazy=True,
            ),
            Wrong(
                lambda: _era_means(_once(_all_events())),
                "you used every event in the data; keep only Iran–Russia events "
                "(coursekit.events_between('iran', 'russia'))",
                lazy=True,
            ),
        ],
        hint="five values, each labelled with its era's name: count each agreement once "
        "(coursekit.once_per_instrument), cut the years into the eras with pd.cut "
        "(right=False), then group by era and take the mean of 'goldstein'",
    )
)

QUESTIONS.add(
    Question(
        id="01.3",
        title="The most conflictual Iran–US events",
        kind="set",
        points=1,
        reference=lambda: _extreme_events(_pair(PAIR_3), lowest=True),
        wrong=[
            Wrong(
                lambda a: isinstance(a, str),
                "idxmin() and .iloc[0] give only the first of the tied events: keep every "
                "event whose weight equals the minimum, and answer with a list of event_ids",
                any_type=True,
                example="E114",  # what idxmin() returns: only the first of the tied events
            ),
            Wrong(
                _one_of_the_tie,
                "only one of the tied events: idxmin() or .iloc[0] keeps the first, and one "
                "direction alone misses the others; keep every event of "
                "events_between('iran', 'usa') whose weight equals the minimum",
                example=["E114"],
            ),
            Wrong(
                lambda: _extreme_events(_pair(PAIR_3), lowest=False),
                "those are the most cooperative events: the scale runs from -10 (most "
                "conflictual) to +10, so take the minimum",
                lazy=True,
            ),
            Wrong(
                lambda: _extreme_events(_pair(), lowest=True),
                "those are the most conflictual Iran–Russia events, the lesson's case; the "
                "question asks about Iran and the United States (events_between('iran', "
                "'usa'))",
                lazy=True,
            ),
            Wrong(
                lambda: _extreme_events(_directed("usa", "iran"), lowest=True),
                "you kept only the events in which the US acts on Iran; count both "
                "directions (coursekit.events_between('iran', 'usa'))",
                lazy=True,
            ),
            Wrong(
                lambda: _extreme_events(_all_events(), lowest=True),
                "you searched every event in the data; keep only Iran–US events",
                lazy=True,
            ),
        ],
        hint="find the minimum of 'goldstein' among the events between Iran and the US "
        "(coursekit.events_between('iran', 'usa')), then list the event_id of every event "
        "with that weight",
    )
)

QUESTIONS.add(
    Question(
        id="01.4",
        title="The years of the summits",
        kind="sequence",
        points=1,
        reference=lambda: _mentions(_pair()),
        wrong=[
            Wrong(
                _every_year,
                "you listed every year with a summit; the question asks for two numbers, "
                "the first and the last year: [years.min(), years.max()]",
                lazy=True,
            ),
            Wrong(
                _first_year_twice,
                "both numbers are the first year: the last year is the .max() of the years",
                lazy=True,
            ),
            Wrong(
                lambda: _mentions(_pair(), "S-300"),
                "those are the years of the S-300 saga, the lesson's case; search the "
                "descriptions for 'summit' instead",
                lazy=True,
            ),
        ],
        hint="keep the Iran–Russia events whose description contains 'summit' (any case) "
        "and answer [first year, last year]",
    )
)

QUESTIONS.add(
    Question(
        id="01.5",
        title="Source analysis: what the Aktau row's +8 shows",
        kind="choice",
        points=1,
        choices={
            "a": "Iran gained from the convention: +8 is near the top of the scale, so the "
            "row counts against Iranian wariness",
            "b": "Russia and Iran signed an agreement (CAMEO 057, +8), as at Turkmenchay: the "
            "weight codes the act of signing, so the criticism in Iran that the description "
            "records is not in the number, and the +8 cannot say whether Iran thought the "
            "terms fair",
            "c": "Russia and Iran alone signed a bilateral treaty on the Caspian, so the row "
            "records everything the convention did",
            "d": "the coders lowered the weight from +10 to +8 because the convention was "
            "criticised in Iran",
        },
        reference=_aktau_row_reading,
        wrong=[
            Wrong(
                "a",
                "the weight comes from the CAMEO code (057, sign a formal agreement), not from "
                "who gained: Turkmenchay, which cost Persia two khanates, scores +8 too",
            ),
            Wrong(
                "c",
                "read the description again: five littoral states signed at Aktau; the "
                "Iran–Russia row is one pair's view of a five-party act (a third party has no "
                "row here)",
            ),
            Wrong(
                "d",
                "nobody adjusts a weight by hand: the loader looks each CAMEO code up, and "
                "every 057 row scores +8",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="01.6",
        title="Source analysis: the Soleimani row",
        kind="choice",
        points=1,
        choices={
            "a": "a visit reported by one news agency (Reuters, in October 2015) and never "
            "officially confirmed, dated only to the month: it supports \"Iran's Quds Force "
            "commander reportedly visited Moscow before Russia's intervention\", as a "
            "report, not as a documented meeting",
            "b": "a visit both governments announced on 1 July 2015, which proves that Iran "
            "and Russia planned the intervention together",
            "c": "its weight (+1.9) is low because the visit achieved little",
            "d": "a Russian visit to Tehran, since Russia is the stronger partner",
        },
        reference=_soleimani_row_reading,
        wrong=[
            Wrong(
                "b",
                "read the description and date_precision again: the visit was never "
                "officially confirmed, and 'month' means the day (the 1st) carries no "
                "information; nor does a meeting show what was planned",
            ),
            Wrong(
                "c",
                "the weight comes from the CAMEO code (042, make a visit), which every visit "
                "shares whatever it achieved",
            ),
            Wrong(
                "d",
                "read actor_source and the description: Iran's Soleimani went to Moscow "
                "(actor_source 'iran')",
            ),
        ],
    )
)

QUESTIONS.add(
    Question(
        id="01.7",
        title="The most cooperative year",
        kind="number",
        points=1,
        reference=lambda: _period_by("mean_goldstein"),
        wrong=[
            Wrong(
                _is_busiest,
                "that year has the most events or the highest total weight; the bars show "
                "the mean weight per event, and the tallest bar is the most cooperative year",
                example=2025,  # the year with the most events
            ),
            Wrong(
                lambda: _period_by("mean_goldstein", lowest=True),
                "that is the most conflictual year (the lowest bar)",
                lazy=True,
            ),
            Wrong(
                _is_thin_top,
                f"that year has fewer than {MIN_EVENTS} Iran–Russia events, so the figure "
                "leaves it out: one event is too thin a record to call a year cooperative",
                example=2001,  # one event: the 2001 treaty, +8
            ),
            Wrong(
                _is_lesson_decade,
                "that is a decade, the period of the lesson's chart; this figure's periods "
                "are years (cooperation_index(..., by='year')): read the tallest bar's year",
                example=2000,  # the decade on top of the lesson's chart
            ),
        ],
        hint="find the tallest bar and answer with its year, e.g. 2019",
    )
)

QUESTIONS.add(
    Question(
        id="01.8",
        title="Is Iranian wariness justified? (written)",
        kind="written",
        points=2,
        reference=lambda: MODEL_ANSWER,
    )
)


# --------------------------------------------------------------------------- practice
# In the lesson, never graded: each ends an episode, and none prints a graded answer.

QUESTIONS.add(
    Question(
        id="01.p1",
        title="Iran–Russia events, 1941–1946",
        kind="number",
        reference=lambda: _count_years(_pair(), *WARTIME),
        wrong=[
            Wrong(
                lambda: _count_years(_pair(), WARTIME[0], WARTIME[1] - 1),
                "range(1941, 1946) and `year < 1946` stop before 1946: .between(1941, 1946) "
                "includes both ends",
                lazy=True,
            ),
            Wrong(
                lambda: _count_years(_all_events(), *WARTIME),
                "you counted every event of those years (the British invasion, the entry "
                "into Tabriz): count only the Iran–Russia events, `pair`",
                lazy=True,
            ),
        ],
        hint="keep the rows of `pair` whose year is from 1941 to 1946, both included, and "
        "count them with len() or .sum() of the mask",
    )
)

QUESTIONS.add(
    Question(
        id="01.p2",
        title="Iran–Russia rows in each era, every stage counted",
        kind="series",
        reference=lambda: _era_counts(_pair()),
        wrong=[
            Wrong(
                lambda: _era_counts(_once(_pair())),
                "that counts each agreement once (`once`); this practice counts every row: "
                "cut `pair`'s years into eras instead",
                lazy=True,
            ),
        ],
        hint="pd.cut(pair['date'].dt.year, bins=ERA_EDGES, labels=ERA_NAMES, right=False), "
        "then .value_counts(sort=False), or group `pair` by it and take .size()",
    )
)

QUESTIONS.add(
    Question(
        id="01.p3",
        title="Decades with a negative cooperation index",
        kind="number",
        reference=_negative_periods,
        wrong=[
            Wrong(
                lambda: _negative_periods(MIN_EVENTS),
                "you left out the decades with a single event; count every row of `index` "
                "whose mean_goldstein is below zero",
                lazy=True,
            ),
        ],
        hint="(index['mean_goldstein'] < 0).sum() counts the decades below zero",
    )
)
