"""ChainMatch app: a router only. Who is logged in → their role's pages → st.navigation(...).run()."""
import logging
import os
import time
import uuid

import streamlit as st

from ui.common import current_user, lang, role_label, store, t

st.set_page_config(page_title="ChainMatch 产业链招商推荐", page_icon="🔗", layout="wide")

PAGES = {  # key: (file, icon, roles)
    "map": ("ui/chain_map.py", ":material/hub:", {"staff", "analyst", "manager", "admin"}),
    "gaps": ("ui/gaps.py", ":material/insights:", {"staff", "analyst", "manager", "admin"}),
    "recommend": ("ui/recommend.py", ":material/recommend:", {"staff", "manager", "admin"}),
    "leaders": ("ui/leaders.py", ":material/handshake:", {"staff", "manager", "admin", "analyst"}),
    "profile": ("ui/profile.py", ":material/apartment:", {"staff", "manager", "admin", "analyst"}),
    "shortlists": ("ui/review.py", ":material/checklist:", {"staff"}),
    "review": ("ui/review.py", ":material/fact_check:", {"manager", "admin"}),
    "pipeline": ("ui/pipeline.py", ":material/timeline:", {"staff", "manager", "admin", "analyst"}),
    "import": ("ui/data_import.py", ":material/upload_file:", {"analyst", "admin"}),
    "models": ("ui/models.py", ":material/model_training:", {"analyst", "admin"}),
    "insight": ("ui/insight.py", ":material/analytics:", {"analyst", "admin"}),
    "audit": ("ui/audit.py", ":material/history:", {"manager", "admin", "analyst"}),
    "users": ("ui/users.py", ":material/manage_accounts:", {"admin"}),
}
SECTIONS = {"section.explore": ["map", "gaps", "leaders"], "section.work": ["recommend", "profile", "shortlists", "review"],
            "section.analysis": ["import", "models", "insight"], "section.manage": ["pipeline", "audit", "users"]}

with st.sidebar:
    st.session_state["lang"] = "en" if st.toggle("English", value=lang() == "en", key="lang_toggle") else "zh"

# Streamlit writes some widget texts in English only: the uploader's button and size line, and the ⋮ menu.
# The button gets the UI's word, the size line is said by the page in the UI's language, the menu is hidden
# (nothing in it is for the bureau's users). The main column's side margins shrink so tables fit at 1440 px.
st.sidebar.markdown(f"""<style>
[data-testid="stMainBlockContainer"] {{ padding-left: 2.5rem; padding-right: 2.5rem; }}
[data-testid="stMainMenu"] {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]::after {{
  content: "{t('upload.button')}"; }}
</style>""", unsafe_allow_html=True)

IDLE_MINUTES = int(os.environ.get("CHAINMATCH_IDLE_MINUTES", "30"))
log = logging.getLogger("chainmatch")

user = current_user()
now = time.time()
if user is not None and now - st.session_state.get("last_seen", now) > IDLE_MINUTES * 60:
    store().audit(user["username"], "logout_idle", "user", user["username"], "")
    st.session_state.clear()
    st.session_state["idle_logout"] = True
    user = None
st.session_state["last_seen"] = now
if user is None:
    nav = st.navigation([st.Page("ui/login.py", title=t("nav.login"), icon=":material/login:")])
else:
    def logout():
        store().audit(user["username"], "logout", "user", user["username"], "")
        language = lang()
        st.session_state.clear()  # nothing of the session survives a log-out
        st.session_state["lang"] = language
        st.rerun()

    sections = {}
    for section, keys in SECTIONS.items():
        pages = [st.Page(PAGES[k][0], title=t(f"nav.{k}"), icon=PAGES[k][1], url_path=k)
                 for k in keys if user["role"] in PAGES[k][2]]
        if pages:
            sections[t(section)] = pages
    sections[t("section.account")] = [st.Page(logout, title=t("nav.logout"), icon=":material/logout:", url_path="logout")]
    nav = st.navigation(sections)


def page_error():
    """Users see one sentence and an id; the traceback goes to the server log."""
    error_id = uuid.uuid4().hex[:8]
    log.exception("page error %s", error_id)
    st.error(t("error.unexpected", id=error_id))


if user is not None:
    with st.sidebar:
        st.caption(f"{user['display_name']} · {role_label(user['role'])}")
        try:   # the region picker reads the database: a failure here is a page error too, not Streamlit's own
            from ui.common import snapshot
            from ui.i18n import place
            regions = store().region_ids()
            names = {r: place(snapshot().regions[r].name, lang()) for r in regions}
            st.selectbox(t("region"), regions, format_func=names.get, key="region")
        except Exception:
            page_error()
try:
    nav.run()
except Exception:  # (st.rerun and st.stop raise BaseException subclasses, which pass through)
    page_error()
