"""End to end in a real browser: log in, open the recommendations, add one to a shortlist, screenshot."""
import pytest

from recommender.auth import ensure_demo_accounts
from recommender.shortlists import items
from recommender.store import Store
from tests.browser import CHROMIUM_ARGS, chromium_path, login, served_app

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium found (Debian: apt-get install chromium); "
                                                         ".ci/run installs it so this test runs in CI")


def test_staff_adds_a_recommendation_to_a_shortlist_in_chromium(demo_db, tmp_path):
    from playwright.sync_api import sync_playwright
    ensure_demo_accounts(Store.open(demo_db))
    with served_app(demo_db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        login(page, url, "staff", "staff-2026")
        page.get_by_role("link", name="招商推荐").click()
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.wait_for(timeout=60000)
        page.wait_for_timeout(1500)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)   # the first row's selection box
        page.get_by_role("button", name="加入清单").click()
        page.get_by_text("已加入清单").wait_for(timeout=30000)
        shot = tmp_path / "recommendations.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 20000
    listed = items(Store.open(demo_db))
    assert len(listed) == 1 and listed.iloc[0]["added_by"] == "staff"
