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
