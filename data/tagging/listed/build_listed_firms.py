"""Build ``listed_firms.csv``: public main-business texts of A-share listed companies, each with the
chain its Shenwan (SW2021) industry class says it is on — weak labels the learned reader learns from.

Inputs (public repositories; see data/README.md for how to fetch them):

- ``basic_info.csv`` of ``ShiyuHaoo/Chinese-Ashare-Company-Data`` (commit 1d6d3eec): ticker, short
  name, 主营业务 text;
- ``stock_sw_l2_mapping_since_2023.csv`` of ``markzhou-github/h5m80d50_priority`` (commit c61586a4):
  ticker → current SW2021 level-2 name and level-3 code.

``sw2021_chains.csv`` maps classes to chains (a level-3 row wins over its level-2 row; a class on
neither is on no chain; ``skip`` = too mixed to teach, left out). Firms of the reader's evaluation
set (``real_firms.csv``, ``real_firms_extra_none.csv``) are left out so that nothing it is judged
on is learned from.

    python data/tagging/listed/build_listed_firms.py basic_info.csv stock_sw_l2_mapping_since_2023.csv
"""
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def build(basic_info: Path, sw_mapping: Path) -> pd.DataFrame:
    firms = pd.read_csv(basic_info, dtype=str, keep_default_na=False)
    sw = pd.read_csv(sw_mapping, dtype=str, keep_default_na=False)
    sw = sw[sw["effective_end_date"] == "99991231"].assign(firm_id=lambda f: f["stock_code"].str[:6])
    classes = pd.read_csv(HERE / "sw2021_chains.csv", dtype=str, keep_default_na=False).set_index("code")
    held = set()
    for name in ("real_firms.csv", "real_firms_extra_none.csv"):
        held |= set(pd.read_csv(HERE.parent / name, dtype=str)["firm_id"])
    out = firms.rename(columns={"tickers": "firm_id", "company": "name"}).merge(
        sw[["firm_id", "sw_l2_code", "sw_l2_name", "sw_l3_code"]], on="firm_id")
    rows = [classes.loc[l3] if l3 in classes.index else classes.loc[l2] if l2 in classes.index else None
            for l2, l3 in zip(out["sw_l2_code"], out["sw_l3_code"])]
    out["chain"] = [r["chain"] if r is not None else "none" for r in rows]
    out["segment"] = [r["segment"] if r is not None else "" for r in rows]
    text = out["main_business"].str.strip()
    keep = (~out["firm_id"].isin(held) & (out["chain"] != "skip") & (out["sw_l2_name"] != "")
            & (text.str.len() >= 6) & ~text.str.fullmatch(r"主营业务[:：]?"))
    cols = ["firm_id", "name", "main_business", "sw_l2_name", "sw_l3_code", "chain", "segment"]
    return out.loc[keep, cols].assign(main_business=text[keep]).sort_values("firm_id")


if __name__ == "__main__":
    table = build(Path(sys.argv[1]), Path(sys.argv[2]))
    table.to_csv(HERE / "listed_firms.csv", index=False)
    print(len(table), "firms;", table["chain"].value_counts().to_dict())
