"""数据导入: upload enterprise exports, local firms and deal outcomes through the contract import.
Every problem of every uploaded file is listed together (file, row, column, reason, in the UI's language);
nothing is written unless all files are clean."""
import pandas as pd
import streamlit as st

from chains.errors import ChainMatchError, SchemaError
from recommender.importer import import_files
from ui.common import current_user, demo_note, guard, lang, show, store, t, warm_pages
from ui.i18n import problem_zh, row_zh

st.title(t("nav.import"))
demo_note()
st.caption(t("import.formats") + " " + t("upload.limits"))
kinds = {"enterprises": t("import.enterprises"), "firms": t("import.firms"), "deals": t("import.deals")}
uploads = {k: st.file_uploader(label, type=["csv", "xlsx", "xls", "txt"], key=f"upload_{k}") for k, label in kinds.items()}


def problem_table(problems) -> pd.DataFrame:
    zh = lang() == "zh"
    return pd.DataFrame([{"file": p.file, "row": row_zh(p.row) if zh else p.row, "column": p.column,
                          "reason": problem_zh(p.reason) if zh else p.reason} for p in problems])


if st.button(t("import.run"), type="primary", disabled=not any(uploads.values()), key="import_run") and guard("data.import"):
    files = {k: (u.name, u.getvalue()) for k, u in uploads.items() if u is not None}
    try:
        with st.spinner("…"):
            counts = import_files(store(), user=current_user()["username"], **files)
            warm_pages()
        st.success(t("import.ok", detail="，".join(f"{kinds[k]} {n}" for k, n in counts.items() if k in kinds)))
    except SchemaError as exc:
        st.error(t("import.failed", n=len(exc.problems), files=len({p.file for p in exc.problems})))
        show(problem_table(exc.problems), ["file", "row", "column", "reason"])
    except ChainMatchError as exc:
        st.error(str(exc))
counts = store().counts()
st.caption(t("import.counts", e=counts["enterprises"], f=counts["local_firms"], d=counts["deals"]))
