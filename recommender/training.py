"""Training on deal outcomes, honestly.

- Labels: the grade a deal had reached *by the cutoff* (落地 4, 签约 3, 洽谈/考察 2,
  接触 1; a deal whose last event by then is 终止 gets 0). Enterprises nobody
  approached are unlabelled and never used as negatives.
- Features of a deal: the region as it stood at the start of the month it was
  approached (recommender.features), so nothing later leaks in.
- Selection bias: staff choose whom to approach on visible traits. A propensity
  model (logistic regression on what staff see of a firm, not the office's own
  history with it: was a candidate approached within six months of a reference
  date?) gives each training deal the weight 1 / P(approached),
  clipped at 20, so the ranker learns outcomes, not staff habits.
- Evaluation: a temporal hold-out (deals approached in the twelve months before
  the last three, judged on what they reached by the cutoff; the last fifth of
  approaches when that is too few); features as of the split date. Before it, every ranker is compared with
  the default mixture on rolling origins; the mixture serves (see ``choose``), the comparison is reported.
"""
from __future__ import annotations

import os
from statistics import NormalDist

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from chains.errors import NoDataError
from recommender.columns import STAGE_GRADE
from recommender.evaluation import EvaluationReport, evaluate_scores
from recommender.features import (FEATURES, HISTORY_FEATURES, candidate_pairs, features_as_of, history_as_of, link_pairs,
                                  pair_features, region_parks, relation_context, segment_context, with_text)
from recommender.belonging import fit_belonging
from recommender import forking
from recommender.rankers import (BlendRanker, GradientBoostingRanker, PairwiseLinearRanker, RuleRanker, TextTraitsRanker,
                                 TwoStageRanker, WithTextScore)

K = 10
MIN_TRAIN_ROWS, MIN_TRAIN_POSITIVES = 80, 8
MAX_WEIGHT = 20.0
FOLDS = 3  # rolling origins for model choice
BLENDS = (0.3, 0.5, 0.7)  # weights of the learned model in a mixture with the rule score
DEFAULT = {"name": "text_traits", "blend": 0.5}  # serves whenever it can be fitted; challengers are compared, not served
CHOICE_ERROR = 0.05  # chance, over all challengers together, that one is reported as beating the default by noise alone
MIN_FORKED_DATES = 24  # below two years of months, computing the features here costs less than forking for them
PROGRESS_DAYS = 90  # a deal still open this long after its approach gives a second training row


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
    mine = snap.best_tags[snap.best_tags["enterprise_id"].isin(set(outcomes["enterprise_id"]))]  # not all of Beijing
    tags = mine.rename(columns={"confidence": "tag_confidence"})
    best_in_chain = tags.drop_duplicates(["enterprise_id", "chain"])
    best_any = tags.drop_duplicates(["enterprise_id"])
    o = outcomes.copy()
    given = o[o["segment"].astype(str) != ""].merge(
        tags[["enterprise_id", "chain", "segment", "tag_confidence"]], on=["enterprise_id", "chain", "segment"], how="left")
    given["tag_confidence"] = given["tag_confidence"].fillna(0.0)
    rest = o[o["segment"].astype(str) == ""].drop(columns=["segment"])
    with_chain = rest[rest["chain"].astype(str) != ""].merge(best_in_chain, on=["enterprise_id", "chain"], how="inner")
    # a deal for a chain the firm is not read onto, whose own segment supplies that chain (串链)
    linked = link_pairs(mine, snap.chains).drop_duplicates(["enterprise_id", "chain"])
    missed = rest[(rest["chain"].astype(str) != "")
                  & ~rest.set_index(["enterprise_id", "chain"]).index.isin(with_chain.set_index(["enterprise_id", "chain"]).index)]
    with_chain = pd.concat([with_chain, missed.merge(linked.drop(columns=["via_segment"]), on=["enterprise_id", "chain"])],
                           ignore_index=True)
    no_chain = rest[rest["chain"].astype(str) == ""].drop(columns=["chain"]).merge(best_any, on="enterprise_id", how="inner")
    return pd.concat([given, with_chain, no_chain], ignore_index=True)


