"""Training on deal outcomes, honestly.

- Labels: the grade a deal had reached *by the cutoff* (落地 4, 签约 3, 洽谈/考察 2,
  接触 1; a deal whose last event by then is 终止 gets 0). Enterprises nobody
  approached are unlabelled and never used as negatives.
- Features of a deal: the region as it stood at the start of the month it was
  approached (recommender.features), so nothing later leaks in.
- Selection bias: staff choose whom to approach on visible traits. A propensity
  model (logistic regression: was a candidate approached within six months of a
  reference date?) gives each training deal the weight 1 / P(approached),
  clipped at 20, so the ranker learns outcomes, not staff habits.
- Evaluation: a temporal hold-out (deals approached in the twelve months before
  the last three, judged on what they reached by the cutoff; the last fifth of
  approaches when that is too few); features as of the split date. Learned rankers are chosen on an inner temporal validation; the
  chosen one serves only if it beats the rule score on the hold-out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from chains.errors import NoDataError
from recommender.columns import STAGE_GRADE
from recommender.evaluation import EvaluationReport, evaluate_scores
from recommender.features import FEATURES, features_as_of, history_as_of, pair_features, segment_context
from recommender.rankers import LEARNED_RANKERS, PARAM_GRID, RuleRanker

K = 10
MIN_TRAIN_ROWS, MIN_TRAIN_POSITIVES = 80, 8
MAX_WEIGHT = 20.0
# A learned ranker serves only if its mean NDCG over chains beats the rule score's by this much.
MARGIN = 0.01


def deal_outcomes(events: pd.DataFrame, until) -> pd.DataFrame:
    """One row per deal approached before ``until``: approach date and grade reached by then."""
    ev = events[pd.to_datetime(events["date"]) < pd.Timestamp(until)].copy()
    if not len(ev):
        return pd.DataFrame(columns=["deal_id", "enterprise_id", "region_id", "chain", "segment", "approached", "label"])
    ev["date"] = pd.to_datetime(ev["date"])
    ev["grade"] = ev["stage"].map(STAGE_GRADE)
    ev = ev.sort_values(["deal_id", "date", "grade"])
    g = ev.groupby("deal_id")
    out = g.agg(enterprise_id=("enterprise_id", "first"), region_id=("region_id", "first"), chain=("chain", "first"),
                segment=("segment", "first"), approached=("date", "min"), best=("grade", "max"),
                last_stage=("stage", "last")).reset_index()
    out["label"] = np.where(out["last_stage"] == "终止", 0, out["best"]).astype(float)
    return out.drop(columns=["best", "last_stage"])


def deal_pairs(snap, outcomes: pd.DataFrame) -> pd.DataFrame:
    """The (enterprise, chain, segment) a deal was pursued for: its segment, else the best tag in its chain."""
    tags = snap.best_tags.rename(columns={"confidence": "tag_confidence"})
    best_in_chain = tags.drop_duplicates(["enterprise_id", "chain"])
    best_any = tags.drop_duplicates(["enterprise_id"])
    o = outcomes.copy()
    given = o[o["segment"].astype(str) != ""].merge(
        tags[["enterprise_id", "chain", "segment", "tag_confidence"]], on=["enterprise_id", "chain", "segment"], how="left")
    given["tag_confidence"] = given["tag_confidence"].fillna(0.0)
    rest = o[o["segment"].astype(str) == ""].drop(columns=["segment"])
    with_chain = rest[rest["chain"].astype(str) != ""].merge(best_in_chain, on=["enterprise_id", "chain"], how="inner")
    no_chain = rest[rest["chain"].astype(str) == ""].drop(columns=["chain"]).merge(best_any, on="enterprise_id", how="inner")
    return pd.concat([given, with_chain, no_chain], ignore_index=True)


def features_at_approach(snap, pairs: pd.DataFrame) -> pd.DataFrame:
    """Features of each deal pair with its region as of the first day of the month it was approached."""
    parts = []
    month = pairs["approached"].dt.to_period("M").dt.to_timestamp()
    for (region, as_of), idx in pairs.groupby([pairs["region_id"], month]).groups.items():
        ctx = segment_context(snap, region, as_of)
        sub = pairs.loc[idx]
        parts.append(pair_features(sub, ctx, snap.attributes, history_as_of(snap.events, as_of), as_of))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*pairs.columns, *FEATURES])


def propensity_weights(snap, train: pd.DataFrame, start, end, max_candidates=20000, seed=0) -> np.ndarray:
    """1 / P(approached | features), from candidates at reference dates every six months in [start, end)."""
    rng = np.random.default_rng(seed)
    frames = []
    approached = train[["enterprise_id", "region_id", "approached"]]
    for ref in pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="6MS"):
        for region in train["region_id"].unique():
            cand = features_as_of(snap, region, ref)
            if len(cand) > max_candidates:
                cand = cand.iloc[rng.choice(len(cand), max_candidates, replace=False)]
            a = approached[(approached["region_id"] == region) & (approached["approached"] >= ref)
                           & (approached["approached"] < ref + pd.DateOffset(months=6))]
            cand = cand.assign(y=cand["enterprise_id"].isin(set(a["enterprise_id"])).astype(int))
            frames.append(cand[FEATURES + ["y"]])
    if not frames:
        return np.ones(len(train))
    data = pd.concat(frames, ignore_index=True)
    if data["y"].nunique() < 2:
        return np.ones(len(train))
    scaler = StandardScaler().fit(data[FEATURES])
    model = LogisticRegression(max_iter=1000, C=0.3).fit(scaler.transform(data[FEATURES]), data["y"])
    p = model.predict_proba(scaler.transform(train[FEATURES]))[:, 1]
    # Scale so the mean propensity of approached rows is 1: weights are relative.
    w = np.clip(p.mean() / np.maximum(p, 1e-6), 1.0 / MAX_WEIGHT, MAX_WEIGHT)
    return w / w.mean()


def _enough(frame) -> bool:
    return len(frame) >= MIN_TRAIN_ROWS and int((frame["label"] >= 3).sum()) >= MIN_TRAIN_POSITIVES


def popularity_scores(train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    """Baseline: the mean outcome of the segment (else the chain, else all) in training deals."""
    seg = train.groupby(["chain", "segment"])["label"].mean()
    chain = train.groupby("chain")["label"].mean()
    overall = train["label"].mean() if len(train) else 0.0
    keys = list(zip(test["chain"], test["segment"]))
    return np.array([seg.get(k, chain.get(k[0], overall)) for k in keys], dtype=float)


def choose_learned(train: pd.DataFrame, weights: np.ndarray, seed=0) -> tuple[str, dict, dict]:
    """Pick the learned ranker and its settings with the best NDCG on the last fifth of the training window.

    Returns (name, params, {candidate label: inner NDCG})."""
    cut = train["approached"].quantile(0.8)
    inner, val = train["approached"] < cut, train["approached"] >= cut
    v = train[val].reset_index(drop=True)
    results, settings = {}, {}
    for name, grid in PARAM_GRID.items():
        for params in grid:
            label = name + "".join(f" {k}={val_}" for k, val_ in params.items())
            try:
                model = LEARNED_RANKERS[name](random_state=seed, **params).fit(
                    train.loc[inner, FEATURES], train.loc[inner, "label"], groups=train.loc[inner, "chain"],
                    sample_weight=weights[inner.to_numpy()])
            except ValueError:
                continue
            per_chain = evaluate_scores(v, {label: model.predict(v[FEATURES])}, k=K, n_boot=0, min_items=3)
            results[label] = float(per_chain["ndcg"].mean()) if len(per_chain) else float("nan")
            settings[label] = (name, params)
    valid = {k: r for k, r in results.items() if not np.isnan(r)}
    best = max(valid, key=valid.get) if valid else "gradient_boosting"
    name, params = settings.get(best, ("gradient_boosting", {}))
    return name, params, results


def holdout_window(outcomes: pd.DataFrame, until) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(split, end): judge deals approached in [split, end). Approaches in the last three months
    before ``until`` have had no time to progress, so they are not judged; the window is the
    twelve months before that (the last fifth of approaches when that holds too few)."""
    until = pd.Timestamp(until)
    end = until - pd.DateOffset(months=3)
    split = end - pd.DateOffset(months=12)
    window = (outcomes["approached"] >= split) & (outcomes["approached"] < end)
    if window.sum() < 40 or (outcomes["approached"] < split).sum() < MIN_TRAIN_ROWS:
        split, end = outcomes["approached"].quantile(0.8), until
    return pd.Timestamp(split).normalize(), pd.Timestamp(end)


