"""模型解读与数据质量: what the active model learned (mean contribution of each fact to the score)
and the quality of the data it learns from."""
import altair as alt
import pandas as pd
import streamlit as st

from recommender.rankers import second_stage
from ui.common import demo_note, _model, importance, lang, model_version, region, show, snapshot, store, t

FACT_NAMES = {"gap": ("缺口与重要度", "gap and importance"), "leaders": ("与链主的配套关系", "ties to the leaders"),
              "fit": ("本地配套度", "local fit"), "business": ("主营相符程度与企业类型", "main business and kind of firm"),
              "relocation": ("疏解意向", "relocation intent"), "qualification": ("资质", "qualifications"),
              "size": ("规模与年限", "size and age"), "location": ("所在区域", "location"), "history": ("对接历史", "history with the office"),
              "park": ("承接载体契合度", "fit with a receiving place")}

st.title(t("nav.insight"))
demo_note()
snap = snapshot()
version = model_version()
model = _model(store().url, version)
st.subheader(t("insight.importance"))
imp = importance(region())
if len(imp):
    imp["fact"] = imp["group"].map(lambda g: FACT_NAMES.get(g, (g, g))[lang() == "en"])
    st.altair_chart(alt.Chart(imp).mark_bar().encode(x=alt.X("mean_abs:Q", title=t("insight.mean_abs")),
                                                    y=alt.Y("fact:N", sort="-x", title=None,
                                                             axis=alt.Axis(labelLimit=320))), width="stretch")
    ranker = second_stage(model)  # a trained model's P(it comes | approached)
    if hasattr(ranker, "coef_"):
        from ui.i18n import feature
        coef = pd.DataFrame({"feature": [feature(f, lang()) for f in ranker.feature_names_], "weight": ranker.coef_}).sort_values("weight")
        with st.expander(t("insight.weights")):
            show(coef, ["feature", "weight"])
st.caption(t("insight.version", v="v" + str(version) if version else t("f.cold_start")))

st.subheader(t("insight.quality"))
ents = snap.enterprises
cols = ["district", "industry_code", "business_scope", "main_products", "registered_capital_wan", "employees",
        "revenue_wan", "founded", "tags", "relocation_intent"]
from ui.i18n import column as header  # noqa: E402
missing = pd.DataFrame({"column": [header(c, lang()) for c in cols],
                        "missing_share": [ents[c].isna().mean() for c in cols]})
show(missing, ["column", "missing_share"],
     column_config={"missing_share": st.column_config.NumberColumn(header("missing_share", lang()), format="percent")})
# The tagger writes one row with an empty chain for a firm in no chain, and one chain-only row
# (empty segment) for a vague scope, so counting those rows counts the firms. The segment reader names a
# segment for most chain-only rows at import; those left have no text to read it from.
tags = snap.tags
c1, c2, c3 = st.columns(3)
c1.metric(t("insight.unplaced"), int((tags["chain"] == "").sum()))
c2.metric(t("insight.chain_only"), int(((tags["chain"] != "") & (tags["segment"] == "")).sum()))
deals = store().deals()
c3.metric(t("insight.no_segment"), int((deals["segment"] == "").sum()) if len(deals) else 0)
