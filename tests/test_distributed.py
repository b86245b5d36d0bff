"""Scores are deterministic, and partitioned on Dask they are the same as in-process, row for row and byte for byte."""
import subprocess
import sys

from tests.crash import ROOT


def score(db, out, *extra):
    run = subprocess.run([sys.executable, "-m", "recommender", "score", "--db", str(db), "--out", str(out), *extra],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return out.read_bytes()


def test_scores_are_byte_identical_run_after_run_and_on_dask(trained_db, tmp_path):
    first = score(trained_db, tmp_path / "a.csv", "--as-of", "2026-06-01")
    again = score(trained_db, tmp_path / "b.csv", "--as-of", "2026-06-01")
    dask = score(trained_db, tmp_path / "c.csv", "--as-of", "2026-06-01", "--engine", "dask", "--partitions", "5")
    assert first == again == dask and first.count(b"\n") > 100


def test_ties_are_broken_by_enterprise_then_segment():
    import pandas as pd
    from recommender.scoring import ranked
    rows = pd.DataFrame({"chain": ["c"] * 4, "score": [0.5, 0.5, 0.5, 0.9], "enterprise_id": ["B", "A", "C", "Z"],
                         "segment": ["s", "t", "s", "s"]})
    assert ranked(rows)["enterprise_id"].tolist() == ["Z", "A", "B", "C"]


def test_scoring_a_chunk_of_enterprises_at_a_time_changes_nothing(trained_db, monkeypatch):
    from recommender import scoring
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    store = Store.open(trained_db)
    _, model = scoring.serving_model(store)
    whole = scoring.score_region(Snapshot.load(store), model, "baodi", as_of="2026-06-01")
    monkeypatch.setattr(scoring, "CHUNK", 97)  # dozens of chunks, an enterprise never split between two
    chunked = scoring.score_region(Snapshot.load(store), model, "baodi", as_of="2026-06-01")
    assert len(whole) > 500
    assert whole.to_csv(index=False) == chunked.to_csv(index=False)


def test_a_snapshot_sent_from_the_driver_scores_as_in_process(trained_db):
    """Without a database URL the workers get the driver's snapshot (an in-memory database, say)."""
    from dask.distributed import Client
    from recommender import scoring
    from recommender.distributed import score_partitioned
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    store = Store.open(trained_db)
    snap, (_, model) = Snapshot.load(store), scoring.serving_model(store)
    with Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        parted = score_partitioned(snap, model, "baodi", as_of="2026-06-01", client=client, partitions=3)
        top = score_partitioned(snap, model, "baodi", as_of="2026-06-01", client=client, partitions=3, top=7)
    whole = scoring.contract_columns(scoring.score_region(snap, model, "baodi", as_of="2026-06-01"))
    assert len(whole) > 500 and parted.to_csv(index=False) == whole.to_csv(index=False)
    top_whole = scoring.contract_columns(scoring.score_region(snap, model, "baodi", as_of="2026-06-01", top=7))
    assert len(top_whole) == 7 * len(snap.chains) and top.to_csv(index=False) == top_whole.to_csv(index=False)


def test_a_worker_refuses_a_database_that_changed_after_the_driver_read_it(trained_db):
    import pytest
    from chains.errors import ChainMatchError
    from recommender.distributed import worker_snapshot
    from recommender.store import Store
    store = Store.open(trained_db)
    assert worker_snapshot(store.url, store.data_revision()).revision == store.data_revision()
    with pytest.raises(ChainMatchError, match="changed while scoring"):
        worker_snapshot(store.url, store.data_revision() - 1)
