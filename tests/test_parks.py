"""Receiving places (承接载体): the region files' parks, the choice of a place for a firm and its why, the
park_fit feature, and the pages that show them."""
import shutil

import numpy as np
import pandas as pd
import pytest

from chains.errors import ChainTemplateError
from chains.parks import best_places, place, process_hints
from chains.regions import REGIONS_DIR, load_regions
from chains.templates import load_chains

CHAINS = load_chains()
NAMES = {c.id: (c.name_zh, c.name_en) for c in CHAINS.values()}
REGIONS = load_regions(chain_ids=CHAINS)
BAODI, QINGYANG = REGIONS["baodi"].parks, REGIONS["qingyang"].parks


def firm(chain, segment, **shares):
    return {"chain": chain, "segment": segment, **shares}


# --- the region files ------------------------------------------------------------------------------

def test_every_park_says_what_it_takes_and_cites_its_source():
    assert [p["name"] for p in BAODI] == ["京津中关村科技城", "宝坻经济开发区", "京津新城现代服务业集聚区", "高铁站前区"]
    zones = [p["name"] for p in QINGYANG if p["part_of"]]
    assert zones == ["枢纽资源调度区", "数字经济人才培养基地", "综合配套区", "智算区", "智产区", "智能区"]
    assert next(p for p in QINGYANG if p["area_mu"])["area_mu"] == 17766
    for p in (*BAODI, *QINGYANG):
        assert p["takes"] and p["description_zh"] and p["description_en"] and p["name_en"]
        assert p["source"].startswith(("种子报告", "assumed"))
        assert set(p["assumed"]) <= set(p) - {"name", "source"}


def bad_region_dir(tmp_path, old, new):
    folder = tmp_path / "regions"
    shutil.copytree(REGIONS_DIR, folder)
    path = folder / "baodi.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("old,new,sentence", [
    ("takes: [rnd, manufacturing]", "takes: [rnd, factory]",
     "baodi.yaml: park 京津中关村科技城 takes unknown kind 'factory' (use manufacturing, rnd, services or data_center)"),
    ("excludes: [heavy_pollution]", "excludes: [noise]",
     "baodi.yaml: park 宝坻经济开发区 excludes unknown process 'noise' (use wet_chemistry or heavy_pollution)"),
    ("focus_chains: [intelligent_equipment, power_battery]", "focus_chains: [spaceships]",
     "baodi.yaml: park 京津中关村科技城 names unknown focus chain 'spaceships'"),
    ("    assumed: [focus_chains, excludes]\n", "    assumed: [focus_chains, excludes]\n    exclude: [x]\n",
     "baodi.yaml: park 宝坻经济开发区 has unknown field 'exclude'"),
])
def test_a_bad_park_entry_is_refused_in_one_sentence_naming_the_file(tmp_path, old, new, sentence):
    with pytest.raises(ChainTemplateError) as info:
        load_regions(bad_region_dir(tmp_path, old, new), chain_ids=CHAINS)
    assert str(info.value) == sentence


def test_a_park_without_a_source_is_refused(tmp_path):
    folder = bad_region_dir(tmp_path, "source: 种子报告：“依托京津中关村科技城、宝坻经济开发区等重点承接载体，笃定‘制造业立区’不动摇”",
                            "source: 网上看到的")
    with pytest.raises(ChainTemplateError, match="baodi.yaml: park 宝坻经济开发区 needs a source starting with 种子报告"):
        load_regions(folder, chain_ids=CHAINS)


# --- the choice of a place -----------------------------------------------------------------------------

def test_an_rnd_firm_goes_to_the_science_city_with_the_issue_s_why():
    p = place(BAODI, firm("intelligent_equipment", "controllers", rnd_share=0.8, sell_share=0.2), NAMES)
    assert p.park == "京津中关村科技城" and 0 < p.fit <= 1
    assert p.why_zh.startswith("京津中关村科技城（研发型，智能装备主导）：企业以研发为主")
    assert p.why_en.startswith("Jing-Jin Zhongguancun Science City (R&D, led by intelligent equipment)")


def test_a_manufacturer_goes_to_the_development_zone_and_a_services_firm_to_the_services_cluster():
    maker = place(BAODI, firm("auto_parts", "chassis", make_share=0.4, sell_share=0.4, service_share=0.2,
                              code_manufacturing=1.0), NAMES)
    assert maker.park == "宝坻经济开发区" and "制造型" in maker.why_zh and "以生产制造为主" in maker.why_zh
    seller = place(BAODI, firm("auto_parts", "aftermarket", sell_share=0.7, service_share=0.3), NAMES)
    assert seller.park == "京津新城现代服务业集聚区" and "服务型" in seller.why_zh


