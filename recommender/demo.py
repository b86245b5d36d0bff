"""The demo world: the seed's real leaders and parks, plus synthetic (示例) enterprises and deals.

Mechanism (settings in data/demo/settings.yaml):

1. Enterprises. Each synthetic Beijing firm is a *maker* of one or two chain
   segments (70%), a *seller* of chain products (15%), *vague* (新能源技术研发,
   5%) or unrelated (10%). Its business scope reads like a real export: generic
   items (技术服务、技术开发…, 货物进出口) with the telling ones buried inside;
   industry codes are right 60% of the time, generic (7519/5179) 25%, missing 15%.
2. Local firms. The seed's seven leaders (real names, segments from
   data/regions) and some synthetic local suppliers.
3. Deals, month by month over five years. Staff approach firms they can see as
   promising (relocation intent, qualifications, size, an apparent gap) — a
   selection the model must not mistake for quality. An approached firm moves
   stage by stage (接触→考察→洽谈→签约→落地) with log-odds from hidden truth: its
   real segment is a gap or thin at the time, it sits next to a leader, intent,
   qualifications, mid size, a nearby district, noise. Some stall and drop (终止).
   A landing makes the firm local from that date, which changes later gaps.
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from chains.gaps import classify_gaps
from chains.graph import segment_graph
from chains.regions import load_regions
from chains.templates import DATA_DIR, load_chains
from recommender.store import Store
from recommender.tagging import Tagger

SETTINGS = DATA_DIR / "demo" / "settings.yaml"
LABEL = "示例"
DISTRICTS = {"海淀区": 0.2, "朝阳区": 0.15, "北京经济技术开发区": 0.14, "大兴区": 0.09, "顺义区": 0.08, "昌平区": 0.09,
             "丰台区": 0.07, "通州区": 0.07, "房山区": 0.04, "石景山区": 0.03, "平谷区": 0.02, "东城区": 0.01, "西城区": 0.01}
NEARBY = {"通州区", "顺义区", "平谷区", "大兴区"}
FILLER = ["技术服务", "技术开发", "技术咨询", "技术交流", "技术转让", "技术推广", "软件开发", "货物进出口", "技术进出口",
          "会议及展览服务", "企业管理咨询", "五金产品零售", "电子产品销售", "机械设备销售", "日用百货销售", "办公用品销售",
          "计算机软硬件及辅助设备零售", "普通机械设备安装服务", "租赁服务（不含许可类租赁服务）", "市场营销策划",
          "金属材料销售", "化工产品销售（不含许可类化工产品）", "塑料制品销售", "仪器仪表销售", "信息咨询服务（不含许可类信息咨询服务）",
          "专业设计服务", "工业设计服务", "物业管理", "非居住房地产租赁", "国内贸易代理", "销售代理", "广告设计、代理"]
UNRELATED = ["餐饮服务", "食品销售（仅销售预包装食品）", "文艺创作", "组织文化艺术交流活动", "旅游业务", "医疗器械销售",
             "服装服饰零售", "教育咨询服务（不含涉许可审批的教育培训活动）", "房地产经纪", "家政服务", "保健食品销售",
             "图书出版物零售", "农产品的生产、销售、加工、运输、贮藏及其他相关服务", "健身休闲活动"]
VAGUE = {"power_battery": ["新能源技术研发", "新能源科技领域内的技术开发", "电池技术咨询"],
         "intelligent_equipment": ["智能装备技术研发", "智能制造技术咨询", "高端装备技术推广"],
         "auto_parts": ["新能源汽车技术研发", "汽车技术咨询服务", "汽车零部件技术开发"],
         "data_center": ["大数据技术服务", "数字经济领域技术推广", "信息技术咨询服务"]}
MAKE_FORMS = ["{k}制造", "{k}的研发、生产", "生产{k}", "{k}研发及制造", "{k}加工", "{k}生产、组装"]
SERVICE_FORMS = ["{k}服务", "{k}", "提供{k}"]
SELL_FORMS = ["{k}销售", "{k}批发", "{k}零售", "{k}的销售及进出口"]
NAME_PARTS = ["华", "京", "中", "瑞", "科", "创", "博", "鼎", "恒", "达", "信", "通", "宇", "联", "智", "新", "源", "泰", "安", "航"]
SERVICE_SEGMENTS = {"idc_operation", "network_links", "cloud_computing", "data_services", "ai_applications", "security",
                    "om_services", "dc_construction", "green_power", "industrial_software", "system_integration",
                    "maintenance_services", "aftermarket", "charging", "testing_certification", "recycling",
                    "energy_storage"}
STAGES = ["接触", "考察", "洽谈", "签约", "落地"]
STEP_DIFFICULTY = [0.0, 0.3, 0.8, 1.2]


def load_settings(path: Path | str = SETTINGS, **overrides) -> dict:
    settings = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    for key, value in overrides.items():
        if isinstance(value, dict):
            settings[key] = {**settings.get(key, {}), **value}
        else:
            settings[key] = value
    return settings


def _scope(rng, telling: list[str], n_filler=(3, 9)) -> str:
    items = list(rng.choice(FILLER, size=rng.integers(*n_filler), replace=False)) + telling
    rng.shuffle(items)
    licensed = "；许可项目：道路货物运输（不含危险货物）" if rng.random() < 0.15 else ""
    return ("一般项目：" + "；".join(items) + "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" + licensed)


def _telling(rng, seg, forms) -> str:
    words = list(seg.keywords) + list(seg.products)
    return rng.choice(forms).format(k=rng.choice(words))


def make_enterprises(settings: dict, chains, rng) -> pd.DataFrame:
    """Synthetic Beijing enterprises, described the way an export describes them."""
    segs = [s for c in chains.values() for s in c.segments.values()]
    n = int(settings["n_enterprises"])
    districts, dweights = list(DISTRICTS), np.array(list(DISTRICTS.values()))
    rows = []
    for i in range(n):
        kind = rng.choice(["maker", "seller", "vague", "unrelated"], p=[0.70, 0.15, 0.05, 0.10])
        seg = segs[rng.integers(len(segs))]
        telling, true_seg = [], ""
        if kind == "maker":
            forms = SERVICE_FORMS if seg.id in SERVICE_SEGMENTS else MAKE_FORMS
            telling.append(_telling(rng, seg, forms))
            true_seg = seg.key
            if rng.random() < 0.2:
                other = segs[rng.integers(len(segs))]
                if other.chain == seg.chain:
                    telling.append(_telling(rng, other, SERVICE_FORMS if other.id in SERVICE_SEGMENTS else MAKE_FORMS))
            if rng.random() < 0.4:
                telling.append(_telling(rng, seg, SELL_FORMS))
        elif kind == "seller":
            telling += [_telling(rng, seg, SELL_FORMS) for _ in range(rng.integers(1, 3))]
        elif kind == "vague":
            telling.append(rng.choice(VAGUE[seg.chain]))
        else:
            telling += list(rng.choice(UNRELATED, size=2, replace=False))
        code_draw = rng.random()
        if kind == "maker" and code_draw < 0.6 and seg.industry_codes:
            code = ("C" if seg.industry_codes[0] < "4500" else "") + rng.choice(seg.industry_codes)
        elif code_draw < 0.85:
            code = rng.choice(["7519", "5179", "M7519", "F5179", "6513"])
        else:
            code = None
        size = math.exp(rng.normal(4.0, 1.3))
        employees = int(max(3, size))
        listed = employees > 400 and rng.random() < 0.25
        tags = []
        if rng.random() < (0.25 if kind == "maker" else 0.05):
            tags.append("专精特新")
        if rng.random() < (0.45 if kind == "maker" else 0.15):
            tags.append("高新技术企业")
        if listed:
            tags.append("上市公司")
        intent = rng.choice(["是", "否", "未知", None], p=[0.22, 0.33, 0.35, 0.10])
        name_core = "".join(rng.choice(NAME_PARTS, size=2))
        suffix = seg.name_zh[:2] if kind in ("maker", "seller") else rng.choice(["科技", "信息", "商贸", "文化"])
        rows.append({
            "enterprise_id": f"91110000DEMO{i:06d}",
            "name": f"{LABEL}·北京{name_core}{suffix}{'科技' if kind != 'seller' else '商贸'}有限公司",
            "district": rng.choice(districts, p=dweights / dweights.sum()),
            "industry_code": code, "industry_name": None,
            "business_scope": _scope(rng, telling),
            "main_products": (rng.choice(seg.products) if kind == "maker" and seg.products and rng.random() < 0.5 else None),
            "registered_capital_wan": round(float(np.exp(rng.normal(7.0, 1.2))), 1),
            "employees": employees if rng.random() > 0.08 else None,
            "revenue_wan": round(employees * float(np.exp(rng.normal(4.0, 0.6))), 1) if rng.random() > 0.3 else None,
            "founded": dt.date(int(rng.integers(1998, 2023)), int(rng.integers(1, 13)), int(rng.integers(1, 29))),
            "tags": ";".join(tags) or None, "relocation_intent": intent, "extra": None,
            "_kind": kind, "_segment": true_seg,
        })
    return pd.DataFrame(rows)


def make_local_firms(settings, chains, regions, rng) -> pd.DataFrame:
    """The seed's leaders and local firms, plus synthetic local suppliers."""
    rows = []
    for region in regions.values():
        for firm in [*region.leaders, *region.local_firms]:
            rows.append({"enterprise_id": firm["id"], "name": firm["name"], "region_id": region.id,
                         "chain": firm["chain"], "segments": ";".join(f"{firm['chain']}.{s}" for s in firm["segments"]),
                         "is_leader": firm in region.leaders, "park": None, "source": firm.get("source"),
                         "since": None, "synthetic": False})
        parks = [p["name"] for p in region.parks]
        segs = [s for c in region.chains for s in chains[c].segments.values()]
        for j in range(int(settings["synthetic_local_firms"].get(region.id, 0))):
            seg = segs[int(rng.integers(len(segs)))] if rng.random() < 0.5 else segs[int(rng.integers(min(6, len(segs))))]
            city = "天津" if region.id == "baodi" else "庆阳"
            rows.append({"enterprise_id": f"DEMO-{region.id.upper()}-{j:03d}",
                         "name": f"{LABEL}·{city}{''.join(rng.choice(NAME_PARTS, size=2))}{seg.name_zh[:2]}有限公司",
                         "region_id": region.id, "chain": seg.chain, "segments": seg.key, "is_leader": False,
                         "park": rng.choice(parks), "source": "示例数据", "since": dt.date(int(rng.integers(2012, 2021)), 6, 1),
                         "synthetic": True})
    return pd.DataFrame(rows)


