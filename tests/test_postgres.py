"""The same contract on PostgreSQL: migrations, import (upserts), gaps, train, score, rollback."""
import pandas as pd
import pytest

from recommender.cli import main
from recommender.store import Store
from tests import postgres

pytestmark = pytest.mark.skipif(not postgres.available(), reason="no PostgreSQL server binaries (initdb, pg_ctl) found")


@pytest.fixture(scope="module")
def pg_url():
    with postgres.postgres_server() as url:
        yield url


def test_the_contract_runs_on_postgresql(pg_url, small_world_files, tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINMATCH_MODEL_DIR", str(tmp_path / "models"))
    f = small_world_files
    assert main(["import", "--db", pg_url, "--enterprises", str(f / "enterprises.csv"), "--firms", str(f / "firms.csv"),
                 "--deals", str(f / "deals.csv")]) == 0
    assert main(["import", "--db", pg_url, "--enterprises", str(f / "enterprises.csv")]) == 0   # upsert, no duplicates
    store = Store.open(pg_url)
    assert store.counts()["enterprises"] == 900 + 22
    assert main(["gaps", "--db", pg_url, "--out", str(tmp_path / "g.csv")]) == 0
    assert pd.read_csv(tmp_path / "g.csv")["leaders"].sum() == 7
    assert main(["train", "--db", pg_url, "--until", "2026-01-01"]) == 0
    assert main(["train", "--db", pg_url]) == 0
    assert main(["score", "--db", pg_url, "--out", str(tmp_path / "s.csv"), "--top", "3"]) == 0
    assert len(pd.read_csv(tmp_path / "s.csv")) > 0
    assert main(["models", "rollback", "--db", pg_url]) == 0


def test_a_bad_import_leaves_postgresql_unchanged(pg_url, tmp_path, capsys):
    before = Store.open(pg_url).counts()
    bad = tmp_path / "d.csv"
    bad.write_text("enterprise_id,stage,date\nNOPE,签约,2024-01-01\n", encoding="utf-8")
    assert main(["import", "--db", pg_url, "--deals", str(bad)]) == 2
    assert Store.open(pg_url).counts() == before
