"""以商招商 features: each direction of each relation, dates after as_of ignored, non-leaders."""
import pandas as pd

from recommender.relations import relation_features, relation_reason

LOCAL = pd.DataFrame({"enterprise_id": ["L1", "L2", "F"], "name": ["国安盟固利", "林德英利", "示例本地厂"],
                      "is_leader": [True, True, False]})


def _rel(rows):
    return pd.DataFrame(rows, columns=["enterprise_id", "related_id", "relation", "date"]).assign(
        date=lambda d: pd.to_datetime(d["date"]))


def test_each_direction_gives_the_hand_checked_feature():
    rel = _rel([("L1", "A", "supplier", "2020-01-01"),      # A is L1's supplier
                ("B", "L2", "customer", "2020-01-01"),      # L2 is B's customer -> B supplies L2
                ("C", "L1", "supplier", None),             # L1 is C's supplier -> C buys from L1
                ("L2", "D", "investment", "2020-01-01"),    # L2 invested in D
                ("F", "E", "branch", "2020-01-01"),         # E is a branch of a local non-leader
                ("F", "G", "supplier", "2020-01-01"),       # supplies a non-leader: no leader feature
                ("L1", "A", "supplier", "2020-01-01"), ("L2", "A", "supplier", "2020-06-01")])
    f = relation_features(rel, LOCAL, "2021-01-01").set_index("enterprise_id")
    assert sorted(f.index) == ["A", "B", "C", "D", "E"]
    assert f.loc["A", ["supplies_leader", "buys_from_leader", "n_leader_links"]].tolist() == [1, 0, 2]
    assert f.loc["A", "leader_names"] == "国安盟固利、林德英利"
    assert f.loc["B", "supplies_leader"] == 1 and f.loc["C", "buys_from_leader"] == 1
    assert f.loc["D", "invested_by_leader"] == 1
    assert f.loc["E", ["branch_of_local", "n_leader_links"]].tolist() == [1, 0]


def test_relations_dated_on_or_after_as_of_are_not_known_yet():
    rel = _rel([("L1", "A", "supplier", "2021-01-01"), ("L1", "B", "supplier", "2020-12-31")])
    assert relation_features(rel, LOCAL, "2021-01-01")["enterprise_id"].tolist() == ["B"]


def test_links_between_local_firms_are_not_leads():
    assert relation_features(_rel([("L1", "L2", "supplier", "2020-01-01")]), LOCAL, "2021-01-01").empty


def test_reason_names_the_leader_and_segment():
    f = relation_features(_rel([("L1", "A", "supplier", "2020-01-01")]), LOCAL, "2021-01-01")
    assert relation_reason(f.iloc[0], "隔膜") == "以商招商：为国安盟固利供应隔膜"
