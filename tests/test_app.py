"""The app through Streamlit's AppTest: every page renders for its roles, and the main flows work."""
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from recommender import registry
from recommender.shortlists import items
from recommender.store import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORDS = {"staff": "staff-2026", "analyst": "analyst-2026", "manager": "manager-2026", "admin": "admin-2026"}
TIMEOUT = 180   # a page that warms the scores (promote, roll back) takes seconds alone, a minute on shared cores
TRAIN_TIMEOUT = 300   # a retrain takes ~20 s alone, minutes when the 2 cores are shared with other suites


def accounts(store):
    """The four role accounts as ordinary accounts (tests import real files, which retires the demo accounts)."""
    from recommender.auth import DEMO_ACCOUNTS, add_user
    for username, role, name, password in DEMO_ACCOUNTS:
        add_user(store, username, password, role, name)


@pytest.fixture
def app_db(demo_db, monkeypatch):
    accounts(Store.open(demo_db))
    monkeypatch.setenv("CHAINMATCH_DB", str(demo_db))
    return demo_db


def login(username):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(PASSWORDS[username])
    at.button[0].click().run()   # the form's submit button
    assert not at.exception, at.exception
    return at


def open_page(at, path):
    at.switch_page(path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_wrong_password_is_refused(app_db):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="login_username").input("staff")
    at.text_input(key="login_password").input("nope-nope")
    at.button[0].click().run()
    assert "用户名或密码错误" in at.error[0].value and "user" not in at.session_state


@pytest.mark.parametrize("role,pages", [
    ("staff", ["ui/chain_map.py", "ui/gaps.py", "ui/recommend.py", "ui/profile.py", "ui/review.py"]),
    ("analyst", ["ui/data_import.py", "ui/models.py", "ui/insight.py", "ui/pipeline.py", "ui/audit.py"]),
    ("manager", ["ui/review.py", "ui/pipeline.py", "ui/audit.py", "ui/recommend.py"]),
    ("admin", ["ui/users.py", "ui/gaps.py"]),
])
def test_every_page_renders_for_its_roles(app_db, role, pages):
    at = login(role)
    assert at.session_state["user"]["role"] == role
    for page in pages:
        open_page(at, page)
        assert at.title, page


def test_english_switch(app_db):
    at = login("staff")
    at.toggle(key="lang_toggle").set_value(True).run()
    open_page(at, "ui/gaps.py")
    assert at.title[0].value == "Gaps & opportunities"


def test_chain_map_lists_candidates_of_the_chosen_segment(app_db):
    at = open_page(login("staff"), "ui/chain_map.py")
    at.selectbox(key="map_segment").set_value("separator").run()
    assert "隔膜" in at.subheader[0].value
    table = at.table[-1].value   # a plain table, so that each reason reads in full
    assert len(table) > 0 and table["匹配类型"].isin(["补链", "强链", "延链", "串链"]).all()


def test_staff_shortlists_manager_approves_and_it_is_audited(app_db):
    at = open_page(login("staff"), "ui/recommend.py")
    at.session_state["rec_table"] = {"selection": {"rows": [0, 1], "columns": [], "cells": []}}
    at.run()
    at.button(key="rec_add").click().run()
    assert at.success and "2" in at.success[0].value
    store = Store.open(app_db)
    listed = items(store)
    assert len(listed) == 2 and set(listed["status"]) == {"待审"}

    at = open_page(login("manager"), "ui/review.py")
    item = int(listed["id"].iloc[0])
    at.selectbox(key=f"review_item_{int(listed['shortlist_id'].iloc[0])}").set_value(item).run()
    at.radio(key="review_decision").set_value("同意")
    at.text_area(key="review_comment").input("优先走访")
    next(b for b in at.button if b.label == "提交审核").click().run()
    assert not at.exception
    row = items(store).set_index("id").loc[item]
    assert (row["status"], row["review_comment"], row["reviewed_by"]) == ("同意", "优先走访", "manager")
    log = store.audit_log()
    assert ((log["action"] == "review:同意") & (log["username"] == "manager") & log["detail"].str.contains("优先走访")).any()
    assert ((log["action"] == "add_to_shortlist") & (log["username"] == "staff")).sum() == 2
    open_page(at, "ui/audit.py")
    assert "审核:同意" in set(at.dataframe[0].value["action"])


