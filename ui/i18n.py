"""UI text in Chinese (default) and English: labels (TEXT), table headers (COLUMNS), data values (VALUES)
and the reasons the ranker writes in Chinese (reason_en).

>>> t("nav.map", "en")
'Chain map'
>>> value("签约", "en"), value("补链", "en"), value("补链", "zh")
('signed', 'repair', '补链')
>>> reason_en("补链：填补隔膜环节空白；有疏解意向", {"隔膜": "Separator"})
'repair: fills the empty Separator segment; intends to relocate'
"""
import re

TEXT = {
    "app.title": ("ChainMatch 产业链招商推荐", "ChainMatch · Industry-chain investment matching"),
    "demo.note": ("当前数据为示例（合成）数据，仅链主企业与园区来自公开报道。", "Demo data is synthetic (示例); only the chain leaders and parks come from public reports."),
    "nav.login": ("登录", "Log in"), "nav.map": ("产业链图谱", "Chain map"), "nav.gaps": ("缺口与机会", "Gaps & opportunities"),
    "nav.recommend": ("招商推荐", "Recommendations"), "nav.profile": ("企业画像", "Enterprise profile"),
    "nav.import": ("数据导入", "Data import"), "nav.models": ("模型训练与对比", "Train & compare models"),
    "nav.insight": ("模型解读与数据质量", "Model insight & data quality"), "nav.review": ("清单审核", "Shortlist review"),
    "nav.shortlists": ("我的清单", "My shortlists"), "nav.pipeline": ("招商进展", "Pipeline"), "nav.audit": ("操作记录", "Audit log"),
    "nav.users": ("用户管理", "Users"), "nav.logout": ("退出登录", "Log out"),
    "section.explore": ("产业链", "Chains"), "section.work": ("招商工作", "Work"), "section.analysis": ("数据与模型", "Data & models"),
    "section.manage": ("管理", "Management"), "section.account": ("账户", "Account"),
    "region": ("区域", "Region"), "chain": ("产业链", "Chain"), "segment": ("环节", "Segment"), "language": ("语言", "Language"),
    "login.username": ("用户名", "Username"), "login.password": ("密码", "Password"), "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码错误。", "Wrong username or password."), "login.demo": ("示例账户", "Demo accounts"),
    "login.throttled": ("登录失败次数过多，请 {s} 秒后再试。", "Too many failed log-ins; try again in {s} seconds."),
    "login.idle": ("长时间未操作，已自动退出登录。", "You were logged out after a period of inactivity."),
    "error.unexpected": ("页面出错了，已记录在服务器日志中。请把错误编号 {id} 告诉管理员。",
                         "Something went wrong; it has been logged on the server. Quote error id {id} to your admin."),
    "login.sso": ("单点登录 (OIDC)", "Single sign-on (OIDC)"),
    "login.sso_unknown": ("该单点登录身份尚未在系统中开通，请联系管理员。", "This sign-on identity has no account here; ask an admin."),
    "map.links": ("供应关系", "Supply links"), "map.pick": ("选择环节查看候选企业", "Choose a segment to see its candidates"),
    "map.legend": ("颜色表示缺口类型，圆点大小与括号内数字为本地企业数，★为链主所在环节；点击环节可查看候选企业。",
                   "Colour: gap type; size and the number in brackets: local firms; ★: a chain leader's segment. Click a segment to see its candidates."),
    "gaps.as_of": ("截至日期", "As of"), "gaps.fit_axis": ("契合度：本地已有的上下游（按深度，供需两侧平均）", "Fit: suppliers and customers the region already has (by depth, both sides)"),
    "gaps.importance_axis": ("重要度", "Importance"), "gaps.chart": ("机会图：契合度 × 重要度", "Opportunity chart: fit × importance"),
    "rec.filters": ("筛选", "Filters"), "rec.search": ("搜索企业名称或经营范围", "Search name or business scope"),
    "rec.belongs": ("属于该链的把握不低于", "Belongs to the chain, at least"),
    "rec.belongs_help": ("得分的第一段：按企业文字判断其属于该产业链的概率；调高可只看把握较大的企业",
                         "The score's first stage: how likely the firm's words put it on this chain; raise it to see only "
                         "firms the reading is sure of"),
    "rec.district": ("所在区县", "District"), "rec.size": ("参保人数", "Employees"), "rec.tags": ("资质标签", "Qualifications"),
    "rec.intent": ("疏解意向", "Relocation intent"), "rec.add": ("加入清单", "Add to shortlist"),
    "rec.shortlist": ("清单", "Shortlist"), "rec.new_list": ("新建清单名称", "New shortlist name"),
    "rec.added": ("已加入清单：{n} 家企业", "Added {n} enterprises to the shortlist"),
    "rec.select": ("勾选表格中的企业后加入清单", "Tick rows in the table, then add them to a shortlist"),
    "rec.model": ("当前模型", "Model"),
    "rec.rank_line": ("链内第 {chain} 名，环节内第 {segment} 名", "rank {chain} in the chain, {segment} in the segment"),
    "rec.park": ("建议承接载体", "Suggested receiving place"), "park.none": ("无合适承接载体", "no suitable place"),
    "profile.park": ("建议承接载体", "Suggested receiving place"),
    "rec.new_list_option": ("（新建清单）", "(new shortlist)"), "rec.list_name": ("{chain}招商清单", "{chain} shortlist"),
    "profile.pick": ("选择企业", "Choose an enterprise"), "profile.segments": ("所属环节与依据", "Segments and evidence"),
    "profile.relations": ("以商招商：与本地企业的关联", "Leader network: links to local firms"),
    "profile.no_relations": ("暂无该企业的供应商、客户或投资关系记录（可在数据导入中上传关联关系文件）。",
                             "No supplier, customer or investment links known for this firm (import a relations file)."),
    "nav.leaders": ("链主企业", "Chain leaders"),
    "leaders.intro": ("以商招商：链主的区外供应商与客户最可能随链主而来。下表按推荐得分排列，并给出其可补的环节。",
                      "Leads through the leaders: their suppliers and customers outside the region are the likeliest to follow them. Ranked by score, with the segment each would fill."),
    "leaders.pick": ("选择链主", "Choose a leader"), "leaders.none": ("该区域暂无链主的关联关系记录。", "No relations of this region's leaders are known yet."),
    "leaders.partners": ("区外关联企业", "Related firms outside the region"),
    "leaders.candidates": ("其中为候选企业", "of which candidates"),
    "profile.matches": ("可补的缺口", "Gaps it fills"), "profile.history": ("对接记录", "Deal history"),
    "profile.log": ("记录对接进展", "Log a contact, visit or stage"), "profile.stage": ("阶段", "Stage"),
    "profile.date": ("日期", "Date"), "profile.note": ("备注", "Note"), "profile.save": ("保存记录", "Save"),
    "profile.saved": ("已记录。", "Saved."), "profile.none": ("没有找到匹配的企业。", "No enterprise matches."),
    "profile.scope": ("经营范围", "Business scope"), "profile.brief": ("下载企业简报 (HTML)", "Download one-page brief (HTML)"),
    "import.enterprises": ("企业名单（企业数据库导出）", "Enterprises (database export)"),
    "import.firms": ("本地企业（链主与配套）", "Local firms (leaders and suppliers)"), "import.deals": ("对接结果", "Deal outcomes"),
    "import.run": ("导入", "Import"), "import.ok": ("导入成功：{detail}", "Imported: {detail}"),
    "import.failed": ("{files} 个文件共有 {n} 处问题，未导入任何数据：", "{n} problems in {files} file(s); nothing was imported:"),
    "import.formats": ("CSV（UTF-8 / UTF-8-BOM / GBK / GB18030 自动识别）或 Excel .xlsx；表头可用中文或英文，见数据契约。",
                       "CSV (UTF-8, UTF-8 with BOM, GBK or GB18030, detected) or Excel .xlsx; Chinese or English headers (see the data contract)."),
    "import.counts": ("数据库现有：企业 {e} 家，本地企业 {f} 家，对接记录 {d} 条。",
                      "The database holds {e} enterprises, {f} local firms and {d} deals."),
    "models.train": ("用最新对接结果重新训练", "Retrain on the latest outcomes"), "models.until": ("训练截止日期", "Train until"),
    "models.compare": ("新版本与当前版本在同一留出集上的对比", "New version vs the active one on the same hold-out"),
    "models.promote": ("启用此版本", "Promote this version"), "models.rollback": ("回滚到上一个版本", "Roll back"),
    "models.versions": ("模型版本", "Model versions"), "models.history": ("启用记录", "Activation history"),
    "models.done": ("已启用版本 {v}", "Version {v} is active"),
    "models.pick": ("选择其他版本", "Another version"), "models.none": ("尚无训练版本，当前使用规则评分（冷启动）。",
                                                                  "No trained version yet: the rule score serves (cold start)."),
    "models.baselines": ("全部基线与滚动时间切分", "All baselines and rolling origins"),
    "insight.importance": ("模型看重什么（各类因素对得分的平均贡献）", "What the model learned (mean contribution of each fact)"),
    "insight.quality": ("数据质量", "Data quality"),
    "review.pick": ("选择清单", "Choose a shortlist"), "review.comment": ("审核意见", "Comment"),
    "review.decision": ("审核结论", "Decision"), "review.submit": ("提交审核", "Submit review"),
    "review.done": ("已提交审核。", "Review saved."), "review.item": ("企业", "Enterprise"),
    "review.empty": ("还没有清单。招商专员可在“招商推荐”页勾选企业加入清单。",
                     "No shortlists yet. Staff add firms from the Recommendations page."), "review.export": ("导出 Excel", "Export to Excel"),
    "pipeline.stages": ("各产业链对接阶段（按季度）", "Deal stages by chain and quarter"),
    "pipeline.amount": ("签约与落地投资额（万元）", "Signed and landed investment (10k yuan)"),
    "audit.user": ("用户", "User"), "audit.action": ("操作", "Action"), "audit.title": ("谁在何时做了什么", "Who did what, when"),
    "denied": ("无权限：", "Not allowed: "),
    "f.gap_type": ("缺口类型", "Gap type"), "f.local_firms": ("本地企业", "Local firms"), "f.importance": ("重要度", "Importance"),
    "f.fit": ("契合度", "Fit"), "f.leaders": ("链主", "Chain leaders"), "f.match_type": ("匹配类型", "Match type"),
    "f.cold_start": ("规则评分（冷启动）", "rule score (cold start)"),
    "gaps.quadrants": ("右上：重要且易承接（优先招引）；左上：重要但配套薄弱（需培育）；右下：易承接但重要度一般；左下：暂缓。",
                       "Top right: important and easy to host (approach first); top left: important but thinly supported "
                       "(build up); bottom right: easy but less important; bottom left: later."),
    "pipeline.none": ("暂无对接记录。", "No deals yet."), "pipeline.tracker": ("跟进中的项目", "Open deals"),
    "pipeline.dormant": ("含一年以上无联系、未设截止日期的休眠项目（{n} 个）", "Include {n} dormant deals (no contact for a year, no due date)"),
    "pipeline.mine": ("只看我负责的和无人负责的", "Only mine and unowned"), "pipeline.open": ("打开企业画像", "Open the profile"),
    "pipeline.tracker_help": ("共 {n} 个跟进中的项目，其中 {overdue} 个已逾期（过了截止日期，或60天无联系且未设截止日期）。点选一行可打开企业或修改跟进安排。",
                              "{n} open deals, {overdue} overdue (past the due date, or no contact for 60 days and no due date). "
                              "Select a row to open the firm or change its follow-up."),
    "pipeline.edit": ("跟进安排", "follow-up"), "pipeline.owner": ("负责人", "Owner"), "pipeline.next": ("下一步", "Next step"),
    "pipeline.due": ("截止日期", "Due date"), "pipeline.funnel": ("转化漏斗（按产业链）", "Funnel by chain"),
    "pipeline.deals": ("项目数", "Deals"), "pipeline.conversion": ("较上一阶段转化率", "Conversion from the stage before"),
    "pipeline.funnel_help": ("条形为到达各阶段的项目数，数字为较上一阶段的转化率。", "Bars: deals that reached each stage; numbers: conversion from the stage before."),
    "pipeline.records": ("记录数", "Records"), "pipeline.wan": ("万元", "10k yuan"),
    "pipeline.firms": ("对接企业", "Firms approached"), "pipeline.signed": ("签约", "Signed"), "pipeline.landed": ("落地", "Landed"),
    "pipeline.amount_total": ("签约及落地投资额（亿元）", "Signed + landed investment (100m yuan)"),
    "insight.fact": ("因素", "Fact"), "insight.mean_abs": ("平均贡献（绝对值）", "Mean contribution (absolute)"),
    "insight.weights": ("线性权重", "Linear weights"), "insight.version": ("模型版本：{v}", "Model version: {v}"),
    "insight.unplaced": ("未识别到产业链的企业", "Firms on no chain"), "insight.chain_only": ("已识别产业链但未细分环节", "On a chain, no segment named"),
    "insight.no_segment": ("未注明环节的对接记录", "Deals with no segment"), "users.save": ("保存", "Save"),
    "users.add": ("新增或修改用户", "Add or change a user"),
    "choose": ("请选择", "Choose options"), "upload.button": ("选择文件", "Browse files"),
    "upload.limits": ("每个文件不超过 50 MB；CSV、XLSX 或 TXT。", "Up to 50 MB per file; CSV, XLSX or TXT."), "users.role": ("角色", "Role"), "users.name": ("显示名称", "Display name"),
}


