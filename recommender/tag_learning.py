"""The learned reader: a text classifier beside the keyword rules.

It learns from the office's own labels — a firm the office visited for a chain (考察 or further)
or hosts as a local firm is an example of that chain — and from weak labels: a firm whose
GB/T 4754 class maps strongly to a chain is a weak example of it, one whose class is specific and
maps to no chain a weak example of none. A character n-gram model (TF-IDF of 1–3 characters over
the scope's counted clauses and the main products, logistic regression, calibrated with sigmoid
scaling when there are enough examples) gives P(chain) and P(none).

A second reader, the prior, is fitted on public data alone: 4,179 listed companies' main-business
texts, each labelled with the chain (or none) its Shenwan industry class names (``data/tagging/listed``).
It needs no office labels and knows what firms outside the chains write.

Each is used where it is stronger (``add_learned_chains``): the rules place firms on segments and say
why; the prior can take a firm off the chains when it outweighs a weak rule reading in a score
mixture; the office's reader, then the prior, puts a firm the rules leave outside on a chain (a
chain-only row).

A third, the segment reader, is fitted on the texts of the 560 listed firms whose Shenwan class names a
segment and on the templates' keywords (``segment_examples``): it names the segment of a chain row that has none — the
rows the learned readers add, and the rules' vague chain-only readings (``add_learned_segments``).
"""
from __future__ import annotations

import hashlib
import io
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from chains.errors import UntrustedModelError
from recommender.columns import STAGE_GRADE
from recommender import forking
from recommender.tagging import CHAIN_ONLY_MAX, parse_scope

MIN_PER_CHAIN = 10
MIX = 0.65  # weight of the rules' score in the mixture with the model's probability
THRESHOLD = 0.7  # a firm the rules leave outside gets a chain row when P(chain) is at least this
WEAK_WEIGHT = 0.3
NONE = "none"
LISTED = Path(__file__).resolve().parent.parent / "data" / "tagging" / "listed" / "listed_firms.csv"
PRIOR = LISTED.with_name("prior_reader.npz")  # fit_prior(listed_examples()), written by save_prior
PRIOR_SHA256 = "bb349cb45e2e88665c58f7d11d6036e1d1afd3aaa3e0aef6ae9f9821fa6c71db"
SEGMENTS = LISTED.with_name("segment_reader.npz")  # fit_prior(segment_examples()), written by save_prior
SEGMENTS_SHA256 = "01b91e7fa81f46d345034fe3cf9552c26794ba62742aebf699f6c0a0c31a8c43"


READ_KINDS = {"make", "list", "rnd", "service"}  # what a firm does itself; selling, repair, leasing, permits are not read


def reading_text(scope, products=None) -> str:
    """The text the model reads: the scope's clauses of what the firm makes, researches or serves (no
    boilerplate, exclusions, generic items, sales, repair, leasing or permits) and the main products.

    >>> reading_text("一般项目：技术服务；隔膜制造（不含危险化学品）；电池销售；汽车租赁", "湿法隔膜")
    '隔膜制造 湿法隔膜'
    """
    parts = [c.text for c in parse_scope(scope if isinstance(scope, str) else "")
             if not c.excluded and c.kind in READ_KINDS]
    if isinstance(products, str) and products:
        parts.append(products)
    return " ".join(parts)


def _texts(frame: pd.DataFrame) -> pd.Series:
    products = frame["main_products"] if "main_products" in frame else pd.Series(None, index=frame.index)
    return pd.Series([reading_text(s, p) for s, p in zip(frame["business_scope"], products)], index=frame.index)


