"""What the two selection-bias remedies do on worlds where staff act on leads the data does not hold.

Each learned model is fitted four ways on the same deals and judged against the world's truth (NDCG@50 for
宝坻区, mean over chains): with neither remedy; with propensity weights only (1 / P(approached) on visible traits,
which can only correct selection on what the data shows); with the office's history only (history features at
training and scoring time, plus a second row for every deal still open after ninety days: a remedy that does not
assume selection on observables); and with both, as `train` does. "Neither" and "propensity" train on the approach
rows alone and see every history feature as zero, at training and at scoring.

    .venv/bin/python bench/selection_bias.py [--seeds 1] [--worlds push_pull,groups_and_leads] [--models text_traits]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402
from recommender.features import HISTORY_FEATURES  # noqa: E402

VARIANTS = {"neither": (False, False), "propensity": (True, False), "history": (False, True), "both": (True, True)}


class WithoutHistory:
    """A fitted ranker that sees every history feature as zero (what it was trained on).

    >>> import pandas as pd
    >>> class Echo:
    ...     def predict(self, X): return X["prior_contacts"].to_numpy()
    >>> WithoutHistory(Echo()).predict(pd.DataFrame({"prior_contacts": [3]})).tolist()
    [0.0]
    """

    def __init__(self, model):
        self.model = model

    def predict(self, X):
        return self.model.predict(blind(X))


def blind(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with every history feature set to zero."""
    return rows.assign(**{c: 0.0 for c in HISTORY_FEATURES if c in rows})


def fit_variant(rows: pd.DataFrame, model_name: str, propensity, history: bool, seed=0):
    """The model fitted with the chosen remedies (``propensity``: a training.propensity_model, or None for
    no weights), ready for ``score_region``."""
    from recommender.training import inverse_propensity, make_model
    data = rows if history else blind(rows[rows["kind"] == "approach"]).reset_index(drop=True)
    weights = inverse_propensity(propensity, data)
    model = make_model({"name": model_name, "blend": None}, seed).fit(
        data, data["label"], groups=data["chain"], sample_weight=weights)
    return model if history else WithoutHistory(model)


def measure(name, generate, kwargs, seed, n, models, tmp: Path) -> list[dict]:
    from recommender.scoring import score_region
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    from recommender.training import propensity_model, training_rows
    files, truth, db = quality.import_world(name, generate, kwargs, seed, n, tmp)
    snap = Snapshot.load(Store.open(db))
    until = pd.Timestamp(files["as_of"]) + pd.Timedelta(days=1)
    rows = training_rows(snap, until)
    fitted = propensity_model(snap, rows, rows["approached"].min(), until)  # the same deals in every variant
    out = []
    for model_name in models:
        for variant, (propensity, history) in VARIANTS.items():
            model = fit_variant(rows, model_name, fitted if propensity else None, history)
            scored = score_region(snap, model, "baodi", files["as_of"], reasons=False)
            out.append({"world": name, "seed": seed, "model": model_name, "variant": variant,
                        "ndcg": quality.mean_ndcg(scored, truth)})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1", help="comma-separated world seeds (seed 1 is the dev seed)")
    parser.add_argument("--n", type=int, default=6000)
    parser.add_argument("--worlds", default="push_pull,groups_and_leads")
    parser.add_argument("--models", default="text_traits,gradient_boosting")
    args = parser.parse_args()
    worlds = quality.world_generators()
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for w in args.worlds.split(","):
            for seed in seeds:
                rows += measure(w, *worlds[w][:2], seed, args.n, args.models.split(","), Path(tmp))
    frame = pd.DataFrame(rows)
    table = frame.pivot_table(index=["world", "model"], columns="variant", values="ndcg")[list(VARIANTS)].round(3)
    text = "\n".join(["# Selection-bias remedies (NDCG@50 against the truth, 宝坻区, mean over chains and seeds)", "",
                      f"Command: `.venv/bin/python bench/selection_bias.py --seeds {args.seeds} --worlds {args.worlds} "
                      f"--models {args.models}`", "", table.to_markdown(), "",
                      "Per seed:", "", frame.round(3).to_markdown(index=False), ""])
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "selection_bias.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
