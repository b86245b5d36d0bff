"""The estimator contract, metrics against hand-computed values, and reasons true to the model."""
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from recommender.evaluation import bootstrap_metrics, ranking_metrics
from recommender.explain import REASON_GROUPS
from recommender.features import FEATURES
from recommender.rankers import GradientBoostingRanker, PairwiseLinearRanker, RuleRanker
from recommender.scoring import score_region
from recommender.snapshot import Snapshot
from recommender.store import Store


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.random((400, len(FEATURES))), columns=FEATURES)
    y = np.clip(np.round(4 * X["relocation_yes"] + rng.normal(0, 0.5, 400)), 0, 4)
    return X, y, rng.integers(0, 4, 400)


@pytest.mark.parametrize("cls", [RuleRanker, PairwiseLinearRanker, GradientBoostingRanker])
def test_estimator_contract(cls, data):
    X, y, groups = data
    est = cls()
    assert all(not k.endswith("_") for k in vars(est))            # __init__ only stores parameters
    assert set(vars(est)) == set(est.get_params())
    with pytest.raises(NotFittedError):
        est.predict(X)
    assert est.fit(X, y, groups=groups) is est                    # fit returns self
    learned = [k for k in vars(est) if k.endswith("_")]
    assert learned and "n_features_in_" in learned
    s = est.predict(X)
    assert s.shape == (len(X),) and np.all((0 <= s) & (s <= 1))
    twin = clone(est)
    assert twin.get_params() == est.get_params() and not hasattr(twin, "n_features_in_")


@pytest.mark.parametrize("cls", [PairwiseLinearRanker, GradientBoostingRanker])
def test_learned_rankers_learn_the_signal(cls, data):
    X, y, groups = data
    s = cls().fit(X, y, groups=groups).predict(X)
    assert np.corrcoef(s, X["relocation_yes"])[0, 1] > 0.8


def test_ndcg_precision_recall_against_hand_computed_values():
    # order by score: item1 (grade 0), item2 (grade 2), item0 (grade 3)
    m = ranking_metrics([3, 0, 2], [0.1, 0.9, 0.5], k=3)
    dcg = 0 / np.log2(2) + 2 / np.log2(3) + 3 / np.log2(4)
    idcg = 3 / np.log2(2) + 2 / np.log2(3) + 0 / np.log2(4)
    assert m["ndcg"] == pytest.approx(dcg / idcg)
    assert m["precision"] == pytest.approx(1 / 3) and m["recall"] == pytest.approx(1.0)
    m2 = ranking_metrics([3, 0, 2], [0.1, 0.9, 0.5], k=2)
    assert m2["precision"] == 0.0 and m2["recall"] == 0.0


def test_bootstrap_interval_contains_the_point_estimate():
    rng = np.random.default_rng(1)
    grades = rng.integers(0, 5, 60)
    m = bootstrap_metrics(grades, grades + rng.normal(0, 1, 60), k=10, n_boot=100)
    assert m["ndcg_lo"] <= m["ndcg"] <= m["ndcg_hi"] and m["ndcg_hi"] - m["ndcg_lo"] > 0


def test_linear_contributions_add_up_to_the_decision(data):
    X, y, groups = data
    model = PairwiseLinearRanker().fit(X, y, groups=groups)
    contrib = model.group_contributions(X, {"all": FEATURES})
    assert np.allclose(contrib["all"], model.decision_function(X))


def only(**weights):
    return RuleRanker(weights={**{f: 0.0 for f in FEATURES}, **weights}, intercept=0.0).fit(pd.DataFrame(columns=FEATURES))


@pytest.mark.parametrize("weights,feature,phrase", [
    ({"relocation_yes": 3.0}, "relocation_yes", "有疏解意向"),
    ({"zjtx": 3.0}, "zjtx", "专精特新"),
    ({"supplies_leader": 3.0}, "supplies_leader", "可配套"),
])
def test_reasons_name_the_fact_that_drove_the_score(demo_db, weights, feature, phrase):
    snap = Snapshot.load(Store.open(demo_db))
    scored = score_region(snap, only(**weights), "baodi")
    driven = scored[scored[feature] == 1.0]
    assert len(driven) > 0
    assert driven["reasons"].str.contains(phrase).all()
    assert not scored.loc[scored[feature] == 0.0, "reasons"].str.contains(phrase).any()


