"""Firm-name normalisation for matching relation rows to known firms.

Enterprise databases spell the same firm in several ways: full-width or
half-width letters and brackets, 有限公司 / 有限责任公司 / 股份有限公司, stray
spaces.  ``normalise_name`` maps all of them to one key; ``match_names`` uses
the key to find the known firm, and says plainly when there is none.

>>> normalise_name("国安盟固利（天津）新能源科技有限责任公司 ")
'国安盟固利(天津)新能源科技'
>>> normalise_name("国安盟固利(天津)新能源科技股份有限公司") == normalise_name("国安盟固利（天津）新能源科技有限公司")
True
"""
from __future__ import annotations

import re
import unicodedata

# Longest first, so 股份有限公司 is stripped whole rather than as 有限公司.
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")
_SPACE = re.compile(r"\s+")


def normalise_name(name: object) -> str:
    """One matching key per firm name; '' for empty or missing names.

    NFKC folds full-width letters, digits and brackets to half-width;
    whitespace is removed; letters are lower-cased; the legal-form suffix is
    dropped.

    >>> normalise_name("ＡＢＣ　示例电池 股份有限公司")
    'abc示例电池'
    >>> normalise_name(None)
    ''
    """
    if name is None or (isinstance(name, float) and name != name):
        return ""
    text = unicodedata.normalize("NFKC", str(name))
    text = _SPACE.sub("", text).lower()
    text = text.replace("【", "(").replace("】", ")")
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            if len(text) > len(suffix):
                text = text[: -len(suffix)]
            break
    return text


def match_names(names, known: dict) -> dict:
    """Map each name to the id of the known firm with the same key, or None.

    ``known`` maps firm id -> name.  A key shared by two known firms is
    ambiguous and matches neither (the caller reports it).

    >>> match_names(["示例隔膜（天津）有限公司", "无名"], {"91A": "示例隔膜(天津)有限责任公司"})
    {'示例隔膜（天津）有限公司': '91A', '无名': None}
    """
    index: dict = {}
    for firm_id, firm_name in known.items():
        key = normalise_name(firm_name)
        if key:
            index[key] = None if key in index and index[key] != firm_id else firm_id
    return {n: index.get(normalise_name(n)) for n in names}