def features_at(snap, pairs: pd.DataFrame, ref: pd.Series) -> pd.DataFrame:
    """Features of each pair with its region and the office's history as of its reference date."""
    attrs = snap.attributes_for(pairs["enterprise_id"])
    groups = [(region, as_of, pairs.loc[idx]) for (region, as_of), idx in pairs.groupby([pairs["region_id"], ref]).groups.items()]

    def features_of(chunk):
        return [pair_features(sub, segment_context(snap, region, as_of), attrs, _history(snap, as_of), as_of,
                              relation_context(snap, region, as_of), region_parks(snap, region),
                              snap.median_age(as_of)).assign(ref_date=as_of) for region, as_of, sub in chunk]
    # a region's state on a date costs more than its few deals: five years of months are shared by forked processes
    parts = [frame for part in forking.map_chunks(features_of, groups, None, MIN_FORKED_DATES) for frame in part]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*pairs.columns, *FEATURES, "ref_date"])


def _history(snap, as_of) -> pd.DataFrame:
    """history_as_of, computed once per date for a snapshot."""
    cache = snap.__dict__.setdefault("_history_cache", {})
    if pd.Timestamp(as_of) not in cache:
        cache[pd.Timestamp(as_of)] = history_as_of(snap.events, as_of)
    return cache[pd.Timestamp(as_of)]


def features_at_approach(snap, pairs: pd.DataFrame) -> pd.DataFrame:
    """Features of each deal pair with its region as of the first day of the month it was approached."""
    return features_at(snap, pairs, pairs["approached"].dt.to_period("M").dt.to_timestamp())


def training_rows(snap, cutoff) -> pd.DataFrame:
    """Every deal approached before ``cutoff`` as training rows, labelled with the grade reached by then:
    one row with the region and history as of its approach, and — for a deal still open ninety days later —
    one more as of then, when the office's own history with the firm (how far the deal has got) is part of
    what is known. Scoring sees firms with open deals the same way, so the ranker learns what staff's
    progress says about a firm, which no column of the data holds (selection on unobservables)."""
    outcomes = deal_outcomes(snap.events, cutoff)
    pairs = deal_pairs(snap, outcomes)
    if pairs.empty:
        return pd.DataFrame(columns=[*pairs.columns, *FEATURES, "ref_date", "kind", "text"])
    month = pairs["approached"].dt.to_period("M").dt.to_timestamp()
    later = pairs["approached"] + pd.Timedelta(days=PROGRESS_DAYS)
    ref = later.dt.to_period("M").dt.to_timestamp()
    closed = closed_by(snap.events, pairs["deal_id"], ref)
    keep = (ref < pd.Timestamp(cutoff)) & ~closed
    # both kinds in one pass, so each region's state on a month is computed once for the deals of both
    both = pd.concat([pairs.assign(kind="approach"), pairs[keep].assign(kind="progress")], ignore_index=True)
    rows = features_at(snap, both, pd.concat([month, ref[keep]], ignore_index=True))
    rows = rows.sort_values("kind", kind="stable", key=lambda k: k.map({"approach": 0, "progress": 1}))
    return with_text(snap, pd.concat([rows.drop(columns="kind"), rows["kind"]], axis=1).reset_index(drop=True))


def closed_by(events: pd.DataFrame, deal_ids: pd.Series, dates: pd.Series) -> pd.Series:
    """Whether each deal had ended (终止 or 落地) before its date."""
    ends = events[events["stage"].isin(["终止", "落地"])].groupby("deal_id")["date"].min()
    end = pd.to_datetime(deal_ids.map(ends))
    return (end.notna() & (end < dates)).set_axis(deal_ids.index)


def relabel(snap, rows: pd.DataFrame, cutoff) -> pd.DataFrame:
    """``rows`` with labels as of ``cutoff`` (the grade each deal had reached by then)."""
    labels = deal_outcomes(snap.events, cutoff).set_index("deal_id")["label"]
    out = rows.assign(label=rows["deal_id"].map(labels))
    return out[out["label"].notna()]


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


