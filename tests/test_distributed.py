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