def test_tree_reasons_follow_the_trees_contributions(demo_db):
    snap = Snapshot.load(Store.open(demo_db))
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.random((600, len(FEATURES))), columns=FEATURES)
    X["relocation_yes"] = rng.integers(0, 2, 600).astype(float)
    y = 4.0 * X["relocation_yes"]
    model = GradientBoostingRanker(max_iter=60).fit(X, y)
    scored = score_region(snap, model, "baodi")
    contrib = model.group_contributions(scored[FEATURES], REASON_GROUPS)
    movers = scored["relocation_yes"] == 1.0
    # contributions are against the most typical training row: only rows that differ from it in intent owe it
    reference_moves = model.background_[0][model.feature_names_.index("relocation_yes")] == 1.0
    differ = movers != reference_moves
    assert differ.sum() > 100
    assert (contrib[differ].abs().idxmax(axis=1) == "relocation").mean() > 0.95
    assert (contrib.loc[~differ, "relocation"].abs() < 1e-9).all()
    assert (contrib.loc[movers & differ, "relocation"] > 0).all() and (contrib.loc[~movers & differ, "relocation"] < 0).all()
    if not reference_moves:
        assert scored.loc[movers, "reasons"].str.contains("有疏解意向").all()
    assert scored.loc[movers, "score"].min() > scored.loc[~movers, "score"].max()


def test_tree_contributions_equal_a_full_pass_per_group(data, monkeypatch):
    """Walking only the trees that use a group, in passes of a few rows, gives what swapping the group's values
    and predicting again with every tree gives; a group no tree splits on adds exactly nothing."""
    import recommender.rankers as rankers
    X, y, groups = data
    model = GradientBoostingRanker(max_iter=40, max_leaf_nodes=4, n_background=2).fit(X, y)
    split_on = {int(f) for (tree,) in model.model_._predictors
                for f in tree.nodes["feature_idx"][~tree.nodes["is_leaf"].astype(bool)]}
    unused = [f for i, f in enumerate(model.feature_names_) if i not in split_on]
    assert unused and len(split_on) > 3
    monkeypatch.setattr(rankers, "ROWS_PER_PASS", 7)
    rows = X.iloc[:50]
    asked = {**REASON_GROUPS, "unused": unused[:3]}
    got = model.group_contributions(rows, asked)
    M = rows[model.feature_names_].to_numpy(dtype=float)
    for g, feats in asked.items():
        cols = [model.feature_names_.index(f) for f in feats]
        swapped = []
        for b in model.background_:
            moved = M.copy()
            moved[:, cols] = b[cols]
            swapped.append(model.model_.predict(moved))
        expected = (model.model_.predict(M) - np.mean(swapped, axis=0)) / 4.0
        assert np.allclose(got[g], expected, rtol=0, atol=1e-12), g
    assert (got["unused"] == 0).all() and (got["relocation"].abs() > 0.01).any()


def test_tree_reasons_against_several_background_rows_are_their_mean(data):
    X, y, groups = data
    one = GradientBoostingRanker(max_iter=30, n_background=3).fit(X, y)
    rows = X.iloc[:50]
    both = one.group_contributions(rows, {"size": ["log_employees"]})["size"]
    each = []
    for b in one.background_:
        single = GradientBoostingRanker(max_iter=30).fit(X, y)
        single.background_ = b[None, :]
        each.append(single.group_contributions(rows, {"size": ["log_employees"]})["size"])
    assert np.allclose(both, np.mean(each, axis=0))


def test_text_score_is_cross_fitted_and_its_contribution_is_exact_for_linear_rankers(data):
    from recommender.rankers import WithTextScore
    X, y, groups = data
    rng = np.random.default_rng(3)
    X = X.assign(enterprise_id=[f"E{i % 200}" for i in range(len(X))],
                 text=np.where(rng.random(len(X)) < 0.5, "锂电池隔膜制造", "餐饮服务"))
    y = np.where(X["text"] == "锂电池隔膜制造", 4.0, 1.0)
    model = WithTextScore(PairwiseLinearRanker()).fit(X, y, groups=groups)
    assert np.corrcoef(model.predict(X), y)[0, 1] > 0.9                      # the text carries the signal
    contrib = model.group_contributions(X, {"business": ["tag_confidence"], "rest": [f for f in FEATURES if f != "tag_confidence"]})
    inner = model.ranker_
    assert np.allclose(contrib.sum(axis=1), inner.decision_function(model.augment(X)))
    assert (contrib.loc[y == 4.0, "business"] > contrib.loc[y == 1.0, "business"].max()).all()


