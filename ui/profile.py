"""企业画像: what a firm does (segments and the evidence), tags, the gaps it fills and for which leaders,
its deal history; log a new contact, visit or stage; download a one-page brief."""
import datetime as dt

import pandas as pd
import streamlit as st

from chains.errors import ChainMatchError
from recommender.columns import STAGE_ORDER
from recommender.exports import enterprise_brief
from ui.common import chain_label, current_user, demo_note, guard, region, scores, snapshot, store, t, tagger

st.title(t("nav.profile"))
demo_note()
snap = snapshot()
ents = snap.enterprises
candidates = scores(region())
query = st.text_input(t("rec.search"), key="profile_query")
if query:  # search all enterprises by name or credit code; otherwise offer the best-ranked candidates
    hits = ents[ents["name"].str.contains(query, regex=False, na=False) | (ents["enterprise_id"] == query)]
    options = hits["enterprise_id"].head(200).tolist()
else:
    options = candidates.sort_values("score", ascending=False)["enterprise_id"].drop_duplicates().head(200).tolist()
if not options:
    st.info("没有找到匹配的企业。")
    st.stop()
by_id = ents.set_index("enterprise_id")
eid = st.selectbox(t("profile.pick"), options, format_func=lambda e: f"{by_id.at[e, 'name']}（{e}）", key="profile_enterprise")
ent = by_id.loc[eid].to_dict() | {"enterprise_id": eid}

c1, c2, c3, c4 = st.columns(4)
c1.metric("所在区县", ent.get("district") or "—")
c2.metric("参保人数", "—" if pd.isna(ent.get("employees")) else int(ent["employees"]))
c3.metric("疏解意向", ent.get("relocation_intent") or "未知")
c4.metric("资质标签", (ent.get("tags") or "—").replace(";", "、"))
st.markdown("**经营范围**：" + (ent.get("business_scope") or "—"))

st.subheader(t("profile.segments"))
tags = snap.tags[snap.tags["enterprise_id"] == eid].copy()
seg_names = {f"{c.id}.{s.id}": s.name_zh for c in snap.chains.values() for s in c.segments.values()}
tags["chain_name"] = tags["chain"].map(lambda c: chain_label(c) if c else "不属于四条产业链")
tags["segment_name"] = (tags["chain"] + "." + tags["segment"]).map(seg_names).fillna("（仅识别到产业链）")
st.dataframe(tags[["chain_name", "segment_name", "confidence"]], hide_index=True, width="stretch")
evidence = pd.DataFrame(tagger().explain(ent.get("business_scope")))
if len(evidence):
    evidence["segment_name"] = (evidence["chain"] + "." + evidence["segment"]).map(seg_names).fillna("产业链泛称")
    st.dataframe(evidence[["clause", "keyword", "segment_name", "counts", "weight"]], hide_index=True, width="stretch")

st.subheader(t("profile.matches"))
mine = candidates[candidates["enterprise_id"] == eid].copy()
mine["chain_name"] = mine["chain"].map(chain_label)
st.dataframe(mine[["chain_name", "segment_name", "match_type", "score", "rank", "reasons"]], hide_index=True, width="stretch")

st.subheader(t("profile.history"))
history = snap.events[snap.events["enterprise_id"] == eid].sort_values("date")
st.dataframe(history[["date", "stage", "chain", "segment", "recorded_by", "note"]], hide_index=True, width="stretch")

with st.form("log_stage"):
    st.markdown(f"**{t('profile.log')}**")
    c1, c2, c3 = st.columns(3)
    stage = c1.selectbox(t("profile.stage"), STAGE_ORDER, key="log_stage_stage")
    date = c2.date_input(t("profile.date"), value=dt.date.today(), key="log_stage_date")
    chain = c3.selectbox(t("chain"), list(snap.chains), format_func=chain_label, key="log_stage_chain",
                         index=list(snap.chains).index(mine["chain"].iloc[0]) if len(mine) else 0)
    note = st.text_input(t("profile.note"), key="log_stage_note")
    if st.form_submit_button(t("profile.save")) and guard("deal.log"):
        try:
            store().log_stage(eid, region(), chain, stage, date, current_user()["username"], note)
            st.success(t("profile.saved"))
        except ChainMatchError as exc:
            st.error(str(exc))

segments_for_brief = tags.assign(confidence=tags["confidence"].round(2))
brief = enterprise_brief(ent, segments_for_brief, mine, history, snap.regions[region()].name, bool(ent.get("synthetic")))
st.download_button(t("profile.brief"), brief.encode("utf-8"), file_name=f"brief-{eid}.html", mime="text/html", key="brief")
