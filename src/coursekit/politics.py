"""Comparing actors: their positions on the war's issues and their portfolios of goals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validate import check_choice
from .loaders import ORIGIN_CHOICES, load_interests, load_issues, load_positions

__all__ = ["agreement", "compare_interests", "interest_portfolio"]

#: ``origin=`` choices of the analysis functions: the loaders' choices but ``"all"``, which
#: can hold two rows for one actor and issue (or goal).
_ANALYSIS_ORIGINS = tuple(choice for choice in ORIGIN_CHOICES if choice != "all")


def _check_origin(origin: object) -> str:
    return check_choice(origin, _ANALYSIS_ORIGINS, "origin")


def agreement(actor_a: str, actor_b: str, *, origin: str = "article_first") -> pd.DataFrame:
    """Issue by issue, where two actors agree and where they diverge (positions of 2018).

    Positions run from −2 (strongly against the issue's proposition) to +2 (strongly for).
    Two actors *agree* on an issue when their positions have the same sign (both for, both
    against, or both neutral); ``gap`` is the absolute difference of their positions.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids that have positions (see ``load_positions()``).
    origin : {"article_first", "article", "independent"}
        Which positions to compare (see :func:`coursekit.load_positions`): the default
        is the table the lessons were built on; ``"independent"`` leaves out the article's
        own assertions, so the article's claims are not used to test the article.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``issue_id``, the issues on which both actors have a position, sorted by
        ``gap`` (largest first) then issue: ``label``, ``position_a``, ``position_b``,
        ``gap``, ``agree``.

    Examples
    --------
    >>> table = agreement("iran", "russia")
    >>> bool(table.loc["assad_stays", "agree"])
    True
    >>> mine = agreement("iran", "russia", origin="independent")  # the article's rows out
    >>> len(mine) <= len(table)
    True
    """
    positions = load_positions(_check_origin(origin))
    valid = positions["actor_id"].unique()
    check_choice(actor_a, valid, "actor id with positions")
    check_choice(actor_b, valid, "actor id with positions")
    wide = positions.pivot(index="issue_id", columns="actor_id", values="position")
    both = wide[[actor_a, actor_b]].dropna()
    both.columns = ["position_a", "position_b"]
    both = both.astype(int)
    both["gap"] = (both["position_a"] - both["position_b"]).abs()
    both["agree"] = np.sign(both["position_a"]) == np.sign(both["position_b"])
    labels = load_issues().set_index("issue_id")["label"]
    both.insert(0, "label", labels.reindex(both.index))
    both = both.sort_index().sort_values("gap", ascending=False, kind="stable")
    return both


def interest_portfolio(actor: str, *, origin: str = "article_first") -> pd.DataFrame:
    """One actor's goals in Syria, most important first.

    Parameters
    ----------
    actor : str
        An actor id with goals (see ``load_interests()``).
    origin : {"article_first", "article", "independent"}
        Which goals to use (see :func:`coursekit.load_interests`): the default is the
        table the lessons were built on; ``"independent"`` leaves out the article's own
        assertions.

    Returns
    -------
    pandas.DataFrame
        The actor's rows of ``load_interests(origin)``, by priority (highest first) then
        ``goal_id``, with a fresh index.

    Examples
    --------
    >>> interest_portfolio("russia")["priority"].is_monotonic_decreasing
    True
    >>> set(interest_portfolio("russia", origin="independent")["origin"])
    {'independent'}
    """
    interests = load_interests(_check_origin(origin))
    check_choice(actor, interests["actor_id"].unique(), "actor id with interests")
    mine = interests[interests["actor_id"] == actor]
    return mine.sort_values(["priority", "goal_id"], ascending=[False, True]).reset_index(drop=True)


def compare_interests(actor_a: str, actor_b: str, *, origin: str = "article_first") -> pd.DataFrame:
    """Which goals two actors share and which belong to one of them only.

    Parameters
    ----------
    actor_a, actor_b : str
        Actor ids with goals (see ``load_interests()``).
    origin : {"article_first", "article", "independent"}
        Which goals to compare (see :func:`coursekit.load_interests`); ``"independent"``
        leaves out the article's own assertions.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``goal_id``: ``goal``, ``priority_a``, ``priority_b`` (``<NA>`` where the
        actor does not hold the goal) and ``held_by`` (``"both"`` or the actor's id);
        shared goals first, then by the higher priority.

    Examples
    --------
    >>> table = compare_interests("iran", "russia")
    >>> table.loc["keep_assad_in_power", "held_by"]
    'both'
    >>> mine = compare_interests("iran", "russia", origin="independent")  # the article's rows out
    >>> sorted(mine.index[mine["held_by"] == "both"])
    ['keep_assad_in_power', 'shape_political_settlement']
    """
    a = interest_portfolio(actor_a, origin=origin).set_index("goal_id")
    b = interest_portfolio(actor_b, origin=origin).set_index("goal_id")
    table = pd.DataFrame(index=a.index.union(b.index).rename("goal_id"))
    table["goal"] = a["goal"].combine_first(b["goal"])
    table["priority_a"] = a["priority"].reindex(table.index).astype("Int64")
    table["priority_b"] = b["priority"].reindex(table.index).astype("Int64")
    in_a, in_b = table["priority_a"].notna(), table["priority_b"].notna()
    table["held_by"] = np.where(in_a & in_b, "both", np.where(in_a, actor_a, actor_b))
    order = pd.DataFrame(
        {
            "shared": (in_a & in_b).astype(int),
            "top": table[["priority_a", "priority_b"]].max(axis=1),
        }
    )
    ranked = order.sort_index().sort_values(["shared", "top"], ascending=False, kind="stable")
    return table.loc[ranked.index]
