"""Helpers for crash and concurrency checks (tests and bench/reliability.py): kill a command mid-way, and run
many writer processes against one database."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def big_enterprises_csv(path: Path, n: int = 30000, seed: int = 7) -> Path:
    """A synthetic enterprise export large enough that importing it takes a few seconds."""
    import numpy as np
    from chains.templates import load_chains
    from recommender.demo import load_settings, make_enterprises
    frame = make_enterprises(load_settings(n_enterprises=n), load_chains(), np.random.default_rng(seed))
    frame = frame.assign(enterprise_id=frame["enterprise_id"].str.replace("DEMO", "KILL", regex=False))
    frame.drop(columns=["_kind", "_segment", "extra"]).to_csv(path, index=False)
    return path


def run_and_kill(argv: list[str], after: float, env: dict | None = None) -> int | None:
    """Start ``python -m recommender ARGV`` and SIGKILL it after ``after`` seconds; its exit code if it ended first."""
    proc = subprocess.Popen([sys.executable, "-m", "recommender", *argv], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + after
    while time.time() < deadline:
        if proc.poll() is not None:
            return proc.returncode
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return None


def integrity_ok(db_path: Path) -> bool:
    import sqlite3
    with sqlite3.connect(db_path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def writer(args) -> dict:
    """One process's share of concurrent work: add shortlist items, review them, log stages. Returns what it did
    and any errors (for 'database is locked' and lost updates)."""
    url, worker, n_items = args
    from recommender.shortlists import add_items, create_shortlist, review_item
    from recommender.store import Store
    import pandas as pd
    store = Store.open(url)
    ents = store.enterprises()["enterprise_id"].tolist()
    staff, manager = {"username": f"staff{worker}", "role": "staff"}, {"username": "manager", "role": "manager"}
    done = {"items": 0, "reviews": 0, "stages": 0, "errors": []}
    try:
        list_id = create_shortlist(store, staff, f"并发清单{worker}", "baodi")
        for j in range(n_items):
            eid = ents[(worker * n_items + j) % len(ents)]
            done["items"] += add_items(store, staff, list_id, pd.DataFrame([{
                "enterprise_id": eid, "chain": "power_battery", "segment": "separator", "match_type": "补链",
                "score": 0.5, "reasons": "并发测试"}]))
            from recommender.shortlists import items
            item_id = int(items(store, list_id)["id"].max())
            review_item(store, manager, item_id, "同意", f"w{worker}")
            done["reviews"] += 1
            store.log_stage(eid, "baodi", "power_battery", "接触", pd.Timestamp("2026-01-01").date() + pd.Timedelta(days=j),
                            staff["username"], f"w{worker}-{j}")
            done["stages"] += 1
    except Exception as exc:  # counted, not raised: the test reports every failure
        done["errors"].append(f"{type(exc).__name__}: {exc}")
    return done
