"""World "push_pull": push out of Beijing x pull of the region's chains x saturation, with a policy wave.

Written by an outside author, without reading how the product computes its features. The world has
its own taxonomy of sub-trades (``TRADES``), its own product vocabulary, and its own outcome
mechanism; see ``bench/worlds/README.md``.

    >>> import tempfile, pathlib
    >>> info = generate(pathlib.Path(tempfile.mkdtemp()), seed=1, n_enterprises=300)
    >>> sorted(k for k in info)
    ['as_of', 'deals', 'description', 'enterprises', 'firms', 'relations', 'truth']
"""
from __future__ import annotations

import datetime as dt
import pathlib

import numpy as np
import pandas as pd

NAME = "push_pull"
AS_OF = "2025-12-31"
START = dt.date(2021, 1, 1)
N_MONTHS = 60
CHAINS = ["intelligent_equipment", "power_battery", "auto_parts", "data_center"]
CHAIN_WRITTEN = {  # how the office's ledger writes a chain (id, Chinese name or an alias)
    "intelligent_equipment": ["intelligent_equipment", "智能装备", "智能装备产业链"],
    "power_battery": ["power_battery", "动力电池", "动力电池产业链"],
    "auto_parts": ["auto_parts", "汽车零部件", "汽车配件", "汽车配件产业链"],
    "data_center": ["data_center", "数据中心", "算力", "东数西算"],
}