# The propensity model sees what staff see of a firm, not the office's own history with it: a deal's second
# row (its progress after ninety days) would otherwise look unlikely to be approached and weigh up to 20 times.
VISIBLE = [f for f in FEATURES if f not in HISTORY_FEATURES]
# Controls a reference date and region keeps beside every approached firm (a few dozen): hundreds to one is far
# past where more controls sharpen the fit, and a pool of all of Beijing costs a feature row each.
CONTROLS = 10_000
FOLD_JOBS = os.cpu_count() or 1  # rolling origins fitted at once (one process each)


def propensity_weights(snap, train: pd.DataFrame, start, end, max_others=CONTROLS, seed=0) -> np.ndarray:
    """1 / P(approached | features) for ``train``'s rows, from candidates at reference dates every six
    months in [start, end) (see ``propensity_model``)."""
    return inverse_propensity(propensity_model(snap, train, start, end, max_others, seed), train)


def propensity_model(snap, train: pd.DataFrame, start, end, max_others=CONTROLS, seed=0):
    """P(approached | visible features), fitted on candidates at reference dates every six months in
    [start, end); None when those dates hold no approach (or nothing but approaches).

    Case-control sampling: every candidate approached within the six months is kept, and at most
    ``max_others`` of the rest (the pool may be all of Beijing), each weighted by the inverse of its
    sampling fraction, so the fitted model is the one the whole pool would give in expectation."""
    rng = np.random.default_rng(seed)
    samples = []
    approached = train[["enterprise_id", "region_id", "approached"]]
    for ref in pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="6MS"):
        for region in train["region_id"].unique():
            pairs = candidate_pairs(snap, region, ref)
            a = approached[(approached["region_id"] == region) & (approached["approached"] >= ref)
                           & (approached["approached"] < ref + pd.DateOffset(months=6))]
            y = pairs["enterprise_id"].isin(set(a["enterprise_id"])).to_numpy()
            pairs = pairs.assign(y=y.astype(int), w=1.0)
            others = np.flatnonzero(~y)
            if len(others) > max_others:  # sample before computing features
                kept = np.sort(rng.choice(others, max_others, replace=False))
                pairs = pairs.iloc[np.union1d(np.flatnonzero(y), kept)].copy()
                pairs.loc[pairs["y"] == 0, "w"] = len(others) / max_others
            samples.append((region, ref, pairs))
    if samples:  # the firm lookups every fork uses, built once here
        snap.attributes_for(samples[0][2]["enterprise_id"].head(1))

    def features_of(chunk):
        return [features_as_of(snap, region, ref, pairs=pairs)[VISIBLE + ["y", "w"]] for region, ref, pairs in chunk]
    # each sample's features in forked processes (a sample is ten thousand firms of all of Beijing)
    frames = [frame for part in forking.map_chunks(features_of, samples, None, 2) for frame in part]
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"y": []})
    if data["y"].nunique() < 2:
        return None
    w = None if (data["w"] == 1).all() else data["w"] / data["w"].mean()  # None: no pool was sampled
    scaler = StandardScaler().fit(data[VISIBLE], sample_weight=w)
    return scaler, LogisticRegression(max_iter=1000, C=0.3).fit(scaler.transform(data[VISIBLE]), data["y"], sample_weight=w)


def inverse_propensity(model, rows: pd.DataFrame) -> np.ndarray:
    """Training weights from a ``propensity_model`` (all ones without one), clipped to [1/MAX_WEIGHT,
    MAX_WEIGHT] and scaled to mean 1: they are relative.

    >>> inverse_propensity(None, pd.DataFrame(index=range(3)))
    array([1., 1., 1.])
    """
    if model is None:
        return np.ones(len(rows))
    scaler, lr = model
    p = lr.predict_proba(scaler.transform(rows[VISIBLE]))[:, 1]
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


