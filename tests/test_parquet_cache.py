"""The Parquet files beside a SQLite database: read only while they match the data, equal to what SQL reads."""
import sqlite3

import pytest
from pandas.testing import assert_frame_equal

from recommender import schema as t
from recommender import scoring
from recommender.importer import import_files
from recommender.parquet_cache import ParquetCache
from recommender.snapshot import Snapshot
from recommender.store import Store
from recommender.workbench import cached_scores
from tests.conftest import write_csv


def _no_sql_read(store, monkeypatch):
    """Make the store's enterprise and tag reads fail, so a load can only succeed from the files."""
    def refuse(*_a, **_k):
        raise AssertionError("read through SQL although the files match")
    monkeypatch.setattr(store, "enterprises", refuse)
    monkeypatch.setattr(store, "tags", refuse)


def test_a_kept_snapshot_is_read_back_from_parquet_equal_to_sql(demo_db, monkeypatch):
    store = Store.open(demo_db)
    from_sql = Snapshot.load(store, keep=True)
    assert ParquetCache.beside(store).folder.is_dir()
    _no_sql_read(store, monkeypatch)
    from_files = Snapshot.load(store)
    assert_frame_equal(from_files.enterprises, from_sql.enterprises)
    assert_frame_equal(from_files.tags, from_sql.tags)
    assert from_files.revision == from_sql.revision


def test_a_data_change_makes_the_files_stale(demo_db, tmp_path, monkeypatch):
    store = Store.open(demo_db)
    Snapshot.load(store, keep=True)
    before = store.revision_id()
    new = write_csv(tmp_path / "new.csv", ["enterprise_id", "name", "business_scope"], [["NEW-1", "示例新企业", "锂离子电池制造"]])
    import_files(store, enterprises=new, user="test")
    assert store.revision_id() != before
    after = Snapshot.load(store, keep=True)
    assert "NEW-1" in set(after.enterprises["enterprise_id"])  # not the old file's enterprises
    _no_sql_read(store, monkeypatch)
    assert "NEW-1" in set(Snapshot.load(store).enterprises["enterprise_id"])  # the new revision's files
    assert len(list(ParquetCache.beside(store).folder.glob("*.parquet"))) == 2  # the old revision's were removed


def test_a_damaged_file_is_ignored_and_sql_read_instead(demo_db):
    store = Store.open(demo_db)
    from_sql = Snapshot.load(store, keep=True)
    for path in ParquetCache.beside(store).folder.glob("*.parquet"):
        path.write_bytes(b"not parquet")
    assert_frame_equal(Snapshot.load(store).enterprises, from_sql.enterprises)


def test_stored_scores_live_in_parquet_beside_a_sqlite_file_and_read_back_equal(demo_db, monkeypatch):
    store = Store.open(demo_db)
    snap = Snapshot.load(store)
    version, model = scoring.serving_model(store)
    computed = cached_scores(store, snap, model, version, "baodi")
    monkeypatch.setattr("recommender.workbench.score_region", lambda *a, **k: pytest.fail("scored again"))
    stored = cached_scores(store, snap, model, version, "baodi")
    assert_frame_equal(stored, computed)
    assert len(stored) > 500
    assert store.read(t.scores).empty  # no 2.1M SQL rows at 1.2M enterprises


def test_a_database_without_a_file_keeps_its_scores_in_sql(demo_db):
    memory = Store.open("sqlite://")
    with sqlite3.connect(demo_db) as source:  # the demo, copied into a database that has no folder beside it
        source.backup(memory.engine.raw_connection().driver_connection)
    assert ParquetCache.beside(memory) is None
    snap = Snapshot.load(memory, keep=True)
    version, model = scoring.serving_model(memory)
    computed = cached_scores(memory, snap, model, version, "baodi")
    assert len(memory.read(t.scores)) == len(computed) > 500
    assert_frame_equal(cached_scores(memory, snap, model, version, "baodi"), computed, check_dtype=False)
