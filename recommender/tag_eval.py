"""Evaluate the tagger on the labelled scopes: macro-F1 over the four chains plus "none".

A text counts as read onto a chain when the tagger's best row has a segment;
a chain-only (vague) reading counts as "none".

    .venv/bin/python -m recommender.tag_eval
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import classification_report, f1_score

from chains.templates import DATA_DIR
from recommender.tagging import Tagger

LABELLED = DATA_DIR / "tagging" / "labelled_scopes.csv"


def predict(frame: pd.DataFrame, tagger: Tagger | None = None) -> pd.DataFrame:
    tagger = tagger or Tagger.from_templates()
    chains, segments = [], []
    for scope, code in zip(frame["business_scope"], frame["industry_code"].fillna("")):
        rows = tagger.tag_text(scope, industry_code=code or None)
        top = rows[0] if rows and rows[0][1] else None
        chains.append(top[0] if top else "none")
        segments.append(top[1] if top else "")
    return frame.assign(pred_chain=chains, pred_segment=segments)


def evaluate(split: str | None = None) -> dict:
    frame = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    if split:
        frame = frame[frame["split"] == split]
    pred = predict(frame)
    makers = pred[pred["kind"] == "maker"]
    return {
        "n": len(pred),
        "macro_f1": float(f1_score(pred["gold_chain"], pred["pred_chain"], average="macro")),
        "segment_accuracy_makers": float(np.mean([p in g.split(";") for g, p in
                                                  zip(makers["gold_segment"], makers["pred_segment"])])),
        "report": classification_report(pred["gold_chain"], pred["pred_chain"], digits=3, zero_division=0),
        "errors": pred[pred["gold_chain"] != pred["pred_chain"]],
    }


if __name__ == "__main__":
    for split in ("dev", "test"):
        result = evaluate(split)
        print(f"[{split}] n={result['n']} macro-F1={result['macro_f1']:.3f} "
              f"segment accuracy (makers)={result['segment_accuracy_makers']:.3f}")
        print(result["report"])
