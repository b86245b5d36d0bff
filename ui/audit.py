"""操作记录: the audit log — who did what, when."""
import streamlit as st

from ui.common import guard, store, t

st.title(t("nav.audit"))
if guard("audit.view"):
    log = store().audit_log()
    c1, c2 = st.columns(2)
    users = c1.multiselect("用户 / user", sorted(log["username"].dropna().unique()), key="audit_users")
    actions = c2.multiselect("操作 / action", sorted(log["action"].unique()), key="audit_actions")
    if users:
        log = log[log["username"].isin(users)]
    if actions:
        log = log[log["action"].isin(actions)]
    st.caption(t("audit.title"))
    st.dataframe(log[["at", "username", "action", "object_type", "object_id", "detail"]].head(2000), hide_index=True, width="stretch")
