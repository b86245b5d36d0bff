"""Shared fixtures: tiny files, an empty store and the demo store (built once per session)."""
from __future__ import annotations

import shutil

import pytest

from recommender.store import Store


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory):
    """A SQLite file holding the demo world; copy it before changing it."""
    from recommender.demo import load_demo
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store.open(path)
    load_demo(store)
    store.engine.dispose()  # closes connections, so SQLite folds the WAL into the file we copy
    return path


@pytest.fixture
def demo_db(demo_db_file, tmp_path):
    """A private copy of the demo database's file."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_file, path)
    return path


@pytest.fixture
def empty_db(tmp_path):
    return tmp_path / "empty.db"


def write_csv(path, header, rows, encoding="utf-8"):
    text = "\n".join([",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path
