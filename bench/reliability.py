"""Reliability figures: hostile files tried and answered cleanly, kill -9 crashes survived, concurrent writers'
lost updates and "database is locked" failures — on SQLite, and on PostgreSQL where its binaries are installed.

    .venv/bin/python bench/reliability.py        # prints the table and writes bench/out/reliability.md
"""
from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chains.errors import ChainMatchError  # noqa: E402
from recommender import registry  # noqa: E402
from recommender.importer import import_files  # noqa: E402
from recommender.store import Store  # noqa: E402
from tests import postgres  # noqa: E402
from tests.crash import big_enterprises_csv, integrity_ok, run_and_kill, writer  # noqa: E402
from tests.hostile import GOOD, HEAD, cases  # noqa: E402


def hostile(folder: Path) -> dict:
    clean = 0
    corpus = cases()
    for i, (kind, name, data, verdict, phrase) in enumerate(corpus):
        store = Store.open(folder / f"h{i}.db")
        import_files(store, enterprises=("base.csv", (HEAD + GOOD).encode()), user="bench")
        before = store.counts()
        try:
            import_files(store, user="bench", **{kind: (name, data)})
            ok = verdict == "accepted"
        except ChainMatchError as exc:
            message = str(exc)
            ok = (verdict == "refused" and name in message and phrase in message and "\n" not in message
                  and store.counts() == before)
        clean += ok
    return {"hostile files tried": len(corpus), "answered as expected, one sentence": clean}


def crashes(folder: Path) -> dict:
    from recommender.demo import load_demo
    base = folder / "base.db"
    load_demo(Store.open(base))
    big = big_enterprises_csv(folder / "big.csv")
    tried = survived = 0
    for kind, points in (("import", (0.5, 1.0, 2.0, 3.0, 4.5)), ("train", (1.0, 3.0, 6.0))):
        for after in points:
            from tests.conftest import copy_db
            db = copy_db(base, folder / f"{kind}-{after}.db")
            store = Store.open(db)
            before = (store.counts(), registry.active_version(store))
            argv = ["import", "--db", str(db), "--enterprises", str(big)] if kind == "import" else ["train", "--db", str(db)]
            code = run_and_kill(argv, after)
            store = Store.open(db)
            after_state = (store.counts(), registry.active_version(store))
            whole = after_state == before if code is None else True
            scores = subprocess.run([sys.executable, "-m", "recommender", "score", "--db", str(db), "--out",
                                     str(folder / "s.csv"), "--top", "3"], cwd=ROOT, capture_output=True).returncode == 0
            tried += 1
            survived += bool(integrity_ok(db) and whole and scores)
    return {"kill -9 during import/train": tried, "survived (integrity ok, data as before, model pointer intact, score works)": survived}


def concurrency(url_for, label: str) -> dict:
    from recommender.shortlists import items
    lost = locked = expected = 0
    for processes, per in ((2, 6), (8, 3), (32, 2)):
        url = url_for(processes)
        store = Store.open(url)
        have = len(items(store))
        with mp.get_context("spawn").Pool(processes) as pool:
            results = pool.map(writer, [(url, w, per) for w in range(processes)])
        errors = [e for r in results for e in r["errors"]]
        locked += sum("locked" in e for e in errors)
        expected += processes * per
        lost += processes * per - (len(items(store)) - have)
    return {f"{label}: writes by 2, 8 and 32 processes": expected, f"{label}: lost updates": lost,
            f"{label}: 'database is locked' failures": locked}


def main():
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows.update(hostile(folder))
        rows.update(crashes(folder))
        from tests.conftest import copy_db
        rows.update(concurrency(lambda n: f"sqlite:///{copy_db(folder / 'base.db', folder / f'c{n}.db')}", "SQLite"))
        if postgres.available():
            with postgres.postgres_server() as url:
                from recommender.demo import load_demo
                load_demo(Store.open(url))
                rows.update(concurrency(lambda n: url, "PostgreSQL"))
    lines = ["# Reliability", "", "Command: `.venv/bin/python bench/reliability.py`", "", "| check | figure |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows.items()]
    text = "\n".join(lines)
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "reliability.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
