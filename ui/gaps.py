"""缺口与机会: the gap table and an opportunity chart (fit × importance): each segment a labelled point,
its chain a shape with a legend, its gap type a colour."""
import altair as alt
import streamlit as st

from ui.common import GAP_COLOURS, label_positions, chain_label, demo_note, lang, region, segment_names, show, snapshot, t
from ui.i18n import value

PLOT_W, PLOT_H = 820, 560   # px of the plotting area (the legends take the rest of the row)
DOMAIN = (-0.02, 1.02)


st.title(t("nav.gaps"))
demo_note()
snap = snapshot()
as_of = st.date_input(t("gaps.as_of"), value=None, key="gaps_as_of")
gaps = snap.gaps(region(), as_of)
gaps["chain_name"] = gaps["chain"].map(chain_label)
gaps["segment_name"] = (gaps["chain"] + "." + gaps["segment"]).map(segment_names())
gaps["gap"] = gaps["gap_type"].replace("", "已覆盖").map(lambda v: value(v, lang()))
chains = st.multiselect(t("chain"), list(snap.chains), default=list(snap.regions[region()].chains) or list(snap.chains),
                        format_func=chain_label, key="gaps_chains", placeholder=t("choose"))
view = gaps[gaps["chain"].isin(chains)].sort_values("importance", ascending=False).reset_index(drop=True)
label_x, label_y, label_text = label_positions(view, PLOT_W, PLOT_H, DOMAIN)
view = view.assign(label_x=label_x, label_y=label_y, label_text=label_text)
st.subheader(t("gaps.chart"))
rules = alt.Chart().mark_rule(strokeDash=[4, 4], opacity=0.4)
base = alt.Chart(view).encode(
    x=alt.X("fit:Q", title=t("gaps.fit_axis"), scale=alt.Scale(domain=list(DOMAIN))),
    y=alt.Y("importance:Q", title=t("gaps.importance_axis"), scale=alt.Scale(domain=list(DOMAIN))))
points = base.mark_point(size=170, filled=True, opacity=0.85).encode(
    color=alt.Color("gap:N", title=t("f.gap_type"), legend=alt.Legend(orient="right", labelFontSize=12, titleFontSize=12),
                    scale=alt.Scale(domain=[value(g, lang()) for g in GAP_COLOURS], range=list(GAP_COLOURS.values()))),
    shape=alt.Shape("chain_name:N", title=t("chain"), legend=alt.Legend(orient="bottom", labelFontSize=12, titleFontSize=12)),
    tooltip=[alt.Tooltip("chain_name", title=t("chain")), alt.Tooltip("segment_name", title=t("segment")),
             alt.Tooltip("gap", title=t("f.gap_type")), alt.Tooltip("local_firms", title=t("f.local_firms")),
             alt.Tooltip("leader_names", title=t("f.leaders")), alt.Tooltip("importance", title=t("f.importance"), format=".2f"),
             alt.Tooltip("fit", title=t("f.fit"), format=".2f")])
labels = alt.Chart(view[view["label_text"] != ""]).mark_text(align="left", baseline="middle", fontSize=10, color="#334e68").encode(
    x=alt.X("label_x:Q", scale=alt.Scale(domain=list(DOMAIN))), y=alt.Y("label_y:Q", scale=alt.Scale(domain=list(DOMAIN))),
    text="label_text:N")
quadrants = rules.encode(x=alt.datum(0.5)) + rules.encode(y=alt.datum(0.5))
st.altair_chart((points + labels + quadrants).properties(width=PLOT_W, height=PLOT_H))
st.caption(t("gaps.quadrants"))
show(view.assign(leader_names=view["leader_names"].fillna(""), gap_type=view["gap_type"].replace("", "已覆盖")),
     ["chain_name", "segment_name", "position", "local_firms", "leaders", "leader_names", "gap_type", "importance", "fit"])