def evaluate_and_choose(snap, until=None, seed=0, n_boot=100, extra_scorers=None, k=K, all_learned=False):
    """Train candidates before the split, judge all scorers after it; returns (report, train, test, weights)."""
    if snap.events.empty:
        raise NoDataError("there are no deals to learn from; import deals first (the rule score serves until then)")
    until = pd.Timestamp(until) if until is not None else pd.to_datetime(snap.events["date"]).max() + pd.Timedelta(days=1)
    outcomes = deal_outcomes(snap.events, until)
    if outcomes.empty:
        raise NoDataError(f"there are no deals before {until.date()} to learn from")
    split, end = holdout_window(outcomes, until)
    train_out = deal_outcomes(snap.events, split)
    train = features_at_approach(snap, deal_pairs(snap, train_out))
    test_deals = outcomes[(outcomes["approached"] >= split) & (outcomes["approached"] < end)]
    test_parts = []
    for region, g in deal_pairs(snap, test_deals).groupby("region_id"):
        ctx = segment_context(snap, region, split)
        test_parts.append(pair_features(g, ctx, snap.attributes, history_as_of(snap.events, split), split))
    test = pd.concat(test_parts, ignore_index=True) if test_parts else pd.DataFrame()
    report_note = ""
    chosen = "rule"
    scores = {"random": np.zeros(len(test))}
    weights = np.ones(len(train))
    if len(test):
        scores["popularity"] = popularity_scores(train, test)
        scores["rule"] = RuleRanker().fit(train[FEATURES] if len(train) else test[FEATURES]).predict(test[FEATURES])
    learned_name, learned_params, inner = None, {}, {}
    if _enough(train) and len(test):
        weights = propensity_weights(snap, train, train["approached"].min(), split, seed=seed)
        learned_name, learned_params, inner = choose_learned(train, weights, seed)
        model = LEARNED_RANKERS[learned_name](random_state=seed, **learned_params).fit(
            train[FEATURES], train["label"], groups=train["chain"], sample_weight=weights)
        scores[learned_name] = model.predict(test[FEATURES])
        for other, cls in LEARNED_RANKERS.items():
            if all_learned and other != learned_name:
                scores[other] = cls(random_state=seed, **PARAM_GRID[other][0]).fit(train[FEATURES], train["label"], groups=train["chain"],
                                                           sample_weight=weights).predict(test[FEATURES])
    for name, fn in (extra_scorers or {}).items():
        scores[name] = fn(train, test, weights)
    per_chain = evaluate_scores(test, scores, k=k, n_boot=n_boot) if len(test) else pd.DataFrame(
        columns=["chain", "model", "n", "positives", "ndcg", "ndcg_lo", "ndcg_hi", "precision", "recall"])
    report = EvaluationReport(k=k, split_date=str(split.date()), until=str(until.date()), per_chain=per_chain,
                              n_train=len(train), n_test=len(test),
                              extra={"inner_validation_ndcg": inner, "learned_params": learned_params})
    if learned_name is None:
        report_note = (f"Too few outcomes to learn from ({len(train)} deals, "
                       f"{int((train['label'] >= 3).sum()) if len(train) else 0} signed or landed before {split.date()}); "
                       "the rule score serves.")
    elif report.mean_ndcg(learned_name) >= report.mean_ndcg("rule") + MARGIN:
        chosen = learned_name
        report_note = (f"{learned_name} beats the rule score on the hold-out "
                       f"(NDCG@{k} {report.mean_ndcg(learned_name):.3f} vs {report.mean_ndcg('rule'):.3f}); it serves.")
    else:
        report_note = (f"{learned_name} does not beat the rule score by {MARGIN} on the hold-out "
                       f"(NDCG@{k} {report.mean_ndcg(learned_name):.3f} vs {report.mean_ndcg('rule'):.3f}); "
                       "the rule score serves.")
    report.chosen, report.note, report.scores = chosen, report_note, scores
    report.note_zh = note_zh(report, learned_name, len(train))
    return report, until, train, test


