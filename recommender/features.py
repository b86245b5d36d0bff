"""Features of (enterprise, chain segment) pairs, computed with the region as it stood on a date.

Nothing after the date is read: the region state, gap types and the office's
history with a firm are all rebuilt as of that date. Work is vectorised by
merging frames; the only loop is over the ~60 segments of the chain graph.

Feature groups (see FEATURES): the segment's gap (type, importance, fit,
crowding and saturation — one more firm in a segment matters less the more it
has), its graph relations to the region's leaders (direct supply, and proximity:
1 / (1 + supply hops to the nearest leader segment)), how sure the reader is,
what kind of firm it is (the shares of its scope's verbs that make, research,
sell or serve; its class's section: manufacturing C, services M/I, trade F),
its size, age, qualifications, relocation intent, where in Beijing it sits and
that crossed with making (疏解 pushes factories out of the core), and its
history with the office as it stands on the date (contacts, best stage, an open
deal, how recent the last contact was), the firm's own known links to the region's leaders from
the relations file (以商招商: supplies or buys from a leader, invested by one, a branch of a local firm;
recommender/relations.py), and how well the region's best receiving place fits it
(``park_fit``, chains/parks.py: what the place takes against what the firm does, its focus chains,
and 0 where every place excludes a process the firm runs; the places are the region file's, so no
date is involved).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from chains.gaps import classify_gaps, fit, importance, presence_from_state
from chains.parks import best_places, process_hints, why
from recommender.columns import STAGE_GRADE

HISTORY_FEATURES = ("prior_contacts", "prior_dropped", "prior_best_grade", "in_pipeline", "recent_contact")
"""The office's history with the firm as it stood on the date (history_as_of)."""
FEATURES = [
    "gap_repair", "gap_strengthen", "gap_extend", "gap_link", "importance", "fit", "local_crowding", "saturation",
    "supplies_leader", "buys_from_leader", "links_chains", "leader_proximity", "tag_confidence",
    "make_share", "rnd_share", "sell_share", "service_share", "code_manufacturing", "code_service", "code_trade",
    "log_employees", "employees_missing", "log_capital", "log_revenue", "revenue_missing", "mid_size", "age_years",
    "zjtx", "high_tech", "listed", "relocation_yes", "relocation_no",
    "beijing_core", "beijing_near", "core_x_make", "near_x_make",
    *HISTORY_FEATURES,
    "rel_supplies_leader", "rel_buys_from_leader", "rel_invested_by_leader", "rel_branch_of_local", "rel_leader_links",
    "park_fit",
]
# 以商招商: the firm's own known links to the region's leaders (recommender/relations.py), by feature name
RELATION_FEATURES = {"rel_supplies_leader": "supplies_leader", "rel_buys_from_leader": "buys_from_leader",
                     "rel_invested_by_leader": "invested_by_leader", "rel_branch_of_local": "branch_of_local",
                     "rel_leader_links": "n_leader_links"}
GAP_FEATURE = {"补链": "gap_repair", "强链": "gap_strengthen", "延链": "gap_extend", "串链": "gap_link"}
# 疏解 pushes firms out of the capital's core districts; these border or face 宝坻 along the 京唐秦 axis.
BEIJING_CORE = {"东城区", "西城区", "海淀区", "朝阳区", "丰台区", "石景山区"}
BEIJING_NEAR = {"通州区", "顺义区", "平谷区", "大兴区", "北京经济技术开发区"}


def segment_context(snap, region: str, as_of) -> pd.DataFrame:
    """Per segment of every chain: gap, importance, fit and relations to the region's leaders
    (computed once per region and date for a snapshot)."""
    cache = snap.__dict__.setdefault("_context_cache", {})
    key = (region, pd.Timestamp(as_of))
    if key not in cache:
        cache[key] = _segment_context(snap, region, as_of)
    return cache[key]


