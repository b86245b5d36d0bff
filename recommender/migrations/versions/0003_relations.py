"""relations between enterprises (以商招商): supplier, customer, investment, branch, shareholder

Revision ID: 0003
Revises: 0001 (re-chained after 0002 at merge)
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('relations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('enterprise_id', sa.String(length=64), nullable=False),
    sa.Column('related_id', sa.String(length=64), nullable=True),
    sa.Column('related_name', sa.String(length=256), nullable=True),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('amount_wan', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.enterprise_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_relations_enterprise', 'relations', ['enterprise_id'], unique=False)
    op.create_index('ix_relations_related', 'relations', ['related_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_relations_related', table_name='relations')
    op.drop_index('ix_relations_enterprise', table_name='relations')
    op.drop_table('relations')