def make_relations(settings, chains, enterprises, local, rng) -> pd.DataFrame:
    """以商招商 (示例): makers whose segment supplies (or buys from) a leader's segment are, with some chance, known
    from annual reports and bids as that leader's supplier (or customer); a few unrelated firms carry links too,
    as real exports do. Rows follow the contract: a leader's row names its supplier or customer."""
    G = segment_graph(chains)
    leaders = local[local["is_leader"].astype(bool)]
    by_segment = {}
    for lid, segs in zip(leaders["enterprise_id"], leaders["segments"]):
        for key in segs.split(";"):
            by_segment.setdefault(key, []).append(lid)
    p, noise = float(settings["relations"]["share_linked"]), float(settings["relations"]["share_noise"])
    rows = []
    for eid, kind, key in zip(enterprises["enterprise_id"], enterprises["_kind"], enterprises["_segment"]):
        if kind == "maker" and key in G:
            for leader_key in sorted(set(G.successors(key)) & set(by_segment)):  # it supplies that leader
                if rng.random() < p:
                    rows.append((by_segment[leader_key][int(rng.integers(len(by_segment[leader_key])))], eid, "supplier"))
            for leader_key in sorted(set(G.predecessors(key)) & set(by_segment)):  # it buys from that leader
                if rng.random() < p / 2:
                    rows.append((by_segment[leader_key][int(rng.integers(len(by_segment[leader_key])))], eid, "customer"))
        if rng.random() < noise:
            lid = leaders["enterprise_id"].iloc[int(rng.integers(len(leaders)))]
            rows.append((lid, eid, str(rng.choice(["supplier", "customer"]))))
    out = pd.DataFrame(rows, columns=["enterprise_id", "related_id", "relation"]).drop_duplicates()
    return out.assign(related_name=None, source="示例·年报与招投标", date=dt.date(2021, 6, 30), amount_wan=None)


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def simulate_deals(settings, chains, regions, enterprises, local, rng, relations=None) -> pd.DataFrame:
    """Month-by-month approaches and outcomes; one row per stage event. A firm that supplies or buys from a
    leader of the region (``relations``) follows it more readily."""
    G = segment_graph(chains)
    eff, sel = settings["effects"], settings["selection"]
    presence = {r: {} for r in regions}
    for row in local.itertuples():
        for key in row.segments.split(";"):
            firms, leaders = presence[row.region_id].get(key, (0, 0))
            presence[row.region_id][key] = (firms + 1, leaders + int(row.is_leader))
    leader_keys = {r: {k for k, (_, l) in p.items() if l} for r, p in presence.items()}
    near_leader = {r: {n for k in keys for n in (set(G.predecessors(k)) | set(G.successors(k)) | {k})}
                   for r, keys in leader_keys.items()}
    ent = enterprises.reset_index(drop=True)
    chain_of = ent["_segment"].str.split(".").str[0]
    visible_chain = np.where(ent["_kind"].isin(["maker"]), chain_of,
                             [list(chains)[i % len(chains)] for i in range(len(ent))])
    qual = ent["tags"].fillna("").str.contains("专精特新|高新技术企业").to_numpy()
    intent = (ent["relocation_intent"] == "是").to_numpy()
    listed = ent["tags"].fillna("").str.contains("上市公司").to_numpy()
    logsize = np.log1p(ent["employees"].fillna(20).to_numpy())
    linked = {r: set() for r in regions}
    if relations is not None and len(relations):
        region_of = dict(zip(local["enterprise_id"], local["region_id"]))
        for lid, eid in zip(relations["enterprise_id"], relations["related_id"]):
            if lid in region_of:
                linked[region_of[lid]].add(eid)
    approached = np.zeros(len(ent), bool)
    events, pending = [], []
    start, end = pd.Timestamp(settings["start"]), pd.Timestamp(settings["end"])
    months = pd.date_range(start, end, freq="MS")
    for month in months:
        for _, region, key in [p for p in pending if p[0] <= month]:
            firms, leaders = presence[region].get(key, (0, 0))
            presence[region][key] = (firms + 1, leaders)
        pending = [p for p in pending if p[0] > month]
        gaps = {r: classify_gaps(G, presence[r]) for r in regions}
        n_total = int(settings["approaches_per_month"])
        n_qy = int(round(n_total * settings["share_qingyang"]))
        for region, n_pick in (("qingyang", n_qy), ("baodi", n_total - n_qy)):
            wanted = set(regions[region].chains)
            pool = np.where(~approached & np.isin(visible_chain, list(wanted)))[0]
            if not len(pool):
                continue
            seen_gap = np.array([gaps[region].get(ent.at[i, "_segment"], "补链") != "" for i in pool])
            s = (sel["relocation_intent"] * intent[pool] + sel["qualification"] * qual[pool]
                 + sel["size"] * logsize[pool] / 4 + sel["tagged_gap"] * seen_gap + rng.gumbel(size=len(pool)))
            for i in pool[np.argsort(-s)[:n_pick]]:
                approached[i] = True
                kind, key = ent.at[i, "_kind"], ent.at[i, "_segment"]
                emp = ent.at[i, "employees"]
                logit = eff["base"] + eff["noise"] * rng.normal()
                if kind == "maker":
                    gap = gaps[region].get(key, "")
                    logit += eff["gap_fill"] * (gap in ("补链", "延链", "串链")) + eff["thin_segment"] * (gap == "强链")
                    logit += eff["near_leader"] * (key in near_leader[region])
                else:
                    logit -= 1.8
                logit += eff["relocation_intent"] * intent[i] + eff["qualification"] * qual[i]
                logit += eff["mid_size"] * (emp is not None and not pd.isna(emp) and 20 <= emp <= 500)
                logit += eff["listed"] * listed[i]
                logit += eff["nearby_district"] * (ent.at[i, "district"] in NEARBY)
                logit += eff.get("leader_relation", 0.0) * (ent.at[i, "enterprise_id"] in linked[region])
                date = month + pd.Timedelta(days=int(rng.integers(0, 28)))
                chain = key.split(".")[0] if key else visible_chain[i]
                segment = key.split(".")[1] if key and rng.random() < 0.6 else ""
                reached = 0
                for step, diff in enumerate(STEP_DIFFICULTY, start=1):
                    if rng.random() < _sigmoid(logit - diff):
                        reached = step
                    else:
                        break
                d = date
                rows = [(STAGES[0], d)]
                for step in range(1, reached + 1):
                    d = d + pd.Timedelta(days=int(rng.integers(25, 110)))
                    rows.append((STAGES[step], d))
                if reached < 4 and reached >= 1 and rng.random() < 0.5:
                    rows.append(("终止", d + pd.Timedelta(days=int(rng.integers(20, 90)))))
                amount = round(float(np.exp(rng.normal(8.5, 1.0))), 0) if reached >= 3 else None
                for stage, when in rows:
                    if when <= end:
                        events.append({"enterprise_id": ent.at[i, "enterprise_id"], "region_id": region, "chain": chain,
                                       "segment": segment, "park": None, "amount_wan": amount if stage in ("签约", "落地") else None,
                                       "stage": stage, "date": when.date()})
                if reached == 4 and rows[-1][1] <= end and key:
                    pending.append((rows[-1][1], region, key))
    return pd.DataFrame(events).sort_values("date", kind="stable").reset_index(drop=True)


