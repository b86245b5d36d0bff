"""The contract import: formats, encodings, headers, every malformed input, all-or-nothing."""
import os

import pandas as pd
import pytest

from recommender.cli import main
from recommender.store import Store
from tests.conftest import write_csv

EN = ["enterprise_id", "name", "district", "industry_code", "business_scope", "employees", "founded", "tags",
      "relocation_intent", "crm_owner"]
ZH = ["统一社会信用代码", "企业名称", "所在区县", "行业代码", "经营范围", "参保人数", "成立日期", "资质标签", "疏解意向"]


def rows(n=50):
    return [[f"91110108MA{i:08d}", f"北京测试{i}电池有限公司", "海淀区", "C3841", f"锂离子电池制造；技术服务{i}", 120,
             "2015-03-02", "专精特新;高新技术企业", "是", "张三"] for i in range(1, n + 1)]


def run_import(db, **files):
    args = ["import", "--db", str(db)]
    for kind, path in files.items():
        args += [f"--{kind}", str(path)]
    return main(args)


def counts(db):
    return Store.open(db).counts()


def test_english_csv_imports_tags_and_keeps_unknown_columns(empty_db, tmp_path):
    path = write_csv(tmp_path / "e.csv", EN, rows(5))
    assert run_import(empty_db, enterprises=path) == 0
    store = Store.open(empty_db)
    ent = store.enterprises().set_index("enterprise_id")
    assert len(ent) == 5
    first = ent.loc["91110108MA00000001"]
    assert first["employees"] == 120 and first["industry_code"] == "3841"
    assert first["extra"] == {"crm_owner": "张三"}
    tags = store.tags()
    assert set(tags["segment"]) == {"cells"}


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_chinese_headers_in_gb18030_gbk_and_bom_csv(empty_db, tmp_path, encoding):
    path = write_csv(tmp_path / "e.csv", ZH, [r[:9] for r in rows(3)], encoding=encoding)
    assert run_import(empty_db, enterprises=path) == 0
    names = set(Store.open(empty_db).enterprises()["name"])
    assert "北京测试1电池有限公司" in names


def test_xlsx_with_chinese_headers(empty_db, tmp_path):
    path = tmp_path / "导出.xlsx"
    pd.DataFrame([r[:9] for r in rows(4)], columns=ZH).to_excel(path, index=False)
    assert run_import(empty_db, enterprises=path) == 0
    assert counts(empty_db)["enterprises"] == 4


def test_empty_cells_are_missing_not_zero(empty_db, tmp_path):
    data = rows(2)
    data[0][5] = ""
    path = write_csv(tmp_path / "e.csv", EN, data)
    assert run_import(empty_db, enterprises=path) == 0
    ent = Store.open(empty_db).enterprises().set_index("enterprise_id")
    assert pd.isna(ent.loc["91110108MA00000001", "employees"])


def test_reimport_updates_instead_of_duplicating(empty_db, tmp_path):
    data = rows(3)
    assert run_import(empty_db, enterprises=write_csv(tmp_path / "a.csv", EN, data)) == 0
    data[0][1] = "北京改名后电池有限公司"
    assert run_import(empty_db, enterprises=write_csv(tmp_path / "b.csv", EN, data)) == 0
    ent = Store.open(empty_db).enterprises()
    assert len(ent) == 3 and "北京改名后电池有限公司" in set(ent["name"])


def assert_refused(db, capsys, before, *needles):
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert counts(db) == before


def test_missing_required_column(empty_db, tmp_path, capsys):
    before = counts(empty_db)
    path = write_csv(tmp_path / "e.csv", EN[1:], [r[1:] for r in rows(3)])
    assert run_import(empty_db, enterprises=path) == 2
    assert_refused(empty_db, capsys, before, "e.csv", "required column 'enterprise_id' (统一社会信用代码) is missing")


def test_empty_required_value_in_row_26_of_50(empty_db, tmp_path, capsys):
    before = counts(empty_db)
    data = rows(50)
    data[25][1] = ""
    assert run_import(empty_db, enterprises=write_csv(tmp_path / "e.csv", EN, data)) == 2
    assert_refused(empty_db, capsys, before, "e.csv, row 26 (line 27), column 'name': required value is empty")


def _with_enterprises(tmp_path):
    return write_csv(tmp_path / "e.csv", EN, rows(3))


@pytest.mark.parametrize("stage,date,eid,needle", [
    ("签了", "2024-01-05", "91110108MA00000001", "column 'stage': unknown stage '签了'"),
    ("签约", "2023-02-30", "91110108MA00000001", "column 'date': '2023-02-30' is not a real date"),
    ("签约", "2024-01-05", "NOPE", "column 'enterprise_id': enterprise 'NOPE' is not in enterprises or firms"),
])
def test_bad_deal_rows_refuse_the_whole_import(empty_db, tmp_path, capsys, stage, date, eid, needle):
    before = counts(empty_db)
    deals = write_csv(tmp_path / "d.csv", ["enterprise_id", "stage", "date"],
                      [["91110108MA00000002", "接触", "2024-01-01"], [eid, stage, date]])
    assert run_import(empty_db, enterprises=_with_enterprises(tmp_path), deals=deals) == 2
    assert_refused(empty_db, capsys, before, "d.csv, row 2 (line 3)", needle)


