"""模型训练与对比: retrain with a progress bar, compare with the active model on the same hold-out,
promote or roll back. Every action is checked against the user's role on the server; the tables are
drawn after the actions, so they always show the version that is active now."""
import altair as alt
import streamlit as st

from chains.errors import ChainMatchError
from recommender import registry
from recommender.training import train_and_compare
from ui.common import chain_label, current_user, demo_note, guard, lang, show, store, t, warm_pages
from ui.i18n import model_name


def one_language(text: str) -> str:
    """The half of a training step's "中文 / English" text in the UI's language."""
    zh, _, en = text.partition(" / ")
    return (en or zh) if lang() == "en" else zh


def act(fn, *args):
    """Run a promote or rollback; remember the message and draw the page again from the store."""
    try:
        version = fn(store(), *args, current_user()["username"])
        warm_pages()
        st.session_state["models_message"] = t("models.done", v=version if version is not None else args[0])
        st.rerun()
    except ChainMatchError as exc:
        st.error(str(exc))


st.title(t("nav.models"))
demo_note()
if msg := st.session_state.pop("models_message", None):
    st.success(msg)
until = st.date_input(t("models.until"), value=None, key="models_until")
if st.button(t("models.train"), type="primary", key="models_train") and guard("model.train"):
    bar = st.progress(0.0, text="…")
    try:
        version, report, comparison = train_and_compare(store(), until, current_user()["username"],
                                                         progress=lambda f, text: bar.progress(f, text=one_language(text)))
        st.session_state["last_training"] = (version, report, comparison)
    except ChainMatchError as exc:
        st.error(str(exc))

active = registry.active_version(store())
if "last_training" in st.session_state:
    version, report, comparison = st.session_state["last_training"]
    st.subheader(t("models.compare"))
    st.write(report.note if lang() == "en" else report.note_zh)
    if len(comparison):
        comparison = comparison.assign(chain_name=comparison["chain"].map(chain_label),
                                       model=comparison["model"].map(lambda m: model_name(m, lang())))
        base = alt.Chart(comparison).encode(x=alt.X("chain_name:N", title=None), xOffset="model:N",
                                            color=alt.Color("model:N", title=None))
        bars = base.mark_bar().encode(y=alt.Y("ndcg:Q", title=f"NDCG@{report.k}"))
        whiskers = base.mark_rule(color="black").encode(y="ndcg_lo:Q", y2="ndcg_hi:Q")
        st.altair_chart(bars + whiskers, width="stretch")
        show(comparison.round(3), ["chain_name", "model", "n", "positives", "ndcg", "ndcg_lo", "ndcg_hi", "precision", "recall"])
    with st.expander(t("models.baselines")):
        st.text(report.to_text())
    if version != active and st.button(t("models.promote") + f" v{version}", key="models_promote") and guard("model.promote"):
        act(registry.promote, version)

st.subheader(t("models.versions"))
versions = registry.versions(store())
if len(versions):
    show(versions.assign(active=versions["active"].map({True: "✔", False: ""}),
                         kind=versions["kind"].map(lambda k: model_name(k, lang()))),
         ["version", "active", "kind", "created_at", "created_by", "train_until", "note"])
    others = [int(v) for v in versions["version"] if int(v) != active]
    c1, c2 = st.columns(2)
    if others:
        pick = c1.selectbox(t("models.pick"), others, index=len(others) - 1, key="models_pick", format_func=lambda v: f"v{v}")
        if c1.button(t("models.promote") + f" v{pick}", key="models_promote_pick") and guard("model.promote"):
            act(registry.promote, pick)
    if c2.button(t("models.rollback"), key="models_rollback") and guard("model.promote"):
        act(lambda s, user: registry.rollback(s, user))
    st.caption(t("models.history"))
    show(registry.activations(store()), ["at", "version", "by", "action"])
else:
    st.info(t("models.none"))
