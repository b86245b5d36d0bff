"""Read what an enterprise does onto chain segments, with a confidence.

A business scope (经营范围) is parsed before any keyword is looked up:

- **structure** — the 一般项目 / 许可项目 sections, the registry's boilerplate
  (（除依法须经批准的项目外…）, （依法须经批准的项目…）, 不得从事…) and
  exclusions (…除外, 不含…, 不包括…): excluded text is not what the firm does;
- **clauses and their kind** — make (制造、生产…), R&D (研发、技术开发…), sell
  (销售、批发…), repair (维修、保养…), lease (租赁), service (运营、检测…), licence
  (许可项目 and permits such as 第二类增值电信业务), generic (技术服务、技术开发… with no
  object), or a bare list of products;
- **main business over side lines** — the registry lists the main business first:
  each clause weighs less the later it comes, a repeated item counts once, and a
  segment's evidence is judged against everything the firm does (its *share*),
  so one side clause (电池制造 in a smelter's long list) cannot outweigh the rest.
  主营产品 weighs more than the scope. A 主营产品 / 主营业务 summary and a clause's list of products under one
  verb are read line by line, so a segment that is one line of several holds only its share.

Keywords come from the chain templates (longest match; a keyword directly
followed by another, or by an equipment word, is a modifier: 锂电池**隔膜** is a
separator, 锂电池**涂布机** is battery equipment, 半导体器件**专用设备** is not a chip).
The GB/T 4754-2017 class (行业代码) adds evidence through its mapping to segments, and a
non-chain class counts as business the firm does outside the chains. Matching runs on
an Aho-Corasick automaton (pyahocorasick).

>>> tagger = Tagger.from_templates()
>>> tagger.tag_text("一般项目：技术服务；锂离子电池隔膜制造；电子产品销售")[0][:2]
('power_battery', 'separator')
>>> tagger.tag_text("一般项目：电池销售；汽车零配件批发；日用百货销售")
[]
>>> tagger.tag_text("数据处理（数据处理中的银行卡中心、PUE值在1.5以上的云计算数据中心除外）；软件开发")
[]
>>> chain, segment, conf = tagger.tag_text("锂离子电池技术研发；技术咨询")[0]
>>> (chain, segment, conf < 0.5)
('power_battery', 'cells', True)
>>> tagger.tag_text(None, "冰箱压缩机、家用空调、锂离子电池隔膜")[0][2] < tagger.tag_text(None, "锂离子电池隔膜")[0][2]
True
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import pandas as pd

from chains.templates import Chain, load_chains
from recommender import forking
from recommender.columns import TAG_COLUMNS

# Clause kinds, strongest claim first. A clause takes the first kind whose verbs it holds.
MAKE = re.compile(r"制造|生产|加工|研制|组装|装配|冶炼|压延|铸造|锻造|压铸|冲压|焊接|提纯|合成|制备|制作|成型|精炼|"
                  r"再制造|改装")
REPAIR = re.compile(r"维修|修理|保养|美容|修复")
LEASE = re.compile(r"租赁|出租")
SERVICE = re.compile(r"服务(?!器)|运营|运维|回收|利用|检测|测试|建设|施工|安装|集成|托管|处理|发电|接入|传输|标注|调度|"
                     r"治理|认证|拆解|改造|供应链管理|监测|监控|运行")
RND = re.compile(r"研发|研究|开发|设计|技术咨询|技术转让|技术推广|技术交流")
SALES = re.compile(r"销售|批发|零售|经销|代理|进出口|贸易|经营|代销|经纪|采购|分销|营销")
# Permits many unrelated firms hold; alone they say little about the chain a firm serves.
LICENCE = re.compile(r"增值电信业务|基础电信业务|互联网数据中心业务|互联网接入服务业务|互联网信息服务|建设工程施工|建设工程设计|"
                     r"建设工程勘察|建设工程监理|道路货物运输|道路旅客运输|危险化学品|危险废物经营|食品经营|食品销售|出版物|"
                     r"广播电视节目|网络文化经营|第[一二三]类医疗器械|药品|特种设备安装|电力设施承装|承装（修、试）|"
                     r"输电、供电、受电|发电业务|供电业务|劳务派遣|职业中介|营业性演出|电影发行|互联网新闻")
# What a clause's verb leaves when stripped: short or generic remainders are boilerplate, not business.
GENERIC_WORDS = re.compile(r"技术|服务|开发|咨询|交流|转让|推广|信息|企业管理|会议及展览|市场营销策划|货物|进出口|代理|"
                           r"软件|计算机|科技|新材料|新能源|工程|和|及|与|、|的|；|其他|一般|相关|业务|组织|文化|艺术|活动|"
                           r"专业|设计|广告|制作|发布|人力资源|社会经济咨询|商务|财务|票务|办公|日用|百货|用品|五金|"
                           r"产品|销售|零售|批发|普通|机械设备|电子|通讯|器材|租赁|[0-9A-Za-z]")
BOILERPLATE = re.compile(r"[（(](?:除依法须经批准|依法须经批准|具体经营项目|市场主体依法|未经|不得从事|涉及许可|"
                         r"以上项目|须经审批)[^）)]*[）)]|"
                         r"依法须经批准的项目[^。；;]*|不得从事[^。；;]*|除依法须经批准的项目外[^。；;]*|"
                         r"凭营业执照依法自主开展经营活动|（?以上经营项目[^）。；]*）?")
# A parenthesis that excludes ("…除外", "不含…") holds what the firm does NOT do.
EXCLUDING_PAREN = re.compile(r"[（(]([^（）()]*(?:除外|不含|不包括|不包含|禁止|限制类)[^（）()]*)[）)]")
EXCLUDING_TAIL = re.compile(r"(?:不含|不包括|不包含|不得)[^；;。，,、]*|[^；;。，,、]*除外")
SECTION = re.compile(r"(一般项目|许可项目|一般经营项目|许可经营项目)[:：]")
CLAUSE_SPLIT = re.compile(r"[；;。，,\n]")
# Words that contain a keyword but mean something else (longest match wins and maps to nothing).
EXCLUSIONS = ("隔膜泵", "隔膜阀", "隔膜压力表", "隔膜压缩机", "电芯片", "充电宝", "电池片", "光伏电池", "太阳能电池",
              "扫地机器人", "教育机器人", "服务机器人", "玩具", "电缆桥架", "信息系统集成", "电子铝箔", "电极箔",
              "电容器用铝箔", "铝箔容器", "食品铝箔", "包装铝箔", "医用隔膜", "正极板", "负极板", "水泵房",
              "数据处理中的银行卡中心", "云计算数据中心除外", "计算机系统集成", "干电池", "纽扣电池",
              "包装机械", "农业机械", "医疗器械", "家用空调", "汽车用品", "汽车装饰用品")
# A keyword followed by one of these names the equipment that makes the thing, not the thing.
EQUIPMENT_HEAD = re.compile(r"^(?:的|用|专用)?(?:[\u4e00-\u9fa5]{0,2}?)(?:专用设备|成套设备|成套装备|设备|装备|生产线|仪器|模具|工装|夹具|机组|"
                            r"机械|机|仪)")
# Segments that are both made and run as a service: either kind of clause counts in full.
MADE_AND_RUN = {"intelligent_equipment.system_integration", "power_battery.charging", "power_battery.energy_storage"}
# Chains with a segment for the equipment that makes their products.
EQUIPMENT_SEGMENT = {"power_battery": "production_equipment"}
# Segments whose products are themselves equipment: an equipment word after their keyword is the thing
# (高低压成套设备 is switchgear, 数控机床设备 a machine tool), not a machine that makes it.
MAKES_EQUIPMENT = {f"intelligent_equipment.{s}" for s in (
    "electronic_components", "precision_transmission", "motors_drives", "controllers", "industrial_software",
    "power_electrical", "industrial_robots", "cnc_machine_tools", "additive_manufacturing", "intelligent_logistics",
    "test_measurement", "system_integration", "maintenance_services")} | {
    "data_center.servers", "data_center.network_equipment", "data_center.power_supply", "data_center.cooling",
    "data_center.racks_facility", "power_battery.production_equipment"}
# "For X": a product's field of use names its customers, not what the firm makes (应用于各类云服务器中的人工智能芯片
# makes chips; 用于汽车发动机的压铸件 are castings). It is marked 〔…〕 and its keywords are modifiers.
APPLICATION = re.compile(r"(?:广泛)?(?:应用于|适用于|运用于|服务于|用于|面向)[^；;。，,：:]{1,30}?"
                         r"(?:领域的|行业的|中的|领域|行业|中|的)")
FIELD_OPEN, FIELD_CLOSE = "〔", "〕"
FIELD = re.compile(f"{FIELD_OPEN}[^{FIELD_CLOSE}]*{FIELD_CLOSE}")
# Words between two keywords that make the first a modifier of the second (人工智能核心芯片 is a chip).
LINK_WORDS = {"的", "用", "核心", "专用"}

# How much a clause of each kind says the firm *does* a segment's work, for segments that make things
# and for segments that are services. Selling, repairing and leasing are not making.
KIND_WEIGHT = {
    "make": {"make": 1.0, "service": 1.0},
    "list": {"make": 0.8, "service": 0.8},
    "rnd": {"make": 0.5, "service": 0.6},
    "service": {"make": 0.3, "service": 1.0},
    "repair": {"make": 0.0, "service": 0.0},
    "lease": {"make": 0.0, "service": 0.0},
    "sell": {"make": 0.0, "service": 0.0},
    "licence": {"make": 0.1, "service": 0.15},
    "generic": {"make": 0.0, "service": 0.0},
}
# How much each kind weighs in everything the firm does (the denominator of a segment's share).
ACTIVITY_WEIGHT = {"make": 1.0, "list": 0.8, "rnd": 0.3, "service": 0.5, "repair": 0.8, "lease": 0.5, "sell": 0.2,
                   "licence": 0.1, "generic": 0.0}
# Registries list the main business first, so the i-th item of a family weighs 1 / (1 + 0.25 i): what the firm
# makes is ranked among what it makes (a maker's scope may open with sales and services), services among services.
FAMILY = {"make": "goods", "list": "goods", "rnd": "rnd", "service": "services", "repair": "services",
          "lease": "services", "sell": "services", "licence": "services"}
STATUS_ZH = {"make": "计入（制造）", "list": "计入（产品）", "rnd": "弱计入（研发）", "service": "计入（服务）",
             "repair": "维修，不计入", "lease": "租赁，不计入", "sell": "卖方表述，不计入", "licence": "许可事项，弱计入",
             "generic": "通用表述，不计入", "excluded": "排除项，不计入", "none": "未涉及产业链",
             "field": "应用领域，弱计入"}
POSITION_DECAY = 0.25
LIST_DECAY = 0.1  # the same within one clause's list of products
PRODUCTS_WEIGHT = 1.5  # 主营产品 / 主营业务 weigh more than the scope
INDUSTRY_NAME_WEIGHT = 0.8
CODE_WEIGHT = {"strong": 0.7, "weak": 0.3}  # a class is a hint: clear text outweighs it
NON_CHAIN_CODE_WEIGHT = 1.0
SHARE_FULL = 0.35  # a segment holding at least this share of the firm's activity is read at full confidence
SEGMENT_THRESHOLD = 0.3
CHAIN_ONLY_MAX = 0.45
CHAIN_ONLY_MIN = 0.2  # a vague reading (汽车零部件研发) is kept, at low confidence, when it is all the firm says ...
CHAIN_ONLY_SOLE_SHARE = 0.8  # ... i.e. it holds this share of what the firm does;
CHAIN_ONLY_SHARED_MIN = 0.3  # beside other business it must be stronger
LEADING_SEGMENT = 0.5  # a segment holding this share of a chain reading's evidence is named in it (if not vague)
SCALE = 1.2
MAX_SEGMENTS = 3
MODIFIER = 0.3
MAIN_WEIGHT = 1.0 / (1.0 + POSITION_DECAY * 2)  # chain-level words count only in a family's first three items


@dataclass(frozen=True)
class Clause:
    """One item of a business scope: its text, kind, position weight, and whether it was excluded."""
    text: str
    kind: str
    weight: float
    excluded: bool = False


# Registries repeat standard items (经营范围规范表述), so a clause's kind and keyword evidence are computed once.
CLAUSE_CACHE = 2**18


@lru_cache(maxsize=CLAUSE_CACHE)
def clause_kind(text: str, licence_section: bool = False) -> str:
    """The kind of a clause.

    >>> [clause_kind(t) for t in ("锂电池制造", "锂电池销售", "汽车修理与维护", "汽车租赁", "技术开发、技术咨询",
    ...                          "锂离子电池技术研发", "第二类增值电信业务", "锂电池隔膜", "芯片的研发和销售")]
    ['make', 'sell', 'repair', 'lease', 'generic', 'rnd', 'licence', 'list', 'rnd']
    """
    if LICENCE.search(text) or licence_section:
        return "licence"
    if MAKE.search(text):
        return "make"
    if not GENERIC_WORDS.sub("", text).strip():
        return "generic"
    for kind, pattern in (("repair", REPAIR), ("lease", LEASE), ("sell", SALES), ("service", SERVICE), ("rnd", RND)):
        if pattern.search(text):
            # 销售 beside a service verb (运营、检测…) is a service firm that also sells; beside 研发 (X的研发和销售)
            # a firm that develops what it sells, perhaps made elsewhere: weak evidence, not none.
            if kind == "sell" and SERVICE.search(text):
                return "service"
            if kind == "sell" and RND.search(text):
                return "rnd"
            return kind
    return "list"


def parse_scope(scope: str | None) -> list[Clause]:
    """The clauses of a business scope with their kinds; excluded text comes back marked ``excluded``.

    >>> [(c.text, c.kind) for c in parse_scope("一般项目：电池销售、汽车零部件及配件制造；技术服务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）")]
    [('电池销售', 'sell'), ('汽车零部件及配件制造', 'make'), ('技术服务', 'generic')]
    >>> [(c.text, c.excluded) for c in parse_scope("数据处理（数据处理中的银行卡中心、PUE值在1.5以上的云计算数据中心除外）")]
    [('数据处理中的银行卡中心、PUE值在1.5以上的云计算数据中心除外', True), ('数据处理', False)]
    >>> [c.kind for c in parse_scope("许可项目：第二类增值电信业务；互联网数据中心业务")]
    ['licence', 'licence']
    """
    text = BOILERPLATE.sub("；", scope or "")
    out: list[Clause] = []
    seen: set[str] = set()
    for excluded in EXCLUDING_PAREN.findall(text):
        out.append(Clause(excluded.strip(), "excluded", 0.0, True))
    text = EXCLUDING_PAREN.sub("", text)
    text = mark_fields(text)
    position = {"goods": 0, "rnd": 0, "services": 0}
    # Sections: text before any marker is a general section (the older, unmarked form).
    parts = SECTION.split(text)
    sections = [("一般项目", parts[0])] + list(zip(parts[1::2], parts[2::2]))
    for name, body in sections:
        licence_section = name.startswith("许可")
        for raw in CLAUSE_SPLIT.split(body):
            tails, pieces = _items(raw, licence_section)
            out.extend(Clause(tail, "excluded", 0.0, True) for tail in tails)
            for piece, kind, rank in pieces:
                if piece in seen:
                    continue
                seen.add(piece)
                family = FAMILY.get(kind)
                if family and rank:  # the rank-th product of one clause's list
                    weight = out[-1].weight / (1.0 + LIST_DECAY * rank) if out else 0.0
                elif family:
                    weight = 1.0 / (1.0 + POSITION_DECAY * position[family])
                    position[family] += 1
                else:
                    weight = 0.0
                out.append(Clause(piece, kind, weight))
    return out


_VERBS = re.compile("|".join(p.pattern for p in (MAKE, RND, SERVICE, SALES, REPAIR, LEASE)))


@lru_cache(maxsize=CLAUSE_CACHE)
def _items(raw: str, licence_section: bool) -> tuple[tuple[str, ...], tuple[tuple[str, str, int], ...]]:
    """One clause of a scope: (its excluded tails, its items with their kinds and ranks). A list of items
    that each carry their own verb (锂电池制造、汽车零部件销售) is split into items of rank 0; a list of
    products under one verb (热交换器、控制器的研发、制造) into products of that verb's kind, ranked in order,
    so that the fifth product of a long list holds only its share of what the firm does.

    >>> _items("锂电池制造、汽车零部件销售", False)
    ((), (('锂电池制造', 'make', 0), ('汽车零部件销售', 'sell', 0)))
    >>> _items("热交换器、电子控制器的研发、制造", False)[1]
    (('热交换器', 'make', 0), ('电子控制器的研发', 'make', 1))
    >>> _items("电池销售（不含危险化学品", False)[0]
    ('不含危险化学品',)
    """
    raw = raw.strip(" ：:、")
    tails = tuple(tail for tail in EXCLUDING_TAIL.findall(raw) if len(tail) > 1)
    raw = EXCLUDING_TAIL.sub("", raw).strip(" ：:、（）()")
    if not raw:
        return tails, ()
    pieces = [p.strip() for p in _top_level(raw).split(_LIST_MARK) if p.strip()]
    if len(pieces) > 1 and all(_VERBS.search(p) and _names_something(p) for p in pieces):
        return tails, tuple((p, clause_kind(p, licence_section), 0) for p in pieces)
    kind = clause_kind(raw, licence_section)
    products = [p for p in pieces if _names_something(p)] or [raw]
    return tails, tuple((p, kind, rank) for rank, p in enumerate(products))


def _names_something(item: str) -> bool:
    """Whether an item names something beyond its verbs (研发、生产和销售 names nothing)."""
    return len(_VERBS.sub("", item).strip("的及和与等并")) >= 2


_LIST_MARK = "\x00"
_MARKS = "、；;。，,\n"


def _top_level(text: str) -> str:
    """``text`` with 、 outside parentheses made ``_LIST_MARK`` and every mark inside them a space, so a
    parenthesis (汽车、摩托车等行业) stays inside its item.

    >>> _top_level("密封件、橡胶制品（汽车、电器）").split(_LIST_MARK)
    ['密封件', '橡胶制品（汽车 电器）']
    """
    out, depth = [], 0
    for ch in text:
        depth += 1 if ch in "（(〔" else -1 if ch in "）)〕" and depth else 0
        out.append((" " if depth else _LIST_MARK if ch == "、" else ch) if ch in _MARKS else ch)
    return "".join(out)


def summary_kind(text: str) -> str:
    """The kind of a phrase of a main-business summary. A summary is not a registry: what the firm makes or
    researches (存储器的研发和销售) is its product line, and 发电业务 is its business, not a permit.

    >>> [summary_kind(t) for t in ("芯片的研发、设计和销售", "水力发电业务", "乘用车经销服务", "锂电池生产")]
    ['list', 'list', 'service', 'make']
    """
    if MAKE.search(text):
        return "make"
    if RND.search(text):
        return "list"
    kind = clause_kind(LICENCE.sub("", text))
    return "list" if kind == "generic" else kind


@lru_cache(maxsize=CLAUSE_CACHE)
def product_lines(text: str | None) -> tuple[Clause, ...]:
    """The business lines of a 主营产品 / 主营业务 text, main line first. Each phrase (between ，；。) takes its
    verb's kind, and every item of its 、-list is a line of its own: a summary that names three lines says the
    firm does three things, so one of them holds only its share.

    >>> [(c.text, c.kind, round(c.weight, 2)) for c in product_lines("冰箱压缩机、新能源汽车配件的研发、生产和销售")]
    [('冰箱压缩机', 'make', 1.0), ('新能源汽车配件的研发', 'make', 0.8)]
    """
    out: list[Clause] = []
    position = {"goods": 0, "rnd": 0, "services": 0}
    text = text if isinstance(text, str) else ""  # None, or a spreadsheet's NaN
    for phrase in CLAUSE_SPLIT.split(_top_level(mark_fields(BOILERPLATE.sub("；", text)))):
        phrase = phrase.strip()
        if not phrase:
            continue
        items = [i.strip() for i in phrase.split(_LIST_MARK) if _names_something(i)]
        own_verbs = len(items) > 1 and all(_VERBS.search(i) for i in items)  # 元器件分销、设计服务: each its own
        for item in items:
            if any(c.text == item for c in out):
                continue  # a repeated line counts once (a bare verb, 研发、生产和销售, was no line)
            kind = summary_kind(item if own_verbs else phrase)
            family = FAMILY[kind]
            out.append(Clause(item, kind, 1.0 / (1.0 + POSITION_DECAY * position[family])))
            position[family] += 1
    return tuple(out)


def mark_fields(text: str) -> str:
    """``text`` with each field of use (应用于…中, 用于…的, 面向…行业) set in 〔…〕.

    >>> mark_fields("用于汽车发动机及底盘的铝合金压铸件；应用于云服务器中的芯片")
    '〔用于汽车发动机及底盘的〕铝合金压铸件；〔应用于云服务器中的〕芯片'
    """
    return APPLICATION.sub(lambda m: f"{FIELD_OPEN}{m.group(0)}{FIELD_CLOSE}", text)


def in_field(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text`` only inside a marked field of use.

    >>> in_field("发动机", "〔用于汽车发动机的〕铸件"), in_field("铸件", "〔用于汽车发动机的〕铸件")
    (True, False)
    """
    return word in "".join(FIELD.findall(text)) and word not in FIELD.sub("", text)


