"""Relations file: Chinese/English headers, GBK and xlsx, name matching, refusals, all-or-nothing."""
import pandas as pd

from recommender.store import Store
from tests.conftest import write_csv
from tests.test_import import EN, rows, run_import

ZH = ["统一社会信用代码", "关联企业统一社会信用代码", "关联企业", "关系", "来源", "日期", "金额(万元)"]
A, B, C = "91110108MA00000001", "91110108MA00000002", "91110108MA00000003"


def _enterprises(db, tmp_path):
    assert run_import(db, enterprises=write_csv(tmp_path / "e.csv", EN, rows(3))) == 0


def test_chinese_gbk_file_matches_names_and_keeps_outside_parties(empty_db, tmp_path, capsys):
    _enterprises(empty_db, tmp_path)
    path = write_csv(tmp_path / "r.csv", ZH, [
        [A, B, "", "供应商", "年报", "2020-01-02", "1200万元"],
        [A, "", "北京测试3电池（有限公司）", "客户", "招投标", "", ""],       # no match: bracketed suffix
        [A, "", "北京测试3电池股份有限公司", "客户", "招投标", "2021/3/4", ""],  # matches C
        [B, "", "示例境外电池有限公司", "股东", "", "", ""]], encoding="gbk")
    assert run_import(empty_db, relations=path) == 0
    out = capsys.readouterr().out
    assert "imported 4 relations" in out
    assert "r.csv, row 2 (line 3), column '关联企业': '北京测试3电池（有限公司）' matches no known firm" in out
    assert "示例境外电池有限公司" in out
    rel = Store.open(empty_db).relations().sort_values("id")
    assert [None if pd.isna(v) else v for v in rel["related_id"]][:3] == [B, None, C]
    assert rel["relation"].tolist() == ["supplier", "customer", "customer", "shareholder"]
    assert rel["amount_wan"].tolist()[0] == 1200
    assert rel["related_name"].tolist()[3] == "示例境外电池有限公司"


def test_xlsx_with_english_headers_and_values(empty_db, tmp_path):
    _enterprises(empty_db, tmp_path)
    path = tmp_path / "r.xlsx"
    pd.DataFrame({"enterprise_id": [A], "related_id": [B], "relation": ["Branch"], "date": ["2022-05-06"]}
                 ).to_excel(path, index=False)
    assert run_import(empty_db, relations=path) == 0
    rel = Store.open(empty_db).relations()
    assert rel[["enterprise_id", "related_id", "relation"]].values.tolist() == [[A, B, "branch"]]
    assert str(rel["date"].iloc[0]).startswith("2022-05-06")


def test_bad_rows_refuse_the_whole_import_with_one_sentence_each(empty_db, tmp_path, capsys):
    _enterprises(empty_db, tmp_path)
    capsys.readouterr()
    ents = write_csv(tmp_path / "e2.csv", EN, [["91110108MA00000009", "北京测试9电池有限公司"] + [""] * 8])
    path = write_csv(tmp_path / "r.csv", ["enterprise_id", "related_id", "related_name", "relation", "date"], [
        [A, B, "", "partner", ""],
        ["91000000000000000X", B, "", "supplier", ""],
        [A, "", "", "supplier", ""],
        [A, B, "", "supplier", "2020-13-01"]])
    assert run_import(empty_db, enterprises=ents, relations=path) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for needle in ["r.csv, row 1 (line 2), column 'relation': unknown relation 'partner'",
                   "r.csv, row 2 (line 3), column 'enterprise_id': enterprise '91000000000000000X' is not in",
                   "r.csv, row 3 (line 4), column 'related_id': give the related firm's code or its name",
                   "r.csv, row 4 (line 5), column 'date': '2020-13-01' is not a real date"]:
        assert needle in err, err
    store = Store.open(empty_db)
    assert store.relations().empty and len(store.enterprises()) == 3  # e2.csv not written either


def test_missing_relation_column_is_refused(empty_db, tmp_path, capsys):
    _enterprises(empty_db, tmp_path)
    path = write_csv(tmp_path / "r.csv", ["enterprise_id", "related_id"], [[A, B]])
    assert run_import(empty_db, relations=path) != 0
    assert "r.csv: required column 'relation' (关系) is missing" in capsys.readouterr().err


def test_reimport_replaces_an_enterprises_relations(empty_db, tmp_path):
    _enterprises(empty_db, tmp_path)
    path = write_csv(tmp_path / "r.csv", ["enterprise_id", "related_id", "relation"], [[A, B, "supplier"]])
    assert run_import(empty_db, relations=path) == 0
    assert run_import(empty_db, relations=path) == 0
    assert len(Store.open(empty_db).relations()) == 1
