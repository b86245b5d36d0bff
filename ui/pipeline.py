"""招商进展: deal stages by chain over time, and the investment signed and landed."""
import altair as alt
import pandas as pd
import streamlit as st

from ui.common import chain_label, demo_note, region, snapshot, t

st.title(t("nav.pipeline"))
demo_note()
ev = snapshot().events
ev = ev[ev["region_id"] == region()].copy()
if ev.empty:
    st.info("暂无对接记录。")
    st.stop()
ev["date"] = pd.to_datetime(ev["date"])
ev["quarter"] = ev["date"].dt.to_period("Q").astype(str)
names = {c: chain_label(c) for c in snapshot().chains}
ev["chain_name"] = ev["chain"].map(names).fillna("未注明")
current = ev.sort_values("date").drop_duplicates("deal_id", keep="last")
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("pipeline.firms"), current["enterprise_id"].nunique())
c2.metric(t("pipeline.signed"), int((current["stage"] == "签约").sum()))
c3.metric(t("pipeline.landed"), int((current["stage"] == "落地").sum()))
c4.metric(t("pipeline.amount_total"), f"{current.loc[current['stage'].isin(['签约', '落地']), 'amount_wan'].sum() / 1e4:.1f}")
st.subheader(t("pipeline.stages"))
order = ["接触", "考察", "洽谈", "签约", "落地", "终止"]
by_stage = ev.groupby(["quarter", "chain_name", "stage"], as_index=False).size()
st.altair_chart(alt.Chart(by_stage).mark_bar().encode(
    x=alt.X("quarter:O", title=None), y=alt.Y("size:Q", title="记录数"),
    color=alt.Color("stage:N", sort=order, title="阶段"), row=alt.Row("chain_name:N", title=None)).properties(height=110))
st.subheader(t("pipeline.amount"))
money = ev[ev["stage"].isin(["签约", "落地"])].groupby(["quarter", "chain_name", "stage"], as_index=False)["amount_wan"].sum()
st.altair_chart(alt.Chart(money).mark_line(point=True).encode(
    x=alt.X("quarter:O", title=None), y=alt.Y("amount_wan:Q", title="万元"), color="chain_name:N", strokeDash="stage:N"),
    width="stretch")