def test_staff_cannot_approve_or_promote(app_db):
    from chains.errors import PermissionDenied
    from recommender.shortlists import review_item
    at = login("staff")
    with pytest.raises(PermissionDenied):   # the server-side check, whatever the menu shows
        review_item(Store.open(app_db), at.session_state["user"], 1, "同意", "")
    from recommender.auth import require
    with pytest.raises(PermissionDenied, match="may not do this"):
        require(at.session_state["user"], "model.promote")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(APP.replace("app.py", "ui/models.py"))   # not registered for staff at all
    store = Store.open(app_db)
    assert registry.versions(store).empty and items(store).empty


def test_analyst_uploads_deals_retrains_and_promotes(app_db, tmp_path):
    store = Store.open(app_db)
    some = store.enterprises()["enterprise_id"].iloc[:3].tolist()
    csv = pd.DataFrame({"统一社会信用代码": some, "阶段": ["接触", "考察", "签约"], "日期": ["2026-10-01"] * 3,
                        "产业链": ["动力电池"] * 3}).to_csv(index=False).encode("gb18030")
    before = len(store.deal_events())
    at = open_page(login("analyst"), "ui/data_import.py")
    from recommender.importer import import_files
    # AppTest cannot drive a file uploader, so the page's own import call is exercised directly here…
    import_files(store, deals=("新结果.csv", csv), user="analyst")
    assert len(store.deal_events()) == before + 3
    # …and the retrain, comparison and promotion through the page's buttons.
    open_page(at, "ui/models.py")
    at.button(key="models_train").click().run(timeout=TRAIN_TIMEOUT)   # training under a shared CPU
    assert not at.exception and "last_training" in at.session_state
    version = at.session_state["last_training"][0]
    assert registry.active_version(store) is None          # registered, not yet active
    at.button(key="models_promote").click().run()
    assert registry.active_version(store) == version
    assert "promote" in set(registry.activations(store)["action"])


def test_import_page_shows_every_problem_in_a_table(app_db):
    from chains.errors import SchemaError
    from recommender.importer import import_files
    bad = "统一社会信用代码,阶段,日期\nNOPE,飞了,2024-02-30\n".encode()
    with pytest.raises(SchemaError) as info:
        import_files(Store.open(app_db), deals=("d.csv", bad))
    assert len(info.value.problems) == 3


def test_clicking_a_segment_on_the_chain_map_shows_its_candidates(app_db):
    at = open_page(login("staff"), "ui/chain_map.py")
    at.session_state["chain_map"] = {"selection": {"seg": [{"segment": "cathode"}]}}   # what a click sends
    at.run()
    assert at.selectbox(key="map_segment").value == "cathode" and "正极材料" in at.subheader[0].value
    at.segmented_control(key="map_chain").set_value("data_center").run()           # another chain: picker resets
    assert not at.exception and at.selectbox(key="map_segment").value == "chips"   # the chain's first segment


def test_staff_logs_a_visit_on_the_profile_page(app_db):
    store = Store.open(app_db)
    before = len(store.deal_events())
    at = open_page(login("staff"), "ui/profile.py")
    eid = at.selectbox(key="profile_enterprise").value   # no search yet: the picker of the unsearched list
    at.selectbox(key=f"log_stage_stage_{eid}").set_value("考察")
    at.text_input(key=f"log_stage_note_{eid}").input("示例：实地考察宝坻经济开发区")
    at.button(key=f"log_stage_save_{eid}").click().run()
    assert not at.exception and at.success
    events = store.deal_events()
    assert len(events) == before + 1
    new = events.sort_values("event_id").iloc[-1]
    assert (new["enterprise_id"], new["stage"], new["recorded_by"]) == (eid, "考察", "staff")
    assert "实地考察" in new["note"]


