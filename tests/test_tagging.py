"""Reading firms onto segments: makers vs sellers, vague texts, generic codes, the labelled set."""
import pandas as pd
import pytest

from recommender.cli import main
from recommender.tag_eval import evaluate
from recommender.tagging import Tagger
from tests.conftest import write_csv


@pytest.fixture(scope="module")
def tagger():
    return Tagger.from_templates()


def top(tagger, scope, code=None):
    rows = tagger.tag_text(scope, industry_code=code)
    return rows[0] if rows else None


@pytest.mark.parametrize("scope,segment", [
    ("一般项目：技术服务；锂离子电池制造；电池销售", "cells"),
    ("湿法锂电池隔膜及涂覆隔膜的研发、制造；货物进出口", "separator"),
    ("新能源汽车废旧动力蓄电池回收及梯次利用", "recycling"),
    ("汽车线束及高压连接器的生产；五金产品零售", "wiring_harness"),
    ("数据中心运营；机柜租赁；服务器托管服务", "idc_operation"),
    ("谐波减速器及精密传动部件生产", "precision_transmission"),
])
def test_makers_are_read_onto_their_segment(tagger, scope, segment):
    assert top(tagger, scope)[1] == segment


@pytest.mark.parametrize("scope", [
    "一般项目：锂电池销售；电池零配件销售；日用百货销售",
    "汽车零配件批发；汽车零配件零售；二手车经纪",
    "服务器、计算机软硬件及辅助设备批发；信息系统集成服务",
    "工业机器人销售；智能机器人销售；数控机床销售",
    "电线电缆经营；蓄电池批发、零售",
])
def test_sellers_fill_no_segment(tagger, scope):
    rows = tagger.tag_text(scope)
    assert all(seg == "" for _, seg, _ in rows), rows


def test_seller_items_do_not_add_to_a_makers_reading(tagger):
    maker = tagger.tag_text("隔膜制造")[0][2]
    with_seller_items = tagger.tag_text("隔膜制造；锂电池销售；充电桩销售")
    assert with_seller_items[0][1] == "separator" and with_seller_items[0][2] == maker
    assert len(with_seller_items) == 1


@pytest.mark.parametrize("scope,chain", [("新能源技术研发；技术咨询", "power_battery"),
                                         ("智能装备技术研发", "intelligent_equipment"),
                                         ("大数据技术服务", "data_center")])
def test_vague_scope_gives_a_chain_with_low_confidence_and_no_segment(tagger, scope, chain):
    rows = tagger.tag_text(scope)
    assert rows == [(chain, "", rows[0][2])] and rows[0][2] < 0.5


@pytest.mark.parametrize("code", ["7519", "5179", "M7519", None])
def test_generic_or_missing_codes_do_not_stop_a_clear_text(tagger, code):
    assert top(tagger, "锂电池隔膜生产；技术服务", code)[1] == "separator"


def test_industry_code_alone_gives_a_modest_reading(tagger):
    chain, segment, conf = top(tagger, None, "3841")
    assert (chain, segment) == ("power_battery", "cells") and conf < 0.6


def test_diaphragm_pumps_are_not_battery_separators(tagger):
    assert top(tagger, "隔膜泵、隔膜阀制造") is None


def test_macro_f1_on_the_held_out_labelled_half_is_at_least_095():
    result = evaluate("test")
    assert result["n"] >= 150
    assert result["macro_f1"] >= 0.95, result["report"]
    assert result["segment_accuracy_makers"] >= 0.9


def test_tag_command_writes_contract_columns_with_an_empty_chain_for_outsiders(empty_db, tmp_path):
    ent = write_csv(tmp_path / "e.csv", ["enterprise_id", "name", "business_scope"],
                    [["A", "甲", "锂离子电池制造；隔膜制造"], ["B", "乙", "餐饮服务；家政服务"]])
    assert main(["import", "--db", str(empty_db), "--enterprises", str(ent)]) == 0
    out = tmp_path / "tags.csv"
    assert main(["tag", "--db", str(empty_db), "--out", str(out)]) == 0
    tags = pd.read_csv(out, keep_default_na=False)
    assert list(tags.columns) == ["enterprise_id", "chain", "segment", "confidence"]
    a = tags[tags["enterprise_id"] == "A"]
    assert set(a["segment"]) == {"cells", "separator"} and a["confidence"].is_monotonic_decreasing
    b = tags[tags["enterprise_id"] == "B"]
    assert len(b) == 1 and b.iloc[0]["chain"] == ""
    assert tags["confidence"].between(0, 1).all()


def test_labelled_examples_teach_a_chain_the_keywords_do_not_know(empty_db, tmp_path):
    """Deals that got as far as a visit label their firm's chain; a new firm described the same way
    gets that chain with low confidence and no segment, while an unrelated one stays outside."""
    battery = [[f"B{i}", f"甲{i}", f"钒液流储能堆XK{i}型研制；钒电解质配制；技术服务"] for i in range(12)]
    cars = [[f"C{i}", f"乙{i}", f"房车底盘改装RV{i}型；房车内装定制；技术服务"] for i in range(12)]
    fresh = [["N1", "新甲", "钒液流储能堆XK99型研制"], ["N2", "新乙", "餐饮服务；家政服务"]]
    ent = write_csv(tmp_path / "e.csv", ["enterprise_id", "name", "business_scope"], battery + cars)
    deals = write_csv(tmp_path / "d.csv", ["enterprise_id", "stage", "date", "chain"],
                      [[e[0], "考察", "2025-03-01", "动力电池"] for e in battery] + [[e[0], "洽谈", "2025-03-01", "汽车零部件"] for e in cars])
    assert main(["import", "--db", str(empty_db), "--enterprises", str(ent), "--deals", str(deals)]) == 0
    new = write_csv(tmp_path / "n.csv", ["enterprise_id", "name", "business_scope"], fresh)
    assert main(["import", "--db", str(empty_db), "--enterprises", str(new)]) == 0
    out = tmp_path / "tags.csv"
    assert main(["tag", "--db", str(empty_db), "--out", str(out)]) == 0
    tags = pd.read_csv(out, keep_default_na=False).set_index("enterprise_id")
    assert (tags.loc["N1", "chain"], tags.loc["N1", "segment"]) == ("power_battery", "")
    assert 0 < tags.loc["N1", "confidence"] <= 0.45
    assert tags.loc["N2", "chain"] == ""
