"""Validate a contract file's frame and convert it to typed records.

Every problem is collected (file, row, column, reason); one SchemaError carries
them all, so a user fixes the file in one pass. Row numbers count data rows
(the header is not a row); the file line is given beside it.

>>> import pandas as pd
>>> f = pd.DataFrame({"统一社会信用代码": ["A", None], "企业名称": ["甲", "乙"]})
>>> try:
...     validate_enterprises(f, "e.csv")
... except SchemaError as e:
...     print(e.problems[0])
e.csv, row 2 (line 3), column '统一社会信用代码': required value is empty
"""
from __future__ import annotations

import re

import pandas as pd

from chains.errors import InputError, SchemaError, UnknownChainError
from chains.templates import resolve_chain, resolve_segment
from chains.regions import resolve_or_add_region
from recommender.readers import as_cells
from recommender.columns import COLUMNS, REQUIRED, STAGE_ALIASES, STAGE_GRADE

TRUE = {"是", "true", "1", "yes", "y", "t"}
FALSE = {"否", "false", "0", "no", "n", "f"}
INTENT = {"是": "是", "否": "否", "未知": "未知", "yes": "是", "no": "否", "unknown": "未知",
          "true": "是", "false": "否"}
CODE_RE = re.compile(r"^[A-Za-z]?(\d{2,4})$")


class Problems:
    """Collects InputErrors for one file."""

    def __init__(self, file):
        self.file, self.items = file, []

    def add(self, index, column, reason, header=None):
        row = None if index is None else f"{index + 1} (line {index + 2})"
        self.items.append(InputError(self.file, row, header or column, reason))

    def raise_if_any(self):
        if self.items:
            raise SchemaError(self.items)


def normalise_headers(frame: pd.DataFrame, kind: str, file: str) -> tuple[pd.DataFrame, dict]:
    """Rename Chinese headers to English ones; check required columns exist.

    Returns the renamed frame and a map English name → the header the file used.
    """
    spec = COLUMNS[kind]
    by_header = {}
    for en, zh in spec.items():
        by_header[en] = en
        by_header[en.lower()] = en
        by_header[zh] = en
        by_header[zh.replace("(", "（").replace(")", "）")] = en
    rename, used = {}, {}
    for col in frame.columns:
        en = by_header.get(col) or by_header.get(col.lower())
        if en and en not in used:
            rename[col], used[en] = en, col
    problems = Problems(file)
    for col in REQUIRED[kind]:
        if col not in used:
            problems.add(None, None, f"required column '{col}' ({spec[col]}) is missing")
    problems.raise_if_any()
    out = frame.rename(columns=rename)
    for col in spec:
        if col not in out.columns:
            out[col] = None
    return as_cells(out), used


def _required(frame, columns, problems, used):
    for col in columns:
        for i in frame.index[frame[col].isna()]:
            problems.add(i, col, "required value is empty", used.get(col))


UNIT = re.compile(r"(万元|万人民币|万|人)$")
DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00:00)?$")


def _number(v, integer=False) -> tuple:
    """(value, None) or (None, why it is not one).

    >>> _number("1,000万元"), _number("12.5", integer=True)
    ((1000.0, None), (None, "'12.5' is not a whole number"))
    """
    # Exports often carry the unit: 1,000万元, 1000万人民币, 120人 (amounts are in 万元 already).
    text = UNIT.sub("", str(v).replace(",", "").replace("，", "").strip()).strip()
    try:
        x = float(text)
    except ValueError:
        return None, f"'{v}' is not a number"
    if x < 0:
        return None, f"'{v}' is negative"
    if integer:
        return (int(x), None) if x == int(x) else (None, f"'{v}' is not a whole number")
    return x, None


def _date(v) -> tuple:
    """(date, None) or (None, why it is not one)."""
    m = DATE.match(str(v).strip())
    if not m:
        return None, f"'{v}' is not a date (YYYY-MM-DD)"
    try:
        return pd.Timestamp(int(m[1]), int(m[2]), int(m[3])).date(), None
    except ValueError:
        return None, f"'{v}' is not a real date"


def _parsed(frame, col, problems, used, parse) -> list:
    """``parse`` applied to each distinct cell once (exports repeat values); every bad row is reported."""
    seen: dict = {}
    out = []
    for i, v in zip(frame.index, frame[col]):
        if v is None:
            out.append(None)
            continue
        if v not in seen:
            seen[v] = parse(v)
        value, why = seen[v]
        if why:
            problems.add(i, col, why, used.get(col))
        out.append(value)
    return out


