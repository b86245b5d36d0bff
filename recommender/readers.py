"""Read a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, detected) or .xlsx file into a frame of strings.

Bad files raise InputError with one sentence; cells come back as stripped
strings with empty cells as None. Hostile files are refused before they cost much: a file over MAX_FILE_MB,
a workbook that unpacks to more than MAX_UNPACKED_MB or compresses more than MAX_RATIO times (a zip bomb),
more than MAX_ROWS rows, a cell over MAX_CELL_CHARS characters, a header named twice. openpyxl parses the
workbook's XML through defusedxml (entity expansion refused). Limits can be set by environment variables
(CHAINMATCH_MAX_FILE_MB, CHAINMATCH_MAX_ROWS, CHAINMATCH_MAX_CELL_CHARS).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
>>> _ = p.write_bytes("企业名称,统一社会信用代码\\n甲公司,91X\\n".encode("gb18030"))
>>> read_table(p).to_dict("records")
[{'企业名称': '甲公司', '统一社会信用代码': '91X'}]
"""
from __future__ import annotations

import codecs
import io
import os
import zipfile
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from chains.errors import InputError

ENCODINGS = ("utf-8-sig", "gb18030")
MAX_UNPACKED_MB = 500
MAX_RATIO = 200


def limits() -> dict:
    """The reader's limits, from the environment or the defaults (an export of all of Beijing fits)."""
    env = os.environ.get
    return {"file_mb": float(env("CHAINMATCH_MAX_FILE_MB", "2048")), "rows": int(env("CHAINMATCH_MAX_ROWS", "3000000")),
            "cell": int(env("CHAINMATCH_MAX_CELL_CHARS", "20000"))}


def check_workbook(raw: bytes, name: str) -> None:
    """Refuse a workbook whose parts unpack to far more than it weighs (a zip bomb)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    if unpacked > MAX_UNPACKED_MB * 2**20 or unpacked > MAX_RATIO * max(len(raw), 1) and unpacked > 20 * 2**20:
        raise InputError(name, reason=f"the workbook unpacks to {unpacked / 2**20:.0f} MB from {len(raw) / 2**20:.1f} MB; "
                                      "refused as a possible zip bomb")


def check_frame(frame: pd.DataFrame, name: str) -> None:
    """Row count, header names and cell lengths within the limits (one sentence naming row and column)."""
    lim = limits()
    dupes = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if dupes:
        raise InputError(name, column=dupes[0], reason="this header appears more than once")
    if len(frame) > lim["rows"]:
        raise InputError(name, reason=f"the file has {len(frame):,} rows; at most {lim['rows']:,} can be imported at once")
    for col in frame.columns:
        lengths = frame[col].astype("object").str.len().fillna(0)
        if len(lengths) and lengths.max() > lim["cell"]:
            i = int(lengths.idxmax())
            raise InputError(name, f"{i + 1} (line {i + 2})", col,
                             f"the cell holds {int(lengths.max()):,} characters; at most {lim['cell']:,} are accepted")


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
    size = path.stat().st_size
    if size > limits()["file_mb"] * 2**20:
        raise InputError(name, reason=f"the file is {size / 2**20:.0f} MB; at most {limits()['file_mb']:.0f} MB can be imported")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(name, reason="the file is empty")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if not zipfile.is_zipfile(io.BytesIO(raw)):
            raise InputError(name, reason="the file is named .xlsx but is not an Excel workbook")
        check_workbook(raw, name)
        try:
            # formulas are read as the text they are (=SUM(...)), never evaluated or replaced by cached results
            frame = pd.read_excel(io.BytesIO(raw), sheet_name=0, dtype=str, engine="openpyxl",
                                  engine_kwargs={"data_only": False})
        except Exception as exc:  # openpyxl raises many kinds for broken workbooks
            raise InputError(name, reason=f"the Excel workbook could not be read ({type(exc).__name__})") from None
    elif suffix == ".xls":
        raise InputError(name, reason="old .xls workbooks are not supported; save it as .xlsx or CSV")
    else:
        data = utf8_bytes(raw, name)
        try:
            frame = _read_csv(data)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(name, reason=f"the CSV could not be parsed ({str(exc).strip().splitlines()[0]})") from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if len(frame.columns) == 0 or all(c.startswith("Unnamed") for c in frame.columns):
        raise InputError(name, reason="the file has no header row")
    check_frame(frame, name)
    return as_cells(stripped(frame))


def stripped(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell without surrounding whitespace, empty ones missing (column by column, vectorised).

    >>> as_cells(stripped(pd.DataFrame({"a": [" x ", "  ", None], "b": [1, 2, 3]})))["a"].tolist()
    ['x', None, None]
    """
    columns = []
    for _, col in frame.items():  # by position: a header named twice stays twice
        if pd.api.types.infer_dtype(col, skipna=True) == "string":
            col = col.str.strip()
            col = col.mask(col == "")
        elif col.dtype == object:
            col = col.map(lambda v: (v.strip() or None) if isinstance(v, str) else v)
        columns.append(col)
    if not columns:
        return frame
    out = pd.concat(columns, axis=1)
    out.columns = frame.columns
    return out


def utf8_bytes(raw: bytes, name: str) -> bytes:
    """The file's bytes as UTF-8 without a BOM: as they are when they already are (no copy of a large file),
    else decoded (see decode_text) and encoded again.

    >>> utf8_bytes("名称".encode("gb18030"), "x.csv").decode("utf-8")
    '名称'
    """
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode_text(raw, name).encode("utf-8")
    if b"\x00" in raw[:4096]:
        decode_text(raw, name)  # says why
    return raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw


def _read_csv(data: bytes) -> pd.DataFrame:
    """pandas' CSV reader on UTF-8 bytes (its C parser reads bytes ~3x faster than text), with a header named
    twice kept twice (pandas would rename it 'x.1')."""
    import csv
    header = next(csv.reader(io.StringIO(data.split(b"\n", 1)[0].decode("utf-8"))), [])
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8", dtype=str, keep_default_na=False, skipinitialspace=True)
    if len(header) == len(frame.columns):
        frame.columns = header
    return frame


def as_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns whose missing values are None (pandas would infer NaN)."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)