def labelled_examples(enterprises: pd.DataFrame, events: pd.DataFrame, local_firms: pd.DataFrame,
                      class_map: dict | None = None, weak_per_class: int | None = None) -> pd.DataFrame:
    """(enterprise_id, text, chain, weight): the office's labels (weight 1) and, with a class map,
    weak labels from industry codes (weight 0.3) for firms the office has not labelled — at most
    ``weak_per_class`` of each class when given (a fixed pseudo-random choice by enterprise id)."""
    ev = events[(events["chain"].astype(str) != "") & (events["stage"].map(STAGE_GRADE).fillna(0) >= 2)
                & (events["stage"] != "终止")]
    pairs = pd.concat([ev[["enterprise_id", "chain"]],
                       local_firms.loc[local_firms["chain"].astype(str) != "", ["enterprise_id", "chain"]]])
    pairs = pairs.drop_duplicates().drop_duplicates("enterprise_id", keep=False)  # two chains teach nothing clear
    office = pairs.merge(enterprises, on="enterprise_id").assign(weight=1.0)
    parts = [office]
    if class_map is not None and "industry_code" in enterprises:
        from recommender.tagging import _code
        # a million firms, a few hundred codes: each code is looked up once, and only the chosen firms' rows are
        # taken, by position (an import's frame may repeat index labels)
        rest = np.flatnonzero(~enterprises["enterprise_id"].isin(set(pairs["enterprise_id"])).to_numpy())
        codes = enterprises["industry_code"].iloc[rest]
        chain = codes.map({c: weak_chain(_code(c), class_map) for c in codes.dropna().unique()}).to_numpy()
        said = pd.notna(chain)
        rest, chain = rest[said], chain[said]
        if weak_per_class is not None:
            crc = enterprises["enterprise_id"].iloc[rest].map(lambda i: zlib.crc32(str(i).encode())).to_numpy()
            order = np.argsort(crc, kind="stable")
            rest, chain = rest[order], chain[order]
            kept = pd.Series(chain).groupby(chain, sort=False).head(weak_per_class).index.to_numpy()
            rest, chain = rest[kept], chain[kept]
        parts.append(enterprises.iloc[rest].assign(chain=chain, weight=WEAK_WEIGHT))
    out = pd.concat(parts, ignore_index=True)
    out = out.assign(text=_texts(out))
    return out[out["text"].str.len() > 4][["enterprise_id", "text", "chain", "weight"]]


def _vectorizer(vocabulary=None) -> TfidfVectorizer:
    """Both readers' text features: TF-IDF of character 1–3-grams (``vocabulary``: a shipped one)."""
    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, vocabulary=vocabulary)


def _classifier() -> LogisticRegression:
    return LogisticRegression(max_iter=2000, C=2.0, class_weight="balanced")


def listed_examples() -> pd.DataFrame:
    """(text, chain) for the public listed firms: each one's main-business text labelled with the chain
    its Shenwan industry class names, or none.

    >>> ex = listed_examples()
    >>> sorted(set(ex["chain"])) == sorted(["auto_parts", "data_center", "intelligent_equipment", NONE, "power_battery"])
    True
    """
    frame = pd.read_csv(LISTED, dtype=str, keep_default_na=False)
    return pd.DataFrame({"text": frame["main_business"], "chain": frame["chain"]})


def fit_prior(examples: pd.DataFrame):
    """A text → {chains, none} pipeline over (text, chain) examples, not calibrated."""
    return make_pipeline(_vectorizer(), _classifier()).fit(examples["text"], examples["chain"])


def save_prior(model, path: Path = PRIOR) -> str:
    """Write a fitted prior as plain arrays (n-grams, idf, coefficients; no pickle); returns its sha256."""
    vec, lr = model.steps[0][1], model.steps[-1][1]
    buf = io.BytesIO()
    np.savez_compressed(buf, terms=np.array(sorted(vec.vocabulary_, key=vec.vocabulary_.get), dtype=str),
                        idf=vec.idf_, coef=lr.coef_.astype(np.float32), intercept=lr.intercept_,
                        classes=np.array(lr.classes_.tolist(), dtype=str))
    path.write_bytes(buf.getvalue())
    return hashlib.sha256(buf.getvalue()).hexdigest()


