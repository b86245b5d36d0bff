"""Features of (enterprise, chain segment) pairs, computed with the region as it stood on a date.

Nothing after the date is read: the region state, gap types and the office's
history with a firm are all rebuilt as of that date. Work is vectorised by
merging frames; the only loop is over the ~60 segments of the chain graph.

Feature groups (see FEATURES): the segment's gap (type, importance, fit,
crowding), its graph relations to the region's leaders, how sure the tagger is,
the firm's size, age, qualifications, relocation intent and where in Beijing it
sits, and its history with the office.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from chains.gaps import classify_gaps, fit, importance, presence_from_state
from recommender.columns import STAGE_GRADE

FEATURES = [
    "gap_repair", "gap_strengthen", "gap_extend", "gap_link", "importance", "fit", "local_crowding",
    "supplies_leader", "buys_from_leader", "links_chains", "tag_confidence",
    "log_employees", "employees_missing", "log_capital", "log_revenue", "revenue_missing", "mid_size", "age_years",
    "zjtx", "high_tech", "listed", "relocation_yes", "relocation_no",
    "beijing_core", "beijing_near", "prior_contacts", "prior_dropped", "prior_best_grade",
]
GAP_FEATURE = {"补链": "gap_repair", "强链": "gap_strengthen", "延链": "gap_extend", "串链": "gap_link"}
# 疏解 pushes firms out of the capital's core districts; these border or face 宝坻 along the 京唐秦 axis.
BEIJING_CORE = {"东城区", "西城区", "海淀区", "朝阳区", "丰台区", "石景山区"}
BEIJING_NEAR = {"通州区", "顺义区", "平谷区", "大兴区", "北京经济技术开发区"}


def segment_context(snap, region: str, as_of) -> pd.DataFrame:
    """Per segment of every chain: gap, importance, fit and relations to the region's leaders."""
    G = snap.graph
    state = snap.state(region, as_of)
    presence = presence_from_state(state)
    gaps, imp, fits = classify_gaps(G, presence), importance(G, presence, snap.regions[region].chains, snap.centrality), fit(G, presence)
    leaders = {}
    if len(state):
        lead = state[state["is_leader"].astype(bool)]
        for key, g in lead.groupby(lead["chain"] + "." + lead["segment"]):
            leaders[key] = list(g["name"].unique())
    rows = []
    for key in gaps:
        succ, pred = set(G.successors(key)), set(G.predecessors(key))
        supplies = [n for k in succ if k in leaders for n in leaders[k]]
        buys = [n for k in pred if k in leaders for n in leaders[k]]
        occupied_chains = {G.nodes[n]["chain"] for n in succ | pred if presence.get(n, (0, 0))[0]}
        node = G.nodes[key]
        rows.append({"key": key, "chain": node["chain"], "segment": node["segment"], "segment_name": node["name_zh"],
                     "position": node["position"], "gap_type": gaps[key], "importance": imp[key], "fit": fits[key],
                     "local_firms": presence.get(key, (0, 0))[0], "leader_partners": "、".join(dict.fromkeys(supplies + buys)),
                     "supplies_leader": float(bool(supplies)), "buys_from_leader": float(bool(buys)),
                     "links_chains": float(len(occupied_chains | {node["chain"]}) >= 2 and bool(occupied_chains)),
                     "linked_chains": "、".join(sorted(occupied_chains - {node["chain"]}))})
    ctx = pd.DataFrame(rows)
    for gap, col in GAP_FEATURE.items():
        ctx[col] = (ctx["gap_type"] == gap).astype(float)
    ctx["local_crowding"] = np.log1p(ctx["local_firms"])
    ctx["match_type"] = ctx["gap_type"].replace("", "强链")
    return ctx


