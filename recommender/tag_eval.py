"""Judge the chain reader: macro-F1 over the four chains plus "none", the share of none-firms put on
a chain, and segment accuracy, on real firms' registry text and on the project's synthetic texts.

- Real firms (``data/tagging/real_firms.csv``; sources in ``data/README.md``): split into dev and
  held-out by company before any error was read. The rules are tuned on dev only. The learned reader
  and the peer learn from dev's labels (as an office's own labels) — cross-validated within dev for the
  dev figure, fitted on all of dev for the held-out figure.
- The peer: TF-IDF character 2–3-grams of scope and main business + logistic regression (one model for
  the chain, one for chain-and-segment), the reader an analyst writes in an afternoon.
- A firm counts as put on a chain when its best tag row names a chain (chain-only rows included).
- The listed firms (``data/tagging/listed``): 4,179 real profiles with weak labels from their industry
  class — the rules alone, a larger and noisier second check.

    .venv/bin/python -m recommender.tag_eval          # prints both tables, writes bench/out/tagging.md
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline

from chains.templates import DATA_DIR
from recommender.tag_learning import (LISTED, add_learned_chains, add_learned_segments, fit_chain_reader, fit_prior,
                                       labelled_examples, prior_reader, segment_examples, segment_reader)
from recommender.tagging import Tagger, class_map

LABELLED = DATA_DIR / "tagging" / "labelled_scopes.csv"
REAL = DATA_DIR / "tagging" / "real_firms.csv"
NONE = "none"


def read_real() -> pd.DataFrame:
    """The real-firm set in the reader's columns (main business read as main products)."""
    frame = pd.read_csv(REAL, dtype=str, keep_default_na=False)
    return frame.assign(enterprise_id=frame["firm_id"], main_products=frame["main_business"].replace("", None),
                        business_scope=frame["business_scope"], industry_code=frame["industry_code"].replace("", None),
                        gold_chain=frame["label_chain"], gold_segment=frame["label_segment"])


def tag_rows(frame: pd.DataFrame, tagger: Tagger | None = None) -> pd.DataFrame:
    """The rules' tag rows for a frame of firms."""
    tagger = tagger or Tagger.from_templates()
    cols = {c: frame[c] if c in frame else pd.Series(None, index=frame.index)
            for c in ("business_scope", "main_products", "industry_name", "industry_code")}
    return tagger.tag_frame(pd.DataFrame({"enterprise_id": frame["enterprise_id"], **cols}))


def best_reading(frame: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with pred_chain / pred_segment from each firm's best tag row ('none' when it has no chain)."""
    best = tags.sort_values("confidence", ascending=False, kind="stable").drop_duplicates("enterprise_id")
    best = best.set_index("enterprise_id")
    chain = frame["enterprise_id"].map(best["chain"]).fillna("").replace("", NONE)
    return frame.assign(pred_chain=chain.to_numpy(), pred_segment=frame["enterprise_id"].map(best["segment"]).fillna(""))


def metrics(pred: pd.DataFrame) -> dict:
    """macro-F1 (4 chains + none), none-firms put on a chain, segment accuracy for labelled chain firms."""
    none = pred[pred["gold_chain"] == NONE]
    seg = pred[(pred["gold_chain"] != NONE) & (pred["gold_segment"] != "")]
    return {"n": len(pred),
            "macro_f1": float(f1_score(pred["gold_chain"], pred["pred_chain"], average="macro")),
            "none_on_chain": float((none["pred_chain"] != NONE).mean()) if len(none) else float("nan"),
            "segment_accuracy": float(((seg["pred_chain"] == seg["gold_chain"])
                                       & (seg["pred_segment"] == seg["gold_segment"])).mean()) if len(seg) else float("nan")}


def learned_reading(train: pd.DataFrame, test: pd.DataFrame, tagger: Tagger) -> pd.DataFrame:
    """Rules combined with the office's reader fitted on ``train``'s labels (as the office's own labelled
    firms, none-firms included) plus weak labels from industry codes, and with the listed firms' prior and
    segment reader."""
    labels = train[["enterprise_id", "gold_chain"]].rename(columns={"gold_chain": "chain"})
    no_events = pd.DataFrame(columns=["enterprise_id", "chain", "stage"])
    model = fit_chain_reader(labelled_examples(train, no_events, labels, class_map()))
    tags = add_learned_chains(tag_rows(test, tagger), test, model, prior_reader())
    return best_reading(test, add_learned_segments(tags, test, segment_reader()))


def peer_reading(train: pd.DataFrame, test: pd.DataFrame, listed: bool = False) -> pd.DataFrame:
    """The TF-IDF + logistic-regression peer: chain from one model, segment from a chain.segment model.
    With ``listed``, it also learns from the listed firms the product's learned reader learns from."""
    def text(f):
        return f["business_scope"].fillna("") + " " + f["main_products"].fillna("")
    if listed:
        train = pd.concat([train, read_listed()], ignore_index=True)

    def model():
        return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=1, sublinear_tf=True),
                             LogisticRegression(max_iter=3000, C=10.0, class_weight="balanced"))
    chain = model().fit(text(train), train["gold_chain"]).predict(text(test))
    key = np.where(train["gold_segment"] != "", train["gold_chain"] + "." + train["gold_segment"], NONE)
    seg = model().fit(text(train), key).predict(text(test))
    return test.assign(pred_chain=chain, pred_segment=[k.split(".")[1] if "." in k else "" for k in seg])


