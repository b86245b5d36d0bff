"""清单审核 (managers) / 我的清单 (staff): shortlists with their review state; managers approve, reject or
ask for more with a comment; export a list to Excel."""
import streamlit as st

from chains.errors import ChainMatchError
from recommender.auth import can
from recommender.exports import shortlist_workbook
from recommender.shortlists import REVIEW_STATES, items, review_item, shortlists
from ui.common import (chain_label, current_user, demo_note, guard, lang, localise, md_escape, segment_names, show, snapshot,
                       store, t)
from ui.i18n import value

user = current_user()
reviewer = can(user["role"], "shortlist.review")
st.title(t("nav.review") if reviewer else t("nav.shortlists"))
demo_note()
lists = shortlists(store())
if lists.empty:
    st.info(t("review.empty"))
    st.stop()
by_id = lists.set_index("id")
list_id = st.selectbox(t("review.pick"), lists["id"].tolist(), key="review_list",
                       format_func=lambda i: f"{by_id.loc[i, 'name']}（{by_id.loc[i, 'created_by']}）")
rows = items(store(), list_id)
names = segment_names()
rows["chain_name"] = rows["chain"].map(chain_label)
rows["segment_name"] = (rows["chain"] + "." + rows["segment"].fillna("")).map(names).fillna("—")
rows["review_comment"] = rows["review_comment"].fillna("")
counts = rows["status"].value_counts()
cols = st.columns(len(REVIEW_STATES))
for col, state in zip(cols, REVIEW_STATES):
    col.metric(value(state, lang()), int(counts.get(state, 0)))
# What a reviewer decides on comes first; the long reason last (and in full below for the chosen item).
show(rows, ["name", "segment_name", "status", "review_comment", "match_type", "score", "chain_name", "reasons",
            "added_by", "reviewed_by"])
if len(rows):
    # one item picker per list: a picker kept across lists could show an item of the list chosen before
    item = st.selectbox(t("review.item"), rows["id"].tolist(), key=f"review_item_{list_id}",
                        format_func=lambda i: rows.set_index("id").loc[i, "name"])
    chosen = localise(rows[rows["id"] == item]).iloc[0]
    st.info(f"**{md_escape(chosen['name'])}** · {chosen['chain_name']} · {chosen['segment_name']} · {chosen['status']}\n\n"
            f"{md_escape(chosen['reasons'])}"
            + (f"\n\n{t('review.comment')}：{md_escape(chosen['review_comment'])}" if chosen["review_comment"] else ""))
    if reviewer:
        with st.form("review_form"):
            decision = st.radio(t("review.decision"), REVIEW_STATES[1:], horizontal=True, key="review_decision",
                                format_func=lambda s: value(s, lang()))
            comment = st.text_area(t("review.comment"), key="review_comment")
            if st.form_submit_button(t("review.submit"), type="primary") and guard("shortlist.review"):
                try:
                    review_item(store(), user, item, decision, comment)
                    st.session_state["review_saved"] = True
                    st.rerun()
                except ChainMatchError as exc:
                    st.error(str(exc))
if st.session_state.pop("review_saved", False):
    st.success(t("review.done"))
zh_names = {f"{c.id}.{s.id}": s.name_zh for c in snapshot().chains.values() for s in c.segments.values()}
synthetic = bool(store().get_meta("demo_loaded"))
st.download_button(t("review.export"), shortlist_workbook(rows, {c: snapshot().chains[c].name_zh for c in snapshot().chains},
                                                          zh_names, synthetic),
                   file_name=f"shortlist-{list_id}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="review_export")
