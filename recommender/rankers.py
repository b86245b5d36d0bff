"""Rankers as scikit-learn estimators: parameters in ``__init__``, ``fit`` returns self,
learned attributes end in ``_``, ``check_is_fitted`` before predicting.

Every ranker maps feature rows (columns recommender.features.FEATURES) to a
score in 0..1 and can say how much each group of features added to a row's
score (``group_contributions``), which the reasons are written from.

>>> import pandas as pd
>>> from recommender.features import FEATURES
>>> X = pd.DataFrame([[0.0] * len(FEATURES)], columns=FEATURES)
>>> rule = RuleRanker().fit(X)
>>> X2 = X.assign(relocation_yes=1.0)
>>> bool(rule.predict(X2)[0] > rule.predict(X)[0])
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
from sklearn.utils.validation import check_is_fitted

from recommender.features import FEATURES

# The transparent rule score (cold start). Weights on the features' natural
# scales; the score is the logistic of their sum. Chosen from the domain: an
# empty segment next to what the region has matters most, then how sure we are
# of what the firm makes, its intent to move and its qualifications.
RULE_WEIGHTS = {
    "gap_repair": 1.2, "gap_link": 1.0, "gap_extend": 0.7, "gap_strengthen": 0.4,
    "importance": 1.0, "fit": 0.6, "local_crowding": -0.3,
    "supplies_leader": 0.5, "buys_from_leader": 0.3, "links_chains": 0.2, "leader_proximity": 0.3,
    "tag_confidence": 1.5,
    # what kind of firm: makers move production; traders have nothing to move
    "make_share": 0.6, "sell_share": -0.8, "code_manufacturing": 0.2, "code_trade": -0.4,
    "relocation_yes": 0.9, "relocation_no": -0.6,
    "zjtx": 0.5, "high_tech": 0.25, "listed": -0.3, "mid_size": 0.3,
    "beijing_core": 0.15, "beijing_near": 0.25, "core_x_make": 0.4,
    # the office's own knowledge: an open deal that got far is the best lead there is
    "prior_dropped": -0.8, "prior_best_grade": 0.3, "in_pipeline": 0.3,
    # 以商招商: a firm that already supplies, buys from or is owned by a local leader is the likeliest to follow it
    "rel_supplies_leader": 0.8, "rel_buys_from_leader": 0.4, "rel_invested_by_leader": 0.6, "rel_branch_of_local": 0.5,
}
RULE_INTERCEPT = -2.5


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def _matrix(X, names=FEATURES) -> np.ndarray:
    if isinstance(X, pd.DataFrame):
        return X[list(names)].to_numpy(dtype=float)
    return np.asarray(X, dtype=float)


def _names(X) -> list[str]:
    """The model's inputs: FEATURES, plus text_score when the frame carries it."""
    return FEATURES + [c for c in EXTRA_FEATURES if isinstance(X, pd.DataFrame) and c in X.columns]


EXTRA_FEATURES = ["text_score"]


class _LinearContributions:
    """Exact per-group contributions for linear scorers: coef · (x − reference)."""

    def group_contributions(self, X, groups: dict[str, list[str]]) -> pd.DataFrame:
        check_is_fitted(self, "coef_")
        names = self.feature_names_
        M = _matrix(X, names)
        parts = (M - self.reference_) * self.coef_
        idx = {f: i for i, f in enumerate(names)}
        return pd.DataFrame({g: parts[:, [idx[f] for f in feats if f in idx]].sum(axis=1) for g, feats in groups.items()})


class RuleRanker(_LinearContributions, BaseEstimator):
    """The documented rule score; ``fit`` learns nothing but the feature layout."""

    def __init__(self, weights=None, intercept=RULE_INTERCEPT):
        self.weights = weights
        self.intercept = intercept

    def fit(self, X, y=None, sample_weight=None, groups=None):
        weights = {**RULE_WEIGHTS, **(self.weights or {})}
        self.feature_names_ = list(FEATURES)
        self.coef_ = np.array([weights.get(f, 0.0) for f in FEATURES])
        self.reference_ = np.zeros(len(FEATURES))
        self.n_features_in_ = len(FEATURES)
        return self

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        return _matrix(X, self.feature_names_) @ self.coef_ + self.intercept

    def predict(self, X):
        return _sigmoid(self.decision_function(X))


