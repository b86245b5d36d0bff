"""UI text in Chinese (default) and English.

>>> t("nav.map", "en")
'Chain map'
"""
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
    "login.sso": ("单点登录 (OIDC)", "Single sign-on (OIDC)"),
    "login.sso_unknown": ("该单点登录身份尚未在系统中开通，请联系管理员。", "This sign-on identity has no account here; ask an admin."),
    "map.pick": ("选择环节查看候选企业", "Choose a segment to see its candidates"),
    "map.legend": ("颜色表示缺口类型，圆点大小表示本地企业数，★为链主所在环节；点击环节可查看候选企业。",
                   "Colour: gap type; size: local firms; ★: a chain leader's segment. Click a segment to see its candidates."),
    "gaps.chart": ("机会图：契合度 × 重要度", "Opportunity chart: fit × importance"),
    "rec.filters": ("筛选", "Filters"), "rec.search": ("搜索企业名称或经营范围", "Search name or business scope"),
    "rec.district": ("所在区县", "District"), "rec.size": ("参保人数", "Employees"), "rec.tags": ("资质标签", "Qualifications"),
    "rec.intent": ("疏解意向", "Relocation intent"), "rec.add": ("加入清单", "Add to shortlist"),
    "rec.shortlist": ("清单", "Shortlist"), "rec.new_list": ("新建清单名称", "New shortlist name"),
    "rec.added": ("已加入清单：{n} 家企业", "Added {n} enterprises to the shortlist"),
    "rec.select": ("勾选表格中的企业后加入清单", "Tick rows in the table, then add them to a shortlist"),
    "rec.model": ("当前模型", "Model"),
    "profile.pick": ("选择企业", "Choose an enterprise"), "profile.segments": ("所属环节与依据", "Segments and evidence"),
    "profile.matches": ("可补的缺口", "Gaps it fills"), "profile.history": ("对接记录", "Deal history"),
    "profile.log": ("记录对接进展", "Log a contact, visit or stage"), "profile.stage": ("阶段", "Stage"),
    "profile.date": ("日期", "Date"), "profile.note": ("备注", "Note"), "profile.save": ("保存记录", "Save"),
    "profile.saved": ("已记录。", "Saved."), "profile.brief": ("下载企业简报 (HTML)", "Download one-page brief (HTML)"),
    "import.enterprises": ("企业名单（企业数据库导出）", "Enterprises (database export)"),
    "import.firms": ("本地企业（链主与配套）", "Local firms (leaders and suppliers)"), "import.deals": ("对接结果", "Deal outcomes"),
    "import.run": ("导入", "Import"), "import.ok": ("导入成功：{detail}", "Imported: {detail}"),
    "import.failed": ("文件有误，未导入任何数据：", "The files have problems; nothing was imported:"),
    "models.train": ("用最新对接结果重新训练", "Retrain on the latest outcomes"), "models.until": ("训练截止日期", "Train until"),
    "models.compare": ("新版本与当前版本在同一留出集上的对比", "New version vs the active one on the same hold-out"),
    "models.promote": ("启用此版本", "Promote this version"), "models.rollback": ("回滚到上一个版本", "Roll back"),
    "models.versions": ("模型版本", "Model versions"), "models.history": ("启用记录", "Activation history"),
    "models.done": ("已启用版本 {v}", "Version {v} is active"),
    "insight.importance": ("模型看重什么（各类因素对得分的平均贡献）", "What the model learned (mean contribution of each fact)"),
    "insight.quality": ("数据质量", "Data quality"),
    "review.pick": ("选择清单", "Choose a shortlist"), "review.comment": ("审核意见", "Comment"),
    "review.decision": ("审核结论", "Decision"), "review.submit": ("提交审核", "Submit review"),
    "review.done": ("已提交审核。", "Review saved."), "review.export": ("导出 Excel", "Export to Excel"),
    "pipeline.stages": ("各产业链对接阶段（按季度）", "Deal stages by chain and quarter"),
    "pipeline.amount": ("签约与落地投资额（万元）", "Signed and landed investment (万元)"),
    "audit.title": ("谁在何时做了什么", "Who did what, when"),
    "denied": ("无权限：", "Not allowed: "),
    "users.add": ("新增或修改用户", "Add or change a user"), "users.role": ("角色", "Role"), "users.name": ("显示名称", "Display name"),
}


def t(key: str, lang: str = "zh") -> str:
    zh, en = TEXT[key]
    return en if lang == "en" else zh
