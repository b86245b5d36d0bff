"""What a server's first log-in waits for: the snapshot and each region's stored scores read from the database
(from the Parquet files beside a SQLite file when they match its data), and (with --store) the scores computed
and stored first, as an import or a model change in the app does. Run it twice to see a new process's read.

    .venv/bin/python bench/cold_start.py --db /tmp/speed-1.2M/pages.db [--store]
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recommender.snapshot import Snapshot  # noqa: E402
from recommender.store import Store  # noqa: E402
from recommender.workbench import cached_scores, serving_model, warm  # noqa: E402


def timed(label, work):
    start = time.perf_counter()
    out = work()
    print(f"{label}: {time.perf_counter() - start:.1f} s", flush=True)
    return out


def main(db, store_first=False):
    store = Store.open(db)
    if store_first:
        timed("compute and store every region's scores (workbench.warm)", lambda: warm(store))
    snap = timed("read the snapshot", lambda: Snapshot.load(store))
    version, model = serving_model(store)
    for region in store.region_ids():
        rows = timed(f"read {region}'s stored scores", lambda: cached_scores(store, snap, model, version, region))
        print(f"  {len(rows):,} rows")


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a database bench/speed.py left (copy it: --store writes scores)")
    ap.add_argument("--store", action="store_true", help="compute and store the scores first")
    args = ap.parse_args()
    main(args.db, args.store)
