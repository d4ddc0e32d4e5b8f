"""Maps for the lessons: places and routes over Natural Earth's borders and coastlines.

Borders and coastlines come from :func:`coursekit.geo.load_borders`. Labels are placed by
:func:`coursekit.plots.place_labels`, so none overlaps another or the legend, which sits
beside the map; places too close to label one by one (the Damascus cluster) are drawn in
an inset.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from ._validate import check_choice
from .plots import place_labels, plain_figure

__all__ = [
    "DAMASCUS_CLUSTER",
    "PLACE_MARKERS",
    "draw_borders",
    "plot_distance_map",
    "plot_route_map",
]


#: Markers of the kinds of place (shape and colour, so that neither alone carries meaning).
PLACE_MARKERS = {"capital": ("s", "#000000"), "city": ("o", "#56B4E9"),
                 "base": ("^", "#E69F00")}

#: The places around Damascus drawn in the inset of a map (too close for one label each).
DAMASCUS_CLUSTER = ("damascus", "mezzeh", "sayyida_zaynab", "kiswah")


def draw_borders(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    """Coastlines (solid) and country borders (dash-dot) from Natural Earth, within extent.

    Parameters
    ----------
    ax : matplotlib Axes
    extent : (lon_min, lon_max, lat_min, lat_max)
        Also set as the Axes' limits, with an aspect that keeps distances true at the
        middle latitude.

    Examples
    --------
    >>> from coursekit.plots import new_figure
    >>> fig, ax = new_figure()
    >>> draw_borders(ax, (34, 40, 31, 37))
    >>> sorted({c.get_gid() for c in ax.collections})
    ['border', 'coast']
    """
    from .geo import load_borders

    lines = load_borders()
    styles = {"coast": ("#555555", "solid", 0.9), "border": ("#777777", (0, (6, 2, 1, 2)), 0.9)}
    for kind, (colour, style, width) in styles.items():
        collection = LineCollection(lines[kind], colors=colour, linestyles=style,
                                    linewidths=width, zorder=0)
        collection.set_gid(kind)
        ax.add_collection(collection, autolim=False)
    lon0, lon1, lat0, lat1 = extent
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.set_facecolor("#F4F8FB")


def _short(name: str) -> str:
    return name.split(" (")[0]


def _map_figure(width: float, height: float, inset: bool) -> tuple[Figure, Axes, Axes, Axes]:
    """A map Axes on the left; on the right a legend Axes and (optionally) an inset."""
    fig = plain_figure(width, height)
    layout = [["map", "legend"], ["map", "inset" if inset else "legend"]]
    axes = fig.subplot_mosaic(layout, width_ratios=[3, 1], height_ratios=[1, 1.3])
    axes["legend"].set_axis_off()
    return fig, axes["map"], axes["legend"], axes.get("inset")


def _draw_places(ax: Axes, places: pd.DataFrame, size: float = 60) -> list:
    handles = []
    for kind, (marker, colour) in PLACE_MARKERS.items():
        group = places[places["kind"] == kind]
        handles.append(ax.scatter(group["lon"], group["lat"], marker=marker, color=colour,
                                  edgecolor="#000000", s=size, zorder=5, label=kind))
    return handles


def _draw_inset(inset: Axes, places: pd.DataFrame, cluster: pd.DataFrame) -> None:
    lon0, lon1 = cluster["lon"].min() - 0.12, cluster["lon"].max() + 0.12
    lat0, lat1 = cluster["lat"].min() - 0.08, cluster["lat"].max() + 0.08
    draw_borders(inset, (lon0, lon1, lat0, lat1))
    _draw_places(inset, cluster, size=50)
    inset.set_title("Inset: around Damascus", fontsize=9)
    inset.set_xlabel("longitude (° E)", fontsize=8)
    inset.set_ylabel("latitude (° N)", fontsize=8)
    inset.tick_params(labelsize=7)
    from matplotlib.ticker import MaxNLocator

    inset.xaxis.set_major_locator(MaxNLocator(3))
    inset.yaxis.set_major_locator(MaxNLocator(4))
    place_labels(inset, cluster[["lon", "lat"]].to_numpy(),
                 [_short(n) for n in cluster["name"]], fontsize=7.5)


def _cluster_box(ax: Axes, cluster: pd.DataFrame):
    from matplotlib.patches import Rectangle

    lon0, lat0 = cluster["lon"].min() - 0.1, cluster["lat"].min() - 0.08
    box = Rectangle((lon0, lat0), cluster["lon"].max() + 0.1 - lon0,
                    cluster["lat"].max() + 0.08 - lat0, fill=False, edgecolor="#000000",
                    linewidth=1.2, zorder=6)
    ax.add_patch(box)
    return box


def plot_distance_map(
    places: pd.DataFrame,
    center: str = "quneitra",
    radii: tuple[float, ...] = (85, 100),
    title: str = "The 85 km pullback and the rejected 100 km offer, measured from Quneitra",
    cluster: tuple[str, ...] = DAMASCUS_CLUSTER,
) -> Figure:
    """A map of places around ``center`` with circles of given radii on the ground.

    Borders and coastlines come from Natural Earth (:func:`coursekit.geo.load_borders`).
    The places of ``cluster`` (too close to label one by one) sit in a box on the main
    map and are labelled in an inset; the legend is beside the map, not on it.

    Parameters
    ----------
    places : pandas.DataFrame
        Columns ``place_id`` (or the index), ``name``, ``kind``, ``lat``, ``lon`` — e.g.
        :func:`coursekit.distances_from` filtered by distance.
    center : str
        The place the circles are measured from (it must be in
        :func:`coursekit.load_places`).
    radii : tuple of float
        Circle radii in km (up to three: solid, dashed, dotted).
    title : str
    cluster : tuple of str
        Place ids drawn in the inset.

    Returns
    -------
    matplotlib Figure
        Axes: the map (``fig.axes[0]``), the legend panel and the inset.

    Examples
    --------
    >>> from coursekit import distances_from
    >>> near = distances_from("quneitra")
    >>> fig = plot_distance_map(near[near["distance_km"] <= 300])
    >>> fig.axes[0].get_xlabel()
    'longitude (° E)'
    """
    from .loaders import load_places

    table = places.reset_index() if "place_id" not in places else places.copy()
    everywhere = load_places().set_index("place_id")
    check_choice(center, list(everywhere.index), "place id")
    lat_c, lon_c = everywhere.loc[center, ["lat", "lon"]]
    in_cluster = table["place_id"].isin(cluster)
    fig, ax, legend_ax, inset = _map_figure(11, 6.5, bool(in_cluster.sum() > 1))
    span = max(radii) / 111.2 * 2.2 if radii else 2.0
    lon_pad = max(table["lon"].max() - lon_c, lon_c - table["lon"].min(), span) + 0.35
    lat_pad = max(table["lat"].max() - lat_c, lat_c - table["lat"].min(), span) + 0.3
    draw_borders(ax, (lon_c - lon_pad, lon_c + lon_pad, lat_c - lat_pad, lat_c + lat_pad))
    handles = []
    angle = np.linspace(0, 2 * np.pi, 181)
    for km, colour, style in zip(radii, ("#D55E00", "#0072B2", "#009E73"),
                                 ("solid", "dashed", "dotted")):
        (line,) = ax.plot(lon_c + km / (111.2 * math.cos(math.radians(lat_c))) * np.sin(angle),
                          lat_c + km / 111.2 * np.cos(angle), color=colour, linestyle=style,
                          linewidth=1.8, label=f"{km:g} km from {center.title()}", zorder=4)
        handles.append(line)
    handles += _draw_places(ax, table)
    handles.append(ax.scatter([lon_c], [lat_c], marker="*", s=220, color="#000000", zorder=6,
                              label=f"{center.title()} (centre)"))
    ax.set(title=title, xlabel="longitude (° E)", ylabel="latitude (° N)")
    legend_ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False,
                     title="Legend")
    avoid = []
    if inset is not None:
        _draw_inset(inset, table, table[in_cluster])
        avoid.append(_cluster_box(ax, table[in_cluster]))
    plain = table[~in_cluster] if inset is not None else table
    plain = plain[plain["place_id"] != center]
    place_labels(ax, plain[["lon", "lat"]].to_numpy(), [_short(n) for n in plain["name"]],
                 avoid=avoid, background=True)
    if inset is not None:
        place_labels(ax, [(table[in_cluster]["lon"].min() - 0.1,
                           table[in_cluster]["lat"].min() - 0.08)], ["Damascus area (inset)"],
                     avoid=avoid + [t for t in ax.texts])
    return fig


def plot_route_map(
    G: nx.Graph,
    routes: Mapping[str, Any],
    title: str = "Iran's land bridge to Lebanon: the route network and its weak points",
) -> Figure:
    """The route network on a map, with up to three routes drawn over it.

    Parameters
    ----------
    G : networkx.Graph
        :func:`coursekit.route_graph` (its nodes are place ids).
    routes : mapping
        ``{legend label: Route}`` (objects with a ``path`` of place ids), drawn solid
        blue, dotted green and dashed vermillion in that order.
    title : str

    Returns
    -------
    matplotlib Figure
        The map is ``fig.axes[0]``; the legend beside it.

    Examples
    --------
    >>> from coursekit import route_graph, shortest_route
    >>> fig = plot_route_map(route_graph(), {"shortest": shortest_route("tehran", "beirut")})
    >>> fig.axes[0].get_title()
    "Iran's land bridge to Lebanon: the route network and its weak points"
    """
    from .loaders import load_places

    by_id = load_places().set_index("place_id")
    on_map = by_id.loc[sorted(G.nodes)].reset_index()
    fig, ax, legend_ax, _ = _map_figure(12, 5.2, False)
    draw_borders(ax, (on_map["lon"].min() - 1.2, on_map["lon"].max() + 1.2,
                      on_map["lat"].min() - 1.0, on_map["lat"].max() + 1.0))
    segments = [[by_id.loc[u, ["lon", "lat"]].tolist(), by_id.loc[v, ["lon", "lat"]].tolist()]
                for u, v in G.edges]
    net = LineCollection(segments, colors="#AAAAAA", linewidths=1, zorder=1,
                         label="route network")
    ax.add_collection(net, autolim=False)
    handles = [net]
    styles = [("#0072B2", "solid", 4, 3), ("#009E73", ":", 2.5, 4), ("#D55E00", "--", 2.5, 2)]
    for (label, route), (colour, style, width, z) in zip(routes.items(), styles):
        path = by_id.loc[list(route.path)]
        (line,) = ax.plot(path["lon"], path["lat"], color=colour, linestyle=style,
                          linewidth=width, zorder=z, label=label)
        handles.append(line)
    handles += _draw_places(ax, on_map)
    legend_ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False,
                     title="Legend")
    ax.set(title=title, xlabel="longitude (° E)", ylabel="latitude (° N)")
    place_labels(ax, on_map[["lon", "lat"]].to_numpy(), [_short(n) for n in on_map["name"]],
                 background=True)
    return fig
