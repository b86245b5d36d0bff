"""Scoring partitioned by enterprise on Dask (dask.distributed): a LocalCluster by default, a real cluster by
scheduler address. Given the database's URL, each worker reads the snapshot from the database itself, once, and
keeps it for every partition and region (checked to be the revision the driver read); without one, the driver's
snapshot is sent as a task rather than scattered data, so a worker lost under load is replaced and its copy
recomputed. Each partition scores its enterprises (best segment per chain) and keeps its rows; the driver ranks
the ranking keys of all rows in the documented order, and the workers write the reasons of their rows that are
kept. Every row's score and reason depend on that row only, so the output is identical, row for row, to
in-process scoring (tests/test_distributed.py).

>>> partition_of(["91A", "91B", "91C"], 2) == partition_of(["91C", "91A", "91B"], 2)
True
"""
from __future__ import annotations

import threading
import zlib

import pandas as pd

from chains.errors import ChainMatchError
from recommender.features import candidate_pairs
from recommender.scoring import ORDER, best_rows, contract_columns, explained, ranked
from recommender.store import in_memory


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


_LOADED: dict = {}
_LOADING = threading.Lock()


def worker_snapshot(url: str, revision: int):
    """The snapshot of the database at ``url``, read once per worker process and kept (the newest one only)."""
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    with _LOADING:
        if (url, revision) not in _LOADED:
            _LOADED.clear()  # an older revision's copy is not needed any more
            snap = Snapshot.load(Store.open(url))
            if snap.revision != revision:
                raise ChainMatchError(f"the data changed while scoring (revision {revision} → {snap.revision}); "
                                      "score again")
            _LOADED[(url, revision)] = snap
        return _LOADED[(url, revision)]


def _best_part(source, model, region, as_of, chain, ids):
    return best_rows(_snapshot_of(source), model, region, as_of, chain, ids)


def _order_keys(best: pd.DataFrame) -> pd.DataFrame:
    return best[ORDER]


def _explain_kept(source, model, best: pd.DataFrame, kept: pd.DataFrame, reasons: bool, region: str) -> pd.DataFrame:
    """This partition's rows that ranking kept, with their ranks and reasons (the output's columns only)."""
    rows = best.merge(kept, on=["enterprise_id", "chain"], how="inner")
    return contract_columns(explained(_snapshot_of(source), model, rows, reasons, region))


def _snapshot_of(source):
    return worker_snapshot(*source) if isinstance(source, tuple) else source


def score_partitioned(snap, model, region: str, as_of=None, chain: str | None = None, top: int | None = None,
                      reasons: bool = True, client=None, partitions: int | None = None, url: str | None = None) -> pd.DataFrame:
    """score_region's output (its OUTPUT_COLUMNS), computed on a Dask cluster in ``partitions`` parts (default: 4
    per worker); ``url``: the database ``snap`` was read from, which every worker can reach (no snapshot is sent)."""
    as_of = pd.Timestamp.today().normalize() if as_of is None else pd.Timestamp(as_of)
    own = client is None
    client = client or open_client()
    try:
        n = partitions or 4 * max(1, len(client.scheduler_info().get("workers", {})))
        ids = candidate_pairs(snap, region, as_of, chain)["enterprise_id"].unique()
        parts = [p for p in partition_of(ids, n) if p]
        if not parts:
            return pd.DataFrame(columns=["enterprise_id", "chain", "segment", "match_type", "score", "rank", "reasons"])
        shared = url and not in_memory(url)
        source = (url, snap.revision) if shared else client.submit(_same, snap, pure=False)
        model_f = client.submit(_same, model, pure=False)
        # each partition's best rows stay on its worker; only the ranking keys come here
        best = [client.submit(_best_part, source, model_f, region, as_of, chain, p, pure=False) for p in parts]
        keys = client.gather([client.submit(_order_keys, b, pure=False) for b in best])
        order = ranked(pd.concat([k.assign(part=i) for i, k in enumerate(keys)], ignore_index=True), top)
        kept = {i: g[["enterprise_id", "chain", "rank"]] for i, g in order.groupby("part")}
        done = client.gather([client.submit(_explain_kept, source, model_f, b, kept[i], reasons, region, pure=False)
                              for i, b in enumerate(best) if i in kept])
        out = pd.concat(done).sort_values(["chain", "rank"], kind="mergesort")
        return out.reset_index(drop=True)
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
