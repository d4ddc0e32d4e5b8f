"""Lesson 00 · Orientation: practice questions only (lesson 00 has no exercise set).

Lesson 00 shows how ``check`` works with a question of its own, ``00.p1``, instead of
one from a set the learner has not reached, and ends its episodes with practice
questions (``00.p2``, ``00.p3``). They are worth 0 points and never graded. Every
reference answer is computed from coursekit's data, and each question declares the
wrong answers a beginner is likely to give, with a hint naming the mistake.
"""

from __future__ import annotations

from coursekit.checks.core import Question, QuestionSet, Wrong, require

__all__ = ["QUESTIONS"]

#: Practice 00.p1: the source id of the article (published in autumn 2018).
ARTICLE = "azodi2018"

#: Practice 00.p2: the kind of actor to keep.
KIND = "state"

#: Practice 00.p3: the claims to keep, by type and status.
CLAIM_TYPE, STATUS = "forecast", "partly"


# --------------------------------------------------------------------------- helpers


def _article_year() -> int:
    """The year in the article's citation, e.g. ``Azodi, ... (2018), "..."``."""
    import re

    from coursekit import load_sources

    sources = load_sources().set_index("source_id")
    require(ARTICLE in sources.index, f"the article ({ARTICLE}) is in the sources table")
    year = re.search(r"\((\d{4})\)", str(sources.loc[ARTICLE, "citation"]))
    require(year is not None, f"the citation of {ARTICLE} gives its year in parentheses")
    return int(year.group(1))


def _actor_ids(kind: str | None = KIND, *, names: bool = False) -> list[str]:
    from coursekit import load_actors

    actors = load_actors()
    if kind is not None:
        actors = actors[actors["kind"] == kind]
    return sorted(actors["name" if names else "actor_id"])


def _claim_ids(claim_type: str | None = CLAIM_TYPE, status: str | None = STATUS) -> list[str]:
    from coursekit import load_claims

    claims = load_claims()
    mask = claims["claim_id"].notna()
    if claim_type is not None:
        mask &= claims["claim_type"] == claim_type
    if status is not None:
        mask &= claims["status"] == status
    return sorted(claims.loc[mask, "claim_id"])


# --------------------------------------------------------------------------- practice

#: The practice questions of lesson 00, in order (registered on import).
QUESTIONS = QuestionSet()

QUESTIONS.add(
    Question(
        id="00.p1",
        title="The year of the article",
        kind="number",
        reference=_article_year,
        wrong=[
            Wrong(
                1848,
                "1848 is the year of Palmerston's speech, which the article quotes (¶15); "
                "the article itself is much more recent",
            ),
            Wrong(
                2025,
                "2025 is where the course's facts end (the 2025 treaty); the article was "
                "written before Idlib's fate was decided",
            ),
        ],
        hint="the title of section 2 below gives the season and the year of the article",
    )
)

QUESTIONS.add(
    Question(
        id="00.p2",
        title="The actors that are states",
        kind="set",
        reference=_actor_ids,
        wrong=[
            Wrong(
                lambda: _actor_ids(None),
                "those are all the actors; keep the rows where kind == 'state'",
                lazy=True,
            ),
            Wrong(
                lambda: _actor_ids(names=True),
                "those are the display names; the question asks for the actor_id column",
                lazy=True,
            ),
            Wrong(
                lambda: _actor_ids("non_state_armed_group"),
                "those are the non-state armed groups; filter on kind == 'state'",
                lazy=True,
            ),
        ],
        hint="filter actors[actors['kind'] == 'state'] and take its 'actor_id' column as a list",
    )
)

QUESTIONS.add(
    Question(
        id="00.p3",
        title="The forecasts that came true in part",
        kind="set",
        reference=_claim_ids,
        wrong=[
            Wrong(
                lambda: _claim_ids(claim_type=None),
                "those are all the claims rated 'partly'; keep only the forecasts: combine "
                "two conditions with & (each in parentheses)",
                lazy=True,
            ),
            Wrong(
                lambda: _claim_ids(status=None),
                "those are all the forecasts; keep only those whose status is 'partly'",
                lazy=True,
            ),
        ],
        hint="claims[(claims['claim_type'] == 'forecast') & (claims['status'] == 'partly')], "
        "then its 'claim_id' column as a list",
    )
)
