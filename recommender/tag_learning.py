"""Learning to read scopes from the office's own labelled examples.

Deals carry the chain they were pursued for, and local firms carry their chain; a firm the office
visited (考察 or further) or hosts is a labelled example of that chain. A character n-gram
classifier (TF-IDF of 2–3 characters + logistic regression) learns from them. It never places a
firm on a segment — that stays with the keyword reading, which can say why — it only adds a
low-confidence chain row for firms the keyword reading leaves with no chain at all, when it is sure.
"""
from __future__ import annotations

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from recommender.columns import STAGE_GRADE
from recommender.tagging import CHAIN_ONLY_MAX

MIN_PER_CHAIN = 10
THRESHOLD = 0.7


def _text(frame: pd.DataFrame) -> pd.Series:
    return frame["business_scope"].fillna("") + "；" + frame.get("main_products", pd.Series("", index=frame.index)).fillna("")


def labelled_examples(enterprises: pd.DataFrame, events: pd.DataFrame, local_firms: pd.DataFrame) -> pd.DataFrame:
    """(enterprise_id, text, chain) from deals that got as far as a visit, and from local firms."""
    ev = events[(events["chain"].astype(str) != "") & (events["stage"].map(STAGE_GRADE).fillna(0) >= 2)
                & (events["stage"] != "终止")]
    pairs = pd.concat([ev[["enterprise_id", "chain"]],
                       local_firms.loc[local_firms["chain"].astype(str) != "", ["enterprise_id", "chain"]]])
    pairs = pairs.drop_duplicates("enterprise_id", keep=False)  # a firm pursued for two chains teaches nothing clear
    out = pairs.merge(enterprises, on="enterprise_id")
    out = out.assign(text=_text(out))
    return out[out["text"].str.len() > 4][["enterprise_id", "text", "chain"]]


def fit_chain_reader(examples: pd.DataFrame):
    """A fitted text → chain pipeline, or None when there are too few examples to learn from."""
    counts = examples["chain"].value_counts()
    usable = counts[counts >= MIN_PER_CHAIN].index
    examples = examples[examples["chain"].isin(usable)]
    if len(usable) < 2:
        return None
    model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=2, sublinear_tf=True),
                          LogisticRegression(max_iter=2000, C=2.0))
    return model.fit(examples["text"], examples["chain"])


def add_learned_chains(tags: pd.DataFrame, frame: pd.DataFrame, model) -> pd.DataFrame:
    """Give firms that the keyword reading placed in no chain a chain row (no segment) when the model is sure."""
    if model is None:
        return tags
    unplaced = set(tags.loc[tags["chain"] == "", "enterprise_id"])
    todo = frame[frame["enterprise_id"].isin(unplaced)]
    todo = todo[_text(todo).str.len() > 4]
    if todo.empty:
        return tags
    proba = model.predict_proba(_text(todo))
    best = proba.argmax(axis=1)
    sure = proba.max(axis=1) >= THRESHOLD
    learned = pd.DataFrame({"enterprise_id": todo["enterprise_id"].to_numpy()[sure],
                            "chain": model.classes_[best[sure]], "segment": "",
                            "confidence": (proba.max(axis=1)[sure] / 2).clip(max=CHAIN_ONLY_MAX).round(3)})
    out = pd.concat([tags[~tags["enterprise_id"].isin(set(learned["enterprise_id"]))], learned], ignore_index=True)
    out.attrs = tags.attrs
    return out
