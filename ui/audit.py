"""操作记录: the audit log — who did what, when."""
import streamlit as st

from ui.common import guard, lang, show, store, t
from ui.i18n import value

st.title(t("nav.audit"))
if guard("audit.view"):
    log = store().audit_log()
    c1, c2 = st.columns(2)
    users = c1.multiselect(t("audit.user"), sorted(log["username"].dropna().unique()), key="audit_users")
    actions = c2.multiselect(t("audit.action"), sorted(log["action"].unique()), key="audit_actions",
                             format_func=lambda a: value(a, lang()))
    if users:
        log = log[log["username"].isin(users)]
    if actions:
        log = log[log["action"].isin(actions)]
    st.caption(t("audit.title"))
    show(log.head(2000).assign(detail=log["detail"].fillna("")), ["at", "username", "action", "object_type", "object_id", "detail"])
