"""The workbench defects found by walking each role in Chromium, each with a test that failed before the fix,
and one language at a time: Chinese headers and values in Chinese mode, English ones in English mode."""
import io
import json
import re

import openpyxl
import pandas as pd
import pytest

from recommender import registry
from recommender import schema as t
from recommender.exports import shortlist_workbook
from recommender.rankers import RuleRanker
from recommender.shortlists import add_items, create_shortlist, items
from recommender.store import Store
from tests.test_app import accounts, app_db, login, open_page  # noqa: F401  (fixture and helpers)

CJK = re.compile(r"[\u4e00-\u9fff]")
BARE = {"enterprise_id": "EMPTY-OPTIONALS-1", "name": "示例·空字段隔膜有限公司", "business_scope": "锂电池隔膜制造"}


def picker(at):
    """The profile page's firm picker (each search has its own)."""
    return next(s for s in at.selectbox if (s.key or "").startswith("profile_enterprise"))


def labels(frame_element) -> list[str]:
    return [c.get("label", k) for k, c in json.loads(frame_element.proto.columns or "{}").items() if not k.startswith("_")]


@pytest.fixture
def bare_firm(app_db):
    """A candidate whose optional columns are all empty, shortlisted and with a logged contact."""
    from recommender.importer import import_files
    store = Store.open(app_db)
    csv = pd.DataFrame([BARE]).to_csv(index=False).encode()
    import_files(store, enterprises=("bare.csv", csv), user="test")
    accounts(store)   # the import retired the demo accounts
    store.log_stage(BARE["enterprise_id"], "baodi", "power_battery", "接触", pd.Timestamp("2026-10-01").date(), "staff")
    staff = {"username": "staff", "role": "staff"}
    list_id = create_shortlist(store, staff, "空字段清单", "baodi")
    add_items(store, staff, list_id, pd.DataFrame([{"enterprise_id": BARE["enterprise_id"], "chain": "power_battery",
                                                    "segment": "separator", "match_type": "补链", "score": 0.5,
                                                    "reasons": "补链：填补隔膜环节空白"}]))
    return app_db


@pytest.mark.parametrize("role,pages", [
    ("staff", ["ui/chain_map.py", "ui/gaps.py", "ui/recommend.py", "ui/profile.py", "ui/review.py"]),
    ("manager", ["ui/review.py", "ui/pipeline.py", "ui/audit.py"]),
    ("analyst", ["ui/insight.py", "ui/models.py", "ui/data_import.py"]),
])
def test_no_page_breaks_on_a_firm_whose_optional_columns_are_all_empty(bare_firm, role, pages):
    at = login(role)
    for page in pages:
        open_page(at, page)
    if role == "staff":
        open_page(at, "ui/profile.py")
        at.text_input(key="profile_query").input("空字段").run()
        assert picker(at).value == BARE["enterprise_id"] and not at.exception
        assert any(m.value == "—" for m in at.metric)    # missing values show as a dash, not None or a crash


def _separator_maker(store, phrase="聚烯烃微孔膜"):
    """A separator maker found only through a phrase of its scope (its name does not carry it)."""
    tags = store.tags()
    seps = set(tags.loc[tags["segment"] == "separator", "enterprise_id"])
    ents = store.enterprises()
    hit = ents[ents["business_scope"].fillna("").str.contains(phrase) & ~ents["name"].str.contains(phrase)
               & ents["enterprise_id"].isin(seps)]
    return hit["enterprise_id"].iloc[0], phrase


def test_profile_search_reads_the_scope_and_the_visit_follows_the_firm_on_screen(app_db):
    store = Store.open(app_db)
    at = open_page(login("staff"), "ui/profile.py")
    first = picker(at).value          # the page opens on the best-ranked firm
    target, phrase = _separator_maker(store)
    at.text_input(key="profile_query").input(phrase).run()
    assert any(target in option for option in picker(at).options)   # found by its scope
    picker(at).set_value(target).run()
    assert target != first
    assert at.selectbox(key=f"log_stage_chain_{target}").value == "power_battery"
    at.selectbox(key=f"log_stage_stage_{target}").set_value("考察")
    at.button(key=f"log_stage_save_{target}").click().run()
    assert not at.exception
    deal = store.deals().set_index("enterprise_id").loc[target]
    assert (deal["chain"], deal["segment"], deal["owner"]) == ("power_battery", "separator", "staff")
    # the record shows at once, in the history table and in the brief downloaded right after
    history = next(f.value for f in at.dataframe if "stage" in f.value)
    assert "考察" in set(history["stage"])
    log = store.audit_log().iloc[0]
    assert (log["action"], log["object_id"]) == ("log_stage", target) and "power_battery" in log["detail"]


