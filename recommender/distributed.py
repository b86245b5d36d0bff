"""Scoring partitioned by enterprise on Dask (dask.distributed): a LocalCluster by default, a real cluster by
scheduler address. The snapshot and the model are sent to the cluster once, as tasks rather than scattered data,
so a worker lost under load (a missed heartbeat) is replaced and its copy recomputed instead of leaving the
run waiting forever for data nobody holds; each partition scores its
enterprises (best segment per chain); the driver ranks all rows in the documented order, keeps the top rows,
and the workers write the reasons of the rows that are kept. Every row's score and reason depend on that row
only, so the output is identical, row for row, to in-process scoring (tests/test_distributed.py).

>>> partition_of(["91A", "91B", "91C"], 2) == partition_of(["91C", "91A", "91B"], 2)
True
"""
from __future__ import annotations

import zlib

import pandas as pd

from recommender.features import candidate_pairs
from recommender.scoring import best_rows, explained, ranked


def partition_of(ids, n: int) -> list[list]:
    """Enterprise ids into ``n`` partitions by a stable hash (the same ids always land together)."""
    parts = [[] for _ in range(n)]
    for eid in sorted(set(ids)):
        parts[zlib.crc32(str(eid).encode()) % n].append(eid)
    return parts


def open_client(scheduler: str | None = None, workers: int = 2):
    """A client of the cluster at ``scheduler``, or of a local cluster of worker processes."""
    from dask.distributed import Client, LocalCluster
    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)
    return Client(cluster)


def _same(value):
    return value


def _explain_part(snap, model, rows: pd.DataFrame, reasons: bool, region: str | None = None) -> pd.DataFrame:
    return explained(snap, model, rows, reasons, region)


def score_partitioned(snap, model, region: str, as_of=None, chain: str | None = None, top: int | None = None,
                      reasons: bool = True, client=None, partitions: int | None = None) -> pd.DataFrame:
    """score_region's output, computed on a Dask cluster in ``partitions`` parts (default: 4 per worker)."""
    as_of = pd.Timestamp.today().normalize() if as_of is None else pd.Timestamp(as_of)
    own = client is None
    client = client or open_client()
    try:
        n = partitions or 4 * max(1, len(client.scheduler_info().get("workers", {})))
        ids = candidate_pairs(snap, region, as_of, chain)["enterprise_id"].unique()
        parts = [p for p in partition_of(ids, n) if p]
        if not parts:
            return pd.DataFrame(columns=["enterprise_id", "chain", "segment", "match_type", "score", "rank", "reasons"])
        snap_f, model_f = client.submit(_same, snap, pure=False), client.submit(_same, model, pure=False)
        best = pd.concat(client.gather([client.submit(best_rows, snap_f, model_f, region, as_of, chain, p, pure=False)
                                        for p in parts]), ignore_index=True)
        best = ranked(best, top)
        chunks = [best.iloc[i::len(parts)] for i in range(len(parts))]
        done = client.gather([client.submit(_explain_part, snap_f, model_f, c, reasons, region, pure=False) for c in chunks if len(c)])
        out = pd.concat(done).sort_values(["chain", "rank"], kind="mergesort")
        return out.reset_index(drop=True)
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