# Table headers: every column a page shows, in both languages.
COLUMNS = {
    "rank": ("链内排名", "Chain rank"), "segment_rank": ("环节内排名", "Segment rank"), "name": ("企业名称", "Enterprise"),
    "enterprise_id": ("统一社会信用代码", "Credit code"), "chain_name": ("产业链", "Chain"), "segment_name": ("环节", "Segment"),
    "match_type": ("匹配类型", "Match type"), "score": ("得分", "Score"), "belongs": ("属于该链的把握", "Belongs to the chain"), "reasons": ("推荐理由", "Reasons"),
    "district": ("所在区县", "District"), "relocation_intent": ("疏解意向", "Relocation intent"), "tags": ("资质标签", "Qualifications"),
    "confidence": ("置信度", "Confidence"), "clause": ("经营范围条目", "Scope item"), "keyword": ("关键词", "Keyword"),
    "counts": ("是否计入", "Counts as"), "weight": ("权重", "Weight"), "date": ("日期", "Date"), "stage": ("阶段", "Stage"),
    "recorded_by": ("记录人", "Recorded by"), "note": ("备注", "Note"), "position": ("位置", "Position"),
    "local_firms": ("本地企业数", "Local firms"), "leaders": ("链主数", "Leaders"), "leader_names": ("链主", "Chain leaders"),
    "gap_type": ("缺口类型", "Gap type"), "importance": ("重要度", "Importance"), "fit": ("契合度", "Fit"),
    "supply_fit": ("上下游配套度", "Supply-chain fit"),
    "status": ("审核状态", "Status"), "review_comment": ("审核意见", "Comment"), "added_by": ("加入人", "Added by"),
    "reviewed_by": ("审核人", "Reviewed by"), "id": ("编号", "ID"), "version": ("版本", "Version"), "active": ("当前启用", "Active"),
    "kind": ("类型", "Kind"), "created_at": ("创建时间", "Created"), "created_by": ("创建人", "Created by"),
    "train_until": ("训练截止", "Trained until"), "at": ("时间", "Time"), "by": ("操作人", "By"), "action": ("操作", "Action"),
    "username": ("用户", "User"), "object_type": ("对象", "Object"), "object_id": ("对象编号", "Object ID"), "detail": ("详情", "Detail"),
    "display_name": ("显示名称", "Display name"), "role": ("角色", "Role"), "file": ("文件", "File"), "row": ("行", "Row"),
    "column": ("列", "Column"), "reason": ("原因", "Reason"), "missing_share": ("缺失比例", "Missing share"),
    "model": ("模型", "Model"), "n": ("样本数", "Items"), "positives": ("签约及以上", "Signed or better"), "ndcg": ("NDCG", "NDCG"),
    "ndcg_lo": ("NDCG下限", "NDCG low"), "ndcg_hi": ("NDCG上限", "NDCG high"), "precision": ("精确率", "Precision"),
    "recall": ("召回率", "Recall"), "feature": ("特征", "Feature"), "owner": ("负责人", "Owner"),
    "last_contact": ("最近联系", "Last contact"), "next_step": ("下一步", "Next step"), "due_date": ("截止日期", "Due"),
    "overdue": ("已逾期", "Overdue"), "days": ("距今天数", "Days"),
    "partner": ("关联企业", "Related firm"), "relation": ("关系", "Relation"), "source": ("来源", "Source"),
    "leader": ("链主", "Chain leader"), "link": ("与链主的关系", "Link to the leader"),
    "park": ("承接载体", "Receiving place"), "park_reason": ("建议承接载体", "Suggested receiving place"),
    "park_fit": ("载体契合度", "Place fit"),
    "industry_code": ("行业代码", "Industry class"), "business_scope": ("经营范围", "Business scope"),
    "main_products": ("主营产品", "Main products"), "registered_capital_wan": ("注册资本（万元）", "Registered capital (10k yuan)"),
    "employees": ("参保人数", "Insured staff"), "revenue_wan": ("营业收入（万元）", "Revenue (10k yuan)"),
    "founded": ("成立日期", "Founded"),
}
# Data values a user sees: stages, gap and match types, review states, positions, evidence marks, audit actions.
VALUES = {
    "接触": "contacted", "考察": "visited", "洽谈": "negotiating", "签约": "signed", "落地": "landed", "终止": "dropped",
    "补链": "repair", "强链": "strengthen", "延链": "extend", "串链": "link", "已覆盖": "covered", "其他产业链": "other chain",
    "供应商": "supplier", "客户": "customer", "对外投资": "investment", "分支机构": "branch", "股东": "shareholder",
    "总部": "head office", "为链主供应": "supplies the leader", "采购链主产品": "buys from the leader",
    "待审": "pending", "同意": "approved", "驳回": "rejected", "需补充": "needs more",
    "上游": "upstream", "中游": "midstream", "下游": "downstream", "是": "yes", "否": "no", "未知": "unknown",
    "计入（制造）": "counts (makes)", "计入（产品）": "counts (product)", "弱计入（研发）": "counts weakly (R&D)",
    "计入（服务）": "counts (service)", "维修，不计入": "repair, not counted", "租赁，不计入": "leasing, not counted",
    "卖方表述，不计入": "selling only, not counted", "许可事项，弱计入": "licence, counts weakly",
    "通用表述，不计入": "generic, not counted", "排除项，不计入": "excluded, not counted", "未涉及产业链": "no chain named",
    "应用领域，弱计入": "field of use, counts weakly",
    "计入（主营产品，加权）": "counts (main products, weighted)", "计入（行业代码）": "counts (industry class)",
    "弱计入（行业代码）": "counts weakly (industry class)", "产业链泛称": "chain in general", "（仅识别到产业链）": "(chain only)",
    "（文本模型）": "(text model)", "文本模型判断：按相似企业的文字归入该链，规则未识别":
    "text model: placed on this chain by the words of similar firms; the rules found nothing",
    "文本模型判断：不属于四条产业链，规则读数较弱未采用": "text model: none of the four chains; the rules' weak reading was not used",
    "文本模型判断：环节按相似文字推断，规则未细分": "text model: segment inferred from similar texts; the rules named none",
    "不属于四条产业链": "none of the four chains", "未注明": "not given", "链内": "within chain", "跨链": "across chains",
    "login": "log in", "login_failed": "failed log-in", "logout": "log out", "import": "import", "log_stage": "log a stage",
    "promote_model": "promote a model", "register_model": "register a model", "rollback_model": "roll back a model",
    "add_to_shortlist": "add to shortlist", "create_shortlist": "create a shortlist", "review": "review",
    "review_item": "review", "add_user": "add a user", "train": "trained", "promote": "promoted", "rollback": "rolled back", "update_deal": "update a deal", "demo": "demo",
}
# The model's features, as the linear-weights table names them.
FEATURES = {
    "gap_repair": ("补链（环节空白）", "repair (empty segment)"), "gap_strengthen": ("强链", "strengthen"),
    "gap_extend": ("延链", "extend"), "gap_link": ("串链", "link"), "importance": ("环节重要度", "segment importance"),
    "fit": ("本地配套度", "local fit"), "local_crowding": ("本地同环节企业数", "local firms in the segment"),
    "saturation": ("环节饱和度", "segment saturation"), "supplies_leader": ("可配套链主", "supplies a leader"),
    "buys_from_leader": ("可承接链主产品", "buys from a leader"), "links_chains": ("连接两条产业链", "links two chains"),
    "leader_proximity": ("与链主的距离", "closeness to a leader"), "tag_confidence": ("环节识别置信度", "segment confidence"),
    "make_share": ("制造类经营范围占比", "share of making in the scope"), "rnd_share": ("研发类占比", "share of R&D"),
    "sell_share": ("销售类占比", "share of selling"), "service_share": ("服务类占比", "share of services"),
    "code_manufacturing": ("行业代码：制造业", "industry class: manufacturing"),
    "code_service": ("行业代码：服务业", "industry class: services"), "code_trade": ("行业代码：批发零售", "industry class: trade"),
    "log_employees": ("参保人数（对数）", "insured staff (log)"), "employees_missing": ("参保人数缺失", "insured staff missing"),
    "log_capital": ("注册资本（对数）", "registered capital (log)"), "log_revenue": ("营业收入（对数）", "revenue (log)"),
    "revenue_missing": ("营业收入缺失", "revenue missing"), "mid_size": ("规模适中", "mid-sized"),
    "age_years": ("成立年限", "years since founding"), "zjtx": ("专精特新", "specialised innovative SME"),
    "high_tech": ("高新技术企业", "high-tech enterprise"), "listed": ("上市公司", "listed"),
    "relocation_yes": ("有疏解意向", "intends to relocate"), "relocation_no": ("明确无疏解意向", "will not relocate"),
    "beijing_core": ("位于疏解重点区域", "in a core district"), "beijing_near": ("临近承接地", "close to the region"),
    "core_x_make": ("疏解重点区域×制造", "core district × making"), "near_x_make": ("临近×制造", "close × making"),
    "prior_contacts": ("此前对接次数", "earlier contacts"), "prior_dropped": ("曾终止", "dropped before"),
    "prior_best_grade": ("此前最远阶段", "furthest earlier stage"), "in_pipeline": ("对接进行中", "deal under way"),
    "recent_contact": ("近期有联系", "recent contact"),
    "rel_supplies_leader": ("为链主供应（以商招商）", "supplies a leader (leader network)"),
    "rel_buys_from_leader": ("采购链主产品（以商招商）", "buys from a leader (leader network)"),
    "rel_invested_by_leader": ("链主投资", "invested by a leader"),
    "rel_branch_of_local": ("本地企业的分支机构", "branch of a local firm"),
    "rel_leader_links": ("关联链主数", "leaders linked"),
    "park_fit": ("承接载体契合度", "receiving-place fit"),
}


