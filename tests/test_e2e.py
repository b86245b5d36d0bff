"""End to end in a real browser (Debian's chromium through Playwright), one served app, each role's main job:

- staff: chain map → a segment → its candidates → recommendations → shortlist → profile (searched) → log a
  visit → the brief holds it;
- analyst: import two files with errors (every problem listed) → retrain → promote → retrain → promote → roll back;
- manager: review an item → export the shortlist, opened and checked with openpyxl.
"""
import io

import openpyxl
import pytest

from recommender import registry
from recommender.auth import ensure_demo_accounts
from recommender.shortlists import items
from recommender.store import Store
from tests.browser import CHROMIUM_ARGS, chromium_path, login, served_app, settled, shown_on_failure

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium found (Debian: apt-get install chromium); "
                                                         ".ci/run installs it so this test runs in CI")
LONG = 120000


def _page(browser):
    return browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN", accept_downloads=True)


def _first_row(page):
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=LONG)
    page.wait_for_timeout(1500)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)   # the first row's selection box


def test_each_role_does_its_main_job_in_chromium(demo_db, tmp_path):
    from playwright.sync_api import sync_playwright
    ensure_demo_accounts(Store.open(demo_db))
    ents = Store.open(demo_db).enterprises()
    bare = ents.loc[ents["tags"].isna() & ents["name"].str.contains("正极"), "name"].iloc[0]   # e.g. 博达正极
    bad_ents = tmp_path / "企业.csv"
    bad_ents.write_text("统一社会信用代码,企业名称,成立日期\nX1,示例·坏日期,2024-02-30\n", encoding="utf-8")
    bad_deals = tmp_path / "对接.csv"
    bad_deals.write_bytes("统一社会信用代码,阶段,日期\nX1,飞了,2024-01-01\n".encode("gbk"))
    with served_app(demo_db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with shown_on_failure(browser):
            # staff
            page = _page(browser)
            login(page, url, "staff", "staff-2026")
            page.get_by_role("link", name="产业链图谱").click()
            page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=LONG)
            picker = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first   # a segment → its candidates
            picker.click()
            page.keyboard.type("隔膜")
            page.keyboard.press("Enter")
            page.get_by_text("隔膜 · 招商推荐").wait_for(timeout=LONG)
            candidates = page.locator("[data-testid='stTable']").last
            candidates.wait_for(timeout=LONG)
            assert "推荐理由" in candidates.inner_text() and "…" not in candidates.inner_text()
            page.get_by_role("link", name="招商推荐").click()
            _first_row(page)
            settled(page)
            page.get_by_role("button", name="加入清单").click()
            page.get_by_text("已加入清单").wait_for(timeout=LONG)
            page.screenshot(path=str(tmp_path / "recommendations.png"), full_page=True)
            page.get_by_role("link", name="企业画像").click()
            page.get_by_text("所属环节与依据").wait_for(timeout=LONG)   # the profile (recommendations has a search box too)
            page.get_by_label("搜索企业名称或经营范围").fill(bare)   # a firm with no 资质标签, found by name
            page.keyboard.press("Enter")
            # the picker names the firm the page is about (it once kept showing the firm chosen before the search)
            page.wait_for_function("name => [...document.querySelectorAll(\"[data-testid='stMain'] [data-testid='stSelectbox']\")]"
                                   ".some(e => (e.innerText + [...e.querySelectorAll('input')].map(i => i.value + i.placeholder)"
                                   ".join(' ')).includes(name))", arg=bare, timeout=LONG)
            settled(page)   # the save button below the picker is the searched firm's only once the run has finished
            page.get_by_role("button", name="保存记录").click()
            page.get_by_text("已记录").wait_for(timeout=LONG)
            history = page.get_by_text("对接记录", exact=True)
            assert history.count() >= 1
            with page.expect_download(timeout=LONG) as download:
                page.get_by_role("button", name="下载企业简报 (HTML)").click()
            brief = download.value.path().read_text(encoding="utf-8")
            import datetime as dt
            logged = brief[brief.index("<h2>对接记录</h2>"):]
            assert bare in brief and dt.date.today().isoformat() in logged and "示例" in brief
            page.close()

            # analyst
            page = _page(browser)
            login(page, url, "analyst", "analyst-2026")
            page.get_by_role("link", name="数据导入").click()
            inputs = page.locator("input[type='file']")
            inputs.nth(0).set_input_files(str(bad_ents))
            inputs.nth(2).set_input_files(str(bad_deals))
            page.wait_for_timeout(1500)
            settled(page)
            page.get_by_role("button", name="导入").click()
            page.get_by_text("2 个文件共有 2 处问题").wait_for(timeout=LONG)
            page.get_by_role("link", name="模型训练与对比").click()
            for _ in range(2):
                settled(page)
                page.get_by_role("button", name="用最新对接结果重新训练").click()
                page.get_by_role("button", name="启用此版本").first.wait_for(timeout=LONG)
                settled(page)
                page.get_by_role("button", name="启用此版本").first.click()
                page.get_by_text("已启用版本").wait_for(timeout=LONG)
            settled(page)
            page.get_by_role("button", name="回滚到上一个版本").click()
            page.get_by_text("已启用版本 1").wait_for(timeout=LONG)
            page.close()
            assert registry.active_version(Store.open(demo_db)) == 1

            # manager
            page = _page(browser)
            login(page, url, "manager", "manager-2026")
            page.get_by_role("link", name="清单审核").click()
            page.get_by_text("同意", exact=True).first.click()
            settled(page)
            page.get_by_role("button", name="提交审核").click()
            page.get_by_text("已提交审核").wait_for(timeout=LONG)
            with page.expect_download(timeout=LONG) as download:
                page.get_by_role("button", name="导出 Excel").click()
            ws = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
            page.close()
        browser.close()
    assert "示例" in ws["A1"].value and ws.freeze_panes == "A3"
    header = [c.value for c in ws[2]]
    assert header[:3] == ["清单", "企业名称", "统一社会信用代码"] and ws.max_row >= 3
    listed = items(Store.open(demo_db))
    assert len(listed) == 1 and listed.iloc[0]["status"] == "同意" and listed.iloc[0]["reviewed_by"] == "manager"
