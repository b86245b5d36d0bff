"""Gap analysis on a hand-checkable two-chain fixture, and the region state as of a date."""
import networkx as nx
import pandas as pd
import pytest

from chains.gaps import classify_gaps, fit, gap_table, importance, leader_dependency
from chains.state import region_state


@pytest.fixture
def G():
    """battery: salt → cathode → cell → pack → reuse, separator → cell; car: body → car; pack → car."""
    G = nx.DiGraph()
    nodes = [("bat.salt", "上游"), ("bat.cathode", "上游"), ("bat.separator", "上游"), ("bat.cell", "中游"),
             ("bat.pack", "中游"), ("bat.reuse", "下游"), ("car.body", "中游"), ("car.car", "下游")]
    for key, pos in nodes:
        chain, seg = key.split(".")
        G.add_node(key, kind="segment", chain=chain, segment=seg, position=pos, name_zh=seg)
    for a, b in [("bat.salt", "bat.cathode"), ("bat.cathode", "bat.cell"), ("bat.separator", "bat.cell"),
                 ("bat.cell", "bat.pack"), ("bat.pack", "bat.reuse"), ("car.body", "car.car")]:
        G.add_edge(a, b, cross=False, loop=False)
    G.add_edge("bat.reuse", "bat.salt", cross=False, loop=True)
    G.add_edge("bat.pack", "car.car", cross=True, loop=False)
    return G


def test_missing_segment_next_to_a_leader_is_repair(G):
    gaps = classify_gaps(G, {"bat.cell": (1, 1), "bat.salt": (1, 0)})
    assert gaps["bat.separator"] == "补链"   # supplies the leader's segment
    assert gaps["bat.cathode"] == "补链"     # between salt and cell, both present


def test_segment_beyond_the_chains_current_end_is_extend(G):
    gaps = classify_gaps(G, {"bat.cell": (3, 1), "bat.salt": (3, 0)})
    assert gaps["bat.pack"] == "延链"
    assert gaps["bat.reuse"] == "延链"      # the recycling loop does not make it "between"


def test_segment_joining_two_chains_is_link(G):
    gaps = classify_gaps(G, {"bat.cell": (3, 1), "car.car": (3, 1)})
    assert gaps["bat.pack"] == "串链"


def test_thin_segment_is_strengthen_and_a_covered_one_is_empty(G):
    gaps = classify_gaps(G, {"bat.cell": (1, 0), "bat.salt": (2, 1), "car.car": (3, 0)})
    assert gaps["bat.cell"] == "强链"
    assert gaps["bat.salt"] == ""   # a leader plus one more firm is well covered
    assert gaps["car.car"] == ""


def test_fit_weighs_suppliers_and_customers_by_how_deeply_the_region_has_them(G):
    f = fit(G, {"bat.cathode": (1, 0), "bat.pack": (1, 0)})
    # cell's suppliers: cathode (1 firm → 1/3), separator (0) → 1/6; customers: pack (1/3) → mean 0.25
    assert f["bat.cell"] == pytest.approx(0.25, abs=1e-4)
    assert f["car.body"] == 0.0
    deep = fit(G, {"bat.cathode": (2, 1), "bat.separator": (3, 0), "bat.pack": (3, 0)})
    assert deep["bat.cell"] == 1.0 and deep["bat.cell"] > f["bat.cell"]


def test_importance_is_in_unit_range_and_favours_leader_neighbours(G):
    presence = {"bat.cell": (1, 1)}
    imp = importance(G, presence, region_chains=["bat"])
    assert all(0 <= v <= 1 for v in imp.values())
    assert imp["bat.separator"] > imp["bat.reuse"]
    assert leader_dependency(G, presence)["bat.separator"] == 0.5
    # a chain the region does not run weighs half
    assert importance(G, presence, region_chains=["bat"])["car.body"] < imp["bat.salt"]


def test_state_as_of_a_past_date_drops_later_landings():
    firms = pd.DataFrame({"enterprise_id": ["L"], "name": ["链主"], "region": ["r"], "chain": ["bat"],
                          "segment": ["cell"], "is_leader": [True], "park": [None], "since": [None]})
    landings = pd.DataFrame({"enterprise_id": ["E1", "E2"], "name": ["甲", "乙"], "region": ["r", "r"],
                             "chain": ["bat", "bat"], "segment": ["separator", "cathode"],
                             "date": pd.to_datetime(["2023-03-01", "2025-03-01"]), "park": [None, None]})
    early = region_state(firms, landings, "r", "2024-01-01")
    late = region_state(firms, landings, "r", "2026-01-01")
    assert set(early["segment"]) == {"cell", "separator"}
    assert set(late["segment"]) == {"cell", "separator", "cathode"}


def test_gap_table_has_the_contract_columns(G):
    state = pd.DataFrame({"enterprise_id": ["L"], "name": ["链主"], "chain": ["bat"], "segment": ["cell"],
                          "is_leader": [True], "park": [None], "since": [None]})
    table = gap_table(G, state, ["bat"])
    assert list(table.columns[:9]) == ["chain", "segment", "segment_name", "position", "local_firms", "leaders",
                                       "gap_type", "importance", "fit"]
    row = table.set_index("segment").loc["cell"]
    assert (row.local_firms, row.leaders, row.gap_type, row.leader_names) == (1, 1, "强链", "链主")


def test_region_graph_adds_firms_and_parks_with_their_edges(G):
    from chains.graph import region_graph
    local = pd.DataFrame({"enterprise_id": ["L", "F"], "name": ["链主", "配套"], "chain": ["bat", "bat"],
                          "segment": ["cell", "separator"], "is_leader": [True, False], "park": ["宝坻经济开发区", None]})
    H = region_graph(G, local, parks=[{"name": "京津中关村科技城"}])
    assert H.nodes["firm:L"]["is_leader"] and not H.nodes["firm:F"]["is_leader"]
    assert H.edges["firm:L", "bat.cell"]["kind"] == "belongs_to"
    assert H.edges["firm:L", "park:宝坻经济开发区"]["kind"] == "located_in"
    assert "park:京津中关村科技城" in H and "firm:L" not in G     # the segment graph itself is untouched