def candidate_models(seed=0) -> dict:
    """The learned rankers model choice weighs against the rule score (blends are added for the best)."""
    return {
        "gradient_boosting": GradientBoostingRanker(random_state=seed),
        "gradient_boosting_binary": GradientBoostingRanker(target="binary", random_state=seed),
        "pairwise_linear": PairwiseLinearRanker(C=0.05, random_state=seed),
        "gradient_boosting+text": WithTextScore(GradientBoostingRanker(random_state=seed), random_state=seed),
        "pairwise_linear+text": WithTextScore(PairwiseLinearRanker(C=0.05, random_state=seed), random_state=seed),
        "text_traits": TextTraitsRanker(),
    }


def make_model(spec: dict, seed=0):
    """The model a choice describes: {"name": ..., "blend": weight or None}."""
    if spec["name"] == "rule":
        return RuleRanker()
    model = candidate_models(seed)[spec["name"]]
    return BlendRanker(model, weight=spec["blend"]) if spec.get("blend") is not None else model


def rolling_origins(train: pd.DataFrame, n_folds=FOLDS) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """(origin, end) windows over the training deals: fit before origin, judge approaches in [origin, end)."""
    approach = train.loc[train["kind"] == "approach", "approached"]
    qs = np.linspace(0.55, 0.85, n_folds)
    cuts = [approach.quantile(q).normalize() for q in qs] + [approach.max() + pd.Timedelta(days=1)]
    return [(cuts[i], cuts[i + 1]) for i in range(n_folds) if cuts[i] < cuts[i + 1]]


def fold_scores(snap, data: pd.DataFrame, weights: np.ndarray, window_end, seed=0, k=K) -> pd.DataFrame:
    """NDCG@k per (fold, chain, model) over rolling origins inside the training window; labels are what
    each deal had reached by the fold's own cutoff, so nothing later leaks in. Each (fold, model) is fitted
    in its own task, one process a core (three folds on two cores left one core idle for the last fold; the
    frames are small and the snapshot is not sent)."""
    from joblib import Parallel, delayed
    folds, tasks, names = [], [], list(candidate_models(seed))
    for fold, (origin, end) in enumerate(rolling_origins(data)):
        fit_rows = data[data["ref_date"] < origin]
        fit_rows = relabel(snap, fit_rows, origin)
        val = relabel(snap, data[(data["kind"] == "approach") & (data["approached"] >= origin)
                                 & (data["approached"] < end)], window_end).reset_index(drop=True)
        if not _enough(fit_rows) or len(val) < 10:
            continue
        w = weights[fit_rows.index.to_numpy()] if weights is not None else None
        folds.append((fold, val, RuleRanker().fit(fit_rows).predict(val)))
        tasks += [delayed(fold_model_scores)(name, seed, fit_rows, w, val) for name in names]
    jobs = min(len(tasks), FOLD_JOBS)
    scored = iter(Parallel(n_jobs=jobs)(tasks) if jobs > 1 else [f(*args, **kw) for f, args, kw in tasks])
    rows = []
    for fold, val, rule in folds:
        scores = {"rule": rule}
        for name in names:
            learned = next(scored)
            if learned is not None:
                scores[name] = learned
        rows += fold_table(val, scores, fold, k)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["fold", "chain", "model", "ndcg"])


def fold_model_scores(name: str, seed, fit_rows: pd.DataFrame, w, val: pd.DataFrame) -> np.ndarray | None:
    """One candidate model fitted on a rolling origin's rows and scoring its judged deals (None: it cannot fit)."""
    model = candidate_models(seed)[name]
    try:
        model.fit(fit_rows, fit_rows["label"], groups=fit_rows["chain"], sample_weight=w)
    except ValueError:
        return None
    return model.predict(val)


