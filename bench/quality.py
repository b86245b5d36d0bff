"""Ranking quality on worlds the rankers were not tuned on.

Three synthetic worlds from the demo generator with different mechanisms (what
makes a firm come, how staff choose whom to approach, how noisy it is), larger
than the demo. For each: the temporal hold-out of recommender.training, NDCG@50
per chain for our learned rankers, the rule score, LightGBM LambdaMART on the same
features (upper reference; benchmark-only dependency), a text-only logistic
regression on business scope (TF-IDF character n-grams), popularity-by-segment
and random.

    .venv/bin/python bench/quality.py            # writes bench/out/quality.md
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommender.demo import load_demo, load_settings  # noqa: E402
from recommender.features import FEATURES  # noqa: E402
from recommender.snapshot import Snapshot  # noqa: E402
from recommender.store import Store  # noqa: E402
from recommender.training import evaluate_and_choose  # noqa: E402

K = 50
WORLDS = {
    "demo": {},
    "B: size and leaders matter, intent barely": dict(
        seed=101, n_enterprises=12000, approaches_per_month=90,
        effects={"relocation_intent": 0.2, "near_leader": 1.4, "mid_size": 0.9, "gap_fill": 0.8, "qualification": 0.2},
        selection={"relocation_intent": 0.3, "size": 1.2, "tagged_gap": 0.2}),
    "C: qualifications and gaps, noisy, staff chase intent": dict(
        seed=202, n_enterprises=12000, approaches_per_month=90,
        effects={"qualification": 1.3, "gap_fill": 1.5, "thin_segment": -0.2, "relocation_intent": 0.4, "noise": 1.6,
                 "nearby_district": 0.0, "listed": 0.3},
        selection={"relocation_intent": 2.0, "qualification": 0.0, "tagged_gap": 0.0}),
}


def lambdamart(train, test, weights):
    import lightgbm as lgb
    order = train.sort_values(["chain", "approached"]).index
    tr = train.loc[order]
    qid = tr["chain"] + tr["approached"].dt.to_period("Q").astype(str)
    groups = qid.groupby(qid, sort=False).size().to_numpy()
    model = lgb.LGBMRanker(objective="lambdarank", n_estimators=300, learning_rate=0.05, num_leaves=15,
                           min_child_samples=10, verbose=-1, random_state=0)
    model.fit(tr[FEATURES], tr["label"].astype(int), group=groups)
    return model.predict(test[FEATURES])


def text_logreg(snap):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    scope = snap.enterprises.set_index("enterprise_id")["business_scope"].fillna("")

    def fit_predict(train, test, weights):
        y = (train["label"] >= 3).astype(int)
        if y.nunique() < 2:
            y = (train["label"] >= 2).astype(int)
        model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=2),
                              LogisticRegression(max_iter=2000, C=1.0))
        model.fit(train["enterprise_id"].map(scope), y)
        return model.predict_proba(test["enterprise_id"].map(scope))[:, 1]
    return fit_predict


def run_world(name, overrides):
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "w.db")
        t0 = time.time()
        load_demo(store, load_settings(**overrides))
        snap = Snapshot.load(store)
        report, *_ = evaluate_and_choose(snap, k=K, all_learned=True, n_boot=100, extra_scorers={
            "lightgbm_lambdamart": lambdamart, "text_logreg": text_logreg(snap)})
        print(f"{name}: {time.time() - t0:.0f} s, {report.n_train} train / {report.n_test} test deals", flush=True)
        return report


def main():
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# Ranking quality (NDCG@50 per chain, temporal hold-out)", "",
             "Command: `.venv/bin/python bench/quality.py`", ""]
    summary_rows, means = [], []
    for name, overrides in WORLDS.items():
        report = run_world(name, overrides)
        pc = report.per_chain
        table = pc.pivot(index="chain", columns="model", values="ndcg").round(3)
        inner = report.extra["inner_validation_ndcg"]
        means.append({"world": name.split(":")[0], "served": report.chosen,
                      "ours (inner-validated)": table[max(inner, key=inner.get).split(" ")[0]].mean(),
                      **table.mean().to_dict()})
        lines += [f"## World {name}", "", f"Split {report.split_date}, until {report.until}; "
                  f"{report.n_train} training deals, {report.n_test} judged. Chosen to serve: **{report.chosen}**. "
                  f"{report.note}", "", table.to_markdown(), ""]
        inner = report.extra["inner_validation_ndcg"]
        ours = max(inner, key=inner.get).split(" ")[0]  # picked by inner validation, not in hindsight
        for chain, row in table.iterrows():
            best_learned = ours
            summary_rows.append({"world": name, "chain": chain, "ours": best_learned, "ours_ndcg": row[best_learned],
                                 "text_logreg": row["text_logreg"], "lambdamart": row["lightgbm_lambdamart"],
                                 "rule": row["rule"], "random": row["random"]})
    lines += ["## Mean NDCG@50 over the four chains", "", pd.DataFrame(means).round(3).to_markdown(index=False), ""]
    s = pd.DataFrame(summary_rows)
    s["vs_text_logreg"] = (s["ours_ndcg"] / s["text_logreg"]).round(2)
    s["vs_lambdamart"] = (s["ours_ndcg"] / s["lambdamart"]).round(2)
    lines += ["## Ratios (NDCG@50 of the learned ranker picked by inner validation, over the baselines', per chain)", "",
              s.round(3).to_markdown(index=False), "",
              f"Mean ratio vs text-only LR: {s['vs_text_logreg'].mean():.2f}; vs LambdaMART: {s['vs_lambdamart'].mean():.2f}."]
    text = "\n".join(lines)
    (out / "quality.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
