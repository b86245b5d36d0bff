"""Database schema (SQLAlchemy Core). Alembic migrations in recommender/migrations build it.

Everything the product keeps: chains and regions as shipped, enterprises, the
region's local firms, deals with their stage history, tags, users, shortlists
with reviews, the audit log, model versions with the active pointer's history,
and the score cache.
"""
from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, MetaData,
                        String, Table, Text, UniqueConstraint, Index)

metadata = MetaData()

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

chains = Table(
    "chains", metadata,
    Column("id", String(64), primary_key=True),
    Column("name_zh", String(64), nullable=False),
    Column("name_en", String(128)),
    Column("definition", JSON, nullable=False),
)

regions = Table(
    "regions", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("is_default", Boolean, nullable=False, default=False),
    Column("definition", JSON, nullable=False),
)

parks = Table(
    "parks", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("region_id", String(64), ForeignKey("regions.id"), nullable=False),
    Column("name", String(128), nullable=False),
    Column("kind", String(32)),
    UniqueConstraint("region_id", "name"),
)

enterprises = Table(
    "enterprises", metadata,
    Column("enterprise_id", String(64), primary_key=True),
    Column("name", String(256), nullable=False),
    Column("district", String(64)),
    Column("industry_code", String(16)),
    Column("industry_name", String(128)),
    Column("business_scope", Text),
    Column("main_products", Text),
    Column("registered_capital_wan", Float),
    Column("employees", Integer),
    Column("revenue_wan", Float),
    Column("founded", Date),
    Column("tags", Text),
    Column("relocation_intent", String(8)),
    Column("extra", JSON),
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime),
)

local_firms = Table(
    "local_firms", metadata,
    Column("enterprise_id", String(64), ForeignKey("enterprises.enterprise_id"), primary_key=True),
    Column("region_id", String(64), ForeignKey("regions.id"), primary_key=True),
    Column("chain", String(64), nullable=False, default=""),
    Column("segments", Text, nullable=False, default=""),
    Column("is_leader", Boolean, nullable=False, default=False),
    Column("park", String(128)),
    Column("since", Date),
    Column("source", Text),
)

deals = Table(
    "deals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enterprise_id", String(64), ForeignKey("enterprises.enterprise_id"), nullable=False),
    Column("region_id", String(64), ForeignKey("regions.id"), nullable=False),
    Column("chain", String(64), nullable=False, default=""),
    Column("segment", String(64), nullable=False, default=""),
    Column("park", String(128)),
    Column("amount_wan", Float),
    Column("stage", String(8), nullable=False),
    Column("date", Date, nullable=False),
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("owner", String(64)),        # the staff member working the deal
    Column("next_step", Text),
    Column("due_date", Date),
    UniqueConstraint("enterprise_id", "region_id", "chain"),
)

deal_events = Table(
    "deal_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("deal_id", Integer, ForeignKey("deals.id"), nullable=False, index=True),
    Column("stage", String(8), nullable=False),
    Column("date", Date, nullable=False),
    Column("recorded_by", String(64)),
    Column("note", Text),
    Column("recorded_at", DateTime),
)

enterprise_segments = Table(
    "enterprise_segments", metadata,
    Column("enterprise_id", String(64), ForeignKey("enterprises.enterprise_id"), nullable=False),
    Column("chain", String(64), nullable=False),
    Column("segment", String(64), nullable=False),
    Column("confidence", Float, nullable=False),
    Index("ix_enterprise_segments_enterprise", "enterprise_id"),
)

relations = Table(
    "relations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enterprise_id", String(64), ForeignKey("enterprises.enterprise_id"), nullable=False),
    Column("related_id", String(64)),  # null: an outside party known only by name
    Column("related_name", String(256)),
    Column("relation", String(16), nullable=False),  # supplier / customer / investment / branch / shareholder
    Column("source", String(64)),
    Column("date", Date),
    Column("amount_wan", Float),
    Index("ix_relations_enterprise", "enterprise_id"),
    Index("ix_relations_related", "related_id"),
)

users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(16), nullable=False),
    Column("display_name", String(64)),
    Column("created_at", DateTime),
)

shortlists = Table(
    "shortlists", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("region_id", String(64), ForeignKey("regions.id"), nullable=False),
    Column("created_by", String(64)),
    Column("created_at", DateTime),
)

shortlist_items = Table(
    "shortlist_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("shortlist_id", Integer, ForeignKey("shortlists.id"), nullable=False),
    Column("enterprise_id", String(64), ForeignKey("enterprises.enterprise_id"), nullable=False),
    Column("chain", String(64)),
    Column("segment", String(64)),
    Column("match_type", String(8)),
    Column("score", Float),
    Column("reasons", Text),
    Column("status", String(8), nullable=False, default="待审"),
    Column("added_by", String(64)),
    Column("added_at", DateTime),
    Column("review_comment", Text),
    Column("reviewed_by", String(64)),
    Column("reviewed_at", DateTime),
    UniqueConstraint("shortlist_id", "enterprise_id", "chain"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("username", String(64)),
    Column("action", String(64), nullable=False),
    Column("object_type", String(32)),
    Column("object_id", String(128)),
    Column("detail", Text),
)

model_versions = Table(
    "model_versions", metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64)),
    Column("kind", String(64), nullable=False),
    Column("file", String(512), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("params", JSON),
    Column("metrics", JSON),
    Column("train_until", Date),
    Column("data_fingerprint", String(64)),
    Column("libraries", JSON),
    Column("note", Text),
)

model_activations = Table(
    "model_activations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("version", Integer, ForeignKey("model_versions.version"), nullable=False),
    Column("by", String(64)),
    Column("action", String(16), nullable=False),
)

scores = Table(
    "scores", metadata,
    Column("cache_key", String(128), nullable=False, index=True),
    Column("region_id", String(64), nullable=False),
    Column("enterprise_id", String(64), nullable=False),
    Column("chain", String(64), nullable=False),
    Column("segment", String(64)),
    Column("match_type", String(8)),
    Column("score", Float),
    Column("rank", Integer),
    Column("reasons", Text),
    Column("park", String(128)),  # the best receiving place and its why, so pages need not work it out again
    Column("park_fit", Float),
    Column("park_reason", Text),
    Column("park_reason_en", Text),
    Column("belongs", Float),  # the first stage: P(the firm belongs to the chain), shown beside the score
)