def note_zh(report: EvaluationReport, learned: str | None, n_train: int) -> str:
    """The model choice in one Chinese sentence for the app."""
    names = {"gradient_boosting": "梯度提升模型", "pairwise_linear": "成对线性排序模型", "rule": "规则评分"}
    if learned is None:
        return f"留出期前的对接结果太少（{n_train} 条），暂用规则评分。"
    a, b = report.mean_ndcg(learned), report.mean_ndcg("rule")
    if report.chosen == learned:
        return f"{names[learned]}在留出集上优于规则评分（NDCG@{report.k}：{a:.3f} 对 {b:.3f}），启用后将使用该模型。"
    return f"{names[learned]}未能在留出集上超过规则评分 {MARGIN}（NDCG@{report.k}：{a:.3f} 对 {b:.3f}），继续使用规则评分。"


def fit_final(snap, chosen: str, until, seed=0, params: dict | None = None):
    """The model that will serve: the chosen ranker refit on every deal approached before ``until``."""
    if chosen == "rule":
        return RuleRanker().fit(pd.DataFrame(columns=FEATURES)), {}
    outcomes = deal_outcomes(snap.events, until)
    data = features_at_approach(snap, deal_pairs(snap, outcomes))
    weights = propensity_weights(snap, data, data["approached"].min(), until, seed=seed)
    model = LEARNED_RANKERS[chosen](random_state=seed, **(params or {})).fit(
        data[FEATURES], data["label"], groups=data["chain"], sample_weight=weights)
    return model, {"n_rows": len(data)}


