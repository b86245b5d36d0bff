"""A corpus of hostile and awkward import files, made on the fly: each case is (kind, file name, bytes, verdict,
a phrase the one-sentence answer must hold). Used by tests/test_hostile_files.py and bench/reliability.py."""
from __future__ import annotations

import io
import zipfile

import openpyxl

HEAD = "统一社会信用代码,企业名称,经营范围,注册资本(万元),参保人数,成立日期,疏解意向\n"
GOOD = "91110000HOST000001,示例·正常公司,锂电池隔膜制造,1000,50,2015-06-01,是\n"


def csv(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking workbook whose sheet unpacks to ~600 MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"0" * (1 << 20)
            for _ in range(600):
                f.write(block)
    return buf.getvalue()


def billion_laughs() -> bytes:
    """A workbook whose sheet XML declares nested entities (billion laughs)."""
    good = xlsx([["统一社会信用代码", "企业名称"], ["X1", "甲"]])
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;'
           '&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           '<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>')
    with zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            data = lol.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename)
            z.writestr(item, data)
    return buf.getvalue()


def cases() -> list[tuple]:
    """(kind, name, bytes, "refused" | "accepted", phrase)."""
    good_xlsx = xlsx([HEAD.strip().split(","), GOOD.strip().split(",")])
    deal_head = "统一社会信用代码,阶段,日期,产业链,环节\n"
    out = [
        ("enterprises", "truncated.xlsx", good_xlsx[: len(good_xlsx) // 2], "refused", "not an Excel workbook"),
        ("enterprises", "bomb.xlsx", zip_bomb(), "refused", "zip bomb"),
        ("enterprises", "laughs.xlsx", billion_laughs(), "refused", "could not be read"),
        ("enterprises", "nul.csv", csv(HEAD + "A1,甲\x00乙,x,1,1,2020-01-01,是\n"), "refused", "binary data"),
        ("enterprises", "mixed.csv", csv(HEAD) + "A2,乙公司,隔膜制造,1,1,2020-01-01,是\n".encode("gbk"), "refused", "required column"),
        ("enterprises", "dup_ids.csv", csv(HEAD + GOOD + GOOD), "refused", "more than once"),
        ("enterprises", "dup_headers.csv", csv("统一社会信用代码,企业名称,企业名称\nA3,甲,乙\n"), "refused", "more than once"),
        ("enterprises", "header_only.csv", csv(HEAD), "accepted", ""),
        ("enterprises", "huge_cell.csv", csv(HEAD + "A4,甲," + "隔" * 1_000_000 + ",1,1,2020-01-01,是\n"), "refused", "characters"),
        ("enterprises", "formulas.csv", csv(HEAD + "A5,=HYPERLINK(\"http://x\"),=1+1,1,1,2020-01-01,是\n"), "accepted", ""),
        ("enterprises", "html.csv", csv(HEAD + "A6,<script>alert(1)</script>,<img src=x onerror=alert(1)>,1,1,2020-01-01,是\n"), "accepted", ""),
        ("enterprises", "emoji_gb18030.csv", csv(HEAD + "A7,示例·𠀀𡃁🔋公司,锂电池𠮷制造,1,1,2020-01-01,是\n", "gb18030"), "accepted", ""),
        ("enterprises", "bad_date.csv", csv(HEAD + "A8,甲,x,1,1,2024-02-30,是\n"), "refused", "not a real date"),
        ("enterprises", "text_date.csv", csv(HEAD + "A9,甲,x,1,1,去年,是\n"), "refused", "not a date"),
        ("enterprises", "negative.csv", csv(HEAD + "A10,甲,x,-5,1,2020-01-01,是\n"), "refused", "negative"),
        ("enterprises", "words_number.csv", csv(HEAD + "A11,甲,x,很多,1,2020-01-01,是\n"), "refused", "not a number"),
        ("enterprises", "intent.csv", csv(HEAD + "A12,甲,x,1,1,2020-01-01,也许\n"), "refused", "must be"),
        ("enterprises", "no_id_column.csv", csv("企业名称\n甲\n"), "refused", "required column"),
        ("enterprises", "empty_id.csv", csv(HEAD + ",甲,x,1,1,2020-01-01,是\n"), "refused", "required value is empty"),
        ("enterprises", "empty.csv", b"", "refused", "empty"),
        ("enterprises", "bom_only.csv", "\ufeff".encode("utf-8"), "refused", "could not be parsed"),
        ("enterprises", "old.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "refused", ".xls"),
        ("enterprises", "not_excel.xlsx", csv(HEAD + GOOD), "refused", "not an Excel workbook"),
        ("enterprises", "binary.csv", good_xlsx, "refused", "binary data"),
        ("enterprises", "crlf_gbk.csv", csv((HEAD + GOOD.replace("HOST000001", "HOST000002")).replace("\n", "\r\n"), "gbk"), "accepted", ""),
        ("enterprises", "control_chars.csv", csv(HEAD + "A13,甲\x07公司,隔膜制造,1,1,2020-01-01,是\n"), "accepted", ""),
        ("enterprises", "units.csv", csv(HEAD + "A14,甲,隔膜制造,\"1,000万元\",120人,2020-01-01,否\n"), "accepted", ""),
        ("enterprises", "formulas.xlsx", xlsx([["统一社会信用代码", "企业名称", "经营范围"], ["A15", "=1+1", "=SUM(A1:A2)"]]), "accepted", ""),
        ("deals", "unknown_enterprise.csv", csv(deal_head + "NOPE,接触,2025-01-01,动力电池,\n"), "refused", "not in enterprises"),
        ("deals", "unknown_stage.csv", csv(deal_head + "91110000HOST000001,飞了,2025-01-01,动力电池,\n"), "refused", "unknown stage"),
        ("deals", "unknown_chain.csv", csv(deal_head + "91110000HOST000001,接触,2025-01-01,航天,\n"), "refused", "unknown chain"),
        ("deals", "unknown_segment.csv", csv(deal_head + "91110000HOST000001,接触,2025-01-01,动力电池,火箭发动机\n"), "refused", "unknown segment"),
        ("deals", "segment_without_chain.csv", csv(deal_head + "91110000HOST000001,接触,2025-01-01,,隔膜\n"), "refused", "needs the deal's chain"),
        ("deals", "backwards.csv", csv(deal_head + "91110000HOST000001,签约,2025-03-01,动力电池,\n"
                                                  "91110000HOST000001,接触,2025-06-01,动力电池,\n"), "accepted", ""),
        ("deals", "restart_after_drop.csv", csv(deal_head + "91110000HOST000001,洽谈,2025-03-01,动力电池,\n"
                                                          "91110000HOST000001,终止,2025-04-01,动力电池,\n"
                                                          "91110000HOST000001,接触,2025-09-01,动力电池,\n"), "accepted", ""),
        ("firms", "bad_leader.csv", csv("统一社会信用代码,企业名称,是否链主\nF1,甲,也许\n"), "refused", "must be"),
    ]
    return out
