"""企业画像: what a firm does (segments and the evidence), tags, the gaps it fills and for which leaders,
its deal history; log a new contact, visit or stage; download a one-page brief."""
import datetime as dt
import zlib

import pandas as pd
import streamlit as st

from chains.errors import ChainMatchError
from recommender.columns import STAGE_ORDER
from recommender.exports import enterprise_brief
from recommender.features import placements
from recommender.tag_learning import learned_evidence
from ui.common import (chain_label, current_user, demo_note, guard, lang, md_escape, region, scores, segment_names, show,
                       show_static,
                       snapshot, store, t, tagger, text_or_dash)
from ui.i18n import place, tags_text, value
from ui.relations_view import relation_panel

st.title(t("nav.profile"))
demo_note()
snap = snapshot()
ents = snap.enterprises
candidates = scores(region())
query = st.text_input(t("rec.search"), key="profile_query")
# Each search gets a picker of its own: a picker kept across searches went on showing the firm chosen before
# while the page (and a visit saved from it) was about the first hit of the new search.
picker = "profile_enterprise" if not query else f"profile_enterprise_{zlib.crc32(query.encode('utf-8')):08x}"
if query:  # name, credit code or business scope
    hits = ents[ents["name"].str.contains(query, regex=False, na=False) | (ents["enterprise_id"] == query)
                | ents["business_scope"].str.contains(query, regex=False, na=False)]
    options = hits["enterprise_id"].head(200).tolist()
else:
    # two columns, not all; a firm has one row per chain, so the best 200 firms are in the best 200 × chains rows
    best_first = candidates[["enterprise_id", "score"]].sort_values("score", ascending=False).head(200 * len(snap.chains))
    options = best_first["enterprise_id"].drop_duplicates().head(200).tolist()
if st.session_state.get("profile_open") in snap.names.index:  # opened from another page
    opened = st.session_state.pop("profile_open")
    options = [opened, *[o for o in options if o != opened]]
    st.session_state[picker] = opened
if not options:
    st.info(t("profile.none"))
    st.stop()
if st.session_state.get(picker) not in options:
    st.session_state.pop(picker, None)
eid = st.selectbox(t("profile.pick"), options, format_func=lambda e: f"{snap.names[e]}（{e}）", key=picker)
ent = ents.iloc[snap.names.index.get_loc(eid)].to_dict()  # by the names' index, not a scan of every enterprise

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("rec.district"), place(text_or_dash(ent.get("district")), lang()))
c2.metric(t("rec.size"), text_or_dash(ent.get("employees")))
c3.metric(t("rec.intent"), value(text_or_dash(ent.get("relocation_intent")).replace("—", "未知"), lang()))
c4.markdown(f"<small>{t('rec.tags')}</small>\n\n" + md_escape(text_or_dash(tags_text(ent.get("tags"), lang()))),
            unsafe_allow_html=True)   # a list of tags runs longer than a metric shows
st.markdown(f"**{t('profile.scope')}**：" + md_escape(text_or_dash(ent.get("business_scope"))))

st.subheader(t("profile.segments"))
names = segment_names()
tags = snap.tags[snap.tags["enterprise_id"] == eid].copy()
tags["chain_name"] = tags["chain"].map(lambda c: chain_label(c) if c else value("不属于四条产业链", lang()))
tags["segment_name"] = (tags["chain"] + "." + tags["segment"]).map(names).fillna(value("（仅识别到产业链）", lang()))
show(tags, ["chain_name", "segment_name", "confidence"])
scope, products, iname, code = (ent.get(c) if isinstance(ent.get(c), str) else None
                                for c in ("business_scope", "main_products", "industry_name", "industry_code"))
evidence = pd.DataFrame(tagger().explain(scope, products, code)   # and what a learned reader decided, if anything
                        + learned_evidence(list(zip(tags["chain"], tags["segment"], tags["confidence"])),
                                           tagger().tag_text(scope, products, iname, code)))
if len(evidence):
    evidence["segment_name"] = (evidence["chain"] + "." + evidence["segment"]).map(names).fillna(
        value("产业链泛称", lang())).where(evidence["chain"] != "", "—")
    show(evidence, ["clause", "keyword", "segment_name", "counts", "weight"])

