"""招商进展: the tracker staff work from (every open deal with owner, last contact, next step, due date;
overdue flagged; a click opens the firm), the funnel by stage and chain with conversion rates, stages over
time and the investment signed and landed."""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from chains.errors import ChainMatchError
from recommender.pipeline import FUNNEL, funnel, open_deals
from ui.common import (chain_label, current_user, demo_note, guard, lang, localise, md_escape, region, segment_names, show, snapshot,
                       store, t)
from ui.i18n import value

# 终止 is grey-red, never green; 签约 and 落地 are clearly different greens/blues.
DORMANT_DAYS = 365
STAGE_COLOURS = {"接触": "#9fb3c8", "考察": "#f0b429", "洽谈": "#de911d", "签约": "#2680c2", "落地": "#199473", "终止": "#ba2525"}

st.title(t("nav.pipeline"))
demo_note()
snap = snapshot()
ev = snap.events[snap.events["region_id"] == region()].copy()
if ev.empty:
    st.info(t("pipeline.none"))
    st.stop()
ev["date"] = pd.to_datetime(ev["date"])
names = segment_names()
current = ev.sort_values("date").drop_duplicates("deal_id", keep="last")
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("pipeline.firms"), current["enterprise_id"].nunique())
c2.metric(t("pipeline.signed"), int((current["stage"] == "签约").sum()))
c3.metric(t("pipeline.landed"), int((current["stage"] == "落地").sum()))
c4.metric(t("pipeline.amount_total"), f"{current.loc[current['stage'].isin(['签约', '落地']), 'amount_wan'].sum() / 1e4:.1f}")

st.subheader(t("pipeline.tracker"))
deals = store().deals()
tracker = open_deals(ev, deals[deals["region_id"] == region()], snap.names)
# each chain's label once, not once a row (a label looks the chains up in the cached snapshot)
chain_names = {c: chain_label(c) if c else "—" for c in {*ev["chain"], *tracker["chain"]}}
tracker["chain_name"] = tracker["chain"].map(chain_names)
tracker["segment_name"] = (tracker["chain"] + "." + tracker["segment"]).map(names).fillna("—")
tracker["overdue"] = tracker["overdue"].map({True: "⚠️", False: ""})
tracker["last_contact"] = tracker["last_contact"].dt.date
mine_only = st.toggle(t("pipeline.mine"), value=current_user()["role"] == "staff", key="pipeline_mine")
# staff see the deals they own and the ones nobody owns yet (which they take by planning them)
view = tracker[tracker["owner"].isna() | tracker["owner"].isin(["", current_user()["username"]])] if mine_only else tracker
# A deal untouched for over a year with no due date is dormant, not active: on the demo (deals since 2021) it would
# otherwise bury the live ones under hundreds of overdue flags. One switch brings them back.
dormant = (view["days"] > DORMANT_DAYS) & view["due_date"].isna()
if not st.toggle(t("pipeline.dormant", n=int(dormant.sum())), value=False, key="pipeline_dormant"):
    view = view[~dormant]
view = view.reset_index(drop=True)
st.caption(t("pipeline.tracker_help", n=len(view), overdue=int((view["overdue"] != "").sum())))
event = show(view, ["overdue", "name", "chain_name", "segment_name", "stage", "owner", "last_contact", "days", "next_step",
                    "due_date"], key="pipeline_table", on_select="rerun", selection_mode="single-row")
if event and event.selection.rows:
    deal = view.iloc[event.selection.rows[0]]
    c1, c2 = st.columns([1, 3])
    if c1.button(t("pipeline.open"), key="pipeline_open"):
        st.session_state["profile_open"] = deal["enterprise_id"]
        st.switch_page("ui/profile.py")
    with c2.form(f"pipeline_edit_{deal['deal_id']}"):
        st.markdown(f"**{md_escape(deal['name'])}** · {t('pipeline.edit')}")
        e1, e2, e3 = st.columns(3)
        owner = e1.text_input(t("pipeline.owner"), value=deal["owner"] or current_user()["username"],
                              disabled=current_user()["role"] not in ("manager", "admin"))
        next_step = e2.text_input(t("pipeline.next"), value=deal["next_step"] or "")
        due = e3.date_input(t("pipeline.due"), value=pd.to_datetime(deal["due_date"]).date() if pd.notna(deal["due_date"])
                            else dt.date.today() + dt.timedelta(days=14))
        if st.form_submit_button(t("profile.save")) and guard("deal.log"):
            try:
                store().update_deal(int(deal["deal_id"]), current_user(), owner, next_step, due)
                st.rerun()
            except ChainMatchError as exc:
                st.error(str(exc))

