"""Shortlists: staff add candidates, managers review them (同意/驳回/需补充) with a comment.
Every change checks the user's role and lands in the audit log in the same transaction.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import insert, select, update

from chains.errors import ChainMatchError
from recommender import schema as t
from recommender.auth import require
from recommender.store import Store

REVIEW_STATES = ("待审", "同意", "驳回", "需补充")


def _now():
    return dt.datetime.now().replace(microsecond=0)


def create_shortlist(store: Store, user: dict, name: str, region_id: str) -> int:
    require(user, "shortlist.add")
    if not name.strip():
        raise ChainMatchError("a shortlist needs a name")
    with store.write() as conn:
        sid = conn.execute(insert(t.shortlists).values(name=name.strip(), region_id=region_id,
                                                       created_by=user["username"], created_at=_now())).inserted_primary_key[0]
        store.audit(user["username"], "create_shortlist", "shortlist", sid, name, conn=conn)
    return sid


def add_items(store: Store, user: dict, shortlist_id: int, rows: pd.DataFrame) -> int:
    """Add scored rows (enterprise_id, chain, segment, match_type, score, reasons); skips ones already there."""
    require(user, "shortlist.add")
    added = 0
    with store.write() as conn:
        have = {(r.enterprise_id, r.chain) for r in conn.execute(
            select(t.shortlist_items.c.enterprise_id, t.shortlist_items.c.chain).where(
                t.shortlist_items.c.shortlist_id == shortlist_id))}
        for r in rows.to_dict("records"):
            if (r["enterprise_id"], r["chain"]) in have:
                continue
            conn.execute(insert(t.shortlist_items).values(
                shortlist_id=shortlist_id, enterprise_id=r["enterprise_id"], chain=r["chain"], segment=r["segment"],
                match_type=r["match_type"], score=float(r["score"]), reasons=r["reasons"], status="待审",
                added_by=user["username"], added_at=_now()))
            store.audit(user["username"], "add_to_shortlist", "shortlist", shortlist_id,
                        f"{r['enterprise_id']} {r['chain']}", conn=conn)
            added += 1
    return added


def review_item(store: Store, user: dict, item_id: int, status: str, comment: str = "") -> None:
    require(user, "shortlist.review")
    if status not in REVIEW_STATES[1:]:
        raise ChainMatchError(f"a review is one of {', '.join(REVIEW_STATES[1:])}, not '{status}'")
    with store.write() as conn:
        row = conn.execute(select(t.shortlist_items).where(t.shortlist_items.c.id == item_id)).mappings().first()
        if row is None:
            raise ChainMatchError(f"there is no shortlist item {item_id}")
        conn.execute(update(t.shortlist_items).where(t.shortlist_items.c.id == item_id).values(
            status=status, review_comment=comment, reviewed_by=user["username"], reviewed_at=_now()))
        store.audit(user["username"], f"review:{status}", "shortlist_item", item_id,
                    f"{row['enterprise_id']} {row['chain']}: {comment}", conn=conn)


def shortlists(store: Store) -> pd.DataFrame:
    return store.read(t.shortlists).sort_values("id", ascending=False).reset_index(drop=True)


def items(store: Store, shortlist_id: int | None = None) -> pd.DataFrame:
    """Items with enterprise names, newest list first."""
    query = select(t.shortlist_items, t.enterprises.c.name, t.shortlists.c.name.label("shortlist")).join(
        t.enterprises, t.enterprises.c.enterprise_id == t.shortlist_items.c.enterprise_id).join(
        t.shortlists, t.shortlists.c.id == t.shortlist_items.c.shortlist_id)
    if shortlist_id is not None:
        query = query.where(t.shortlist_items.c.shortlist_id == shortlist_id)
    with store.engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
