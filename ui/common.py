"""Shared helpers for the pages: cached store, snapshot, model and scores; language; the current user."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import streamlit as st

from chains.errors import ChainMatchError
from recommender import registry
from recommender.auth import ROLES, require
from recommender.snapshot import Snapshot
from recommender.store import Store, database_url
from recommender.scoring import serving_model
from recommender.workbench import cached_scores
from ui.i18n import column, place, reason_en, tags_text, value
from ui.i18n import t as _t


GAP_COLOURS = {"补链": "#d64545", "强链": "#f0a000", "延链": "#3f7fd6", "串链": "#8b5cf6", "已覆盖": "#3aa76d"}


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **fmt) -> str:
    text = _t(key, lang())
    return text.format(**fmt) if fmt else text


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    """The app's database: CHAINMATCH_DB when set, else the embedded default (demo filled on first use)."""
    from recommender.auth import ensure_demo_accounts
    from recommender.cli import open_store
    if os.environ.get("CHAINMATCH_DB"):
        return Store.open(url)
    s = open_store(None)
    ensure_demo_accounts(s)
    return s


def store() -> Store:
    return _store(database_url(None))


# Shared frames are large at a million enterprises (a snapshot ~3 GB, a region's ranked frame ~1 GB): keep the
# current revision and the one before it, which other sessions may still be drawing.
@st.cache_resource(show_spinner=False, max_entries=2)
def _snapshot(url: str, revision: int) -> Snapshot:
    return Snapshot.load(_store(url), keep=True)


def snapshot() -> Snapshot:
    s = store()
    return _snapshot(s.url, s.data_revision())


@st.cache_resource(show_spinner=False, max_entries=4)
def _model(url: str, version):
    return serving_model(_store(url))[1]


@st.cache_resource(show_spinner=False, max_entries=4)
def _scores(url: str, version, region: str, revision: int) -> pd.DataFrame:
    """Ranked candidates (with their best receiving place, stored with them) and the enterprise fields pages
    filter on. A shared resource, not a copy per run: a million rows unpickled on every click took seconds (pages
    get a shallow copy, and copy-on-write keeps the shared frame as it is)."""
    s = _store(url)
    snap = _snapshot(url, revision)
    scored = cached_scores(s, snap, _model(url, version), version, region)
    cols = ["enterprise_id", "name", "district", "employees", "tags", "relocation_intent", "business_scope", "synthetic"]
    out = scored.merge(snap.enterprises[cols], on="enterprise_id", how="left")
    names = {f"{c.id}.{g.id}": g.name_zh for c in snap.chains.values() for g in c.segments.values()}
    out["segment_name"] = (out["chain"] + "." + out["segment"]).map(names)
    # rank within the segment beside rank within the chain (the stored order is by chain rank)
    out["segment_rank"] = out.sort_values(["chain", "rank"]).groupby(["chain", "segment"]).cumcount() + 1
    return out


@st.cache_resource(show_spinner=False)
def tagger():
    from recommender.tagging import Tagger
    return Tagger.from_templates()


@st.cache_data(show_spinner=False, max_entries=8)
def _importance(url: str, version, region: str, revision: int) -> pd.DataFrame:
    from recommender.explain import REASON_GROUPS
    from recommender.features import candidate_pairs, features_as_of, with_text
    snap = _snapshot(url, revision)
    today = pd.Timestamp.today().normalize()
    pairs = candidate_pairs(snap, region, today)
    pairs = pairs.sample(min(3000, len(pairs)), random_state=0)  # sampled before features: the pool may be a million
    sample = features_as_of(snap, region, today, pairs=pairs)
    if not len(sample):
        return pd.DataFrame(columns=["group", "mean_abs"])
    model = _model(url, version)
    if getattr(model, "needs_text", False):
        sample = with_text(snap, sample)
    contrib = model.group_contributions(sample, REASON_GROUPS)
    return contrib.abs().mean().rename("mean_abs").reset_index().rename(columns={"index": "group"})


def importance(region: str) -> pd.DataFrame:
    """Mean absolute contribution of each fact group to the active model's scores (cached)."""
    s = store()
    return _importance(s.url, model_version(), region, s.data_revision())


def model_version():
    return registry.active_version(store())


def scores(region: str) -> pd.DataFrame:
    """Ranked candidates of a region for the active model, joined with enterprise fields for filters."""
    s = store()
    return _scores(s.url, model_version(), region, snapshot().revision).copy(deep=False)


def warm_pages() -> None:
    """After an import or a model change: every region's scores computed and stored for the serving model, and
    held ready in this server for every page and user (at 1.2M enterprises the first page otherwise waits ~50 s)."""
    for r in store().region_ids():
        scores(r)