# ---------------------------------------------------------------------------------------------
# Taxonomy: sub-trade -> (chain, products, industry codes, base need of the region, leader links)
# ---------------------------------------------------------------------------------------------
TRADES = {
    # 智能装备
    "drive_control": ("intelligent_equipment", ["伺服电机", "运动控制器", "变频调速装置", "步进驱动器"],
                      ["C3813", "C3819", "C4011"], 0.9),
    "robot_cell": ("intelligent_equipment", ["工业机器人", "焊接机器人工作站", "自动化装配线", "桁架机械手"],
                   ["C3491", "C3499", "C3599"], 1.1),
    "refractory_metal": ("intelligent_equipment", ["钨钼制品", "钼顶头", "硬质合金刀具", "钨钼丝"],
                         ["C3240", "C3340"], 0.6),
    "special_cable": ("intelligent_equipment", ["特种电缆", "拖链电缆", "光电复合缆", "耐火电缆"],
                      ["C3831", "C3832"], 0.5),
    "switchgear": ("intelligent_equipment", ["高低压开关柜", "箱式变电站", "智能配电终端", "断路器"],
                   ["C3823", "C3821"], 0.7),
    "machine_vision": ("intelligent_equipment", ["工业相机", "视觉检测设备", "激光位移传感器", "在线测量仪"],
                       ["C4028", "C4090", "C3976"], 1.3),
    # 动力电池
    "cathode": ("power_battery", ["锰酸锂正极材料", "钛酸锂负极材料", "三元前驱体", "磷酸铁锂"],
                ["C3985", "C2613"], 0.8),
    "electrolyte_separator": ("power_battery", ["锂电池电解液", "锂电池隔膜", "六氟磷酸锂", "涂覆隔膜"],
                              ["C2669", "C2929"], 1.4),
    "cell_module": ("power_battery", ["锂离子电池电芯", "电池模组", "储能电池包", "软包电池"],
                    ["C3841", "C3849"], 0.6),
    "bms": ("power_battery", ["电池管理系统", "BMS主控板", "电池均衡模块", "高压配电盒"],
            ["C3989", "C3824"], 1.2),
    "recycling": ("power_battery", ["退役动力电池回收", "梯次利用储能柜", "黑粉再生料"],
                  ["C4210", "C4220"], 1.0),
    "cell_equipment": ("power_battery", ["锂电池卷绕机", "极片涂布机", "化成分容设备", "叠片机"],
                       ["C3599", "C3569"], 0.9),
    # 汽车零部件
    "stamping_body": ("auto_parts", ["车身冲压件", "白车身焊接总成", "热成形零件", "防撞梁"],
                      ["C3670", "C3360"], 0.7),
    "interior_trim": ("auto_parts", ["汽车座椅", "仪表板总成", "门内饰板", "顶棚"],
                      ["C3670", "C2927"], 0.8),
    "tooling_mold": ("auto_parts", ["汽车冲压模具", "注塑模具", "检具", "焊装夹具"],
                     ["C3525"], 1.0),
    "harness_connector": ("auto_parts", ["汽车线束", "高压连接器", "传感器线束", "充电枪"],
                          ["C3670", "C3831", "C3982"], 1.2),
    "vehicle_electronics": ("auto_parts", ["电机控制器", "车载控制器", "车身控制模块", "车载充电机"],
                            ["C3670", "C3976"], 1.3),
    "chassis": ("auto_parts", ["制动盘", "转向节", "悬架摆臂", "轮毂轴承"],
                ["C3670"], 0.6),
    # 数据中心
    "server_storage": ("data_center", ["服务器", "存储阵列", "GPU算力服务器", "交换机"],
                       ["C3911", "C3912", "C3921"], 1.1),
    "cooling": ("data_center", ["精密空调", "液冷机柜", "冷水机组", "冷板式液冷系统"],
                ["C3464", "C3442"], 1.3),
    "dc_power": ("data_center", ["不间断电源", "高压直流电源", "蓄电池柜", "精密配电柜"],
                 ["C3824", "C3849"], 1.0),
    "idc_ops": ("data_center", ["算力租赁", "IDC机柜租用", "云主机服务"],
                ["I6450", "I6550", "I6540"], 1.2),
    "room_build": ("data_center", ["数据中心机房工程", "综合布线", "模块化机房"],
                   ["E4999", "I6531", "E4910"], 0.8),
}
TRADE_NAMES = list(TRADES)
# how a sub-trade also fits the other chains (串链) — own judgement of the world's author
CROSS_FIT = {
    ("special_cable", "data_center"): 0.45, ("special_cable", "auto_parts"): 0.25,
    ("switchgear", "data_center"): 0.4, ("robot_cell", "auto_parts"): 0.45,
    ("machine_vision", "power_battery"): 0.3, ("cell_module", "data_center"): 0.3,
    ("bms", "auto_parts"): 0.4, ("harness_connector", "power_battery"): 0.3,
    ("vehicle_electronics", "power_battery"): 0.35, ("dc_power", "power_battery"): 0.4,
    ("cell_equipment", "intelligent_equipment"): 0.35, ("tooling_mold", "intelligent_equipment"): 0.25,
}
# the seven leaders and the sub-trades they buy from outside (closeness raises pull)
LEADERS = [
    ("国安盟固利", "power_battery", "cathode", ["electrolyte_separator", "cell_equipment", "recycling"]),
    ("荣盛盟固利", "power_battery", "cell_module", ["bms", "cathode", "electrolyte_separator"]),
    ("林德英利", "auto_parts", "interior_trim", ["stamping_body", "tooling_mold", "harness_connector"]),
    ("联想工业", "auto_parts", "stamping_body", ["tooling_mold", "chassis", "robot_cell"]),
    ("安泰天龙钨钼", "intelligent_equipment", "refractory_metal", ["machine_vision", "drive_control"]),
    ("瑞源电缆", "intelligent_equipment", "special_cable", ["harness_connector", "robot_cell"]),
    ("首瑞电气", "intelligent_equipment", "switchgear", ["drive_control", "dc_power", "machine_vision"]),
]
LEADER_BUYS = {}
for _name, _c, _t, _buys in LEADERS:
    for _b in _buys:
        LEADER_BUYS.setdefault(_b, []).append(_name)

