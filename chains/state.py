"""The region's state as of a date: which firms sit on which segments.

Local firms count from their ``since`` date (missing: always); an enterprise
whose deal landed (落地) becomes a local firm from the landing date. Rebuilding
the state for a past date drops later landings, so training never sees the future.

>>> import pandas as pd
>>> firms = pd.DataFrame({"enterprise_id": ["L1"], "name": ["链主甲"], "region": ["r"],
...     "chain": ["c"], "segment": ["cells"], "is_leader": [True], "park": [None], "since": [pd.NaT]})
>>> landings = pd.DataFrame({"enterprise_id": ["E9"], "name": ["乙"], "region": ["r"], "chain": ["c"],
...     "segment": ["separator"], "date": [pd.Timestamp("2024-05-01")], "park": [None]})
>>> list(region_state(firms, landings, "r", "2024-01-01").segment)
['cells']
>>> list(region_state(firms, landings, "r", "2024-06-01").segment)
['cells', 'separator']
"""
from __future__ import annotations

import pandas as pd

STATE_COLUMNS = ["enterprise_id", "name", "chain", "segment", "is_leader", "park", "since"]


def region_state(firms: pd.DataFrame, landings: pd.DataFrame, region: str, as_of) -> pd.DataFrame:
    """Local firms of ``region`` on ``as_of``, one row per (firm, chain, segment)."""
    as_of = pd.Timestamp(as_of)
    f = firms[firms["region"] == region]
    since = pd.to_datetime(f["since"])
    f = f[since.isna() | (since <= as_of)]
    parts = [f.assign(since=pd.to_datetime(f["since"]))[STATE_COLUMNS]]
    if landings is not None and len(landings):
        d = landings[(landings["region"] == region) & (pd.to_datetime(landings["date"]) <= as_of)]
        if len(d):
            parts.append(d.assign(is_leader=False, since=pd.to_datetime(d["date"]))[STATE_COLUMNS])
    state = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else pd.DataFrame(columns=STATE_COLUMNS)
    state = state.dropna(subset=["chain", "segment"])
    state = state.sort_values(["is_leader", "since"], ascending=[False, True], na_position="first")
    return state.drop_duplicates(["enterprise_id", "chain", "segment"]).reset_index(drop=True)
