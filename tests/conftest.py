"""Shared fixtures: tiny files, an empty store and the demo store (built once per session)."""
from __future__ import annotations

import os
import shutil

# Two pytest workers share two cores with the commands they start: one OpenMP thread each, or gradient boosting
# spins on cores that are already busy (a 40 s training took over 300 s that way in CI).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pytest

from recommender.store import Store


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory):
    """A SQLite file holding the demo world; copy it before changing it."""
    from recommender.demo import load_demo
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    load_demo(Store.open(path))
    return path


@pytest.fixture
def demo_db(demo_db_file, tmp_path):
    """A private copy of the demo database's file."""
    return copy_db(demo_db_file, tmp_path / "demo.db")


@pytest.fixture
def empty_db(tmp_path):
    return tmp_path / "empty.db"


def copy_db(src, dst):
    """Copy a SQLite database consistently (WAL included) with SQLite's backup API, and its models."""
    import sqlite3
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    models = src.with_suffix(".models")
    if models.exists():
        shutil.copytree(models, dst.with_suffix(".models"))
    return dst


def write_csv(path, header, rows, encoding="utf-8"):
    text = "\n".join([",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="session")
def small_world_files(tmp_path_factory):
    """A small synthetic world written as the contract's three CSV files (enterprises, firms, deals)."""
    from recommender.demo import build_world, load_settings
    folder = tmp_path_factory.mktemp("world")
    settings = load_settings(n_enterprises=900, approaches_per_month=14, seed=11,
                             synthetic_local_firms={"baodi": 10, "qingyang": 4})
    enterprises, local, deals, _ = build_world(settings)
    enterprises.drop(columns=["_kind", "_segment", "extra"]).to_csv(folder / "enterprises.csv", index=False)
    firms = local.rename(columns={"region_id": "region"}).assign(
        segments=local["segments"].str.replace(r"[a-z_]+\.", "", regex=True),
        is_leader=local["is_leader"].map({True: "是", False: "否"}),
        region=local["region_id"].map({"baodi": "宝坻区", "qingyang": "庆阳市"}))
    firms[["enterprise_id", "name", "is_leader", "chain", "segments", "park", "region"]].to_csv(folder / "firms.csv", index=False)
    deals.rename(columns={"region_id": "region"}).assign(
        region=deals["region_id"].map({"baodi": "宝坻区", "qingyang": "庆阳市"})
    )[["enterprise_id", "stage", "date", "chain", "segment", "amount_wan", "region"]].to_csv(folder / "deals.csv", index=False)
    return folder


@pytest.fixture(scope="session")
def trained_db_file(small_world_files, tmp_path_factory):
    """A database fed only through the contract import, then trained once."""
    from recommender.cli import main
    path = tmp_path_factory.mktemp("trained") / "t.db"
    f = small_world_files
    assert main(["import", "--db", str(path), "--enterprises", str(f / "enterprises.csv"),
                 "--firms", str(f / "firms.csv"), "--deals", str(f / "deals.csv")]) == 0
    assert main(["train", "--db", str(path)]) == 0
    return path


@pytest.fixture
def trained_db(trained_db_file, tmp_path):
    return copy_db(trained_db_file, tmp_path / "t.db")
