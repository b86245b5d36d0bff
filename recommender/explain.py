"""Reasons: the facts that drive a recommendation's score, in Chinese, true to the model.

Features are grouped into facts a manager recognises (the gap, the leaders it
would serve, local fit, what the firm makes, its intent to move, qualifications,
size, location, history). The model says how much each group added to the row's
score (``group_contributions``); the sentence opens with the move on the chain
(补链/强链/延链/串链) and then names the groups that added most, strongest first.
A strong negative fact is added as a caution, and so is a doubt that the firm belongs to the chain at
all (``belongs``, the served score's first stage, below ``DOUBT``), since the score was cut by it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

REASON_GROUPS = {
    "gap": ["gap_repair", "gap_strengthen", "gap_extend", "gap_link", "importance", "local_crowding", "saturation"],
    "leaders": ["supplies_leader", "buys_from_leader", "links_chains", "leader_proximity"],
    "fit": ["fit"],
    "business": ["tag_confidence", "make_share", "rnd_share", "sell_share", "service_share", "code_manufacturing",
                 "code_service", "code_trade"],
    "relocation": ["relocation_yes", "relocation_no"],
    "qualification": ["zjtx", "high_tech", "listed"],
    "size": ["log_employees", "employees_missing", "log_capital", "log_revenue", "revenue_missing", "mid_size", "age_years"],
    "location": ["beijing_core", "beijing_near", "core_x_make", "near_x_make"],
    "history": ["prior_contacts", "prior_dropped", "prior_best_grade", "in_pipeline", "recent_contact"],
    "network": ["rel_supplies_leader", "rel_buys_from_leader", "rel_invested_by_leader", "rel_branch_of_local",
                "rel_leader_links"],
    "park": ["park_fit"],
}
STAGE_BY_GRADE = {4: "落地", 3: "签约", 2: "洽谈", 1: "接触"}
MIN_SHARE = 0.01  # a fact that adds less than this to the 0..1 score is not named
DOUBT = 0.5  # below this P(belongs to the chain) the reason says the score was cut by it (scoring's first stage)
# The columns the phrases read (a row's other columns are not copied into the per-row dicts).
PHRASE_COLUMNS = ["segment_name", "match_type", "position", "via_name", "linked_chains_zh", "local_firms",
                  "leader_partners", "supplies_leader", "links_chains", "fit", "tag_confidence", "make_share",
                  "sell_share", "relocation_yes", "relocation_no", "zjtx", "high_tech", "listed", "employees",
                  "mid_size", "district", "beijing_core", "beijing_near", "core_x_make", "rel_supplies_leader",
                  "rel_buys_from_leader", "rel_invested_by_leader", "rel_branch_of_local", "rel_leader_names",
                  "prior_dropped", "prior_best_grade", "in_pipeline", "park", "park_fit", "belongs"]


def move_phrase(r) -> str:
    """The chain move of a row: 补链：填补隔膜环节空白 etc."""
    name = r["segment_name"]
    if r["match_type"] == "补链":
        return f"补链：填补{name}环节空白"
    if r["match_type"] == "延链":
        return f"延链：向{r['position']}{name}环节延伸"
    if r.get("via_name"):  # a firm whose own segment supplies this chain's segment
        return f"串链：以{r['via_name']}配套{name}环节"
    if r["match_type"] == "串链":
        linked = r.get("linked_chains_zh") or "其他产业链"
        return f"串链：以{name}连接{linked}"
    return f"强链：加强{name}环节（本地现有{int(r['local_firms'])}家）"


def fact_phrase(group: str, r, positive: bool) -> str:
    """One fact in Chinese, or '' when the row's values do not bear the contribution's sign out
    (a tree model's contribution can point against the plain reading of a value)."""
    if group == "leaders":
        if not positive:
            return ""
        if r["leader_partners"]:
            return f"{'可配套' if r['supplies_leader'] else '可承接'}{r['leader_partners']}"
        return "可连接本地两条产业链" if r["links_chains"] else ""
    if group == "fit":
        if positive == (r["fit"] >= 0.5):
            return f"本地上下游配套度{r['fit']:.0%}" if positive else f"本地上下游配套度仅{r['fit']:.0%}"
        return ""
    if group == "business":
        if positive:
            if r["tag_confidence"] >= 0.7 and r.get("belongs", 1.0) >= DOUBT:
                return "主营与该环节高度相符" + ("，以生产制造为主" if r.get("make_share", 0) >= 0.5 else "")
            return "以生产制造为主" if r.get("make_share", 0) >= 0.5 else ""
        if r["tag_confidence"] < 0.6:
            return "主营与该环节相关度一般"
        return "经营范围以销售为主" if r.get("sell_share", 0) >= 0.5 else ""
    if group == "relocation":
        if positive and r["relocation_yes"]:
            return "有疏解意向"
        return "明确无疏解意向" if not positive and r["relocation_no"] else ""
    if group == "qualification":
        tags = [t for t, f in (("专精特新", "zjtx"), ("高新技术企业", "high_tech"), ("上市公司", "listed")) if r[f]]
        return "、".join(tags) if positive else ("上市公司外迁意愿通常较低" if r["listed"] else "")
    if group == "size":
        emp = r.get("employees")
        if emp is None or pd.isna(emp):
            return ""
        if positive:
            return f"参保{int(emp)}人" + ("，规模适中" if r["mid_size"] else "")
        return f"参保{int(emp)}人，规模{'偏小' if emp < 20 else '偏大'}" if not r["mid_size"] else ""
    if group == "location":
        district = r.get("district") or ""
        if not positive or not district:
            return ""
        if r["beijing_core"]:
            return f"位于{district}（疏解重点区域）" + ("，制造环节外迁压力大" if r.get("core_x_make", 0) >= 0.5 else "")
        if r["beijing_near"]:
            return f"位于{district}，临近承接地"
        return f"位于{district}，以往该区企业对接成效较好"  # a district the office's own deals favour
    if group == "network":
        if not positive:
            return ""
        from recommender.relations import relation_reason
        return relation_reason({k.removeprefix("rel_"): r.get(k, 0) for k in
                                ("rel_supplies_leader", "rel_buys_from_leader", "rel_invested_by_leader",
                                 "rel_branch_of_local")} | {"leader_names": r.get("rel_leader_names", "")},
                               r["segment_name"])
    if group == "history":
        if not positive:
            return "曾接触后终止" if r["prior_dropped"] else ""
        best = int(r["prior_best_grade"])
        if best >= 1 and r.get("in_pipeline"):
            return f"对接进行中（已到{STAGE_BY_GRADE[best]}）"
        return f"此前已推进至{STAGE_BY_GRADE[best]}" if best >= 2 and not r["prior_dropped"] else ""
    if group == "park":
        if positive and r.get("park") and r["park_fit"] >= 0.6:
            return f"契合{r['park']}定位"
        return "本地承接载体契合度低" if not positive and r["park_fit"] < 0.5 else ""
    return ""


def top_facts(contrib: pd.DataFrame, n: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ``n`` groups (other than the gap) that added most, and the most negative group."""
    groups = [g for g in contrib.columns if g != "gap"]
    values = contrib[groups].to_numpy()
    order = np.argsort(-values, axis=1)[:, :n]
    names = np.array(groups)
    return names[order], np.take_along_axis(values, order, axis=1)


def write_reasons(rows: pd.DataFrame, contrib: pd.DataFrame, n: int = 2) -> list[str]:
    """One short Chinese sentence per row from its features and the model's group contributions."""
    best, best_vals = top_facts(contrib, n)
    others = [g for g in contrib.columns if g != "gap"]
    neg_idx = contrib[others].to_numpy().argmin(axis=1)
    neg_val = contrib[others].to_numpy().min(axis=1)
    out = []
    columns = [c for c in PHRASE_COLUMNS if c in rows.columns]
    for i, values in enumerate(rows[columns].itertuples(index=False, name=None)):
        r = dict(zip(columns, values))
        parts = [move_phrase(r)]
        for g, v in zip(best[i], best_vals[i]):
            if v >= MIN_SHARE:
                phrase = fact_phrase(g, r, True)
                if phrase:
                    parts.append(phrase)
        if neg_val[i] <= -2 * MIN_SHARE:
            phrase = fact_phrase(others[neg_idx[i]], r, False)
            if phrase:
                parts.append("注意：" + phrase)
        if r.get("belongs", 1.0) < DOUBT:
            parts.append(f"注意：属于该产业链的把握约{r['belongs']:.0%}，得分已相应折减")
        out.append("；".join(parts))
    return out