def build_world(settings: dict | None = None):
    """All frames of a demo world: enterprises (with hidden truth), local firms, deal events, relations."""
    settings = settings or load_settings()
    rng = np.random.default_rng(int(settings["seed"]))
    chains = load_chains()
    regions = load_regions(chain_ids=chains)
    enterprises = make_enterprises(settings, chains, rng)
    local = make_local_firms(settings, chains, regions, rng)
    # a separate stream, so adding relations leaves every other draw of the world as it was
    relations = make_relations(settings, chains, enterprises, local, np.random.default_rng(int(settings["seed"]) + 1))
    deals = simulate_deals(settings, chains, regions, enterprises, local, rng, relations)
    return enterprises, local, deals, relations


def load_demo(store: Store, settings: dict | None = None, user="demo") -> dict:
    """Fill a store with a demo world in one transaction per part."""
    enterprises, local, deals, relations = build_world(settings)
    tagger = Tagger.from_templates()
    ent = enterprises.drop(columns=["_kind", "_segment"])
    firm_ent = local.assign(district=None, industry_code=None, industry_name=None, business_scope=None,
                            main_products=None, registered_capital_wan=None, employees=None, revenue_wan=None,
                            founded=None, tags=None, relocation_intent=None, extra=None)
    tags = tagger.tag_frame(ent)
    store.write_import(firms=firm_ent[firm_ent["synthetic"] == False], user=user, detail="demo: seed leaders")  # noqa: E712
    counts = store.write_import(enterprises=ent, firms=firm_ent[firm_ent["synthetic"] == True], deals=deals,  # noqa: E712
                                tags=tags, synthetic=True, user=user, detail="demo: synthetic world (示例)",
                                relations=relations)
    store.set_meta("demo_loaded", dt.date.today().isoformat())
    return counts
