"""Scores for the app, computed once per (model version, region, data revision) and kept in the store.

>>> cache_key(3, "baodi", 7)
'v3:baodi:r7'
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, insert, select

from recommender import schema as t
from recommender.parquet_cache import ParquetCache
from recommender.scoring import score_region, serving_model
from recommender.store import CHUNK, Store, db_rows

STORED = ["region_id", "enterprise_id", "chain", "segment", "match_type", "score", "rank", "reasons", "park", "park_fit",
          "park_reason", "park_reason_en", "belongs"]


def cache_key(version, region: str, revision: int) -> str:
    return f"v{version or 0}:{region}:r{revision}"


def _parquet(store: Store, key: str, region: str):
    """The Parquet folder beside the store (None for other databases) and the kind and key its scores go by."""
    cache = ParquetCache.beside(store)
    return cache, f"scores-{region}", (f"{store.revision_id()}-{key}" if cache else key)


def is_stored(store: Store, version, region: str, revision: int) -> bool:
    """Whether scores of this model version, region and data revision are stored (reading them is quick)."""
    key = cache_key(version, region, revision)
    cache, kind, file_key = _parquet(store, key, region)
    if cache:
        return cache.has(kind, file_key)
    with store.engine.connect() as conn:
        return conn.scalar(select(t.scores.c.cache_key).where(t.scores.c.cache_key == key).limit(1)) is not None


def cached_scores(store: Store, snap, model, version, region: str) -> pd.DataFrame:
    """The stored scores for this model version, region and data revision; computed and stored on first use
    (as Parquet beside a SQLite file, where 2.1M SQL rows took 16 minutes to write; else in the scores table)."""
    key = cache_key(version, region, snap.revision)
    cache, kind, file_key = _parquet(store, key, region)
    stored = cache.get(kind, file_key) if cache else \
        store.read(t.scores, t.scores.c.cache_key == key).drop(columns=["cache_key"])
    if stored is not None and len(stored) and set(STORED) <= set(stored.columns):  # (a file from before a column)
        return stored.sort_values(["chain", "rank"]).reset_index(drop=True)
    scored = score_region(snap, model, region).assign(region_id=region).reindex(columns=STORED)
    if cache:
        cache.put(kind, file_key, scored)
        return scored.reset_index(drop=True)
    with store.write() as conn:
        conn.execute(delete(t.scores).where(t.scores.c.region_id == region, t.scores.c.cache_key != key))
        for start in range(0, len(scored), CHUNK):  # a chunk of dicts at a time: a million at once took GBs
            conn.execute(insert(t.scores), db_rows(scored.iloc[start:start + CHUNK].assign(cache_key=key),
                                                    [*STORED, "cache_key"]))
    return scored.reset_index(drop=True)


def warm(store: Store) -> None:
    """Compute and store the scores of every region for the serving model (after data or model changes)."""
    from recommender.snapshot import Snapshot
    version, model = serving_model(store)
    snap = Snapshot.load(store, keep=True)
    for region in store.region_ids():
        cached_scores(store, snap, model, version, region)