def load_prior(path: Path = PRIOR, sha256: str = PRIOR_SHA256):
    """A shipped reader (the prior, or the segment reader), only if its checksum is the one recorded here."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise UntrustedModelError(f"{path.name}: checksum differs from the one recorded in tag_learning.py; "
                                  "rebuild it with `python -m recommender.tag_learning`")
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        vec = _vectorizer({t: i for i, t in enumerate(z["terms"].tolist())})
        vec.idf_ = z["idf"]
        lr = LogisticRegression()
        lr.coef_, lr.intercept_, lr.classes_ = z["coef"].astype(float), z["intercept"], z["classes"].astype(object)
    return make_pipeline(vec, lr)


@lru_cache(maxsize=1)
def prior_reader():
    """The prior fitted on all the listed firms (``data/tagging/listed/prior_reader.npz``, loaded in
    milliseconds; fitting it takes 1.5 s): it knows what firms outside the chains write, whatever
    the office has labelled."""
    return load_prior()


def segment_examples(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """(text, chain) for the segment reader, the 'chain' being 'chain.segment': the listed firms whose
    Shenwan class names a segment (``frame``: some of ``listed_firms.csv``'s rows; default all), and one
    example per template keyword (segment name and keyword), so that every segment can be named.

    >>> ex = segment_examples()
    >>> len(ex), ex["chain"].nunique(), "power_battery.cells" in set(ex["chain"])
    (1077, 58, True)
    """
    from chains.templates import load_chains
    frame = pd.read_csv(LISTED, dtype=str, keep_default_na=False) if frame is None else frame
    frame = frame[frame["segment"] != ""]
    words = [(f"{s.name_zh} {word}", s.key) for c in load_chains().values() for s in c.segments.values()
             for word in s.keywords]
    return pd.concat([pd.DataFrame({"text": frame["main_business"], "chain": frame["chain"] + "." + frame["segment"]}),
                      pd.DataFrame(words, columns=["text", "chain"])], ignore_index=True)


@lru_cache(maxsize=1)
def segment_reader():
    """The segment reader fitted on all the listed firms with a segment (``segment_reader.npz``)."""
    return load_prior(SEGMENTS, SEGMENTS_SHA256)


def add_learned_segments(tags: pd.DataFrame, frame: pd.DataFrame, reader) -> pd.DataFrame:
    """``tags`` with a segment named, by ``reader`` (``segment_reader()``), on every chain row that has
    none: the segment of that chain the firm's text is most like. Confidence and other rows stand.

    >>> tags = pd.DataFrame({"enterprise_id": ["a", "b"], "chain": ["power_battery", ""], "segment": ["", ""],
    ...                      "confidence": [0.4, 1.0]})
    >>> frame = pd.DataFrame({"enterprise_id": ["a", "b"], "business_scope": ["锂离子电池制造", "餐饮服务"]})
    >>> add_learned_segments(tags, frame, segment_reader())["segment"].tolist()
    ['cells', '']
    """
    attrs, tags.attrs = tags.attrs, {}  # pandas deep-copies attrs (the tagger's ids) on every operation
    try:
        out = _named_segments(tags, frame, reader)
    finally:
        tags.attrs = attrs
    out.attrs = attrs
    return out


def _named_segments(tags: pd.DataFrame, frame: pd.DataFrame, reader) -> pd.DataFrame:
    blank = (tags["chain"] != "") & (tags["segment"] == "")
    if reader is None or not blank.any():
        return tags
    rows = tags.loc[blank, ["enterprise_id", "chain"]]
    firms = frame.drop_duplicates("enterprise_id")
    p = _proba(reader, firms[firms["enterprise_id"].isin(rows["enterprise_id"])]).drop(columns=NONE)
    rows = rows[rows["enterprise_id"].isin(p.index)]
    if rows.empty:
        return tags
    chain_of, segment_of = zip(*(key.split(".", 1) for key in p.columns))
    on_chain = np.array(chain_of)[None, :] == rows["chain"].to_numpy()[:, None]  # the row's chain's segments only
    best = np.where(on_chain, p.loc[rows["enterprise_id"]].to_numpy(), -1.0).argmax(axis=1)
    named = on_chain.any(axis=1)
    out = tags.copy()
    out.loc[rows.index[named], "segment"] = np.array(segment_of)[best[named]]
    return out


def weak_chain(code: str, class_map: dict) -> str | None:
    """The chain a class says a firm is on (strong mappings only), 'none' for a specific class on no
    chain, None when the class says nothing (missing, generic, or split between chains).

    >>> m = {"3841": [("power_battery", "cells", "strong")], "6513": [], "7519": []}
    >>> weak_chain("3841", m), weak_chain("6513", m), weak_chain("", m)
    ('power_battery', 'none', None)
    """
    if not code or code not in class_map:
        return None
    rows = class_map[code]
    if not rows:
        return None if _is_generic(code) else NONE
    chains = {c for c, _, strength in rows if strength == "strong"}
    return chains.pop() if len(chains) == 1 else None


def _is_generic(code: str) -> bool:
    try:
        from chains.industry_codes import is_generic
    except ImportError:  # before the class table ships: wholesale, retail, "other" classes and 7519 say little
        return code[:2] in ("51", "52") or code.endswith("9") or code == "7519"
    return is_generic(code)


def fit_chain_reader(examples: pd.DataFrame):
    """A fitted text → {chains, none} pipeline, or None when there are too few examples to learn from."""
    if "weight" not in examples:
        examples = examples.assign(weight=1.0)
    counts = examples["chain"].value_counts()
    usable = counts[counts >= MIN_PER_CHAIN].index
    examples = examples[examples["chain"].isin(usable)]
    if len([c for c in usable if c != NONE]) < 2 and not (NONE in usable and len(usable) >= 2):
        return None
    base = _classifier()
    if counts[usable].min() >= 30:
        base = CalibratedClassifierCV(base, method="sigmoid", cv=3)
    model = make_pipeline(_vectorizer(), base)
    step = model.steps[-1][0]
    return model.fit(examples["text"], examples["chain"], **{f"{step}__sample_weight": examples["weight"].to_numpy()})


PARALLEL_PROBA = 10_000  # below this, forking readers costs more than it saves


def _proba(model, frame: pd.DataFrame, workers: int | None = None) -> pd.DataFrame:
    """P(class) per enterprise id for the firms of ``frame`` with something to read (chains, then none).
    Many firms are read by ``workers`` forked processes (as the tagger's), each chunk as one process would."""
    if model is None or frame.empty:
        return pd.DataFrame(columns=[NONE])
    products = frame["main_products"] if "main_products" in frame else pd.Series(None, index=frame.index)
    records = list(zip(frame["business_scope"], products))
    parts = forking.map_chunks(lambda chunk: _read_records(model, chunk), records, workers, PARALLEL_PROBA)
    read = np.concatenate([r for r, _ in parts])
    if not read.any():
        return pd.DataFrame(columns=[NONE])
    proba = pd.DataFrame(np.vstack([p for _, p in parts]), columns=list(model.classes_),
                         index=frame["enterprise_id"].to_numpy()[read])
    return proba.reindex(columns=[c for c in proba.columns if c != NONE] + [NONE], fill_value=0.0)


def _read_records(model, records) -> tuple[np.ndarray, np.ndarray]:
    """(which records have more than four characters to read, their probabilities)."""
    texts = [reading_text(scope, products) for scope, products in records]
    read = np.array([len(t) > 4 for t in texts], dtype=bool)
    kept = [t for t, r in zip(texts, read) if r]
    return read, model.predict_proba(kept) if kept else np.zeros((0, len(model.classes_)))


def add_learned_chains(tags: pd.DataFrame, frame: pd.DataFrame, model, prior=None) -> pd.DataFrame:
    """Combine the rules' tag rows with two learned readers, each where it is stronger.

    - ``prior`` (``prior_reader()``, the listed firms) takes a firm the rules placed off the chains
      when, in the score mixture ``MIX`` × rules + (1 − ``MIX``) × P, none beats every chain (the
      rules' score of a chain is its best confidence, of none 0). Only a reading weaker than
      (1 − MIX) / MIX can lose, so only those firms are read.
    - ``model`` (the office's labels), then ``prior`` for the firms still outside, gives a firm the
      rules left outside a chain-only row (confidence P/2, at most ``CHAIN_ONLY_MAX``) when it gives a
      chain at least ``THRESHOLD``: a firm whose words the templates lack is ranked low, not dropped.

    Otherwise the rules' reading stands, segments and evidence included."""
    light = tags[["enterprise_id", "chain", "confidence"]]
    light.attrs = {}  # pandas deep-copies attrs (the tagger's evidence) on every operation
    by_id = frame.drop_duplicates("enterprise_id").set_index("enterprise_id", drop=False)
    by_id = by_id.loc[by_id.index.intersection(pd.Index(light["enterprise_id"].unique()))]  # firms with tags
    rules = light[light["chain"] != ""].groupby(["enterprise_id", "chain"])["confidence"].max().unstack()
    best_rule = rules.max(axis=1) if len(rules) else pd.Series(dtype=float)
    weak = by_id.index.intersection(best_rule.index[best_rule < (1 - MIX) / MIX])  # tags may hold other firms
    outside = by_id.index.difference(best_rule.index)
    from_prior = _proba(prior, by_id.loc[outside.union(weak)])  # one read of both sets
    veto, learned = [], []
    p = from_prior.loc[from_prior.index.intersection(weak)]
    if len(p):
        r = rules.reindex(index=p.index, columns=p.columns).fillna(0.0)
        veto = list(p.index[(MIX * r + (1 - MIX) * p).idxmax(axis=1) == NONE])
    for p in (_proba(model, by_id.loc[outside]), from_prior):  # the office's own labels first, then the prior
        p = p.loc[p.index.intersection(outside)]
        chain_cols = [c for c in p.columns if c != NONE]
        if not (len(p) and chain_cols):
            continue
        best = p[chain_cols].max(axis=1)
        sure = best >= THRESHOLD
        learned.append(pd.DataFrame({"enterprise_id": p.index[sure], "chain": p.loc[sure, chain_cols].idxmax(axis=1).to_numpy(),
                                     "segment": "", "confidence": (best[sure] / 2).clip(upper=CHAIN_ONLY_MAX).round(3).to_numpy()}))
        outside = outside.difference(p.index[sure])
    changed = set(veto).union(*(set(f["enterprise_id"]) for f in learned))
    if not changed:
        return tags
    nones = pd.DataFrame({"enterprise_id": veto, "chain": "", "segment": "", "confidence": 1.0})
    out = pd.concat([tags[~light["enterprise_id"].isin(changed).to_numpy()], nones, *learned], ignore_index=True)
    out.attrs = tags.attrs
    return out


LEARNED_CLAUSE = "（文本模型）"
LEARNED_PLACED = "文本模型判断：按相似企业的文字归入该链，规则未识别"
LEARNED_VETO = "文本模型判断：不属于四条产业链，规则读数较弱未采用"
LEARNED_SEGMENT = "文本模型判断：环节按相似文字推断，规则未细分"


def learned_evidence(stored: list[tuple], rules: list[tuple]) -> list[dict]:
    """Evidence-table rows (as ``Tagger.explain`` writes them) for what a learned reader decided: a stored
    chain the rules' own reading (``rules``: ``Tagger.tag_text``) does not hold, or a firm stored on no chain
    that the rules put on one. ``stored``: the firm's tag rows as (chain, segment, confidence).

    >>> [r["counts"] for r in learned_evidence([("auto_parts", "", 0.44)], [])] == [LEARNED_PLACED]
    True
    >>> [r["counts"] for r in learned_evidence([("", "", 1.0)], [("data_center", "data_services", 0.3)])] == [LEARNED_VETO]
    True
    >>> learned_evidence([("power_battery", "cells", 0.9)], [("power_battery", "cells", 0.9)])
    []
    """
    ruled = {chain for chain, _, _ in rules}
    ruled_segments = {(chain, segment) for chain, segment, _ in rules}
    rows = [{"clause": LEARNED_CLAUSE, "keyword": "", "chain": chain, "segment": segment, "weight": round(conf, 2),
             "kind": "learned", "counts": LEARNED_PLACED if chain not in ruled else LEARNED_SEGMENT}
            for chain, segment, conf in stored
            if chain and (chain not in ruled or (segment and (chain, segment) not in ruled_segments))]
    if stored and ruled and not any(chain for chain, _, _ in stored):
        rows.append({"clause": LEARNED_CLAUSE, "keyword": "", "chain": "", "segment": "", "weight": 0.0,
                     "kind": "learned", "counts": LEARNED_VETO})
    return rows


if __name__ == "__main__":  # rebuild the shipped readers after data/tagging/listed/listed_firms.csv changes
    for path, examples, name in ((PRIOR, listed_examples(), "PRIOR_SHA256"), (SEGMENTS, segment_examples(), "SEGMENTS_SHA256")):
        digest = save_prior(fit_prior(examples), path)
        print(f"wrote {path}; set {name} = \"{digest}\" in recommender/tag_learning.py")
