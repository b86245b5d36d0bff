"""Large tables read through Arrow: the same frame SQL gives, and SQL whenever Arrow cannot vouch for it."""
import datetime as dt
import os

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select, text

from recommender import arrow_read
from recommender import schema as t
from recommender.arrow_read import read_table
from recommender.snapshot import SNAPSHOT_COLUMNS
from recommender.store import Store


def _through_sql(store, table, columns):
    with store.engine.connect() as conn:
        return pd.read_sql(select(*(table.c[c] for c in columns)), conn)


def _awkward_enterprises(n=2500):
    """Rows where SQLite's dynamic types could mislead a reader: a text column empty for the first 1,500 rows
    (the driver's default batch is 1,024), missing sizes and dates, a column with nothing at all."""
    return [{"enterprise_id": f"E{i:05d}", "name": f"示例企业{i}", "district": "海淀区" if i % 3 else None,
             "industry_code": None if i < 1500 else f"C38{i % 10}1", "industry_name": None,
             "business_scope": "锂离子电池制造；电池销售" if i % 2 else "", "main_products": None if i < 1500 else "电芯",
             "registered_capital_wan": None if i % 7 == 0 else i * 1.5, "employees": None if i % 5 == 0 else i,
             "revenue_wan": None, "founded": None if i % 4 == 0 else dt.date(2000 + i % 20, 1 + i % 12, 1 + i % 28),
             "tags": "专精特新" if i % 11 == 0 else None, "relocation_intent": "是" if i % 2 else "未知",
             "synthetic": bool(i % 2)} for i in range(n)]


@pytest.fixture
def awkward_store(tmp_path):
    store = Store.open(tmp_path / "a.db")
    with store.engine.begin() as conn:
        conn.execute(insert(t.enterprises), _awkward_enterprises())
        conn.execute(insert(t.enterprise_segments), [{"enterprise_id": f"E{i:05d}", "chain": "power_battery",
                                                      "segment": "cell", "confidence": i / 2500} for i in range(2500)])
    return store


def test_arrow_gives_the_frame_sql_gives_even_where_sqlite_types_mislead(awkward_store):
    fast = read_table(awkward_store.sqlite_file, t.enterprises, SNAPSHOT_COLUMNS)
    assert fast is not None  # read through Arrow, not fallen back
    assert_frame_equal(fast, _through_sql(awkward_store, t.enterprises, SNAPSHOT_COLUMNS))
    assert fast["founded"].iloc[1] == dt.date(2001, 2, 2) and fast["founded"].iloc[0] is None


def test_the_store_reads_enterprises_and_tags_through_arrow(awkward_store, monkeypatch):
    calls = []
    real = arrow_read.read_table
    monkeypatch.setattr(arrow_read, "read_table", lambda *a: calls.append(a[1].name) or real(*a))
    assert_frame_equal(awkward_store.enterprises(SNAPSHOT_COLUMNS),
                       _through_sql(awkward_store, t.enterprises, SNAPSHOT_COLUMNS))
    assert_frame_equal(awkward_store.tags(), _through_sql(awkward_store, t.enterprise_segments,
                                                          [c.name for c in t.enterprise_segments.columns]))
    assert calls == ["enterprises", "enterprise_segments"]


def test_a_cell_that_does_not_fit_its_column_sends_the_read_to_sql(awkward_store):
    with awkward_store.engine.begin() as conn:  # SQLite keeps text in an INTEGER column
        conn.execute(text("UPDATE enterprises SET employees = 'about 30' WHERE enterprise_id = 'E00001'"))
    assert read_table(awkward_store.sqlite_file, t.enterprises, ["enterprise_id", "employees"]) is None
    frame = awkward_store.enterprises(["enterprise_id", "employees"])
    assert "about 30" in set(frame["employees"])  # what SQL reads, not a failure


def test_columns_arrow_does_not_know_and_databases_without_a_file_go_through_sql(tmp_path):
    odd = Table("odd", MetaData(), Column("id", Integer, primary_key=True), Column("blob", t.JSON))
    engine = create_engine(f"sqlite:///{tmp_path / 'o.db'}")
    odd.metadata.create_all(engine)
    assert read_table(tmp_path / "o.db", odd, ["id", "blob"]) is None
    assert read_table(tmp_path / "missing.db", Table("x", MetaData(), Column("a", String)), ["a"]) is None
    memory = Store.open("sqlite://")
    assert memory.sqlite_file is None and memory.tags().empty


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads Linux's account of the address space")
def test_reading_reserves_room_for_the_rows_there_are_not_a_billion(awkward_store):
    """The driver reserves room for a whole batch; a batch sized for a billion rows took 190 GB of address
    space, and the training's next fork failed with 'Cannot allocate memory'."""
    def address_space_mb():
        return int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) / 1024
    before = address_space_mb()
    assert read_table(awkward_store.sqlite_file, t.enterprises, SNAPSHOT_COLUMNS) is not None
    assert address_space_mb() - before < 1024