def test_every_bad_row_is_reported_at_once(empty_db, tmp_path, capsys):
    deals = write_csv(tmp_path / "d.csv", ["统一社会信用代码", "阶段", "日期"],
                      [["91110108MA00000001", "飞了", "2024-01-01"], ["91110108MA00000002", "签约", "昨天"]])
    assert run_import(empty_db, enterprises=_with_enterprises(tmp_path), deals=deals) == 2
    err = capsys.readouterr().err
    assert "2 problems found" in err and "row 1" in err and "row 2" in err and "'阶段'" in err


def test_english_stage_names_and_chain_aliases_are_accepted(empty_db, tmp_path):
    deals = write_csv(tmp_path / "d.csv", ["enterprise_id", "stage", "date", "chain", "segment"],
                      [["91110108MA00000001", "signed", "2024-01-01", "动力电池产业链", "电芯"]])
    assert run_import(empty_db, enterprises=_with_enterprises(tmp_path), deals=deals) == 0
    d = Store.open(empty_db).deals().iloc[0]
    assert (d["stage"], d["chain"], d["segment"], d["region_id"]) == ("签约", "power_battery", "cells", "baodi")


@pytest.mark.parametrize("name,content,needle", [
    ("e.csv", os.urandom(3000) + b"\x00\xff", "not a text (CSV) file"),
    ("e.csv", b"", "the file is empty"),
    ("e.xlsx", "统一社会信用代码,企业名称\n1,甲\n".encode(), "named .xlsx but is not an Excel workbook"),
])
def test_unreadable_files(empty_db, tmp_path, capsys, name, content, needle):
    before = counts(empty_db)
    path = tmp_path / name
    path.write_bytes(content)
    assert run_import(empty_db, enterprises=path) == 2
    assert_refused(empty_db, capsys, before, name, needle)


def test_firms_file_with_leader_and_segment_names(empty_db, tmp_path):
    header = ["统一社会信用代码", "企业名称", "是否链主", "所属产业链", "产业链环节", "所在园区", "所属区域"]
    path = write_csv(tmp_path / "f.csv", header, [["F1", "本地甲", "是", "动力电池", "电芯;隔膜", "宝坻经济开发区", "宝坻区"],
                                                  ["F2", "本地乙", "否", "算力", "", "智算区", "庆阳市"]])
    assert run_import(empty_db, firms=path) == 0
    lf = Store.open(empty_db).local_firms().set_index("enterprise_id")
    assert lf.loc["F1", "segments"] == "power_battery.cells;power_battery.separator" and lf.loc["F1", "is_leader"]
    assert lf.loc["F2", "region_id"] == "qingyang" and lf.loc["F2", "chain"] == "data_center"


def test_firm_with_unknown_segment_is_refused(empty_db, tmp_path, capsys):
    path = write_csv(tmp_path / "f.csv", ["enterprise_id", "name", "chain", "segments"], [["F1", "甲", "动力电池", "飞轮"]])
    assert run_import(empty_db, firms=path) == 2
    assert "unknown segment '飞轮' in chain power_battery" in capsys.readouterr().err


def test_numbers_with_their_units_are_read(empty_db, tmp_path):
    path = write_csv(tmp_path / "e.csv", ["enterprise_id", "name", "registered_capital_wan", "employees"],
                     [["A", "甲", "1000万元", "120人"], ["B", "乙", "\"2,500万人民币\"", "35"]])
    assert run_import(empty_db, enterprises=path) == 0
    ent = Store.open(empty_db).enterprises().set_index("enterprise_id")
    assert ent.loc["A", "registered_capital_wan"] == 1000 and ent.loc["A", "employees"] == 120
    assert ent.loc["B", "registered_capital_wan"] == 2500


def test_a_region_met_for_the_first_time_is_added(empty_db, tmp_path):
    firms = write_csv(tmp_path / "f.csv", ["enterprise_id", "name", "is_leader", "chain", "segments", "region"],
                      [["W1", "武清链主", "是", "动力电池", "电芯", "武清区"]])
    deals = write_csv(tmp_path / "d.csv", ["enterprise_id", "stage", "date", "region"], [["W1", "接触", "2024-01-01", "武清区"]])
    assert run_import(empty_db, firms=firms, deals=deals) == 0
    store = Store.open(empty_db)
    assert "武清区" in store.region_ids() and store.local_firms().iloc[0]["region_id"] == "武清区"
    out = tmp_path / "g.csv"
    assert main(["gaps", "--db", str(empty_db), "--out", str(out), "--region", "武清区"]) == 0
    g = pd.read_csv(out, keep_default_na=False)
    assert (g["region"] == "武清区").all() and g.set_index("segment").loc["cells", "leaders"] == 1