OTHER_TRADES = {  # firms of no chain: items they write, their industry codes
    "software": (["应用软件开发", "软件开发", "信息系统集成服务", "计算机软硬件及辅助设备零售"], ["I6513", "I6511", "I6531"]),
    "trading": (["五金产品批发", "电子产品销售", "汽车零配件批发", "电池销售", "机械设备销售"], ["F5179", "F5175", "F5172"]),
    "repair": (["机动车修理和维护", "汽车零配件零售", "轮胎销售", "洗车服务"], ["O8111", "O8119"]),
    "media": (["广告设计、代理", "广告制作", "组织文化艺术交流活动", "会议及展览服务"], ["L7251", "R8770", "L7281"]),
    "property": (["物业管理", "房地产经纪", "停车场服务", "住房租赁"], ["K7020", "K7030"]),
    "food": (["餐饮服务", "食品销售（仅销售预包装食品）", "农副产品销售"], ["H6210", "F5127"]),
    "consulting": (["企业管理咨询", "社会经济咨询服务", "市场调查（不含涉外调查）", "人力资源服务（不含职业中介活动、劳务派遣服务）"], ["L7243", "L7244", "L7242"]),
    "licence": (["道路货物运输（不含危险货物）", "第二类增值电信业务", "医疗器械经营", "建设工程施工"], ["G5430", "I6319", "E4813"]),
}
LICENCE_ITEMS = ["第二类增值电信业务", "道路货物运输（不含危险货物）", "建设工程施工", "第二类医疗器械经营",
                 "危险化学品经营", "特种设备安装改造修理", "电气安装服务", "第一类增值电信业务"]
STD_TECH = "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广"
STD_DATA = "数据处理（数据处理中的银行卡中心、PUE值在1.5以上的云计算数据中心除外）"
SIDE = ["货物进出口", "技术进出口", "机械设备租赁", "计算机系统服务", "软件开发", "会议及展览服务",
        "五金产品零售", "电子元器件零售", "普通机械设备安装服务", "专业设计服务", "租赁服务（不含许可类租赁服务）"]
GENERIC_CODES = ["M7519", "L7212", "M7517", "7519", "M7590"]
INDUSTRY_NAME = {"C38": "电气机械和器材制造业", "C34": "通用设备制造业", "C32": "有色金属冶炼和压延加工业",
                 "C33": "金属制品业", "C40": "仪器仪表制造业", "C39": "计算机、通信和其他电子设备制造业",
                 "C26": "化学原料和化学制品制造业", "C29": "橡胶和塑料制品业", "C42": "废弃资源综合利用业",
                 "C35": "专用设备制造业", "C36": "汽车制造业", "I64": "互联网和相关服务",
                 "I65": "软件和信息技术服务业", "E49": "建筑安装业", "E48": "土木工程建筑业",
                 "F51": "批发业", "F52": "零售业", "O81": "机动车、电子产品和日用产品修理业",
                 "L72": "商务服务业", "R87": "文化艺术业", "K70": "房地产业", "H62": "餐饮业",
                 "G54": "道路运输业", "I63": "电信、广播电视和卫星传输服务", "M75": "科技推广和应用服务业"}
# Beijing districts: (name, division code, push from the district: core is squeezed hardest)
DISTRICTS = [("东城区", "110101", 1.0), ("西城区", "110102", 1.0), ("朝阳区", "110105", 0.7),
             ("海淀区", "110108", 0.6), ("丰台区", "110106", 0.6), ("石景山区", "110107", 0.5),
             ("通州区", "110112", 0.3), ("顺义区", "110113", 0.2), ("大兴区", "110115", 0.25),
             ("昌平区", "110114", 0.35), ("北京经济技术开发区", "110115", 0.1), ("房山区", "110111", 0.2)]
DISTRICT_P = np.array([.04, .04, .14, .2, .08, .03, .08, .08, .09, .08, .1, .04])
PARKS = ["宝坻经济开发区", "京津中关村科技城", "京津新城", "高铁站前区"]
NAME_A = list("京华中科创瑞新恒达博泰宏兴联盛远航睿智云天东方北辰金石安信志诚汇通启明正源")
NAME_B = ["智能", "精工", "动力", "电子", "新能", "科技", "技术", "电气", "机电", "数据", "信息", "实业", "装备", "材料"]
CODE_CHARS = list("0123456789ABCDEFGHJKLMNPQRTUWXY")

# mechanism constants
ROLE_W = {"maker": 1.0, "rd_factory": 1.0, "rd_lab": 0.35, "seller": 0.1}
SAT_LAMBDA = 0.35          # each landing in a sub-trade divides its need by (1 + λ·landings)
WAVE_BOOST = 1.4           # logit boost of the wave chain during the wave
SIGMA_U = 1.0              # unobserved per-firm noise
RHO_LEAD = 0.6             # correlation between the hidden lead quality staff see and the noise


