"""ChainMatch app (first cut): the region's chain gaps. The full workbench comes with roles and pages."""
import streamlit as st

from recommender.cli import open_store
from recommender.snapshot import Snapshot

st.set_page_config(page_title="ChainMatch 产业链招商推荐", layout="wide")
store = open_store(None)
snap = Snapshot.load(store)
region = st.selectbox("区域", list(snap.regions), format_func=lambda r: snap.regions[r].name)
st.title(f"{snap.regions[region].name} 产业链缺口（含示例数据）")
st.dataframe(snap.gaps(region), hide_index=True)
