"""In a real browser: a leader whose imported name carries HTML and script shows as text in the chain map's
tooltip, and nothing in it runs (no dialog, no element injected)."""
import pandas as pd
import pytest

from recommender.auth import add_user
from recommender.importer import import_files
from recommender.store import Store
from tests.browser import CHROMIUM_ARGS, chromium_path, login, served_app

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium found (Debian: apt-get install chromium); "
                                                         ".ci/run installs it so this test runs in CI")
EVIL = "<img src=x onerror=alert(1)>示例·隔膜链主<script>alert(2)</script>"


def _hover_until_tooltip_shows(page, chart, needle: str) -> str | None:
    """Move the mouse over the chart on a grid until vega's tooltip holds ``needle``; its inner HTML."""
    box = chart.bounding_box()
    for fy in [i / 40 for i in range(1, 40)]:
        for fx in [i / 60 for i in range(1, 60)]:
            page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
            html = page.evaluate("() => { const t = document.getElementById('vg-tooltip-element');"
                                 " return t && t.classList.contains('visible') ? t.innerHTML : null; }")
            if html and needle in html:
                return html
    return None


def test_html_in_a_leader_name_is_text_in_the_map_tooltip(demo_db, tmp_path):
    from playwright.sync_api import sync_playwright
    store = Store.open(demo_db)
    firm = {"enterprise_id": "XSS-LEADER-1", "name": EVIL, "business_scope": "锂离子电池隔膜制造", "is_leader": "是",
            "chain": "power_battery", "segments": "separator", "region": "宝坻区"}
    import_files(store, firms=("firms.csv", pd.DataFrame([firm]).to_csv(index=False).encode()), user="test")
    add_user(store, "xss-staff", "xss-staff-2026", "staff")        # real data retired the demo accounts
    dialogs = []
    with served_app(demo_db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        login(page, url, "xss-staff", "xss-staff-2026")
        page.get_by_role("link", name="产业链图谱").click()
        chart = page.locator("[data-testid='stVegaLiteChart']").first
        chart.wait_for(timeout=120000)
        page.wait_for_timeout(2000)
        html = _hover_until_tooltip_shows(page, chart, "隔膜链主")
        injected = page.evaluate("() => document.querySelectorAll('#vg-tooltip-element img, #vg-tooltip-element script').length")
        browser.close()
    assert html is not None, "no tooltip showed the leader's name"
    assert "&lt;img" in html and "<img" not in html and "<script" not in html
    assert injected == 0 and dialogs == []
