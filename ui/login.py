"""Log in with a local account (argon2-hashed), or single sign-on when OIDC is configured in secrets."""
import streamlit as st

from recommender.auth import DEMO_ACCOUNTS, authenticate, find_user
from ui.common import role_label, store, t

st.title(t("app.title"))


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


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
        user = authenticate(store(), username.strip(), password)
        if user:
            st.session_state["user"] = user
            st.rerun()
        st.error(t("login.failed"))

if store().get_meta("demo_loaded"):
    with st.expander(t("login.demo")):
        st.table({"用户名 / user": [a[0] for a in DEMO_ACCOUNTS], "角色 / role": [role_label(a[1]) for a in DEMO_ACCOUNTS],
                  "密码 / password": [a[3] for a in DEMO_ACCOUNTS]})
