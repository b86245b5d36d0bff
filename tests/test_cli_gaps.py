"""`python -m recommender gaps` as the contract says, on the demo and on a fresh database."""
import subprocess
import sys
from pathlib import Path

import pandas as pd

from recommender.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_LEADERS = {"安泰天龙钨钼", "瑞源电缆", "首瑞电气", "国安盟固利", "荣盛盟固利", "林德英利", "联想工业"}


def test_gaps_on_the_demo_counts_the_seven_seed_leaders(demo_db, tmp_path):
    out = tmp_path / "gaps.csv"
    assert main(["gaps", "--db", str(demo_db), "--out", str(out)]) == 0
    g = pd.read_csv(out, keep_default_na=False)
    assert set(g.columns) >= {"chain", "segment", "segment_name", "position", "local_firms", "leaders", "gap_type",
                              "importance", "fit"}
    assert g.groupby("chain").size().min() >= 10 and g["chain"].nunique() == 4
    assert g["leaders"].sum() == 7
    named = {n for cell in g["leader_names"] if cell for n in cell.split("、")}
    assert named == SEED_LEADERS
    assert g["importance"].between(0, 1).all() and g["fit"].between(0, 1).all()
    assert set(g["gap_type"]) <= {"", "补链", "强链", "延链", "串链"}
    assert set(g["position"]) == {"上游", "中游", "下游"}
    assert (g["region"] == "宝坻区").all()


def test_gaps_for_qingyang_shows_the_data_centre_chain(demo_db, tmp_path):
    out = tmp_path / "gaps.xlsx"
    assert main(["gaps", "--db", str(demo_db), "--out", str(out), "--region", "庆阳市"]) == 0
    g = pd.read_excel(out, dtype={"gap_type": str}).fillna({"gap_type": ""})
    dc = g[g["chain"] == "data_center"]
    assert len(dc) >= 10 and (g["region"] == "庆阳市").all()
    assert dc.set_index("segment").loc["network_links", "local_firms"] >= 1   # the three carriers


def test_as_of_a_past_date_has_fewer_local_firms(demo_db, tmp_path):
    now, past = tmp_path / "now.csv", tmp_path / "past.csv"
    assert main(["gaps", "--db", str(demo_db), "--out", str(now)]) == 0
    assert main(["gaps", "--db", str(demo_db), "--out", str(past), "--as-of", "2022-01-01"]) == 0
    assert pd.read_csv(past)["local_firms"].sum() < pd.read_csv(now)["local_firms"].sum()


def test_fresh_database_holds_chains_and_regions_but_no_firms(empty_db, tmp_path):
    out = tmp_path / "gaps.csv"
    assert main(["gaps", "--db", f"sqlite:///{empty_db}", "--out", str(out)]) == 0
    g = pd.read_csv(out)
    assert len(g) >= 40 and g["local_firms"].sum() == 0


def test_unknown_region_is_one_sentence_and_nonzero(empty_db, tmp_path, capsys):
    assert main(["gaps", "--db", str(empty_db), "--out", str(tmp_path / "g.csv"), "--region", "火星"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown region '火星'") and "Traceback" not in err


def test_module_entry_point_runs_from_the_repository_root(empty_db, tmp_path):
    out = tmp_path / "g.csv"
    done = subprocess.run([sys.executable, "-m", "recommender", "gaps", "--db", str(empty_db), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.exists()
