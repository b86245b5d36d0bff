"""Read what an enterprise does onto chain segments, with a confidence.

Evidence comes from business scope (经营范围), main products, industry name and
GB/T 4754 code. The scope is cut into clauses; a clause only *sells* (销售、批发、
零售、进出口 with no making or service verb) gives no evidence, so sellers do not
fill manufacturing segments. Keywords come from the chain templates; longer
keywords win over the shorter ones inside them (锂电池隔膜 → separator, not cells).
A vague scope (新能源技术研发) gives a chain with low confidence and no segment.

>>> tagger = Tagger.from_templates()
>>> tagger.tag_text("一般项目：技术服务；锂离子电池隔膜制造；电子产品销售")[0][:2]
('power_battery', 'separator')
>>> tagger.tag_text("一般项目：电池销售；汽车零配件批发；日用百货销售")
[]
>>> chain, segment, conf = tagger.tag_text("新能源技术研发；技术咨询")[0]
>>> (chain, segment, conf < 0.5)
('power_battery', '', True)
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

import pandas as pd

from chains.templates import Chain, load_chains
from recommender.columns import TAG_COLUMNS

MAKE = re.compile(r"制造|生产|加工|研制|组装|装配|冶炼|压延|铸造|锻造|压铸|冲压|焊接|提纯|合成")
RND = re.compile(r"研发|研究|开发")
SERVICE = re.compile(r"服务(?!器)|运营|运维|维修|保养|回收|利用|检测|测试|建设|施工|安装|集成|租赁|托管|设计|处理|发电|"
                     r"接入|传输|标注|调度|治理|认证|拆解|再制造|改造")
SALES = re.compile(r"销售|批发|零售|经销|代理|进出口|贸易|经营|网上销售|代销|经纪")
BOILERPLATE = re.compile(r"[（(]依法须经批准的项目.*?[）)]|[（(]除依法须经批准的项目外.*?[）)]|一般项目[:：]|许可项目[:：]|"
                         r"[（(]具体经营项目以.*?[）)]|[（(]不得.*?[）)]")
CLAUSE_SPLIT = re.compile(r"[；;。，,\n]")
# Words that contain a keyword but mean something else.
EXCLUSIONS = ("隔膜泵", "隔膜阀", "隔膜压力表", "电芯片", "充电宝", "电池片", "光伏电池", "太阳能电池", "扫地机器人",
              "教育机器人", "服务机器人", "玩具", "电缆桥架", "信息系统集成")
SEGMENT_THRESHOLD = 0.4
CHAIN_ONLY_MAX = 0.45
SCALE = 1.2
MAX_SEGMENTS = 3
MODIFIER = 0.3


_VERBS = re.compile("|".join(p.pattern for p in (MAKE, RND, SERVICE, SALES)))


def _has_verb(text: str) -> bool:
    return bool(_VERBS.search(text))


def _verb_weight(text: str) -> float:
    """How much a clause says the firm *does* what it names (0 for selling only)."""
    if MAKE.search(text) or SERVICE.search(text):
        return 1.0
    if RND.search(text):
        return 0.6
    if SALES.search(text):
        return 0.0
    return 0.8  # a bare noun phrase: products listed without a verb


def keyword_heads(clause: str, pattern, lower) -> list[tuple[str, bool]]:
    """Keywords in a clause, each with whether it is the head of its compound.

    Matches inside a longer match are dropped; a match followed at once (or after
    的/用) by one that ends later is a modifier of it: 锂离子电池隔膜 is a separator.

    >>> t = Tagger.from_templates()
    >>> keyword_heads("动力电池回收利用", t.pattern, t.lower)
    [('动力电池', False), ('电池回收', True)]
    """
    spans = []
    for m in pattern.finditer(clause):
        word = m.group(1)
        spans.append((m.start(), m.start() + len(word), lower.get(word.lower(), word)))
    spans = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans)]
    out = []
    for start, end, word in spans:
        modifier = any(start < o_start <= end and o_end > end for o_start, o_end, _ in spans) or any(
            o_start == end + 1 and clause[end] in "的用" for o_start, _, _ in spans)
        out.append((word, not modifier))
    return out


def clauses(scope: str) -> list[str]:
    """Clauses of a business scope; a 、-list is split when every part has its own verb.

    >>> clauses("一般项目：电池销售、汽车零部件及配件制造；技术服务（依法须经批准的项目，经相关部门批准后方可开展经营活动）")
    ['电池销售', '汽车零部件及配件制造', '技术服务']
    """
    text = BOILERPLATE.sub("；", scope or "")
    out = []
    for clause in CLAUSE_SPLIT.split(text):
        clause = clause.strip()
        if not clause:
            continue
        parts = [p for p in clause.split("、") if p.strip()]
        own_verb = [_has_verb(p) and len(_VERBS.sub("", p).strip("的及和与")) >= 2 for p in parts]
        out.extend(parts if len(parts) > 1 and all(own_verb) else [clause])
    return out


class Tagger:
    """Keyword-and-code tagger built from the chain templates (fit once, no learning needed)."""

    def __init__(self, chains: dict[str, Chain]):
        self.chains = chains
        targets: dict[str, list] = defaultdict(list)
        for chain in chains.values():
            for kw in chain.chain_keywords:
                targets[kw].append((chain.id, "", 0.5))
            for seg in chain.segments.values():
                for kw in seg.keywords:
                    weight = 1.0 if len(kw) >= 3 else 0.7
                    targets[kw].append((chain.id, seg.id, weight))
        for word in EXCLUSIONS:
            targets.setdefault(word, [])
        self.targets = dict(targets)
        words = sorted(self.targets, key=len, reverse=True)
        # A lookahead finds the longest keyword at every position, overlaps included.
        self.pattern = re.compile("(?=(" + "|".join(re.escape(w) for w in words) + "))", re.IGNORECASE)
        self.lower = {w.lower(): w for w in words}
        codes = defaultdict(list)
        for chain in chains.values():
            for seg in chain.segments.values():
                for code in seg.industry_codes:
                    codes[code].append((chain.id, seg.id))
        self.codes = dict(codes)

    @classmethod
    def from_templates(cls) -> "Tagger":
        return cls(load_chains())

    def evidence(self, scope=None, products=None, industry_name=None, industry_code=None) -> dict:
        """Score per (chain, segment); segment '' holds chain-level evidence."""
        score: dict = defaultdict(float)

        def read(text, fixed_weight=None):
            for clause in clauses(text) if fixed_weight is None else [text]:
                verb = _verb_weight(clause) if fixed_weight is None else fixed_weight
                if verb == 0:
                    continue
                seen = set()
                for word, head in keyword_heads(clause, self.pattern, self.lower):
                    for chain, seg, weight in self.targets.get(word, ()):
                        if (chain, seg, word) not in seen:
                            seen.add((chain, seg, word))
                            score[(chain, seg)] += verb * weight * (1.0 if head else MODIFIER)

        if scope:
            read(scope)
        if products:
            read(products, fixed_weight=1.0)
        if industry_name:
            read(industry_name, fixed_weight=0.8)
        code = str(industry_code or "")[-4:]
        for chain, seg in self.codes.get(code, ()):
            score[(chain, seg)] += 1.0 / len(self.codes[code])
        return score

    def explain(self, scope: str | None) -> list[dict]:
        """The clauses of a scope that name a segment, with the keyword and how much the clause counts.

        >>> Tagger.from_templates().explain("隔膜制造；电池销售")[0]["keyword"]
        '隔膜'
        """
        out = []
        for clause in clauses(scope or ""):
            verb = _verb_weight(clause)
            for word, head in keyword_heads(clause, self.pattern, self.lower):
                for chain, seg, weight in self.targets.get(word, ()):
                    out.append({"clause": clause, "keyword": word, "chain": chain, "segment": seg,
                                "weight": round(verb * weight * (1.0 if head else MODIFIER), 2),
                                "counts": "卖方表述，不计入" if verb == 0 else ("是" if head else "修饰语，弱计入")})
        return out

    def tag_text(self, scope=None, products=None, industry_name=None, industry_code=None) -> list[tuple]:
        """``[(chain, segment, confidence)]``, best first; [] when it belongs to no chain."""
        score = self.evidence(scope, products, industry_name, industry_code)
        if not score:
            return []
        rows = []
        for (chain, seg), s in score.items():
            if seg:
                conf = 1.0 - math.exp(-s / SCALE)
                if conf >= SEGMENT_THRESHOLD:
                    rows.append((chain, seg, round(conf, 3)))
        rows.sort(key=lambda r: -r[2])
        rows = rows[:MAX_SEGMENTS]
        if rows:
            return rows
        by_chain: dict = defaultdict(float)
        for (chain, _), s in score.items():
            by_chain[chain] += s
        chain, s = max(by_chain.items(), key=lambda kv: kv[1])
        conf = min(CHAIN_ONLY_MAX, 1.0 - math.exp(-s / SCALE))
        return [(chain, "", round(conf, 3))] if conf >= 0.2 else []

    def tag_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The contract's tag rows for every enterprise in ``frame``."""
        out = []
        cols = [frame.get(c, pd.Series([None] * len(frame), index=frame.index)) for c in
                ("business_scope", "main_products", "industry_name", "industry_code")]
        for eid, scope, products, iname, code in zip(frame["enterprise_id"], *cols):
            rows = self.tag_text(_text(scope), _text(products), _text(iname), _text(code))
            if rows:
                out.extend((eid, c, s, conf) for c, s, conf in rows)
            else:
                out.append((eid, "", "", 1.0))
        result = pd.DataFrame(out, columns=TAG_COLUMNS)
        result.attrs["enterprise_ids"] = list(frame["enterprise_id"])
        return result


def _text(v):
    return v if isinstance(v, str) and v else None