def clauses(scope: str) -> list[str]:
    """The texts of a scope's clauses that are not excluded.

    >>> clauses("一般项目：电池销售、汽车零部件及配件制造；技术服务（依法须经批准的项目，经相关部门批准后方可开展经营活动）")
    ['电池销售', '汽车零部件及配件制造', '技术服务']
    """
    return [c.text for c in parse_scope(scope) if not c.excluded]


class Tagger:
    """Keyword-and-code reader built from the chain templates and the GB/T 4754 class map (no learning)."""

    def __init__(self, chains: dict[str, Chain], class_map: dict | None = None):
        self.chains = chains
        targets: dict[str, list] = defaultdict(list)
        for chain in chains.values():
            for kw in chain.chain_keywords:
                targets[kw].append((chain.id, "", 0.5))
            for seg in chain.segments.values():
                for kw in seg.keywords:
                    targets[kw].append((chain.id, seg.id, 1.0 if len(kw) >= 3 else 0.7))
        for word in EXCLUSIONS:
            targets.setdefault(word, [])
        self.targets = dict(targets)
        self.chain_level_words = {w for w, ts in self.targets.items() if ts and all(seg == "" for _, seg, _ in ts)}
        self.automaton = ahocorasick.Automaton()
        for word in self.targets:
            self.automaton.add_word(word.lower(), (len(word), word))
        self.automaton.make_automaton()
        self.activity = {(c.id, s.id): "both" if s.key in MADE_AND_RUN else segment_activity(s.industry_codes)
                         for c in chains.values() for s in c.segments.values()}
        self.class_map = default_class_map(chains) if class_map is None else class_map

    @classmethod
    def from_templates(cls) -> "Tagger":
        return cls(load_chains())

    def keyword_heads(self, clause: str) -> list[tuple[str, bool, bool]]:
        """Keywords in a clause: (keyword, is the head of its compound, is followed by an equipment word).

        Matches inside a longer match are dropped; a match followed at once (or after a link word: 的, 用,
        核心, 专用) by one that ends later is a modifier of it (锂离子电池隔膜 is a separator), and so is a match
        inside a field of use (〔应用于云服务器中的〕芯片); a match followed by an equipment word names the
        equipment that makes it, unless its segment makes equipment itself (``_clause_evidence``).

        >>> t = Tagger.from_templates()
        >>> t.keyword_heads("动力电池回收利用")
        [('动力电池', False, False), ('电池回收', True, False)]
        >>> t.keyword_heads("锂电池涂覆设备制造")
        [('锂电池', True, True)]
        """
        spans = []
        for end, (length, word) in self.automaton.iter(clause.lower()):
            spans.append((end + 1 - length, end + 1, word))
        if not spans:
            return []
        spans.sort(key=lambda s: (s[0], -s[1]))
        kept = []
        for s in spans:
            if not any(o[0] <= s[0] and s[1] <= o[1] and (o[0], o[1]) != (s[0], s[1]) for o in spans):
                kept.append(s)
        heads = [s for s in kept if s[2] not in self.chain_level_words]  # chain-level words head nothing
        fields = [(m.start(), m.end()) for m in FIELD.finditer(clause)]
        out = []
        for start, end, word in kept:
            modifier = (any(a < start and end < b for a, b in fields)
                        or any(start < o_start <= end and o_end > end for o_start, o_end, _ in heads)
                        or any(clause[end:o_start] in LINK_WORDS for o_start, _, _ in heads if o_start > end))
            equipment = bool(EQUIPMENT_HEAD.match(clause[end:end + 8])) and not any(
                o_start >= end and o_start <= end + 3 for o_start, _, _ in kept)
            out.append((word, not modifier, equipment))
        return out

    def _kind_weight(self, kind: str, chain: str, seg: str, word: str) -> float:
        """How much a clause of ``kind`` naming ``word`` says the firm does (chain, seg)'s work."""
        if kind in ("repair", "lease") and (REPAIR.search(word) or LEASE.search(word)):
            return 1.0  # the keyword itself names the service (机柜租赁, 设备维修)
        if not seg:
            return max(KIND_WEIGHT[kind].values())
        activity = self.activity[(chain, seg)]
        return max(KIND_WEIGHT[kind].values()) if activity == "both" else KIND_WEIGHT[kind][activity]

    def _read_clause(self, clause: Clause, score, activity_weight=1.0, chain_level=True):
        """Add one clause's keyword evidence to ``score``; returns [(keyword, chain, segment, weight)]."""
        if clause.weight <= 0:  # nothing counts; the evidence table still names the keywords
            found = self._clause_evidence(clause.text, clause.kind, clause.weight, activity_weight, chain_level)
        else:  # every weight is proportional to the clause's position weight: read once per text, then scale
            found = [(word, chain, seg, w * clause.weight) for word, chain, seg, w in
                     self._cached_evidence(clause.text, clause.kind, activity_weight, chain_level)]
        for _, chain, seg, w in found:
            score[(chain, seg)] += w
        return found

    def _cached_evidence(self, text, kind, activity_weight, chain_level) -> list:
        cache = self.__dict__.setdefault("_evidence_cache", {})
        key = (text, kind, activity_weight, chain_level)
        found = cache.get(key)
        if found is None:
            if len(cache) >= CLAUSE_CACHE:
                cache.clear()
            found = cache[key] = self._clause_evidence(text, kind, 1.0, activity_weight, chain_level)
        return found

    def _clause_evidence(self, text, kind, weight, activity_weight, chain_level) -> list:
        """[(keyword, chain, segment, weight)] of one clause, at most one keyword per segment (its strongest)."""
        best: dict = {}
        for word, head, equipment in self.keyword_heads(text):
            for chain, seg, kw_weight in self.targets.get(word, ()):
                if equipment and f"{chain}.{seg}" not in MAKES_EQUIPMENT:
                    seg = EQUIPMENT_SEGMENT.get(chain) if seg else None
                    if not seg:
                        continue
                    head = True
                if not seg and not chain_level:
                    continue
                kind_w = self._kind_weight(kind, chain, seg, word)
                w = weight * activity_weight * kind_w * kw_weight * (1.0 if head else MODIFIER)
                if w > best.get((chain, seg), (None, -1.0))[1]:
                    best[(chain, seg)] = (word, w)
        return [(word, chain, seg, w) for (chain, seg), (word, w) in best.items()]

    def evidence(self, scope=None, products=None, industry_name=None, industry_code=None) -> tuple[dict, float]:
        """(score per (chain, segment), the firm's total activity); segment '' holds chain-level evidence."""
        score: dict = defaultdict(float)
        total = 0.0
        for c in parse_scope(scope):
            if not c.excluded:
                total += c.weight * ACTIVITY_WEIGHT[c.kind]
                self._read_clause(c, score, chain_level=c.weight >= MAIN_WEIGHT)
        for c in product_lines(products):
            total += PRODUCTS_WEIGHT * c.weight * ACTIVITY_WEIGHT[c.kind]
            self._read_clause(c, score, activity_weight=PRODUCTS_WEIGHT, chain_level=c.weight >= MAIN_WEIGHT)
        if industry_name:
            kind = clause_kind(industry_name)
            kind = "list" if kind == "generic" else kind
            total += INDUSTRY_NAME_WEIGHT * ACTIVITY_WEIGHT[kind]
            self._read_clause(Clause(industry_name, kind, 1.0), score, activity_weight=INDUSTRY_NAME_WEIGHT)
        code = _code(industry_code)
        if code in self.class_map:
            chain_rows = [r for r in self.class_map[code] if r[0]]
            if chain_rows:
                total += max(CODE_WEIGHT.get(r[2], 0.0) for r in chain_rows)
                for chain, seg, strength in chain_rows:
                    # shared among the rows of the same strength (weak rows do not dilute a strong one), and a
                    # little less than the class weight, so that text evidence wins ties
                    peers = sum(r[2] == strength for r in chain_rows)
                    score[(chain, seg)] += CODE_WEIGHT.get(strength, 0.0) / math.sqrt(peers) * 0.999
            elif not _generic(code):
                total += NON_CHAIN_CODE_WEIGHT
        return score, total

    def explain(self, scope: str | None, products: str | None = None, industry_code=None) -> list[dict]:
        """Every clause of a scope with what it counts for, then the main products and the industry class:
        the profile's evidence table.

        >>> rows = Tagger.from_templates().explain("隔膜制造；电池销售；数据处理（云计算数据中心除外）")
        >>> [(r["clause"], r["counts"]) for r in rows]
        [('云计算数据中心除外', '排除项，不计入'), ('隔膜制造', '计入（制造）'), ('电池销售', '卖方表述，不计入'), ('数据处理', '未涉及产业链')]
        """
        out = []
        for i, clause in enumerate(parse_scope(scope)):
            if clause.excluded:
                out.append({"clause": clause.text, "keyword": "", "chain": "", "segment": "", "weight": 0.0,
                            "kind": "excluded", "counts": STATUS_ZH["excluded"]})
                continue
            found = self._read_clause(clause, defaultdict(float))
            status = STATUS_ZH[clause.kind] + ("（副业）" if clause.weight < 0.5 and clause.kind != "generic" else "")
            if not found:
                out.append({"clause": clause.text, "keyword": "", "chain": "", "segment": "", "weight": 0.0,
                            "kind": clause.kind,
                            "counts": STATUS_ZH["none" if clause.kind in ("make", "list", "rnd", "service") else clause.kind]})
            for word, chain, seg, w in found:
                out.append({"clause": clause.text, "keyword": word, "chain": chain, "segment": seg,
                            "weight": round(w, 2), "kind": clause.kind,
                            "counts": STATUS_ZH["field"] if in_field(word, clause.text) else status})
        for c in product_lines(products):
            for word, chain, seg, w in self._read_clause(c, defaultdict(float), activity_weight=PRODUCTS_WEIGHT,
                                                         chain_level=c.weight >= MAIN_WEIGHT):
                out.append({"clause": f"主营产品：{c.text}", "keyword": word, "chain": chain, "segment": seg,
                            "weight": round(w, 2), "kind": c.kind,
                            "counts": STATUS_ZH["field"] if in_field(word, c.text) else "计入（主营产品，加权）"})
        code = _code(industry_code)
        for chain, seg, strength in self.class_map.get(code, ()) if code else ():
            if chain:
                out.append({"clause": f"行业代码 {code}", "keyword": code, "chain": chain, "segment": seg,
                            "weight": CODE_WEIGHT.get(strength, 0.0), "kind": "code",
                            "counts": "计入（行业代码）" if strength == "strong" else "弱计入（行业代码）"})
        return out

    def tag_text(self, scope=None, products=None, industry_name=None, industry_code=None) -> list[tuple]:
        """``[(chain, segment, confidence)]``, best first; [] when it belongs to no chain."""
        score, total = self.evidence(scope, products, industry_name, industry_code)
        if not score:
            return []
        rows = []
        for (chain, seg), s in score.items():
            if seg and s > 0:
                share = s / max(total, s)
                conf = (1.0 - math.exp(-s / SCALE)) * min(1.0, share / SHARE_FULL)
                if conf >= SEGMENT_THRESHOLD:
                    rows.append((chain, seg, round(conf, 3)))
        rows.sort(key=lambda r: (-r[2], r[0], r[1]))
        rows = rows[:MAX_SEGMENTS]
        if rows:
            return rows
        by_chain: dict = defaultdict(float)
        for (chain, _), s in score.items():
            by_chain[chain] += s
        chain, s = max(sorted(by_chain.items()), key=lambda kv: kv[1])
        share = s / max(total, s) if s > 0 else 0.0
        conf = min(CHAIN_ONLY_MAX, (1.0 - math.exp(-s / SCALE)) * min(1.0, share / SHARE_FULL))
        if conf < (CHAIN_ONLY_MIN if share >= CHAIN_ONLY_SOLE_SHARE else CHAIN_ONLY_SHARED_MIN):
            return []
        # a weak chain reading names the segment that holds most of its evidence, if one does
        seg, seg_s = max(((g, v) for (c, g), v in sorted(score.items()) if c == chain and g), key=lambda kv: kv[1],
                         default=("", 0.0))
        named = seg_s >= LEADING_SEGMENT * s and conf >= CHAIN_ONLY_SHARED_MIN
        return [(chain, seg if named else "", round(conf, 3))]

    def tag_frame(self, frame: pd.DataFrame, workers: int | None = None) -> pd.DataFrame:
        """The contract's tag rows for every enterprise in ``frame``; a large frame is read by ``workers``
        processes (default: every core, or ``CHAINMATCH_WORKERS``), each row exactly as one process would."""
        cols = [frame.get(c, pd.Series([None] * len(frame), index=frame.index)) for c in
                ("enterprise_id", "business_scope", "main_products", "industry_name", "industry_code")]
        records = list(zip(*cols))
        out = [row for part in forking.map_chunks(self.tag_records, records, workers, PARALLEL_ROWS, 4) for row in part]
        result = pd.DataFrame(out, columns=TAG_COLUMNS)
        result.attrs["enterprise_ids"] = list(frame["enterprise_id"])
        return result


    def tag_records(self, records) -> list[tuple]:
        """Tag rows for (enterprise_id, scope, products, industry name, industry code) records."""
        out = []
        for eid, scope, products, iname, code in records:
            rows = self.tag_text(_text(scope), _text(products), _text(iname), _text(code))
            if rows:
                out.extend((eid, c, s, conf) for c, s, conf in rows)
            else:
                out.append((eid, "", "", 1.0))
        return out