def enterprise_attributes(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Static per-enterprise features (age is added per date)."""
    e = enterprises
    emp = pd.to_numeric(e["employees"], errors="coerce")
    cap = pd.to_numeric(e["registered_capital_wan"], errors="coerce")
    rev = pd.to_numeric(e["revenue_wan"], errors="coerce")
    tags = e["tags"].fillna("").astype(str)
    intent = e["relocation_intent"].fillna("未知").astype(str)
    district = e["district"].fillna("").astype(str)
    return pd.DataFrame({
        "enterprise_id": e["enterprise_id"],
        "log_employees": np.log1p(emp.fillna(emp.median() if emp.notna().any() else 20)),
        "employees_missing": emp.isna().astype(float),
        "log_capital": np.log1p(cap.fillna(cap.median() if cap.notna().any() else 1000)),
        "log_revenue": np.log1p(rev.fillna(0)),
        "revenue_missing": rev.isna().astype(float),
        "mid_size": emp.between(20, 500).astype(float),
        "founded": pd.to_datetime(e["founded"], errors="coerce"),
        "zjtx": tags.str.contains("专精特新").astype(float),
        "high_tech": tags.str.contains("高新技术企业").astype(float),
        "listed": tags.str.contains("上市公司").astype(float),
        "relocation_yes": (intent == "是").astype(float),
        "relocation_no": (intent == "否").astype(float),
        "beijing_core": district.isin(BEIJING_CORE).astype(float),
        "beijing_near": district.isin(BEIJING_NEAR).astype(float),
        "district": district,
        "employees": emp,
    })


def history_as_of(events: pd.DataFrame, as_of) -> pd.DataFrame:
    """The office's history with each enterprise from events strictly before ``as_of``."""
    ev = events[pd.to_datetime(events["date"]) < pd.Timestamp(as_of)]
    if not len(ev):
        return pd.DataFrame(columns=["enterprise_id", "prior_contacts", "prior_dropped", "prior_best_grade"])
    grade = ev["stage"].map(STAGE_GRADE)
    return (ev.assign(grade=grade, dropped=(ev["stage"] == "终止").astype(float))
              .groupby("enterprise_id")
              .agg(prior_contacts=("deal_id", "nunique"), prior_dropped=("dropped", "max"), prior_best_grade=("grade", "max"))
              .reset_index())


def pair_features(pairs: pd.DataFrame, ctx: pd.DataFrame, attrs: pd.DataFrame, history: pd.DataFrame, as_of) -> pd.DataFrame:
    """Join pairs (enterprise_id, chain, segment, tag_confidence) with segment, firm and history features."""
    out = pairs.merge(ctx.drop(columns=["chain", "segment"]), left_on=pairs["chain"] + "." + pairs["segment"],
                      right_on="key", how="inner").drop(columns=["key_0"], errors="ignore")
    out = out.merge(attrs, on="enterprise_id", how="left").merge(history, on="enterprise_id", how="left")
    for col in ("prior_contacts", "prior_dropped", "prior_best_grade"):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0.0)
    age = (pd.Timestamp(as_of) - out["founded"]).dt.days / 365.25
    out["age_years"] = age.clip(lower=0).fillna(age.median() if age.notna().any() else 10.0)
    out[FEATURES] = out[FEATURES].astype(float).fillna(0.0)
    return out


def candidate_pairs(snap, region: str, as_of, chain: str | None = None) -> pd.DataFrame:
    """Every tagged segment of every enterprise that is not a local firm of the region on the date."""
    tags = snap.best_tags
    local = snap.local_ids(region, as_of)
    pairs = tags[~tags["enterprise_id"].isin(local)]
    if chain:
        pairs = pairs[pairs["chain"] == chain]
    return pairs.rename(columns={"confidence": "tag_confidence"})[["enterprise_id", "chain", "segment", "tag_confidence"]]


def features_as_of(snap, region: str, as_of, pairs: pd.DataFrame | None = None, chain=None) -> pd.DataFrame:
    """Features of candidate pairs (or the given pairs) with the region as of ``as_of``."""
    pairs = candidate_pairs(snap, region, as_of, chain) if pairs is None else pairs
    ctx = segment_context(snap, region, as_of)
    return pair_features(pairs, ctx, snap.attributes, history_as_of(snap.events, as_of), as_of)
