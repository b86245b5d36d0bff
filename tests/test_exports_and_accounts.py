"""Manager exports are safe to open; accounts hash passwords and check roles."""
import io

import openpyxl
import pandas as pd
import pytest

from chains.errors import PermissionDenied
from recommender.auth import authenticate, can, require
from recommender.cli import main
from recommender.exports import enterprise_brief
from recommender.output import write_table
from recommender.store import Store


def test_xlsx_output_of_the_cli_is_escaped_too(tmp_path):
    path = write_table(pd.DataFrame({"reasons": ["=1+1", "补链"]}), tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s" and ws["A2"].quotePrefix   # text, shown as typed
    assert ws["A3"].value == "补链" and ws.freeze_panes == "A2"


def test_brief_escapes_html_and_labels_synthetic_data():
    ent = {"enterprise_id": "A", "name": "<script>alert(1)</script>", "business_scope": "隔膜制造"}
    page = enterprise_brief(ent, pd.DataFrame(), pd.DataFrame([{"chain_name": "动力电池", "match_type": "补链", "score": 0.9,
                                                                "rank": 1, "reasons": "补链：填补隔膜环节空白"}]),
                            pd.DataFrame(), "宝坻区", synthetic=True)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "示例数据" in page and "补链：填补隔膜环节空白" in page


def test_demo_accounts_log_in_and_roles_are_checked(empty_db, capsys):
    assert main(["users", "--db", str(empty_db), "--ensure-demo"]) == 0
    assert "staff-2026" in capsys.readouterr().out
    store = Store.open(empty_db)
    staff = authenticate(store, "staff", "staff-2026")
    assert staff == {"username": "staff", "role": "staff", "display_name": "示例·招商专员 张敏"}
    assert authenticate(store, "staff", "wrong") is None and authenticate(store, "nobody", "x") is None
    hashes = store.read(__import__("recommender.schema", fromlist=["users"]).users)["password_hash"]
    assert all(h.startswith("$argon2") for h in hashes)
    with pytest.raises(PermissionDenied):
        require(staff, "shortlist.review")
    assert can("manager", "shortlist.review") and can("analyst", "model.promote") and not can("staff", "model.promote")


def test_adding_a_user_needs_a_real_password(empty_db, capsys):
    assert main(["users", "--db", str(empty_db), "--username", "lee", "--role", "manager", "--password", "short"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert main(["users", "--db", str(empty_db), "--username", "lee", "--role", "manager", "--password", "long-enough"]) == 0
    assert authenticate(Store.open(empty_db), "lee", "long-enough")["role"] == "manager"
