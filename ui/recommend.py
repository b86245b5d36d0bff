"""招商推荐: ranked candidates per chain or segment with reasons and filters; add to a shortlist."""
import pandas as pd
import streamlit as st

from chains.errors import ChainMatchError
from chains.parks import candidates
from recommender.shortlists import add_items, create_shortlist, shortlists
from ui.common import (chain_label, chain_scores, current_user, demo_note, guard, lang, localise, md_escape, model_version,
                       park_label, region, segment_names, show, snapshot, store, t)
from ui.i18n import place, tags_text, value

st.title(t("nav.recommend"))
demo_note()
snap = snapshot()
version = model_version()
st.caption(f"{t('rec.model')}: {'v' + str(version) if version else t('f.cold_start')}")
chain = st.selectbox(t("chain"), list(snap.chains), format_func=chain_label, key="rec_chain")
data = chain_scores(region(), chain)
names = segment_names()
segs = {s.id: names[f"{chain}.{s.id}"] for s in snap.chains[chain].segments.values()}
data = data.assign(segment_name=(data["chain"] + "." + data["segment"]).map(names))
en = lang() == "en"
with st.expander(t("rec.filters"), expanded=True):
    c1, c2, c3 = st.columns(3)
    seg_pick = c1.multiselect(t("segment"), list(segs), format_func=segs.get, key="rec_segments",
                              placeholder=t("choose"))
    match_pick = c2.multiselect(t("f.match_type"), ["补链", "强链", "延链", "串链"], key="rec_match",
                                format_func=lambda v: value(v, lang()), placeholder=t("choose"))
    district_pick = c3.multiselect(t("rec.district"), sorted(data["district"].dropna().unique()), key="rec_district",
                                   format_func=lambda v: place(v, lang()), placeholder=t("choose"))
    c4, c5, c6 = st.columns(3)
    intent_pick = c4.multiselect(t("rec.intent"), ["是", "否", "未知"], key="rec_intent", format_func=lambda v: value(v, lang()),
                                 placeholder=t("choose"))
    tag_pick = c5.multiselect(t("rec.tags"), ["专精特新", "高新技术企业", "上市公司"], key="rec_tags",
                              format_func=lambda v: tags_text(v, lang()), placeholder=t("choose"))
    size = c6.slider(t("rec.size"), 0, 2000, (0, 2000), step=10, key="rec_size")
    c7, c9, c8 = st.columns([1, 1, 2])
    places = [p["name"] for p in candidates(snap.regions[region()].parks)] if region() in snap.regions else []
    park_pick = c7.multiselect(t("rec.park"), [*places, ""], key="rec_park", format_func=park_label,
                               placeholder=t("choose"))
    sure = c9.slider(t("rec.belongs"), 0.0, 1.0, 0.0, step=0.05, key="rec_belongs", help=t("rec.belongs_help"))
    query = c8.text_input(t("rec.search"), key="rec_query")
view = data
if seg_pick:
    view = view[view["segment"].isin(seg_pick)]
if match_pick:
    view = view[view["match_type"].isin(match_pick)]
if district_pick:
    view = view[view["district"].isin(district_pick)]
if intent_pick:
    view = view[view["relocation_intent"].fillna("未知").isin(intent_pick)]
for tag in tag_pick:
    view = view[view["tags"].fillna("").str.contains(tag)]
if size != (0, 2000):
    emp = pd.to_numeric(view["employees"], errors="coerce")
    view = view[emp.between(size[0], size[1] if size[1] < 2000 else float("inf"))]
if park_pick:
    view = view[view["park"].isin(park_pick)]
if sure > 0:
    view = view[view["belongs"].fillna(0.0) >= sure]
if query:
    view = view[view["name"].str.contains(query, regex=False, na=False)
                | view["business_scope"].fillna("").str.contains(query, regex=False)]
view = view.head(500).reset_index(drop=True)
st.caption(t("rec.select"))
event = show(view, ["rank", "segment_rank", "name", "segment_name", "match_type", "score", "belongs", "reasons", "park_reason",
                    "district", "relocation_intent", "tags"], key="rec_table", on_select="rerun", selection_mode="multi-row",
             column_config={"park_reason": st.column_config.TextColumn(t("rec.park"), width="large")})
picked = view.iloc[event.selection.rows] if event and event.selection.rows else view.iloc[0:0]
for row in localise(picked.head(5)).to_dict("records"):  # the full reason of each ticked row, readable at any width
    st.info(f"**{md_escape(row['name'])}** · {row['segment_name']} · {t('f.match_type')} {row['match_type']} · "
            f"{t('rec.rank_line', chain=row['rank'], segment=row['segment_rank'])}\n\n{md_escape(row['reasons'])}\n\n"
            f"{t('rec.park')}：{md_escape(row['park_reason_en' if en else 'park_reason'])}")
lists = shortlists(store())
lists = lists[lists["region_id"] == region()]
c1, c2 = st.columns([2, 1])
options = [None, *lists["id"].tolist()]
chosen = c1.selectbox(t("rec.shortlist"), options, key="rec_list",
                      format_func=lambda i: t("rec.new_list_option") if i is None else lists.set_index("id").loc[i, "name"])
# the suggested name follows the chain on screen (its key carries the chain)
new_name = c2.text_input(t("rec.new_list"), value=t("rec.list_name", chain=chain_label(chain)),
                         key=f"rec_new_name_{chain}") if chosen is None else ""
if st.button(t("rec.add"), type="primary", disabled=picked.empty, key="rec_add") and guard("shortlist.add"):
    try:
        user = current_user()
        list_id = chosen if chosen is not None else create_shortlist(store(), user, new_name, region())
        n = add_items(store(), user, list_id, picked)
        st.success(t("rec.added", n=n))
    except ChainMatchError as exc:
        st.error(str(exc))
