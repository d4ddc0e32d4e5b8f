"""Ties of a signed network: which kind a tie is, filtering, counting, an actor's ego network.

The figures (:mod:`coursekit.plots`) and the widgets (:mod:`coursekit.widgets`) select and
count ties the same way through these functions. A tie is *cooperative* when its edge
attribute ``sign`` is positive and *hostile* otherwise; an edge without ``sign`` counts as
cooperative (+1), as in :func:`coursekit.plots.draw_signed_network`.

Examples
--------
>>> from coursekit import alliance_network
>>> G = alliance_network(2018)
>>> counts = count_ties(G)
>>> counts["cooperative"] + counts["hostile"] == G.number_of_edges()
True
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ._validate import check_choice

__all__ = ["TIES", "count_ties", "ego_network", "filter_ties", "tie_kind"]

#: The tie filters: both kinds, or one of them.
TIES = ("both", "cooperative", "hostile")


def tie_kind(sign: int | float) -> str:
    """``"cooperative"`` for a positive sign, ``"hostile"`` otherwise.

    Examples
    --------
    >>> tie_kind(1), tie_kind(-1)
    ('cooperative', 'hostile')
    """
    return "cooperative" if sign > 0 else "hostile"


def filter_ties(G: nx.Graph, ties: str = "both") -> list[tuple[Any, Any, dict]]:
    """The edges of ``G`` of one kind (or both), as ``(u, v, data)`` in ``G``'s order.

    Parameters
    ----------
    G : networkx.Graph
        A signed network (edge attribute ``sign``, +1 or −1; missing means +1).
    ties : {"both", "cooperative", "hostile"}

    Returns
    -------
    list of (u, v, dict)

    Raises
    ------
    ValueError
        For any other ``ties``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=-1)
    >>> [(u, v) for u, v, _ in filter_ties(G, "hostile")]
    [('b', 'c')]
    >>> len(filter_ties(G))
    2
    """
    check_choice(ties, TIES, "tie filter")
    return [
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if ties == "both" or tie_kind(d.get("sign", 1)) == ties
    ]


def count_ties(G: nx.Graph) -> dict[str, int]:
    """How many cooperative and hostile ties ``G`` has.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=-1)
    >>> count_ties(G)
    {'cooperative': 1, 'hostile': 1}
    """
    counts = {"cooperative": 0, "hostile": 0}
    for _, _, d in G.edges(data=True):
        counts[tie_kind(d.get("sign", 1))] += 1
    return counts


def ego_network(G: nx.Graph, actor: Any) -> nx.Graph:
    """Every node of ``G``, but only the ties of ``actor`` (a new graph; ``G`` is untouched).

    All nodes are kept so that a drawing shows every actor in its usual place. An actor
    that is not in ``G`` gives a graph without edges.

    Examples
    --------
    >>> G = nx.Graph(year=2018)
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=-1)
    >>> ego = ego_network(G, "a")
    >>> sorted(ego.nodes), list(ego.edges), ego.graph["year"]
    (['a', 'b', 'c'], [('a', 'b')], 2018)
    """
    ego = nx.Graph(**G.graph)
    ego.add_nodes_from(G.nodes(data=True))
    if actor in G:
        ego.add_edges_from((actor, other, G.edges[actor, other]) for other in G.neighbors(actor))
    return ego
