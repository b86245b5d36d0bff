"""stored scores keep each row's first stage, P(the firm belongs to the chain), so pages can show how sure
the reading is beside the score

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM scores")  # a cache: rows stored without it are worked out again on first use
    op.add_column("scores", sa.Column("belongs", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.drop_column("belongs")
