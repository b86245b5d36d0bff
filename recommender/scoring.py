"""Score every candidate against every segment it could fill, keep its best segment per chain,
rank within chains, and write reasons. The same frame serves the CLI, the app and exports.

The served score has two stages: how likely the firm belongs to the chain (the trained model's reader of
the office's firms, ``recommender.belonging``; the tagger's confidence at cold start) times the ranker's
score for whether it comes when approached.
"""
from __future__ import annotations

import warnings

import pandas as pd

from recommender.belonging import belongs
from recommender.explain import REASON_GROUPS, write_reasons
from recommender.features import FEATURES, candidate_pairs, features_as_of, park_reasons, with_text
from recommender.rankers import second_stage


# Ranks are deterministic: score (highest first), then enterprise_id, then segment (both ascending).
ORDER = ["chain", "score", "enterprise_id", "segment"]
ASCENDING = [True, False, True, True]


CHUNK = 100_000  # enterprises whose features are built at a time: a million candidates stay within memory


def best_rows(snap, model, region: str, as_of, chain: str | None = None, ids=None) -> pd.DataFrame:
    """Every candidate's best segment per chain with its score (no rank, no reasons); ``ids`` limits the
    candidates (a partition). Each row's score depends on that row only, so the candidates are scored
    ``CHUNK`` enterprises at a time with the same result."""
    pairs = candidate_pairs(snap, region, as_of, chain)
    if ids is not None:
        pairs = pairs[pairs["enterprise_id"].isin(set(ids))]
    chunk = pd.factorize(pairs["enterprise_id"])[0] // CHUNK
    parts = [_best_of(snap, model, region, as_of, part) for _, part in pairs.groupby(chunk, sort=True)]
    if len(parts) <= 1:
        return parts[0] if parts else _best_of(snap, model, region, as_of, pairs)
    return pd.concat(parts, ignore_index=True)  # in order within each chunk; ranked() orders them all


def _best_of(snap, model, region: str, as_of, pairs: pd.DataFrame) -> pd.DataFrame:
    f = features_as_of(snap, region, as_of, pairs=pairs)
    if f.empty:
        return f.assign(score=pd.Series(dtype=float))
    if getattr(model, "needs_text", False):
        f = with_text(snap, f)
    # Two stages: P(the firm belongs to the chain) — the trained model's reader (recommender.belonging) raised to
    # its power, else the tagger's confidence — times the model's P(it comes | approached): a doubt ranks down.
    f["belongs"] = belongs(getattr(model, "reader", None), f)
    f["score"] = model.predict(f) * f["belongs"] ** getattr(model, "power", 1.0)
    if not getattr(second_stage(model), "needs_text", False):  # only the first stage read the text:
        f = f.drop(columns="text", errors="ignore")  # a million rows need not carry it to the reasons
    f = f.sort_values(ORDER, ascending=ASCENDING, kind="mergesort")
    return f.drop_duplicates(["enterprise_id", "chain"])


def ranked(best: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Rank within chains in the documented order; keep the top ``top`` of each chain."""
    best = best.sort_values(ORDER, ascending=ASCENDING, kind="mergesort")
    best["rank"] = best.groupby("chain").cumcount() + 1
    if top:
        best = best[best["rank"] <= top]
    return best.reset_index(drop=True)


def explained(snap, model, best: pd.DataFrame, reasons: bool = True, region: str | None = None) -> pd.DataFrame:
    """Reasons (for these rows only), linked chains' names, firm names, rounded scores, and the one-line why of
    each row's best receiving place (``park_reason`` and ``park_reason_en``, when the region is given)."""
    best = best.copy(deep=False)  # copy-on-write: the caller's frame is not changed, nor copied whole
    if "via_segment" in best:  # 串链 through a firm's own segment
        via = best["via_segment"].fillna("")
        best["via_name"] = via.map(lambda k: snap.graph.nodes[k]["name_zh"] if k in snap.graph else "")
        best.loc[via != "", "match_type"] = "串链"
    chain_names = {c.id: c.name_zh for c in snap.chains.values()}
    best["linked_chains_zh"] = best["linked_chains"].map(
        lambda s: "、".join(chain_names.get(c, c) for c in s.split("、")) if s else "")
    if reasons and len(best):
        # The move on the chain always opens the sentence, so the gap group's share is not needed.
        groups = {g: f for g, f in REASON_GROUPS.items() if g != "gap"}
        best["reasons"] = [reason for start in range(0, len(best), CHUNK) for reason in write_reasons(
            best.iloc[start:start + CHUNK], model.group_contributions(best.iloc[start:start + CHUNK], groups))]
    if reasons and region is not None and "park" in best:
        best["park_reason"], best["park_reason_en"] = park_reasons(snap, region, best) if len(best) else ([], [])
    best["name"] = best["enterprise_id"].map(snap.names)
    best["score"] = best["score"].round(4)
    return best


def score_region(snap, model, region: str, as_of=None, chain: str | None = None, top: int | None = None,
                 reasons: bool = True) -> pd.DataFrame:
    """One row per (enterprise, chain): best segment, match type, score (0..1), rank, reasons."""
    as_of = pd.Timestamp.today().normalize() if as_of is None else pd.Timestamp(as_of)
    best = best_rows(snap, model, region, as_of, chain)
    if best.empty:
        return pd.DataFrame(columns=["enterprise_id", "chain", "segment", "match_type", "score", "rank", "reasons"])
    best = ranked(best, top)  # rebinding lets the unranked million rows go
    return explained(snap, model, best, reasons, region)


OUTPUT_COLUMNS = ["enterprise_id", "chain", "segment", "match_type", "score", "rank", "reasons", "name", "segment_name",
                  "belongs", "park", "park_reason"]


def contract_columns(scored: pd.DataFrame, region_name: str | None = None) -> pd.DataFrame:
    """The contract's ``score`` columns (plus region and readable extras)."""
    out = scored[[c for c in OUTPUT_COLUMNS if c in scored.columns]].copy()
    if region_name is not None:
        out.insert(0, "region", region_name)
    return out


def serving_model(store):
    """(version, model): the active registered model, else (None, the rule score) — the cold start."""
    from recommender import registry
    from recommender.rankers import RuleRanker
    from chains.errors import StaleModelError
    try:
        version, model = registry.load_active(store)
    except StaleModelError as exc:  # an upgrade changed the features: the rule score serves until retraining
        warnings.warn(str(exc) + "; the rule score serves until then", stacklevel=2)
        version, model = None, None
    if model is None:
        return None, RuleRanker().fit(pd.DataFrame(columns=FEATURES))
    return version, model