def _numbers(frame, col, problems, used, integer=False):
    return _parsed(frame, col, problems, used, lambda v: _number(v, integer))


def _dates(frame, col, problems, used):
    return _parsed(frame, col, problems, used, _date)


def _duplicates(frame, col, problems, used):
    dup = frame[col].notna() & frame[col].duplicated(keep="first")
    for i in frame.index[dup]:
        problems.add(i, col, f"'{frame.at[i, col]}' appears more than once in this file", used.get(col))


def _industry_code(v):
    if v is None:
        return None
    m = CODE_RE.match(str(v).strip())
    return m[1] if m else str(v).strip()


def _enterprise_records(frame, problems, used, kind):
    spec = COLUMNS["enterprises"]
    _required(frame, REQUIRED["enterprises"], problems, used)
    _duplicates(frame, "enterprise_id", problems, used)
    out = pd.DataFrame({c: frame[c] for c in spec})
    out["industry_code"] = [_industry_code(v) for v in frame["industry_code"]]
    for col in ("registered_capital_wan", "revenue_wan"):
        out[col] = _numbers(frame, col, problems, used)
    out["employees"] = _numbers(frame, "employees", problems, used, integer=True)
    out["founded"] = _dates(frame, "founded", problems, used)
    intents = []
    for i, v in zip(frame.index, frame["relocation_intent"]):
        if v is None:
            intents.append(None)
        elif str(v).lower() in INTENT:
            intents.append(INTENT[str(v).lower()])
        else:
            problems.add(i, "relocation_intent", f"'{v}' must be 是, 否 or 未知", used.get("relocation_intent"))
            intents.append(None)
    out["relocation_intent"] = intents
    out["tags"] = [";".join(t.strip() for t in re.split(r"[;；,，、]", v) if t.strip()) if v else None
                   for v in frame["tags"]]
    known = set(COLUMNS[kind])
    extra_cols = [c for c in frame.columns if c not in known]
    out["extra"] = (frame[extra_cols].to_dict("records") if extra_cols else [None] * len(frame))
    return out


