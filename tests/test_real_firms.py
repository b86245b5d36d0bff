"""Integrity of the real-firm evaluation set (data/tagging/real_firms.csv).

The set holds verbatim public registry / profile texts of real companies with labels made
by hand from each firm's main business; see data/README.md.  These checks keep the file
usable as an evaluation set: enough rows, unique firms, a text (registry scope or main-business
summary) and a reason for every row, labels that exist in the chain templates, a balanced none
share and a frozen, balanced dev / heldout split.  Rows of round four come from a source that
gives only the 主营业务 summary, so their ``business_scope`` is empty; that is allowed for that
source alone.
"""
from pathlib import Path

import pandas as pd
import pytest

from chains.templates import load_chains

CSV = Path(__file__).resolve().parents[1] / "data" / "tagging" / "real_firms.csv"
EXTRA = CSV.with_name("real_firms_extra_none.csv")
COLUMNS = ["firm_id", "name", "business_scope", "main_business", "industry_code", "source_industry",
           "label_chain", "label_segment", "ambiguous", "reason", "source_repo", "source_path", "split"]


@pytest.fixture(scope="module")
def firms():
    return pd.read_csv(CSV, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def chains():
    return load_chains()


def test_columns(firms):
    assert list(firms.columns) == COLUMNS


MIN_FIRMS = 300  # the requirement


def test_enough_firms(firms):
    assert len(firms) >= MIN_FIRMS


def test_firm_ids_are_unique(firms):
    assert firms["firm_id"].is_unique
    assert (firms["firm_id"].str.strip() != "").all()


# The one source that gives a main-business summary but no registry scope (round four).
SCOPELESS_SOURCES = {"ShiyuHaoo/Chinese-Ashare-Company-Data"}


def test_every_row_has_text_and_a_reason(firms):
    has_scope = firms["business_scope"].str.strip() != ""
    has_main = firms["main_business"].str.strip() != ""
    assert (has_scope | has_main).all(), list(firms.loc[~(has_scope | has_main), "firm_id"])
    assert (firms["reason"].str.strip() != "").all()


def test_only_the_scopeless_source_lacks_a_scope(firms):
    no_scope = firms["business_scope"].str.strip() == ""
    assert set(firms.loc[no_scope, "source_repo"]) <= SCOPELESS_SOURCES


def test_labels_are_valid_template_ids(firms, chains):
    for row in firms.itertuples():
        if row.label_chain == "none":
            assert row.label_segment == "", row.firm_id
            continue
        assert row.label_chain in chains, (row.firm_id, row.label_chain)
        if row.label_segment:
            assert row.label_segment in chains[row.label_chain].segments, (row.firm_id, row.label_segment)


def test_ambiguous_flag_is_binary(firms):
    assert set(firms["ambiguous"]) <= {"0", "1"}


def test_none_share(firms):
    share = (firms["label_chain"] == "none").mean()
    assert 0.40 <= share <= 0.60, share


def test_every_chain_is_present(firms, chains):
    present = set(firms["label_chain"])
    assert set(chains) <= present


def test_splits(firms):
    assert set(firms["split"]) == {"dev", "heldout"}
    share = (firms["split"] == "dev").mean()
    assert 0.45 <= share <= 0.55, share
    for chain, group in firms.groupby("label_chain"):
        dev = (group["split"] == "dev").sum()
        assert abs(dev - (len(group) - dev)) <= 1, chain


def test_every_row_has_a_source(firms):
    assert (firms["source_repo"].str.count("/") == 1).all()
    assert (firms["source_path"].str.strip() != "").all()


def test_industry_codes_look_like_gbt4754(firms):
    codes = firms.loc[firms["industry_code"] != "", "industry_code"]
    assert codes.str.fullmatch(r"[A-T]?\d{2,4}").all()


def test_extra_none_file_is_separate(firms):
    """Surplus easy negatives are kept aside, outside the evaluation set and its split."""
    if not EXTRA.exists():
        pytest.skip("no extra file")
    extra = pd.read_csv(EXTRA, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(extra.columns) == COLUMNS
    assert (extra["label_chain"] == "none").all()
    assert (extra["split"] == "").all()
    assert not set(extra["firm_id"]) & set(firms["firm_id"])