MODEL_PARTS = {"text_traits": ("文本与特征", "text and traits"),
               "gradient_boosting_binary": ("梯度提升（二分类）", "gradient boosting (binary)"),
               "gradient_boosting": ("梯度提升", "gradient boosting"), "pairwise_linear": ("成对线性", "pairwise linear"),
               "rule": ("规则评分", "rule score"), "+text": ("＋文本", " + text"),
               "cold start": ("冷启动", "cold start"), "active": ("当前版本", "active"), "new v": ("新版本 v", "new v")}


def model_name(name, lang: str = "zh"):
    """A ranker's name (a version's kind, a row of the comparison) in the UI's language; ``@w`` is a blend
    with the rule score.

    >>> model_name("gradient_boosting+text@0.5"), model_name("rule", "en"), model_name("active (rule, cold start)")
    ('梯度提升＋文本（与规则评分按 0.5 混合）', 'rule score', '当前版本 (规则评分, 冷启动)')
    >>> model_name("text_traits@0.3", "en")
    'text and traits (blended 0.3 with the rule score)'
    """
    if not isinstance(name, str) or not name:
        return name
    base, _, blend = name.partition("@")
    for key, (zh, en) in MODEL_PARTS.items():
        base = base.replace(key, en if lang == "en" else zh)
    if blend:
        base += f" (blended {blend} with the rule score)" if lang == "en" else f"（与规则评分按 {blend} 混合）"
    return base