def fold_table(val: pd.DataFrame, scores: dict, fold: int, k=K) -> list[pd.DataFrame]:
    """One rolling origin's NDCG per chain of every scorer, and of each learned one blended with the rule at
    every weight of BLENDS."""
    per_chain = evaluate_scores(val, scores, k=k, n_boot=0, min_items=3)
    rows = [per_chain.assign(fold=fold)]
    for name in per_chain.loc[per_chain["model"] != "rule", "model"].unique():
        for blend in BLENDS:
            mix = blend * scores[name] + (1 - blend) * scores["rule"]
            rows.append(evaluate_scores(val, {f"{name}@{blend}": mix}, k=k, n_boot=0, min_items=3).assign(fold=fold))
    return rows


def challenger_bar(n_challengers: int, error: float = CHOICE_ERROR) -> float:
    """Standard errors a challenger's mean gain must clear: a one-sided test at ``error`` shared out over
    every challenger (Bonferroni), since with twenty challengers one clears a one-SE bar by noise alone.

    >>> round(challenger_bar(1), 2), round(challenger_bar(24), 2)
    (1.64, 2.87)
    """
    return NormalDist().inv_cdf(1 - error / max(n_challengers, 1))


def choose(folds: pd.DataFrame, default: dict = DEFAULT) -> tuple[dict, pd.DataFrame]:
    """The model to serve, and every model's paired gain over it on the rolling origins.

    The default (an even mixture of the rule score and the text-and-traits model: a learned model shrunk to
    the office's priors) always serves; without its column, the rule score does. The table still says which
    challengers beat it on the folds (``clears_bar``: mean gain over (fold, chain) cells minus
    ``challenger_bar`` standard errors stays positive), for the analyst to see. They do not serve: the folds
    judge only the firms staff chose to approach, by who signed, and on simulated worlds every switch such a
    gain supported ranked the whole candidate list worse against the truth (README). Returns (spec, table)."""
    if folds.empty:
        return {"name": "rule", "blend": None}, pd.DataFrame()
    cells = folds.pivot_table(index=["fold", "chain"], columns="model", values="ndcg").dropna(subset=["rule"])
    ref = spec_label(default)
    ref = ref if ref in cells and cells[ref].notna().all() else "rule"
    gain = cells.sub(cells[ref], axis=0)
    table = pd.DataFrame({"mean_ndcg": cells.mean(), "gain_vs_default": gain.mean(),
                          "gain_se": gain.std(ddof=1) / np.sqrt(gain.notna().sum().clip(lower=1)),
                          "cells": gain.notna().sum()}).sort_values("mean_ndcg", ascending=False)
    bar = challenger_bar(len(table) - 1)
    table["clears_bar"] = (table.index != ref) & (table["gain_vs_default"] - bar * table["gain_se"] > 0)
    table.attrs.update(reference=ref, bar=bar)
    name, _, blend = ref.partition("@")
    return {"name": name, "blend": float(blend) if blend else None}, table


def best_challenger(table: pd.DataFrame) -> str | None:
    """The best mean among the challengers that clear the bar in ``choose``'s table, if any."""
    beaten = table.index[table["clears_bar"]] if len(table) else []
    return beaten[0] if len(beaten) else None


def spec_label(spec: dict) -> str:
    return spec["name"] + (f"@{spec['blend']}" if spec.get("blend") is not None else "")


def training_until(snap, until=None) -> pd.Timestamp:
    """``until`` as a date; by default the day after the last deal event."""
    if snap.events.empty:
        raise NoDataError("there are no deals to learn from; import deals first (the rule score serves until then)")
    return pd.Timestamp(until) if until is not None else pd.to_datetime(snap.events["date"]).max() + pd.Timedelta(days=1)


