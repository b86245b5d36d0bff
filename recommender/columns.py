"""Column names of the contract's files and outputs, English → Chinese header.

>>> ENTERPRISE_COLUMNS["business_scope"]
'经营范围'
"""

ENTERPRISE_COLUMNS = {
    "enterprise_id": "统一社会信用代码",
    "name": "企业名称",
    "district": "所在区县",
    "industry_code": "行业代码",
    "industry_name": "所属行业",
    "business_scope": "经营范围",
    "main_products": "主营产品",
    "registered_capital_wan": "注册资本(万元)",
    "employees": "参保人数",
    "revenue_wan": "营业收入(万元)",
    "founded": "成立日期",
    "tags": "资质标签",
    "relocation_intent": "疏解意向",
}
FIRM_COLUMNS = {
    **ENTERPRISE_COLUMNS,
    "is_leader": "是否链主",
    "chain": "所属产业链",
    "segments": "产业链环节",
    "park": "所在园区",
    "region": "所属区域",
}
DEAL_COLUMNS = {
    "enterprise_id": "统一社会信用代码",
    "stage": "阶段",
    "date": "日期",
    "chain": "产业链",
    "segment": "环节",
    "park": "园区",
    "amount_wan": "投资额(万元)",
    "region": "区域",
}
RELATION_COLUMNS = {
    "enterprise_id": "统一社会信用代码",
    "related_id": "关联企业统一社会信用代码",
    "related_name": "关联企业",
    "relation": "关系",
    "source": "来源",
    "date": "日期",
    "amount_wan": "金额(万元)",
}
# "related is the enterprise's …": Chinese and English values → one English code.
RELATION_ALIASES = {"供应商": "supplier", "客户": "customer", "对外投资": "investment", "分支机构": "branch",
                    "股东": "shareholder", "supplier": "supplier", "customer": "customer",
                    "investment": "investment", "branch": "branch", "shareholder": "shareholder"}
REQUIRED = {
    "enterprises": ("enterprise_id", "name"),
    "firms": ("enterprise_id", "name"),
    "deals": ("enterprise_id", "stage", "date"),
    "relations": ("enterprise_id", "relation"),
}
COLUMNS = {"enterprises": ENTERPRISE_COLUMNS, "firms": FIRM_COLUMNS, "deals": DEAL_COLUMNS,
           "relations": RELATION_COLUMNS}

# Deal stages: canonical Chinese name → grade used as the ranking label.
STAGE_GRADE = {"终止": 0, "接触": 1, "考察": 2, "洽谈": 2, "签约": 3, "落地": 4}
STAGE_ORDER = ["接触", "考察", "洽谈", "签约", "落地", "终止"]
STAGE_ALIASES = {"contacted": "接触", "visited": "考察", "negotiating": "洽谈", "signed": "签约",
                 "landed": "落地", "dropped": "终止"}

SCORE_COLUMNS = ["enterprise_id", "chain", "segment", "match_type", "score", "rank", "reasons"]
TAG_COLUMNS = ["enterprise_id", "chain", "segment", "confidence"]
GAP_COLUMNS = ["chain", "segment", "segment_name", "position", "local_firms", "leaders", "gap_type",
               "importance", "fit"]
QUALIFICATION_TAGS = ("专精特新", "高新技术企业", "上市公司")