st.subheader(t("profile.matches"))
mine = candidates[candidates["enterprise_id"] == eid].copy()
mine["chain_name"] = mine["chain"].map(chain_label)
mine["segment_name"] = (mine["chain"] + "." + mine["segment"]).map(names)
show_static(mine, ["chain_name", "segment_name", "match_type", "score", "belongs", "rank", "segment_rank", "reasons",
                   "park_reason"])   # reasons in full
# the best receiving place: for the firm's best candidate row, else for its own best reading (a local firm)
own_best = tags[tags["segment"] != ""].sort_values("confidence", ascending=False).head(1)
place_rows = mine.sort_values("score", ascending=False).head(1) if len(mine) else own_best.assign(enterprise_id=eid)
if len(place_rows):
    best_place = placements(snap, region(), place_rows).iloc[0]
    line = best_place["park_reason_en" if lang() == "en" else "park_reason"] or t("park.none")
else:
    line = t("park.none")
st.markdown(f"**{t('profile.park')}**：" + md_escape(line))

relation_panel(snap, eid, region())

st.subheader(t("profile.history"))
history = snap.events[snap.events["enterprise_id"] == eid].sort_values("date").copy()
history["chain_name"] = history["chain"].map(lambda c: chain_label(c) if c else "—")
history["segment_name"] = (history["chain"] + "." + history["segment"]).map(names).fillna("—")
history["note"] = history["note"].fillna("")
show(history, ["date", "stage", "chain_name", "segment_name", "recorded_by", "note"])

# The form follows the firm on screen: its keys carry the firm's id, its defaults its best reading.
best = mine.sort_values("score", ascending=False).head(1)
own_tags = tags[tags["segment"] != ""].sort_values("confidence", ascending=False)
default_chain = (best["chain"].iloc[0] if len(best) else own_tags["chain"].iloc[0] if len(own_tags)
                 else history["chain"].iloc[-1] if len(history) and history["chain"].iloc[-1] else list(snap.chains)[0])
chain_ids = list(snap.chains)
st.markdown(f"**{t('profile.log')}**")
c1, c2, c3, c4 = st.columns(4)
stage = c1.selectbox(t("profile.stage"), STAGE_ORDER, key=f"log_stage_stage_{eid}", format_func=lambda s: value(s, lang()))
date = c2.date_input(t("profile.date"), value=dt.date.today(), key=f"log_stage_date_{eid}")
chain = c3.selectbox(t("chain"), chain_ids, format_func=chain_label, key=f"log_stage_chain_{eid}",
                     index=chain_ids.index(default_chain))
segs = ["", *snap.chains[chain].segments]
firm_segs = [s for c, s in zip(own_tags["chain"], own_tags["segment"]) if c == chain]
default_seg = best["segment"].iloc[0] if len(best) and best["chain"].iloc[0] == chain else (firm_segs[0] if firm_segs else "")
segment = c4.selectbox(t("segment"), segs, index=segs.index(default_seg) if default_seg in segs else 0,
                       format_func=lambda s: names.get(f"{chain}.{s}", "—"), key=f"log_stage_segment_{eid}_{chain}")
note = st.text_input(t("profile.note"), key=f"log_stage_note_{eid}")
if st.button(t("profile.save"), key=f"log_stage_save_{eid}") and guard("deal.log"):
    try:
        store().log_stage(eid, region(), chain, stage, date, current_user()["username"], note, segment=segment)
        st.session_state["profile_saved"] = True
        st.rerun()  # the history and the brief below show the new record at once
    except ChainMatchError as exc:
        st.error(str(exc))
if st.session_state.pop("profile_saved", False):
    st.success(t("profile.saved"))

# The brief is a Chinese document for the bureau's files: its names are the Chinese ones, whatever the screen shows.
zh_chain = {c.id: c.name_zh for c in snap.chains.values()}
zh_seg = {f"{c.id}.{s.id}": s.name_zh for c in snap.chains.values() for s in c.segments.values()}


def in_chinese(frame):
    return frame.assign(chain_name=frame["chain"].map(zh_chain).fillna("—"),
                        segment_name=(frame["chain"] + "." + frame["segment"].fillna("")).map(zh_seg).fillna("—"))


segments_for_brief = in_chinese(tags).assign(confidence=tags["confidence"].round(2))
brief = enterprise_brief(ent, segments_for_brief, in_chinese(mine), in_chinese(history), snap.regions[region()].name,
                         bool(ent.get("synthetic")))
st.download_button(t("profile.brief"), brief.encode("utf-8"), file_name=f"brief-{eid}.html", mime="text/html", key="brief")