def test_a_new_shortlist_is_named_after_the_chain_on_screen(app_db):
    at = open_page(login("staff"), "ui/recommend.py")
    at.selectbox(key="rec_chain").set_value("power_battery").run()
    assert at.text_input(key="rec_new_name_power_battery").value == "动力电池招商清单"
    at.selectbox(key="rec_chain").set_value("auto_parts").run()
    assert at.text_input(key="rec_new_name_auto_parts").value == "汽车零部件招商清单"


def test_recommendations_show_rank_in_the_segment_and_reasons_in_full(app_db):
    at = open_page(login("staff"), "ui/recommend.py")
    at.selectbox(key="rec_chain").set_value("power_battery").run()
    table = at.dataframe[0].value
    best_separator = table[table["segment_name"] == "隔膜"].sort_values("rank").iloc[0]
    assert best_separator["segment_rank"] == 1 and best_separator["rank"] >= 1
    assert json.loads(at.dataframe[0].proto.columns)["reasons"]["width"] == "large"
    at.session_state["rec_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert table["reasons"].iloc[0] in at.info[0].value        # the whole sentence, in a panel


def test_staff_can_keep_only_firms_the_first_stage_is_sure_of(app_db):
    at = open_page(login("staff"), "ui/recommend.py")
    at.selectbox(key="rec_chain").set_value("power_battery").run()
    everyone = at.dataframe[0].value
    assert everyone["belongs"].between(0, 1).all() and (everyone["belongs"] < 0.8).any()
    at.slider(key="rec_belongs").set_value(0.8).run()
    sure = at.dataframe[0].value
    assert len(sure) and (sure["belongs"] >= 0.8).all() and len(sure) < len(everyone)


def test_model_versions_table_is_fresh_after_a_rollback(app_db):
    store = Store.open(app_db)
    rule = RuleRanker().fit(pd.DataFrame())
    for note in ("first", "second"):
        registry.register(store, rule, kind="rule", params={}, metrics={}, train_until=None, user="analyst", note=note)
    at = open_page(login("analyst"), "ui/models.py")
    at.button(key="models_rollback").click().run()
    assert not at.exception and "1" in at.success[0].value
    table = at.dataframe[0].value.set_index("version")
    assert table.at[1, "active"] == "✔" and table.at[2, "active"] == ""
    assert table.at[1, "kind"] == "规则评分"                  # the ranker's name in Chinese, not `rule`
    assert 1 not in at.selectbox(key="models_pick").options    # no "promote" offered for the active version


def test_every_uploaded_files_problems_are_listed_together(app_db):
    from chains.errors import SchemaError
    from recommender.importer import import_files
    from ui.i18n import problem_zh
    ents = "统一社会信用代码,企业名称,成立日期\nA1,甲,2024-02-30\n".encode()
    deals = "统一社会信用代码,阶段,日期\nA1,飞了,2024-01-01\n".encode("gbk")
    with pytest.raises(SchemaError) as info:
        import_files(Store.open(app_db), enterprises=("e.csv", ents), deals=("d.csv", deals))
    files = {p.file for p in info.value.problems}
    assert files == {"e.csv", "d.csv"} and len(info.value.problems) == 2   # A1 is known from e.csv: no false alarm
    assert [problem_zh(p.reason) for p in info.value.problems] == ["“2024-02-30”不是真实存在的日期",
                                                                  "未知阶段“飞了”（应为 接触、考察、洽谈、签约、落地 或 终止）"]


def test_review_page_puts_status_comment_and_segment_first(bare_firm):
    at = open_page(login("manager"), "ui/review.py")
    assert list(at.dataframe[0].value.columns[:4]) == ["name", "segment_name", "status", "review_comment"]
    assert at.dataframe[0].value["segment_name"].iloc[0] == "隔膜"


def test_excel_export_names_segments_freezes_filters_dates_labels_and_keeps_formulas_as_text():
    rows = pd.DataFrame([{"shortlist": "清单", "name": "=HYPERLINK(\"http://x\",\"点我\")", "enterprise_id": "A",
                          "chain": "power_battery", "segment": "separator", "match_type": "补链", "score": 0.9,
                          "reasons": "+cmd|' /C calc'!A0", "status": "同意", "review_comment": "@SUM(1)"}])
    data = shortlist_workbook(rows, {"power_battery": "动力电池"}, {"power_battery.separator": "隔膜"}, synthetic=True,
                              exported_at="2026-11-24 09:30")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert "2026-11-24" in ws["A1"].value and "示例" in ws["A1"].value
    header = [c.value for c in ws[2]]
    row = dict(zip(header, ws[3]))
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:L3"
    assert row["环节"].value == "隔膜" and row["产业链"].value == "动力电池"
    for name in ("企业名称", "推荐理由", "审核意见"):   # shown as typed, never run, no visible apostrophe
        cell = row[name]
        assert cell.data_type == "s" and cell.quotePrefix and not cell.value.startswith("'")
    assert row["企业名称"].value.startswith("=HYPERLINK")


@pytest.mark.parametrize("page", ["ui/recommend.py", "ui/gaps.py", "ui/profile.py", "ui/review.py", "ui/chain_map.py"])
def test_one_language_at_a_time(bare_firm, page):
    for english in (False, True):
        at = login("manager" if page == "ui/review.py" else "staff")
        if english:
            at.toggle(key="lang_toggle").set_value(True).run()
        open_page(at, page)
        for frame in at.dataframe:
            heads = labels(frame)
            if english:
                assert not any(CJK.search(h) for h in heads), (page, heads)
            else:
                assert all(CJK.search(h) or h in ("NDCG",) for h in heads), (page, heads)
            values = frame.value
            for col in ("match_type", "stage", "status", "gap_type", "position"):
                if col in values and len(values):
                    assert values[col].map(lambda v: bool(CJK.search(str(v)))).all() != english, (page, col)
            if english and "reasons" in values and len(values):
                assert not values["reasons"].str.startswith(("补链", "强链", "延链", "串链")).any()


# Found walking every page of every role in Chromium, in both languages (issue 10, second pass).

def test_widget_texts_follow_the_language(app_db):
    """Streamlit's own 'Choose options' showed in Chinese mode; places and tags stayed Chinese in English mode."""
    at = open_page(login("staff"), "ui/recommend.py")
    for key in ("rec_segments", "rec_match", "rec_district", "rec_intent", "rec_tags"):
        assert at.multiselect(key=key).proto.placeholder == "请选择"
    at = login("staff")
    at.toggle(key="lang_toggle").set_value(True).run()
    open_page(at, "ui/recommend.py")
    assert at.multiselect(key="rec_district").proto.placeholder == "Choose options"
    table = at.dataframe[0].value
    for col in ("district", "tags"):
        shown = table[col].dropna()
        shown = shown[shown != "—"]
        assert len(shown) and not shown.map(lambda v: bool(CJK.search(str(v)))).any(), col
    assert not any(CJK.search(o) for o in at.multiselect(key="rec_tags").options)
    from chains.regions import load_regions
    firms = [f["name"] for r in load_regions().values() for f in (*r.leaders, *r.local_firms)]   # proper names stay
    plain = table["reasons"].head(100).map(lambda r: re.sub("|".join(map(re.escape, firms)), "", str(r)))
    assert not plain.map(lambda r: bool(CJK.search(r))).any(), "districts or tags left in Chinese in the reasons"
    assert at.selectbox(key="region").format_func("baodi") == "Baodi"


def test_every_page_carries_the_demo_label(app_db):
    at = login("admin")
    for page in ["ui/chain_map.py", "ui/gaps.py", "ui/recommend.py", "ui/profile.py", "ui/review.py", "ui/pipeline.py",
                 "ui/data_import.py", "ui/models.py", "ui/insight.py", "ui/audit.py", "ui/users.py"]:
        open_page(at, page)
        assert any("示例" in c.value for c in at.caption), page


def test_insight_names_columns_and_features_in_the_ui_language(app_db):
    for english in (False, True):
        at = login("analyst")
        if english:
            at.toggle(key="lang_toggle").set_value(True).run()
        open_page(at, "ui/insight.py")
        names = list(at.dataframe[-1].value["column"])
        assert "industry_code" not in names and "registered_capital_wan" not in names
        assert all(bool(CJK.search(n)) != english for n in names), names
        for frame in at.dataframe[:-1]:   # the linear weights, when the model has them
            assert all(bool(CJK.search(f)) != english for f in frame.value["feature"])


def test_map_and_profile_show_reasons_in_full_and_name_the_leaders(app_db):
    at = open_page(login("staff"), "ui/chain_map.py")
    chart = b"".join(c.proto.SerializeToString() for c in at.get("vega_lite_chart"))   # spec and data
    assert "★ 国安盟固利、荣盛盟固利".encode() in chart          # the leaders of 电芯 are named on its node
    at.selectbox(key="map_segment").set_value("separator").run()
    table = at.table[-1].value                       # a plain table: every reason wraps and reads in full
    assert table["推荐理由"].str.len().max() > 30 and not table["推荐理由"].str.endswith("…").any()
    open_page(at, "ui/profile.py")
    assert "推荐理由" in at.table[0].value.columns


def test_opportunity_labels_never_cover_each_other(app_db):
    from recommender.snapshot import Snapshot
    from ui.common import label_positions, text_width
    gaps = Snapshot.load(Store.open(app_db)).gaps("baodi")
    gaps["segment_name"] = gaps["segment"]
    xs, ys, texts = label_positions(gaps.sort_values("importance", ascending=False), 820, 560)
    boxes = []
    for x, y, text in zip(xs, ys, texts):
        if text:
            x0, y0 = (x + 0.02) / 1.04 * 820, (1.02 - y) / 1.04 * 560
            boxes.append((x0, y0 - 6, x0 + text_width(text) * 10 / 13, y0 + 6))
    assert len(boxes) >= 0.7 * len(gaps)            # most points keep their label
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5), (a, b)


