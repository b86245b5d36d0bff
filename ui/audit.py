"""操作记录: the audit log — who did what, when."""
import streamlit as st

from ui.common import chain_label, demo_note, guard, lang, show, snapshot, store, t
from ui.i18n import audit_detail, value

st.title(t("nav.audit"))
demo_note()
if guard("audit.view"):
    log = store().audit_log()
    c1, c2 = st.columns(2)
    users = c1.multiselect(t("audit.user"), sorted(log["username"].dropna().unique()), key="audit_users", placeholder=t("choose"))
    actions = c2.multiselect(t("audit.action"), sorted(log["action"].unique()), key="audit_actions",
                             format_func=lambda a: value(a, lang()), placeholder=t("choose"))
    if users:
        log = log[log["username"].isin(users)]
    if actions:
        log = log[log["action"].isin(actions)]
    st.caption(t("audit.title"))
    chains = {c: chain_label(c) for c in snapshot().chains}   # ids like auto_parts read as the chain's name
    log = log.head(2000)
    show(log.assign(detail=log["detail"].map(lambda d: audit_detail(d, lang(), chains))),
         ["at", "username", "action", "object_type", "object_id", "detail"])
