"""The outside world push_pull: deterministic, importable through the CLI, a sane truth, a judge
that rewards the right order, and a peer that beats random."""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pandas as pd
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.worlds import judge, peers, push_pull  # noqa: E402

N = 1500


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    out = tmp_path_factory.mktemp("push_pull")
    return push_pull.generate(out, seed=7, n_enterprises=N)


def test_interface(world):
    assert push_pull.NAME == "push_pull"
    for key in ("enterprises", "firms", "deals", "truth"):
        assert pathlib.Path(world[key]).exists()
    assert len(world["as_of"]) == 10 and world["description"]


def test_deterministic_for_a_seed(world, tmp_path):
    again = push_pull.generate(tmp_path / "again", seed=7, n_enterprises=N)
    for key in ("enterprises", "deals", "truth", "relations"):
        assert pathlib.Path(world[key]).read_bytes() == pathlib.Path(again[key]).read_bytes(), key
    pd.testing.assert_frame_equal(pd.read_excel(world["firms"]), pd.read_excel(again["firms"]))
    other = push_pull.generate(tmp_path / "other", seed=8, n_enterprises=N)
    assert pathlib.Path(world["truth"]).read_bytes() != pathlib.Path(other["truth"]).read_bytes()


def test_exports_look_like_registry_exports(world):
    ent = pd.read_csv(world["enterprises"], encoding="gbk", dtype=str)
    assert ent["统一社会信用代码"].str.len().eq(18).all() and ent["统一社会信用代码"].is_unique
    assert ent["企业名称"].str.contains("示例").all()
    assert ent["经营范围"].fillna("").str.contains("一般项目：").any()
    deals = pd.read_csv(world["deals"], dtype=str)
    assert deals["环节"].isna().all()
    assert set(deals["阶段"]) <= {"接触", "考察", "洽谈", "签约", "落地", "终止",
                                 "contacted", "visited", "negotiating", "signed", "landed", "dropped"}
    assert (deals["日期"] <= world["as_of"]).all()
    firms = pd.read_excel(world["firms"], dtype=str)
    assert {"国安盟固利", "荣盛盟固利", "林德英利", "联想工业", "安泰天龙钨钼", "瑞源电缆", "首瑞电气"} <= set(firms["企业名称"])


def test_files_import_through_the_cli(world, tmp_path):
    cmd = [sys.executable, "-m", "recommender", "import", "--db", str(tmp_path / "w.db"),
           "--enterprises", str(world["enterprises"]), "--firms", str(world["firms"]), "--deals", str(world["deals"])]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def test_truth_covers_every_candidate_and_chain(world):
    truth = pd.read_csv(world["truth"], dtype={"enterprise_id": str})
    ent = pd.read_csv(world["enterprises"], encoding="gbk", dtype=str)
    deals = pd.read_csv(world["deals"], dtype=str)
    landed = set(deals.loc[deals["阶段"].isin(["落地", "landed"]), "统一社会信用代码"])
    candidates = set(ent["统一社会信用代码"]) - landed
    assert set(truth.enterprise_id) == candidates
    assert truth.groupby("enterprise_id").chain.nunique().eq(4).all()
    assert len(truth) == 4 * len(candidates)
    assert truth[["p_true", "p_ceiling"]].stack().between(0, 1).all()
    assert truth["p_true"].corr(truth["p_ceiling"], method="spearman") > 0.5


def test_judge_rewards_the_true_order():
    truth = pd.DataFrame({"enterprise_id": list("abcd"), "chain": ["auto_parts"] * 4,
                          "p_true": [0.9, 0.1, 0.5, 0.0], "p_ceiling": [0.9, 0.1, 0.5, 0.0]})
    assert judge.ndcg_against_truth(judge.ceiling_scores(truth), truth, k=4).ndcg[0] == pytest.approx(1.0)
    shuffled = truth[["enterprise_id", "chain"]].assign(score=[0.0, 0.5, 0.1, 0.9])
    assert judge.ndcg_against_truth(shuffled, truth, k=4).ndcg[0] < 1.0
    # a model that scores nobody ranks by id: a < b < c < d
    empty = pd.DataFrame(columns=["enterprise_id", "chain", "score"])
    by_id = judge.ndcg_against_truth(empty, truth, k=4).ndcg[0]
    assert 0 < by_id < 1.0


def test_peer_beats_random(world):
    truth = pd.read_csv(world["truth"], dtype={"enterprise_id": str})
    peer = judge.ndcg_against_truth(peers.tfidf_peer_scores(world), truth)
    rand = judge.ndcg_against_truth(judge.random_scores(truth, seed=0), truth)
    ceil = judge.ndcg_against_truth(judge.ceiling_scores(truth), truth)
    assert peer.ndcg.mean() > rand.ndcg.mean() + 0.1
    assert ceil.ndcg.mean() >= peer.ndcg.mean()
