"""清单审核 (managers) / 我的清单 (staff): shortlists with their review state; managers approve, reject or
ask for more with a comment; export a list to Excel."""
import streamlit as st

from chains.errors import ChainMatchError
from recommender.auth import can
from recommender.exports import shortlist_workbook
from recommender.shortlists import REVIEW_STATES, items, review_item, shortlists
from ui.common import chain_label, current_user, guard, snapshot, store, t

user = current_user()
reviewer = can(user["role"], "shortlist.review")
st.title(t("nav.review") if reviewer else t("nav.shortlists"))
lists = shortlists(store())
if lists.empty:
    st.info("还没有清单。招商专员可在“招商推荐”页勾选企业加入清单。")
    st.stop()
list_id = st.selectbox(t("review.pick"), lists["id"].tolist(), key="review_list",
                       format_func=lambda i: f"{lists.set_index('id').loc[i, 'name']}（{lists.set_index('id').loc[i, 'created_by']}）")
rows = items(store(), list_id)
rows["chain_name"] = rows["chain"].map(chain_label)
counts = rows["status"].value_counts()
cols = st.columns(len(REVIEW_STATES))
for col, state in zip(cols, REVIEW_STATES):
    col.metric(state, int(counts.get(state, 0)))
st.dataframe(rows[["id", "name", "chain_name", "match_type", "score", "reasons", "status", "review_comment", "added_by", "reviewed_by"]],
             hide_index=True, width="stretch")
if reviewer and len(rows):
    with st.form("review_form"):
        item = st.selectbox("企业", rows["id"].tolist(), key="review_item",
                            format_func=lambda i: rows.set_index("id").loc[i, "name"])
        decision = st.radio(t("review.decision"), REVIEW_STATES[1:], horizontal=True, key="review_decision")
        comment = st.text_area(t("review.comment"), key="review_comment")
        if st.form_submit_button(t("review.submit"), type="primary") and guard("shortlist.review"):
            try:
                review_item(store(), user, item, decision, comment)
                st.success(t("review.done"))
                st.rerun()
            except ChainMatchError as exc:
                st.error(str(exc))
names = {c: chain_label(c) for c in snapshot().chains}
st.download_button(t("review.export"), shortlist_workbook(rows, names), file_name=f"shortlist-{list_id}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="review_export")
