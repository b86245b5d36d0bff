"""kill -9 during import and training leaves the database whole (SQLite and PostgreSQL); 2, 8 and 32 processes
writing at once lose nothing and never fail with "database is locked"; pages read while an import runs."""
import multiprocessing as mp
import os
import subprocess
import sys
import time

import pytest

from recommender import registry
from recommender.store import Store
from tests import postgres
from tests.conftest import copy_db
from tests.crash import ROOT, big_enterprises_csv, integrity_ok, run_and_kill, writer


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    return big_enterprises_csv(tmp_path_factory.mktemp("big") / "big.csv")


def snapshot_state(store):
    return store.counts(), registry.active_version(store), len(registry.versions(store))


@pytest.mark.parametrize("after", [0.8, 2.0, 3.5])
def test_kill_9_during_import_leaves_the_database_as_it_was(demo_db_file, big_csv, tmp_path, after):
    db = copy_db(demo_db_file, tmp_path / "k.db")
    before = snapshot_state(Store.open(db))
    code = run_and_kill(["import", "--db", str(db), "--enterprises", str(big_csv)], after)
    assert integrity_ok(db)
    counts, active, n_versions = snapshot_state(Store.open(db))
    if code is None:                                   # killed: nothing of the import is there
        assert (counts, active, n_versions) == before
    else:                                              # finished first: all of it is there
        assert counts["enterprises"] == before[0]["enterprises"] + 30000
    out = tmp_path / "s.csv"
    assert subprocess.run([sys.executable, "-m", "recommender", "score", "--db", str(db), "--out", str(out), "--top", "5"],
                          cwd=ROOT, capture_output=True, timeout=300).returncode == 0 and out.stat().st_size > 0


@pytest.mark.parametrize("after", [1.0, 4.0])
def test_kill_9_during_training_keeps_the_active_model(demo_db_file, tmp_path, after):
    db = copy_db(demo_db_file, tmp_path / "t.db")
    assert subprocess.run([sys.executable, "-m", "recommender", "train", "--db", str(db), "--until", "2025-06-01"],
                          cwd=ROOT, capture_output=True, timeout=300).returncode == 0
    before = snapshot_state(Store.open(db))
    code = run_and_kill(["train", "--db", str(db)], after)
    assert integrity_ok(db)
    store = Store.open(db)
    counts, active, n_versions = snapshot_state(store)
    assert counts == before[0]
    if code is None:
        assert (active, n_versions) == before[1:]
    registry.load_active(store)                          # the active model's file is intact and trusted
    out = tmp_path / "s.csv"
    assert subprocess.run([sys.executable, "-m", "recommender", "score", "--db", str(db), "--out", str(out), "--top", "5"],
                          cwd=ROOT, capture_output=True, timeout=300).returncode == 0


def _concurrent(url, processes, per_process):
    before = Store.open(url).counts()
    with mp.get_context("spawn").Pool(processes) as pool:
        results = pool.map(writer, [(url, w, per_process) for w in range(processes)])
    return before, results


def _check(url, before, results, processes, per_process):
    from recommender.shortlists import items
    errors = [e for r in results for e in r["errors"]]
    assert not errors, errors[:3]
    store = Store.open(url)
    listed = items(store)
    mine = listed[listed["added_by"].str.startswith("staff")]
    assert len(mine) == processes * per_process == sum(r["items"] for r in results)      # no lost insert
    assert (mine["reviewed_by"] == "manager").all() and (mine["status"] == "同意").all()   # no lost review
    events = store.deal_events()
    assert events["note"].fillna("").str.match(r"w\d+-\d+").sum() == processes * per_process   # no lost stage


@pytest.mark.parametrize("processes,per_process", [(2, 6), (8, 3), (32, 2)])
def test_many_writers_on_one_sqlite_file_lose_nothing(demo_db_file, tmp_path, processes, per_process):
    db = copy_db(demo_db_file, tmp_path / "c.db")
    url = f"sqlite:///{db}"
    before, results = _concurrent(url, processes, per_process)
    _check(url, before, results, processes, per_process)
    assert integrity_ok(db)


def test_pages_keep_reading_while_an_import_runs(demo_db_file, big_csv, tmp_path):
    from recommender.snapshot import Snapshot
    db = copy_db(demo_db_file, tmp_path / "r.db")
    start = Store.open(db).counts()["enterprises"]
    proc = subprocess.Popen([sys.executable, "-m", "recommender", "import", "--db", str(db), "--enterprises", str(big_csv)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = set()
    try:
        while proc.poll() is None:
            snap = Snapshot.load(Store.open(db))     # what a page reads: never half an import
            seen.add(len(snap.enterprises))
            time.sleep(0.2)
    finally:
        proc.wait(timeout=300)
    assert proc.returncode == 0 and seen <= {start, start + 30000} and start in seen


pg = pytest.mark.skipif(not postgres.available(), reason="no PostgreSQL server binaries (initdb, pg_ctl) found")


@pytest.fixture(scope="module")
def pg_demo(small_world_files, tmp_path_factory):
    from recommender.cli import main
    with postgres.postgres_server() as url:
        f = small_world_files
        assert main(["import", "--db", url, "--enterprises", str(f / "enterprises.csv"), "--firms", str(f / "firms.csv"),
                     "--deals", str(f / "deals.csv")]) == 0
        yield url


@pg
def test_kill_9_during_import_on_postgresql(pg_demo, big_csv):
    before = Store.open(pg_demo).counts()
    code = run_and_kill(["import", "--db", pg_demo, "--enterprises", str(big_csv)], 1.5)
    after = Store.open(pg_demo).counts()
    assert after == before if code is None else after["enterprises"] == before["enterprises"] + 30000


@pg
def test_kill_9_during_training_on_postgresql(pg_demo, tmp_path, monkeypatch):
    env = {"CHAINMATCH_MODEL_DIR": str(tmp_path / "models")}
    monkeypatch.setenv("CHAINMATCH_MODEL_DIR", env["CHAINMATCH_MODEL_DIR"])
    train = [sys.executable, "-m", "recommender", "train", "--db", pg_demo, "--until", "2025-06-01"]
    assert subprocess.run(train, cwd=ROOT, env={**os.environ, **env}, capture_output=True, timeout=600).returncode == 0
    store = Store.open(pg_demo)
    before = snapshot_state(store)
    code = run_and_kill(["train", "--db", pg_demo], 3.0, env)
    counts, active, n_versions = snapshot_state(store)
    assert counts == before[0]
    if code is None:
        assert (active, n_versions) == before[1:]
    registry.load_active(store)                          # the active model's file is intact and trusted
    out = tmp_path / "s.csv"
    assert subprocess.run([sys.executable, "-m", "recommender", "score", "--db", pg_demo, "--out", str(out), "--top", "5"],
                          cwd=ROOT, env={**os.environ, **env}, capture_output=True, timeout=300).returncode == 0
    assert out.stat().st_size > 0


@pg
@pytest.mark.parametrize("processes,per_process", [(2, 4), (8, 2), (32, 1)])
def test_many_writers_on_postgresql_lose_nothing(pg_demo, processes, per_process):
    from recommender.shortlists import items
    store = Store.open(pg_demo)
    listed_before = len(items(store))
    before, results = _concurrent(pg_demo, processes, per_process)
    errors = [e for r in results for e in r["errors"]]
    assert not errors, errors[:3]
    assert len(items(store)) - listed_before == processes * per_process == sum(r["items"] for r in results)

