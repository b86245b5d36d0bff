"""The analyst's afternoon model: TF-IDF of 经营范围+主营产品 and a few visible traits, two logistic
regressions (will it sign? which chain was it approached for?), score = P(sign) x P(chain).

Works from the contract files only (as the product receives them), never from a world's truth.
"""
from __future__ import annotations

import pathlib

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

CHAINS = ["intelligent_equipment", "power_battery", "auto_parts", "data_center"]
ALIASES = {"intelligent_equipment": ["智能装备", "智能装备产业链"], "power_battery": ["动力电池", "动力电池产业链"],
           "auto_parts": ["汽车零部件", "汽车配件", "汽车配件产业链"],
           "data_center": ["数据中心", "算力", "数据中心/算力", "东数西算"]}
CHAIN_OF = {a: c for c in CHAINS for a in [c] + ALIASES[c]}
HEADERS = {"统一社会信用代码": "enterprise_id", "企业名称": "name", "经营范围": "business_scope",
           "主营产品": "main_products", "注册资本(万元)": "registered_capital_wan", "参保人数": "employees",
           "资质标签": "tags", "疏解意向": "relocation_intent", "阶段": "stage", "日期": "date", "产业链": "chain"}
SIGNED = {"签约", "落地", "signed", "landed"}
CLOSED = SIGNED | {"终止", "dropped"}


def read_table(path) -> pd.DataFrame:
    """A contract file as strings with English headers: CSV in UTF-8/BOM/GBK/GB18030, or .xlsx."""
    path = pathlib.Path(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        df = pd.read_excel(path, dtype=str)
    else:
        for enc in ("utf-8-sig", "gb18030"):
            try:
                df = pd.read_csv(path, dtype=str, encoding=enc, keep_default_na=False, na_values=[""])
                break
            except UnicodeDecodeError:
                continue
    return df.rename(columns=lambda c: HEADERS.get(str(c).strip(), str(c).strip()))


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.astype(str).str.replace(r"[,，万元人\s]", "", regex=True), errors="coerce")


def _features(ent: pd.DataFrame, vec: TfidfVectorizer | None):
    text = ent.get("business_scope", "").fillna("") + " " + ent.get("main_products", "").fillna("")
    if vec is None:
        vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=3, max_features=40000, sublinear_tf=True)
        vec.fit(text)
    cap, emp = _num(ent["registered_capital_wan"]), _num(ent["employees"])
    tags = ent.get("tags", pd.Series("", index=ent.index)).fillna("")
    intent = ent.get("relocation_intent", pd.Series("", index=ent.index)).fillna("")
    dense = np.column_stack([
        np.log1p(cap.fillna(cap.median())) / 10, np.log1p(emp.fillna(emp.median())) / 10,
        cap.isna(), emp.isna(),
        tags.str.contains("专精特新"), tags.str.contains("高新技术企业"), tags.str.contains("上市公司"),
        intent == "是", intent == "否", intent == "未知",
    ]).astype(float)
    return sparse.hstack([vec.transform(text), sparse.csr_matrix(dense)]).tocsr(), vec


def tfidf_peer_scores(files: dict) -> pd.DataFrame:
    """Scores every enterprise for every chain from files {"enterprises", "deals", "as_of", ...}."""
    ent = read_table(files["enterprises"]).drop_duplicates("enterprise_id").reset_index(drop=True)
    deals = read_table(files["deals"])
    deals = deals[deals["date"] < files.get("as_of", "9999-12-31")]
    deals["chain_id"] = deals.get("chain", pd.Series(dtype=str)).map(CHAIN_OF)
    g = deals.groupby("enterprise_id")
    lab = pd.DataFrame({"signed": g["stage"].agg(lambda s: bool(set(s) & SIGNED)),
                        "closed": g["stage"].agg(lambda s: bool(set(s) & CLOSED)),
                        "last": g["date"].max(),
                        "chain": g["chain_id"].agg(lambda s: s.dropna().iloc[-1] if s.notna().any() else None)})
    # open deals still in progress tell nothing yet about signing
    lab["use_sign"] = lab["closed"]
    X, _ = _features(ent, None)
    pos = pd.Series(np.arange(len(ent)), index=ent["enterprise_id"])
    lab = lab[lab.index.isin(pos.index)]
    s_idx = pos[lab.index[lab.use_sign]].to_numpy()
    sign = LogisticRegression(C=2.0, max_iter=2000).fit(X[s_idx], lab.signed[lab.use_sign].astype(int))
    c_lab = lab[lab.chain.notna()]
    chainm = LogisticRegression(C=2.0, max_iter=2000).fit(X[pos[c_lab.index].to_numpy()], c_lab.chain)
    p_sign = sign.predict_proba(X)[:, 1]
    p_chain = pd.DataFrame(chainm.predict_proba(X), columns=chainm.classes_).reindex(columns=CHAINS, fill_value=0.0)
    out = [pd.DataFrame({"enterprise_id": ent["enterprise_id"], "chain": c, "score": p_sign * p_chain[c].to_numpy()})
           for c in CHAINS]
    return pd.concat(out, ignore_index=True)