def _cc(rng, division):
    return "91" + division + "".join(rng.choice(CODE_CHARS, 10))


def _scope(rng, items, licences, old_form):
    if old_form:
        return "；".join(items + licences) + "。（市场主体依法自主选择经营项目，开展经营活动；依法须经批准的项目，经相关部门批准后依批准的内容开展经营活动；不得从事国家和本市产业政策禁止和限制类项目的经营活动。）"
    s = "一般项目：" + "；".join(items) + "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
    if licences:
        s += "许可项目：" + "；".join(licences) + "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）"
    return s


def _fmt_num(rng, v, unit):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    r = rng.random()
    if r < 0.12:
        return f"{v:,.0f}{unit}"
    if r < 0.2:
        return f"{v:,.0f}"
    return f"{v:.0f}" if unit == "人" else f"{v:.2f}"


def _fit(trade, chain):
    """How well a sub-trade fits a chain: 1 inside its own chain, CROSS_FIT across, else 0."""
    if trade is None:
        return 0.0
    if TRADES[trade][0] == chain:
        return 1.0
    return CROSS_FIT.get((trade, chain), 0.0)


def _make_firms(rng, n):
    """The latent firm table (truth side), one row per enterprise."""
    rows = []
    used = set()
    p_chain = 0.42
    for i in range(n):
        in_chain = rng.random() < p_chain
        trade = TRADE_NAMES[rng.integers(len(TRADE_NAMES))] if in_chain else None
        other = None if in_chain else list(OTHER_TRADES)[rng.integers(len(OTHER_TRADES))]
        role = rng.choice(["maker", "rd_factory", "rd_lab", "seller"], p=[.45, .15, .15, .25]) if in_chain else "none"
        d = rng.choice(len(DISTRICTS), p=DISTRICT_P)
        dname, division, dpush = DISTRICTS[d]
        while True:
            code = _cc(rng, division)
            if code not in used:
                used.add(code)
                break
        founded = dt.date(1995, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 29)))
        if role in ("maker", "rd_factory"):
            emp = float(np.exp(rng.normal(4.3, 1.1)))
        elif role == "rd_lab":
            emp = float(np.exp(rng.normal(3.2, 0.9)))
        else:
            emp = float(np.exp(rng.normal(2.6, 1.0)))
        emp = max(1.0, round(emp))
        cap = float(np.round(np.exp(rng.normal(6.5, 1.3)) * (1 + emp / 200), -1)) + 10
        rev = float(np.round(emp * np.exp(rng.normal(4.0, 0.6)), 1)) if rng.random() < 0.55 else np.nan
        manufacturing = role in ("maker", "rd_factory")
        # push: pressure to leave Beijing (observable components)
        land_cost = 0.5 if (manufacturing and emp > 80) else 0.0
        push = dpush + (0.6 if manufacturing else 0.0) + land_cost
        intent_draw = push + rng.normal(0, 0.5)
        r = rng.random()
        if r < 0.35:
            intent = ""
        elif intent_draw > 1.3:
            intent = "是"
        elif intent_draw < 0.5:
            intent = "否"
        else:
            intent = "未知"
        tags = []
        if manufacturing and rng.random() < 0.22:
            tags.append("专精特新")
        if (in_chain or other == "software") and rng.random() < 0.3:
            tags.append("高新技术企业")
        if emp > 500 and rng.random() < 0.3:
            tags.append("上市公司")
        lead_q = rng.normal()
        u = SIGMA_U * (RHO_LEAD * lead_q + np.sqrt(1 - RHO_LEAD ** 2) * rng.normal())
        rows.append(dict(enterprise_id=code, trade=trade, other=other, role=role, district=dname,
                         dpush=dpush, founded=founded, employees=emp, capital=cap, revenue=rev,
                         push=push, intent=intent, tags=";".join(tags), lead_q=lead_q, u=u,
                         manufacturing=manufacturing, idx=i))
    df = pd.DataFrame(rows)
    df["trade"] = pd.Series([r["trade"] for r in rows], dtype=object)
    df["other"] = pd.Series([r["other"] for r in rows], dtype=object)
    return df


