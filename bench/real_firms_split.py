"""Assign the dev / heldout split of the real-firm evaluation set (data/tagging/real_firms.csv).

The split is made once, before any tagger output is looked at, and is then frozen in the
``split`` column of the CSV: never re-run this script on a labelled set that has already
been used for evaluation (fixing a label later must not move a firm between splits).

How: firms are grouped by ``label_chain`` (the four chain ids and ``none``); inside each
group the firm ids are sorted, shuffled with a fixed seed, and the first half goes to
``dev``, the rest to ``heldout``.  When a group has an odd size the extra firm goes to
whichever split is currently smaller, so both splits stay within one firm of 50 %.
Deterministic: the same file always gets the same split.

    .venv/bin/python bench/real_firms_split.py            # write the split column
    .venv/bin/python bench/real_firms_split.py --check    # only verify it is unchanged
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "tagging" / "real_firms.csv"
SEED = 20261124


def assign(df: pd.DataFrame, seed: int = SEED) -> pd.Series:
    rng = random.Random(seed)
    split: dict[str, str] = {}
    counts = {"dev": 0, "heldout": 0}
    for chain in sorted(df["label_chain"].unique()):
        ids = sorted(df.loc[df["label_chain"] == chain, "firm_id"].astype(str))
        rng.shuffle(ids)
        half = len(ids) // 2
        if len(ids) % 2:
            half += 1 if counts["dev"] <= counts["heldout"] else 0
        for i, fid in enumerate(ids):
            split[fid] = "dev" if i < half else "heldout"
        counts["dev"] += half
        counts["heldout"] += len(ids) - half
    return df["firm_id"].astype(str).map(split)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=CSV)
    ap.add_argument("--check", action="store_true", help="verify the stored split, write nothing")
    args = ap.parse_args(argv)
    df = pd.read_csv(args.csv, dtype=str, keep_default_na=False)
    new = assign(df)
    if args.check:
        bad = (df["split"] != new).sum()
        print(f"{bad} firms differ from the seeded split")
        return 1 if bad else 0
    df["split"] = new
    df.to_csv(args.csv, index=False, encoding="utf-8")
    print(df.groupby(["label_chain", "split"]).size().unstack(fill_value=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