def evaluate_and_choose(snap, until=None, seed=0, n_boot=100, extra_scorers=None, k=K, all_learned=False):
    """Choose the model on rolling origins before the split, then judge every scorer on the hold-out after
    it; returns (report, until, train, test)."""
    until = training_until(snap, until)
    outcomes = deal_outcomes(snap.events, until)
    if outcomes.empty:
        raise NoDataError(f"there are no deals before {until.date()} to learn from")
    split, end = holdout_window(outcomes, until)
    rows = training_rows(snap, until)
    train = relabel(snap, rows[rows["ref_date"] < split], split).reset_index(drop=True)
    test_deals = outcomes[(outcomes["approached"] >= split) & (outcomes["approached"] < end)]
    test_parts = []
    for region, g in deal_pairs(snap, test_deals).groupby("region_id"):
        ctx = segment_context(snap, region, split)
        test_parts.append(pair_features(g, ctx, snap.attributes_for(g["enterprise_id"]), history_as_of(snap.events, split),
                                        split, relation_context(snap, region, split), region_parks(snap, region),
                                        snap.median_age(split)))
    test = with_text(snap, pd.concat(test_parts, ignore_index=True)) if test_parts else pd.DataFrame()
    scores = {"random": np.zeros(len(test))}
    weights, propensity = np.ones(len(train)), None
    if len(test):
        scores["popularity"] = popularity_scores(train, test)
        scores["rule"] = RuleRanker().fit(test).predict(test[FEATURES])
    spec, table = {"name": "rule", "blend": None}, pd.DataFrame()
    if _enough(train) and len(test):
        propensity = propensity_model(snap, train, train["approached"].min(), split, seed=seed)
        weights = inverse_propensity(propensity, train)
        spec, table = choose(fold_scores(snap, train, weights, split, seed, k))
        names = list(candidate_models(seed)) if all_learned else ([spec["name"]] if spec["name"] != "rule" else [])
        for name in names:
            model = make_model({"name": name, "blend": None}, seed).fit(
                train, train["label"], groups=train["chain"], sample_weight=weights)
            scores[name] = model.predict(test)
            if name == spec["name"] and spec.get("blend") is not None:
                scores[spec_label(spec)] = spec["blend"] * scores[name] + (1 - spec["blend"]) * scores["rule"]
    for name, fn in (extra_scorers or {}).items():
        scores[name] = fn(train, test, weights)
    per_chain = evaluate_scores(test, scores, k=k, n_boot=n_boot) if len(test) else pd.DataFrame(
        columns=["chain", "model", "n", "positives", "ndcg", "ndcg_lo", "ndcg_hi", "precision", "recall"])
    chosen = spec_label(spec)
    report = EvaluationReport(k=k, split_date=str(split.date()), until=str(until.date()), per_chain=per_chain,
                              n_train=int((train["kind"] == "approach").sum()), n_test=len(test),
                              extra={"choice": spec, "reference": table.attrs.get("reference", "rule"),
                                     "rolling_origin": table.round(4).reset_index(names="model")
                                     .to_dict("records") if len(table) else []})
    if not _enough(train):
        note = (f"Too few outcomes to learn from ({report.n_train} deals, "
                f"{int((train['label'] >= 3).sum()) if len(train) else 0} signed or landed before {split.date()}); "
                "the rule score serves.")
    elif not len(table):
        note = "Too few deals fall in the rolling origins to compare models; the rule score serves."
    else:
        ref, n_folds = table.attrs["reference"], len(rolling_origins(train))
        what = "the rule score" if ref == "rule" else f"the default mixture {ref}"
        best = best_challenger(table)
        if best is None:
            note = (f"No other model beats {what} on {n_folds} rolling origins by {table.attrs['bar']:.1f} standard "
                    f"errors (best mean: {table.index[0]}); {what} serves.")
        else:
            note = (f"{best} beats {what} on the approached firms of {n_folds} rolling origins (mean NDCG@{k} gain "
                    f"{table.at[best, 'gain_vs_default']:+.3f} ± {table.at[best, 'gain_se']:.3f}); {what} still "
                    "serves: those folds judge only the firms staff chose to approach, and on simulated worlds such "
                    "a switch ranked the whole candidate list worse.")
    report.chosen, report.note, report.scores = chosen, note, scores
    report.note_zh = note_zh(report, table, report.n_train)
    report.rows = rows  # every deal's rows up to ``until``, for the refit (not saved)
    report.propensity = propensity  # fitted before the hold-out; the refit weighs every row with it (not saved)
    return report, until, train, test


