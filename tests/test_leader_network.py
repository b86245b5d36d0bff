"""以商招商 in the ranking: relations to the region's leaders become features (leakage-free by date), lift the
rule score, are named in the reasons, and show on the profile and the leaders' page."""
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest  # noqa: F401  (AppTest is driven through tests.test_app's helpers)

from recommender.features import features_as_of, relation_context
from recommender.rankers import RuleRanker
from recommender.snapshot import Snapshot
from recommender.store import Store
from tests.test_app import accounts, login, open_page


def _linked_firm(snap):
    """A demo firm that a baodi leader names as its supplier, and that leader's name."""
    state = snap.state("baodi", "2026-06-01")
    leaders = dict(zip(state.loc[state["is_leader"].astype(bool), "enterprise_id"], state.loc[state["is_leader"].astype(bool), "name"]))
    rel = snap.relations[(snap.relations["relation"] == "supplier") & snap.relations["enterprise_id"].isin(leaders)]
    candidates = set(features_as_of(snap, "baodi", "2026-06-01")["enterprise_id"])
    row = rel[rel["related_id"].isin(candidates)].iloc[0]
    return row["related_id"], leaders[row["enterprise_id"]]


def test_a_leaders_supplier_gets_the_feature_and_only_from_the_relations_date(demo_db):
    snap = Snapshot.load(Store.open(demo_db))
    eid, leader = _linked_firm(snap)
    now = relation_context(snap, "baodi", "2026-06-01").set_index("enterprise_id")
    assert now.at[eid, "rel_supplies_leader"] == 1 and leader in now.at[eid, "rel_leader_names"]
    before = relation_context(snap, "baodi", "2021-01-01")           # the demo's relations are dated 2021-06-30
    assert eid not in set(before["enterprise_id"])
    f = features_as_of(snap, "baodi", "2026-06-01")
    assert set(f.loc[f["enterprise_id"] == eid, "rel_supplies_leader"]) == {1.0}
    assert f["rel_supplies_leader"].sum() < len(f)                    # most candidates have no such link


def test_the_rule_score_ranks_a_leaders_supplier_above_the_same_firm_without_the_link(demo_db):
    snap = Snapshot.load(Store.open(demo_db))
    eid, _ = _linked_firm(snap)
    f = features_as_of(snap, "baodi", "2026-06-01")
    row = f[f["enterprise_id"] == eid].head(1)
    unlinked = row.assign(rel_supplies_leader=0.0, rel_leader_links=0.0)
    model = RuleRanker().fit(f.head(2), [0, 1])
    assert model.predict(row)[0] > model.predict(unlinked)[0]


def test_reasons_name_the_leader_the_firm_supplies(demo_db):
    from recommender.scoring import score_region
    snap = Snapshot.load(Store.open(demo_db))
    eid, leader = _linked_firm(snap)
    scored = score_region(snap, RuleRanker().fit(features_as_of(snap, "baodi", "2026-06-01").head(2), [0, 1]),
                          "baodi", "2026-06-01")
    reason = scored.loc[scored["enterprise_id"] == eid, "reasons"].iloc[0]
    assert f"以商招商：为{leader}供应" in reason, reason


@pytest.fixture
def network_app(demo_db, monkeypatch):
    accounts(Store.open(demo_db))
    monkeypatch.setenv("CHAINMATCH_DB", str(demo_db))
    return demo_db


@pytest.mark.parametrize("language", ["zh", "en"])
def test_leaders_page_lists_each_leaders_partners_ranked(network_app, language):
    at = login("staff")
    if language == "en":
        at.toggle(key="lang_toggle").set_value(True).run()
    open_page(at, "ui/leaders.py")
    table = at.dataframe[0].value
    assert len(table) > 0
    assert set(table["link"]) <= ({"为链主供应", "采购链主产品"} if language == "zh"
                                   else {"supplies the leader", "buys from the leader"})
    ranks, scores = table["rank"], table["score"].dropna()
    assert list(scores) == sorted(scores, reverse=True) and ranks.notna().any()


def test_profile_shows_the_firms_links_to_the_leaders(network_app):
    snap = Snapshot.load(Store.open(network_app))
    eid, leader = _linked_firm(snap)
    at = open_page(login("staff"), "ui/profile.py")
    at.text_input(key="profile_query").input(eid).run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    related = next(t for t in tables if "partner" in t.columns)
    assert leader in set(related["partner"]) and "客户" in set(related["relation"])
