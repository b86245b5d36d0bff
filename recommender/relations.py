"""以商招商: features and reasons from who supplies, buys from or invests in the region's leaders.

A relation row reads "``related`` is ``enterprise``'s ``relation``" (contract), with ``relation``
one of supplier / customer / investment / branch / shareholder.  ``relation_features`` turns the
rows known before ``as_of`` into one row per outside enterprise; ``relation_reason`` words it.

>>> import pandas as pd
>>> rel = pd.DataFrame({"enterprise_id": ["L", "C"], "related_id": ["C", "L"],
...     "relation": ["supplier", "shareholder"], "date": pd.to_datetime(["2020-01-01", "2021-01-01"])})
>>> local = pd.DataFrame({"enterprise_id": ["L"], "name": ["国安盟固利"], "is_leader": [True]})
>>> f = relation_features(rel, local, "2022-01-01")
>>> f[["enterprise_id", "supplies_leader", "invested_by_leader", "n_leader_links", "leader_names"]].values.tolist()
[['C', 1, 1, 1, '国安盟固利']]
>>> relation_reason(f.iloc[0], "隔膜")
'以商招商：为国安盟固利供应隔膜'
"""
from __future__ import annotations

import pandas as pd

RELATIONS = ("supplier", "customer", "investment", "branch", "shareholder")
RELATION_ZH = {"supplier": "供应商", "customer": "客户", "investment": "对外投资",
               "branch": "分支机构", "shareholder": "股东"}
FEATURE_COLUMNS = ["supplies_leader", "buys_from_leader", "invested_by_leader",
                   "branch_of_local", "n_leader_links"]
COLUMNS = ["enterprise_id", *FEATURE_COLUMNS, "leader_names"]

# (who is local, relation as written) -> feature of the other party.
# Local firm L wrote "C is my supplier"  -> C supplies L.  C wrote "L is my customer" -> same.
_FROM_LOCAL = {"supplier": "supplies_leader", "customer": "buys_from_leader",
               "investment": "invested_by_leader", "branch": "branch_of_local"}
_FROM_OUTSIDE = {"customer": "supplies_leader", "supplier": "buys_from_leader",
                 "shareholder": "invested_by_leader"}


def relation_features(relations: pd.DataFrame, local_firms_state: pd.DataFrame, as_of) -> pd.DataFrame:
    """One row per outside enterprise linked to a local firm by a relation dated before ``as_of``.

    ``relations``: enterprise_id, related_id, relation, date (NaT = date unknown, kept: the
    export says the link exists).  ``local_firms_state``: enterprise_id, name, is_leader (as of
    the same date).  Leader features count only leaders; ``branch_of_local`` any local firm.
    Enterprises without a relation are absent: the caller fills 0.

    >>> relation_features(pd.DataFrame(columns=["enterprise_id", "related_id", "relation", "date"]),
    ...                   pd.DataFrame(columns=["enterprise_id", "name", "is_leader"]), "2022-01-01").shape
    (0, 7)
    """
    if relations is None or relations.empty or local_firms_state is None or local_firms_state.empty:
        return pd.DataFrame(columns=COLUMNS)
    rel = relations.dropna(subset=["related_id"]).copy()
    dates = pd.to_datetime(rel["date"], errors="coerce") if "date" in rel else pd.Series(pd.NaT, index=rel.index)
    rel = rel[dates.isna() | (dates < pd.Timestamp(as_of))]
    local = local_firms_state.drop_duplicates("enterprise_id")
    names = dict(zip(local["enterprise_id"], local["name"]))
    leaders = set(local.loc[local["is_leader"].astype(bool), "enterprise_id"])
    locals_ = set(local["enterprise_id"])
    links = []  # (outside enterprise, feature, local firm)
    for e, r, kind in zip(rel["enterprise_id"], rel["related_id"], rel["relation"]):
        if e in locals_ and r not in locals_ and kind in _FROM_LOCAL:
            links.append((r, _FROM_LOCAL[kind], e))
        elif r in locals_ and e not in locals_ and kind in _FROM_OUTSIDE:
            links.append((e, _FROM_OUTSIDE[kind], r))
    links = [(c, f, l) for c, f, l in links if f == "branch_of_local" or l in leaders]
    if not links:
        return pd.DataFrame(columns=COLUMNS)
    df = pd.DataFrame(links, columns=["enterprise_id", "feature", "local"])
    out = (df.assign(v=1).pivot_table(index="enterprise_id", columns="feature", values="v",
                                      aggfunc="max", fill_value=0)
           .reindex(columns=FEATURE_COLUMNS[:-1], fill_value=0).astype(int))
    lead = df[df["local"].isin(leaders)]
    out["n_leader_links"] = lead.groupby("enterprise_id")["local"].nunique().reindex(out.index).fillna(0).astype(int)
    out["leader_names"] = lead.groupby("enterprise_id")["local"].agg(
        lambda s: "、".join(sorted({str(names.get(x, x)) for x in s}))).reindex(out.index).fillna("")
    return out.reset_index()[COLUMNS]


