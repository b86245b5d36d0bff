"""Ranking quality judged against each world's truth, beside the same peers every time.

Worlds (``bench/worlds/``: written by other authors before looking at the product's features, with
their own taxonomy, phrases and mechanisms; ``bench/own_worlds.py``: the project's own generator):
each writes contract files (the realistic exports a bureau would import) and its truth — the true
probability that each candidate would come (签约/落地) if approached for each chain, and the same with
what no data shows set to its mean (the ceiling). Everything goes through the contract's command line:
``import`` → ``train --until`` → ``score --as-of``; the scores are judged by NDCG@50 per chain against
the truth (gains = p_true) for 宝坻区.

Beside the product, in one table: the TF-IDF + logistic-regression peer (``bench/worlds/peers.py``:
character 2–3-grams + size, tags, intent; P(sign) × P(chain)), LightGBM LambdaMART on the product's
features and deals (benchmark-only dependency), the product's transparent rule score, random, and the
ceiling.

    .venv/bin/python bench/quality.py [--seeds 3] [--n 6000] [--worlds push_pull,groups_and_leads,...]
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

K = 50
REGION = "宝坻区"


def world_generators() -> dict:
    """name → (generate function, extra keyword arguments, author)."""
    import own_worlds
    worlds = {}
    for name, module, kwargs in (("push_pull", "bench.worlds.push_pull", {}),
                                 ("groups_and_leads", "bench.worlds.groups_and_leads", {}),
                                 ("groups_and_leads_norel", "bench.worlds.groups_and_leads", {"relations_effect": 0.0})):
        try:
            worlds[name] = (importlib.import_module(module).generate, kwargs, "outside")
        except ImportError:
            continue
    for variant in own_worlds.VARIANTS:
        worlds[f"own_{variant}" if not variant.startswith("own") else variant] = (own_worlds.generator(variant), {}, "own")
    return worlds


def _cli(*argv) -> str:
    from recommender.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    if code != 0:
        raise RuntimeError(f"{' '.join(map(str, argv[:1]))} failed: {err.getvalue().strip()}")
    return out.getvalue()


def lambdamart_scores(db: Path, as_of) -> pd.DataFrame:
    """LightGBM LambdaMART on the product's deal features, scoring the product's candidates at ``as_of``."""
    import lightgbm as lgb
    from recommender.features import FEATURES, features_as_of
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    from recommender.training import deal_outcomes, deal_pairs, features_at_approach
    snap = Snapshot.load(Store.open(db))
    train = features_at_approach(snap, deal_pairs(snap, deal_outcomes(snap.events, as_of)))
    train = train[train["region_id"] == "baodi"].sort_values(["chain", "approached"])
    qid = train["chain"] + train["approached"].dt.to_period("Q").astype(str)
    model = lgb.LGBMRanker(objective="lambdarank", n_estimators=300, learning_rate=0.05, num_leaves=15,
                           min_child_samples=10, verbose=-1, random_state=0)
    model.fit(train[FEATURES], train["label"].astype(int), group=qid.groupby(qid, sort=False).size().to_numpy())
    cand = features_as_of(snap, "baodi", as_of)
    cand["score"] = model.predict(cand[FEATURES])
    return cand.groupby(["enterprise_id", "chain"], as_index=False)["score"].max()


def rule_scores(db: Path, as_of) -> pd.DataFrame:
    from recommender.rankers import RuleRanker
    from recommender.features import FEATURES
    from recommender.scoring import score_region
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    snap = Snapshot.load(Store.open(db))
    scored = score_region(snap, RuleRanker().fit(pd.DataFrame(columns=FEATURES)), "baodi", as_of, reasons=False)
    return scored[["enterprise_id", "chain", "score"]]


def import_world(name, generate, kwargs, seed, n, tmp: Path) -> tuple[dict, pd.DataFrame, Path]:
    """Write one world's files and import them through the contract's command line: (files, truth, database)."""
    folder = tmp / f"{name}-{seed}"
    files = generate(folder, seed, n_enterprises=n, **kwargs)
    truth = pd.read_csv(files["truth"], dtype={"enterprise_id": str})
    db = folder / "w.db"
    argv = ["import", "--db", db, "--enterprises", files["enterprises"], "--firms", files["firms"], "--deals", files["deals"]]
    if files.get("relations") and "--relations" in _cli_help("import"):
        argv += ["--relations", files["relations"]]
    _cli(*argv)
    return files, truth, db


def mean_ndcg(scores: pd.DataFrame, truth: pd.DataFrame) -> float:
    """NDCG@K of one scorer's (enterprise_id, chain, score) rows against the truth, mean over chains."""
    from bench.worlds.judge import ndcg_against_truth
    return float(ndcg_against_truth(scores[["enterprise_id", "chain", "score"]], truth, k=K)["ndcg"].mean())