def preload_stored() -> None:
    """The snapshot, its local firms, every region's stored scores and the insight page's fact-group importance
    read into this server's shared caches, for the login page to call after its form is shown: the first pages
    after a server start then do not wait for them (at 1.2M enterprises the first log-in waited 13 s) while the
    user is typing. Scores not stored yet are left to the first page that needs them (minutes at that size)."""
    from recommender.workbench import is_stored
    s, snap, version = store(), snapshot(), model_version()
    revision = snap.revision
    snap.firm_rows, snap.landing_rows  # local firms, landings and names: what every map and gap page reads, kept
    for region in s.region_ids():
        if is_stored(s, version, region, revision):
            _scores(s.url, version, region, revision)
            importance(region)


@st.cache_resource(show_spinner=False, max_entries=8)
def _chain_scores(url: str, version, region: str, revision: int, chain: str) -> pd.DataFrame:
    ranked = _scores(url, version, region, revision)
    at = np.flatnonzero((ranked["chain"] == chain).to_numpy())
    if len(at) and at[-1] - at[0] + 1 == len(at):  # stored by chain: a slice, not a copy of 250k rows' texts
        return ranked.iloc[at[0]:at[-1] + 1]
    return ranked.iloc[at]


def chain_scores(region: str, chain: str) -> pd.DataFrame:
    """scores(region) of one chain (its rows taken out once, not on every click)."""
    s = store()
    return _chain_scores(s.url, model_version(), region, snapshot().revision, chain).copy(deep=False)


def current_user() -> dict | None:
    return st.session_state.get("user")


def client_address() -> str | None:
    """The browser's address as the server sees it (the first X-Forwarded-For hop behind a proxy)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For")
        if forwarded:
            return forwarded.split(",")[0].strip()
        return getattr(st.context, "ip_address", None)
    except Exception:  # no browser session (AppTest, bare mode)
        return None


def guard(action: str) -> bool:
    """Check the server-side permission for an action; show one sentence and return False if refused."""
    try:
        require(current_user(), action)
        return True
    except ChainMatchError as exc:
        st.error(t("denied") + str(exc))
        return False


def region() -> str:
    return st.session_state.get("region") or store().region_ids()[0]


def chain_label(chain_id: str) -> str:
    c = snapshot().chains[chain_id]
    return c.name_en if lang() == "en" else c.name_zh


def segment_names() -> dict:
    """``{"chain.segment": name}`` in the UI's language."""
    en = lang() == "en"
    return {f"{c.id}.{s.id}": (s.name_en if en else s.name_zh) for c in snapshot().chains.values() for s in c.segments.values()}


def role_label(role: str) -> str:
    return ROLES.get(role, role) if lang() == "zh" else role


def demo_note() -> None:
    """The 示例 label on every page that shows the demo's synthetic data."""
    if store().get_meta("demo_loaded"):
        st.caption("⚠️ " + t("demo.note"))


VALUE_COLUMNS = ("match_type", "stage", "status", "gap_type", "position", "counts", "relocation_intent", "action", "gap",
                 "segment_name", "relation", "link", "object_type")


def park_label(name: str) -> str:
    """A receiving place's name in the UI's language ('' is the row no place fits)."""
    if not name:
        return t("park.none")
    if lang() == "en":
        for p in snapshot().regions[region()].parks if region() in snapshot().regions else ():
            if p["name"] == name and p.get("name_en"):
                return p["name_en"]
    return name


def english_names() -> dict:
    """Chinese segment and chain names → English, for reasons shown in English."""
    snap = snapshot()
    out = {c.name_zh: c.name_en for c in snap.chains.values()}
    out.update({s.name_zh: s.name_en for c in snap.chains.values() for s in c.segments.values()})
    return out


def localise(frame: pd.DataFrame) -> pd.DataFrame:
    """Data values in the UI's language: stages, gap and match types, review states, reasons, audit actions."""
    out = frame.copy()
    language = lang()
    for col in VALUE_COLUMNS:
        if col in out:
            out[col] = out[col].map(lambda v: value(v, language))
    if language == "en" and "reasons" in out:
        names = english_names()
        out["reasons"] = out["reasons"].map(lambda r: reason_en(r, names))
    if "district" in out:
        out["district"] = out["district"].map(lambda v: place(v, language))
    if "tags" in out:
        out["tags"] = out["tags"].map(lambda v: tags_text(v, language))
    return out