def test_pipeline_money_chart_splits_signed_from_landed_and_speaks_english(app_db):
    at = login("manager")
    at.toggle(key="lang_toggle").set_value(True).run()
    open_page(at, "ui/pipeline.py")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    money = specs[-1]
    assert money["facet"]["column"]["field"] == "stage"      # one panel per stage, not a dash pattern
    assert "万元" not in " ".join(s.value for s in at.subheader) and "亿元" not in " ".join(m.label for m in at.metric)


def test_audit_log_reads_in_one_language(app_db):
    """Chinese mode showed `auto_parts`, `None`, `user`/`data` and English details; English mode Chinese stages."""
    store = Store.open(app_db)
    eid = store.enterprises()["enterprise_id"].iloc[0]
    store.log_stage(eid, "baodi", "auto_parts", "考察", pd.Timestamp("2026-11-02").date(), "staff", "")
    for english in (False, True):
        at = login("manager")
        if english:
            at.toggle(key="lang_toggle").set_value(True).run()
        open_page(at, "ui/audit.py")
        log = at.dataframe[0].value
        cells = " ".join(log[["action", "object_type", "object_id", "detail"]].astype(str).agg(" ".join, axis=1))
        assert "auto_parts" not in cells and "None" not in cells and "nan" not in cells
        if english:
            assert "Auto parts visited 2026-11-02" in cells and "考察" not in cells
        else:
            assert "汽车零部件 考察 2026-11-02" in cells and not {"user", "data", "enterprise"} & set(log["object_type"])
            assert "demo: " not in cells
        assert (log["object_id"] == "—").any()   # an import has no object: a dash, not None


