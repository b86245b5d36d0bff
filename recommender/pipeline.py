"""The pipeline staff work from: every open deal with its owner, last contact, next step and due date,
and a funnel of how far deals get, by chain, with stage-to-stage conversion.

>>> ev = pd.DataFrame({"deal_id": [1, 1, 2, 3, 3], "enterprise_id": ["A", "A", "B", "C", "C"],
...                    "region_id": "r", "chain": "c", "segment": "s",
...                    "stage": ["接触", "考察", "接触", "接触", "终止"],
...                    "date": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01", "2026-01-01", "2026-02-01"])})
>>> funnel(ev)[["stage", "deals", "conversion"]].to_dict("records")[:3]
[{'stage': '接触', 'deals': 3, 'conversion': 1.0}, {'stage': '考察', 'deals': 1, 'conversion': 0.3333}, {'stage': '洽谈', 'deals': 0, 'conversion': 0.0}]
"""
from __future__ import annotations

import pandas as pd

from recommender.columns import STAGE_GRADE

FUNNEL = ["接触", "考察", "洽谈", "签约", "落地"]
CLOSED = ("终止", "落地")
STALE_DAYS = 60  # an open deal with no due date and no contact for this long is overdue too


def open_deals(events: pd.DataFrame, deals: pd.DataFrame, names: pd.Series, today=None) -> pd.DataFrame:
    """One row per open deal (last stage neither 终止 nor 落地): firm, chain, segment, stage, owner, last contact,
    next step, due date, days since the last contact, and whether it is overdue (past its due date, or no due date
    and no contact for STALE_DAYS days). Overdue first, then the oldest contact."""
    today = pd.Timestamp(today or pd.Timestamp.today().normalize())
    if events.empty:
        return pd.DataFrame(columns=["deal_id", "enterprise_id", "name", "chain", "segment", "stage", "owner",
                                     "last_contact", "next_step", "due_date", "days", "overdue"])
    ev = events.assign(date=pd.to_datetime(events["date"]))
    last = ev.sort_values(["date", "event_id"] if "event_id" in ev else ["date"], kind="stable").groupby("deal_id").tail(1)
    live = last[~last["stage"].isin(CLOSED)].rename(columns={"date": "last_contact"})
    tracking = deals.set_index("id")[["owner", "next_step", "due_date"]] if len(deals) else pd.DataFrame(
        columns=["owner", "next_step", "due_date"])
    out = live.join(tracking, on="deal_id")
    out["name"] = out["enterprise_id"].map(names)
    out["days"] = (today - out["last_contact"]).dt.days
    due = pd.to_datetime(out["due_date"])
    out["overdue"] = (due < today) | (due.isna() & (out["days"] > STALE_DAYS))
    cols = ["deal_id", "enterprise_id", "name", "chain", "segment", "stage", "owner", "last_contact", "next_step",
            "due_date", "days", "overdue"]
    return out.sort_values(["overdue", "days"], ascending=[False, False])[cols].reset_index(drop=True)


def funnel(events: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """How many deals reached each stage (a deal that reached 签约 passed 接触…洽谈 too), and the conversion
    from the stage before; per ``by`` (e.g. "chain") when given."""
    if events.empty:
        return pd.DataFrame(columns=[*([by] if by else []), "stage", "deals", "conversion"])
    best = events.assign(grade=events["stage"].map(STAGE_GRADE)).groupby("deal_id").agg(
        grade=("grade", "max"), **({by: (by, "first")} if by else {}))
    reached_visit = events[events["stage"] == "考察"]["deal_id"].unique()  # 考察 and 洽谈 share a grade
    reached_talks = events[events["stage"] == "洽谈"]["deal_id"].unique()
    rows = []
    for key, g in (best.groupby(by) if by else [(None, best)]):
        counts = {"接触": len(g), "考察": int(g.index.isin(reached_visit).sum() + ((g["grade"] >= 3) & ~g.index.isin(reached_visit)).sum()),
                  "洽谈": int(g.index.isin(reached_talks).sum() + ((g["grade"] >= 3) & ~g.index.isin(reached_talks)).sum()),
                  "签约": int((g["grade"] >= 3).sum()), "落地": int((g["grade"] >= 4).sum())}
        prev = None
        for stage in FUNNEL:
            n = counts[stage]
            rows.append({**({by: key} if by else {}), "stage": stage, "deals": n,
                         "conversion": round(n / prev, 4) if prev else (1.0 if prev is None else 0.0)})
            prev = n
    return pd.DataFrame(rows)
