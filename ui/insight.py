"""模型解读与数据质量: what the active model learned (mean contribution of each fact to the score)
and the quality of the data it learns from."""
import altair as alt
import pandas as pd
import streamlit as st

from recommender.features import FEATURES
from ui.common import _model, importance, model_version, region, snapshot, store, t

FACT_NAMES = {"gap": "缺口与重要度", "leaders": "与链主的配套关系", "fit": "本地配套度", "business": "主营相符程度",
              "relocation": "疏解意向", "qualification": "资质", "size": "规模与年限", "location": "所在区域", "history": "对接历史"}

st.title(t("nav.insight"))
snap = snapshot()
version = model_version()
model = _model(store().url, version)
st.subheader(t("insight.importance"))
imp = importance(region())
if len(imp):
    imp["fact"] = imp["group"].map(FACT_NAMES)
    st.altair_chart(alt.Chart(imp).mark_bar().encode(x=alt.X("mean_abs:Q", title="平均贡献（绝对值）"),
                                                    y=alt.Y("fact:N", sort="-x", title=None)), width="stretch")
    if hasattr(model, "coef_"):
        coef = pd.DataFrame({"feature": FEATURES, "weight": model.coef_}).sort_values("weight")
        with st.expander("线性权重 / linear weights"):
            st.dataframe(coef, hide_index=True, width="stretch")
st.caption(f"模型版本：{'v' + str(version) if version else '规则评分（冷启动）'}")

st.subheader(t("insight.quality"))
ents = snap.enterprises
cols = ["district", "industry_code", "business_scope", "main_products", "registered_capital_wan", "employees",
        "revenue_wan", "founded", "tags", "relocation_intent"]
missing = pd.DataFrame({"column": cols, "missing_share": [ents[c].isna().mean() for c in cols]})
st.dataframe(missing.style.format({"missing_share": "{:.1%}"}), hide_index=True, width="stretch")
# The tagger writes one row with an empty chain for a firm in no chain, and one chain-only row
# (empty segment) for a vague scope, so counting those rows counts the firms.
tags = snap.tags
c1, c2, c3 = st.columns(3)
c1.metric("未识别到产业链的企业", int((tags["chain"] == "").sum()))
c2.metric("仅识别到产业链（经营范围模糊）", int(((tags["chain"] != "") & (tags["segment"] == "")).sum()))
deals = store().deals()
c3.metric("未注明环节的对接记录", int((deals["segment"] == "").sum()) if len(deals) else 0)
