"""The store: one SQLAlchemy database (SQLite file by default, PostgreSQL by URL).

Every write is one transaction: a failed import leaves the database as it was.
Schema creation and upgrades run through Alembic on open.

>>> s = Store.open("sqlite://")
>>> sorted(s.region_ids())
['baodi', 'qingyang']
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from pathlib import Path

import pandas as pd
from alembic import command
from alembic.config import Config
from sqlalchemy import Integer, String, cast, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Engine

from chains.regions import load_regions
from chains.templates import load_chains
from recommender import schema as t

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "chainmatch.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(db: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL for ``--db``: a URL as is, a plain path as SQLite, None as the default.

    >>> database_url("sqlite:///x.db"), database_url("/tmp/a.db")
    ('sqlite:///x.db', 'sqlite:////tmp/a.db')
    """
    if db is None:
        db = os.environ.get("CHAINMATCH_DB") or DEFAULT_DB
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def in_memory(url: str) -> bool:
    """Whether the URL is an in-memory SQLite database (this process's alone).

    >>> in_memory("sqlite://"), in_memory("sqlite:////tmp/a.db")
    (True, False)
    """
    return url in ("sqlite://", "sqlite:///:memory:")


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout — and write transactions that take the write lock when they begin
    (BEGIN IMMEDIATE), so concurrent writers wait their turn instead of failing with "database is locked"
    when a read inside the transaction has to be upgraded; read-only connections begin deferred."""
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # SQLAlchemy's begin event emits BEGIN, not the driver
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except Exception:  # in-memory databases have no WAL
            pass
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _clean(value):
    """None for NaN/NaT so the database gets NULL."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


CHUNK = 20000  # rows converted and written at a time


def db_rows(frame: pd.DataFrame, columns) -> list[dict]:
    """Rows as dicts for an executemany, missing values (NaN, NaT, None) as None.

    >>> db_rows(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", None]}), ["a", "b"])
    [{'a': 1.5, 'b': 'x'}, {'a': None, 'b': None}]
    """
    columns = list(columns)
    sub = frame[columns].astype(object)
    sub = sub.where(sub.notna(), None)
    return [dict(zip(columns, row)) for row in sub.itertuples(index=False, name=None)]


