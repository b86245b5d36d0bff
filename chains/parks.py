"""Receiving places (承接载体): which of a region's parks or zones best fits a firm, and why, in one line.

Pure functions over the region file's park entries (plain dicts, see chains/regions.py) and a firm's
reading: the chain and segment it is a candidate for, the shares of its scope's make / R&D / sell /
service verbs, its class section, and hints from its text that it runs wet chemistry or heavily
polluting processes (see ``process_hints``).

fit = 0.6 · kind fit + 0.4 · chain fit, and 0 where the park excludes a process the firm runs.
*Kind fit* is the share of the firm's activity the park takes (manufacturing, rnd, services,
data_center; the place's first kind counts fully, later ones 0.7; a firm's activity weighs its verbs by
what they need of a place, see ``activity``; a firm whose text says nothing of its kind counts 0.5). *Chain fit* is 1 for a
focus segment or a focus chain without a segment list, 0.7 for a focus chain outside the listed
segments, 0.5 for a park with no focus chain, 0.2 for a park of other chains. A park that others are
``part_of`` is named through its zones. Ties go to the park listed first.

>>> parks = [
...     {"name": "科技城", "takes": ["rnd", "manufacturing"], "focus_chains": ["ie"], "excludes": ["wet_chemistry"]},
...     {"name": "开发区", "takes": ["manufacturing"], "focus_chains": ["ie", "pb"], "excludes": []}]
>>> rnd_firm = {"chain": "ie", "segment": "controllers", "rnd_share": 1.0}
>>> place(parks, rnd_firm, {"ie": ("智能装备", "intelligent equipment")}).why_zh
'科技城（研发型，智能装备主导）：企业以研发为主，对口智能装备'
>>> maker = {"chain": "pb", "segment": "electrolyte", "make_share": 1.0, "wet_chemistry": True}
>>> p = place(parks, maker)
>>> p.park, p.fit
('开发区', 1.0)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TAKES = ("manufacturing", "rnd", "services", "data_center")
EXCLUDES = ("wet_chemistry", "heavy_pollution")
TAKES_ZH = {"manufacturing": "制造型", "rnd": "研发型", "services": "服务型", "data_center": "数据中心型"}
TAKES_EN = {"manufacturing": "manufacturing", "rnd": "R&D", "services": "services", "data_center": "data centres"}
ACTIVITY_ZH = {"manufacturing": "以生产制造为主", "rnd": "以研发为主", "services": "以服务、销售为主",
               "data_center": "建设运营数据中心与算力"}
ACTIVITY_EN = {"manufacturing": "mainly manufactures", "rnd": "mainly does R&D", "services": "mainly sells or serves",
               "data_center": "builds or runs data centres and compute"}
EXCLUDES_ZH = {"wet_chemistry": "湿法化工", "heavy_pollution": "重污染工序"}
EXCLUDES_EN = {"wet_chemistry": "wet chemistry", "heavy_pollution": "heavily polluting processes"}
KIND_WEIGHT, CHAIN_WEIGHT = 0.6, 0.4
NEED = {"plot": 3.0, "lab": 1.0, "office": 0.5, "code": 0.3}   # what a firm's verbs need of a place (see activity)
SECONDARY = 0.7   # a kind listed after a place's first one counts this much
UNKNOWN_KIND_FIT = 0.5

# Segments whose activity is running compute: their making and serving clauses need a data-centre plot.
DATA_CENTRE_SEGMENTS = {"data_center.idc_operation", "data_center.cloud_computing"}
# Segments whose production is wet chemistry whatever the text says (a maker of electrolyte mixes solvents).
WET_CHEMISTRY_SEGMENTS = {"power_battery.electrolyte", "power_battery.lithium_salts"}
HINTS = {
    "wet_chemistry": r"电解液|电解质|六氟磷酸锂|化学原料|化学试剂|化学制品|化学品|化工|湿法|溶剂|前驱体|电镀液",
    "heavy_pollution": r"电镀|冶炼|熔炼|酸洗|印染|焦化|炼焦|制浆|鞣制|危险废物|危废|铅蓄电池",
}
# a hint counts in a clause that makes something (or in the main products), not in one that only sells it
_MAKE = r"制造|生产|加工|合成|制备|冶炼|熔炼|提纯|精炼|电镀|回收|处置|印染|焦化"
_CLAUSE = r"[^；;。\n]*"


@dataclass(frozen=True)
class Placement:
    park: str          # '' when no place fits (every place excludes what the firm runs, or the region has none)
    fit: float         # 0..1
    why_zh: str
    why_en: str


def candidates(parks) -> list[dict]:
    """The places a firm can be sent to: every park that no other park is ``part_of``."""
    parents = {p.get("part_of") for p in parks if p.get("part_of")}
    return [p for p in parks if p["name"] not in parents]


def process_hints(scope: pd.Series, products: pd.Series | None = None) -> pd.DataFrame:
    """Whether a firm's text says it runs wet chemistry or heavily polluting processes: a hint word in a
    scope clause that makes something, or anywhere in its main products.

    >>> process_hints(pd.Series(["锂电池电解液生产；化工产品销售", "化工产品销售；电池制造", "金属表面电镀加工"])).to_dict("list")
    {'wet_chemistry': [True, False, False], 'heavy_pollution': [False, False, True]}
    """
    scope = scope.fillna("").astype(str)
    products = pd.Series("", index=scope.index) if products is None else products.fillna("").astype(str)
    out = {}
    for hint, words in HINTS.items():
        in_clause = rf"(?:{words}){_CLAUSE}(?:{_MAKE})|(?:{_MAKE}){_CLAUSE}(?:{words})|(?:{words})(?:{_MAKE})"
        out[hint] = scope.str.contains(in_clause, regex=True) | products.str.contains(words, regex=True)
    return pd.DataFrame(out, index=scope.index)


def _col(rows: pd.DataFrame, name: str, default=0.0) -> np.ndarray:
    if name in rows:
        return pd.to_numeric(rows[name], errors="coerce").fillna(default).to_numpy(dtype=float)
    return np.full(len(rows), default, dtype=float)


def activity(rows: pd.DataFrame) -> np.ndarray:
    """Each row's need for each kind of place (TAKES order; rows sum to 1, or are all 0 when nothing says
    what the firm does). Scopes list generic services, R&D and sales beside what a firm makes, so the
    verbs are weighed by what they need of a place: making or running compute needs a plot (×3), R&D a
    lab or office (×1), selling and serving an office anywhere (×0.5); the class section adds 0.3.

    >>> activity(pd.DataFrame({"chain": ["data_center"], "segment": ["idc_operation"], "service_share": [0.5],
    ...                        "rnd_share": [0.5]})).round(2).tolist()
    [[0.0, 0.25, 0.0, 0.75]]
    """
    make, rnd = _col(rows, "make_share"), _col(rows, "rnd_share")
    sell, service = _col(rows, "sell_share"), _col(rows, "service_share")
    code_make = _col(rows, "code_manufacturing")
    code_serve = np.maximum(_col(rows, "code_service"), _col(rows, "code_trade"))
    dc = np.isin(_keys(rows), list(DATA_CENTRE_SEGMENTS))
    plot = NEED["plot"] * (make + np.where(dc, service, 0.0)) + NEED["code"] * np.where(dc, code_make + code_serve, code_make)
    office = NEED["office"] * (sell + np.where(dc, 0.0, service)) + NEED["code"] * np.where(dc, 0.0, code_serve)
    A = np.column_stack([np.where(dc, 0.0, plot), NEED["lab"] * rnd, office, np.where(dc, plot, 0.0)])
    total = A.sum(axis=1)
    return np.divide(A, total[:, None], out=np.zeros_like(A), where=total[:, None] > 0)


def _keys(rows: pd.DataFrame) -> np.ndarray:
    if not len(rows):
        return np.array([], dtype=object)
    return (rows["chain"].fillna("").astype(str) + "." + rows["segment"].fillna("").astype(str)).to_numpy()


def runs(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per exclusion, whether each row's firm runs that process: its text's hints, or (wet chemistry) making
    in a segment that is wet chemistry by nature."""
    keys = _keys(rows)
    makes = (_col(rows, "make_share") > 0) | (_col(rows, "code_manufacturing") > 0)
    out = {h: _col(rows, h).astype(bool) for h in EXCLUDES}
    out["wet_chemistry"] = out["wet_chemistry"] | (np.isin(keys, list(WET_CHEMISTRY_SEGMENTS)) & makes)
    return out