@pytest.mark.parametrize("before, added", [("0003", {"park", "park_fit", "park_reason", "park_reason_en", "belongs"}),
                                           ("0004", {"belongs"})])
def test_a_database_from_before_a_stored_column_drops_its_stored_scores_and_keeps_the_column_after(tmp_path, before,
                                                                                                   added):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect, text
    from recommender.store import MIGRATIONS
    db = tmp_path / "old.db"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with create_engine(f"sqlite:///{db}").begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, before)  # the schema as it was before scores kept their receiving place, or their P(belongs)
        conn.execute(text("INSERT INTO scores (cache_key, region_id, enterprise_id, chain) VALUES ('v1:baodi:r1', "
                          "'baodi', 'X', 'auto_parts')"))
    store = Store.open(db)  # upgraded to head on opening
    assert added <= {c["name"] for c in inspect(store.engine).get_columns("scores")}
    assert store.read(t.scores).empty  # the old rows lack the column: they are worked out again on first use


def test_stored_scores_carry_each_rows_place_as_placements_gives_it(demo_db):
    from recommender.features import placements
    from recommender.scoring import score_region, serving_model
    from recommender.snapshot import Snapshot
    from recommender.workbench import cached_scores
    store = Store.open(demo_db)
    snap = Snapshot.load(store)
    version, model = serving_model(store)
    cached_scores(store, snap, model, version, "baodi")
    stored = cached_scores(store, snap, model, version, "baodi")  # read back from the table
    again = placements(snap, "baodi", stored).fillna({"park": "", "park_reason": "", "park_reason_en": ""})
    assert len(stored) > 500 and (stored["park"].fillna("") != "").any()
    for col in ("park", "park_reason", "park_reason_en"):
        assert stored[col].fillna("").tolist() == again[col].tolist()
    fresh = score_region(snap, model, "baodi", reasons=False)[["enterprise_id", "chain", "belongs"]]
    both = stored.merge(fresh, on=["enterprise_id", "chain"], suffixes=("", "_fresh"))
    assert len(both) == len(stored) and stored["belongs"].between(0, 1).all()
    assert (both["belongs"] - both["belongs_fresh"]).abs().max() < 1e-9   # the first stage is kept beside the score
