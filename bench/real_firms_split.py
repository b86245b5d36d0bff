"""Assign the dev / heldout split of the real-firm evaluation set (data/tagging/real_firms.csv).

The split is made before any tagger output is looked at and is then frozen in the ``split``
column of the CSV.  The script is append-only: a firm that already has a split keeps it
for ever (fixing a label later must not move a firm between splits, and adding firms
later must not reshuffle the old ones).  Only rows whose ``split`` is empty are assigned.

How new firms are assigned: firms are grouped by ``label_chain`` (the four chain ids and
``none``, taken in sorted order); inside each group the unassigned firm ids are sorted and
shuffled with a fixed seed (``SEED``), then dealt one by one to whichever split currently
holds fewer firms of that chain (ties go to the split that is smaller overall, then to
``dev``).  So every chain and the whole set stay within one firm of 50 / 50, and the result
is deterministic: the same file always gets the same split.

    .venv/bin/python bench/real_firms_split.py            # fill empty split cells
    .venv/bin/python bench/real_firms_split.py --check    # verify, write nothing
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
SPLITS = ("dev", "heldout")


def assign(df: pd.DataFrame, seed: int = SEED) -> pd.Series:
    """Return the split column: stored values unchanged, empty cells filled."""
    rng = random.Random(seed)
    split = dict(zip(df["firm_id"].astype(str), df["split"].fillna("").astype(str)))
    total = {s: sum(v == s for v in split.values()) for s in SPLITS}
    for chain in sorted(df["label_chain"].unique()):
        ids = df.loc[df["label_chain"] == chain, "firm_id"].astype(str)
        have = {s: sum(split[i] == s for i in ids) for s in SPLITS}
        todo = sorted(i for i in ids if split[i] not in SPLITS)
        rng.shuffle(todo)
        for fid in todo:
            side = min(SPLITS, key=lambda s: (have[s], total[s], SPLITS.index(s)))
            split[fid] = side
            have[side] += 1
            total[side] += 1
    return df["firm_id"].astype(str).map(split)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=CSV)
    ap.add_argument("--check", action="store_true", help="verify the stored split, write nothing")
    args = ap.parse_args(argv)
    df = pd.read_csv(args.csv, dtype=str, keep_default_na=False)
    new = assign(df)
    if args.check:
        missing = (~df["split"].isin(SPLITS)).sum()
        changed = ((df["split"] != new) & df["split"].isin(SPLITS)).sum()
        print(f"{missing} firms without a split, {changed} stored splits that would change")
        return 1 if missing or changed else 0
    df["split"] = new
    df.to_csv(args.csv, index=False, encoding="utf-8")
    print(df.groupby(["label_chain", "split"]).size().unstack(fill_value=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
