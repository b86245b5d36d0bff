"""The learned reader: a text classifier beside the keyword rules.

It learns from the office's own labels — a firm the office visited for a chain (考察 or further)
or hosts as a local firm is an example of that chain — and from weak labels: a firm whose
GB/T 4754 class maps strongly to a chain is a weak example of it, one whose class is specific and
maps to no chain a weak example of none. A character n-gram model (TF-IDF of 1–3 characters over
the scope's counted clauses and the main products, logistic regression, calibrated with sigmoid
scaling when there are enough examples) gives P(chain) and P(none).

It is combined with the rules so that each wins where it is stronger: the rules place firms on
segments and say why; the model adds a low-confidence chain row (no segment) for a firm the rules
leave outside every chain when it is sure, and removes a weak rule reading (confidence < 0.6)
when it is sure the firm is on no chain.
"""
from __future__ import annotations

import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from recommender.columns import STAGE_GRADE
from recommender.tagging import CHAIN_ONLY_MAX, parse_scope

MIN_PER_CHAIN = 10
THRESHOLD = 0.7  # add a chain row when P(chain) is at least this
VETO = 0.85  # remove a weak rule reading when P(none) is at least this
VETO_BELOW = 0.6  # ... and the rule's confidence is below this
WEAK_WEIGHT = 0.3
NONE = "none"


def reading_text(scope, products=None) -> str:
    """The text the model reads: the scope's counted clauses (no boilerplate, exclusions or generic
    items) and the main products.

    >>> reading_text("一般项目：技术服务；隔膜制造（不含危险化学品）；电池销售", "湿法隔膜")
    '隔膜制造 电池销售 湿法隔膜'
    """
    parts = [c.text for c in parse_scope(scope if isinstance(scope, str) else "")
             if not c.excluded and c.kind != "generic"]
    if isinstance(products, str) and products:
        parts.append(products)
    return " ".join(parts)


def _texts(frame: pd.DataFrame) -> pd.Series:
    products = frame["main_products"] if "main_products" in frame else pd.Series(None, index=frame.index)
    return pd.Series([reading_text(s, p) for s, p in zip(frame["business_scope"], products)], index=frame.index)


def labelled_examples(enterprises: pd.DataFrame, events: pd.DataFrame, local_firms: pd.DataFrame,
                      class_map: dict | None = None) -> pd.DataFrame:
    """(enterprise_id, text, chain, weight): the office's labels (weight 1) and, with a class map,
    weak labels from industry codes (weight 0.3) for firms the office has not labelled."""
    ev = events[(events["chain"].astype(str) != "") & (events["stage"].map(STAGE_GRADE).fillna(0) >= 2)
                & (events["stage"] != "终止")]
    pairs = pd.concat([ev[["enterprise_id", "chain"]],
                       local_firms.loc[local_firms["chain"].astype(str) != "", ["enterprise_id", "chain"]]])
    pairs = pairs.drop_duplicates().drop_duplicates("enterprise_id", keep=False)  # two chains teach nothing clear
    office = pairs.merge(enterprises, on="enterprise_id").assign(weight=1.0)
    parts = [office]
    if class_map is not None and "industry_code" in enterprises:
        from recommender.tagging import _code
        rest = enterprises[~enterprises["enterprise_id"].isin(set(pairs["enterprise_id"]))]
        chain = rest["industry_code"].map(lambda c: weak_chain(_code(c), class_map))
        parts.append(rest.assign(chain=chain, weight=WEAK_WEIGHT)[chain.notna()])
    out = pd.concat(parts, ignore_index=True)
    out = out.assign(text=_texts(out))
    return out[out["text"].str.len() > 4][["enterprise_id", "text", "chain", "weight"]]


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
    base = LogisticRegression(max_iter=2000, C=2.0, class_weight="balanced")
    if counts[usable].min() >= 30:
        base = CalibratedClassifierCV(base, method="sigmoid", cv=3)
    model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True), base)
    step = model.steps[-1][0]
    return model.fit(examples["text"], examples["chain"], **{f"{step}__sample_weight": examples["weight"].to_numpy()})


def add_learned_chains(tags: pd.DataFrame, frame: pd.DataFrame, model) -> pd.DataFrame:
    """Combine the rules' tag rows with the model: add sure chain rows for firms the rules leave out,
    drop weak rule readings the model is sure are on no chain."""
    if model is None:
        return tags
    todo = frame[frame["enterprise_id"].isin(set(tags["enterprise_id"]))]
    texts = _texts(todo)
    todo, texts = todo[texts.str.len() > 4], texts[texts.str.len() > 4]
    if todo.empty:
        return tags
    classes = list(model.classes_)
    proba = pd.DataFrame(model.predict_proba(texts), columns=classes, index=todo["enterprise_id"].to_numpy())
    chain_cols = [c for c in classes if c != NONE]
    best_rule = tags.groupby("enterprise_id")["confidence"].max()
    placed = set(tags.loc[tags["chain"] != "", "enterprise_id"])
    out = tags
    if NONE in classes:
        weak = best_rule[(best_rule < VETO_BELOW) & best_rule.index.isin(placed)].index
        veto = [e for e in weak if e in proba.index and proba.at[e, NONE] >= VETO]
        out = pd.concat([out[~out["enterprise_id"].isin(veto)],
                         pd.DataFrame({"enterprise_id": veto, "chain": "", "segment": "", "confidence": 1.0})],
                        ignore_index=True)
        placed -= set(veto)
    unplaced = proba[~proba.index.isin(placed)]
    if chain_cols and len(unplaced):
        p = unplaced[chain_cols]
        sure = p.max(axis=1) >= THRESHOLD
        learned = pd.DataFrame({"enterprise_id": p.index[sure], "chain": p.idxmax(axis=1)[sure].to_numpy(),
                                "segment": "", "confidence": (p.max(axis=1)[sure] / 2).clip(upper=CHAIN_ONLY_MAX)
                                .round(3).to_numpy()})
        out = pd.concat([out[~out["enterprise_id"].isin(set(learned["enterprise_id"]))], learned], ignore_index=True)
    out.attrs = tags.attrs
    return out
