"""产业链图谱: one chain's segments by position, coloured by gap type, leaders starred, cross-chain links;
clicking (or choosing) a segment lists its candidates."""
import altair as alt
import pandas as pd
import streamlit as st

import textwrap

from ui.common import GAP_COLOURS, chain_label, demo_note, lang, region, scores, segment_names, show_static, snapshot, t
from ui.i18n import value

X = {"上游": 1, "中游": 2, "下游": 3}

snap = snapshot()
st.title(t("nav.map"))
demo_note()
chain = st.segmented_control(t("chain"), list(snap.chains), format_func=chain_label, default="power_battery",
                             key="map_chain") or "power_battery"
gaps = snap.gaps(region())
G = snap.graph
gaps["segment_name"] = (gaps["chain"] + "." + gaps["segment"]).map(segment_names())
nodes = gaps[gaps["chain"] == chain].copy()
nodes["gap"] = nodes["gap_type"].replace("", "已覆盖").map(lambda v: value(v, lang()))
nodes["x"] = nodes["position"].map(X)
nodes["y"] = nodes.groupby("position").cumcount()
WRAP = 16 if lang() == "en" else 9  # long names break over lines instead of running into their neighbours


def wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WRAP, break_long_words=False) if lang() == "en" else \
        [text[i:i + WRAP] for i in range(0, len(text), WRAP)]


def node_label(name, firms, leaders, leader_names="") -> str:
    """The node's name, its local firm count in brackets, and a ★ line naming its chain leaders."""
    lines = wrap(name)
    lines[-1] += f" ({int(firms)})"
    if leaders:
        names = leader_names.replace(";", "、").strip() if isinstance(leader_names, str) else ""
        lines.append("★ " + names if names else "★")
    return "\n".join(lines)


nodes["label"] = [node_label(n, f, ld, ln) for n, f, ld, ln in
                  zip(nodes["segment_name"], nodes["local_firms"], nodes["leaders"], nodes["leader_names"].fillna(""))]
nodes["key"] = chain + "." + nodes["segment"]
coords = {k: (x, y) for k, x, y in zip(nodes["key"], nodes["x"], nodes["y"])}
others, edges = [], []
for key in nodes["key"]:
    for a, b in [(p, key) for p in G.predecessors(key)] + [(key, s) for s in G.successors(key)]:
        other = a if b == key else b
        if other not in coords:  # a segment of another chain: a grey node beside the chain
            x = 0 if other == a else 4
            y = sum(1 for o in others if o["x"] == x)
            coords[other] = (x, y)
            on = gaps[(gaps["chain"] + "." + gaps["segment"]) == other].iloc[0]
            others.append({"key": other, "x": x, "y": y,
                           "label": node_label(f"{chain_label(on['chain'])}{' · ' if lang() == 'en' else '·'}{on['segment_name']}",
                                              on["local_firms"], on["leaders"], on.get("leader_names") or ""),
                           "segment": on["segment"], "gap": value("其他产业链", lang()), "local_firms": on["local_firms"]})
        link = value("跨链" if G.edges[a, b].get("cross", False) else "链内", lang())
        for end in (a, b):  # long format: each edge is a two-point line
            edges.append({"edge": f"{a}>{b}", "x": coords[end][0], "y": coords[end][1], "link": link})
edges_df = pd.DataFrame(edges)
all_nodes = pd.concat([nodes, pd.DataFrame(others)], ignore_index=True).fillna({"leader_names": "", "importance": 0, "fit": 0})
pick = alt.selection_point(fields=["segment"], name="seg", on="click")
colour = alt.Color("gap:N", title=t("f.gap_type"),
                   scale=alt.Scale(domain=[value(g, lang()) for g in [*GAP_COLOURS, "其他产业链"]],
                                   range=[*GAP_COLOURS.values(), "#b0b7c3"]))