def train_and_compare(store, until=None, user=None, seed=0, progress=None):
    """For the app: register a new version *without* activating it, and compare it with the active
    model on the new hold-out. Returns (version, report, comparison per chain)."""
    from recommender import registry
    from recommender.snapshot import Snapshot
    step = progress or (lambda fraction, text: None)
    step(0.05, "读取数据 / reading data")
    snap = Snapshot.load(store)
    step(0.15, "时间留出评估 / temporal hold-out evaluation")
    report, until, _, test = evaluate_and_choose(snap, until, seed)
    step(0.65, "用全部数据重新拟合 / refitting on all deals")
    model, info = fit_final(snap, report.chosen, until, seed, report.extra.get("learned_params"))
    step(0.85, "登记新版本 / registering the version")
    version = registry.register(store, model, kind=report.chosen, params={"ranker": report.chosen, **model.get_params(), **info},
                                metrics=report.to_dict(), train_until=until, user=user, note=report.note, activate=False)
    active = registry.active_version(store)
    active_model = registry.load(store, active) if active else RuleRanker().fit(pd.DataFrame(columns=FEATURES))
    label_active = f"active v{active}" if active else "active (rule, cold start)"
    compare = {f"new v{version} ({report.chosen})": report.scores[report.chosen] if report.chosen in report.scores
               else report.scores.get("rule"), label_active: active_model.predict(test[FEATURES]) if len(test) else []}
    comparison = evaluate_scores(test, compare, k=report.k) if len(test) else pd.DataFrame()
    step(1.0, "完成 / done")
    return version, report, comparison


def train(store, until=None, user=None, seed=0):
    """Evaluate, choose, refit and register a new active version; returns (version, report)."""
    from recommender import registry
    from recommender.snapshot import Snapshot
    snap = Snapshot.load(store)
    report, until, _, _ = evaluate_and_choose(snap, until, seed)
    model, info = fit_final(snap, report.chosen, until, seed, report.extra.get("learned_params"))
    params = {"ranker": report.chosen, **model.get_params(), **info}
    version = registry.register(store, model, kind=report.chosen, params=params, metrics=report.to_dict(),
                                train_until=until, user=user, note=report.note)
    return version, report
