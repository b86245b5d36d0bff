"""Log in with a local account (argon2-hashed; throttled and audited), or single sign-on when OIDC is
configured in secrets. Demo passwords are shown only while the demo accounts work."""
import streamlit as st

from recommender.auth import DEMO_ACCOUNTS, LoginThrottled, demo_accounts_active, find_user, log_in
from ui.common import client_address, demo_note, preload_stored, role_label, store, t

st.title(t("app.title"))
demo_note()


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


if st.session_state.pop("idle_logout", False):
    st.info(t("login.idle"))
if sso_configured():
    if getattr(st.user, "is_logged_in", False):
        known = find_user(store(), st.user.get("email") or "")
        if known:
            st.session_state["user"] = known
            st.rerun()
        st.error(t("login.sso_unknown"))
    st.button(t("login.sso"), on_click=st.login)

with st.form("login"):
    username = st.text_input(t("login.username"), key="login_username")
    password = st.text_input(t("login.password"), type="password", key="login_password")
    if st.form_submit_button(t("login.submit"), type="primary"):
        try:
            user = log_in(store(), username.strip(), password, client_address())
        except LoginThrottled as exc:
            user = None
            st.error(t("login.throttled", s=exc.seconds))
        else:
            if user:
                st.session_state["user"] = user
                st.rerun()
            st.error(t("login.failed"))

if demo_accounts_active(store()):
    with st.expander(t("login.demo")):
        st.table({t("login.username"): [a[0] for a in DEMO_ACCOUNTS], t("users.role"): [role_label(a[1]) for a in DEMO_ACCOUNTS],
                  t("login.password"): [a[3] for a in DEMO_ACCOUNTS]})

preload_stored()  # last, after everything above is shown
