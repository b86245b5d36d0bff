"""Gap analysis: for every segment, what the region has and what kind of gap it is.

Pure functions over the segment graph (see chains.graph) and a presence map
``{segment_key: (local_firms, leaders)}``. A tiny battery chain to check by hand:

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> for s, pos in [("salt", "上游"), ("sep", "上游"), ("cell", "中游"), ("pack", "下游"), ("reuse", "下游")]:
...     G.add_node(f"b.{s}", kind="segment", chain="b", segment=s, position=pos, name_zh=s)
>>> G.add_node("a.car", kind="segment", chain="a", segment="car", position="下游", name_zh="car")
>>> G.add_node("a.body", kind="segment", chain="a", segment="body", position="中游", name_zh="body")
>>> G.add_edges_from([("b.salt", "b.cell"), ("b.sep", "b.cell"), ("b.cell", "b.pack"), ("b.pack", "b.reuse"),
...                   ("a.body", "a.car")],
...                  cross=False, loop=False)
>>> G.add_edge("b.pack", "a.car", cross=True, loop=False)
>>> presence = {"b.cell": (1, 1), "b.salt": (1, 0), "a.car": (3, 1)}
>>> gaps = classify_gaps(G, presence)
>>> gaps["b.sep"], gaps["b.salt"], gaps["a.car"], gaps["a.body"]
('补链', '强链', '', '补链')
>>> gaps["b.pack"], gaps["b.reuse"]
('串链', '延链')
>>> fit(G, presence)["b.sep"], fit(G, presence)["b.reuse"]   # sep's one customer, cell: a firm and a leader
(0.6667, 0.0)
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from chains.graph import supply_dag

GAP_TYPES = ("补链", "强链", "延链", "串链")
# A segment is well covered from this many "coverage points": a local firm
# counts one point, a chain leader two (it anchors the segment).
WELL_COVERED = 3
POSITION_WEIGHT = {"中游": 1.0, "上游": 0.8, "下游": 0.6}
IMPORTANCE_WEIGHTS = {"leader_dependency": 0.5, "centrality": 0.3, "position": 0.2}


def segments(G: nx.DiGraph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("kind") == "segment"]


def presence_from_state(state: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """``{"chain.segment": (local firms, leaders)}`` from a region state frame."""
    if len(state) == 0:
        return {}
    key = state["chain"] + "." + state["segment"]
    firms = state.groupby(key)["enterprise_id"].nunique()
    lead = state["is_leader"].astype(bool)
    leaders = state[lead].groupby(key[lead])["enterprise_id"].nunique()
    return {k: (int(n), int(leaders.get(k, 0))) for k, n in firms.items()}


def _occupied(presence, key) -> bool:
    return presence.get(key, (0, 0))[0] > 0


def classify_gaps(G: nx.DiGraph, presence: dict) -> dict[str, str]:
    """Gap type of every segment ('' where well covered).

    - 强链: the region has the segment, but thinly (under WELL_COVERED points).
    - 串链: empty, and its occupied neighbours span two chains, or one occupied
      neighbour in another chain while the region runs the segment's own chain.
    - 补链: empty, between occupied segments of its chain (an occupied ancestor
      and an occupied descendant), or a direct supplier of a leader's segment.
    - 延链: any other empty segment — beyond the current ends of the chain.
    """
    out = {}
    dags = {}
    chains_present = {G.nodes[k]["chain"] for k in presence if k in G and _occupied(presence, k)}
    for key in segments(G):
        chain = G.nodes[key]["chain"]
        firms, leaders = presence.get(key, (0, 0))
        if firms:
            out[key] = "" if firms + leaders >= WELL_COVERED else "强链"
            continue
        neighbours = set(G.predecessors(key)) | set(G.successors(key))
        occupied_chains = {G.nodes[n]["chain"] for n in neighbours if _occupied(presence, n)}
        if len(occupied_chains) >= 2 or (occupied_chains - {chain} and chain in chains_present):
            out[key] = "串链"
            continue
        dag = dags.setdefault(chain, supply_dag(G, chain))
        up = any(_occupied(presence, n) for n in nx.ancestors(dag, key))
        down = any(_occupied(presence, n) for n in nx.descendants(dag, key))
        feeds_leader = any(presence.get(n, (0, 0))[1] > 0 for n in dag.successors(key))
        out[key] = "补链" if (up and down) or feeds_leader else "延链"
    return out


def leader_dependency(G: nx.DiGraph, presence: dict) -> dict[str, float]:
    """How much the region's leaders depend on a segment, in 0..1.

    Each leader segment within one supply hop (either direction, across chains,
    or the segment itself) adds 1, within two hops adds 0.5; the sum is capped at 2
    and halved.
    """
    U = G.subgraph(segments(G)).to_undirected(as_view=True)
    score = dict.fromkeys(segments(G), 0.0)
    for leader_key, (_, leaders) in presence.items():
        if not leaders or leader_key not in U:
            continue
        for key, dist in nx.single_source_shortest_path_length(U, leader_key, cutoff=2).items():
            score[key] += 1.0 if dist <= 1 else 0.5
    return {k: min(v, 2.0) / 2.0 for k, v in score.items()}


def centrality(G: nx.DiGraph) -> dict[str, float]:
    """Betweenness of each segment in the undirected segment graph, divided by the largest."""
    between = nx.betweenness_centrality(G.subgraph(segments(G)).to_undirected())
    top = max(between.values()) or 1.0
    return {k: v / top for k, v in between.items()}


def importance(G: nx.DiGraph, presence: dict, region_chains=None, central: dict | None = None) -> dict[str, float]:
    """Importance in 0..1 = relevance × (0.5·leader dependency + 0.3·centrality + 0.2·position).

    Centrality is the segment's betweenness in the undirected segment graph,
    divided by the largest; position weighs 中游 1.0, 上游 0.8, 下游 0.6 (core
    components lock in leaders); pass ``central`` (from centrality) to reuse it. Relevance is 1 for chains the region runs (its
    own list, or any local firm in the chain) and 0.5 for the others.
    """
    keys = segments(G)
    central = central if central is not None else centrality(G)
    dep = leader_dependency(G, presence)
    running = set(region_chains or ()) | {G.nodes[k]["chain"] for k in presence if k in G and _occupied(presence, k)}
    w = IMPORTANCE_WEIGHTS
    out = {}
    for key in keys:
        node = G.nodes[key]
        raw = (w["leader_dependency"] * dep[key] + w["centrality"] * central[key]
               + w["position"] * POSITION_WEIGHT[node["position"]])
        out[key] = round(raw * (1.0 if node["chain"] in running else 0.5), 4)
    return out


def fit(G: nx.DiGraph, presence: dict) -> dict[str, float]:
    """How much of what a segment buys from and sells to the region already has (Metroverse's relatedness
    density, made two-sided and graded), in 0..1.

    Each neighbour counts by its depth: coverage points (a local firm 1, a leader 2) over WELL_COVERED, capped
    at 1, so one small firm is not a whole supply base. The suppliers' mean depth and the customers' mean depth
    are averaged (a side with no neighbours is left out); 0 for a segment with no neighbours.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("c", "b"), ("b", "d")])
    >>> for n in G: G.nodes[n]["kind"] = "segment"
    >>> fit(G, {"a": (3, 0), "d": (1, 0)})["b"]   # suppliers (1 + 0) / 2, customers 1/3
    0.4167
    """
    out = {}
    for key in segments(G):
        sides = []
        for side in (set(G.predecessors(key)), set(G.successors(key))):
            side.discard(key)
            if side:
                sides.append(sum(_depth(presence, n) for n in side) / len(side))
        out[key] = round(sum(sides) / len(sides), 4) if sides else 0.0
    return out


def _depth(presence: dict, key: str) -> float:
    firms, leaders = presence.get(key, (0, 0))
    return min(1.0, (firms + leaders) / WELL_COVERED)


def gap_table(G: nx.DiGraph, state: pd.DataFrame, region_chains=None, central=None) -> pd.DataFrame:
    """One row per segment: the contract's ``gaps`` columns plus leader names."""
    presence = presence_from_state(state)
    gaps, fits = classify_gaps(G, presence), fit(G, presence)
    imp = importance(G, presence, region_chains, central)
    leader_names = {}
    if len(state):
        for key, g in state[state["is_leader"].astype(bool)].groupby(state["chain"] + "." + state["segment"]):
            leader_names[key] = "、".join(g["name"].unique())
    rows = []
    for key in segments(G):
        node = G.nodes[key]
        firms, leaders = presence.get(key, (0, 0))
        rows.append({
            "chain": node["chain"], "segment": node["segment"], "segment_name": node["name_zh"],
            "position": node["position"], "local_firms": firms, "leaders": leaders, "gap_type": gaps[key],
            "importance": imp[key], "fit": fits[key], "leader_names": leader_names.get(key, ""),
        })
    return pd.DataFrame(rows)
