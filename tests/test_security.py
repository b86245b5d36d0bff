"""Log-in throttling and lockout, no user enumeration, audited failures, demo accounts that retire,
an idle timeout and a log-out that clears the session, errors shown with an id, HTML shown as text."""
import datetime as dt

import pandas as pd
import pytest

from recommender.auth import (DEMO_ACCOUNTS, LOCK_AFTER, LoginThrottled, add_user, demo_accounts_active,
                              ensure_demo_accounts, log_in)
from recommender.cli import main
from recommender.store import Store
from tests.test_app import APP, TIMEOUT, accounts, app_db, login, open_page  # noqa: F401


def failures(store):
    log = store.audit_log()
    return log[log["action"] == "login_failed"]


def test_failed_log_ins_grow_the_wait_then_lock_the_name_and_are_audited(empty_db):
    store = Store.open(empty_db)
    add_user(store, "lee", "long-enough-1", "staff")
    t0 = dt.datetime(2026, 11, 24, 9, 0, 0)
    assert log_in(store, "lee", "wrong", "10.0.0.1", now=t0) is None
    with pytest.raises(LoginThrottled) as first:           # the right password does not help while waiting
        log_in(store, "lee", "long-enough-1", "10.0.0.1", now=t0)
    assert first.value.seconds == 1
    now = t0
    for n in range(2, LOCK_AFTER + 1):                     # each failure doubles the wait …
        now += dt.timedelta(seconds=2 ** (n - 2) + 1)
        assert log_in(store, "lee", "wrong", "10.0.0.1", now=now) is None
    with pytest.raises(LoginThrottled) as locked:          # … until the name is locked for 15 minutes
        log_in(store, "lee", "long-enough-1", "10.0.0.2", now=now + dt.timedelta(minutes=5))
    assert 500 < locked.value.seconds <= 600
    later = now + dt.timedelta(minutes=16)
    assert log_in(store, "lee", "long-enough-1", "10.0.0.2", now=later)["username"] == "lee"
    audited = failures(store)
    assert len(audited) == LOCK_AFTER and set(audited["object_id"]) == {"lee"}
    assert (audited["detail"] == "address=10.0.0.1").all()


def test_names_that_do_not_exist_are_throttled_the_same_way(empty_db):
    """Nothing tells a real name from a made-up one: same answer, same throttling."""
    store = Store.open(empty_db)
    add_user(store, "lee", "long-enough-1", "staff")
    t0 = dt.datetime(2026, 11, 24, 9, 0, 0)
    assert log_in(store, "lee", "wrong", "a", now=t0) is None and log_in(store, "nobody", "wrong", "b", now=t0) is None
    waits = []
    for name, address in (("lee", "a"), ("nobody", "b")):
        with pytest.raises(LoginThrottled) as exc:
            log_in(store, name, "wrong", address, now=t0)
        waits.append(exc.value.seconds)
    assert waits[0] == waits[1]


def test_one_address_guessing_many_names_is_locked_out(empty_db):
    store = Store.open(empty_db)
    t0 = dt.datetime(2026, 11, 24, 9, 0, 0)
    for i in range(20):
        assert log_in(store, f"user{i}", "guess", "10.9.9.9", now=t0 + dt.timedelta(seconds=i)) is None
    with pytest.raises(LoginThrottled):
        log_in(store, "user99", "guess", "10.9.9.9", now=t0 + dt.timedelta(seconds=30))
    assert log_in(store, "user99", "guess", "10.1.1.1", now=t0 + dt.timedelta(seconds=30)) is None   # others may try


def test_demo_accounts_retire_when_real_data_arrives(demo_db, tmp_path, capsys):
    store = Store.open(demo_db)
    ensure_demo_accounts(store)
    assert demo_accounts_active(store) and log_in(store, "admin", "admin-2026") is not None
    real = tmp_path / "real.csv"
    real.write_text("统一社会信用代码,企业名称,经营范围\n91110000REAL000001,北京某真实公司,锂电池隔膜制造\n", encoding="utf-8")
    assert main(["import", "--db", str(demo_db), "--enterprises", str(real)]) == 0
    assert not demo_accounts_active(store)
    for username, *_, password in DEMO_ACCOUNTS:
        assert log_in(store, username, password, f"addr-{username}") is None
    assert ensure_demo_accounts(store) == []                   # make run does not bring them back
    assert main(["users", "--db", str(demo_db), "--ensure-demo"]) == 0
    assert "disabled" in capsys.readouterr().out
    assert (store.audit_log()["action"] == "disable_demo_accounts").sum() == 1


def test_creating_a_real_admin_retires_the_demo_accounts(demo_db):
    store = Store.open(demo_db)
    ensure_demo_accounts(store)
    assert main(["users", "--db", str(demo_db), "--username", "chief", "--role", "admin", "--password", "a-long-secret"]) == 0
    assert not demo_accounts_active(store) and log_in(store, "staff", "staff-2026") is None
    assert log_in(store, "chief", "a-long-secret")["role"] == "admin"


def test_login_page_shows_demo_passwords_only_while_they_work(demo_db, monkeypatch):
    from streamlit.testing.v1 import AppTest
    from recommender.auth import disable_demo_accounts
    monkeypatch.setenv("CHAINMATCH_DB", str(demo_db))
    store = Store.open(demo_db)
    ensure_demo_accounts(store)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert any("staff-2026" in str(tb.value) for tb in at.table)
    disable_demo_accounts(store, "test")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not any("staff-2026" in str(tb.value) for tb in at.table)


def test_idle_sessions_are_logged_out_with_nothing_of_the_session_left(app_db):
    at = login("staff")
    at.session_state["last_seen"] = 0      # long ago
    at.session_state["rec_query"] = "隔膜"
    at.run()
    assert "user" not in at.session_state and "rec_query" not in at.session_state
    assert at.info and "自动退出" in at.info[0].value
    log = Store.open(app_db).audit_log()
    assert (log["action"] == "logout_idle").any()


def test_html_in_names_and_scopes_renders_as_text(app_db):
    from recommender.exports import enterprise_brief
    from recommender.importer import import_files
    store = Store.open(app_db)
    evil = {"enterprise_id": "XSS-1", "name": "<script>alert('x')</script>示例·隔膜有限公司",
            "business_scope": "<img src=x onerror=alert(1)>锂电池隔膜制造；[点我](javascript:alert(1))"}
    import_files(store, enterprises=("xss.csv", pd.DataFrame([evil]).to_csv(index=False).encode()), user="test")
    accounts(store)
    at = open_page(login("staff"), "ui/profile.py")
    at.text_input(key="profile_query").input("XSS-1").run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    scope_line = next(v for v in shown if "锂电池隔膜制造" in v)
    assert "<img" not in scope_line and "](javascript" not in scope_line     # escaped for markdown
    page = enterprise_brief(evil, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), "宝坻区", True)
    assert "<script>" not in page and "<img" not in page and "&lt;img" in page