def test_text_traits_learns_from_ended_deals_and_its_reasons_are_exact(data):
    from recommender.rankers import TextTraitsRanker
    X, _, groups = data
    rng = np.random.default_rng(4)
    X = X.assign(text=np.where(rng.random(len(X)) < 0.5, "锂电池隔膜制造", "餐饮服务"))
    y = np.where(X["text"] == "锂电池隔膜制造", 3.0, 0.0)               # ended deals: signed or dropped
    model = TextTraitsRanker(min_df=1).fit(X, y, groups=groups)
    assert len(model.feature_names_) == len(model.coef_) == len(FEATURES)  # the insight page's weights table
    assert (model.predict(X)[y == 3.0].min() > model.predict(X)[y == 0.0].max())  # the words carry the signal
    open_deals = X.assign(text="餐饮服务")                                    # still open: say nothing yet
    more = TextTraitsRanker(min_df=1).fit(pd.concat([X, open_deals]), np.r_[y, np.full(len(X), 2.0)])
    assert np.allclose(more.predict(X), model.predict(X))
    contrib = model.group_contributions(X, REASON_GROUPS)
    offset = model.decision_function(X) - contrib.sum(axis=1)
    assert np.allclose(offset, offset[0])                                    # exact up to one constant
    assert (contrib.loc[y == 3.0, "business"] > contrib.loc[y == 0.0, "business"].max()).all()


def test_text_traits_learns_where_firms_come_from_and_puts_it_in_the_location_reason(data):
    """A district whose firms sign more than others' lifts its firms, through the location group only, exactly;
    a district too rare to learn from, or one never seen, is scored like the reference."""
    from recommender.rankers import TextTraitsRanker
    X, _, groups = data
    rng = np.random.default_rng(5)
    district = rng.choice(["通州区", "海淀区", "房山区"], len(X))
    X = X.assign(text="汽车零部件制造", district=district)
    y = np.where(rng.random(len(X)) < np.where(district == "通州区", 0.8, 0.2), 3.0, 0.0)
    model = TextTraitsRanker(min_df=1).fit(X, y, groups=groups)
    assert model.districts_ == ["房山区", "海淀区", "通州区"]
    row = X.iloc[[0]]
    east, west, unseen = (model.predict(row.assign(district=d))[0] for d in ("通州区", "房山区", "延庆区"))
    assert east > west and east > unseen
    contrib = model.group_contributions(X, REASON_GROUPS)
    offset = model.decision_function(X) - contrib.sum(axis=1)
    assert np.allclose(offset, offset[0])                                    # still exact up to one constant
    assert contrib.loc[district == "通州区", "location"].min() > contrib.loc[district != "通州区", "location"].max()
    rare = TextTraitsRanker(min_df=1, district_rows=len(X)).fit(X, y, groups=groups)
    assert rare.districts_ == [] and len(rare.district_coef_) == 0
    from recommender.explain import write_reasons
    rows = X.iloc[:1].assign(segment_name="座椅", match_type="补链", position="midstream", via_name="",
                             linked_chains_zh="", local_firms="", leader_partners="", employees=10, park="",
                             rel_leader_names="", district="通州区", beijing_core=0.0, beijing_near=0.0)
    only_location = pd.DataFrame({g: [0.3 if g == "location" else 0.0] for g in REASON_GROUPS})
    assert "位于通州区，以往该区企业对接成效较好" in write_reasons(rows, only_location)[0]


def test_a_district_written_with_the_city_in_front_is_the_same_district():
    from recommender.features import enterprise_attributes
    firms = pd.DataFrame({"enterprise_id": ["a", "b"], "district": ["北京市海淀区", "海淀区"], "business_scope": ["", ""],
                          "industry_code": ["", ""], "employees": [10, 10], "registered_capital_wan": [100, 100],
                          "revenue_wan": [None, None], "founded": [None, None], "tags": ["", ""],
                          "relocation_intent": ["是", "是"], "main_products": ["", ""]})
    attrs = enterprise_attributes(firms)
    assert attrs["district"].tolist() == ["海淀区", "海淀区"] and attrs["beijing_core"].tolist() == [1.0, 1.0]
