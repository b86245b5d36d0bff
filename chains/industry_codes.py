"""GB/T 4754-2017 industry codes (国民经济行业分类) as evidence of what a firm makes.

Data: ``data/industry/gbt4754_2017.csv`` (every section, division, group and class of the
2017 edition with its 2019 amendment) and ``data/industry/class_segments.csv`` (every
4-digit class mapped onto chain segments as ``strong``, ``weak`` or ``none``). See
``data/industry/README.md`` for sources and choices. Pure functions; the two tables are
read once and cached.

>>> normalise_code(" C3841 ")
'3841'
>>> class_name("C3841")
'锂离子电池制造'
>>> segments_for_code("C3841")[0]
('power_battery', 'cells', 'strong')
>>> is_generic("5179"), is_generic("3841")
(True, False)
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

INDUSTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "industry"
CLASS_TABLE = INDUSTRY_DIR / "gbt4754_2017.csv"
SEGMENT_TABLE = INDUSTRY_DIR / "class_segments.csv"

# Sections by their first and last division (two-digit code), as in the standard.
SECTION_DIVISIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
    "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
    "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
    "S": (91, 96), "T": (97, 97),
}
# An optional section letter, 2-4 digits, an optional ".0" left by spreadsheets, then
# nothing or a separator followed by anything (a name: "C3841 锂离子电池制造").
_CODE_RE = re.compile(r"^([A-Za-z])?\s*(\d{2,4})(?:\.0+)?(?:$|[\s\-_:：、,，/|(（].*$)")
# Divisions and classes whose code says little about what a firm makes (see is_generic).
_GENERIC_DIVISIONS = {"51", "52", "72", "73", "75"}
_GENERIC_WORDS = ("其他", "未列明", "未包括")


def _division_section(digits: str) -> str | None:
    div = int(digits[:2])
    for letter, (lo, hi) in SECTION_DIVISIONS.items():
        if lo <= div <= hi:
            return letter
    return None


def normalise_code(value) -> str | None:
    """The digits of a GB/T 4754 code, or None when there is none.

    Accepts the section letter (any case, any width), surrounding spaces, a trailing
    ``.0`` from spreadsheets and a name after the code. 2- and 3-digit codes (division,
    group) are returned as they are. A letter that contradicts the digits is invalid.
    A number (int or float, or the string of a float) cannot carry a leading zero, so a
    3-digit number that is a known class once zero-padded is read as that class
    (Excel turns 0111 into 111); a 3-digit *string* stays a group.

    >>> [normalise_code(v) for v in ["C3841", "3841", 3841, " c3841 ", "3841.0", 3841.0]]
    ['3841', '3841', '3841', '3841', '3841', '3841']
    >>> normalise_code("C3841 锂离子电池制造"), normalise_code("Ｃ３８４１")
    ('3841', '3841')
    >>> normalise_code("38"), normalise_code("C384"), normalise_code(111), normalise_code("111")
    ('38', '384', '0111', '111')
    >>> [normalise_code(v) for v in [None, "", "  ", "nan", "abc", "A3841", "38411", "9", 3.5]]
    [None, None, None, None, None, None, None, None, None]
    """
    if value is None or isinstance(value, bool):
        return None
    numeric = isinstance(value, (int, float))
    if isinstance(value, float):
        if value != value or value != int(value):  # NaN or a fraction
            return None
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _CODE_RE.match(text)
    if not m:
        return None
    letter, digits = m[1], m[2]
    numeric = numeric or (letter is None and re.fullmatch(r"\d+\.0+", text) is not None)
    if numeric and len(digits) == 3 and "0" + digits in _classes():
        digits = "0" + digits
    section = _division_section(digits)
    if section is None or (letter and letter.upper() != section):
        return None
    return digits


@lru_cache(maxsize=1)
def load_class_table() -> tuple[dict[str, str], ...]:
    """Every row of the class table (section, division, group, class), as dicts, cached.

    >>> rows = load_class_table()
    >>> sum(r["level"] == "class" for r in rows), sum(r["level"] == "section" for r in rows)
    (1381, 20)
    >>> [r for r in rows if r["code"] == "3841"][0]["note"]
    '指以锂离子嵌入化合物为正极材料电池的制造'
    """
    with open(CLASS_TABLE, encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in load_class_table()}


@lru_cache(maxsize=1)
def _classes() -> frozenset[str]:
    return frozenset(r["code"] for r in load_class_table() if r["level"] == "class")


@lru_cache(maxsize=1)
def load_segment_table() -> tuple[dict[str, str], ...]:
    """Every row of the class → segment mapping, as dicts, cached.

    >>> rows = load_segment_table()
    >>> len({r["code"] for r in rows})
    1381
    """
    with open(SEGMENT_TABLE, encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _segments_by_code() -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for r in load_segment_table():
        if r["strength"] != "none":
            out.setdefault(r["code"], []).append((r["chain"], r["segment"], r["strength"]))
    for rows in out.values():  # strong first, then in file order
        rows.sort(key=lambda t: t[2] != "strong")
    return out


def class_name(code) -> str | None:
    """The Chinese name of a code of any level (section letter, 2, 3 or 4 digits).

    >>> class_name("3841"), class_name("C38"), class_name("384"), class_name("C")
    ('锂离子电池制造', '电气机械和器材制造业', '电池制造', '制造业')
    >>> class_name("3848") is None
    True
    """
    if isinstance(code, str) and code.strip().upper() in SECTION_DIVISIONS:
        key = code.strip().upper()
    else:
        key = normalise_code(code)
    row = _by_code().get(key) if key else None
    return row["name"] if row else None


def section_of(code) -> str | None:
    """The section letter (门类) of a 2-, 3- or 4-digit code, or None.

    >>> section_of("3841"), section_of("C38"), section_of(6450), section_of("0111"), section_of("x")
    ('C', 'C', 'I', 'A', None)
    """
    digits = normalise_code(code)
    return _division_section(digits) if digits else None


def segments_for_code(code) -> list[tuple[str, str, str]]:
    """(chain, segment, strength) for a 4-digit class; ``strong`` rows first.

    Classes mapped ``none`` give ``[]``, as do unknown codes. A segment of ``''`` means the
    whole chain (3670: some auto part, which one unknown). A 2- or 3-digit code also gives
    ``[]``: a division or group mixes classes on different segments and classes on none
    (group 384 holds 3841 lithium-ion cells and 3844 zinc-manganese primary cells), so
    it is no evidence for any one segment.

    >>> segments_for_code("C3841")
    [('power_battery', 'cells', 'strong'), ('power_battery', 'modules_packs', 'weak'), ('power_battery', 'energy_storage', 'weak')]
    >>> segments_for_code("3563"), segments_for_code("3562")
    ([('power_battery', 'production_equipment', 'strong')], [])
    >>> ('data_center', 'idc_operation', 'strong') in segments_for_code("I6450")
    True
    >>> segments_for_code("8111"), segments_for_code("5179"), segments_for_code("384")
    ([], [], [])
    """
    digits = normalise_code(code)
    if not digits or len(digits) != 4:
        return []
    return list(_segments_by_code().get(digits, []))


def is_generic(code) -> bool:
    """True when the class says little about what a firm makes.

    The rule: a residual class (its name has 其他, 未列明 or 未包括: "other ..."), or a
    class of wholesale and retail (divisions 51, 52: firms that sell, not make), business
    services (72: headquarters, investment management, consulting, supply-chain
    management), research and development (73) or technology promotion (75, e.g. 7519).
    Codes that are not 4-digit classes (unknown, or a division or group) are generic too.
    Generic does not mean unmapped: 3499 and 7515 are generic and still weak evidence.

    >>> [is_generic(c) for c in ["5179", "7519", "7320", "3499", "3849", "7211"]]
    [True, True, True, True, True, True]
    >>> [is_generic(c) for c in ["3841", "6450", "3491", "8111", "38", None]]
    [False, False, False, False, True, True]
    """
    digits = normalise_code(code)
    if not digits or digits not in _classes():
        return True
    if digits[:2] in _GENERIC_DIVISIONS:
        return True
    return any(w in _by_code()[digits]["name"] for w in _GENERIC_WORDS)


def class_segment_map() -> dict[str, list[tuple[str, str, str]]]:
    """Every 4-digit class → its (chain, segment, strength) rows, strong and weak; [] for a class on no chain.

    >>> m = class_segment_map()
    >>> ("power_battery", "cells", "strong") in m["3841"], m["8111"]
    (True, [])
    """
    return {code: [r for r in _segments_by_code().get(code, []) if r[2] in ("strong", "weak")] for code in _classes()}