def test_data_centre_firms_go_to_the_compute_zone_and_equipment_makers_to_the_cluster():
    operator = place(QINGYANG, firm("data_center", "idc_operation", service_share=0.7, sell_share=0.3), NAMES)
    assert operator.park == "智算区" and "数据中心型" in operator.why_zh
    maker = place(QINGYANG, firm("data_center", "cooling", make_share=0.6, rnd_share=0.4), NAMES)
    assert maker.park == "数据中心装备制造产业集聚区"
    ai = place(QINGYANG, firm("data_center", "ai_applications", rnd_share=0.6, service_share=0.4), NAMES)
    assert ai.park == "智能区"
    # the 17,766-mu park is named through its zones, never itself
    umbrella = QINGYANG[0]["name"]
    everyone = pd.DataFrame([firm("data_center", s, make_share=0.3, rnd_share=0.3, service_share=0.4)
                             for s in CHAINS["data_center"].segments])
    assert umbrella not in set(best_places(QINGYANG, everyone)["park"])


def test_excludes_are_honoured():
    # an electrolyte firm that researches most but also makes runs wet chemistry: the science city would fit its
    # R&D better, but takes no wet chemistry; the development zone does
    wet = place(BAODI, firm("power_battery", "electrolyte", make_share=0.2, rnd_share=0.8), NAMES)
    assert wet.park == "宝坻经济开发区" and "京津中关村科技城不接纳湿法化工" in wet.why_zh
    # the same segment researched only (no plant) may go to the science city
    lab = place(BAODI, firm("power_battery", "electrolyte", rnd_share=1.0), NAMES)
    assert lab.park == "京津中关村科技城"
    # a text hint (电镀 in a making clause) bars every place of 宝坻: none takes heavy pollution
    hints = process_hints(pd.Series(["金属零部件电镀加工；五金销售"]))
    assert hints.to_dict("records") == [{"wet_chemistry": False, "heavy_pollution": True}]
    dirty = place(BAODI, firm("auto_parts", "body_structure", make_share=1.0, **hints.iloc[0].to_dict()), NAMES)
    assert (dirty.park, dirty.fit) == ("", 0.0) and dirty.why_zh == "无合适承接载体：本地载体均不接纳重污染工序"


def test_selling_chemicals_is_not_running_wet_chemistry():
    hints = process_hints(pd.Series(["化工产品销售（不含许可类化工产品）；电池制造", "锂电池电解液生产"]),
                          pd.Series(["", ""]))
    assert hints["wet_chemistry"].tolist() == [False, True]


def test_ties_go_to_the_place_listed_first():
    parks = [{"name": "甲", "takes": ["manufacturing"]}, {"name": "乙", "takes": ["manufacturing"]}]
    rows = pd.DataFrame([firm("auto_parts", "chassis", make_share=1.0)] * 3)
    assert best_places(parks, rows)["park"].tolist() == ["甲"] * 3
    assert best_places(parks[::-1], rows)["park"].tolist() == ["乙"] * 3


def test_a_region_without_parks_names_no_place():
    rows = pd.DataFrame([firm("auto_parts", "chassis", make_share=1.0)])
    assert best_places((), rows).to_dict("records") == [{"park": "", "park_fit": 0.0}]


# --- the feature and the scores ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def snap(demo_db_file):
    from recommender.snapshot import Snapshot
    from recommender.store import Store
    return Snapshot.load(Store.open(demo_db_file))


def test_park_fit_is_a_bounded_feature_that_the_rule_score_leaves_out(snap):
    from recommender.features import FEATURES, features_as_of
    from recommender.rankers import RULE_WEIGHTS
    assert "park_fit" in FEATURES and "park_fit" not in RULE_WEIGHTS
    f = features_as_of(snap, "baodi", "2025-06-01")
    assert f["park_fit"].between(0, 1).all() and f["park_fit"].gt(0).mean() > 0.9
    assert set(f["park"]) <= {p["name"] for p in BAODI} | {""}
    assert f["park"].nunique() >= 3     # the demo's firms are not all sent to one place
    q = features_as_of(snap, "qingyang", "2025-06-01")
    assert q["park"].isin(["枢纽资源调度区", "数字经济人才培养基地", "综合配套区", "智算区", "智产区", "智能区",
                           "数据中心装备制造产业集聚区", ""]).all()


