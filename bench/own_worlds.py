"""The project's own demo generator as benchmark worlds, with the truth the outside worlds also write.

Same interface as ``bench/worlds/*.py``: ``generate(out_dir, seed, n_enterprises) -> files``. The
truth for 宝坻区 at the world's end: for every candidate (not landed) and each chain, the probability
that it reaches 签约 or better if approached then — the demo's own stage-by-stage log-odds with the
region's gaps as they stand at the end, averaged over the approach noise. The demo has no per-firm
hidden quantity, so the ceiling equals the truth (p_ceiling = p_true).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chains.gaps import classify_gaps  # noqa: E402
from chains.graph import segment_graph  # noqa: E402
from chains.templates import load_chains  # noqa: E402
from recommender.demo import NEARBY, STEP_DIFFICULTY, build_world, load_settings  # noqa: E402


REGION_NAMES = {"baodi": "宝坻区", "qingyang": "庆阳市"}
VARIANTS = {
    "demo": {},
    "own_C": dict(effects={"qualification": 1.3, "gap_fill": 1.5, "thin_segment": -0.2, "relocation_intent": 0.4,
                           "noise": 1.6, "nearby_district": 0.0, "listed": 0.3},
                  selection={"relocation_intent": 2.0, "qualification": 0.0, "tagged_gap": 0.0}),
}


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def truth(settings, enterprises, local, deals, region="baodi", draws=64, seed=0) -> pd.DataFrame:
    """p_true per (candidate, chain) at the end of the world, for ``region``."""
    chains = load_chains()
    G = segment_graph(chains)
    eff = settings["effects"]
    presence: dict = {}
    for row in local[local["region_id"] == region].itertuples():
        for key in row.segments.split(";"):
            firms, leaders = presence.get(key, (0, 0))
            presence[key] = (firms + 1, leaders + int(row.is_leader))
    landed = deals[(deals["stage"] == "落地")]
    ent = enterprises.set_index("enterprise_id")
    for eid in landed.loc[landed["region_id"] == region, "enterprise_id"]:
        key = ent.at[eid, "_segment"]
        if key:
            firms, leaders = presence.get(key, (0, 0))
            presence[key] = (firms + 1, leaders)
    gaps = classify_gaps(G, presence)
    leader_keys = {k for k, (_, n) in presence.items() if n}
    near = {n for k in leader_keys for n in (set(G.predecessors(k)) | set(G.successors(k)) | {k})}
    cand = enterprises[~enterprises["enterprise_id"].isin(set(landed["enterprise_id"]))].reset_index(drop=True)
    tags = cand["tags"].fillna("")
    emp = cand["employees"]
    base = (eff["base"] + eff["relocation_intent"] * (cand["relocation_intent"] == "是")
            + eff["qualification"] * tags.str.contains("专精特新|高新技术企业")
            + eff["mid_size"] * emp.between(20, 500).fillna(False) + eff["listed"] * tags.str.contains("上市公司")
            + eff["nearby_district"] * cand["district"].isin(NEARBY)).to_numpy(dtype=float)
    seg_key = cand["_segment"].fillna("")
    maker = (cand["_kind"] == "maker").to_numpy()
    gap = seg_key.map(lambda k: gaps.get(k, "")).to_numpy()
    logit = base + np.where(maker, eff["gap_fill"] * np.isin(gap, ["补链", "延链", "串链"]) + eff["thin_segment"] * (gap == "强链")
                            + eff["near_leader"] * seg_key.isin(near).to_numpy(), -1.8)
    noise = np.random.default_rng(seed).normal(size=draws) * eff["noise"]
    z = logit[:, None] + noise[None, :]
    p = np.ones_like(z)
    for diff in STEP_DIFFICULTY[:3]:
        p *= _sigmoid(z - diff)
    p = p.mean(axis=1)
    own_chain = np.where(seg_key != "", seg_key.str.split(".").str[0], "")
    rows = []
    for chain in chains:
        rows.append(pd.DataFrame({"enterprise_id": cand["enterprise_id"], "chain": chain,
                                  "p_true": np.where(own_chain == chain, p, 0.0)}))
    out = pd.concat(rows, ignore_index=True)
    out["p_ceiling"] = out["p_true"]
    return out


def generator(variant: str):
    """A ``generate(out_dir, seed, n_enterprises)`` for one variant of the demo's mechanism."""
    def generate(out_dir: Path, seed: int, n_enterprises: int = 6000) -> dict:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        settings = load_settings(seed=seed, n_enterprises=n_enterprises,
                                 approaches_per_month=max(22, n_enterprises // 130), **VARIANTS[variant])
        # these worlds' truth (below) has no relation effect: the relations world is groups_and_leads
        settings["effects"] = {**settings["effects"], "leader_relation": 0.0}
        enterprises, local, deals, _ = build_world(settings)
        files = {"enterprises": out_dir / "enterprises.csv", "firms": out_dir / "firms.csv",
                 "deals": out_dir / "deals.csv", "relations": None, "truth": out_dir / "truth.csv"}
        enterprises.drop(columns=["_kind", "_segment", "extra"]).to_csv(files["enterprises"], index=False)
        firms = local.assign(segments=local["segments"].str.replace(r"[a-z_]+\.", "", regex=True),
                             is_leader=local["is_leader"].map({True: "是", False: "否"}),
                             region=local["region_id"].map(REGION_NAMES))
        firms[["enterprise_id", "name", "is_leader", "chain", "segments", "park", "region"]].to_csv(files["firms"], index=False)
        deals.assign(region=deals["region_id"].map(REGION_NAMES))[
            ["enterprise_id", "stage", "date", "chain", "segment", "amount_wan", "region"]].to_csv(files["deals"], index=False)
        truth(settings, enterprises, local, deals).to_csv(files["truth"], index=False)
        return {**files, "as_of": str(pd.Timestamp(settings["end"]).date()), "description": f"own demo generator ({variant})"}
    return generate
