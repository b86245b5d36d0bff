"""Write result tables as CSV (UTF-8) or .xlsx, chosen by the file's ending.

Text cells that a spreadsheet would run as a formula (= + - @, tab, CR) are written to Excel as text
with the quote-prefix style: Excel shows them as typed, never runs them, and shows no apostrophe.

>>> is_formula_like("=HYPERLINK(\\"x\\")"), is_formula_like("补链"), is_formula_like(-1.5)
(True, False, False)
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from chains.errors import ChainMatchError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def write_rows(ws, frame: pd.DataFrame, start_row: int = 1) -> int:
    """Write a header and the rows of ``frame`` into an openpyxl sheet from ``start_row``; text that looks like a
    formula is stored as text (quote prefix). Missing values are empty cells. Returns the last row written."""
    for j, name in enumerate(frame.columns, start=1):
        ws.cell(row=start_row, column=j, value=str(name))
    for i, row in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for j, v in enumerate(row, start=1):
            if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
                continue
            if hasattr(v, "item"):  # numpy scalars
                v = v.item()
            cell = ws.cell(row=i, column=j)
            cell.value = v
            if is_formula_like(v):
                cell.data_type = "s"
                cell.quotePrefix = True
    return start_row + len(frame)


def write_table(frame: pd.DataFrame, path: Path | str, sheet_name="ChainMatch") -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.title = sheet_name
        write_rows(ws, frame)
        ws.freeze_panes = "A2"
        wb.save(path)
    elif suffix in (".csv", ".txt", ""):
        frame.to_csv(path, index=False, encoding="utf-8")
    else:
        raise ChainMatchError(f"{path.name}: output must end in .csv or .xlsx")
    return path
