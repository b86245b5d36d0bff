"""The served score's first stage: P(the firm belongs to the chain | its words), fitted with the ranker."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from recommender.belonging import belonging_examples, belongs, fit_belonging
from recommender.features import FEATURES
from recommender.rankers import RuleRanker, TwoStageRanker

BATTERY, SERVERS, FOOD = "锂电池隔膜制造；电解液研发", "服务器机房运维；数据中心建设", "餐饮服务；正餐"


def _snap(n_weak=30, after=False):
    """Office labels: 15 battery and 15 data-centre firms taken to 考察; weak labels from codes for the rest."""
    ents, events = [], []
    for i in range(15):
        for chain, text in (("power_battery", BATTERY), ("data_center", SERVERS)):
            eid = f"{chain}-{i}"
            ents.append({"enterprise_id": eid, "business_scope": text, "main_products": "", "industry_code": ""})
            events.append({"enterprise_id": eid, "chain": chain, "stage": "考察", "date": "2024-03-01"})
    for i in range(n_weak):
        ents.append({"enterprise_id": f"food-{i}", "business_scope": FOOD, "main_products": "", "industry_code": "6210"})
    if after:  # a deal dated after the cutoff: not known when the model was trained
        ents.append({"enterprise_id": "late", "business_scope": SERVERS, "main_products": "", "industry_code": ""})
        events.append({"enterprise_id": "late", "chain": "data_center", "stage": "签约", "date": "2025-06-01"})
    return SimpleNamespace(enterprises=pd.DataFrame(ents), events=pd.DataFrame(events),
                           local_firms=pd.DataFrame(columns=["enterprise_id", "chain"]))


def test_examples_are_what_the_office_knew_before_the_cutoff_with_weak_labels_capped():
    snap = _snap(n_weak=30, after=True)
    ex = belonging_examples(snap, "2025-01-01", weak_per_class=10)
    assert "late" not in set(ex["enterprise_id"])
    assert "late" in set(belonging_examples(snap, "2025-07-01", weak_per_class=10)["enterprise_id"])
    counts = ex.groupby(["chain", "weight"]).size().to_dict()
    assert counts == {("data_center", 1.0): 15, ("none", 0.3): 10, ("power_battery", 1.0): 15}
    again = belonging_examples(snap, "2025-01-01", weak_per_class=10)
    assert list(again["enterprise_id"]) == list(ex["enterprise_id"])  # the same choice every time
    assert ex.loc[ex["chain"] == "power_battery", "text"].str.contains("隔膜").all()


def test_the_reader_ranks_a_firm_down_on_a_chain_its_words_do_not_belong_to():
    reader = fit_belonging(_snap(), "2025-01-01")
    rows = pd.DataFrame({"text": ["湿法隔膜制造", "湿法隔膜制造", "正餐服务与外卖配送", "湿法隔膜制造"],
                         "chain": ["power_battery", "data_center", "power_battery", "auto_parts"],
                         "tag_confidence": [0.6, 0.6, 0.6, 0.8]})
    p = belongs(reader, rows)
    assert p[0] > 0.5 > p[1] and p[2] < p[0]
    assert p[3] == 0.8                       # a chain the reader never saw: the tagger's confidence stands in
    assert belongs(None, rows).tolist() == [0.6, 0.6, 0.6, 0.8]


def test_two_stages_score_is_the_product_and_only_the_second_stage_gives_reasons():
    X = pd.DataFrame(np.random.default_rng(0).random((60, len(FEATURES))), columns=FEATURES)
    X = X.assign(text=np.where(np.arange(60) % 2, "湿法隔膜制造", "正餐服务与外卖配送"), chain="power_battery")
    model = TwoStageRanker(RuleRanker(), fit_belonging(_snap(), "2025-01-01")).fit(X, np.zeros(60))
    rule = RuleRanker().fit(X)
    assert np.allclose(model.predict(X), rule.predict(X))
    groups = {"relocation": ["relocation_yes", "relocation_no"]}
    assert np.allclose(model.group_contributions(X, groups), rule.group_contributions(X, groups))
    b = model.belongs(X)
    assert b[1::2].min() > b[0::2].max()


def test_a_trained_model_scores_with_its_reader_and_says_when_it_doubts(trained_db):
    from recommender import registry
    from recommender.scoring import score_region
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    store = Store.open(trained_db)
    _, model = registry.load_active(store)            # a checksummed file of trusted types only
    assert isinstance(model, TwoStageRanker) and model.reader is not None
    snap = Snapshot.load(store)
    scored = score_region(snap, model, "baodi")
    assert scored["belongs"].between(0, 1).all() and scored["belongs"].nunique() > 10
    served = model.predict(scored) * scored["belongs"] ** model.power      # the first stage, tempered
    assert model.power < 1 and np.allclose(scored["score"], served.round(4), atol=1e-4)
    doubted = scored["belongs"] < 0.5
    assert doubted.any() and scored.loc[doubted, "reasons"].str.contains("属于该产业链的把握约").all()
    assert not scored.loc[~doubted, "reasons"].str.contains("属于该产业链的把握约").any()
    from ui.i18n import reason_en
    english = reason_en(scored.loc[doubted, "reasons"].iloc[0], {})
    assert "caution: only about" in english and "把握" not in english   # the English switch says it too


def test_missing_codes_written_two_ways_do_not_stop_the_weak_labels():
    """An import's new firms (None) beside stored ones (NaN) once broke the code lookup."""
    from recommender.tag_learning import labelled_examples
    from recommender.tagging import class_map
    firms = pd.DataFrame({"enterprise_id": ["a", "b", "c"], "business_scope": [FOOD] * 3, "main_products": ""})
    firms["industry_code"] = pd.Series([None, np.nan, "6210"], dtype=object)
    ex = labelled_examples(firms, pd.DataFrame(columns=["enterprise_id", "chain", "stage"]),
                           pd.DataFrame(columns=["enterprise_id", "chain"]), class_map())
    assert ex[["enterprise_id", "chain"]].values.tolist() == [["c", "none"]]