def feature(name: str, lang: str = "zh") -> str:
    """A model feature's name in the UI's language (unknown names, e.g. text features, as they are)."""
    zh, en = FEATURES.get(name, (name, name))
    return en if lang == "en" else zh


ACTIONS_ZH = {"train": "训练", "promote": "启用", "rollback": "回滚", "login": "登录", "login_failed": "登录失败", "logout": "退出登录", "import": "导入数据", "log_stage": "记录对接",
              "promote_model": "启用模型", "register_model": "登记模型", "rollback_model": "回滚模型",
              "add_to_shortlist": "加入清单", "create_shortlist": "新建清单", "review": "审核", "review_item": "审核",
              "add_user": "新增用户", "update_deal": "更新跟进", "demo": "示例数据", "login_throttled": "登录受限",
              "disable_demo_accounts": "停用示例账户", "logout_idle": "超时退出",
              # the kinds of object an audit record is about
              "user": "用户", "data": "数据", "enterprise": "企业", "shortlist": "清单", "shortlist_item": "清单条目",
              "model": "模型", "deal": "项目"}
VALUES.update({"login_throttled": "log-in throttled", "disable_demo_accounts": "retire the demo accounts",
               "logout_idle": "logged out (idle)", "shortlist_item": "shortlist item"})
# English phrases the audit details are written with, and their Chinese forms
DETAIL_ZH = [(r"demo: seed leaders", "示例：链主种子数据"), (r"demo: synthetic world \(示例\)", "示例：合成数据（示例）"),
             (r"from version (\d+)", r"从版本 \1"), (r"\bowner=", "负责人="), (r"\bnext=", "下一步="), (r"\bdue=", "截止="),
             (r"\baddress=", "地址="), (r"^import ", "导入 ")]


