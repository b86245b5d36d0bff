"""Name matching for the relations file: the forms an export really contains."""
from recommender.names import match_names, normalise_name


def test_legal_forms_brackets_and_widths_meet_on_one_key():
    forms = ["国安盟固利（天津）新能源科技有限公司", "国安盟固利(天津)新能源科技有限责任公司",
             "国安盟固利 (天津) 新能源科技股份有限公司", "国安盟固利（天津）新能源科技"]
    assert len({normalise_name(f) for f in forms}) == 1


def test_different_firms_stay_different():
    assert normalise_name("示例隔膜有限公司") != normalise_name("示例电解液有限公司")
    assert normalise_name("有限公司") == "有限公司"  # a bare suffix is not emptied


def test_unmatched_and_ambiguous_names_give_none():
    known = {"1": "示例甲有限公司", "2": "示例甲股份有限公司", "3": "示例乙有限公司"}
    got = match_names(["示例甲", "示例乙（有限公司）", "示例乙有限责任公司", "示例丙"], known)
    assert got == {"示例甲": None, "示例乙（有限公司）": None, "示例乙有限责任公司": "3", "示例丙": None}