class Store:
    """The product's database behind a small interface of frames in, frames out."""

    def __init__(self, engine: Engine, url: str):
        self.engine, self.url = engine, url
        self._writer = engine.execution_options(write=True)

    def write(self):
        """A write transaction (``with store.write() as conn:``): one unit, all or nothing."""
        return self._writer.begin()

    # ------------------------------------------------------------------ setup
    @classmethod
    def open(cls, db=None) -> "Store":
        """Open (creating and migrating if needed) the database at ``db``."""
        url = database_url(db)
        if url.startswith("sqlite:///") and url != "sqlite://":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        kwargs = {}
        if in_memory(url):
            from sqlalchemy.pool import StaticPool
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        elif url.startswith("sqlite"):
            kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            _sqlite_pragmas(engine)
        store = cls(engine, url)
        store.migrate()
        store.seed_shipped()
        return store

    def migrate(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.write() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def seed_shipped(self) -> None:
        """Insert the shipped chains, regions and parks the database does not hold yet."""
        chains = load_chains()
        regions = load_regions(chain_ids=chains)
        with self.write() as conn:
            have = set(conn.scalars(select(t.chains.c.id)))
            for c in chains.values():
                if c.id not in have:
                    conn.execute(insert(t.chains).values(
                        id=c.id, name_zh=c.name_zh, name_en=c.name_en,
                        definition={"source": c.source, "segments": list(c.segments)}))
            have = set(conn.scalars(select(t.regions.c.id)))
            for r in regions.values():
                if r.id in have:
                    continue
                conn.execute(insert(t.regions).values(
                    id=r.id, name=r.name, is_default=r.is_default,
                    definition={"full_name": r.full_name, "chains": list(r.chains), "facts": list(r.facts)}))
                for p in r.parks:
                    conn.execute(insert(t.parks).values(region_id=r.id, name=p["name"], kind=p.get("kind")))

    # ------------------------------------------------------------------ meta
    def get_meta(self, key: str, default=None):
        with self.engine.connect() as conn:
            value = conn.scalar(select(t.meta.c.value).where(t.meta.c.key == key))
        return default if value is None else value

    def set_meta(self, key: str, value: str, conn=None) -> None:
        def run(c):  # an upsert: concurrent writers of the same key do not collide
            dialect = c.dialect.name
            if dialect in ("sqlite", "postgresql"):
                from importlib import import_module
                stmt = import_module(f"sqlalchemy.dialects.{dialect}").insert(t.meta).values(key=key, value=str(value))
                c.execute(stmt.on_conflict_do_update(index_elements=[t.meta.c.key], set_={"value": str(value)}))
            else:  # pragma: no cover - other dialects
                c.execute(delete(t.meta).where(t.meta.c.key == key))
                c.execute(insert(t.meta).values(key=key, value=str(value)))
        if conn is not None:
            run(conn)
        else:
            with self.write() as c:
                run(c)

    def data_revision(self) -> int:
        return int(self.get_meta("data_revision", 0))

    def revision_id(self) -> str:
        """An id of the data as it is now, made anew by every data change (and on first use): it names files
        derived from the database, so they never match another database, nor this one put back from a backup."""
        found = self.get_meta("revision_id")
        if found is None:
            with self.write() as conn:  # one writer at a time: the first id made is the one kept
                found = conn.scalar(select(t.meta.c.value).where(t.meta.c.key == "revision_id"))
                if found is None:
                    found = uuid.uuid4().hex
                    self.set_meta("revision_id", found, conn)
        return found

    def _bump_revision(self, conn) -> None:
        """One more data revision, atomically (concurrent writers never lose an increment)."""
        bumped = conn.execute(update(t.meta).where(t.meta.c.key == "data_revision").values(
            value=cast(cast(t.meta.c.value, Integer) + 1, String)))
        if bumped.rowcount == 0:
            self.set_meta("data_revision", 1, conn)
        self.set_meta("revision_id", uuid.uuid4().hex, conn)
        conn.execute(delete(t.scores))

    # ------------------------------------------------------------------ reads
    def read(self, table, where=None) -> pd.DataFrame:
        query = select(table) if where is None else select(table).where(where)
        with self.engine.connect() as conn:  # read_sql builds the frame column-wise, ~2x faster than from rows
            return pd.read_sql(query, conn)

    def regions(self, chains=None) -> dict:
        """The shipped regions (from data/regions) plus any region an import added."""
        from chains.regions import new_region
        regions = load_regions(chain_ids=chains)
        for row in self.read(t.regions).itertuples():
            if row.id not in regions:
                regions[row.id] = new_region(row.name)
        return regions

    def region_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(t.regions.c.id).order_by(t.regions.c.is_default.desc(), t.regions.c.id)))

    def parks(self, region_id: str | None = None) -> pd.DataFrame:
        return self.read(t.parks, None if region_id is None else t.parks.c.region_id == region_id)

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file this store is (None for PostgreSQL and in-memory databases).

        >>> Store.open("sqlite://").sqlite_file is None
        True
        """
        if not self.url.startswith("sqlite:///") or in_memory(self.url):
            return None
        return Path(self.url.removeprefix("sqlite:///"))

    def read_large(self, table, columns: list[str] | None = None) -> pd.DataFrame:
        """Every row of a large table (these columns when given): through Arrow from a SQLite file when it can
        (recommender/arrow_read.py, the same frame four to six times faster at 1.2M firms), else through SQL."""
        from recommender.arrow_read import read_table
        columns, path = columns or [c.name for c in table.columns], self.sqlite_file
        fast = read_table(path, table, columns) if path else None
        if fast is not None:
            return fast
        with self.engine.connect() as conn:
            return pd.read_sql(select(*(table.c[c] for c in columns)), conn)

    def enterprises(self, columns: list[str] | None = None) -> pd.DataFrame:
        """Every enterprise (only these columns when given)."""
        if columns is None:
            return self.read(t.enterprises)
        return self.read_large(t.enterprises, columns)

    def local_firms(self) -> pd.DataFrame:
        """Local firms joined with their enterprise names."""
        query = select(t.local_firms, t.enterprises.c.name).join(
            t.enterprises, t.enterprises.c.enterprise_id == t.local_firms.c.enterprise_id)
        with self.engine.connect() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    def deals(self) -> pd.DataFrame:
        return self.read(t.deals)

    def deal_events(self) -> pd.DataFrame:
        """Every stage event with its deal's enterprise, region, chain and segment."""
        query = select(t.deal_events.c.id.label("event_id"), t.deal_events.c.stage, t.deal_events.c.date,
                       t.deal_events.c.recorded_by, t.deal_events.c.note, t.deals.c.id.label("deal_id"),
                       t.deals.c.enterprise_id, t.deals.c.region_id, t.deals.c.chain, t.deals.c.segment,
                       t.deals.c.park, t.deals.c.amount_wan).join(t.deals, t.deals.c.id == t.deal_events.c.deal_id)
        with self.engine.connect() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    def tags(self) -> pd.DataFrame:
        return self.read_large(t.enterprise_segments)

    def relations(self) -> pd.DataFrame:
        """Stored relations (related_id null for outside parties known only by name)."""
        return self.read(t.relations)

    def counts(self) -> dict:
        with self.engine.connect() as conn:
            return {name: conn.scalar(select(func.count()).select_from(tab)) for name, tab in
                    [("enterprises", t.enterprises), ("local_firms", t.local_firms), ("deals", t.deals),
                     ("model_versions", t.model_versions)]}

    def fingerprint(self) -> str:
        """A short hash of what training reads: counts and latest dates."""
        with self.engine.connect() as conn:
            parts = [conn.scalar(select(func.count()).select_from(tab)) for tab in
                     (t.enterprises, t.local_firms, t.deals, t.deal_events)]
            parts.append(conn.scalar(select(func.max(t.deal_events.c.date))))
            parts.append(self.data_revision())
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]

    # ------------------------------------------------------------------ writes
    def _upsert(self, conn, table, rows: list[dict], keys: list[str]) -> None:
        if not rows:
            return
        dialect = self.engine.dialect.name
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:  # pragma: no cover - other dialects: delete then insert
            for row in rows:
                conn.execute(delete(table).where(*[table.c[k] == row[k] for k in keys]))
            conn.execute(insert(table), rows)
            return
        stmt = dialect_insert(table)
        cols = [c for c in rows[0] if c not in keys]
        stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in cols})
        for start in range(0, len(rows), 5000):
            conn.execute(stmt, rows[start:start + 5000])

    def write_import(self, enterprises=None, firms=None, deals=None, tags=None, synthetic=False,
                     user: str | None = None, detail: str = "", regions=(), relations=None) -> dict:
        """Write validated frames in one transaction; re-imported enterprises are updated.

        ``tags`` replaces the stored segments of the enterprises it names; ``relations``
        replaces the stored relations of the enterprises it names.
        """
        counts = {}
        now = _now()
        ent_cols = ["enterprise_id", "name", "district", "industry_code", "industry_name", "business_scope",
                    "main_products", "registered_capital_wan", "employees", "revenue_wan", "founded", "tags",
                    "relocation_intent", "extra"]
        with self.write() as conn:
            have = set(conn.scalars(select(t.regions.c.id)))
            for region in regions:  # regions met for the first time in these files
                if region.id not in have:
                    conn.execute(insert(t.regions).values(id=region.id, name=region.name, is_default=False,
                                                          definition={"added_by_import": True}))
            for frame in (enterprises, firms):
                if frame is None:
                    continue
                frame = frame[ent_cols]  # a copy without attrs, which pandas would deep-copy into every slice
                frame.attrs = {}
                for start in range(0, len(frame), CHUNK):  # a chunk at a time in memory
                    rows = db_rows(frame.iloc[start:start + CHUNK], ent_cols)
                    for r in rows:
                        r["synthetic"], r["updated_at"] = synthetic, now
                    self._upsert(conn, t.enterprises, rows, ["enterprise_id"])
            if enterprises is not None:
                counts["enterprises"] = len(enterprises)
            if firms is not None and len(firms):
                rows = db_rows(firms.assign(source=firms.get("source")),
                                ["enterprise_id", "region_id", "chain", "segments", "is_leader", "park", "source"])
                if "since" in firms:
                    for r, since in zip(rows, firms["since"]):
                        r["since"] = _clean(since)
                else:
                    for r in rows:
                        r["since"] = None
                self._upsert(conn, t.local_firms, rows, ["enterprise_id", "region_id"])
                counts["firms"] = len(firms)
            if deals is not None and len(deals):
                counts["deals"] = self._write_deals(conn, deals, synthetic, user)
            if tags is not None:
                ids = list(tags.attrs.get("enterprise_ids", tags["enterprise_id"].unique()))
                for start in range(0, len(ids), 900):
                    conn.execute(delete(t.enterprise_segments).where(
                        t.enterprise_segments.c.enterprise_id.in_(ids[start:start + 900])))
                read = tags[tags["chain"] != ""]
                read.attrs = {}  # pandas deep-copies attrs (a million ids) into every slice
                for start in range(0, len(read), CHUNK):
                    conn.execute(insert(t.enterprise_segments),
                                 db_rows(read.iloc[start:start + CHUNK], ["enterprise_id", "chain", "segment", "confidence"]))
            if relations is not None and len(relations):
                counts["relations"] = self._write_relations(conn, relations)
            self._bump_revision(conn)
            self.audit(user, "import", "data", None, detail or json.dumps(counts, ensure_ascii=False), conn=conn)
        return counts

    def _write_relations(self, conn, relations: pd.DataFrame) -> int:
        ids = list(relations["enterprise_id"].unique())
        for start in range(0, len(ids), 900):
            conn.execute(delete(t.relations).where(t.relations.c.enterprise_id.in_(ids[start:start + 900])))
        rows = db_rows(relations, ["enterprise_id", "related_id", "related_name", "relation", "source", "date",
                                    "amount_wan"])
        for start in range(0, len(rows), 10000):
            conn.execute(insert(t.relations), rows[start:start + 10000])
        return len(rows)

    def _write_deals(self, conn, deals: pd.DataFrame, synthetic: bool, user, owner=None) -> int:
        existing = {(r.enterprise_id, r.region_id, r.chain): (r.id, r.stage, r.date) for r in
                    conn.execute(select(t.deals.c.id, t.deals.c.enterprise_id, t.deals.c.region_id,
                                        t.deals.c.chain, t.deals.c.stage, t.deals.c.date))}
        events, n = [], 0
        now = _now()
        for rec in db_rows(deals, ["enterprise_id", "region_id", "chain", "segment", "park", "amount_wan", "stage", "date"]):
            rec["chain"], rec["segment"] = rec["chain"] or "", rec["segment"] or ""
            key = (rec["enterprise_id"], rec["region_id"], rec["chain"])
            if key in existing:
                deal_id, stage, date = existing[key]
                if (stage, date) == (rec["stage"], rec["date"]):
                    continue
                keep = ("segment", "park", "amount_wan")  # a later stage without them keeps what is known
                conn.execute(update(t.deals).where(t.deals.c.id == deal_id).values(
                    **{k: v for k, v in rec.items() if k not in ("enterprise_id", "region_id", "chain")
                       and not (k in keep and (v is None or v == "" or (isinstance(v, float) and pd.isna(v))))}))
            else:
                deal_id = conn.execute(insert(t.deals).values(**rec, synthetic=synthetic,
                                                              owner=owner)).inserted_primary_key[0]
            existing[key] = (deal_id, rec["stage"], rec["date"])
            events.append({"deal_id": deal_id, "stage": rec["stage"], "date": rec["date"], "recorded_by": user,
                           "note": None, "recorded_at": now})
            n += 1
        if events:
            conn.execute(insert(t.deal_events), events)
        return n

    def log_stage(self, enterprise_id, region_id, chain, stage, date, user, note="", segment="", amount_wan=None):
        """Record one new stage of a deal from the app (creating the deal on first contact)."""
        frame = pd.DataFrame([{"enterprise_id": enterprise_id, "region_id": region_id, "chain": chain or "",
                               "segment": segment or "", "park": None, "amount_wan": amount_wan,
                               "stage": stage, "date": date}])
        with self.write() as conn:
            self._write_deals(conn, frame, False, user, owner=user)  # who opens a deal in the app works it
            if note:
                last = conn.scalar(select(func.max(t.deal_events.c.id)))
                conn.execute(update(t.deal_events).where(t.deal_events.c.id == last).values(note=note))
            self._bump_revision(conn)
            self.audit(user, "log_stage", "enterprise", enterprise_id, f"{chain} {stage} {date} {note}".strip(), conn=conn)

    def update_deal(self, deal_id: int, user: dict, owner=None, next_step=None, due_date=None) -> None:
        """Set a deal's owner, next step and due date. Staff may change only deals they own (or that have no
        owner yet, which they then take); managers and admins any deal. Audited."""
        from chains.errors import NoDataError, PermissionDenied
        from recommender.auth import require
        require(user, "deal.log")   # analysts read the pipeline; they do not take or plan deals
        with self.write() as conn:
            row = conn.execute(select(t.deals.c.owner, t.deals.c.enterprise_id).where(t.deals.c.id == int(deal_id))).first()
            if row is None:
                raise NoDataError(f"there is no deal {deal_id}")
            if user["role"] not in ("manager", "admin") and row.owner not in (None, "", user["username"]):
                raise PermissionDenied(f"deal {deal_id} is owned by {row.owner}; only its owner or a manager may change it")
            if user["role"] not in ("manager", "admin"):
                owner = user["username"]
            values = {"owner": owner or row.owner or user["username"], "next_step": next_step or None, "due_date": due_date}
            conn.execute(update(t.deals).where(t.deals.c.id == int(deal_id)).values(**values))
            self._bump_revision(conn)
            self.audit(user["username"], "update_deal", "deal", deal_id,
                       f"{row.enterprise_id} owner={values['owner']} next={next_step or ''} due={due_date or ''}", conn=conn)

    # ------------------------------------------------------------------ audit
    def audit(self, user, action, object_type=None, object_id=None, detail="", conn=None) -> None:
        values = dict(at=_now(), username=user, action=action, object_type=object_type,
                      object_id=None if object_id is None else str(object_id), detail=detail)
        if conn is not None:
            conn.execute(insert(t.audit_log).values(**values))
        else:
            with self.write() as c:
                c.execute(insert(t.audit_log).values(**values))

    def audit_log(self) -> pd.DataFrame:
        frame = self.read(t.audit_log)
        return frame.sort_values("id", ascending=False).reset_index(drop=True)
