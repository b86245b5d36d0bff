"""The listed firms' prior (data/tagging/listed): a public corpus of real main-business texts with
weak chain labels from the Shenwan industry class, and the reader fitted on it, which takes weak rule
readings of firms outside the chains off the chains and puts firms the rules leave outside on a chain."""
from pathlib import Path

import pandas as pd
import pytest

from chains.templates import load_chains
from chains.errors import UntrustedModelError
from recommender.tag_learning import (LISTED, PRIOR, add_learned_chains, fit_prior, listed_examples, load_prior,
                                      prior_reader)
from recommender.tagging import CHAIN_ONLY_MAX, Tagger

DATA = Path(__file__).resolve().parents[1] / "data" / "tagging"


@pytest.fixture(scope="module")
def listed():
    return pd.read_csv(LISTED, dtype=str, keep_default_na=False)


def test_no_firm_the_reader_is_judged_on_is_learned_from(listed):
    judged = set()
    for name in ("real_firms.csv", "real_firms_extra_none.csv"):
        judged |= set(pd.read_csv(DATA / name, dtype=str)["firm_id"])
    assert len(listed) > 4000 and listed["firm_id"].is_unique
    assert not judged & set(listed["firm_id"])


def test_every_class_names_a_real_chain_and_segment(listed):
    chains = load_chains()
    classes = pd.read_csv(LISTED.with_name("sw2021_chains.csv"), dtype=str, keep_default_na=False)
    assert classes["code"].is_unique
    for table in (classes, listed):
        on = table[~table["chain"].isin(["none", "skip"])]
        assert set(on["chain"]) == set(chains)
        for chain, segment in zip(on["chain"], on["segment"]):
            assert segment == "" or segment in chains[chain].segments
    assert "skip" not in set(listed["chain"]) and listed["main_business"].str.len().min() >= 6
    # about one listed firm in six is on a chain: the prior knows what everyone else writes
    assert 0.1 < (listed["chain"] != "none").mean() < 0.3


def test_the_prior_reads_what_listed_firms_make():
    model = prior_reader()
    texts = ["锂离子动力电池的研发、生产和销售", "乘用车及汽车零部件的研发制造", "房地产开发与物业管理", "人民币存贷款、结算业务"]
    assert list(model.predict(texts)) == ["power_battery", "auto_parts", "none", "none"]
    assert len(listed_examples()) == len(pd.read_csv(LISTED, dtype=str))


def test_the_shipped_prior_is_the_one_the_listed_firms_give_and_a_changed_file_is_refused(tmp_path):
    texts = listed_examples()["text"].tolist()[::7]
    fresh = fit_prior(listed_examples()).predict_proba(texts)
    assert abs(prior_reader().predict_proba(texts) - fresh).max() < 1e-5  # not stale
    changed = tmp_path / PRIOR.name
    data = bytearray(PRIOR.read_bytes())
    data[-1] ^= 1
    changed.write_bytes(bytes(data))
    with pytest.raises(UntrustedModelError, match="checksum"):
        load_prior(changed)


def test_a_weak_rule_reading_gives_way_where_the_prior_is_sure_and_a_strong_one_stands():
    bank = "人民币存贷款、结算业务、银行卡业务、数据处理"
    frame = pd.DataFrame({"enterprise_id": ["weak bank", "strong bank", "weak cells"], "business_scope": "",
                          "main_products": [bank, bank, "锂离子动力电池的研发、生产和销售"]})
    tags = pd.DataFrame({"enterprise_id": frame["enterprise_id"],
                         "chain": ["data_center", "data_center", "power_battery"],
                         "segment": ["data_services", "data_services", "cells"], "confidence": [0.3, 0.8, 0.3]})
    elsewhere = pd.DataFrame({"enterprise_id": ["not in the frame"], "chain": ["data_center"], "segment": [""],
                              "confidence": [0.3]})
    out = add_learned_chains(pd.concat([tags, elsewhere], ignore_index=True), frame, None, prior_reader())
    assert out["enterprise_id"].eq("not in the frame").sum() == 1  # another firm's rows pass through untouched
    out = out.set_index("enterprise_id")
    assert out.loc["weak bank", "chain"] == "" and out.loc["weak bank", "confidence"] == 1.0
    assert tuple(out.loc["strong bank", ["chain", "segment"]]) == ("data_center", "data_services")
    assert tuple(out.loc["weak cells", ["chain", "segment"]]) == ("power_battery", "cells")
    assert add_learned_chains(tags, frame, None, None) is tags


