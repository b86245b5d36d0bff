"""Measure NDCG@k against a world's truth for the ceiling, the TF-IDF peer, random and (optionally)
the product run as a black box through its command line.

    .venv/bin/python -m bench.worlds.measure --seeds 1 2 [--product] [--n 6000] [--out DIR]
"""
from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile

import pandas as pd

from bench.worlds import judge, peers, push_pull

ROOT = pathlib.Path(__file__).resolve().parents[2]


def product_scores(info: dict, work: pathlib.Path, region: str = "宝坻区") -> pd.DataFrame:
    """import → train --until as_of → score, via `python -m recommender`; the region's rows only."""
    db = work / "product.db"
    db.unlink(missing_ok=True)
    run = lambda *a: subprocess.run([sys.executable, "-m", "recommender", *a], cwd=ROOT, check=True,
                                    capture_output=True, text=True)
    run("import", "--db", str(db), "--enterprises", str(info["enterprises"]), "--firms", str(info["firms"]),
        "--deals", str(info["deals"]))
    run("train", "--db", str(db), "--until", info["as_of"])
    out = work / "product_scores.csv"
    run("score", "--db", str(db), "--out", str(out))
    s = pd.read_csv(out, dtype={"enterprise_id": str})
    if "region" in s.columns:
        s = s[s["region"] == region]
    return s[["enterprise_id", "chain", "score"]]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--n", type=int, default=6000)
    ap.add_argument("--k", type=int, default=50)
    ap.add_argument("--product", action="store_true", help="also run the product's CLI as a black box")
    ap.add_argument("--out", type=pathlib.Path, default=None)
    a = ap.parse_args(argv)
    base = a.out or pathlib.Path(tempfile.mkdtemp(prefix="push_pull_"))
    rows = []
    for seed in a.seeds:
        work = base / f"seed{seed}"
        info = push_pull.generate(work, seed, a.n)
        print(info["description"])
        truth = pd.read_csv(info["truth"], dtype={"enterprise_id": str})
        models = {"ceiling": judge.ceiling_scores(truth), "peer": peers.tfidf_peer_scores(info),
                  "random": judge.random_scores(truth, seed)}
        if a.product:
            models["product"] = product_scores(info, work)
        for name, s in models.items():
            r = judge.ndcg_against_truth(s, truth, k=a.k)
            rows.append(r.assign(model=name, seed=seed))
    res = pd.concat(rows)
    table = res.pivot_table(index=["seed", "model"], columns="chain", values="ndcg")
    table["mean"] = table.mean(axis=1)
    print(f"NDCG@{a.k} against truth")
    print(table.round(3).to_string())
    return table


if __name__ == "__main__":
    main()
