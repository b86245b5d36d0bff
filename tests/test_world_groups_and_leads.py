"""The outside world "groups_and_leads": deterministic, contract-shaped, and honest about its truth."""
import pathlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from bench.worlds import groups_and_leads as world

ROOT = pathlib.Path(__file__).resolve().parents[1]
N = 1500
RELATIONS = {"供应商", "客户", "对外投资", "分支机构", "股东"}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    out = {}
    for key, effect in [("a", 1.0), ("b", 1.0), ("zero", 0.0)]:
        d = tmp_path_factory.mktemp(f"gl_{key}")
        out[key] = world.generate(d, seed=7, n_enterprises=N, relations_effect=effect)
    return out


def _read(res):
    ent = pd.read_excel(res["enterprises"], dtype={"统一社会信用代码": str})
    firms = pd.read_csv(res["firms"], encoding="utf-8-sig", dtype=str)
    deals = pd.read_csv(res["deals"], encoding="gb18030", dtype=str)
    rel = pd.read_csv(res["relations"], dtype=str)
    truth = pd.read_csv(res["truth"])
    hidden = pd.read_csv(pathlib.Path(res["truth"]).parent / "hidden_state.csv")
    return ent, firms, deals, rel, truth, hidden


def test_interface_and_determinism(worlds):
    a, b = worlds["a"], worlds["b"]
    assert world.NAME == "groups_and_leads"
    assert set(a) >= {"enterprises", "firms", "deals", "relations", "truth", "as_of", "description"}
    for key in ("firms", "deals", "relations", "truth"):
        assert pathlib.Path(a[key]).read_bytes() == pathlib.Path(b[key]).read_bytes(), key
    pd.testing.assert_frame_equal(pd.read_excel(a["enterprises"]), pd.read_excel(b["enterprises"]))
    # relations_effect changes outcomes, never who the enterprises are
    pd.testing.assert_frame_equal(pd.read_excel(a["enterprises"]), pd.read_excel(worlds["zero"]["enterprises"]))


def test_files_look_like_exports(worlds):
    ent, firms, deals, rel, truth, hidden = _read(worlds["a"])
    assert ent["统一社会信用代码"].is_unique and (ent["统一社会信用代码"].str.len() == 18).all()
    assert ent["企业名称"].str.contains("示例").all()
    synthetic_firms = firms[firms["是否链主"] != "是"]
    assert synthetic_firms["企业名称"].str.contains("示例").all()
    assert len(firms[firms["是否链主"] == "是"]) == 7
    assert set(deals["阶段"]) <= {"接触", "考察", "洽谈", "签约", "落地", "终止",
                                 "contacted", "visited", "negotiating", "signed", "landed", "dropped"}
    assert deals["环节"].isna().all()
    assert deals["日期"].max() <= worlds["a"]["as_of"]
    assert set(deals["统一社会信用代码"]) <= set(ent["统一社会信用代码"])


def test_files_import_through_the_cli(worlds, tmp_path):
    res = worlds["a"]
    help_text = subprocess.run([sys.executable, "-m", "recommender", "import", "--help"], cwd=ROOT,
                               capture_output=True, text=True).stdout
    cmd = [sys.executable, "-m", "recommender", "import", "--db", str(tmp_path / "w.db"),
           "--enterprises", str(res["enterprises"]), "--firms", str(res["firms"]), "--deals", str(res["deals"])]
    if "--relations" in help_text:
        cmd += ["--relations", str(res["relations"])]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_relations_follow_the_contract(worlds):
    ent, firms, deals, rel, truth, hidden = _read(worlds["a"])
    assert {"enterprise_id", "related_id", "related_name", "relation", "source", "date"} <= set(rel.columns)
    known = set(ent["统一社会信用代码"]) | set(firms["统一社会信用代码"])
    assert rel["enterprise_id"].isin(known).all()
    assert (rel["related_id"].notna() | rel["related_name"].notna()).all()
    assert rel["related_id"].dropna().isin(known).all()
    assert set(rel["relation"]) <= RELATIONS
    assert pd.to_datetime(rel["date"].dropna(), format="%Y-%m-%d").max() <= pd.Timestamp(worlds["a"]["as_of"])
    assert rel["related_id"].isna().sum() > 0  # some parties are known by name only