def cross_validated(frame: pd.DataFrame, reader, folds=5, seed=0) -> pd.DataFrame:
    """Out-of-fold readings of ``frame`` by a reader fitted on the other folds."""
    parts = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(frame, frame["gold_chain"]):
        parts.append(reader(frame.iloc[train_idx], frame.iloc[test_idx]))
    return pd.concat(parts).loc[frame.index]


TEXTS = {"all": lambda f: pd.Series(True, index=f.index),
         "registry scope": lambda f: f["business_scope"].str.strip() != "",
         "main business only": lambda f: f["business_scope"].str.strip() == "",
         "clear labels (ambiguous=0)": lambda f: f["ambiguous"] != "1"}


def evaluate_real() -> pd.DataFrame:
    """One row per (reader, split, text): every firm, then those with a registry scope, those whose source
    gives only a main-business summary, and those whose label is not marked borderline (the readers learn
    from all of dev either way)."""
    frame = read_real()
    tagger = Tagger.from_templates()
    dev, held = frame[frame["split"] == "dev"], frame[frame["split"] == "heldout"]
    readings = {("rules", split): best_reading(part, tag_rows(part, tagger))
                for split, part in (("dev", dev), ("held-out", held))}
    readings[("rules + learned (product)", "dev")] = cross_validated(dev, lambda a, b: learned_reading(a, b, tagger))
    readings[("rules + learned (product)", "held-out")] = learned_reading(dev, held, tagger)
    readings[("TF-IDF + LR peer", "dev")] = cross_validated(dev, peer_reading)
    readings[("TF-IDF + LR peer", "held-out")] = peer_reading(dev, held)
    readings[("peer + listed firms", "dev")] = cross_validated(dev, lambda a, b: peer_reading(a, b, listed=True))
    readings[("peer + listed firms", "held-out")] = peer_reading(dev, held, listed=True)
    return pd.DataFrame([{"reader": reader, "split": split, "text": text, **metrics(pred[which(pred)])}
                         for text, which in TEXTS.items() for (reader, split), pred in readings.items()])


def read_listed() -> pd.DataFrame:
    """The listed firms of the prior in the reader's columns, with weak gold labels from their industry
    class and a split by stock code (even last digit = dev, odd = held-out), fixed before any reading."""
    frame = pd.read_csv(LISTED, dtype=str, keep_default_na=False)
    return pd.DataFrame({"enterprise_id": frame["firm_id"], "business_scope": "", "main_products": frame["main_business"],
                         "gold_chain": frame["chain"], "gold_segment": frame["segment"],
                         "split": ["dev" if int(c[-1]) % 2 == 0 else "held-out" for c in frame["firm_id"]]})


def evaluate_listed() -> pd.DataFrame:
    """The rules alone on each half of the listed firms, and on the held-out half the rules with a prior and
    a segment reader fitted on the dev half only (the served ones learn from every listed firm, so they are
    not judged here)."""
    frame = read_listed()
    tags = tag_rows(frame)
    dev = frame[frame["split"] == "dev"]
    prior = fit_prior(dev.rename(columns={"main_products": "text", "gold_chain": "chain"}))
    segments = fit_prior(segment_examples(dev.rename(columns={"main_products": "main_business", "gold_chain": "chain",
                                                              "gold_segment": "segment"})))
    held = frame[frame["split"] == "held-out"]
    readings = {("rules", split): best_reading(part, tags) for split, part in frame.groupby("split")}
    readings[("rules + readers fitted on dev", "held-out")] = best_reading(
        held, add_learned_segments(add_learned_chains(tags, held, None, prior), held, segments))
    rows = []
    for (reader, split), pred in readings.items():
        on = pred[pred["gold_chain"] != NONE]
        rows.append({"reader": reader, "split": split, **metrics(pred),
                     "chain_recall": float((on["pred_chain"] == on["gold_chain"]).mean())})
    return pd.DataFrame(rows)


def evaluate(split: str | None = None) -> dict:
    """The project's own synthetic labelled scopes (makers' segment accuracy)."""
    frame = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    if split:
        frame = frame[frame["split"] == split]
    frame = frame.assign(enterprise_id=frame["id"] if "id" in frame else frame.index.astype(str))
    pred = best_reading(frame, tag_rows(frame))
    pred["pred_segment"] = np.where(pred["pred_chain"] == NONE, "", pred["pred_segment"])
    makers = pred[pred["kind"] == "maker"]
    return {"n": len(pred),
            "macro_f1": float(f1_score(pred["gold_chain"], pred["pred_chain"], average="macro")),
            "segment_accuracy_makers": float(np.mean([p in g.split(";") for g, p in
                                                      zip(makers["gold_segment"], makers["pred_segment"])])),
            "errors": pred[pred["gold_chain"] != pred["pred_chain"]]}


def main():
    from pathlib import Path
    lines = ["# Chain reader quality", "", "Command: `.venv/bin/python -m recommender.tag_eval`", ""]
    if REAL.exists():
        real = evaluate_real().round(3)
        lines += ["## Real firms (registry text; sources in data/README.md)", "", real.to_markdown(index=False), ""]
        listed = evaluate_listed().round(3)
        lines += ["## Listed firms, weak labels from their Shenwan class (data/tagging/listed)", "",
                  listed.to_markdown(index=False), ""]
    synthetic = pd.DataFrame([{"split": s, **{k: v for k, v in evaluate(s).items() if k != "errors"}}
                              for s in ("dev", "test")]).round(3)
    lines += ["## The project's synthetic labelled scopes", "", synthetic.to_markdown(index=False), ""]
    text = "\n".join(lines)
    out = Path(__file__).resolve().parent.parent / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "tagging.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
