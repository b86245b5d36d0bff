"""Every hostile or awkward file is refused or accepted with one sentence naming the file (and row, column,
reason where there is one); a refusal changes no table, and nothing ever shows a traceback."""
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from chains.errors import ChainMatchError
from recommender import schema
from recommender.importer import import_files
from recommender.store import Store
from tests.conftest import copy_db
from tests.hostile import GOOD, HEAD, cases

CASES = cases()
TABLES = ("enterprises", "local_firms", "deals", "deal_events", "enterprise_segments", "audit_log", "regions")


def counts(store) -> dict:
    with store.engine.connect() as conn:
        return {name: conn.scalar(select(func.count()).select_from(getattr(schema, name))) for name in TABLES}


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "base.db"
    import_files(Store.open(path), enterprises=("base.csv", (HEAD + GOOD).encode()), user="test")
    return path


def test_the_corpus_has_at_least_thirty_files():
    assert len(CASES) >= 30 and len({c[1] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("kind,name,data,verdict,phrase", CASES, ids=[c[1] for c in CASES])
def test_each_hostile_file_gets_one_sentence_and_a_refusal_changes_nothing(base_db, tmp_path, kind, name, data, verdict,
                                                                          phrase):
    db = copy_db(base_db, tmp_path / "w.db")   # the backup API: WAL content included
    store = Store.open(db)
    before = counts(store)
    if verdict == "refused":
        with pytest.raises(ChainMatchError) as info:
            import_files(store, user="test", **{kind: (name, data)})
        message = str(info.value)
        assert name in message and phrase in message and "Traceback" not in message
        assert "\n" not in message
        assert counts(store) == before
    else:
        import_files(store, user="test", **{kind: (name, data)})
        assert counts(store)["audit_log"] == before["audit_log"] + 1


@pytest.mark.parametrize("name", ["bomb.xlsx", "dup_ids.csv", "unknown_stage.csv", "huge_cell.csv"])
def test_the_command_line_answers_in_one_paragraph_with_nothing_written(base_db, tmp_path, name):
    kind, _, data, _, phrase = next(c for c in CASES if c[1] == name)
    db = copy_db(base_db, tmp_path / "w.db")
    before = counts(Store.open(db))
    path = tmp_path / name
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "recommender", "import", "--db", str(db), f"--{kind}", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and phrase in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert counts(Store.open(db)) == before


def test_emoji_and_four_byte_characters_come_back_intact(base_db, tmp_path):
    store = Store.open(copy_db(base_db, tmp_path / "w.db"))
    _, name, data, _, _ = next(c for c in CASES if c[1] == "emoji_gb18030.csv")
    import_files(store, enterprises=(name, data), user="test")
    assert "示例·𠀀𡃁🔋公司" in set(store.enterprises()["name"])