PARALLEL_ROWS = 100_000  # below this, starting worker processes costs more than it saves


def segment_activity(codes) -> str:
    """'make' when a segment's classes are manufacturing (GB/T 4754 divisions 13–43 but 42, recycling), else 'service'.

    >>> segment_activity(["3841"]), segment_activity(["6550"]), segment_activity(["4210"])
    ('make', 'service', 'service')
    """
    divisions = [int(c[:2]) for c in codes if str(c)[:2].isdigit()]
    return "make" if divisions and all(13 <= d <= 43 and d != 42 for d in divisions) else "service"


@lru_cache(maxsize=4096)
def _generic(code: str) -> bool:
    try:
        from chains.industry_codes import is_generic
    except ImportError:
        return code[:2] in ("51", "52") or code == "7519"
    return is_generic(code)


def _code(value) -> str:
    text = str(value or "").strip().upper().removesuffix(".0")
    digits = text.lstrip("ABCDEFGHIJKLMNOPQRST")
    return digits if digits.isdigit() and len(digits) == 4 else ""


def class_map() -> dict:
    """GB/T 4754 class → [(chain, segment, strength)] for the shipped chains."""
    return default_class_map(load_chains())


def default_class_map(chains: dict[str, Chain]) -> dict:
    """GB/T 4754 class → [(chain, segment, strength)]: the full class table when shipped, else the templates' codes."""
    try:
        from chains.industry_codes import class_segment_map
        return class_segment_map()
    except ImportError:
        out: dict = defaultdict(list)
        for chain in chains.values():
            for seg in chain.segments.values():
                for code in seg.industry_codes:
                    out[code].append((chain.id, seg.id, "strong"))
        return dict(out)


def _text(v):
    return v if isinstance(v, str) and v else None
