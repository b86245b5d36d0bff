"""Screenshots of the main pages for the README, from the demo world in headless Chromium.

    .venv/bin/python bench/screenshots.py      # writes docs/screenshots/*.png
    .venv/bin/python bench/screenshots.py pipeline review      # only these
"""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommender.auth import ensure_demo_accounts  # noqa: E402
from recommender.demo import load_demo  # noqa: E402
from recommender.store import Store  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path, login, served_app  # noqa: E402

SHOTS = {  # (role, link text, file)
    "chain_map": ("staff", "产业链图谱"), "gaps": ("staff", "缺口与机会"), "leaders": ("staff", "链主企业"),
    "recommend": ("staff", "招商推荐"),
    "profile": ("staff", "企业画像"), "models": ("analyst", "模型训练与对比"), "pipeline": ("manager", "招商进展"),
    "review": ("manager", "清单审核"),
}
PASSWORDS = {"staff": "staff-2026", "analyst": "analyst-2026", "manager": "manager-2026"}


def settle(page):
    """Wait until the page has finished running (a fixed wait shot half-drawn pages on busy cores)."""
    page.wait_for_timeout(1500)
    try:
        page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=240000)
    except Exception:
        pass
    page.wait_for_timeout(2500)


def main():
    from playwright.sync_api import sync_playwright
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        store = Store.open(db)
        load_demo(store)
        ensure_demo_accounts(store)
        with served_app(db) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            only = set(sys.argv[1:])
            for role in ("staff", "analyst", "manager"):
                if only and not any(SHOTS[n][0] == role for n in only if n in SHOTS):
                    continue
                page = browser.new_page(viewport={"width": 1440, "height": 1100}, locale="zh-CN")
                login(page, url, role, PASSWORDS[role])
                for name, (who, link) in SHOTS.items():
                    if who != role or (only and name not in only):
                        continue
                    page.get_by_role("link", name=link).click()
                    settle(page)
                    if name == "models":
                        page.get_by_role("button", name="用最新对接结果重新训练").click()
                        page.get_by_text("全部基线").wait_for(timeout=300000)   # a retrain on shared cores
                        settle(page)
                    page.screenshot(path=str(out / f"{name}.png"), full_page=False)
                    print("wrote", out / f"{name}.png")
                page.close()
            browser.close()


if __name__ == "__main__":
    main()