def _texts(rng, f):
    """Registry-style fields for one latent firm: name, scope, products, industry code."""
    name = "示例·" + "".join(rng.choice(NAME_A, 2)) + NAME_B[rng.integers(len(NAME_B))]
    name += ("（北京）" if rng.random() < 0.2 else "") + ("科技有限公司" if rng.random() < 0.5 else "有限公司")
    old_form = f.founded.year < 2021 and rng.random() < 0.45
    items, lic, products = [], [], ""
    if f.trade is not None:
        chain, prods, codes, _ = TRADES[f.trade]
        k = int(rng.integers(1, 4))
        mine = list(rng.choice(prods, k, replace=False))
        if f.role == "maker":
            for p in mine:
                items.append(p + "制造" + ("（限分支机构经营）" if f.dpush >= 0.5 and rng.random() < 0.5 else ""))
            items += [p + "销售" for p in mine[:1]]
        elif f.role == "rd_factory":  # a factory registered as R&D: no 制造 in its scope
            items += [p + "技术研发" for p in mine] + [mine[0] + "销售"]
        elif f.role == "rd_lab":
            items += [p + "技术研发" for p in mine[:2]]
        else:  # seller: names products it only sells
            items += [p + "销售" for p in mine] + (["五金产品批发"] if rng.random() < 0.5 else [])
        if rng.random() < 0.25:  # side line from another sub-trade
            t2 = TRADE_NAMES[rng.integers(len(TRADE_NAMES))]
            items.append(TRADES[t2][1][rng.integers(len(TRADES[t2][1]))] + "销售")
        show_products = rng.random() < (0.7 if f.role in ("maker", "rd_factory") else 0.35)
        if show_products:
            products = "、".join(mine if f.role != "seller" else mine[:1])
        code = codes[rng.integers(len(codes))]
        if f.role == "seller":
            code = ["F5179", "F5176", "F5175"][rng.integers(3)]
        elif f.role == "rd_lab":
            code = ["M7320", "M7519", "M7310"][rng.integers(3)]
    else:
        its, codes = OTHER_TRADES[f.other]
        items += list(rng.choice(its, min(len(its), int(rng.integers(2, 4))), replace=False))
        if rng.random() < 0.3:  # trades that write a chain word they never make
            items.append(["电池销售", "汽车零配件零售", "计算机软硬件及辅助设备批发", "电线电缆销售", "电气设备修理"][rng.integers(5)])
        if rng.random() < 0.35:
            products = "、".join(items[:1]).replace("服务", "")
        code = codes[rng.integers(len(codes))]
        if f.other == "licence":
            lic.append(items.pop(0))
    if rng.random() < 0.6:
        items.append(STD_TECH)
    if rng.random() < (0.5 if f.trade is None else 0.3):
        items.append(STD_DATA)
    items += list(rng.choice(SIDE, int(rng.integers(0, 3)), replace=False))
    if rng.random() < 0.2:
        lic.append(LICENCE_ITEMS[rng.integers(len(LICENCE_ITEMS))])
    order = rng.permutation(len(items))
    items = [items[j] for j in order]
    scope = _scope(rng, items, lic, old_form) if rng.random() > 0.03 else ""
    r = rng.random()
    if r < 0.12:
        code = ""
    elif r < 0.22:
        code = GENERIC_CODES[rng.integers(len(GENERIC_CODES))]
    elif r < 0.6 and code[:1].isalpha():
        code = code[1:]
    key = ("C" + code[:2]) if code[:1].isdigit() else code[:3]
    ind_name = INDUSTRY_NAME.get(key, INDUSTRY_NAME.get("C" + code[1:3], "")) if code else ""
    if not code[:1].isalpha() and code:
        for k2, v in INDUSTRY_NAME.items():
            if k2[1:] == code[:2]:
                ind_name = v
                break
    return name, scope, products, code, ind_name


