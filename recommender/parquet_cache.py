"""Large frames derived from the database, kept as Parquet files in a folder beside a SQLite database file.

At 1.2 million enterprises a server's first log-in read the snapshot and the stored scores through SQL for about a
minute, and storing both regions' scores as 2.1 million SQL rows took 16 minutes; Parquet reads and writes them in
seconds. The database stays the source of truth: each file is named by what it was made from (the revision id
that every data change renews and, for scores, the model version), a file that does not match is never read, and
an unreadable one is ignored and made again. PostgreSQL and in-memory databases have no folder beside them and keep
reading through SQL.

>>> import tempfile
>>> cache = ParquetCache(Path(tempfile.mkdtemp()))
>>> cache.get("scores-baodi", "v1-r3") is None
True
>>> cache.put("scores-baodi", "v1-r3", pd.DataFrame({"rank": [1, 2]}))
>>> cache.get("scores-baodi", "v1-r3")["rank"].tolist()
[1, 2]
>>> cache.put("scores-baodi", "v1-r4", pd.DataFrame({"rank": [1]}))   # a newer revision replaces the old file
>>> cache.get("scores-baodi", "v1-r3") is None
True
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from recommender.store import Store

log = logging.getLogger(__name__)


class ParquetCache:
    """Frames by kind (one file per kind: a new key replaces the old) and key (what the frame was made from)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def beside(cls, store: Store) -> "ParquetCache | None":
        """The folder beside the store's SQLite file (``x.db`` → ``x.db.parquet/``); None for other databases."""
        db = store.sqlite_file
        return None if db is None else cls(db.with_name(db.name + ".parquet"))

    def _prefix(self, kind: str) -> str:
        # kinds carry region ids, which an import may spell in any script: a hash keeps file names plain
        return hashlib.sha256(kind.encode()).hexdigest()[:12]

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / f"{self._prefix(kind)}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.parquet"

    def has(self, kind: str, key: str) -> bool:
        return self._path(kind, key).exists()

    def get(self, kind: str, key: str) -> pd.DataFrame | None:
        """The frame stored for this kind and key, or None when there is none (or it cannot be read)."""
        path = self._path(kind, key)
        try:  # one chunk per column: taking a row from a column of ten chunks took 0.6 s at 1.2M rows, not 1 ms
            return pq.read_table(path).combine_chunks().to_pandas()
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged file is not the truth: the caller reads the database instead
            log.warning("ignoring unreadable cache file %s: %s", path, exc)
            return None

    def put(self, kind: str, key: str, frame: pd.DataFrame) -> None:
        """Store the frame (written whole to a temporary file, then renamed) and remove the kind's older files."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(kind, key)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        frame.to_parquet(partial, index=False)
        os.replace(partial, path)  # readers see the old file or the whole new one, never half of it
        for old in self.folder.glob(f"{self._prefix(kind)}-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