def test_a_firm_the_rules_leave_outside_is_placed_on_a_chain_where_the_prior_is_sure():
    # no template keyword names an air-conditioning compressor or an airbag; the listed firms' texts do
    frame = pd.DataFrame({"enterprise_id": ["compressor", "airbag", "bank", "trader"],
                          "business_scope": ["", "", "", "汽车空调压缩机销售；汽车安全气囊批发；汽车零配件零售"],
                          "main_products": ["汽车空调压缩机的生产和销售", "汽车安全气囊、方向盘的研发生产",
                                            "人民币存贷款、结算业务、银行卡业务", None]})
    tags = Tagger.from_templates().tag_frame(frame)
    assert set(tags["chain"]) == {""}
    out = add_learned_chains(tags, frame, None, prior_reader()).set_index("enterprise_id")
    for firm in ("compressor", "airbag"):
        assert tuple(out.loc[firm, ["chain", "segment"]]) == ("auto_parts", "")
        assert 0 < out.loc[firm, "confidence"] <= CHAIN_ONLY_MAX  # a chain-only row, ranked below named segments
    assert out.loc["bank", "chain"] == "" and out.loc["trader", "chain"] == ""  # selling is not making


def test_forked_readers_give_every_firm_the_probabilities_one_process_does(monkeypatch):
    import numpy as np
    from recommender import forking, tag_learning
    from recommender.demo import load_settings, make_enterprises
    frame = make_enterprises(load_settings(n_enterprises=300), load_chains(), np.random.default_rng(2))
    alone = tag_learning._proba(prior_reader(), frame, workers=1)
    monkeypatch.setattr(tag_learning, "PARALLEL_PROBA", 10)
    monkeypatch.setattr(forking, "can_fork", lambda: True)  # pytest's worker has threads; force the forked path
    forked = tag_learning._proba(prior_reader(), frame, workers=2)
    assert len(alone) > 250
    pd.testing.assert_frame_equal(alone, forked)


def test_the_evidence_table_says_when_a_learned_reader_decided_and_not_otherwise():
    from recommender.tag_learning import LEARNED_PLACED, LEARNED_VETO, learned_evidence
    tagger = Tagger.from_templates()
    frame = pd.DataFrame({"enterprise_id": ["compressor", "bank", "cells"], "business_scope": "",
                          "main_products": ["汽车空调压缩机的生产和销售", "人民币存贷款、结算业务、银行卡业务、数据处理",
                                            "锂离子动力电池的研发、生产和销售"]})
    tags = pd.DataFrame({"enterprise_id": frame["enterprise_id"], "chain": ["", "data_center", "power_battery"],
                         "segment": ["", "data_services", "cells"], "confidence": [1.0, 0.3, 0.9]})
    out = add_learned_chains(tags, frame, None, prior_reader())
    rules = {"bank": [("data_center", "data_services", 0.3)], "cells": [("power_battery", "cells", 0.9)],
             "compressor": tagger.tag_text(None, "汽车空调压缩机的生产和销售")}
    def stored(firm):
        return list(out.loc[out["enterprise_id"] == firm, ["chain", "segment", "confidence"]].itertuples(index=False, name=None))
    said = {firm: [r["counts"] for r in learned_evidence(stored(firm), rules[firm])] for firm in rules}
    assert said == {"compressor": [LEARNED_PLACED], "bank": [LEARNED_VETO], "cells": []}