def audit_detail(text, lang: str = "zh", chains: dict | None = None):
    """An audit record's detail in the UI's language: chain ids as chain names, stages and states in the UI's
    language, the English phrases of the log in Chinese (in Chinese mode).

    >>> audit_detail("auto_parts 接触 2026-12-01", "zh", {"auto_parts": "汽车零部件"})
    '汽车零部件 接触 2026-12-01'
    >>> audit_detail("auto_parts 接触 2026-12-01", "en", {"auto_parts": "Auto parts"})
    'Auto parts contacted 2026-12-01'
    >>> audit_detail("E1 owner=staff next= due=", "zh")
    'E1 负责人=staff 下一步= 截止='
    """
    if not isinstance(text, str) or not text:
        return text
    for cid, name in (chains or {}).items():
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(cid)}(?![A-Za-z0-9_])", name, text)
    if lang == "en":
        return re.sub("|".join(sorted((re.escape(k) for k in VALUES if re.search(r"[\u4e00-\u9fff]", k)), key=len, reverse=True)),
                      lambda m: VALUES[m.group(0)], text)
    for pattern, form in DETAIL_ZH:
        text = re.sub(pattern, form, text)
    return text


def t(key: str, lang: str = "zh") -> str:
    zh, en = TEXT[key]
    return en if lang == "en" else zh


