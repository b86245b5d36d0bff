"""缺口与机会: the gap table and a Metroverse-style opportunity chart (fit × importance)."""
import altair as alt
import streamlit as st

from ui.common import GAP_COLOURS, chain_label, demo_note, region, segment_names, snapshot, t

st.title(t("nav.gaps"))
demo_note()
snap = snapshot()
as_of = st.date_input("截至日期 / as of", value=None, key="gaps_as_of")
gaps = snap.gaps(region(), as_of)
gaps["chain_name"] = gaps["chain"].map(chain_label)
gaps["segment_name"] = (gaps["chain"] + "." + gaps["segment"]).map(segment_names())
gaps["gap"] = gaps["gap_type"].replace("", "已覆盖")
chains = st.multiselect(t("chain"), list(snap.chains), default=list(snap.regions[region()].chains) or list(snap.chains),
                        format_func=chain_label, key="gaps_chains")
view = gaps[gaps["chain"].isin(chains)]
st.subheader(t("gaps.chart"))
rules = alt.Chart().mark_rule(strokeDash=[4, 4], opacity=0.4)
chart = alt.Chart(view).mark_circle(size=160, opacity=0.85).encode(
    x=alt.X("fit:Q", title="契合度 fit（本地已有上下游的比例）", scale=alt.Scale(domain=[0, 1])),
    y=alt.Y("importance:Q", title="重要度 importance", scale=alt.Scale(domain=[0, 1])),
    color=alt.Color("gap:N", title="缺口类型", scale=alt.Scale(domain=list(GAP_COLOURS), range=list(GAP_COLOURS.values()))),
    shape=alt.Shape("chain_name:N", title="产业链"),
    tooltip=["chain_name", "segment_name", "gap", "local_firms", "leaders", alt.Tooltip("importance", format=".2f"),
             alt.Tooltip("fit", format=".2f")])
quadrants = rules.encode(x=alt.datum(0.5)) + rules.encode(y=alt.datum(0.5))
st.altair_chart(chart + quadrants, width="stretch")
st.caption(t("gaps.quadrants"))
st.dataframe(view[["chain_name", "segment_name", "position", "local_firms", "leaders", "leader_names", "gap_type", "importance", "fit"]],
             hide_index=True, width="stretch")
