"""Page response time with 20,000 enterprises: each page's server-side run through AppTest,
first (cold: scores computed and stored) and then warm (cached), as a user clicking between pages sees it.

    .venv/bin/python bench/pages.py            # writes bench/out/pages.md
    .venv/bin/python bench/pages.py --db /tmp/speed-1.2M/demo.db   # a copy of a database bench/speed.py left
                                                                   # (1.2M enterprises, the demo's deals, a model)
"""
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommender.auth import ensure_demo_accounts  # noqa: E402
from recommender.demo import load_demo, load_settings  # noqa: E402
from recommender.store import Store  # noqa: E402

PAGES = {"staff": ["ui/chain_map.py", "ui/gaps.py", "ui/leaders.py", "ui/recommend.py", "ui/profile.py", "ui/review.py"],
         "analyst": ["ui/data_import.py", "ui/models.py", "ui/insight.py"],
         "manager": ["ui/pipeline.py", "ui/audit.py"], "admin": ["ui/users.py"]}  # every page of app.py
PASSWORDS = {"staff": "staff-2026", "analyst": "analyst-2026", "manager": "manager-2026", "admin": "admin-2026"}


def main(n=20000, source=None):
    from streamlit.testing.v1 import AppTest
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        if source:  # a copy: the app stores scores and accounts in it
            import shutil
            shutil.copy(source, db)
            if Path(source).with_suffix(".models").is_dir():  # the model files the registry checks
                shutil.copytree(Path(source).with_suffix(".models"), db.with_suffix(".models"))
            if Path(f"{source}.parquet").is_dir():  # the snapshot and scores kept beside it, as a server finds them
                shutil.copytree(f"{source}.parquet", f"{db}.parquet")
            store = Store.open(db)
            n = store.counts()["enterprises"]
        else:
            store = Store.open(db)
            load_demo(store, load_settings(n_enterprises=n, approaches_per_month=60))
        ensure_demo_accounts(store)
        os.environ["CHAINMATCH_DB"] = str(db)
        rows = []
        for role, pages in PAGES.items():
            t = time.perf_counter()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
            rows.append((role, "login page (after its form: the stored snapshot and scores read once per server)",
                         time.perf_counter() - t, float("nan")))
            at.text_input(key="login_username").input(role)
            at.text_input(key="login_password").input(PASSWORDS[role])
            t = time.perf_counter()
            at.button[0].click().run()
            rows.append((role, "log in + first page (scores computed once if not stored)", time.perf_counter() - t, float("nan")))
            for page in pages:
                timings = []
                for _ in range(3):
                    t = time.perf_counter()
                    at.switch_page(str(ROOT / page)).run()
                    timings.append(time.perf_counter() - t)
                    assert not at.exception, at.exception
                rows.append((role, page, timings[0], min(timings[1:])))
                print(rows[-1], flush=True)
    command = f"bench/pages.py --db {source}" if source else "bench/pages.py"
    lines = [f"# Page response time, {n:,} enterprises", "", f"Command: `.venv/bin/python {command}` (server-side run "
             "of each page through Streamlit's AppTest; first visit computes and stores the scores once per model version "
             "and region, later visits read them).", "", "| role | page | first visit (s) | later visits (s) |", "|---|---|---|---|"]
    lines += [f"| {r} | {p} | {a:.2f} | {b:.2f} |" for r, p, a, b in rows]
    text = "\n".join(lines)
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / f"pages-{n}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="enterprises of a new demo world (default 20,000)")
    ap.add_argument("--db", help="measure on a copy of this database instead")
    args = ap.parse_args()
    main(args.n, args.db)
