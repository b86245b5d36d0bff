"""The chain graph: segments as nodes, supplier→customer edges inside and across chains.

Node keys are ``"chain.segment"``. Edge attribute ``cross`` marks links between
chains, ``loop`` marks the recycling edges that close a chain.

>>> G = segment_graph(load_chains())
>>> G.nodes["power_battery.separator"]["name_zh"]
'隔膜'
>>> G.edges["power_battery.modules_packs", "auto_parts.vehicle_assembly"]["cross"]
True
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from chains.templates import Chain, load_chains  # noqa: F401  (load_chains used in doctest)


def segment_graph(chains: dict[str, Chain]) -> nx.DiGraph:
    """All segments of all chains with their supply edges and cross-chain links."""
    G = nx.DiGraph()
    for chain in chains.values():
        for seg in chain.segments.values():
            G.add_node(seg.key, kind="segment", chain=chain.id, segment=seg.id, name_zh=seg.name_zh,
                       name_en=seg.name_en, position=seg.position)
    for chain in chains.values():
        for a, b, loop in chain.edges:
            G.add_edge(f"{chain.id}.{a}", f"{chain.id}.{b}", kind="supplies", cross=False, loop=loop)
        for own, target in chain.links:
            G.add_edge(f"{chain.id}.{own}", target, kind="supplies", cross=True, loop=False)
    return G


def region_graph(G: nx.DiGraph, local: pd.DataFrame, parks=()) -> nx.DiGraph:
    """Copy of the segment graph with the region's firms and parks added.

    ``local`` has columns enterprise_id, name, chain, segment, is_leader, park.
    Firms link to their segments (``belongs_to``) and parks (``located_in``).
    """
    H = G.copy()
    for park in parks:
        H.add_node(f"park:{park['name']}", kind="park", name_zh=park["name"])
    for row in local.itertuples(index=False):
        firm = f"firm:{row.enterprise_id}"
        H.add_node(firm, kind="firm", name_zh=row.name, is_leader=bool(row.is_leader))
        key = f"{row.chain}.{row.segment}"
        if key in H:
            H.add_edge(firm, key, kind="belongs_to")
        if isinstance(row.park, str) and row.park:
            H.add_node(f"park:{row.park}", kind="park", name_zh=row.park)
            H.add_edge(firm, f"park:{row.park}", kind="located_in")
    return H


def supply_dag(G: nx.DiGraph, chain: str) -> nx.DiGraph:
    """One chain's segments with its supply edges, recycling loops left out."""
    nodes = [n for n, d in G.nodes(data=True) if d.get("kind") == "segment" and d["chain"] == chain]
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    dag.add_edges_from((a, b) for a, b, d in G.subgraph(nodes).edges(data=True) if not d.get("loop"))
    return dag
