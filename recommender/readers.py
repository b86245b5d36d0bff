"""Read a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, detected) or .xlsx file into a frame of strings.

Bad files raise InputError with one sentence; cells come back as stripped
strings with empty cells as None.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
>>> _ = p.write_bytes("企业名称,统一社会信用代码\\n甲公司,91X\\n".encode("gb18030"))
>>> read_table(p).to_dict("records")
[{'企业名称': '甲公司', '统一社会信用代码': '91X'}]
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from chains.errors import InputError

ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(raw: bytes, name: str) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), then GB18030 (a superset of GBK)."""
    if b"\x00" in raw[:4096]:
        raise InputError(name, reason="this is not a text (CSV) file: it contains binary data")
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(raw).best()
    if best is None:
        raise InputError(name, reason="the file's text encoding could not be recognised (use UTF-8 or GB18030)")
    return str(best)


def read_table(path: Path | str, display_name: str | None = None) -> pd.DataFrame:
    """Read a contract file into a frame of stripped strings (None for empty cells)."""
    path = Path(path)
    name = display_name or path.name
    if not path.exists():
        raise InputError(name, reason="the file does not exist")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(name, reason="the file is empty")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if not zipfile.is_zipfile(io.BytesIO(raw)):
            raise InputError(name, reason="the file is named .xlsx but is not an Excel workbook")
        try:
            frame = pd.read_excel(io.BytesIO(raw), sheet_name=0, dtype=str, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds for broken workbooks
            raise InputError(name, reason=f"the Excel workbook could not be read ({type(exc).__name__})") from None
    elif suffix == ".xls":
        raise InputError(name, reason="old .xls workbooks are not supported; save it as .xlsx or CSV")
    else:
        text = decode_text(raw, name)
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(name, reason=f"the CSV could not be parsed ({str(exc).strip().splitlines()[0]})") from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if len(frame.columns) == 0 or all(c.startswith("Unnamed") for c in frame.columns):
        raise InputError(name, reason="the file has no header row")
    return as_cells(frame.map(lambda v: (v.strip() or None) if isinstance(v, str) else v))


def as_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns whose missing values are None (pandas would infer NaN)."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)
