"""Every UI text key a page uses exists, in Chinese and English."""
import re
from pathlib import Path

from ui.i18n import TEXT, t

UI = Path(__file__).resolve().parent.parent / "ui"


def test_every_key_used_by_a_page_exists_in_both_languages():
    used = set()
    for path in [*UI.glob("*.py"), UI.parent / "app.py"]:
        used |= set(re.findall(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_]+)["']""", path.read_text(encoding="utf-8")))
        used |= {f"nav.{k}" for k in re.findall(r'"([a-z]+)": \("ui/', path.read_text(encoding="utf-8"))}
    assert used, "no keys found"
    missing = sorted(k for k in used if k not in TEXT)
    assert not missing
    for key, (zh, en) in TEXT.items():
        assert zh and en, key
    assert t("nav.recommend") == "招商推荐" and t("nav.recommend", "en") == "Recommendations"
