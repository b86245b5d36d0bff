"""stored scores keep each row's best receiving place and its why (the pages read them instead of working
them out for a million rows on a server's first page)

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = (("park", sa.String(length=128)), ("park_fit", sa.Float()), ("park_reason", sa.Text()),
           ("park_reason_en", sa.Text()))


def upgrade() -> None:
    op.execute("DELETE FROM scores")  # a cache: rows stored without a place are worked out again on first use
    for name, kind in COLUMNS:
        op.add_column("scores", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        for name, _ in COLUMNS:
            batch.drop_column(name)