st.subheader(t("pipeline.funnel"))
by_chain = funnel(ev, by="chain")
by_chain["chain_name"] = by_chain["chain"].map(chain_names)
by_chain["stage_label"] = by_chain["stage"].map(lambda s: value(s, lang()))
stage_order = [value(s, lang()) for s in FUNNEL]
bars = alt.Chart(by_chain).mark_bar().encode(
    x=alt.X("deals:Q", title=t("pipeline.deals")), y=alt.Y("stage_label:N", sort=stage_order, title=None),
    color=alt.Color("stage_label:N", sort=stage_order, legend=None,
                    scale=alt.Scale(domain=stage_order, range=[STAGE_COLOURS[s] for s in FUNNEL])),
    tooltip=[alt.Tooltip("chain_name:N", title=t("chain")), alt.Tooltip("stage_label:N", title=t("profile.stage")),
             alt.Tooltip("deals:Q", title=t("pipeline.deals")), alt.Tooltip("conversion:Q", title=t("pipeline.conversion"), format=".0%")])
text = bars.mark_text(align="left", dx=3).encode(text=alt.Text("conversion:Q", format=".0%"), color=alt.value("#243b53"))
st.altair_chart((bars + text).properties(width=800, height=140).facet(
    row=alt.Row("chain_name:N", title=None, header=alt.Header(labelFontSize=12))))
st.caption(t("pipeline.funnel_help"))

st.subheader(t("pipeline.stages"))
ev["quarter"] = ev["date"].dt.to_period("Q").astype(str)
ev["chain_name"] = ev["chain"].map(chain_names)
ev["stage_label"] = ev["stage"].map(lambda s: value(s, lang()))
all_stages = [*FUNNEL, "终止"]
by_stage = ev.groupby(["quarter", "chain_name", "stage_label"], as_index=False).size()
st.altair_chart(alt.Chart(by_stage).mark_bar().encode(
    x=alt.X("quarter:O", title=None), y=alt.Y("size:Q", title=t("pipeline.records")),
    color=alt.Color("stage_label:N", title=t("profile.stage"), sort=[value(s, lang()) for s in all_stages],
                    scale=alt.Scale(domain=[value(s, lang()) for s in all_stages], range=[STAGE_COLOURS[s] for s in all_stages]),
                    legend=alt.Legend(orient="top", labelFontSize=12, titleFontSize=12)),
    row=alt.Row("chain_name:N", title=None, header=alt.Header(labelFontSize=12))).properties(width=840, height=110))
st.subheader(t("pipeline.amount"))
# 签约 and 落地 side by side, one panel each, so the two stages are never told apart by a dash pattern alone
money = localise(ev[ev["stage"].isin(["签约", "落地"])].groupby(["quarter", "chain_name", "stage"], as_index=False)["amount_wan"].sum())
st.altair_chart(alt.Chart(money).mark_line(point=True).encode(
    x=alt.X("quarter:O", title=None), y=alt.Y("amount_wan:Q", title=t("pipeline.wan")),
    color=alt.Color("chain_name:N", title=t("chain"), legend=alt.Legend(orient="top", labelFontSize=12, titleFontSize=12)),
    tooltip=[alt.Tooltip("quarter:O", title=t("profile.date")), alt.Tooltip("chain_name:N", title=t("chain")),
             alt.Tooltip("stage:N", title=t("profile.stage")), alt.Tooltip("amount_wan:Q", title=t("pipeline.wan"), format=",.0f")],
).properties(width=400, height=240).facet(
    column=alt.Column("stage:N", title=None, sort=[value(s, lang()) for s in ("签约", "落地")],
                      header=alt.Header(labelFontSize=14, labelFontWeight="bold"))))
