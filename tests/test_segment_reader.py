"""The segment reader (data/tagging/listed/segment_reader.npz): fitted on listed firms' texts whose Shenwan class
names a segment and on the templates' keywords, it names the segment of a chain row that has none."""
import pandas as pd
import pytest

from chains.errors import UntrustedModelError
from chains.templates import load_chains
from recommender.tag_learning import (LEARNED_PLACED, LEARNED_SEGMENT, SEGMENTS, add_learned_chains,
                                      add_learned_segments, fit_prior, learned_evidence, load_prior, prior_reader,
                                      segment_examples, segment_reader)
from recommender.tagging import Tagger


def test_it_can_name_every_shipped_segment_and_nothing_else():
    shipped = {s.key for c in load_chains().values() for s in c.segments.values()}
    assert set(segment_reader().classes_) == shipped


def test_the_shipped_reader_is_the_one_its_examples_give_and_a_changed_file_is_refused(tmp_path):
    texts = segment_examples()["text"].tolist()[::5]
    assert abs(segment_reader().predict_proba(texts) - fit_prior(segment_examples()).predict_proba(texts)).max() < 1e-5
    changed = tmp_path / SEGMENTS.name
    data = bytearray(SEGMENTS.read_bytes())
    data[-1] ^= 1
    changed.write_bytes(bytes(data))
    with pytest.raises(UntrustedModelError, match="checksum"):
        load_prior(changed)  # the prior's checksum is not the segment reader's either
    with pytest.raises(UntrustedModelError, match="checksum"):
        load_prior(SEGMENTS)


@pytest.fixture(scope="module")
def read():
    frame = pd.DataFrame({"enterprise_id": ["package", "drive", "cells", "bank"], "business_scope": "",
                          "main_products": ["集成电路封装测试服务", "伺服电机驱动器的研发、生产和销售",
                                            "锂离子动力电池的研发、生产和销售", "人民币存贷款、结算业务"]})
    tags = pd.DataFrame({"enterprise_id": frame["enterprise_id"],
                         "chain": ["data_center", "intelligent_equipment", "power_battery", ""],
                         "segment": ["", "", "cells", ""], "confidence": [0.4, 0.3, 0.9, 1.0]})
    return tags, add_learned_segments(tags, frame, segment_reader()).set_index("enterprise_id")


def test_a_chain_row_without_a_segment_gets_the_segment_of_that_chain_its_text_is_like(read):
    tags, out = read
    assert out.loc["package", "segment"] == "chips" and out.loc["drive", "segment"] == "motors_drives"
    assert out.loc["cells", "segment"] == "cells" and out.loc["bank", ["chain", "segment"]].tolist() == ["", ""]
    assert out["confidence"].tolist() == tags["confidence"].tolist()  # a named segment is no surer a reading
    assert add_learned_segments(tags, tags, None) is tags


def test_a_firm_placed_by_the_prior_is_stored_with_a_segment_and_its_evidence_says_who_named_it():
    frame = pd.DataFrame({"enterprise_id": ["compressor"], "business_scope": "",
                          "main_products": ["汽车空调压缩机的生产和销售"]})
    tags = Tagger.from_templates().tag_frame(frame)
    assert tags["chain"].tolist() == [""]  # no template keyword names the compressor
    out = add_learned_segments(add_learned_chains(tags, frame, None, prior_reader()), frame, segment_reader())
    (chain, segment, confidence), = out[["chain", "segment", "confidence"]].itertuples(index=False, name=None)
    assert chain == "auto_parts" and segment in load_chains()["auto_parts"].segments
    assert [r["counts"] for r in learned_evidence([(chain, segment, confidence)], [])] == [LEARNED_PLACED]
    vague = [("auto_parts", "", 0.22)]  # the rules' own chain-only reading, given a segment by the reader
    assert [r["counts"] for r in learned_evidence([("auto_parts", "interior_exterior", 0.22)], vague)] == [LEARNED_SEGMENT]
    assert learned_evidence(vague, vague) == []


def test_import_stores_the_named_segment(tmp_path):
    from recommender.importer import import_files
    from recommender.store import Store
    store = Store.open(tmp_path / "db.sqlite")
    firm = {"enterprise_id": "S-1", "name": "示例·空调压缩机有限公司", "main_products": "汽车空调压缩机的生产和销售"}
    import_files(store, enterprises=("e.csv", pd.DataFrame([firm]).to_csv(index=False).encode()), user="test")
    (chain, segment), = store.tags().query("enterprise_id == 'S-1'")[["chain", "segment"]].values.tolist()
    assert chain == "auto_parts" and segment in load_chains()["auto_parts"].segments  # the rules read nothing here


def test_every_learned_reader_sentence_reads_in_english_too():
    from recommender.tag_learning import LEARNED_CLAUSE, LEARNED_VETO
    from ui.i18n import VALUES
    for sentence in (LEARNED_CLAUSE, LEARNED_PLACED, LEARNED_VETO, LEARNED_SEGMENT):
        assert VALUES.get(sentence, "").isascii() and VALUES[sentence]
