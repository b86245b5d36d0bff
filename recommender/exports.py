"""Exports for managers: a shortlist as an Excel workbook (formula-safe) and a one-page brief
per enterprise as printable HTML (escaped; synthetic data labelled 示例).
"""
from __future__ import annotations

import html
import io

import pandas as pd

from recommender.output import write_rows

SHORTLIST_HEADERS = {"shortlist": "清单", "name": "企业名称", "enterprise_id": "统一社会信用代码", "chain": "产业链",
                     "segment": "环节", "match_type": "匹配类型", "score": "得分", "reasons": "推荐理由", "status": "审核状态",
                     "review_comment": "审核意见", "added_by": "提交人", "reviewed_by": "审核人"}
WIDTHS = (14, 30, 22, 12, 16, 8, 8, 60, 8, 24, 10, 10)


def shortlist_workbook(items: pd.DataFrame, chain_names: dict, segment_names: dict | None = None,
                       synthetic: bool = False, exported_at=None) -> bytes:
    """An .xlsx of shortlist items: a note row (export date, 示例 when the data is synthetic), Chinese headers
    frozen with a filter, chain and segment names (not ids); formula-like text stays text (quote prefix)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    frame = items.reindex(columns=list(SHORTLIST_HEADERS)).copy()
    frame["segment"] = [(segment_names or {}).get(f"{c}.{s}", s) for c, s in zip(frame["chain"], frame["segment"])]
    frame["chain"] = frame["chain"].map(lambda c: chain_names.get(c, c))
    frame = frame.rename(columns=SHORTLIST_HEADERS)
    when = pd.Timestamp(exported_at or pd.Timestamp.now()).strftime("%Y-%m-%d %H:%M")
    wb = Workbook()
    ws = wb.active
    ws.title = "招商清单"
    ws.cell(row=1, column=1, value=f"ChainMatch 招商清单 · 导出时间 {when}"
            + (" · 示例数据（合成），仅供演示" if synthetic else "")).font = Font(bold=True, color="B44D12" if synthetic else "000000")
    last = write_rows(ws, frame, start_row=2)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{chr(ord('A') + len(frame.columns) - 1)}{max(last, 2)}"
    for col, width in zip("ABCDEFGHIJKL", WIDTHS):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3, min_col=8, max_col=8):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def enterprise_brief(ent: dict, segments: pd.DataFrame, matches: pd.DataFrame, history: pd.DataFrame,
                     region_name: str, synthetic: bool) -> str:
    """A one-page printable HTML brief. Every value is escaped."""
    e = lambda v: html.escape("" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))  # noqa: E731
    label = '<p class="tag">示例数据（合成）</p>' if synthetic else ""

    def table(frame, cols):
        if frame is None or frame.empty:
            return "<p>—</p>"
        head = "".join(f"<th>{e(h)}</th>" for h in cols.values())
        body = "".join("<tr>" + "".join(f"<td>{e(r.get(c))}</td>" for c in cols) + "</tr>" for r in frame.to_dict("records"))
        return f"<table><tr>{head}</tr>{body}</table>"

    facts = [("统一社会信用代码", ent.get("enterprise_id")), ("所在区县", ent.get("district")), ("行业代码", ent.get("industry_code")),
             ("注册资本(万元)", ent.get("registered_capital_wan")), ("参保人数", ent.get("employees")),
             ("成立日期", ent.get("founded")), ("资质标签", ent.get("tags")), ("疏解意向", ent.get("relocation_intent"))]
    facts_html = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(ent.get('name'))} · 企业简报</title>
<style>
@page {{ size: A4; margin: 14mm; }}
body {{ font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; font-size: 11pt; color: #1f2933; max-width: 180mm; }}
h1 {{ font-size: 17pt; margin: 0 0 4px; }} h2 {{ font-size: 12pt; border-bottom: 1px solid #cbd2d9; margin: 14px 0 6px; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #e4e7eb; padding: 3px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f5f7fa; width: 22%; }} .tag {{ color: #b44d12; font-weight: bold; }} .scope {{ font-size: 9.5pt; color: #52606d; }}
</style></head><body>
<h1>{e(ent.get('name'))}</h1>{label}<p>ChainMatch 企业简报 · 承接区域：{e(region_name)}</p>
<h2>基本信息</h2><table>{facts_html}</table>
<h2>主营业务（经营范围摘录）</h2><p class="scope">{e(ent.get('business_scope'))[:400]}</p>
<h2>所属产业链环节</h2>{table(segments, {'chain_name': '产业链', 'segment_name': '环节', 'confidence': '识别置信度'})}
<h2>可补强的缺口与推荐理由</h2>{table(matches, {'chain_name': '产业链', 'segment_name': '环节', 'match_type': '匹配类型', 'score': '得分', 'rank': '链内排名', 'reasons': '推荐理由', 'park_reason': '建议承接载体'})}
<h2>对接记录</h2>{table(history, {'date': '日期', 'stage': '阶段', 'chain_name': '产业链', 'segment_name': '环节', 'recorded_by': '记录人', 'note': '备注'})}
</body></html>"""
