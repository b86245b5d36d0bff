"""Ranking metrics and the evaluation report: NDCG@k, precision@k, recall@k per chain,
with bootstrap intervals, for several scorers on the same hold-out.

Gains are outcome grades (落地 4, 签约 3, 洽谈/考察 2, 接触 1, 终止 0); a
"positive" for precision and recall is 签约 or better.

>>> m = ranking_metrics([4, 0, 0, 3], [0.9, 0.8, 0.1, 0.2], k=2)
>>> round(m["precision"], 3), round(m["recall"], 3)
(0.5, 0.5)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import ndcg_score

POSITIVE_GRADE = 3


def ranking_metrics(grades, scores, k: int) -> dict:
    """NDCG@k (sklearn), precision@k and recall@k of one ranked list."""
    grades, scores = np.asarray(grades, dtype=float), np.asarray(scores, dtype=float)
    if len(grades) < 2:
        return {"ndcg": np.nan, "precision": np.nan, "recall": np.nan}
    order = np.argsort(-scores, kind="stable")
    top = order[:k]
    positives = grades >= POSITIVE_GRADE
    ndcg = ndcg_score([grades], [scores], k=k) if grades.max() > 0 else np.nan
    return {"ndcg": float(ndcg), "precision": float(positives[top].sum() / min(k, len(grades))),
            "recall": float(positives[top].sum() / positives.sum()) if positives.any() else np.nan}


def bootstrap_metrics(grades, scores, k: int, n_boot: int = 200, seed: int = 0) -> dict:
    """Point metrics plus 95% percentile intervals from resampling the list's items."""
    grades, scores = np.asarray(grades, dtype=float), np.asarray(scores, dtype=float)
    point = ranking_metrics(grades, scores, k)
    rng = np.random.default_rng(seed)
    draws = {m: [] for m in point}
    for _ in range(n_boot):
        idx = rng.integers(0, len(grades), len(grades))
        for m, v in ranking_metrics(grades[idx], scores[idx], k).items():
            draws[m].append(v)
    out = dict(point)
    for m, vals in draws.items():
        vals = np.array(vals, dtype=float)
        vals = vals[~np.isnan(vals)]
        out[f"{m}_lo"], out[f"{m}_hi"] = ((float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5)))
                                          if len(vals) else (np.nan, np.nan))
    return out


@dataclass
class EvaluationReport:
    """Per-chain metrics of several scorers on one hold-out."""
    k: int
    split_date: str
    until: str
    per_chain: pd.DataFrame
    n_train: int = 0
    n_test: int = 0
    chosen: str = ""
    note: str = ""
    note_zh: str = ""
    extra: dict = field(default_factory=dict)
    scores: dict = field(default_factory=dict, repr=False)  # scorer → hold-out scores (not saved)
    rows: object = field(default=None, repr=False)  # the training rows up to ``until`` (not saved)
    propensity: object = field(default=None, repr=False)  # the propensity model the refit reuses (not saved)

    def summary(self) -> pd.DataFrame:
        """Mean over chains of each metric, per scorer (chains with a usable list only)."""
        cols = ["ndcg", "precision", "recall"]
        return self.per_chain.groupby("model")[cols].mean().sort_values("ndcg", ascending=False)

    def mean_ndcg(self, model: str) -> float:
        s = self.summary()
        return float(s.loc[model, "ndcg"]) if model in s.index else float("nan")

    def to_dict(self) -> dict:
        return {"k": self.k, "split_date": self.split_date, "until": self.until, "n_train": self.n_train,
                "n_test": self.n_test, "chosen": self.chosen, "note": self.note, "note_zh": self.note_zh, "extra": self.extra,
                "per_chain": [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
                              for r in self.per_chain.round(4).to_dict("records")]}  # NaN is not JSON

    @classmethod
    def from_dict(cls, d: dict) -> "EvaluationReport":
        return cls(k=d["k"], split_date=d["split_date"], until=d["until"], per_chain=pd.DataFrame(d["per_chain"]),
                   n_train=d.get("n_train", 0), n_test=d.get("n_test", 0), chosen=d.get("chosen", ""),
                   note=d.get("note", ""), note_zh=d.get("note_zh", ""), extra=d.get("extra", {}))

    def to_text(self) -> str:
        lines = [f"Temporal hold-out: trained on deals approached before {self.split_date} ({self.n_train} rows), "
                 f"judged on the {self.n_test} approached from then until {self.until}. Metrics @{self.k}, "
                 "mean over chains (95% bootstrap intervals per chain in the table)."]
        lines.append(self.summary().round(3).to_string())
        table = self.per_chain[["chain", "model", "n", "positives", "ndcg", "ndcg_lo", "ndcg_hi", "precision",
                                "recall"]].round(3)
        lines.append(table.to_string(index=False))
        if self.extra.get("rolling_origin"):
            lines.append(f"Rolling origins before the hold-out (NDCG@{self.k}; gain over {self.extra['reference']}):")
            lines.append(pd.DataFrame(self.extra["rolling_origin"]).round(3).to_string(index=False))
        if self.chosen:
            lines.append(f"Serves: {self.chosen}. {self.note}")
        return "\n".join(lines)


def evaluate_scores(test: pd.DataFrame, scores: dict[str, np.ndarray], k: int, n_boot: int = 200,
                    min_items: int = 5) -> pd.DataFrame:
    """Per chain and scorer: metrics with intervals. ``test`` has columns chain and label.

    A scorer named ``random`` is averaged over 20 random orders instead.
    """
    rows = []
    for chain, g in test.groupby("chain"):
        if len(g) < min_items:
            continue
        idx = g.index.to_numpy()
        grades = g["label"].to_numpy(dtype=float)
        for name, s in scores.items():
            s = np.asarray(s, dtype=float)
            if name == "random":
                rng = np.random.default_rng(0)
                draws = [ranking_metrics(grades, rng.random(len(grades)), k) for _ in range(20)]
                m = {}
                for key in draws[0]:
                    vals = np.array([d[key] for d in draws], dtype=float)
                    vals = vals[~np.isnan(vals)]
                    m[key] = float(vals.mean()) if len(vals) else np.nan
                    m[f"{key}_lo"], m[f"{key}_hi"] = ((float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5)))
                                                      if len(vals) else (np.nan, np.nan))
            else:
                m = bootstrap_metrics(grades, s[test.index.get_indexer(idx)], k, n_boot=n_boot)
            rows.append({"chain": chain, "model": name, "n": len(g), "positives": int((grades >= POSITIVE_GRADE).sum()), **m})
    return pd.DataFrame(rows)
