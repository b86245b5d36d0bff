"""Speed and memory: import + tag 100,000 enterprises, score them against every segment of the
four chains, retrain on five years of deals. Each phase runs in its own process so its peak
memory (max RSS) is its own.

    .venv/bin/python bench/speed.py            # writes bench/out/speed.md
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = 100_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_make(folder):
    import numpy as np
    from chains.templates import load_chains
    from recommender.demo import load_settings, make_enterprises
    frame = make_enterprises(load_settings(n_enterprises=N), load_chains(), np.random.default_rng(5))
    frame.drop(columns=["_kind", "_segment", "extra"]).to_csv(Path(folder) / "enterprises.csv", index=False)
    return {}


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


def phase_train(folder):
    from recommender.demo import load_demo
    from recommender.store import Store
    from recommender.training import train
    store = Store.open(Path(folder) / "demo.db")
    load_demo(store)
    t = time.perf_counter()
    version, report = train(store, user="bench")
    events = len(store.deal_events())
    # make the learned ranker active for the scoring phase, whatever was chosen
    from recommender.training import fit_final
    from recommender import registry
    from recommender.snapshot import Snapshot
    model, _ = fit_final(Snapshot.load(store), {"name": "gradient_boosting", "blend": None}, report.until)
    registry.register(store, model, kind="gradient_boosting", params={}, metrics={}, train_until=report.until,
                      user="bench", note="bench: forced learned model")
    return {"seconds": time.perf_counter() - t, "deal_events": events, "chosen": report.chosen}


def run(phase, folder, *args):
    out = subprocess.run([sys.executable, __file__, phase, folder, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    with tempfile.TemporaryDirectory() as folder:
        run("make", folder)
        results = {
            f"import and tag {N:,} enterprises (CSV → validated → tagged → SQLite)": run("import", folder),
            "retrain on the demo's five years of deals (evaluation + refit + register)": run("train", folder),
            f"score {N:,} enterprises × every segment of 4 chains, rule score": run("score", folder, ""),
            f"score {N:,} enterprises × every segment of 4 chains, gradient boosting + reasons": run("score", folder, "trained"),
        }
    import platform
    import os
    lines = ["# Speed and memory", "", f"Command: `.venv/bin/python bench/speed.py` on {os.cpu_count()} cores, "
             f"Python {platform.python_version()}.", "", "| phase | seconds | peak memory (MB) | detail |", "|---|---|---|---|"]
    for name, r in results.items():
        detail = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("seconds", "peak_mb"))
        lines.append(f"| {name} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {detail} |")
    text = "\n".join(lines)
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "speed.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        phase, folder = sys.argv[1], sys.argv[2]
        fn = {"make": phase_make, "import": phase_import, "train": phase_train,
              "score": lambda f: phase_score(f, sys.argv[3] == "trained")}[phase]
        result = fn(folder)
        result["peak_mb"] = peak_mb()
        print(json.dumps(result, ensure_ascii=False))
    else:
        main()