def column(name: str, lang: str = "zh") -> str:
    """A table header in the UI's language (unknown names are shown as they are)."""
    zh, en = COLUMNS.get(name, (name, name))
    return en if lang == "en" else zh


def value(v, lang: str = "zh"):
    """A data value in the UI's language: English names for stages, gap types, review states…; Chinese
    names for audit actions; anything else unchanged."""
    if not isinstance(v, str):
        return v
    if ":" in v and v.split(":", 1)[0] in ACTIONS_ZH:  # review:同意 and the like
        head, tail = v.split(":", 1)
        return f"{value(head, lang)}:{value(tail, lang)}"
    if lang == "en":
        return VALUES.get(v, v)
    return ACTIONS_ZH.get(v, v)


# The ranker's reasons are built from these parts (recommender/explain.py); each has an English rendering.
REASON_PARTS = [
    (r"补链：填补(.+)环节空白", "repair: fills the empty {0} segment"),
    (r"延链：向(上游|中游|下游)(.+)环节延伸", "extend: reaches the {0} {1} segment"),
    (r"串链：以(.+)配套(.+)环节", "link: its {0} supplies the {1} segment"),
    (r"串链：以(.+)连接(.+)", "link: {0} ties in {1}"),
    (r"强链：加强(.+)环节（本地现有(\d+)家）", "strengthen: adds to the {0} segment ({1} local firms)"),
    (r"主营与该环节高度相符，以生产制造为主", "main business matches the segment closely, mainly a manufacturer"),
    (r"主营与该环节高度相符", "main business matches the segment closely"),
    (r"以生产制造为主", "mainly a manufacturer"),
    (r"主营与该环节相关度一般", "main business matches the segment only loosely"),
    (r"经营范围以销售为主", "its scope is mostly sales"),
    (r"有疏解意向", "intends to relocate"), (r"明确无疏解意向", "has said it will not relocate"),
    (r"上市公司外迁意愿通常较低", "listed groups rarely move"),
    (r"参保(\d+)人，规模适中", "{0} insured staff, mid-sized"), (r"参保(\d+)人，规模偏小", "{0} insured staff, small"),
    (r"参保(\d+)人，规模偏大", "{0} insured staff, large"), (r"参保(\d+)人", "{0} insured staff"),
    (r"位于(.+)（疏解重点区域），制造环节外迁压力大", "in {0} (core district under relocation policy; factories must move)"),
    (r"位于(.+)（疏解重点区域）", "in {0} (core district under relocation policy)"),
    (r"位于(.+)，临近承接地", "in {0}, close to the region"),
    (r"位于(.+)，以往该区企业对接成效较好", "in {0}, whose firms have done well in the office's past deals"),
    (r"本地上下游配套度仅(\d+%)", "local supply-chain fit only {0}"), (r"本地上下游配套度(\d+%)", "local supply-chain fit {0}"),
    (r"可配套(.+)", "can supply {0}"), (r"可承接(.+)", "can buy from {0}"), (r"可连接本地两条产业链", "links two local chains"),
    (r"对接进行中（已到(.+)）", "deal under way (reached {0})"), (r"此前已推进至(.+)", "earlier reached {0}"),
    (r"曾接触后终止", "contacted before, then dropped"),
    (r"以商招商：为(.+)供应(.+)", "leader network: supplies {1} to {0}"),
    (r"以商招商：采购(.+)的(.+)", "leader network: buys {1} from {0}"),
    (r"以商招商：(.+)投资的企业", "leader network: invested by {0}"),
    (r"以商招商：本地企业的分支机构", "leader network: a branch of a local firm"),
    (r"契合(.+)定位", "fits what {0} is for"), (r"本地承接载体契合度低", "no receiving place here fits it well"),
    (r"属于该产业链的把握约(\d+%)，得分已相应折减", "only about {0} likely to belong to this chain; the score is cut for it"),
]
# Import problems are written in English by recommender/validation.py and readers.py; their Chinese forms.
PROBLEMS_ZH = [
    (r"required column '(.+)' \((.+)\) is missing", "缺少必填列“{0}”（{1}）"),
    (r"required value is empty", "必填值为空"),
    (r"'(.*)' is not a number", "“{0}”不是数字"), (r"'(.*)' is negative", "“{0}”为负数"),
    (r"'(.*)' is not a whole number", "“{0}”不是整数"), (r"'(.*)' is not a date \(YYYY-MM-DD\)", "“{0}”不是日期（应为 YYYY-MM-DD）"),
    (r"'(.*)' is not a real date", "“{0}”不是真实存在的日期"), (r"'(.*)' appears more than once in this file", "“{0}”在本文件中重复出现"),
    (r"'(.*)' must be 是, 否 or 未知", "“{0}”只能填 是、否 或 未知"), (r"'(.*)' must be 是 or 否", "“{0}”只能填 是 或 否"),
    (r"unknown segment '(.*)' in chain (.+)", "未知环节“{0}”（产业链 {1}）"), (r"unknown segment '(.*)'", "未知环节“{0}”"),
    (r"enterprise '(.*)' is not in enterprises or firms", "企业“{0}”不在企业名单或本地企业中"),
    (r"unknown stage '(.*)' \(use .*\)", "未知阶段“{0}”（应为 接触、考察、洽谈、签约、落地 或 终止）"),
    (r"a segment needs the deal's chain", "填写环节时须同时填写产业链"),
    (r"this is not a text \(CSV\) file: it contains binary data", "这不是文本（CSV）文件：含有二进制内容"),
    (r"the file's text encoding could not be recognised.*", "无法识别文件编码（请使用 UTF-8 或 GB18030）"),
    (r"the file is empty", "文件为空"), (r"the file has no header row", "文件没有表头"),
    (r"the file is named .xlsx but is not an Excel workbook", "文件扩展名为 .xlsx，但不是 Excel 工作簿"),
    (r"the Excel workbook could not be read \((.+)\)", "无法读取该 Excel 工作簿（{0}）"),
    (r"old .xls workbooks are not supported.*", "不支持旧版 .xls，请另存为 .xlsx 或 CSV"),
    (r"the CSV could not be parsed \((.+)\)", "无法解析该 CSV（{0}）"),
    (r"unknown chain '(.*)'.*", "未知产业链“{0}”"),
    (r"'(.*)' on (.*) comes after '(.*)' was reached .*", "“{0}”（{1}）晚于已到达的“{2}”：阶段只能前进，重新接触前请先记录终止"),
    (r"this header appears more than once", "该表头出现了不止一次"),
    (r"the cell holds (.*) characters; at most (.*) are accepted", "单元格有 {0} 个字符，最多接受 {1} 个"),
    (r"the file has (.*) rows; at most (.*) can be imported at once", "文件有 {0} 行，一次最多导入 {1} 行"),
    (r"the file is (.*) MB; at most (.*) MB can be imported", "文件大小 {0} MB，最多可导入 {1} MB"),
    (r"the workbook unpacks to (.*) MB from (.*) MB; refused as a possible zip bomb", "工作簿解压后达 {0} MB（原 {1} MB），疑似压缩炸弹，已拒绝"),
]