def test_scores_carry_the_place_and_its_why(snap):
    from recommender.scoring import contract_columns, score_region
    scored = score_region(snap, RuleRankerFit(), "baodi", as_of="2025-06-01", top=20)
    out = contract_columns(scored)
    assert list(out.columns)[:7] == ["enterprise_id", "chain", "segment", "match_type", "score", "rank", "reasons"]
    assert {"park", "park_reason"} <= set(out.columns)
    named = out[out["park"] != ""]
    assert len(named) and all(r.startswith(p + "（") for p, r in zip(named["park"], named["park_reason"]))


def RuleRankerFit():
    from recommender.features import FEATURES
    from recommender.rankers import RuleRanker
    return RuleRanker().fit(pd.DataFrame(columns=FEATURES))


def test_placements_for_stored_rows_match_the_scoring_columns(snap):
    from recommender.features import placements
    from recommender.scoring import score_region
    scored = score_region(snap, RuleRankerFit(), "baodi", as_of="2025-06-01", top=10)
    again = placements(snap, "baodi", scored[["enterprise_id", "chain", "segment"]])
    assert again["park"].tolist() == scored["park"].tolist()
    assert again["park_reason"].tolist() == scored["park_reason"].tolist()
    assert np.allclose(again["park_fit"], scored["park_fit"])
    assert again["park_reason_en"].str.len().gt(0).all()


# --- the pages ---------------------------------------------------------------------------------------------

@pytest.fixture
def app_db(demo_db, monkeypatch):
    from recommender.store import Store
    from tests.test_app import accounts
    accounts(Store.open(demo_db))
    monkeypatch.setenv("CHAINMATCH_DB", str(demo_db))
    return demo_db


def header(at, column):
    """The header a page's table shows for a column (AppTest's value keeps the frame's own column names)."""
    import json
    return json.loads(at.dataframe[0].proto.columns)[column]["label"]


def test_recommendations_show_the_place_column_and_filter_by_place(app_db):
    from tests.test_app import login, open_page
    at = open_page(login("staff"), "ui/recommend.py")
    at.selectbox(key="rec_chain").set_value("auto_parts").run()
    table = at.dataframe[0].value
    assert header(at, "park_reason") == "建议承接载体"
    assert table["park_reason"].str.match(r".+（.+型，.+）：").all()
    shown = set(table["park_reason"].str.split("（").str[0])
    assert len(shown) >= 2                                          # not one place for everyone
    at.multiselect(key="rec_park").set_value(["宝坻经济开发区"]).run()
    assert not at.exception
    kept = at.dataframe[0].value
    assert len(kept) and kept["park_reason"].str.startswith("宝坻经济开发区（").all()
    at.multiselect(key="rec_park").set_value(["京津新城现代服务业集聚区"]).run()
    others = at.dataframe[0].value
    assert not set(others["name"]) & set(kept["name"]) and others["park_reason"].str.startswith("京津新城").all()


def test_the_place_column_and_filter_speak_english(app_db):
    from tests.test_app import login, open_page
    at = login("staff")
    at.toggle(key="lang_toggle").set_value(True).run()
    open_page(at, "ui/recommend.py")
    table = at.dataframe[0].value
    assert header(at, "park_reason") == "Suggested receiving place"
    assert table["park_reason"].str.contains(r"\((?:R&D|manufacturing|services|data centres), ").all()
    labels = at.multiselect(key="rec_park").options
    assert "Baodi Economic Development Zone" in labels and "no suitable place" in labels


def test_the_profile_names_the_best_place_with_its_why(app_db):
    from tests.test_app import login, open_page
    at = open_page(login("staff"), "ui/profile.py")
    line = next(m.value for m in at.markdown if m.value.startswith("**建议承接载体**："))
    place_name = line.removeprefix("**建议承接载体**：").split("（")[0]
    assert place_name in {p["name"] for p in BAODI} and "：" in line.removeprefix("**建议承接载体**：")
    at.toggle(key="lang_toggle").set_value(True).run()
    assert any(m.value.startswith("**Suggested receiving place**:") or m.value.startswith("**Suggested receiving place**：")
               for m in at.markdown)