def validate_enterprises(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Typed enterprise records from a raw frame, or SchemaError listing every problem."""
    frame, used = normalise_headers(frame, "enterprises", file)
    problems = Problems(file)
    out = _enterprise_records(frame, problems, used, "enterprises")
    problems.raise_if_any()
    return out


def validate_firms(frame: pd.DataFrame, file: str, chains, regions) -> pd.DataFrame:
    """Typed local-firm records (enterprise columns + region membership)."""
    frame, used = normalise_headers(frame, "firms", file)
    problems = Problems(file)
    out = _enterprise_records(frame, problems, used, "firms")
    leaders, chain_ids, segs, region_ids = [], [], [], []
    for i, row in zip(frame.index, frame.to_dict("records")):
        v = row["is_leader"]
        if v is None or str(v).lower() in FALSE:
            leaders.append(False)
        elif str(v).lower() in TRUE:
            leaders.append(True)
        else:
            problems.add(i, "is_leader", f"'{v}' must be 是 or 否", used.get("is_leader"))
            leaders.append(False)
        chain = ""
        if row["chain"] is not None:
            try:
                chain = resolve_chain(row["chain"], chains)
            except UnknownChainError as exc:
                problems.add(i, "chain", str(exc), used.get("chain"))
        chain_ids.append(chain)
        names = [s for s in re.split(r"[;；,，、]", row["segments"] or "") if s.strip()]
        resolved = []
        for name in names:
            candidates = [chain] if chain else list(chains)
            found = None
            for c in candidates:
                try:
                    found = f"{c}.{resolve_segment(c, name, chains)}"
                    break
                except UnknownChainError:
                    continue
            if found is None:
                problems.add(i, "segments", f"unknown segment '{name}'" + (f" in chain {chain}" if chain else ""),
                             used.get("segments"))
            else:
                resolved.append(found)
        segs.append(";".join(resolved))
        region_ids.append(resolve_or_add_region(row["region"], regions))
    problems.raise_if_any()
    out["is_leader"], out["chain"], out["segments"] = leaders, chain_ids, segs
    out["park"], out["region_id"] = frame["park"], region_ids
    return out


def validate_deals(frame: pd.DataFrame, file: str, chains, regions, known_ids: set) -> pd.DataFrame:
    """Typed deal records; every enterprise must be in ``known_ids``."""
    frame, used = normalise_headers(frame, "deals", file)
    problems = Problems(file)
    _required(frame, REQUIRED["deals"], problems, used)
    out = pd.DataFrame({"enterprise_id": frame["enterprise_id"], "park": frame["park"]})
    stages, chain_ids, seg_ids, region_ids = [], [], [], []
    for i, row in zip(frame.index, frame.to_dict("records")):
        eid = row["enterprise_id"]
        if eid is not None and eid not in known_ids:
            problems.add(i, "enterprise_id", f"enterprise '{eid}' is not in enterprises or firms", used.get("enterprise_id"))
        stage = row["stage"]
        if stage is not None:
            canonical = stage if stage in STAGE_GRADE else STAGE_ALIASES.get(str(stage).lower())
            if canonical is None:
                problems.add(i, "stage", f"unknown stage '{stage}' (use 接触, 考察, 洽谈, 签约, 落地 or 终止)",
                             used.get("stage"))
            stage = canonical
        stages.append(stage)
        chain = ""
        if row["chain"] is not None:
            try:
                chain = resolve_chain(row["chain"], chains)
            except UnknownChainError as exc:
                problems.add(i, "chain", str(exc), used.get("chain"))
        chain_ids.append(chain)
        segment = ""
        if row["segment"] is not None:
            if not chain:
                problems.add(i, "segment", "a segment needs the deal's chain", used.get("segment"))
            else:
                try:
                    segment = resolve_segment(chain, row["segment"], chains)
                except UnknownChainError as exc:
                    problems.add(i, "segment", str(exc), used.get("segment"))
        seg_ids.append(segment)
        region_ids.append(resolve_or_add_region(row["region"], regions))
    out["date"] = _dates(frame, "date", problems, used)
    out["amount_wan"] = _numbers(frame, "amount_wan", problems, used)
    problems.raise_if_any()
    out["stage"], out["chain"], out["segment"], out["region_id"] = stages, chain_ids, seg_ids, region_ids
    return out


def validate_relations(frame: pd.DataFrame, file: str, known_ids: set, known_names: dict) -> pd.DataFrame:
    """Typed relation records; names without an id are matched to ``known_names`` (id → name).

    A row whose name matches no known firm is kept as an outside party (related_id empty,
    related_name kept) and listed in ``out.attrs["unmatched"]`` as one sentence per row.
    """
    from recommender.columns import RELATION_ALIASES
    from recommender.names import match_names

    frame, used = normalise_headers(frame, "relations", file)
    problems = Problems(file)
    _required(frame, REQUIRED["relations"], problems, used)
    for col in ("related_id", "related_name", "source"):
        frame[col] = pd.Series([None if v is None or pd.isna(v) else str(v).strip() or None for v in frame[col]],
                               index=frame.index, dtype=object)
    matched = match_names([n for n in frame["related_name"] if n is not None], known_names)
    kinds, related, unmatched = [], [], []
    for i, row in zip(frame.index, frame.to_dict("records")):
        eid = row["enterprise_id"]
        if eid is not None and eid not in known_ids:
            problems.add(i, "enterprise_id", f"enterprise '{eid}' is not in enterprises or firms",
                         used.get("enterprise_id"))
        kind = row["relation"]
        code = None if kind is None else RELATION_ALIASES.get(str(kind).strip().lower())
        if kind is not None and code is None:
            problems.add(i, "relation", f"unknown relation '{kind}' (use 供应商, 客户, 对外投资, 分支机构 or 股东)",
                         used.get("relation"))
        kinds.append(code)
        rid = row["related_id"]
        if rid is None and row["related_name"] is None:
            problems.add(i, "related_id", "give the related firm's code or its name (关联企业)",
                         used.get("related_id") or used.get("related_name"))
        elif rid is None:
            rid = matched.get(row["related_name"])
            if rid is None:
                unmatched.append(f"{file}, row {i + 1} (line {i + 2}), column '{used.get('related_name')}': "
                                 f"'{row['related_name']}' matches no known firm; kept as an outside party by name.")
        if rid is not None and rid == eid:
            problems.add(i, "related_id", "a firm cannot be related to itself", used.get("related_id"))
        related.append(rid)
    dates = _dates(frame, "date", problems, used)
    amounts = _numbers(frame, "amount_wan", problems, used)
    problems.raise_if_any()
    out = pd.DataFrame({"enterprise_id": frame["enterprise_id"], "related_id": related,
                        "related_name": frame["related_name"], "relation": kinds, "source": frame["source"],
                        "date": dates, "amount_wan": amounts})
    out.attrs["unmatched"] = unmatched
    return out