def note_zh(report: EvaluationReport, table: pd.DataFrame, n_train: int) -> str:
    """The model choice in one Chinese sentence for the app."""
    if not len(table):
        return f"留出期前的对接结果太少（{n_train} 条），暂用规则评分。"
    ref = table.attrs.get("reference", "rule")
    what = "规则评分" if ref == "rule" else f"默认组合 {ref}（规则评分与文本-特征模型各半）"
    best = best_challenger(table)
    if best is None:
        return (f"在多个滚动时间切分上，没有其他模型稳定优于{what}（提升未超过其标准误的 "
                f"{table.attrs.get('bar', 1.0):.1f} 倍），使用{what}。")
    gain, se = table.at[best, "gain_vs_default"], table.at[best, "gain_se"]
    return (f"模型 {best} 在滚动时间切分的已对接企业上优于{what}（NDCG@{report.k} 平均提升 {gain:+.3f} ± {se:.3f}），"
            f"但仍使用{what}：这些切分只评判工作人员选择对接的企业；在模拟场景中，这样的切换使全部候选企业的排序变差。")


def fit_final(snap, chosen: dict, until, seed=0, rows: pd.DataFrame | None = None, propensity=None, reader=None):
    """The model that will serve: the chosen one refit on every deal approached before ``until``, as the second
    stage behind a reader of who belongs to which chain fitted on what the office knew then (``recommender.belonging``).
    ``rows``: training_rows(snap, until) when already computed; ``propensity``: the evaluation's propensity model,
    which saw staff's choices up to the hold-out, else one fitted on all of them; ``reader``: that reader's fit
    already under way (``forking.Background(fit_belonging, snap, until)``)."""
    if chosen["name"] == "rule":
        return RuleRanker().fit(pd.DataFrame(columns=FEATURES)), {}
    data = training_rows(snap, until) if rows is None else rows
    if propensity is None:
        propensity = propensity_model(snap, data, data["approached"].min(), until, seed=seed)
    weights = inverse_propensity(propensity, data)
    reader = fit_belonging(snap, until) if reader is None else reader.result()
    model = TwoStageRanker(make_model(chosen, seed), reader).fit(data, data["label"], groups=data["chain"],
                                                                 sample_weight=weights)
    return model, {"n_rows": len(data), "belonging": "office reader" if reader is not None else "tag confidence"}


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
    model, info = fit_final(snap, report.extra["choice"], until, seed, report.rows, report.propensity)
    step(0.85, "登记新版本 / registering the version")
    version = registry.register(store, model, kind=report.chosen, params={"ranker": report.chosen, **info},
                                metrics=report.to_dict(), train_until=until, user=user, note=report.note, activate=False)
    active = registry.active_version(store)
    active_model = registry.load(store, active) if active else RuleRanker().fit(pd.DataFrame(columns=FEATURES))
    label_active = f"active v{active}" if active else "active (rule, cold start)"
    compare = {f"new v{version} ({report.chosen})": report.scores[report.chosen] if report.chosen in report.scores
               else report.scores.get("rule"), label_active: active_model.predict(test) if len(test) else []}
    comparison = evaluate_scores(test, compare, k=report.k) if len(test) else pd.DataFrame()
    step(1.0, "完成 / done")
    return version, report, comparison


def train(store, until=None, user=None, seed=0):
    """Evaluate, choose, refit and register a new active version; returns (version, report)."""
    from recommender import registry
    from recommender.snapshot import Snapshot
    snap = Snapshot.load(store)
    until = training_until(snap, until)
    with forking.Background(fit_belonging, snap, until) as reader:  # the first stage learns on the other core meanwhile
        report, until, _, _ = evaluate_and_choose(snap, until, seed)
        model, info = fit_final(snap, report.extra["choice"], until, seed, report.rows, report.propensity, reader)
    params = {"ranker": report.chosen, **info}
    version = registry.register(store, model, kind=report.chosen, params=params, metrics=report.to_dict(),
                                train_until=until, user=user, note=report.note)
    return version, report