def relation_reason(row, segment_name: str) -> str:
    """One Chinese sentence for the strongest relation in a ``relation_features`` row; '' if none.

    >>> relation_reason({"buys_from_leader": 1, "leader_names": "林德英利"}, "锂电池")
    '以商招商：采购林德英利的锂电池'
    >>> relation_reason({"supplies_leader": 0}, "隔膜")
    ''
    """
    who = row.get("leader_names", "") or "本地链主"
    if row.get("supplies_leader", 0):
        return f"以商招商：为{who}供应{segment_name}"
    if row.get("buys_from_leader", 0):
        return f"以商招商：采购{who}的{segment_name}"
    if row.get("invested_by_leader", 0):
        return f"以商招商：{who}投资的企业"
    if row.get("branch_of_local", 0):
        return "以商招商：本地企业的分支机构"
    return ""


def firm_relations(relations: pd.DataFrame, enterprise_id: str, names: dict) -> pd.DataFrame:
    """Every known relation of one firm, read from its side: the other party, what that party is to the firm
    (the firm's supplier / customer / investor …), the source and date.

    >>> rel = pd.DataFrame({"enterprise_id": ["L"], "related_id": ["C"], "related_name": [None],
    ...                     "relation": ["supplier"], "source": ["年报"], "date": ["2021-06-30"]})
    >>> firm_relations(rel, "C", {"L": "国安盟固利"})[["other_id", "other", "role"]].values.tolist()
    [['L', '国安盟固利', 'customer']]
    >>> firm_relations(rel, "L", {"C": "示例·隔膜"})["role"].tolist()
    ['supplier']
    """
    # "C is L's supplier" read from C's side: L is C's customer (and so on)
    mirror = {"supplier": "customer", "customer": "supplier", "investment": "shareholder", "shareholder": "investment",
              "branch": "head_office"}
    cols = ["other_id", "other", "role", "source", "date"]
    if relations is None or relations.empty:
        return pd.DataFrame(columns=cols)
    own = relations[relations["enterprise_id"] == enterprise_id]
    theirs = relations[relations["related_id"] == enterprise_id]
    out = pd.concat([
        pd.DataFrame({"other_id": own["related_id"], "other": own["related_name"], "role": own["relation"],
                      "source": own["source"], "date": own["date"]}),
        pd.DataFrame({"other_id": theirs["enterprise_id"], "other": None, "role": theirs["relation"].map(mirror),
                      "source": theirs["source"], "date": theirs["date"]})], ignore_index=True)
    out["other"] = [names.get(i) or n or i for i, n in zip(out["other_id"], out["other"])]
    return out[cols].sort_values(["role", "other"], kind="mergesort").reset_index(drop=True)


def leader_partners(relations: pd.DataFrame, local_firms_state: pd.DataFrame, scored: pd.DataFrame, as_of) -> pd.DataFrame:
    """For each leader of the region: its known suppliers and customers outside the region that are candidates,
    with their best scored row (chain, segment, match type, rank, score), best first within each leader.

    ``scored``: the served scores (enterprise_id, chain, segment, match_type, score, rank). A partner known
    only by name, or not scored, is listed with no rank.

    >>> rel = pd.DataFrame({"enterprise_id": ["L", "L"], "related_id": ["C", "D"], "relation": ["supplier", "customer"],
    ...                     "date": [None, None]})
    >>> local = pd.DataFrame({"enterprise_id": ["L"], "name": ["国安盟固利"], "is_leader": [True]})
    >>> scored = pd.DataFrame({"enterprise_id": ["C"], "chain": ["power_battery"], "segment": ["separator"],
    ...                        "match_type": ["补链"], "score": [0.7], "rank": [3]})
    >>> leader_partners(rel, local, scored, "2026-01-01")[["leader", "enterprise_id", "link", "rank"]].values.tolist()
    [['国安盟固利', 'C', 'supplies_leader', 3.0], ['国安盟固利', 'D', 'buys_from_leader', nan]]
    """
    cols = ["leader_id", "leader", "enterprise_id", "link", "chain", "segment", "match_type", "score", "rank"]
    if relations is None or relations.empty or local_firms_state is None or local_firms_state.empty:
        return pd.DataFrame(columns=cols)
    local = local_firms_state.drop_duplicates("enterprise_id")
    leaders = local[local["is_leader"].astype(bool)]
    names = dict(zip(leaders["enterprise_id"], leaders["name"]))
    locals_ = set(local["enterprise_id"])
    dates = pd.to_datetime(relations["date"], errors="coerce")
    rel = relations[(dates.isna() | (dates < pd.Timestamp(as_of))) & relations["related_id"].notna()]
    rows = []
    for e, r, kind in zip(rel["enterprise_id"], rel["related_id"], rel["relation"]):
        if e in names and r not in locals_ and kind in ("supplier", "customer"):
            rows.append((e, r, _FROM_LOCAL[kind]))
        elif r in names and e not in locals_ and kind in ("supplier", "customer"):
            rows.append((r, e, _FROM_OUTSIDE[kind]))
    if not rows:
        return pd.DataFrame(columns=cols)
    links = pd.DataFrame(rows, columns=["leader_id", "enterprise_id", "link"]).drop_duplicates()
    links["leader"] = links["leader_id"].map(names)
    scored = scored[scored["enterprise_id"].isin(set(links["enterprise_id"]))]  # the partners' rows, not a million
    best = scored.sort_values(["score", "enterprise_id"], ascending=[False, True], kind="mergesort") \
        .drop_duplicates("enterprise_id")[["enterprise_id", "chain", "segment", "match_type", "score", "rank"]]
    out = links.merge(best, on="enterprise_id", how="left")
    out = out.sort_values(["leader", "score", "enterprise_id"], ascending=[True, False, True], kind="mergesort",
                          na_position="last")
    return out[cols].reset_index(drop=True)
