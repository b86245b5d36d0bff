"""Judge a model's scores against a world's truth: NDCG@k per chain with gains = p_true.

    >>> truth = pd.DataFrame({"enterprise_id": ["a", "b", "c", "d"], "chain": ["power_battery"] * 4,
    ...                       "p_true": [0.9, 0.1, 0.5, 0.0], "p_ceiling": [0.8, 0.2, 0.6, 0.0]})
    >>> ndcg_against_truth(ceiling_scores(truth), truth, k=3)
               chain  ndcg
    0  power_battery   1.0
    >>> bad = pd.DataFrame({"enterprise_id": ["d", "b", "c", "a"], "chain": ["power_battery"] * 4,
    ...                     "score": [4, 3, 2, 1]})
    >>> float(ndcg_against_truth(bad, truth, k=3).ndcg[0]) < 0.5
    True
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import ndcg_score


def _strict_rank_scores(cands: pd.DataFrame, scores: pd.DataFrame) -> np.ndarray:
    """A strictly decreasing pseudo-score per candidate: by score desc, missing last, ties by id."""
    best = (scores.assign(score=pd.to_numeric(scores["score"], errors="coerce"))
            .groupby("enterprise_id", as_index=False)["score"].max())  # a firm scored on several segments
    m = cands[["enterprise_id"]].merge(best, on="enterprise_id", how="left")
    m["missing"] = m["score"].isna()
    m["score"] = m["score"].fillna(0.0)
    m["pos"] = np.arange(len(m))
    order = m.sort_values(["missing", "score", "enterprise_id"], ascending=[True, False, True], kind="mergesort")
    pseudo = np.empty(len(m))
    pseudo[order["pos"].to_numpy()] = np.arange(len(m), 0, -1, dtype=float)
    return pseudo


def ndcg_against_truth(scores: pd.DataFrame, truth: pd.DataFrame, k: int = 50) -> pd.DataFrame:
    """Per chain, NDCG@k of the model's ranking of that chain's candidates, gains = p_true.

    scores: columns enterprise_id, chain, score (chain as id). Candidates are truth's rows of the
    chain; a candidate the model did not score ranks last; ties are broken by enterprise_id ascending.
    """
    scores = scores.copy()
    scores["enterprise_id"] = scores["enterprise_id"].astype(str)
    out = []
    for chain, cands in truth.groupby("chain", sort=True):
        cands = cands.assign(enterprise_id=cands["enterprise_id"].astype(str)).reset_index(drop=True)
        s = scores[scores["chain"] == chain]
        pseudo = _strict_rank_scores(cands, s)
        out.append((chain, float(ndcg_score([cands["p_true"].to_numpy(float)], [pseudo], k=k))))
    return pd.DataFrame(out, columns=["chain", "ndcg"])


def ceiling_scores(truth: pd.DataFrame) -> pd.DataFrame:
    """The ceiling model: p_ceiling as its score (what a perfect model of the observable data knows)."""
    return truth[["enterprise_id", "chain"]].assign(score=truth["p_ceiling"].to_numpy())


def random_scores(truth: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """A random ranking of every candidate for every chain."""
    rng = np.random.default_rng(seed)
    return truth[["enterprise_id", "chain"]].assign(score=rng.random(len(truth)))
