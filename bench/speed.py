"""Speed and memory: import + tag 100,000 enterprises, score them against every segment of the
four chains, retrain on five years of deals. Each phase runs in its own process so its peak
memory (max RSS) is its own.

    .venv/bin/python bench/speed.py                     # 100,000 enterprises; writes bench/out/speed.md
    .venv/bin/python bench/speed.py --n 1200000 --keep /tmp/speed-1.2M   # all of Beijing; reuse the files

At more than the demo's 3,200 enterprises, the training phase loads the demo world into a copy of the
big database, so it trains with every candidate in the database.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = int(os.environ.get("SPEED_N", 100_000))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_make(folder):
    import numpy as np
    from chains.templates import load_chains
    from recommender.demo import load_settings, make_enterprises
    frame = make_enterprises(load_settings(n_enterprises=N), load_chains(), np.random.default_rng(5))
    frame.drop(columns=["_kind", "_segment", "extra"]).to_csv(Path(folder) / "enterprises.csv", index=False)
    return {"seconds": 0.0}


def phase_import(folder):
    from recommender.importer import import_files
    from recommender.store import Store
    store = Store.open(Path(folder) / "big.db")
    t = time.perf_counter()
    counts = import_files(store, enterprises=Path(folder) / "enterprises.csv", user="bench")
    return {"seconds": time.perf_counter() - t, "rows": counts["enterprises"], "tag_rows": len(store.tags())}


def phase_score(folder, trained):
    from recommender.scoring import score_region, serving_model
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    store = Store.open(Path(folder) / ("demo.db" if trained else "big.db"))
    if trained:  # score the big world's enterprises with the model trained on the demo world
        from recommender import registry
        _, model = registry.load_active(store)
        store = Store.open(Path(folder) / "big.db")
    else:
        _, model = serving_model(store)
    t = time.perf_counter()
    snap = Snapshot.load(store)
    scored = score_region(snap, model, "baodi")
    return {"seconds": time.perf_counter() - t, "rows": len(scored), "enterprises": scored["enterprise_id"].nunique(),
            "model": type(model).__name__}


def phase_cli_score(folder, db, *engine):
    """The contract's ``score`` command on ``db``: every region, every row written with its reason
    (``engine``: e.g. ``--engine dask``; a local cluster's workers are child processes, their peak is reported)."""
    from recommender.cli import main
    out = Path(folder) / "scores.csv"
    t = time.perf_counter()
    if main(["score", "--db", str(Path(folder) / db), "--out", str(out), *engine]):
        raise SystemExit("score failed")
    seconds = time.perf_counter() - t
    import pandas as pd
    written = pd.read_csv(out, usecols=["reasons"])
    result = {"seconds": seconds, "rows": len(written), "rows_without_reason": int(written["reasons"].isna().sum())}
    if engine:
        result["worker_peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return result


def phase_cli(folder, command, db):
    """Another contract command on ``db`` (``tag`` or ``gaps``), writing its CSV."""
    from recommender.cli import main
    out = Path(folder) / f"{command}.csv"
    t = time.perf_counter()
    if main([command, "--db", str(Path(folder) / db), "--out", str(out)]):
        raise SystemExit(f"{command} failed")
    return {"seconds": time.perf_counter() - t, "rows": sum(1 for _ in open(out, encoding="utf-8")) - 1}


def phase_train(folder):
    """Load the demo's deals (into a copy of the big database when N is larger) and retrain."""
    from recommender.demo import load_demo
    from recommender.store import Store
    from recommender.training import train
    if N > 3200:  # the demo's ids are the first 3,200 of the big file's: they are overwritten, the rest stay
        shutil.copy(Path(folder) / "big.db", Path(folder) / "demo.db")
    store = Store.open(Path(folder) / "demo.db")
    load_demo(store)
    t = time.perf_counter()
    version, report = train(store, user="bench")
    seconds = time.perf_counter() - t  # the contract's ``train``; what follows only sets up the next phases
    events = len(store.deal_events())
    # make the learned ranker active for the scoring phase, whatever was chosen
    from recommender.training import fit_final
    from recommender import registry
    from recommender.snapshot import Snapshot
    model, _ = fit_final(Snapshot.load(store), {"name": "gradient_boosting", "blend": None}, report.until)
    registry.register(store, model, kind="gradient_boosting", params={}, metrics={}, train_until=report.until,
                      user="bench", note="bench: forced learned model")
    return {"seconds": seconds, "deal_events": events, "chosen": report.chosen,
            "candidates": store.counts()["enterprises"]}


def run(phase, folder, *args):
    out = subprocess.run([sys.executable, __file__, phase, folder, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(phase, *args, json.dumps(result, ensure_ascii=False), file=sys.stderr, flush=True)  # as each phase ends
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=N, help="enterprises (default 100,000)")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it; an existing enterprises.csv is reused")
    ap.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, of {', '.join(PHASES)} (with --keep, "
                    "later phases reuse the databases earlier runs left)")
    args = ap.parse_args()
    phases = args.phases.split(",")
    os.environ["SPEED_N"] = str(args.n)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(str(args.keep), args.n, phases)
    else:
        with tempfile.TemporaryDirectory() as folder:
            measure(folder, args.n, phases)


PHASES = ["import", "cli_tag", "cli_gaps", "score", "cli_score", "train", "score_trained", "cli_score_trained",
          "cli_score_dask"]


def measure(folder, n, phases=PHASES):
    global N
    N = n
    if "import" in phases:
        for name in ("big.db", "demo.db"):
            for suffix in ("", "-wal", "-shm"):
                Path(folder, name + suffix).unlink(missing_ok=True)
    if not (Path(folder) / "enterprises.csv").exists():
        run("make", folder)
    trained_db = "demo.db" if N > 3200 else None  # the big world's database with the demo trained in it
    steps = {
        "import": (f"import and tag {N:,} enterprises (CSV → validated → tagged → SQLite)", ("import",)),
        "cli_tag": (f"`python -m recommender tag`, {N:,} enterprises read again, CSV of every reading", ("cli", "tag", "big.db")),
        "cli_gaps": ("`python -m recommender gaps`, the default region's chain map and gaps", ("cli", "gaps", "big.db")),
        "score": (f"score {N:,} enterprises × every segment of 4 chains, rule score + reasons", ("score", "")),
        "cli_score": (f"`python -m recommender score`, {N:,} enterprises, 2 regions, rule score, CSV with every row's reason",
                      ("cli_score", "big.db")),
        "train": (f"retrain on the demo's five years of deals, {N:,} candidates in the database", ("train",)),
        "score_trained": (f"score {N:,} enterprises × every segment of 4 chains, gradient boosting + reasons",
                          ("score", "trained")),
        "cli_score_trained": (f"`python -m recommender score`, {N:,} enterprises, 2 regions, gradient boosting, "
                              "every row's reason", ("cli_score", trained_db)),
        "cli_score_dask": (f"`python -m recommender score --engine dask` (local cluster, 2 workers), {N:,} enterprises, "
                           "2 regions, rule score, every row's reason", ("cli_score", "big.db", "--engine", "dask")),
    }
    results = {}
    for phase in phases:
        name, (step, *args) = steps[phase][0], steps[phase][1]
        if phase == "cli_score_trained" and trained_db is None:
            continue
        results[name] = run(step, folder, *args)
    import platform
    lines = ["# Speed and memory", "", f"Command: `.venv/bin/python bench/speed.py --n {N}` on {os.cpu_count()} cores, "
             f"Python {platform.python_version()}.", "", "| phase | seconds | peak memory (MB) | detail |", "|---|---|---|---|"]
    for name, r in results.items():
        detail = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("seconds", "peak_mb"))
        lines.append(f"| {name} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {detail} |")
    text = "\n".join(lines)
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / f"speed-{N}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        phase, folder = sys.argv[1], sys.argv[2]
        fn = {"make": phase_make, "import": phase_import, "train": phase_train,
              "cli_score": lambda f: phase_cli_score(f, *sys.argv[3:]),
              "cli": lambda f: phase_cli(f, *sys.argv[3:]),
              "score": lambda f: phase_score(f, sys.argv[3] == "trained")}[phase]
        result = fn(folder)
        result["peak_mb"] = peak_mb()
        # the largest process it forked or spawned (tagging, training's folds and features): shared pages count
        # in both, so this is a bound on any one process, not a sum
        result["peak_children_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        print(json.dumps(result, ensure_ascii=False))
    else:
        main()