def run_world(name, generate, kwargs, seed, n, tmp: Path) -> tuple[pd.DataFrame, dict]:
    """NDCG@50 per chain of every scorer on one world and seed, and the product's served ranker."""
    from bench.worlds.judge import ceiling_scores, ndcg_against_truth, random_scores
    from bench.worlds.peers import tfidf_peer_scores
    t0 = time.perf_counter()
    files, truth, db = import_world(name, generate, kwargs, seed, n, tmp)
    folder = db.parent
    until = (pd.Timestamp(files["as_of"]) + pd.Timedelta(days=1)).date().isoformat()
    trained = _cli("train", "--db", db, "--until", until)
    served = trained.strip().splitlines()[-1]
    out = folder / "scores.csv"
    _cli("score", "--db", db, "--out", out, "--as-of", files["as_of"])
    product = pd.read_csv(out, dtype={"enterprise_id": str}, keep_default_na=False)
    if "region" in product:
        product = product[product["region"] == REGION]
    seconds = time.perf_counter() - t0
    scorers = {"product": product[["enterprise_id", "chain", "score"]],
               "rule": rule_scores(db, files["as_of"]),
               "lambdamart": lambdamart_scores(db, files["as_of"]),
               "tfidf_peer": tfidf_peer_scores(files),
               "random": random_scores(truth, seed),
               "ceiling": ceiling_scores(truth)}
    rows = []
    for scorer, scores in scorers.items():
        judged = ndcg_against_truth(scores, truth, k=K)
        rows.append(judged.assign(world=name, seed=seed, scorer=scorer))
    return pd.concat(rows, ignore_index=True), {"world": name, "seed": seed, "served": served, "seconds": seconds}


def _cli_help(command: str) -> str:
    from recommender.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices[command].format_help()


def summarise(results: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per world: mean NDCG@50 over chains and seeds per scorer (with the seeds' range); ratios."""
    per_seed = results.groupby(["world", "scorer", "seed"])["ndcg"].mean().reset_index()
    agg = per_seed.groupby(["world", "scorer"])["ndcg"].agg(["mean", "min", "max"]).reset_index()
    table = agg.assign(cell=agg.apply(lambda r: f"{r['mean']:.3f} ({r['min']:.3f}–{r['max']:.3f})", axis=1)) \
        .pivot(index="world", columns="scorer", values="cell")
    means = agg.pivot(index="world", columns="scorer", values="mean")
    ratios = pd.DataFrame({"product / tfidf_peer": means["product"] / means["tfidf_peer"],
                           "product / ceiling": means["product"] / means["ceiling"],
                           "product / lambdamart": means["product"] / means["lambdamart"],
                           "target met (≥1.25× peer, ≥0.80× ceiling)":
                               (means["product"] >= 1.25 * means["tfidf_peer"]) & (means["product"] >= 0.8 * means["ceiling"])})
    return table, ratios.round(2)


def seed_list(value: str) -> list[int]:
    """``"3"`` → seeds 1, 2, 3; ``"2,3"`` → seeds 2 and 3.

    >>> seed_list("3"), seed_list("2,3")
    ([1, 2, 3], [2, 3])
    """
    if "," in value:
        return [int(s) for s in value.split(",") if s.strip()]
    return list(range(1, int(value) + 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="3",
                        help="how many seeds (1..N), or a comma-separated list of seeds, e.g. 2,3 for the untouched ones")
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--worlds", help="comma-separated world names (default: all)")
    args = parser.parse_args()
    worlds = world_generators()
    if args.worlds:
        worlds = {k: v for k, v in worlds.items() if k in args.worlds.split(",")}
    results, runs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (generate, kwargs, author) in worlds.items():
            for seed in seed_list(args.seeds):
                judged, run = run_world(name, generate, kwargs, seed, args.n, Path(tmp))
                results.append(judged)
                runs.append({**run, "author": author})
                print(f"{name} seed {seed}: {run['seconds']:.0f} s; {run['served']}", flush=True)
    results = pd.concat(results, ignore_index=True)
    table, ratios = summarise(results)
    per_seed = results.groupby(["world", "seed", "scorer"])["ndcg"].mean().unstack("scorer").round(3)
    per_seed = per_seed.assign(**{"product / tfidf_peer": (per_seed["product"] / per_seed["tfidf_peer"]).round(2),
                                  "product / ceiling": (per_seed["product"] / per_seed["ceiling"]).round(2)})
    per_chain = results.groupby(["world", "chain", "scorer"])["ndcg"].agg(["mean", "std"]).round(3).reset_index()
    per_chain = per_chain.assign(cell=per_chain["mean"].map("{:.3f}".format) + " ±" + per_chain["std"].fillna(0).map("{:.3f}".format))
    per_chain = per_chain.pivot(index=["world", "chain"], columns="scorer", values="cell")
    lines = ["# Ranking quality against each world's truth (NDCG@50, 宝坻区)", "",
             f"Command: `.venv/bin/python bench/quality.py --seeds {args.seeds} --n {args.n}`", "",
             "## Mean over chains and seeds (range over seeds)", "", table.to_markdown(), "",
             "## Ratios", "", ratios.to_markdown(), "",
             "## Per seed (mean over chains)", "", per_seed.to_markdown(), "",
             "## Per chain (mean ± sd over seeds)", "", per_chain.to_markdown(), "",
             "## Runs", "", pd.DataFrame(runs).to_markdown(index=False), ""]
    text = "\n".join(lines)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "quality.md").write_text(text, encoding="utf-8")
    results.to_csv(out / "quality_results.csv", index=False)
    print(text)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
