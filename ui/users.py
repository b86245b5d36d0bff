"""用户管理 (admin): add or change local accounts."""
import streamlit as st

from chains.errors import ChainMatchError
from recommender import schema
from recommender.auth import ROLES, add_user
from ui.common import demo_note, current_user, guard, role_label, show, store, t

st.title(t("nav.users"))
demo_note()
if guard("users.manage"):
    users = store().read(schema.users)[["username", "display_name", "role", "created_at"]]
    show(users.assign(role=users["role"].map(role_label)), ["username", "display_name", "role", "created_at"])
    with st.form("add_user"):
        st.markdown(f"**{t('users.add')}**")
        username = st.text_input(t("login.username"), key="user_name")
        name = st.text_input(t("users.name"), key="user_display")
        role = st.selectbox(t("users.role"), list(ROLES), format_func=role_label, key="user_role")
        password = st.text_input(t("login.password"), type="password", key="user_password")
        if st.form_submit_button(t("users.save")) and guard("users.manage"):
            try:
                add_user(store(), username.strip(), password, role, name)
                store().audit(current_user()["username"], "add_user", "user", username, role)
                st.success(t("profile.saved"))
            except ChainMatchError as exc:
                st.error(str(exc))