def row_zh(row):
    """An import problem's row in Chinese: '1 (line 2)' → '1（文件第 2 行）'; anything else as it is.

    >>> row_zh("1 (line 2)"), row_zh(None)
    ('1（文件第 2 行）', None)
    """
    m = re.fullmatch(r"(\d+) \(line (\d+)\)", str(row)) if row is not None else None
    return f"{m.group(1)}（文件第 {m.group(2)} 行）" if m else row


def problem_zh(reason: str) -> str:
    """An import problem's reason in Chinese (unknown forms are shown as they are).

    >>> problem_zh("'2024-02-30' is not a real date")
    '“2024-02-30”不是真实存在的日期'
    """
    for pattern, form in PROBLEMS_ZH:
        m = re.fullmatch(pattern, reason or "")
        if m:
            return form.format(*m.groups())
    return reason


TAGS_EN = {"专精特新": "specialised innovative SME", "高新技术企业": "high-tech enterprise", "上市公司": "listed"}
# Place names a user sees (districts of the firms, the regions): English forms for English mode.
PLACES = {"东城区": "Dongcheng", "西城区": "Xicheng", "朝阳区": "Chaoyang",
          "丰台区": "Fengtai", "石景山区": "Shijingshan", "海淀区": "Haidian",
          "门头沟区": "Mentougou", "房山区": "Fangshan", "通州区": "Tongzhou",
          "顺义区": "Shunyi", "昌平区": "Changping", "大兴区": "Daxing",
          "怀柔区": "Huairou", "平谷区": "Pinggu", "密云区": "Miyun", "延庆区": "Yanqing",
          "北京经济技术开发区": "Beijing E-Town", "宝坻区": "Baodi",
          "庆阳市": "Qingyang", "天津市宝坻区": "Baodi District, Tianjin", "甘肃省庆阳市": "Qingyang, Gansu"}