@pytest.mark.parametrize("per_class", [None, 2])
def test_weak_labels_of_a_frame_that_repeats_index_labels_are_those_of_a_fresh_index(per_class):
    """An import reads stored and new firms as one frame whose index repeats; taking the weak-labelled rows by
    label once failed there ('cannot reindex on an axis with duplicate labels')."""
    from recommender.tag_learning import labelled_examples
    from recommender.tagging import class_map
    firms = pd.DataFrame({"enterprise_id": [f"e{i}" for i in range(8)], "business_scope": [FOOD] * 8,
                          "main_products": "", "industry_code": ["6210", "3841", None, "6210", "3841", "6210", "3670",
                                                                 "6210"]})
    none, deals = pd.DataFrame(columns=["enterprise_id", "chain", "stage"]), pd.DataFrame(columns=["enterprise_id", "chain"])
    fresh = labelled_examples(firms, none, deals, class_map(), per_class)
    repeated = labelled_examples(firms.set_axis([0, 1, 2, 3] * 2), none, deals, class_map(), per_class)
    assert len(fresh) >= (4 if per_class else 6)
    pd.testing.assert_frame_equal(repeated.reset_index(drop=True), fresh.reset_index(drop=True))



@pytest.mark.parametrize("second, reads_text", [("TextTraitsRanker", True), ("GradientBoostingRanker", False)])
def test_the_text_stays_on_scored_rows_only_when_the_second_stage_reads_it(trained_db, second, reads_text):
    """Gradient boosting's reasons read no text: a million scored rows need not carry it past the first stage."""
    from recommender import rankers
    from recommender.scoring import score_region
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    from recommender.training import training_rows
    snap = Snapshot.load(Store.open(trained_db))
    until = pd.Timestamp(snap.events["date"].max())
    rows = training_rows(snap, until)
    model = TwoStageRanker(getattr(rankers, second)(), fit_belonging(snap, until)).fit(rows, rows["label"])
    scored = score_region(snap, model, "baodi")
    assert ("text" in scored) == reads_text
    assert scored["reasons"].str.len().gt(0).all() and scored["belongs"].nunique() > 10