def _segment_context(snap, region: str, as_of) -> pd.DataFrame:
    G = snap.graph
    state = snap.state(region, as_of)
    presence = presence_from_state(state)
    gaps, imp, fits = classify_gaps(G, presence), importance(G, presence, snap.regions[region].chains, snap.centrality), fit(G, presence)
    leaders = {}
    if len(state):
        lead = state[state["is_leader"].astype(bool)]
        for key, g in lead.groupby(lead["chain"] + "." + lead["segment"]):
            leaders[key] = list(g["name"].unique())
    rows = []
    for key in gaps:
        succ, pred = set(G.successors(key)), set(G.predecessors(key))
        supplies = [n for k in sorted(succ) if k in leaders for n in sorted(leaders[k])]  # sorted: same text every run
        buys = [n for k in sorted(pred) if k in leaders for n in sorted(leaders[k])]
        occupied_chains = {G.nodes[n]["chain"] for n in succ | pred if presence.get(n, (0, 0))[0]}
        node = G.nodes[key]
        rows.append({"key": key, "chain": node["chain"], "segment": node["segment"], "segment_name": node["name_zh"],
                     "position": node["position"], "gap_type": gaps[key], "importance": imp[key], "fit": fits[key],
                     "local_firms": presence.get(key, (0, 0))[0], "leader_partners": "、".join(dict.fromkeys(supplies + buys)),
                     "supplies_leader": float(bool(supplies)), "buys_from_leader": float(bool(buys)),
                     "links_chains": float(len(occupied_chains | {node["chain"]}) >= 2 and bool(occupied_chains)),
                     "linked_chains": "、".join(sorted(occupied_chains - {node["chain"]}))})
    ctx = pd.DataFrame(rows)
    for gap, col in GAP_FEATURE.items():
        ctx[col] = (ctx["gap_type"] == gap).astype(float)
    ctx["local_crowding"] = np.log1p(ctx["local_firms"])
    ctx["saturation"] = ctx["local_firms"] / (ctx["local_firms"] + 2.0)
    hops = leader_hops(G, set(leaders))
    ctx["leader_proximity"] = ctx["key"].map(lambda k: 1.0 / (1.0 + hops[k]) if k in hops else 0.0)
    ctx["match_type"] = ctx["gap_type"].replace("", "强链")
    return ctx


def leader_hops(G, leader_keys: set) -> dict:
    """Supply hops from every segment to the nearest leader segment (either direction).

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "c")])
    >>> sorted(leader_hops(G, {"a"}).items())
    [('a', 0), ('b', 1), ('c', 2), ('d', 3)]
    """
    import networkx as nx
    keys = [k for k in leader_keys if k in G]
    if not keys:
        return {}
    return dict(nx.multi_source_dijkstra_path_length(G.to_undirected(as_view=True), keys))


def firm_kind(scope: pd.Series, codes: pd.Series) -> pd.DataFrame:
    """What kind of firm each is: shares of its scope's make / R&D / sell / service verbs (boilerplate and
    exclusions removed), and its class's section (manufacturing C = divisions 13–43, services M/I, trade F).

    >>> firm_kind(pd.Series(["锂电池制造；电池销售", None]), pd.Series(["C3841", "5179"])).round(2).to_dict("records")[0]
    {'make_share': 0.5, 'rnd_share': 0.0, 'sell_share': 0.5, 'service_share': 0.0, 'code_manufacturing': 1.0, 'code_service': 0.0, 'code_trade': 0.0}
    """
    from recommender import tagging as t
    text = scope.fillna("").astype(str).str.replace(t.BOILERPLATE, "", regex=True) \
        .str.replace(t.EXCLUDING_PAREN, "", regex=True)
    counts = pd.DataFrame({"make": text.str.count(t.MAKE.pattern), "rnd": text.str.count(t.RND.pattern),
                           "sell": text.str.count(t.SALES.pattern),
                           "service": text.str.count(f"{t.SERVICE.pattern}|{t.REPAIR.pattern}|{t.LEASE.pattern}")})
    total = counts.sum(axis=1).replace(0, np.nan)
    shares = counts.div(total, axis=0).fillna(0.0).add_suffix("_share")
    digits = codes.fillna("").astype(str).str.upper().str.lstrip("ABCDEFGHIJKLMNOPQRST").str[:2]
    division = pd.to_numeric(digits, errors="coerce")
    return shares.assign(code_manufacturing=division.between(13, 43).astype(float),
                         code_service=(division.between(63, 65) | division.between(73, 75)).astype(float),
                         code_trade=division.between(51, 52).astype(float)).set_index(scope.index)


def enterprise_texts(enterprises: pd.DataFrame) -> pd.Series:
    """Main products and scope without the registry's boilerplate and exclusions (vectorised), by enterprise_id.

    >>> enterprise_texts(pd.DataFrame({"enterprise_id": ["A"], "main_products": ["隔膜"],
    ...                                "business_scope": ["隔膜制造（不含危险化学品）"]})).to_dict()
    {'A': '隔膜；隔膜制造'}
    """
    from recommender import tagging as t
    scope = enterprises["business_scope"].fillna("").astype(str).str.replace(t.BOILERPLATE, "", regex=True) \
        .str.replace(t.EXCLUDING_PAREN, "", regex=True)
    products = enterprises["main_products"].fillna("").astype(str) if "main_products" in enterprises else ""
    text = (products + "；" + scope).str.strip("；")
    return pd.Series(text.to_numpy(), index=enterprises["enterprise_id"].to_numpy())