def fit_matrix(parks, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(fit, fit ignoring exclusions): rows × candidate places, in 0..1, rounded to 4 places."""
    places = candidates(parks)
    A = activity(rows)
    known = A.sum(axis=1) > 0
    keys = _keys(rows)
    chains = rows["chain"].fillna("").astype(str).to_numpy() if len(rows) else np.array([], dtype=object)
    process = runs(rows)
    fits, open_fits = [], []
    for p in places:
        listed = list(p.get("takes") or ())
        takes = np.array([0.0 if k not in listed else 1.0 if k == listed[0] else SECONDARY for k in TAKES])
        kind = np.where(known, A @ takes, UNKNOWN_KIND_FIT)
        focus, segs = list(p.get("focus_chains") or ()), list(p.get("focus_segments") or ())
        on_chain = np.isin(chains, focus)
        if not focus:
            chain_fit = np.full(len(rows), 0.5)
        elif segs:
            chain_fit = np.where(np.isin(keys, segs), 1.0, np.where(on_chain, 0.7, 0.2))
        else:
            chain_fit = np.where(on_chain, 1.0, 0.2)
        f = np.round(KIND_WEIGHT * kind + CHAIN_WEIGHT * chain_fit, 4)
        barred = np.zeros(len(rows), dtype=bool)
        for ex in p.get("excludes") or ():
            barred |= process.get(ex, np.zeros(len(rows), dtype=bool))
        open_fits.append(f)
        fits.append(np.where(barred, 0.0, f))
    shape = (len(rows), 0)
    return (np.column_stack(fits) if fits else np.zeros(shape)), (np.column_stack(open_fits) if open_fits else np.zeros(shape))


def best_places(parks, rows: pd.DataFrame) -> pd.DataFrame:
    """Per row: the best-fitting place (``park``, '' when none fits) and its fit (``park_fit``, 0..1).
    Ties go to the place listed first in the region file."""
    places = candidates(parks)
    fits, _ = fit_matrix(parks, rows)
    if not places or not len(rows):
        return pd.DataFrame({"park": [""] * len(rows), "park_fit": np.zeros(len(rows))}, index=rows.index)
    best = fits.argmax(axis=1)          # argmax takes the first of equal values: the file's order
    fit = fits[np.arange(len(rows)), best]
    names = np.array([p["name"] for p in places], dtype=object)
    return pd.DataFrame({"park": np.where(fit > 0, names[best], ""), "park_fit": fit}, index=rows.index)


def _chain_name(chain: str, names: dict | None, en: bool) -> str:
    pair = (names or {}).get(chain)
    if not pair:
        return chain
    return pair[1][:1].lower() + pair[1][1:] if en else pair[0]


def why(parks, rows: pd.DataFrame, chain_names: dict | None = None) -> tuple[list[str], list[str]]:
    """One line per row, in Chinese and English: the best place, its profile and why it fits the firm.
    ``chain_names`` maps chain ids to (Chinese, English) names. A line depends only on its row; it is written
    once per distinct (place, main kind, chain, exclusion) and shared by the rows that have them."""
    places = candidates(parks)
    if not places or not len(rows):
        return [""] * len(rows), [""] * len(rows)
    fits, open_fits = fit_matrix(parks, rows)
    A = activity(rows)
    process = runs(rows)
    n = len(rows)
    best = fits.argmax(axis=1)
    best_fit = fits[np.arange(n), best]
    main = np.where(A.sum(axis=1) > 0, A.argmax(axis=1), -1)
    better = open_fits.argmax(axis=1)       # a place that would fit better but excludes what the firm runs
    barred_better = (open_fits[np.arange(n), better] > best_fit) & (fits[np.arange(n), better] == 0)
    runs_code = sum((process[ex].astype(int) << k) for k, ex in enumerate(EXCLUDES))
    keys = pd.DataFrame({"best": np.where(best_fit > 0, best, -1), "main": main,
                         "chain": rows["chain"].fillna("").astype(str).to_numpy(),
                         "better": np.where(barred_better, better, -1), "runs": runs_code})
    cache: dict[tuple, tuple[str, str]] = {}
    zh, en = [], []
    for key in keys.itertuples(index=False, name=None):
        if key not in cache:
            cache[key] = _line(places, *key, chain_names)
        zh.append(cache[key][0])
        en.append(cache[key][1])
    return zh, en


def _line(places, best: int, main: int, chain: str, better: int, runs_code: int, chain_names) -> tuple[str, str]:
    firm_runs = [ex for k, ex in enumerate(EXCLUDES) if runs_code >> k & 1]
    if best < 0:
        return ("无合适承接载体：本地载体均不接纳" + "、".join(EXCLUDES_ZH[b] for b in firm_runs),
                "no suitable place: none takes " + " or ".join(EXCLUDES_EN[b] for b in firm_runs))
    p = places[best]
    kind_main = TAKES[main] if main >= 0 else None
    takes = list(p.get("takes") or ())
    kind = kind_main if kind_main in takes else takes[0]
    focus = list(p.get("focus_chains") or ())
    lead_zh = f"{_chain_name(focus[0], chain_names, False)}主导" if focus else "综合服务"
    lead_en = f"led by {_chain_name(focus[0], chain_names, True)}" if focus else "general services"
    because_zh = [f"企业{ACTIVITY_ZH[kind_main]}" if kind_main else "经营范围未说明业务类型"]
    because_en = [f"the firm {ACTIVITY_EN[kind_main]}" if kind_main else "the scope does not say what kind of firm it is"]
    if chain in focus:
        because_zh.append(f"对口{_chain_name(chain, chain_names, False)}")
        because_en.append(f"on its focus chain, {_chain_name(chain, chain_names, True)}")
    if better >= 0:
        barred = [ex for ex in (places[better].get("excludes") or ()) if ex in firm_runs]
        if barred:
            because_zh.append(f"{places[better]['name']}不接纳{EXCLUDES_ZH[barred[0]]}")
            because_en.append(f"{places[better].get('name_en') or places[better]['name']} takes no {EXCLUDES_EN[barred[0]]}")
    return (f"{p['name']}（{TAKES_ZH[kind]}，{lead_zh}）：" + "，".join(because_zh),
            f"{p.get('name_en') or p['name']} ({TAKES_EN[kind]}, {lead_en}): " + "; ".join(because_en))


def place(parks, firm: dict, chain_names: dict | None = None) -> Placement:
    """The best place for one firm (a dict with chain, segment, the kind shares, class flags and hints)."""
    rows = pd.DataFrame([firm])
    best = best_places(parks, rows).iloc[0]
    zh, en = why(parks, rows, chain_names)
    return Placement(park=best["park"], fit=float(best["park_fit"]), why_zh=zh[0], why_en=en[0])


PARK_FIELDS = {"name", "name_en", "kind", "area_mu", "part_of", "takes", "focus_chains", "focus_segments", "excludes",
               "description_zh", "description_en", "source", "assumed"}
SOURCES = ("种子报告", "assumed")


def check_park(park: dict, chains, names: set) -> str | None:
    """What is wrong with one park entry, in one phrase (None when nothing is). ``chains`` maps chain ids
    to templates (with ``segments``); ``names`` holds every park name of the file.

    >>> check_park({"name": "X", "takes": ["factory"], "source": "assumed"}, {}, {"X"})
    "park X takes unknown kind 'factory' (use manufacturing, rnd, services or data_center)"
    """
    name = park.get("name")
    if not name:
        return "a park has no name"
    unknown = sorted(set(park) - PARK_FIELDS)
    if unknown:
        return f"park {name} has unknown field '{unknown[0]}'"
    takes = park.get("takes")
    if not takes:
        return f"park {name} says nothing under 'takes' (use manufacturing, rnd, services or data_center)"
    for field, allowed in (("takes", TAKES), ("excludes", EXCLUDES)):
        for v in park.get(field) or ():
            if v not in allowed:
                verb = "takes unknown kind" if field == "takes" else "excludes unknown process"
                return f"park {name} {verb} '{v}' (use {', '.join(allowed[:-1])} or {allowed[-1]})"
    for c in park.get("focus_chains") or ():
        if c not in chains:
            return f"park {name} names unknown focus chain '{c}'"
    for key in park.get("focus_segments") or ():
        c, _, s = str(key).partition(".")
        if c not in chains or s not in chains[c].segments:
            return f"park {name} names unknown focus segment '{key}' (use chain.segment)"
    source = str(park.get("source") or "")
    if not source.startswith(SOURCES):
        return f"park {name} needs a source starting with 种子报告 (the seed says it) or assumed"
    for field in park.get("assumed") or ():
        if field not in PARK_FIELDS:
            return f"park {name} marks unknown field '{field}' as assumed"
    if park.get("part_of") and park["part_of"] not in names - {name}:
        return f"park {name} is part_of '{park['part_of']}', which is no park of this file"
    return None