def _logit(f, chain, need, wave_on):
    """The world's true log-odds that firm f signs when approached for chain; None if no fit."""
    fit = _fit(f.trade, chain)
    if fit == 0:
        return None
    role_w = ROLE_W[f.role]
    pull = fit * role_w * need[f.trade]
    lead = 0.0
    if f.trade in LEADER_BUYS and any(LEADERS[[l[0] for l in LEADERS].index(n)][1] == chain for n in LEADER_BUYS[f.trade]):
        lead = 0.6 * role_w
    push = f.push
    size = 0.35 if 20 <= f.employees <= 600 else (-0.4 if f.employees > 2000 else 0.0)
    intent = {"是": 0.8, "否": -0.7}.get(f.intent, 0.0)
    tags = 0.3 if "专精特新" in f.tags else 0.0
    x = -4.6 + 1.1 * push + 2.4 * pull + lead + size + intent + tags
    # push and pull reinforce each other: a firm that must leave and fits goes fastest
    x += 0.6 * push * pull
    if wave_on == chain:
        x += WAVE_BOOST
    return x


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def generate(out_dir: pathlib.Path, seed: int, n_enterprises: int = 6000) -> dict:
    """Writes the world's contract files and truth into out_dir; returns
    {"enterprises": Path, "firms": Path, "deals": Path, "relations": Path | None,
     "truth": Path, "as_of": "YYYY-MM-DD", "description": str}"""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    F = _make_firms(rng, n_enterprises)
    texts = [_texts(rng, f) for f in F.itertuples()]
    F["name"] = [t[0] for t in texts]
    F["scope"] = [t[1] for t in texts]
    F["products"] = [t[2] for t in texts]
    F["code"] = [t[3] for t in texts]
    F["ind_name"] = [t[4] for t in texts]

    # --- the region's own firms: leaders + synthetic local suppliers (initial saturation)
    local_rows, landed_count = [], {t: 0 for t in TRADE_NAMES}
    used = set(F.enterprise_id)

    def new_code():
        while True:
            c = _cc(rng, "120115")
            if c not in used:
                used.add(c)
                return c
    for lname, lchain, ltrade, _ in LEADERS:
        prods = TRADES[ltrade][1]
        local_rows.append({"统一社会信用代码": new_code(), "企业名称": lname, "所在区县": "宝坻区",
                           "行业代码": TRADES[ltrade][2][0], "经营范围": _scope(rng, [p + "制造" for p in prods[:2]] + [STD_TECH], [], False),
                           "主营产品": "、".join(prods[:2]), "是否链主": "是", "所属产业链": CHAIN_WRITTEN[lchain][1],
                           "所在园区": PARKS[rng.integers(2)], "所属区域": "宝坻区"})
        landed_count[ltrade] += 1
    n_local = max(20, n_enterprises // 40)
    for _ in range(n_local):
        t = TRADE_NAMES[rng.integers(len(TRADE_NAMES))]
        # the region is already thick in its leaders' own trades and thin elsewhere
        if t not in [l[2] for l in LEADERS] and rng.random() < 0.5:
            t = [l[2] for l in LEADERS][rng.integers(len(LEADERS))]
        prods = TRADES[t][1]
        p = prods[rng.integers(len(prods))]
        local_rows.append({"统一社会信用代码": new_code(),
                           "企业名称": "示例·宝坻" + "".join(rng.choice(NAME_A, 2)) + NAME_B[rng.integers(len(NAME_B))] + "有限公司",
                           "所在区县": "宝坻区", "行业代码": TRADES[t][2][0],
                           "经营范围": _scope(rng, [p + "制造", p + "销售", STD_TECH], [], False),
                           "主营产品": p if rng.random() < 0.6 else "", "是否链主": "否",
                           "所属产业链": CHAIN_WRITTEN[TRADES[t][0]][rng.integers(3)] if rng.random() < 0.7 else "",
                           "所在园区": PARKS[rng.integers(4)], "所属区域": "宝坻区",
                           "参保人数": int(np.exp(rng.normal(3.5, 0.8)))})
        landed_count[t] += 1
    base_need = {t: TRADES[t][3] for t in TRADE_NAMES}

    def need_now():
        return {t: base_need[t] / (1 + SAT_LAMBDA * landed_count[t]) for t in TRADE_NAMES}

    # --- the policy wave: one chain's conversion jumps for ~10 months, then ends before as_of
    wave_chain = CHAINS[rng.integers(4)]
    wave_start = int(rng.integers(14, 38))
    wave_end = wave_start + int(rng.integers(8, 13))

    # --- staff approach firms month by month
    as_of = dt.date.fromisoformat(AS_OF)
    approached = np.zeros(n_enterprises, bool)
    landed_on = {}
    deals = []
    per_month = max(3, int(0.28 * n_enterprises / N_MONTHS))
    # what staff can see: a noisy reading of the trade from the scope (read as the chain of the
    # trade, or a chain word for non-chain firms that write one), plus intent, size and tags
    seen_chain = []
    for f in F.itertuples():
        if f.trade is not None and rng.random() < 0.8:
            seen_chain.append(TRADES[f.trade][0])
        else:
            seen_chain.append(CHAINS[rng.integers(4)] if rng.random() < 0.5 else None)
    seen_chain = np.array(seen_chain, dtype=object)
    visible = (0.8 * (F.intent == "是") - 0.5 * (F.intent == "否") + 0.5 * F.manufacturing
               + 0.4 * F.tags.str.contains("专精特新") + 0.3 * np.log1p(F.employees) / 5 + 0.5 * F.dpush).to_numpy()
    for m in range(N_MONTHS):
        month_start = dt.date(START.year + m // 12, m % 12 + 1, 1)
        wave_on = wave_chain if wave_start <= m < wave_end else None
        sel = visible + 0.8 * F.lead_q.to_numpy() + rng.gumbel(size=n_enterprises) * 0.8
        sel[approached] = -np.inf
        sel[[x is None for x in seen_chain]] -= 1.5
        for ix in np.argsort(-sel)[:per_month]:
            f = F.iloc[ix]
            approached[ix] = True
            chain = seen_chain[ix] or CHAINS[rng.integers(4)]
            if wave_on and rng.random() < 0.35:
                chain = wave_on  # during the wave staff push the wave chain
            x = _logit(f, chain, need_now(), wave_on)
            p = _sigmoid(x + f.u) if x is not None else 0.003
            signed = rng.random() < p
            d = month_start + dt.timedelta(days=int(rng.integers(0, 28)))
            stages = [("接触", d)]
            gaps = [rng.integers(10, 60), rng.integers(15, 90), rng.integers(15, 120)]
            if signed:
                for st, g in zip(["考察", "洽谈", "签约"], gaps):
                    d = d + dt.timedelta(days=int(g))
                    stages.append((st, d))
                if rng.random() < 0.85:
                    d = d + dt.timedelta(days=int(rng.integers(60, 240)))
                    stages.append(("落地", d))
            else:
                reach = int(rng.choice([0, 1, 2], p=[.5, .3, .2]))
                for st, g in zip(["考察", "洽谈"][:reach], gaps):
                    d = d + dt.timedelta(days=int(g))
                    stages.append((st, d))
                d = d + dt.timedelta(days=int(rng.integers(20, 150)))
                stages.append(("终止", d))
            written = CHAIN_WRITTEN[chain][rng.integers(len(CHAIN_WRITTEN[chain]))]
            park = PARKS[rng.integers(4)] if rng.random() < 0.5 else ""
            amount = round(float(np.exp(rng.normal(8.5, 1.0))), 0)
            for st, sd in stages:
                if sd > as_of:
                    break
                if st == "落地":
                    landed_on[ix] = sd
                deals.append({"enterprise_id": f.enterprise_id, "stage": st, "date": sd.isoformat(),
                              "chain": written, "segment": "", "park": park,
                              "amount_wan": amount if st in ("签约", "落地") else "", "region": "" if rng.random() < 0.7 else "宝坻区"})
        # landings of this month fill their sub-trades (saturation)
        month_end = dt.date(START.year + (m + 1) // 12, (m + 1) % 12 + 1, 1)
        for ix, ld in list(landed_on.items()):
            if month_start <= ld < month_end and F.trade.iloc[ix] is not None:
                landed_count[F.trade.iloc[ix]] += 1
    # landings dated after the loop's month still count if on or before as_of
    # (already counted in their month above)

    eng = {"接触": "contacted", "考察": "visited", "洽谈": "negotiating", "签约": "signed", "落地": "landed", "终止": "dropped"}
    D = pd.DataFrame(deals)
    if len(D):
        flip = rng.random(len(D)) < 0.12
        D.loc[flip, "stage"] = D.loc[flip, "stage"].map(eng)
    D = D.rename(columns={"enterprise_id": "统一社会信用代码", "stage": "阶段", "date": "日期", "chain": "产业链",
                          "segment": "环节", "park": "园区", "amount_wan": "投资额(万元)", "region": "区域"})

    # --- exports
    ent = pd.DataFrame({
        "统一社会信用代码": F.enterprise_id, "企业名称": F.name, "所在区县": F.district,
        "行业代码": F.code, "所属行业": F.ind_name, "经营范围": F.scope, "主营产品": F.products,
        "注册资本(万元)": [_fmt_num(rng, v, "万元") if rng.random() > 0.05 else "" for v in F.capital],
        "参保人数": [_fmt_num(rng, v, "人") if rng.random() > 0.15 else "" for v in F.employees],
        "营业收入(万元)": [_fmt_num(rng, v, "万元") for v in F.revenue],
        "成立日期": [d.isoformat() for d in F.founded], "资质标签": F.tags, "疏解意向": F.intent,
    })
    paths = {"enterprises": out_dir / "enterprises.csv", "firms": out_dir / "firms.xlsx",
             "deals": out_dir / "deals.csv", "relations": out_dir / "relations.csv", "truth": out_dir / "truth.csv"}
    ent.to_csv(paths["enterprises"], index=False, encoding="gbk")
    firms = pd.DataFrame(local_rows)
    firms.to_excel(paths["firms"], index=False)
    D.to_csv(paths["deals"], index=False, encoding="utf-8-sig")
    # relations: who already buys from the leaders (observable closeness), from annual reports/bids
    rel = []
    leader_code = {r["企业名称"]: r["统一社会信用代码"] for r in local_rows if r["是否链主"] == "是"}
    for f in F.itertuples():
        if f.trade in LEADER_BUYS and f.role in ("maker", "rd_factory") and rng.random() < 0.3:
            ln = LEADER_BUYS[f.trade][rng.integers(len(LEADER_BUYS[f.trade]))]
            rel.append({"统一社会信用代码": leader_code[ln], "关联企业统一社会信用代码": f.enterprise_id,
                        "关系": "供应商", "来源": ["年报", "招投标"][rng.integers(2)],
                        "日期": f"{rng.integers(2019, 2025)}-06-30"})
    pd.DataFrame(rel, columns=["统一社会信用代码", "关联企业统一社会信用代码", "关系", "来源", "日期"]).to_csv(
        paths["relations"], index=False, encoding="utf-8")

    # --- truth at as_of: every candidate (not landed) x every chain
    need = need_now()
    landed_ix = {ix for ix, ld in landed_on.items() if ld <= as_of}
    rows = []
    for f in F.itertuples():
        if f.idx in landed_ix:
            continue
        for c in CHAINS:
            x = _logit(f, c, need, None)
            if x is None:
                pt = pc = 0.001
            else:
                pt, pc = _sigmoid(x + f.u), _sigmoid(x)
            rows.append((f.enterprise_id, c, round(float(pt), 6), round(float(pc), 6)))
    truth = pd.DataFrame(rows, columns=["enterprise_id", "chain", "p_true", "p_ceiling"])
    truth.to_csv(paths["truth"], index=False)
    n_signed = int(D["阶段"].isin(["签约", "signed"]).sum()) if len(D) else 0
    desc = (f"push_pull seed={seed}: {n_enterprises} enterprises, {len(local_rows)} local firms, "
            f"{int(approached.sum())} approached, {n_signed} signed, {len(landed_ix)} landed; "
            f"policy wave on {wave_chain} months {wave_start}-{wave_end} (ended before as_of)")
    return {"enterprises": paths["enterprises"], "firms": paths["firms"], "deals": paths["deals"],
            "relations": paths["relations"], "truth": paths["truth"], "as_of": AS_OF, "description": desc}