def test_truth_covers_every_candidate_and_chain(worlds):
    ent, firms, deals, rel, truth, hidden = _read(worlds["a"])
    landed = set(deals.loc[deals["阶段"].isin(["落地", "landed"]), "统一社会信用代码"])
    candidates = set(ent["统一社会信用代码"]) - landed
    assert len(landed) > 0
    assert set(truth["enterprise_id"]) == candidates
    assert len(truth) == 4 * len(candidates)
    assert not truth.duplicated(["enterprise_id", "chain"]).any()
    assert set(truth["chain"]) == set(world.CHAINS)
    for col in ("p_true", "p_ceiling"):
        assert truth[col].between(0, 1).all()
    # firms of no chain are near zero for every chain
    none = truth.merge(hidden, on="enterprise_id")
    assert none.loc[none["chain_y"].isna(), "p_true"].quantile(0.99) < 0.05


def _leader_links(rel, firms, ent):
    """Firms whose relations row says they supply a leader (read from the public file)."""
    leaders = firms[firms["是否链主"] == "是"]
    lid = set(leaders["统一社会信用代码"])
    lname = set(leaders["企业名称"])

    def norm(s):
        return str(s).strip().replace("(", "（").replace(")", "）").replace("有限责任公司", "有限公司")

    name_to_id = {norm(n): i for i, n in zip(ent["统一社会信用代码"], ent["企业名称"])}
    out = set()
    for r in rel.itertuples():
        if r.relation == "客户" and (r.related_id in lid or r.related_name in lname):
            out.add(r.enterprise_id)
        elif r.relation == "供应商" and r.enterprise_id in lid:
            out.add(r.related_id if isinstance(r.related_id, str) else name_to_id.get(norm(r.related_name)))
    return out


def _link_correlation(res):
    ent, firms, deals, rel, truth, hidden = _read(res)
    linked = _leader_links(rel, firms, ent)
    t = truth.merge(hidden[["enterprise_id", "chain", "trade", "group"]].rename(columns={"chain": "own"}),
                    on="enterprise_id")
    t = t[(t["chain"] == t["own"]) & (t["group"] < 0)].copy()
    t["z"] = np.log(t["p_true"].clip(1e-6, 1 - 1e-6) / (1 - t["p_true"].clip(1e-6, 1 - 1e-6)))
    t["z"] -= t.groupby("trade")["z"].transform("mean")
    t["link"] = t["enterprise_id"].isin(linked).astype(float)
    t["link"] -= t.groupby("trade")["link"].transform("mean")
    assert t["link"].abs().sum() > 0
    return float(np.corrcoef(t["z"], t["link"])[0, 1])


def test_relations_matter_only_with_effect(worlds):
    r_zero = _link_correlation(worlds["zero"])
    r_one = _link_correlation(worlds["a"])
    assert abs(r_zero) < 0.12, r_zero
    assert r_one > 0.2, r_one
    # with effect 0 the relation terms are gone: unlinked firms keep exactly their p_true
    t0 = pd.read_csv(worlds["zero"]["truth"])
    t1 = pd.read_csv(worlds["a"]["truth"])
    hidden = pd.read_csv(pathlib.Path(worlds["a"]["truth"]).parent / "hidden_state.csv")
    rel_cols = [c for c in hidden.columns if c.startswith("rel_term_")]
    unlinked = set(hidden.loc[(hidden[rel_cols] == 0).all(axis=1), "enterprise_id"])
    m = t0.merge(t1, on=["enterprise_id", "chain"])
    m = m[m["enterprise_id"].isin(unlinked)]
    assert len(m) > 1000
    assert np.allclose(m["p_true_x"], m["p_true_y"])
