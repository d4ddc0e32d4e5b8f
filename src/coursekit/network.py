"""The signed alliance network: who is tied to whom, in which year, and with what sign.

A *signed* network gives each tie a sign: +1 for cooperation, −1 for hostility. Heider's
theory of structural balance says a triangle of three actors is *balanced* when the
product of its three signs is positive: "the friend of my friend is my friend" (+ + +) and
"the enemy of my enemy is my friend" (+ − −). Triangles with one hostile tie (+ + −) or
three (− − −) are unbalanced: something in them is under strain.

References
----------
.. [1] Heider, F. (1946). "Attitudes and Cognitive Organization." Journal of Psychology 21.
.. [2] Cartwright, D. and Harary, F. (1956). "Structural balance: a generalization of
   Heider's theory." Psychological Review 63(5).
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd

from ._validate import check_choice, check_year
from .loaders import load_actors, load_relations

__all__ = [
    "FIRST_YEAR",  # noqa: F822 - read from the data on first use (module __getattr__)
    "LAST_YEAR",  # noqa: F822 - read from the data on first use (module __getattr__)
    "alliance_network",
    "brokerage",
    "cooperative_subgraph",
    "network_years",
    "triads",
    "unbalanced_triads",
]


def network_years() -> tuple[int, int]:
    """The first and last year for which the relations table defines the network.

    Read from ``relations.csv`` (its earliest ``start_year`` and latest ``end_year``),
    so a row that extends the table extends the years every network function accepts.
    ``FIRST_YEAR`` and ``LAST_YEAR`` give the same two years.

    Examples
    --------
    >>> network_years()
    (2011, 2025)
    >>> from coursekit.network import FIRST_YEAR, LAST_YEAR
    >>> (FIRST_YEAR, LAST_YEAR) == network_years()
    True
    """
    relations = load_relations()
    return int(relations["start_year"].min()), int(relations["end_year"].max())


def __getattr__(name: str) -> int:
    # FIRST_YEAR and LAST_YEAR are facts about the data: read when asked for, not on import.
    if name == "FIRST_YEAR":
        return network_years()[0]
    if name == "LAST_YEAR":
        return network_years()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def alliance_network(year: int) -> nx.Graph:
    """The signed network of the ties that hold in ``year``.

    Parameters
    ----------
    year : int
        A year the relations table covers (:func:`network_years`: 2011 to 2025).

    Returns
    -------
    networkx.Graph
        Nodes are the actors with at least one tie that year (node attributes ``name`` and
        ``kind``); each edge has ``sign`` (+1 or −1), ``strength`` (1–3), ``kind`` and
        ``evidence``. ``G.graph["year"]`` is the year.

    Examples
    --------
    >>> G = alliance_network(2018)
    >>> G.edges["iran", "russia"]["sign"]
    1
    >>> G.edges["iran", "israel"]["sign"]
    -1
    """
    year = check_year(year, *network_years())
    relations = load_relations()
    active = relations[(relations["start_year"] <= year) & (relations["end_year"] >= year)]
    actors = load_actors().set_index("actor_id")
    G = nx.Graph(year=year)
    for row in active.itertuples(index=False):
        for actor in (row.actor_a, row.actor_b):
            G.add_node(actor, name=actors.at[actor, "name"], kind=str(actors.at[actor, "kind"]))
        G.add_edge(
            row.actor_a,
            row.actor_b,
            sign=int(row.sign),
            strength=int(row.strength),
            kind=str(row.kind),
            evidence=row.evidence,
        )
    return G


def cooperative_subgraph(G: nx.Graph) -> nx.Graph:
    """The network with its hostile ties removed (every node is kept).

    Examples
    --------
    >>> G = alliance_network(2018)
    >>> C = cooperative_subgraph(G)
    >>> C.has_edge("iran", "israel")
    False
    """
    C = nx.Graph(**G.graph)
    C.add_nodes_from(G.nodes(data=True))
    C.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if d["sign"] > 0)
    return C


_PATTERNS = {
    3: ("+++", True, "friends of friends are friends"),
    1: ("+--", True, "the enemy of my enemy is my friend"),
    2: ("++-", False, "two of my friends are enemies"),
    0: ("---", False, "three mutual enemies"),
}


def triads(G: nx.Graph) -> pd.DataFrame:
    """Classify every closed triangle of three actors by structural balance.

    Parameters
    ----------
    G : networkx.Graph
        A signed network, e.g. from :func:`alliance_network`.

    Returns
    -------
    pandas.DataFrame
        One row per triangle, sorted: ``a``, ``b``, ``c`` (actors in alphabetical order),
        ``signs`` (e.g. ``"++-"``, positives first), ``balanced`` (bool), ``reading``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=1); G.add_edge("a", "c", sign=-1)
    >>> triads(G)[["a", "b", "c", "signs", "balanced"]]
       a  b  c signs  balanced
    0  a  b  c   ++-     False
    """
    rows = []
    for a, b, c in combinations(sorted(G.nodes), 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and G.has_edge(a, c):
            positives = sum(G.edges[u, v]["sign"] > 0 for u, v in ((a, b), (b, c), (a, c)))
            signs, balanced, reading = _PATTERNS[positives]
            rows.append((a, b, c, signs, balanced, reading))
    return pd.DataFrame(rows, columns=["a", "b", "c", "signs", "balanced", "reading"])


def unbalanced_triads(G: nx.Graph, containing: str | None = None) -> pd.DataFrame:
    """The unbalanced triangles of ``G``, optionally only those that include one actor.

    Examples
    --------
    >>> G = alliance_network(2018)
    >>> strained = unbalanced_triads(G, containing="russia")
    >>> len(strained) > 0
    True
    """
    table = triads(G)
    table = table[~table["balanced"]]
    if containing is not None:
        check_choice(
            containing, list(G.nodes), f"actor id in the {G.graph.get('year', '')} network"
        )
        table = table[(table[["a", "b", "c"]] == containing).any(axis=1)]
    return table.reset_index(drop=True)


def brokerage(G: nx.Graph) -> pd.DataFrame:
    """How much each actor bridges actors that are not friends with each other.

    For each actor we look at its cooperative partners and count the pairs of them that
    are hostile to each other (``hostile_pairs_bridged``) or not tied at all
    (``unlinked_pairs_bridged``): an actor on good terms with both sides of a hostility
    is a broker. ``betweenness`` is the betweenness centrality in the cooperative
    network: the share of shortest cooperative paths that pass through the actor.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor, sorted by ``hostile_pairs_bridged`` then ``betweenness``
        (both descending), then actor id.

    Examples
    --------
    >>> G = alliance_network(2018)
    >>> table = brokerage(G)
    >>> list(table.columns)
    ['partners', 'hostile_pairs_bridged', 'unlinked_pairs_bridged', 'betweenness']
    """
    C = cooperative_subgraph(G)
    betweenness = nx.betweenness_centrality(C)
    rows = {}
    for actor in sorted(G.nodes):
        partners = sorted(C.neighbors(actor))
        hostile = unlinked = 0
        for u, v in combinations(partners, 2):
            if not G.has_edge(u, v):
                unlinked += 1
            elif G.edges[u, v]["sign"] < 0:
                hostile += 1
        rows[actor] = (len(partners), hostile, unlinked, round(betweenness[actor], 4))
    table = pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=["partners", "hostile_pairs_bridged", "unlinked_pairs_bridged", "betweenness"],
    )
    table.index.name = "actor"
    table = table.sort_index().sort_values(
        ["hostile_pairs_bridged", "betweenness"], ascending=False, kind="stable"
    )
    return table