def place(name, lang: str = "zh"):
    """A district or region name in the UI's language (unknown names are shown as they are).

    >>> place("海淀区", "en"), place("海淀区"), place("某新区", "en")
    ('Haidian', '海淀区', '某新区')
    """
    return PLACES.get(name, name) if lang == "en" and isinstance(name, str) else name


def tags_text(tags, lang: str = "zh"):
    """Qualification tags (stored as ``a;b``) for display: 、-joined in Chinese, English names in English.

    >>> tags_text("专精特新;高新技术企业"), tags_text("专精特新;上市公司", "en")
    ('专精特新、高新技术企业', 'specialised innovative SME, listed')
    """
    if not isinstance(tags, str) or not tags.strip():
        return tags
    parts = [p for p in tags.replace("、", ";").split(";") if p]
    return ", ".join(TAGS_EN.get(p, p) for p in parts) if lang == "en" else "、".join(parts)


def reason_en(text: str, names: dict | None = None) -> str:
    """A reason in English, part by part; a part with no known form stays as it is (in Chinese).

    ``names`` maps Chinese segment, chain and stage names that appear inside parts to English."""
    if not isinstance(text, str) or not text:
        return text
    names = {**VALUES, **PLACES, **(names or {})}
    out = []
    for part in text.split("；"):
        caution = part.startswith("注意：")
        part = part.removeprefix("注意：")
        english = None
        for pattern, form in REASON_PARTS:
            m = re.fullmatch(pattern, part)
            if m:
                english = form.format(*[names.get(g, g) for g in m.groups()])
                break
        if english is None and all(tag in TAGS_EN for tag in part.split("、")):
            english = ", ".join(TAGS_EN[tag] for tag in part.split("、"))
        out.append(("caution: " if caution else "") + (english if english is not None else part))
    return "; ".join(out)