def test_english_switch_renames_segments_on_the_chain_map(app_db):
    at = login("staff")
    at.toggle(key="lang_toggle").set_value(True).run()
    open_page(at, "ui/chain_map.py")
    at.selectbox(key="map_segment").set_value("separator").run()
    assert at.subheader[0].value.startswith("Separator") and "Recommendations" in at.subheader[0].value


def test_staff_work_from_the_pipeline_tracker_and_plan_only_their_own_deals(app_db):
    """The tracker is reachable by staff (it was not in their menu), shows unowned deals they can take, and the
    owner rules hold on the server: staff plan their own or unowned deals, analysts none, managers any."""
    import datetime as dt
    from chains.errors import PermissionDenied
    store = Store.open(app_db)
    at = open_page(login("staff"), "ui/pipeline.py")
    shown = at.dataframe[0].value
    assert len(shown) and set(shown["owner"]) <= {"—", "staff"}            # missing shown as —, never None
    assert not shown.isna().any().any()
    assert ((shown["days"] <= 365) | (shown["due_date"] != "—")).all()     # dormant deals only on request
    deal_id = int(store.deals().query("stage not in ['落地', '终止']")["id"].iloc[0])
    staff, other = {"username": "staff", "role": "staff"}, {"username": "staff2", "role": "staff"}
    store.update_deal(deal_id, staff, None, "示例：寄送园区资料", dt.date(2026, 12, 1))
    row = store.deals().set_index("id").loc[deal_id]
    assert (row["owner"], row["next_step"]) == ("staff", "示例：寄送园区资料")        # taken by planning it
    with pytest.raises(PermissionDenied):
        store.update_deal(deal_id, other, None, "抢过来", None)                      # another staff member's deal
    with pytest.raises(PermissionDenied):
        store.update_deal(deal_id, {"username": "analyst", "role": "analyst"}, None, "x", None)
    store.update_deal(deal_id, {"username": "manager", "role": "manager"}, "staff2", "转交", None)
    assert store.deals().set_index("id").at[deal_id, "owner"] == "staff2"
    log = store.audit_log()
    assert (log["action"] == "update_deal").sum() == 2 and log["detail"].str.contains("owner=staff2").any()


def test_pages_render_their_reasons_when_the_text_and_traits_model_serves(app_db):
    from recommender.snapshot import Snapshot
    from recommender.training import fit_final
    store = Store.open(app_db)
    snap = Snapshot.load(store)
    until = pd.to_datetime(snap.events["date"]).max() + pd.Timedelta(days=1)
    model, info = fit_final(snap, {"name": "text_traits", "blend": None}, until)
    version = registry.register(store, model, kind="text_traits", params={"ranker": "text_traits", **info}, metrics={},
                                train_until=until, user="analyst", note="test")
    assert registry.active_version(store) == version
    at = open_page(login("analyst"), "ui/insight.py")
    assert any(f"v{version}" in c.value for c in at.caption) and len(at.expander)  # its weights, under its version
    at = open_page(login("staff"), "ui/recommend.py")
    shown = at.dataframe[0].value
    assert len(shown) and shown["reasons"].str.len().gt(0).all()  # every row has its reasons


def test_the_profile_says_when_a_text_model_placed_the_firm(app_db):
    """A firm whose words no template knows is placed by the listed firms' prior at import; its profile says
    so instead of showing a chain with no clause behind it."""
    from recommender.importer import import_files
    from recommender.tag_learning import LEARNED_PLACED
    firm = {"enterprise_id": "LEARNED-1", "name": "示例·空调压缩机有限公司", "main_products": "汽车空调压缩机的生产和销售"}
    store = Store.open(app_db)
    import_files(store, enterprises=("e.csv", pd.DataFrame([firm]).to_csv(index=False).encode()), user="test")
    accounts(store)
    at = open_page(login("staff"), "ui/profile.py")
    at.text_input(key="profile_query").input("LEARNED-1").run()
    assert not at.exception and at.selectbox[0].value == "LEARNED-1"
    counts = {c for frame in at.dataframe if "counts" in frame.value for c in frame.value["counts"]}
    assert LEARNED_PLACED in counts
