"""Unit tests for the analysis functions the lessons teach with."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

import coursekit
from coursekit.dependence import exchange_matrix, net_flow
from coursekit.network import triads
from coursekit.politics import agreement
from coursekit.widgets.treaties import provision_view


# ---------------------------------------------------------------- signed networks
@pytest.fixture
def toy():
    """a–b friends, b–c friends, a–c enemies (unbalanced); c–d enemies, a–d friends."""
    G = nx.Graph(year=0)
    for u, v, s in [("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", -1), ("a", "d", 1)]:
        G.add_edge(u, v, sign=s)
    return G


def test_triads_classify_by_sign_product(toy):
    table = triads(toy).set_index(["a", "b", "c"])
    assert table.loc[("a", "b", "c"), "signs"] == "++-"
    assert not table.loc[("a", "b", "c"), "balanced"]
    assert table.loc[("a", "c", "d"), "signs"] == "+--"
    assert table.loc[("a", "c", "d"), "balanced"]
    assert len(table) == 2


@pytest.mark.parametrize(
    ("signs", "balanced"),
    [((1, 1, 1), True), ((1, -1, -1), True), ((1, 1, -1), False), ((-1, -1, -1), False)],
)
def test_heider_balance_rule(signs, balanced):
    G = nx.Graph()
    for (u, v), s in zip([("x", "y"), ("y", "z"), ("x", "z")], signs):
        G.add_edge(u, v, sign=s)
    assert bool(triads(G)["balanced"].iloc[0]) is balanced


def test_unbalanced_triads_containing(toy):
    assert len(coursekit.unbalanced_triads(toy)) == 1
    assert len(coursekit.unbalanced_triads(toy, containing="d")) == 0
    with pytest.raises(ValueError, match="did you mean 'a'"):
        coursekit.unbalanced_triads(toy, containing="A")


def test_brokerage_counts_bridged_pairs(toy):
    table = coursekit.brokerage(toy)
    # b is friends with a and c, who are enemies: b bridges one hostile pair
    assert table.loc["b", "hostile_pairs_bridged"] == 1
    # a is friends with b and d: b–d are not tied
    assert table.loc["a", "unlinked_pairs_bridged"] == 1
    assert table.index[0] == "b"


def test_alliance_network_by_year():
    G = coursekit.alliance_network(2018)
    assert G.graph["year"] == 2018
    assert all(d["sign"] in (1, -1) for _, _, d in G.edges(data=True))
    assert G.edges["iran", "russia"]["sign"] == 1
    assert G.edges["israel", "russia"]["sign"] == 1
    assert G.edges["iran", "israel"]["sign"] == -1
    for year in range(2011, 2026):
        assert coursekit.alliance_network(year).number_of_edges() > 0


def test_russia_sits_in_unbalanced_triads_in_2018():
    strained = coursekit.unbalanced_triads(coursekit.alliance_network(2018), containing="russia")
    members = set(strained[["a", "b", "c"]].to_numpy().ravel())
    assert {"iran", "israel", "russia"} <= members


@pytest.mark.parametrize(
    ("year", "error", "match"),
    [
        (2030, ValueError, "from 2011 to 2025"),
        (1990, ValueError, "outside the data"),
        ("2018", TypeError, "whole number"),
        (2018.5, TypeError, "whole number"),
        (True, TypeError, "whole number"),
    ],
)
def test_alliance_network_rejects_bad_years(year, error, match):
    with pytest.raises(error, match=match):
        coursekit.alliance_network(year)


def test_cooperative_subgraph_keeps_nodes():
    G = coursekit.alliance_network(2018)
    C = coursekit.cooperative_subgraph(G)
    assert set(C.nodes) == set(G.nodes)
    assert all(d["sign"] == 1 for _, _, d in C.edges(data=True))


# ---------------------------------------------------------------- geography
def test_great_circle_known_distances():
    # one degree of longitude on the equator: 2*pi*6371/360 km
    assert coursekit.great_circle_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.19, abs=0.01)
    assert coursekit.great_circle_km("tehran", "tehran") == 0
    d = coursekit.great_circle_km("damascus", "beirut")
    assert d == pytest.approx(coursekit.great_circle_km("beirut", "damascus"))
    assert 70 < d < 100


def test_places_within_is_sorted_and_bounded():
    near = coursekit.places_within("quneitra", 100)
    assert (near["distance_km"] <= 100).all()
    assert near["distance_km"].is_monotonic_increasing
    assert "quneitra" not in set(near["place_id"])
    assert "damascus" in set(near["place_id"])


def test_shortest_route_tehran_beirut_and_removals():
    route = coursekit.shortest_route("tehran", "beirut")
    assert route.path[0] == "tehran" and route.path[-1] == "beirut"
    assert "damascus" in route.path
    assert route.km >= coursekit.great_circle_km("tehran", "beirut")
    without = coursekit.shortest_route("tehran", "beirut", avoid="damascus")
    assert without.path != route.path
    if without.path:
        assert without.km > route.km
    else:
        assert math.isinf(without.km)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (("tehran", "beirutt"), ValueError, "did you mean 'beirut'"),
        (("tehran", 3), TypeError, "must be a string"),
        (("tehran", "beirut", "tehran"), ValueError, "cannot avoid"),
    ],
)
def test_shortest_route_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        coursekit.shortest_route(*args)


def test_places_within_bad_input():
    with pytest.raises(ValueError, match="valid countrys|did you mean"):
        coursekit.places_within("quneitra", 85, country="Syira")
    with pytest.raises(TypeError, match="must be a number"):
        coursekit.places_within("quneitra", "85")


# ---------------------------------------------------------------- positions and goals
def test_agreement_iran_russia():
    table = coursekit.agreement("iran", "russia")
    assert list(table.columns) == ["label", "position_a", "position_b", "gap", "agree"]
    assert table["gap"].is_monotonic_decreasing
    assert table.loc["assad_stays", "agree"]
    assert table.iloc[0]["gap"] >= 2
    assert not table.iloc[0]["agree"]


def test_agreement_is_symmetric():
    ab = coursekit.agreement("iran", "russia")
    ba = coursekit.agreement("russia", "iran")
    pd.testing.assert_series_equal(ab["gap"].sort_index(), ba["gap"].sort_index())


def test_agreement_unknown_actor():
    with pytest.raises(ValueError, match="did you mean 'russia'"):
        coursekit.agreement("iran", "Russia")


def test_compare_interests_shared_first():
    table = coursekit.compare_interests("iran", "russia")
    assert table.iloc[0]["held_by"] == "both"
    assert set(table["held_by"]) == {"both", "iran", "russia"}
    assert table.loc["keep_assad_in_power", "held_by"] == "both"


def test_interest_portfolio_sorted():
    goals = coursekit.interest_portfolio("iran")
    assert goals["priority"].is_monotonic_decreasing
    assert set(goals["actor_id"]) == {"iran"}


# ---------------------------------------------------------------- time series
def test_cooperation_index_by_decade_matches_events():
    ev = coursekit.once_per_instrument(coursekit.events_between("iran", "russia"))
    index = coursekit.cooperation_index("iran", "russia", by="decade")
    assert index["events"].sum() == len(ev)
    first = index.index[0]
    expected = ev[ev["date"].dt.year // 10 * 10 == first]["goldstein"].mean()
    assert index.loc[first, "mean_goldstein"] == pytest.approx(expected, abs=0.005)


def test_cooperation_index_bad_period():
    with pytest.raises(ValueError, match="valid periods: century, decade, year"):
        coursekit.cooperation_index("iran", "russia", by="month")


@pytest.mark.parametrize(("once", "rows_2020s"), [(True, 16), (False, 19)])
def test_cooperation_index_counts_each_agreement_once_by_default(once, rows_2020s):
    """The 2025 treaty has four rows (FACTS F25); counted once, the 2020s have three fewer."""
    index = coursekit.cooperation_index("iran", "russia", by="decade", once=once)
    assert index.loc[2020, "events"] == rows_2020s


def test_once_per_instrument_keeps_the_signature_and_every_other_row():
    pair = coursekit.events_between("iran", "russia")
    once = coursekit.once_per_instrument(pair)
    dropped = set(pair["event_id"]) - set(once["event_id"])
    assert dropped == {"E135", "E136", "E141"}  # ratifications and entry into force
    assert list(once.index) == sorted(once.index)  # original order kept


def test_once_per_instrument_names_missing_columns():
    with pytest.raises(ValueError, match="instrument_id"):
        coursekit.once_per_instrument(pd.DataFrame({"date": [], "event_id": []}))


def test_cooperation_index_once_must_be_a_bool():
    with pytest.raises(TypeError, match="once must be True or False"):
        coursekit.cooperation_index("iran", "russia", once="yes")


# ---------------------------------------------------------------- the human cost
def test_human_cost_loader_returns_a_copy_with_text_dates():
    first = coursekit.load_human_cost()
    first.loc[0, "value"] = -1
    second = coursekit.load_human_cost()
    assert second.loc[0, "value"] != -1
    assert second["period_end"].map(type).eq(str).all()  # "2024", "2011-03", "2021-03-31"


@pytest.mark.parametrize(
    ("counted_by", "measure"),
    [("ohchr", "civilian_deaths"), ("sohr", "deaths_all"), ("snhr", "civilian_deaths"),
     ("phr", "medical_facility_attacks"), ("unhcr", "refugees"), ("ocha", "besieged")],
)
def test_human_cost_covers_each_counter(counted_by, measure):
    cost = coursekit.load_human_cost()
    assert ((cost["counted_by"] == counted_by) & (cost["measure"] == measure)).any()


@pytest.mark.parametrize(
    ("call", "plural"),
    [
        (lambda: net_flow(pd.DataFrame(), "iran", "gifts"), "classes"),
        (lambda: provision_view("ru_ir_2025", "war"), "categories"),
        (lambda: agreement("iran", "mars"), "actor ids with positions"),
    ],
)
def test_choice_errors_name_the_valid_values_in_a_real_plural(call, plural):
    # a bare + "s" wrote "valid classs:" and "valid categorys:"
    with pytest.raises(ValueError, match=f"; valid {plural}: "):
        call()


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: exchange_matrix([1, 2]), "exchange_matrix needs a table of events: pass "),
        (lambda: net_flow([1], "iran"), "net_flow needs an exchange matrix: pass "),
    ],
)
def test_exchange_functions_name_what_they_need(call, pattern):
    # a list gave "'list' object has no attribute 'columns'" and "'builtin_function_or_method'
    # object is not iterable"
    with pytest.raises(TypeError, match=pattern):
        call()