def _shown(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns localised, a missing text or date as "—" (never Streamlit's grey "None")."""
    if lang() == "en" and "park_reason" in columns and "park_reason_en" in frame:
        frame = frame.assign(park_reason=frame["park_reason_en"])
    shown = localise(frame[columns])
    for c in shown.columns:
        if shown[c].dtype == object or pd.api.types.is_string_dtype(shown[c]):   # (pandas 3 reads text as str)
            shown[c] = shown[c].map(lambda v: "—" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT else v)
    return shown


def show(frame: pd.DataFrame, columns: list[str], key: str | None = None, **kwargs):
    """A table in the UI's language: headers from the translation table, values localised.

    Streamlit's grid does not wrap a long text reliably, so a page whose table carries reasons either uses
    ``show_static`` (short lists) or shows the chosen rows' reasons in full beside the grid."""
    shown = _shown(frame, columns)
    language = lang()
    config = {c: st.column_config.Column(column(c, language)) for c in columns}
    if "reasons" in columns:
        config["reasons"] = st.column_config.TextColumn(column("reasons", language), width="large")
    for c in ("score", "belongs"):
        if c in columns:
            config[c] = st.column_config.ProgressColumn(column(c, language), min_value=0.0, max_value=1.0, format="%.2f")
    config.update(kwargs.pop("column_config", {}))
    return st.dataframe(shown, hide_index=True, width="stretch", column_config=config, key=key, **kwargs)


def show_static(frame: pd.DataFrame, columns: list[str]):
    """A short table drawn as a plain table, so every cell (the reasons above all) wraps and reads in full."""
    shown = _shown(frame, columns)
    for c in ("score", "belongs", "confidence", "importance", "fit"):
        if c in shown:
            shown[c] = shown[c].map(lambda v: f"{v:.2f}" if isinstance(v, (int, float)) and not pd.isna(v) else v)
    language = lang()
    return st.table(shown.rename(columns={c: column(c, language) for c in columns}), hide_index=True, border="horizontal")


def text_width(text) -> int:
    """Rough width in px of a text at 13 px (CJK ≈ 13 px, Latin ≈ 7 px).

    >>> text_width("补链ab")
    40
    """
    return sum(13 if "\u2e80" <= ch <= "\uffef" else 7 for ch in str(text))


def label_positions(frame, plot_w: int, plot_h: int, domain=(-0.02, 1.02), font_px=10):
    """Where each point's label goes: to the right of the point, else left, above or below, whichever does not
    cover a label already placed; a label with no free place is left off (the point's tooltip still names it).
    Returns the label's x and y in data units (the text is drawn left-aligned from there) and its text.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"fit": [1.0, 1.0], "importance": [0.4, 0.4], "segment_name": ["正极材料", "负极材料"]})
    >>> xs, ys, texts = label_positions(f, 820, 560)
    >>> texts, (xs[0], ys[0]) != (xs[1], ys[1])
    (['正极材料', '负极材料'], True)
    """
    span = domain[1] - domain[0]
    sx, sy = plot_w / span, plot_h / span
    boxes, xs, ys, texts = [], [], [], []
    points = [((f - domain[0]) * sx, (domain[1] - i) * sy) for f, i in zip(frame["fit"], frame["importance"])]
    for (px, py), name in zip(points, frame["segment_name"].astype(str)):
        w, h = text_width(name) * font_px / 13, font_px + 2
        chosen = None
        for dx, dy in [(8, 0), (-8 - w, 0), (8, -12), (8, 12), (-8 - w, -12), (-8 - w, 12), (8, -24), (8, 24),
                       (-w / 2, -16), (-w / 2, 16)]:
            x0, y0 = px + dx, py + dy - h / 2
            if x0 < 0 or x0 + w > plot_w + 150 or y0 < 0 or y0 + h > plot_h:
                continue
            box = (x0, y0, x0 + w, y0 + h)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                chosen = box
                break
        if chosen is None:
            xs.append(None), ys.append(None), texts.append("")
            continue
        boxes.append(chosen)
        xs.append(chosen[0] / sx + domain[0])
        ys.append(domain[1] - (chosen[1] + h / 2) / sy)
        texts.append(name)
    return xs, ys, texts


def md_escape(text) -> str:
    r"""Data shown inside markdown stays text: HTML and markdown syntax (links, images, emphasis) are escaped.

    >>> md_escape("<b>[x](javascript:1)</b>")
    '&lt;b&gt;\\[x\\]\\(javascript:1\\)&lt;/b&gt;'
    """
    import re
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)


def text_or_dash(v, sep: str | None = None) -> str:
    """A cell for display: '—' for a missing value (None, NaN, empty), ``;`` lists joined with ``sep``.

    >>> text_or_dash(float("nan")), text_or_dash("专精特新;高新技术企业", "、"), text_or_dash(12.0)
    ('—', '专精特新、高新技术企业', '12')
    """
    if v is None or (isinstance(v, float) and pd.isna(v)) or (isinstance(v, str) and not v.strip()):
        return "—"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v)
    return text.replace(";", sep) if sep else text