def with_text(snap, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each firm's text (for rankers that read it)."""
    if not len(frame):
        return frame.assign(text="")
    if "texts" in snap.__dict__:  # already read for every enterprise
        texts = snap.texts
    else:  # only these rows' firms (training reads a few thousand of a million candidates)
        e = snap.enterprises
        texts = enterprise_texts(e[e["enterprise_id"].isin(set(frame["enterprise_id"]))])
    return frame.assign(text=frame["enterprise_id"].map(texts).fillna(""))


def district_names(district: pd.Series) -> pd.Series:
    """Districts as the features know them: exports write 北京市海淀区 as often as 海淀区, and a firm must not lose
    its district because of the city's name in front.

    >>> district_names(pd.Series(["北京市海淀区", " 朝阳区", "北京市北京经济技术开发区", "北京经济技术开发区", None])).tolist()
    ['海淀区', '朝阳区', '北京经济技术开发区', '北京经济技术开发区', '']
    """
    return district.fillna("").astype(str).str.strip().str.replace(r"^(中国)?北京市\s*", "", regex=True)


def enterprise_attributes(enterprises: pd.DataFrame, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Static per-enterprise features (age is added per date). Missing sizes take the median of ``population``
    (default: these enterprises), so a few firms read alone get the values they get among all."""
    e = enterprises
    emp = pd.to_numeric(e["employees"], errors="coerce")
    cap = pd.to_numeric(e["registered_capital_wan"], errors="coerce")
    every_emp, every_cap = (emp, cap) if population is None else (
        pd.to_numeric(population["employees"], errors="coerce"),
        pd.to_numeric(population["registered_capital_wan"], errors="coerce"))
    rev = pd.to_numeric(e["revenue_wan"], errors="coerce")
    tags = e["tags"].fillna("").astype(str)
    intent = e["relocation_intent"].fillna("未知").astype(str)
    district = district_names(e["district"])
    kind = firm_kind(e["business_scope"], e["industry_code"])
    core, near = district.isin(BEIJING_CORE).astype(float), district.isin(BEIJING_NEAR).astype(float)
    return pd.DataFrame({
        "enterprise_id": e["enterprise_id"],
        "log_employees": np.log1p(emp.fillna(every_emp.median() if every_emp.notna().any() else 20)),
        "employees_missing": emp.isna().astype(float),
        "log_capital": np.log1p(cap.fillna(every_cap.median() if every_cap.notna().any() else 1000)),
        "log_revenue": np.log1p(rev.fillna(0)),
        "revenue_missing": rev.isna().astype(float),
        "mid_size": emp.between(20, 500).astype(float),
        "founded": pd.to_datetime(e["founded"], errors="coerce"),
        "zjtx": tags.str.contains("专精特新").astype(float),
        "high_tech": tags.str.contains("高新技术企业").astype(float),
        "listed": tags.str.contains("上市公司").astype(float),
        "relocation_yes": (intent == "是").astype(float),
        "relocation_no": (intent == "否").astype(float),
        "beijing_core": core,
        "beijing_near": near,
        "core_x_make": core * kind["make_share"],
        "near_x_make": near * kind["make_share"],
        **{c: kind[c] for c in kind.columns},
        **{c: h.to_numpy() for c, h in process_hints(e["business_scope"], e.get("main_products")).items()},
        "district": district,
        "employees": emp,
    })


def history_as_of(events: pd.DataFrame, as_of) -> pd.DataFrame:
    """The office's history with each enterprise from events strictly before ``as_of``: deals, whether one
    was dropped, the best stage reached, whether a deal is still open, and how recent the last contact was."""
    cols = ["enterprise_id", *HISTORY_FEATURES]
    ev = events[pd.to_datetime(events["date"]) < pd.Timestamp(as_of)]
    if not len(ev):
        return pd.DataFrame(columns=cols)
    dates = pd.to_datetime(ev["date"])
    ev = ev.assign(grade=ev["stage"].map(STAGE_GRADE), dropped=(ev["stage"] == "终止").astype(float),
                   closed=ev["stage"].isin(["终止", "落地"]).astype(float), when=dates)
    per_deal = ev.sort_values("when", kind="stable").groupby("deal_id").agg(
        enterprise_id=("enterprise_id", "first"), closed=("closed", "max"), last=("when", "max"))
    open_deal = per_deal.groupby("enterprise_id")["closed"].min().eq(0).astype(float)
    months = (pd.Timestamp(as_of) - per_deal.groupby("enterprise_id")["last"].max()).dt.days / 30.4
    out = (ev.groupby("enterprise_id")
             .agg(prior_contacts=("deal_id", "nunique"), prior_dropped=("dropped", "max"), prior_best_grade=("grade", "max")))
    out["in_pipeline"] = open_deal
    out["recent_contact"] = 1.0 / (1.0 + months / 6.0)
    return out.reset_index()[cols]


def local_parties(snap, region: str, as_of) -> pd.DataFrame:
    """Every local firm of the region on the date (enterprise_id, name, is_leader), whether or not any segment is
    known for it: a leader listed by name and chain only is still a leader whose suppliers count."""
    ids = snap.local_ids(region, as_of)
    firms = snap.local_firms[snap.local_firms["region_id"] == region]
    leaders = set(firms.loc[firms["is_leader"].astype(bool), "enterprise_id"])
    ids = sorted(ids)
    names = snap.names.reindex(ids).dropna().to_dict() | dict(zip(firms["enterprise_id"], firms["name"]))
    return pd.DataFrame({"enterprise_id": ids, "name": [names.get(i, i) for i in ids],
                         "is_leader": [i in leaders for i in ids]})


def relation_context(snap, region: str, as_of) -> pd.DataFrame:
    """Per outside enterprise: its known links to the region's local firms and leaders on the date (以商招商),
    with the features named as in FEATURES and ``rel_leader_names`` (computed once per region and date).

    Relations dated after ``as_of`` are not read; the leaders are the region's as they stood on the date."""
    cache = snap.__dict__.setdefault("_relation_cache", {})
    key = (region, pd.Timestamp(as_of))
    if key not in cache:
        from recommender.relations import relation_features
        rel = relation_features(snap.relations, local_parties(snap, region, as_of), as_of)
        cache[key] = rel.rename(columns={v: k for k, v in RELATION_FEATURES.items()}).rename(
            columns={"leader_names": "rel_leader_names"})
    return cache[key]


def pair_features(pairs: pd.DataFrame, ctx: pd.DataFrame, attrs: pd.DataFrame, history: pd.DataFrame, as_of,
                  relations: pd.DataFrame | None = None, parks=(), median_age: float | None = None) -> pd.DataFrame:
    """Join pairs (enterprise_id, chain, segment, tag_confidence) with segment, firm, history and relation
    features (``relations``: relation_context's frame; none given means no known relations), and the best of
    the region's ``parks`` for each pair (``park``, ``park_fit``). ``median_age``: of every enterprise on the
    date, when ``attrs`` holds only some (Snapshot.median_age; default: of attrs' own)."""
    out = pairs.merge(ctx.drop(columns=["chain", "segment"]), left_on=pairs["chain"] + "." + pairs["segment"],
                      right_on="key", how="inner").drop(columns=["key_0"], errors="ignore")
    if median_age is None:
        median_age = median_age_of(attrs["founded"], as_of)
    out = out.merge(attrs, on="enterprise_id", how="left").merge(history, on="enterprise_id", how="left")
    if relations is not None and len(relations):
        out = out.merge(relations, on="enterprise_id", how="left")
    for col in (*HISTORY_FEATURES, *RELATION_FEATURES):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0.0) if col in out else 0.0
    out["rel_leader_names"] = out["rel_leader_names"].fillna("") if "rel_leader_names" in out else ""
    age = (pd.Timestamp(as_of) - out["founded"]).dt.days / 365.25
    # a missing founding date takes the median age of all enterprises (not of these rows), so a row's
    # features do not depend on which other rows are scored with it (partitioned scoring gives the same)
    out["age_years"] = age.clip(lower=0).fillna(median_age)
    places = best_places(parks, out)
    out["park"], out["park_fit"] = places["park"].to_numpy(), places["park_fit"].to_numpy()
    out[FEATURES] = out[FEATURES].astype(float).fillna(0.0)
    return out


def median_age_of(founded: pd.Series, as_of) -> float:
    """The median age in years of enterprises founded on these dates (10 when none is known)."""
    everyone = (pd.Timestamp(as_of) - founded).dt.days / 365.25
    return float(everyone.median()) if everyone.notna().any() else 10.0


LINK_DISCOUNT = 0.6  # a firm is a less certain fit for the chain its segment supplies than for its own


def link_pairs(tags: pd.DataFrame, chains) -> pd.DataFrame:
    """串链 candidates: a firm read onto a segment that supplies another chain's segment (the templates' ``links``,
    e.g. cables → data-centre construction) is also a candidate for that chain, through that segment, with its
    reading's confidence discounted. ``via_segment`` names the firm's own segment.

    >>> from chains.templates import load_chains
    >>> t = pd.DataFrame({"enterprise_id": ["A"], "chain": ["intelligent_equipment"], "segment": ["cables_wires"],
    ...                   "confidence": [0.8]})
    >>> link_pairs(t, load_chains())[["chain", "segment", "tag_confidence"]].to_dict("records")[1]
    {'chain': 'data_center', 'segment': 'dc_construction', 'tag_confidence': 0.48}
    """
    links = pd.DataFrame([(c.id, own, *other.split(".", 1)) for c in chains.values() for own, other in c.links],
                         columns=["chain", "segment", "to_chain", "to_segment"])
    out = tags.merge(links, on=["chain", "segment"])
    return pd.DataFrame({"enterprise_id": out["enterprise_id"], "chain": out["to_chain"], "segment": out["to_segment"],
                         "tag_confidence": (out["confidence"] * LINK_DISCOUNT).round(4),
                         "via_segment": out["chain"] + "." + out["segment"]})


def candidate_pairs(snap, region: str, as_of, chain: str | None = None) -> pd.DataFrame:
    """Every tagged segment of every enterprise that is not a local firm of the region on the date, and the
    segments of other chains those segments supply (串链, see link_pairs)."""
    cache = snap.__dict__
    if "_all_pairs" not in cache:  # every firm's pairs, once per snapshot; the date only decides who is local
        tags = snap.best_tags
        own = tags.rename(columns={"confidence": "tag_confidence"})[["enterprise_id", "chain", "segment", "tag_confidence"]]
        cache["_all_pairs"] = pd.concat([own.assign(via_segment=""), link_pairs(tags, snap.chains)], ignore_index=True)
    pairs = cache["_all_pairs"]
    pairs = pairs[~pairs["enterprise_id"].isin(snap.local_ids(region, as_of))].reset_index(drop=True)
    if chain:
        pairs = pairs[pairs["chain"] == chain]
    return pairs


def features_as_of(snap, region: str, as_of, pairs: pd.DataFrame | None = None, chain=None) -> pd.DataFrame:
    """Features of candidate pairs (or the given pairs) with the region as of ``as_of``."""
    pairs = candidate_pairs(snap, region, as_of, chain) if pairs is None else pairs
    ctx = segment_context(snap, region, as_of)
    return pair_features(pairs, ctx, snap.attributes_for(pairs["enterprise_id"]), history_as_of(snap.events, as_of),
                         as_of, relation_context(snap, region, as_of), region_parks(snap, region),
                         snap.median_age(as_of))


def region_parks(snap, region: str) -> tuple:
    """The region's receiving places (none for a region an import added)."""
    return snap.regions[region].parks if region in snap.regions else ()


def park_reasons(snap, region: str, rows: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The one-line why of each row's best place, in Chinese and English (rows carry chain, segment and the
    firm's kind shares, class flags and process hints, as feature rows do)."""
    names = {c.id: (c.name_zh, c.name_en) for c in snap.chains.values()}
    return why(region_parks(snap, region), rows, names)


def placements(snap, region: str, rows: pd.DataFrame) -> pd.DataFrame:
    """For any rows with enterprise_id, chain and segment: ``park``, ``park_fit``, ``park_reason`` (Chinese)
    and ``park_reason_en``, from the firms' attributes (the profile page uses it for a firm's own reading)."""
    firm = rows[["enterprise_id", "chain", "segment"]].reset_index(drop=True).merge(
        snap.attributes_for(rows["enterprise_id"]), on="enterprise_id", how="left")
    best = best_places(region_parks(snap, region), firm)
    zh, en = park_reasons(snap, region, firm)
    return pd.DataFrame({"park": best["park"].to_numpy(), "park_fit": best["park_fit"].to_numpy(),
                         "park_reason": zh, "park_reason_en": en}, index=rows.index)
