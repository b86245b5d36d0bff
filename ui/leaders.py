"""链主企业 (以商招商): for each leader of the region, its known suppliers and customers outside the region,
ranked by the served score, with the segment each would fill."""
import pandas as pd
import streamlit as st

from recommender.features import local_parties
from recommender.relations import leader_partners
from ui.common import chain_label, demo_note, region, scores, segment_names, show, snapshot, t

st.title(t("nav.leaders"))
demo_note()
st.caption(t("leaders.intro"))
snap = snapshot()
today = pd.Timestamp.today().normalize()
local = local_parties(snap, region(), today)
leaders = local[local["is_leader"]]
partners = leader_partners(snap.relations, local, scores(region()), today)
if leaders.empty or partners.empty:
    st.info(t("leaders.none"))
    st.stop()
names = dict(zip(leaders["enterprise_id"], leaders["name"]))
leader_id = st.selectbox(t("leaders.pick"), list(names), format_func=names.get, key="leaders_pick")
mine = partners[partners["leader_id"] == leader_id].copy()
c1, c2 = st.columns(2)
c1.metric(t("leaders.partners"), len(mine))
c2.metric(t("leaders.candidates"), int(mine["rank"].notna().sum()))
mine["name"] = mine["enterprise_id"].map(snap.names)
mine["link"] = mine["link"].map({"supplies_leader": "为链主供应", "buys_from_leader": "采购链主产品"})
mine["chain_name"] = mine["chain"].map(lambda c: chain_label(c) if isinstance(c, str) else None)
mine["segment_name"] = (mine["chain"] + "." + mine["segment"]).map(segment_names())
show(mine, ["name", "link", "chain_name", "segment_name", "match_type", "rank", "score"])
