"""模型训练与对比: retrain with a progress bar, compare with the active model on the same hold-out,
promote or roll back. Every action is checked against the user's role on the server."""
import altair as alt
import streamlit as st

from chains.errors import ChainMatchError
from recommender import registry
from recommender.training import train_and_compare
from recommender.workbench import warm
from ui.common import chain_label, current_user, guard, store, t

st.title(t("nav.models"))
until = st.date_input(t("models.until"), value=None, key="models_until")
if st.button(t("models.train"), type="primary", key="models_train") and guard("model.train"):
    bar = st.progress(0.0, text="…")
    try:
        version, report, comparison = train_and_compare(store(), until, current_user()["username"],
                                                         progress=lambda f, text: bar.progress(f, text=text))
        st.session_state["last_training"] = (version, report, comparison)
    except ChainMatchError as exc:
        st.error(str(exc))

if "last_training" in st.session_state:
    version, report, comparison = st.session_state["last_training"]
    st.subheader(t("models.compare"))
    st.write(report.note if st.session_state.get("lang") == "en" else report.note_zh)
    if len(comparison):
        comparison = comparison.assign(chain_name=comparison["chain"].map(chain_label))
        base = alt.Chart(comparison).encode(x=alt.X("chain_name:N", title=None), xOffset="model:N",
                                            color=alt.Color("model:N", title=None))
        bars = base.mark_bar().encode(y=alt.Y("ndcg:Q", title=f"NDCG@{report.k}"))
        whiskers = base.mark_rule(color="black").encode(y="ndcg_lo:Q", y2="ndcg_hi:Q")
        st.altair_chart(bars + whiskers, width="stretch")
        st.dataframe(comparison[["chain_name", "model", "n", "positives", "ndcg", "ndcg_lo", "ndcg_hi", "precision", "recall"]].round(3),
                     hide_index=True, width="stretch")
    with st.expander("全部基线 / all baselines"):
        st.text(report.to_text())
    if st.button(t("models.promote") + f" v{version}", key="models_promote") and guard("model.promote"):
        try:
            registry.promote(store(), version, current_user()["username"])
            warm(store())
            st.success(t("models.done", v=version))
        except ChainMatchError as exc:
            st.error(str(exc))

st.subheader(t("models.versions"))
versions = registry.versions(store())
if len(versions):
    st.dataframe(versions[["version", "active", "kind", "created_at", "created_by", "train_until", "note"]],
                 hide_index=True, width="stretch")
    if st.button(t("models.rollback"), key="models_rollback") and guard("model.promote"):
        try:
            v = registry.rollback(store(), current_user()["username"])
            warm(store())
            st.success(t("models.done", v=v))
        except ChainMatchError as exc:
            st.error(str(exc))
    st.caption(t("models.history"))
    st.dataframe(registry.activations(store()), hide_index=True, width="stretch")
else:
    st.info("尚无训练版本，当前使用规则评分（冷启动）。")
