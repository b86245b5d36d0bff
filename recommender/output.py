"""Write result tables as CSV (UTF-8) or .xlsx, chosen by the file's ending.

Text cells that a spreadsheet would run as a formula (= + - @, tab, CR) are
escaped with a leading apostrophe in Excel output.

>>> escape_formula("=HYPERLINK(\\"x\\")"), escape_formula("补链"), escape_formula(-1.5)
('\\'=HYPERLINK("x")', '补链', -1.5)
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from chains.errors import ChainMatchError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(escape_formula)


def write_table(frame: pd.DataFrame, path: Path | str, sheet_name="ChainMatch") -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        excel_safe(frame).to_excel(path, index=False, sheet_name=sheet_name, engine="openpyxl")
    elif suffix in (".csv", ".txt", ""):
        frame.to_csv(path, index=False, encoding="utf-8")
    else:
        raise ChainMatchError(f"{path.name}: output must end in .csv or .xlsx")
    return path
