
import pytest
import yaml

from chains.errors import ChainTemplateError, UnknownChainError
from chains.templates import CHAINS_DIR, load_chains, resolve_chain

CONTRACT_CHAINS = {
    "intelligent_equipment": ("智能装备", ["智能装备产业链"]),
    "power_battery": ("动力电池", ["动力电池产业链"]),
    "auto_parts": ("汽车零部件", ["汽车配件", "汽车配件产业链"]),
    "data_center": ("数据中心", ["算力", "数据中心/算力", "东数西算"]),
}


def test_four_contract_chains_with_ten_or_more_segments_each():
    chains = load_chains()
    assert set(chains) == set(CONTRACT_CHAINS)
    for chain in chains.values():
        assert len(chain.segments) >= 10, chain.id
        assert {s.position for s in chain.segments.values()} == {"上游", "中游", "下游"}
        for seg in chain.segments.values():
            assert seg.name_zh and seg.name_en and seg.keywords and seg.industry_codes


@pytest.mark.parametrize("chain_id", CONTRACT_CHAINS)
def test_every_contract_name_and_alias_resolves(chain_id):
    chains = load_chains()
    name_zh, aliases = CONTRACT_CHAINS[chain_id]
    for name in [chain_id, name_zh, *aliases]:
        assert resolve_chain(name, chains) == chain_id


def test_unknown_chain_is_refused_with_the_known_ones_listed():
    with pytest.raises(UnknownChainError, match="known chains: .*power_battery"):
        resolve_chain("光伏", load_chains())


def test_battery_chain_reaches_from_salts_to_recycling():
    segs = set(load_chains()["power_battery"].segments)
    assert {"lithium_salts", "cathode", "anode", "electrolyte", "separator", "foils_parts", "cells", "bms",
            "modules_packs", "production_equipment", "energy_storage", "charging", "recycling"} <= segs


def _write_variant(tmp_path, mutate):
    for path in CHAINS_DIR.glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc["id"] == "power_battery":
            mutate(doc)
        (tmp_path / path.name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_edge_to_unknown_segment_is_refused_naming_the_file(tmp_path):
    _write_variant(tmp_path, lambda d: d["edges"].append(["cells", "flux_capacitor"]))
    with pytest.raises(ChainTemplateError, match=r"power_battery.yaml: edge cells → flux_capacitor names unknown segment 'flux_capacitor'"):
        load_chains(tmp_path)


def test_supply_cycle_is_refused_unless_marked_as_loop(tmp_path):
    _write_variant(tmp_path, lambda d: d["edges"].append(["modules_packs", "cathode"]))
    with pytest.raises(ChainTemplateError, match="power_battery.yaml: supply edges form a cycle"):
        load_chains(tmp_path)


def test_segment_without_name_is_refused(tmp_path):
    def drop_name(doc):
        del doc["segments"][0]["name_zh"]
    _write_variant(tmp_path, drop_name)
    with pytest.raises(ChainTemplateError, match="power_battery.yaml: segment 'lithium_salts': missing 'name_zh'"):
        load_chains(tmp_path)


def test_a_new_chain_file_adds_a_chain(tmp_path):
    _write_variant(tmp_path, lambda d: None)
    doc = {"id": "photovoltaic", "name_zh": "光伏", "segments": [
        {"id": "silicon", "name_zh": "多晶硅", "position": "上游", "keywords": ["多晶硅"], "industry_codes": ["3985"]},
        {"id": "modules", "name_zh": "组件", "position": "中游", "keywords": ["光伏组件"]}],
        "edges": [["silicon", "modules"]]}
    (tmp_path / "photovoltaic.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    chains = load_chains(tmp_path)
    assert resolve_chain("光伏", chains) == "photovoltaic"
