"""数据导入: upload enterprise exports, local firms and deal outcomes through the contract import.
Every problem is listed (file, row, column, reason); nothing is written unless all files are clean."""
import pandas as pd
import streamlit as st

from chains.errors import ChainMatchError, SchemaError
from recommender.importer import import_files
from recommender.workbench import warm
from ui.common import current_user, guard, store, t

st.title(t("nav.import"))
st.caption("CSV（UTF-8 / UTF-8-BOM / GBK / GB18030 自动识别）或 Excel .xlsx；表头可用中文或英文，见 shared/contract。")
kinds = {"enterprises": t("import.enterprises"), "firms": t("import.firms"), "deals": t("import.deals")}
uploads = {k: st.file_uploader(label, type=["csv", "xlsx", "xls", "txt"], key=f"upload_{k}") for k, label in kinds.items()}
if st.button(t("import.run"), type="primary", disabled=not any(uploads.values()), key="import_run") and guard("data.import"):
    files = {k: (u.name, u.getvalue()) for k, u in uploads.items() if u is not None}
    try:
        with st.spinner("…"):
            counts = import_files(store(), user=current_user()["username"], **files)
            warm(store())
        st.success(t("import.ok", detail="，".join(f"{k} {n}" for k, n in counts.items())))
    except SchemaError as exc:
        st.error(t("import.failed"))
        st.dataframe(pd.DataFrame([{"file": p.file, "row": p.row, "column": p.column, "reason": p.reason}
                                   for p in exc.problems]), hide_index=True, width="stretch")
    except ChainMatchError as exc:
        st.error(str(exc))
counts = store().counts()
st.caption(f"数据库现有：企业 {counts['enterprises']} 家，本地企业 {counts['local_firms']} 家，对接记录 {counts['deals']} 条。")