# Every layer shares these encodings: Streamlit's renderer fails on layers whose scales differ.
ROWS = max(int(all_nodes["y"].max()) + 1, 4)
LINES = max(str(v).count("\n") + 1 for v in all_nodes["label"])
ROW_PX = 40 + 14 * LINES     # a row holds the dot and its label above it, however many lines the label has
HEIGHT = int(ROW_PX * (ROWS + 1.2))
# Each label's top sits above its dot by the label's own height (Vega stacks the lines of a text downwards)
PX = HEIGHT / (ROWS + 1.0)   # px per row unit on the y scale
all_nodes["label_y"] = all_nodes["y"] - (all_nodes["label"].str.count("\n") + 1).mul(13).add(24) / PX
XY = dict(x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.6, 4.6])),
          y=alt.Y("y:Q", axis=None, scale=alt.Scale(reverse=True, domain=[-1.2, ROWS - 0.2])))
YSCALE = alt.Scale(reverse=True, domain=[-1.2, ROWS - 0.2])
base = alt.Chart(all_nodes).encode(**XY)
lines = alt.Chart(edges_df).mark_line(opacity=0.45, color="#7b8794").encode(
    **XY, detail="edge:N",
    strokeDash=alt.StrokeDash("link:N", scale=alt.Scale(domain=[value("链内", lang()), value("跨链", lang())],
                                                        range=[[1, 0], [4, 3]]), title=t("map.links")))
dots = base.mark_circle(opacity=0.9).encode(
    color=colour, size=alt.Size("local_firms:Q", scale=alt.Scale(range=[250, 1400]), legend=None),
    tooltip=[alt.Tooltip("segment_name:N", title=t("segment")), alt.Tooltip("gap:N", title=t("f.gap_type")),
             alt.Tooltip("local_firms:Q", title=t("f.local_firms")), alt.Tooltip("leader_names:N", title=t("f.leaders")),
             alt.Tooltip("importance:Q", title=t("f.importance"), format=".2f"),
             alt.Tooltip("fit:Q", title=t("f.fit"), format=".2f")]).add_params(pick)
labels = alt.Chart(all_nodes).mark_text(fontSize=11, lineBreak="\n", baseline="top", lineHeight=13).encode(
    x=XY["x"], y=alt.Y("label_y:Q", axis=None, scale=YSCALE), text="label:N")
heads = alt.Chart(pd.DataFrame({"x": [1, 2, 3], "y": [-1.0] * 3,
                                "t": [value(p, lang()) for p in ("上游", "中游", "下游")]})).mark_text(
    fontWeight="bold", fontSize=14).encode(**XY, text="t:N")
event = st.altair_chart((lines + dots + labels + heads).properties(height=HEIGHT), on_select="rerun", key="chain_map")
st.caption(t("map.legend"))

names = dict(zip(nodes["segment"], nodes["segment_name"]))
clicked = [p.get("segment") for p in ((event or {}).get("selection", {}).get("seg") or []) if p.get("segment") in names]
if clicked and clicked[0] != st.session_state.get("map_last_click"):   # a new click moves the picker
    st.session_state["map_last_click"] = st.session_state["map_segment"] = clicked[0]
if st.session_state.get("map_segment") not in names:                  # another chain was chosen
    st.session_state.pop("map_segment", None)
segment = st.selectbox(t("map.pick"), list(names), format_func=names.get, key="map_segment")
row = nodes.set_index("segment").loc[segment]
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("f.gap_type"), row["gap"])
c2.metric(t("f.local_firms"), int(row["local_firms"]))
c3.metric(t("f.importance"), f"{row['importance']:.2f}")
c4.metric(t("f.fit"), f"{row['fit']:.2f}")
if row["leader_names"]:
    st.write(f"{t('f.leaders')}: " + row["leader_names"])
local = snap.state(region())
local = local[(local["chain"] == chain) & (local["segment"] == segment)]
if len(local):
    st.write(f"{t('f.local_firms')}: " + "、".join(local["name"].astype(str)))
cands = scores(region())
cands = cands[(cands["chain"] == chain) & (cands["segment"] == segment)].head(20)
st.subheader(f"{names[segment]} · {t('nav.recommend')}")
show_static(cands, ["rank", "segment_rank", "name", "match_type", "score", "reasons", "district"])   # reasons in full
