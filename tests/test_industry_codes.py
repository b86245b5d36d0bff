"""The GB/T 4754-2017 tables and the functions that read them (chains.industry_codes)."""
import csv
from collections import Counter

import pytest

from chains import industry_codes as ic
from chains.templates import load_chains

# GB/T 4754-2017 with its 2019 amendment (第1号修改单): 20 sections, 97 divisions,
# 473 groups, 1381 classes (the 2017 edition as published had 1380).
EXPECTED_LEVELS = {"section": 20, "division": 97, "group": 473, "class": 1381}


def _classes():
    return [r for r in ic.load_class_table() if r["level"] == "class"]


def test_every_level_of_the_standard_is_present():
    assert Counter(r["level"] for r in ic.load_class_table()) == EXPECTED_LEVELS
    codes = [r["code"] for r in ic.load_class_table()]
    assert len(codes) == len(set(codes))


def test_every_row_has_its_parents_and_a_consistent_section():
    by_code = {r["code"]: r for r in ic.load_class_table()}
    assert set(ic.SECTION_DIVISIONS) == {r["code"] for r in by_code.values() if r["level"] == "section"}
    for r in by_code.values():
        if r["level"] == "section":
            continue
        assert r["name"].strip() == r["name"] and r["name"], r["code"]
        assert r["code"].isdigit() and len(r["code"]) == {"division": 2, "group": 3, "class": 4}[r["level"]]
        assert r["code"][:2] in by_code and r["code"][:3 if len(r["code"]) > 3 else 2] in by_code
        assert r["section"] == ic.section_of(r["code"])


def test_known_classes_and_notes():
    by_code = {r["code"]: r for r in ic.load_class_table()}
    assert by_code["3841"]["name"] == "锂离子电池制造"
    assert "锂离子电池" in by_code["3563"]["note"]
    assert "云计算" in by_code["6450"]["note"]
    assert by_code["3741"]["name"] == "飞机制造"  # the source lists it as a second group 374
    assert by_code["0190"]["level"] == "class" and by_code["019"]["name"] == "其他农业"


def test_every_class_is_mapped_and_every_mapping_names_a_real_segment():
    chains = load_chains()
    rows = ic.load_segment_table()
    assert {r["code"] for r in rows} == {r["code"] for r in _classes()}
    for r in rows:
        assert r["strength"] in {"strong", "weak", "none"}, r
        assert r["note"].strip(), r
        if r["strength"] == "none":
            assert not r["chain"] and not r["segment"], r
        else:
            assert r["chain"] in chains, r
            assert r["segment"] == "" or r["segment"] in chains[r["chain"]].segments, r
    none_codes = {r["code"] for r in rows if r["strength"] == "none"}
    mapped_codes = {r["code"] for r in rows if r["strength"] != "none"}
    assert not none_codes & mapped_codes  # none means on no chain, never beside a mapping
    pairs = [(r["code"], r["chain"], r["segment"]) for r in rows if r["chain"]]
    assert len(pairs) == len(set(pairs))


def test_the_files_are_plain_utf8_csv():
    for path in (ic.CLASS_TABLE, ic.SEGMENT_TABLE):
        with open(path, encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header[0] == "code"


@pytest.mark.parametrize("value,expected", [
    ("C3841", "3841"), ("3841", "3841"), (3841, "3841"), (" c3841 ", "3841"), ("3841.0", "3841"),
    (3841.0, "3841"), ("C3841 锂离子电池制造", "3841"), ("Ｃ３８４１", "3841"), ("I6450", "6450"),
    ("38", "38"), ("384", "384"), ("C38", "38"), (111, "0111"), ("0111", "0111"), ("A0111", "0111"),
    (None, None), ("", None), ("   ", None), ("nan", None), (float("nan"), None), ("abc", None),
    ("A3841", None), ("38411", None), ("3", None), ("99", None), (True, None),
])
def test_normalise_code(value, expected):
    assert ic.normalise_code(value) == expected


@pytest.mark.parametrize("code,expected", [
    ("3841", ("power_battery", "cells", "strong")),
    ("3563", ("power_battery", "production_equipment", "strong")),
    ("I6450", ("data_center", "idc_operation", "strong")),
    ("6450", ("data_center", "cloud_computing", "strong")),
    ("3491", ("intelligent_equipment", "industrial_robots", "strong")),
    ("3670", ("auto_parts", "", "strong")),
    ("3962", ("auto_parts", "auto_electronics", "strong")),
    ("2911", ("auto_parts", "tires_wheels", "strong")),
    ("5267", ("power_battery", "charging", "strong")),
])
def test_hand_checked_mappings(code, expected):
    assert expected in ic.segments_for_code(code)


@pytest.mark.parametrize("code", [
    "3562",  # IC, diode and solar-cell equipment: not battery equipment
    "8111",  # roadside car repair
    "5179",  # wholesale of other machinery and electronics
    "5175",  # wholesale of electrical equipment (batteries are sold by makers and traders alike)
    "5172",  # wholesale of cars and parts
    "7114",  # leasing of computers: not a data centre
    "7519", "7320",  # technology promotion, R&D
    "3844",  # zinc-manganese primary cells
    "0111",
])
def test_traps_map_to_nothing(code):
    assert ic.segments_for_code(code) == []
    assert [r["strength"] for r in ic.load_segment_table() if r["code"] == code] == ["none"]


def test_six_fifty_maps_to_data_center_only():
    assert {chain for chain, _, _ in ic.segments_for_code("6450")} == {"data_center"}


def test_division_and_group_codes_give_no_segment():
    assert ic.segments_for_code("38") == [] and ic.segments_for_code("384") == []
    assert ic.class_name("384") == "电池制造" and ic.section_of("384") == "C"


def test_strong_rows_come_first():
    for code in {r["code"] for r in ic.load_segment_table()}:
        strengths = [s for _, _, s in ic.segments_for_code(code)]
        assert strengths == sorted(strengths, key=lambda s: s != "strong")


def test_generic_classes():
    assert all(ic.is_generic(c) for c in ["5179", "5292", "7519", "7310", "3499", "6599", "7224"])
    assert not any(ic.is_generic(c) for c in ["3841", "6450", "3563", "4011", "3831"])
    generic = sum(ic.is_generic(r["code"]) for r in _classes())
    assert 250 < generic < 500  # about a quarter of the classes, not most of them


def test_every_segment_strength_pair_counts():
    """Every chain has strong evidence for some segments, and the YAML classes are known classes."""
    chains = load_chains()
    classes = {r["code"] for r in _classes()}
    strong = Counter(c for c, _, s in (
        (r["chain"], r["segment"], r["strength"]) for r in ic.load_segment_table()) if s == "strong")
    for chain in chains.values():
        assert strong[chain.id] >= 3, chain.id
        for seg in chain.segments.values():
            assert set(seg.industry_codes) <= classes, (seg.key, set(seg.industry_codes) - classes)


def test_vocabulary_names_real_segments_and_sources():
    chains = load_chains()
    text = {r["code"]: r["name"] + " " + r["note"] for r in ic.load_class_table()}
    with open(ic.INDUSTRY_DIR / "segment_vocabulary.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    per_segment = Counter((r["chain"], r["segment"]) for r in rows)
    assert set(per_segment) == {(c.id, s) for c in chains.values() for s in c.segments}
    assert min(per_segment.values()) >= 10
    for r in rows:
        assert r["kind"] in {"product", "material", "process", "service"}, r
        if r["source"] in text:  # a code: the term is printed in that class's name or note
            assert r["term"] in text[r["source"]], r
        else:
            assert r["source"] == "editor" or "/" in r["source"], r