class PairwiseLinearRanker(_LinearContributions, BaseEstimator):
    """RankSVM-style ranker: logistic regression on differences of pairs with different grades
    inside the same group (chain), on standardised features.

    With ``rule_prior`` the rule score's logit is one more (regularised) input, so with little data
    the model stays close to the rule and learns where the outcomes disagree with it. That input
    is folded back into the per-feature coefficients, so the fitted model is exactly linear.
    """

    def __init__(self, C=0.5, max_pairs=40000, rule_prior=True, random_state=0):
        self.C = C
        self.max_pairs = max_pairs
        self.rule_prior = rule_prior
        self.random_state = random_state

    def fit(self, X, y, groups=None, sample_weight=None):
        self.feature_names_ = _names(X)
        M, y = _matrix(X, self.feature_names_), np.asarray(y, dtype=float)
        n_features = M.shape[1]
        if self.rule_prior:
            rule = RuleRanker().fit(X)
            rule_coef = np.array([rule.coef_[FEATURES.index(f)] if f in FEATURES else 0.0 for f in self.feature_names_])
            M = np.column_stack([M, M @ rule_coef])
        groups = np.zeros(len(y)) if groups is None else np.asarray(groups)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.mean_, self.scale_ = M.mean(axis=0), M.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        Z = (M - self.mean_) / self.scale_
        rng = np.random.default_rng(self.random_state)
        firsts, seconds = [], []
        for g in np.unique(groups):
            idx = np.where(groups == g)[0]
            if len(idx) < 2:
                continue
            n = min(self.max_pairs // max(1, len(np.unique(groups))), len(idx) * (len(idx) - 1) // 2)
            a, b = rng.choice(idx, size=n * 3), rng.choice(idx, size=n * 3)
            keep = y[a] != y[b]
            firsts.append(a[keep][:n])
            seconds.append(b[keep][:n])
        a, b = np.concatenate(firsts or [[]]).astype(int), np.concatenate(seconds or [[]]).astype(int)
        if len(a) == 0:
            raise ValueError("no pairs with different outcomes to learn from")
        sign = np.where(y[a] > y[b], 1.0, -1.0)
        D = (Z[a] - Z[b]) * sign[:, None]
        D = np.vstack([D, -D])
        labels = np.r_[np.ones(len(a)), np.zeros(len(a))]
        pair_w = np.tile(np.sqrt(w[a] * w[b]), 2)
        lr = LogisticRegression(C=self.C, fit_intercept=False, max_iter=2000).fit(D, labels, sample_weight=pair_w)
        coef = lr.coef_.ravel() / self.scale_
        if self.rule_prior:  # fold the rule input back: its coefficient times the rule's weights
            coef = coef[:n_features] + coef[n_features] * rule_coef
            self.mean_, self.scale_ = self.mean_[:n_features], self.scale_[:n_features]
        self.coef_ = coef
        self.reference_ = self.mean_
        self.n_features_in_ = n_features
        return self

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        return (_matrix(X, self.feature_names_) - self.mean_) @ self.coef_

    def predict(self, X):
        return _sigmoid(self.decision_function(X))


def typical_rows(M: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` rows nearest the per-feature median (in standard units): real rows, so a group's values stay a
    combination that occurs, and the same for the same data.

    >>> typical_rows(np.array([[0.0, 1.0], [5.0, 9.0], [1.0, 2.0], [2.0, 2.0]]), 1).tolist()
    [[1.0, 2.0]]
    """
    scale = M.std(axis=0)
    z = (M - np.median(M, axis=0)) / np.where(scale > 0, scale, 1.0)
    order = np.argsort((z ** 2).sum(axis=1), kind="stable")
    return M[order[:min(n, len(M))]]


class GradientBoostingRanker(BaseEstimator):
    """Gradient-boosted trees, pointwise, with sample weights: on graded outcomes (0..4) or, with
    ``target="binary"``, on whether the deal reached 签约 or better."""

    def __init__(self, max_iter=250, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=20,
                 l2_regularization=1.0, target="graded", n_background=1, random_state=0):
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.target = target
        self.n_background = n_background
        self.random_state = random_state

    def _scale(self) -> float:
        return 1.0 if self.target == "binary" else 4.0

    def fit(self, X, y, groups=None, sample_weight=None):
        self.feature_names_ = _names(X)
        M = _matrix(X, self.feature_names_)
        y = np.asarray(y, dtype=float)
        if self.target == "binary":
            y = (y >= 3).astype(float)
        self.model_ = HistGradientBoostingRegressor(
            max_iter=self.max_iter, learning_rate=self.learning_rate, max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf, l2_regularization=self.l2_regularization,
            random_state=self.random_state).fit(M, y, sample_weight=sample_weight)
        self.background_ = typical_rows(M, self.n_background)
        self.n_features_in_ = M.shape[1]
        return self

    def predict(self, X):
        check_is_fitted(self, "model_")
        return np.clip(self.model_.predict(_matrix(X, self.feature_names_)) / self._scale(), 0.0, 1.0)

    def group_contributions(self, X, groups: dict[str, list[str]]) -> pd.DataFrame:
        """How much each group adds: the score minus the score with the group's values taken from the
        background rows (by default one: the most typical training deal), averaged over them.

        A tree that splits on none of a group's features gives the same value either way, so each tree's
        value on the rows is computed once and only the trees that use a group are walked again with the
        group swapped: about half the work of a full pass per group, and exact. Rows go ``ROWS_PER_PASS``
        at a time, which bounds the per-tree values held."""
        check_is_fitted(self, "model_")
        M = _matrix(X, self.feature_names_)
        idx = {f: i for i, f in enumerate(self.feature_names_)}
        used = [set(tree.nodes["feature_idx"][~tree.nodes["is_leaf"].astype(bool)].tolist())
                for (tree,) in self.model_._predictors]
        plan = {}
        for g, feats in groups.items():
            cols = [idx[f] for f in feats if f in idx]
            plan[g] = (cols, [t for t, features in enumerate(used) if features.intersection(cols)])
        out = {g: np.zeros(len(M)) for g in groups}
        for start in range(0, len(M), ROWS_PER_PASS):
            rows = M[start:start + ROWS_PER_PASS]
            values = _tree_values(self.model_, rows, range(len(used)))
            for g, (cols, trees) in plan.items():
                if not trees:
                    continue
                swapped, moved = np.zeros(len(rows)), rows.copy()
                for row in self.background_:
                    moved[:, cols] = row[cols]
                    swapped += _tree_values(self.model_, moved, trees).sum(axis=0)
                out[g][start:start + len(rows)] = (values[trees].sum(axis=0) - swapped / len(self.background_)) / self._scale()
        return pd.DataFrame(out)


ROWS_PER_PASS = 8_192  # rows whose per-tree values are held at once (8 bytes × trees × rows: 16 MB for 250 trees)


def _tree_values(model: HistGradientBoostingRegressor, M: np.ndarray, trees) -> np.ndarray:
    """The value each of ``trees`` (iteration numbers) gives each row of ``M``: over all trees, their sum plus
    the baseline is ``model.predict(M)``. This reads the fitted trees (``_predictors``, private in
    scikit-learn 1.9, pinned); tests check the sum against ``predict``.

    >>> rng = np.random.default_rng(0)
    >>> M = rng.random((50, 3))
    >>> model = HistGradientBoostingRegressor(max_iter=5).fit(M, M[:, 0])
    >>> values = _tree_values(model, M, range(5))
    >>> values.shape, bool(np.allclose(values.sum(axis=0) + model._baseline_prediction[0, 0], model.predict(M)))
    ((5, 50), True)
    """
    X = model._preprocess_X(M, reset=False)
    bitsets, f_idx_map = model._bin_mapper.make_known_categories_bitsets()
    threads = _openmp_effective_n_threads()
    return np.array([model._predictors[t][0].predict(X, bitsets, f_idx_map, threads) for t in trees])


class TextScore(BaseEstimator):
    """P(a deal reaches 签约 or better | the firm's text): character 2–3-grams of the scope's counted
    clauses and main products (the first ``max_chars`` characters: registries list the main business
    first), logistic regression."""

    def __init__(self, C=0.5, max_chars=200, min_df=3):
        self.C = C
        self.max_chars = max_chars
        self.min_df = min_df

    def fit(self, texts, y, sample_weight=None):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline
        texts = pd.Series(texts).fillna("").str[:self.max_chars]
        y = np.asarray(y, dtype=int)
        self.constant_ = float(y.mean()) if len(np.unique(y)) < 2 else None
        if self.constant_ is None:
            self.model_ = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=self.min_df,
                                                        sublinear_tf=True, max_features=50000),
                                        LogisticRegression(C=self.C, max_iter=2000))
            self.model_.fit(texts, y, logisticregression__sample_weight=sample_weight)
        return self

    def predict(self, texts) -> np.ndarray:
        check_is_fitted(self, "constant_")
        texts = pd.Series(texts).fillna("").str[:self.max_chars]
        if self.constant_ is not None:
            return np.full(len(texts), self.constant_)
        return self.model_.predict_proba(texts)[:, 1]


class WithTextScore(BaseEstimator):
    """A ranker that also reads the firm's text: ``text_score`` (TextScore) is one more input, cross-fitted
    within the training rows (each row's score comes from a model that did not see its firm), so the
    ranker learns how much the text is worth on scores like the ones it will get when serving.

    Frames passed to ``fit``/``predict`` carry FEATURES plus ``text`` and ``enterprise_id``.
    """

    def __init__(self, ranker=None, C=0.5, folds=5, random_state=0):
        self.ranker = ranker
        self.C = C
        self.folds = folds
        self.random_state = random_state

    needs_text = True

    def _with_score(self, X, scores):
        return X[FEATURES].assign(text_score=scores)

    def fit(self, X, y, groups=None, sample_weight=None):
        from sklearn.base import clone
        from sklearn.model_selection import GroupKFold
        y = np.asarray(y, dtype=float)
        positive = (y >= 3).astype(int)
        oof = np.full(len(X), positive.mean() if len(y) else 0.0)
        firms = X["enterprise_id"].to_numpy()
        n_splits = min(self.folds, len(np.unique(firms)))
        if n_splits >= 2:
            for tr, te in GroupKFold(n_splits=n_splits).split(X, positive, firms):
                oof[te] = TextScore(C=self.C).fit(X["text"].iloc[tr], positive[tr]).predict(X["text"].iloc[te])
        self.text_ = TextScore(C=self.C).fit(X["text"], positive)
        base = self.ranker if self.ranker is not None else GradientBoostingRanker()
        self.ranker_ = clone(base).fit(self._with_score(X, oof), y, groups=groups, sample_weight=sample_weight)
        self.n_features_in_ = len(FEATURES) + 1
        return self

    def augment(self, X) -> pd.DataFrame:
        check_is_fitted(self, "ranker_")
        return self._with_score(X, self.text_.predict(X["text"]))

    def predict(self, X):
        return self.ranker_.predict(self.augment(X))

    def group_contributions(self, X, groups: dict[str, list[str]]) -> pd.DataFrame:
        groups = {g: list(f) + (["text_score"] if g == "business" else []) for g, f in groups.items()}
        return self.ranker_.group_contributions(self.augment(X), groups)


class TextTraitsRanker(_LinearContributions, BaseEstimator):
    """P(a deal reaches 签约 or better) from the firm's words and its features together: character 2–3-grams
    of its scope and main products beside the standardised features, in one logistic regression, learned from
    the deals that have ended (signed, landed or dropped; an open deal says nothing yet about how it ends).
    This is the analyst's TF-IDF model given the product's features. It is linear, so its reasons are exact:
    each feature group adds coef · (x − mean), and what the words add beyond the average firm's words belongs
    to the firm's business.

    With ``district_rows`` (default 10) each district that at least that many training rows come from gets its
    own indicator, so the office's deals say where in Beijing firms come from (the core's push under 疏解, a new
    rail link east) beyond the two fixed sets of the features; rarer districts share the reference. What a
    district adds belongs to the reason group ``location``.

    Frames passed to ``fit``/``predict`` carry FEATURES plus ``text`` (and ``district`` to learn districts).
    """

    needs_text = True
    ENDED = (0.0, 3.0, 4.0)

    def __init__(self, C=0.25, features_scale=3.0, min_df=3, max_features=40000, district_rows=10):
        self.C = C  # 0.25 chosen on dev worlds from 0.05, 0.1, 0.25, 0.5, 1, 2 inside the served mixture (README)
        self.features_scale = features_scale  # standardised features are divided by this beside unit-norm text
        self.min_df = min_df
        self.max_features = max_features
        self.district_rows = district_rows  # None: no district indicators

    def _text(self, X) -> pd.Series:
        return X["text"].fillna("").astype(str) if "text" in X else pd.Series("", index=X.index)

    def _district(self, X) -> pd.Series:
        return X["district"].fillna("").astype(str) if "district" in X else pd.Series("", index=X.index)

    def _district_matrix(self, X):
        """One indicator column per district of ``districts_`` (a plain list, so the model file holds no objects;
        a model saved before districts were learned has none)."""
        from scipy import sparse
        known = getattr(self, "districts_", [])
        column = {d: i for i, d in enumerate(known)}
        idx = self._district(X).map(column)
        rows = np.flatnonzero(idx.notna().to_numpy())
        return sparse.csr_matrix((np.ones(len(rows)), (rows, idx.dropna().astype(int).to_numpy())),
                                 shape=(len(X), len(known)))

    def _design(self, X, words=None):
        from scipy import sparse
        words = self.vectorizer_.transform(self._text(X)) if words is None else words
        dense = (_matrix(X, FEATURES) - self.mean_) / self.scale_ / self.features_scale
        return sparse.hstack([words, sparse.csr_matrix(dense), self._district_matrix(X)]).tocsr()

    def fit(self, X, y, groups=None, sample_weight=None):
        from sklearn.feature_extraction.text import TfidfVectorizer
        y = np.asarray(y, dtype=float)
        ended = np.isin(y, self.ENDED)
        if ended.sum() < 20 or len(np.unique(y[ended] >= 3)) < 2:
            ended = np.ones(len(y), dtype=bool)
        X, y = X[ended], y[ended]
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=float)[ended]
        positive = (y >= 3).astype(int)
        if len(np.unique(positive)) < 2:
            raise ValueError("no signed and no unsigned deals to learn from")
        M = _matrix(X, FEATURES)
        self.mean_, self.scale_ = M.mean(axis=0), M.std(axis=0)
        self.scale_[self.scale_ == 0] = 1.0
        counts = self._district(X).value_counts()
        self.districts_ = [] if self.district_rows is None else sorted(
            d for d, n in counts.items() if d and n >= self.district_rows)
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=self.min_df,
                                           max_features=self.max_features, sublinear_tf=True)
        words = self.vectorizer_.fit_transform(self._text(X))
        self.lr_ = LogisticRegression(C=self.C, max_iter=3000).fit(self._design(X, words), positive, sample_weight=w)
        n_text, n_features = len(self.vectorizer_.vocabulary_), len(FEATURES)
        coef = self.lr_.coef_.ravel()
        self.text_coef_ = coef[:n_text]
        self.feature_names_, self.reference_ = list(FEATURES), self.mean_
        self.coef_ = coef[n_text:n_text + n_features] / self.scale_ / self.features_scale  # per unit of each raw feature
        self.district_coef_ = coef[n_text + n_features:]
        self.text_mean_ = float(np.mean(words @ self.text_coef_))
        self.district_mean_ = float(np.mean(self._district_matrix(X) @ self.district_coef_))
        self.n_features_in_ = len(FEATURES) + 1
        return self

    def decision_function(self, X):
        check_is_fitted(self, "lr_")
        return self.lr_.decision_function(self._design(X))

    def predict(self, X):
        return _sigmoid(self.decision_function(X))

    def group_contributions(self, X, groups: dict[str, list[str]]) -> pd.DataFrame:
        out = super().group_contributions(X, groups)
        words = self.vectorizer_.transform(self._text(X)) @ self.text_coef_ - self.text_mean_
        if "business" in out:
            out["business"] += words
        if "location" in out and len(getattr(self, "districts_", [])):
            out["location"] += self._district_matrix(X) @ self.district_coef_ - self.district_mean_
        return out


class BlendRanker(BaseEstimator):
    """A calibrated mixture: ``weight`` × the learned model's score + (1 − weight) × the rule score, both
    on the 0..1 scale. Contributions mix the same way (the rule's are moved from log-odds to the 0..1
    scale by its slope at each row, p(1 − p), a first-order reading)."""

    def __init__(self, learned=None, weight=0.5):
        self.learned = learned
        self.weight = weight

    @property
    def needs_text(self):
        return getattr(self.learned, "needs_text", False)

    def fit(self, X, y, groups=None, sample_weight=None):
        from sklearn.base import clone
        self.rule_ = RuleRanker().fit(X)
        self.learned_ = clone(self.learned).fit(X, y, groups=groups, sample_weight=sample_weight)
        self.n_features_in_ = self.learned_.n_features_in_
        return self

    def predict(self, X):
        check_is_fitted(self, "learned_")
        return self.weight * self.learned_.predict(X) + (1 - self.weight) * self.rule_.predict(X)

    def group_contributions(self, X, groups: dict[str, list[str]]) -> pd.DataFrame:
        check_is_fitted(self, "learned_")
        return (_probability_scale(self.learned_, X, self.learned_.group_contributions(X, groups)) * self.weight
                + _probability_scale(self.rule_, X, self.rule_.group_contributions(X, groups)) * (1 - self.weight))


def _probability_scale(model, X, contrib: pd.DataFrame) -> pd.DataFrame:
    """Contributions of a log-odds model moved to the 0..1 score scale by the slope p(1 − p) at each row."""
    inner = getattr(model, "ranker_", model)
    if not hasattr(inner, "decision_function"):
        return contrib
    p = model.predict(X)
    return contrib.mul(p * (1 - p), axis=0)


def second_stage(model):
    """The model that gives P(it comes | approached) and the reasons: a two-stage model's ranker, else the model.

    >>> rule = RuleRanker()
    >>> second_stage(rule) is rule
    True
    """
    return getattr(model, "comes_", model)


class TwoStageRanker(BaseEstimator):
    """The served score's two stages: ``reader``'s P(the firm belongs to the row's chain | its words)
    (``recommender.belonging``), raised to ``power``, times ``comes``' P(it comes | approached). Both are
    fitted by training (the reader on what the office knew before the cutoff); ``predict`` and the reasons
    are the second stage's, ``belongs`` is the first's, and scoring multiplies them, so a firm the reader
    doubts is ranked down rather than dropped. The power tempers the reader: its examples hold firms of
    every kind in other proportions than the candidates do, so its probabilities are sharper than the
    candidates' odds (0.25 was chosen on dev worlds from 0, 0.1, 0.25, 0.5, 0.75, 1, 1.5 and 2; README)."""

    def __init__(self, comes=None, reader=None, power=0.25):
        self.comes = comes
        self.reader = reader
        self.power = power

    @property
    def needs_text(self):
        """The reader reads the rows' text, and so may the second stage."""
        return self.reader is not None or getattr(self.comes, "needs_text", False)

    def fit(self, X, y, groups=None, sample_weight=None):
        from sklearn.base import clone
        self.comes_ = clone(self.comes).fit(X, y, groups=groups, sample_weight=sample_weight)
        self.n_features_in_ = self.comes_.n_features_in_
        return self

    def predict(self, X):
        check_is_fitted(self, "comes_")
        return self.comes_.predict(X)

    def belongs(self, X) -> np.ndarray:
        from recommender.belonging import belongs
        return belongs(self.reader, X)

    def group_contributions(self, X, groups: dict[str, list[str]]) -> pd.DataFrame:
        check_is_fitted(self, "comes_")
        return self.comes_.group_contributions(X, groups)
