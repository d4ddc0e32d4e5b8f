"""Places, distances and routes: the geography behind Iran's "land bridge".

Distances are great-circle distances on a sphere of radius 6371 km (the Earth's mean
radius), computed with the haversine formula: accurate to about 0.5 % for our purposes.
Routes are a small hand-made ground network (``routes.csv``); a route's length is the
sum of the great-circle lengths of its links, a lower bound on the real road distance.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from typing import NamedTuple

import networkx as nx
import pandas as pd

from ._validate import check_choice, check_number
from .loaders import load_places, load_routes

__all__ = [
    "EARTH_RADIUS_KM",
    "Route",
    "distances_from",
    "great_circle_km",
    "load_borders",
    "places_within",
    "route_graph",
    "shortest_route",
]

EARTH_RADIUS_KM = 6371.0


@functools.lru_cache(maxsize=1)
def _borders() -> dict:
    text = resources.files("coursekit").joinpath("data", "borders.json").read_text("utf-8")
    return json.loads(text)


def load_borders() -> dict[str, list[list[tuple[float, float]]]]:
    """Country borders and coastlines of the Middle East, as lon/lat polylines.

    From Natural Earth's 1:10m admin-0 countries (public domain), clipped to longitude
    28–58° E and latitude 24–44° N and rounded to 0.01° (``borders.json``, made by
    ``tools/natural_earth_borders.py``; see the codebook).

    Returns
    -------
    dict
        ``{"border": [...], "coast": [...]}``: lists of polylines, each a list of
        ``(lon, lat)`` points (a new copy at every call).

    Examples
    --------
    >>> lines = load_borders()
    >>> sorted(lines)
    ['border', 'coast']
    >>> all(28 - 1 <= lon <= 58 + 1 for line in lines["coast"] for lon, lat in line)
    True
    """
    data = _borders()
    return {kind: [list(zip(flat[0::2], flat[1::2])) for flat in data[kind]]
            for kind in ("border", "coast")}


class Route(NamedTuple):
    """A path through the route network and its length in km (``path`` is empty and
    ``km`` is ``inf`` when no route exists)."""

    path: tuple[str, ...]
    km: float


def _coordinates(place: str | tuple[float, float]) -> tuple[float, float]:
    if isinstance(place, tuple) and len(place) == 2:
        return float(place[0]), float(place[1])
    places = load_places().set_index("place_id")
    check_choice(place, places.index, "place id")
    return float(places.at[place, "lat"]), float(places.at[place, "lon"])


def great_circle_km(a: str | tuple[float, float], b: str | tuple[float, float]) -> float:
    """Great-circle distance in km between two places (ids or ``(lat, lon)`` tuples).

    Examples
    --------
    >>> round(great_circle_km("damascus", "beirut"))
    83
    >>> round(great_circle_km((0.0, 0.0), (0.0, 1.0)), 1)
    111.2
    """
    lat1, lon1 = map(math.radians, _coordinates(a))
    lat2, lon2 = map(math.radians, _coordinates(b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def distances_from(center: str) -> pd.DataFrame:
    """Every other place with its great-circle distance from ``center``, nearest first.

    Examples
    --------
    >>> table = distances_from("quneitra")
    >>> table.loc[table["place_id"] == "damascus", "distance_km"].item()
    60.1
    >>> bool(table["distance_km"].is_monotonic_increasing)
    True
    """
    places = load_places()
    check_choice(center, places["place_id"], "place id")
    others = places[places["place_id"] != center].copy()
    others["distance_km"] = [round(great_circle_km(center, p), 1) for p in others["place_id"]]
    return others.sort_values(["distance_km", "place_id"]).reset_index(drop=True)


def places_within(center: str, km: float, country: str | None = None) -> pd.DataFrame:
    """The places within ``km`` of ``center`` (optionally only in one ``country``).

    Examples
    --------
    >>> near = places_within("quneitra", 85, country="Syria")
    >>> {"damascus", "daraa"} <= set(near["place_id"]), bool((near["distance_km"] <= 85).all())
    (True, True)
    """
    km = check_number(km, "distance in km", minimum=0)
    table = distances_from(center)
    if country is not None:
        check_choice(country, table["country"].unique(), "country")
        table = table[table["country"] == country]
    return table[table["distance_km"] <= km].reset_index(drop=True)


def route_graph() -> nx.Graph:
    """The ground-route network: places as nodes, links weighted by ``km``.

    Examples
    --------
    >>> G = route_graph()
    >>> G.has_node("damascus")
    True
    """
    G = nx.Graph()
    for row in load_routes().itertuples(index=False):
        G.add_edge(row.place_a, row.place_b, km=great_circle_km(row.place_a, row.place_b))
    return G


def shortest_route(origin: str, destination: str, avoid: str | list[str] | None = None) -> Route:
    """The shortest ground route from ``origin`` to ``destination``, optionally avoiding places.

    Parameters
    ----------
    origin, destination : str
        Place ids on the route network.
    avoid : str or list of str, optional
        Places to remove first: "what if this city were lost?".

    Returns
    -------
    Route
        ``Route(path, km)``; ``Route((), inf)`` if no route is left.

    Examples
    --------
    >>> route = shortest_route("tehran", "beirut")
    >>> route.path[0], route.path[-1]
    ('tehran', 'beirut')
    """
    G = route_graph()
    check_choice(origin, G.nodes, "place id on the route network")
    check_choice(destination, G.nodes, "place id on the route network")
    avoid = [avoid] if isinstance(avoid, str) else list(avoid or [])
    for place in avoid:
        check_choice(place, G.nodes, "place id on the route network")
    if origin in avoid or destination in avoid:
        raise ValueError("cannot avoid the origin or the destination of the route")
    H = G.subgraph(n for n in G.nodes if n not in avoid)
    try:
        path = nx.shortest_path(H, origin, destination, weight="km")
    except nx.NetworkXNoPath:
        return Route((), math.inf)
    km = sum(H.edges[u, v]["km"] for u, v in zip(path, path[1:]))
    return Route(tuple(path), round(km, 1))
