"""What limits the ranking on a world's seed: every candidate model alone, text-and-traits blended with the
rule at each of training.BLENDS and mean-rank mixtures; the TF-IDF + LR peer over every firm and over the
product's candidates only, the ceiling's order of the product's candidates (what a perfect order of the firms
the product scores would reach), and a model fitted to the truth on the product's features (what the features can
express). NDCG@50 against the world's truth for 宝坻区, mean over chains. Meant for dev
seeds (seed 1): reading it is tuning on that seed.

    .venv/bin/python bench/ranking_diagnosis.py [--seed 1] [--worlds push_pull,groups_and_leads]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402


# mean within-chain rank percentile of several models' scores (a scale-free mixture, for comparison with BLENDS)
ENSEMBLES = [("rule", "text_traits"), ("rule", "text_traits", "gradient_boosting"),
             ("rule", "text_traits", "gradient_boosting+text", "pairwise_linear+text")]


def diagnose(name, generate, kwargs, seed, n, tmp: Path) -> dict:
    from bench.worlds.peers import tfidf_peer_scores
    from recommender.scoring import score_region
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    from recommender.training import BLENDS, candidate_models, fit_final, propensity_model, spec_label, training_rows
    files, truth, db = quality.import_world(name, generate, kwargs, seed, n, tmp)
    snap = Snapshot.load(Store.open(db))
    until = pd.Timestamp(files["as_of"]) + pd.Timedelta(days=1)
    rows = training_rows(snap, until)
    propensity = propensity_model(snap, rows, rows["approached"].min(), until)  # the same for every model

    def ndcg(scores: pd.DataFrame) -> float:
        return quality.mean_ndcg(scores, truth)

    out, candidates, ranks = {"world": name, "seed": seed}, None, {}
    specs = ([{"name": "rule", "blend": None}] + [{"name": m, "blend": None} for m in candidate_models()]
             + [{"name": "text_traits", "blend": b} for b in BLENDS])
    for spec in specs:
        model, _ = fit_final(snap, spec, until, 0, rows, propensity)
        scored = score_region(snap, model, "baodi", files["as_of"], reasons=False)
        label = spec_label(spec)
        out[label] = ndcg(scored)
        ranks[label] = scored.set_index(["enterprise_id", "chain"])["score"].groupby(level="chain").rank(pct=True)
        candidates = scored[["enterprise_id", "chain"]] if candidates is None else candidates
    for members in ENSEMBLES:
        mean = pd.concat([ranks[m] for m in members], axis=1).mean(axis=1)
        out["mean rank of " + " + ".join(members)] = ndcg(mean.rename("score").reset_index())
    peer = tfidf_peer_scores(files)
    out["peer"] = ndcg(peer)
    out["peer, product's candidates"] = ndcg(peer.merge(candidates, on=["enterprise_id", "chain"]))
    ordered = truth.merge(candidates, on=["enterprise_id", "chain"])
    out["ceiling order of the product's candidates"] = ndcg(ordered.assign(score=ordered["p_ceiling"]))
    out["fitted to the truth on the product's features"] = ndcg(fitted_to_truth(snap, files["as_of"], truth))
    out["ceiling"] = ndcg(truth.assign(score=truth["p_ceiling"]))
    return out


def fitted_to_truth(snap, as_of, truth: pd.DataFrame) -> pd.DataFrame:
    """What the features can express: gradient boosting fitted to the truth's ceiling log-odds on the product's
    candidate rows, cross-fitted over two halves of the firms (a firm is scored by the half that did not see
    it). Far below the ceiling's order of the same candidates means the features, not the learner, are the limit."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.model_selection import GroupKFold
    from recommender.features import FEATURES, features_as_of
    rows = features_as_of(snap, "baodi", as_of).merge(truth, on=["enterprise_id", "chain"])
    X, p = rows[FEATURES].to_numpy(float), rows["p_ceiling"].clip(1e-6, 1 - 1e-6).to_numpy()
    y, score = np.log(p / (1 - p)), np.zeros(len(rows))
    for fit, held in GroupKFold(2).split(X, y, rows["enterprise_id"]):
        score[held] = HistGradientBoostingRegressor(max_iter=300, random_state=0).fit(X[fit], y[fit]).predict(X[held])
    return rows[["enterprise_id", "chain"]].assign(score=score)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--worlds", default="push_pull,groups_and_leads")
    args = parser.parse_args()
    worlds = quality.world_generators()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [diagnose(w, *worlds[w][:2], args.seed, args.n, Path(tmp)) for w in args.worlds.split(",")]
    table = pd.DataFrame(rows).set_index(["world", "seed"]).T.round(3)
    text = "\n".join(["# Ranking diagnosis (NDCG@50 against the truth, 宝坻区, mean over chains)", "",
                      f"Command: `.venv/bin/python bench/ranking_diagnosis.py --seed {args.seed} --worlds {args.worlds}`",
                      "", table.to_markdown(), ""])
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "ranking_diagnosis.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
