"""以商招商 on the profile: the firm's known suppliers, customers and investors, and a small graph of the firm
with the region's leaders it is linked to."""
import math

import altair as alt
import pandas as pd
import streamlit as st

from recommender.features import local_parties
from recommender.relations import RELATION_ZH, firm_relations
from ui.common import lang, show, t
from ui.i18n import column, value

ROLE_ZH = {**RELATION_ZH, "head_office": "总部"}


def relation_panel(snap, eid: str, region: str) -> None:
    """The firm's relations as a table and, when it has any, a star graph (leaders of the region in red)."""
    names = snap.names
    rel = firm_relations(snap.relations, eid, names)
    st.subheader(t("profile.relations"))
    if rel.empty:
        st.caption(t("profile.no_relations"))
        return
    local = local_parties(snap, region, pd.Timestamp.today().normalize())
    leaders = set(local.loc[local["is_leader"], "enterprise_id"])
    rel = rel.assign(partner=rel["other"], relation=rel["role"].map(ROLE_ZH).fillna(rel["role"]),
                     leader=rel["other_id"].isin(leaders))
    show(rel, ["partner", "relation", "source", "date"])
    n = len(rel)
    nodes = pd.DataFrame({"x": [0.0] + [math.cos(2 * math.pi * i / n) for i in range(n)],
                          "y": [0.0] + [math.sin(2 * math.pi * i / n) for i in range(n)],
                          "label": [names.get(eid, eid)] + rel["partner"].astype(str).tolist(),
                          "kind": ["firm"] + ["leader" if x else "other" for x in rel["leader"]],
                          "relation": [""] + [value(r, lang()) for r in rel["relation"]]})
    edges = pd.DataFrame([{"edge": i, "x": x, "y": y} for i in range(1, n + 1)
                          for x, y in ((0.0, 0.0), (nodes.at[i, "x"], nodes.at[i, "y"]))])
    scale = alt.Scale(domain=[-1.6, 1.6])
    lines = alt.Chart(edges).mark_line(color="#9aa5b1").encode(x=alt.X("x:Q", axis=None, scale=scale),
                                                                 y=alt.Y("y:Q", axis=None, scale=scale), detail="edge:N")
    kinds = {"firm": "#1f4e79", "leader": "#c0392b", "other": "#7b8794"}
    points = alt.Chart(nodes).mark_circle(size=320, opacity=1).encode(
        x=alt.X("x:Q", axis=None, scale=scale), y=alt.Y("y:Q", axis=None, scale=scale),
        color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=list(kinds), range=list(kinds.values()))),
        tooltip=[alt.Tooltip("label:N", title=column("partner", lang())),
                 alt.Tooltip("relation:N", title=column("relation", lang()))])
    labels = alt.Chart(nodes).mark_text(dy=-16, fontSize=12).encode(
        x=alt.X("x:Q", axis=None, scale=scale), y=alt.Y("y:Q", axis=None, scale=scale), text="label:N")
    st.altair_chart((lines + points + labels).properties(height=300), width="stretch")
