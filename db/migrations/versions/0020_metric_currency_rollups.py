"""metric currency rollups: a money metric's day rollups per currency, never added across

Revision ID: 0020_metric_currency_rollups
Revises: 0019_job_queue
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_metric_currency_rollups"
down_revision = "0019_job_queue"


def upgrade() -> None:
    op.create_table('metric_currency_rollups',
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('count', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('total', sa.Numeric(), server_default='0', nullable=False),
    sa.Column('metric', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('metric', 'version', 'rep_id', 'day', 'currency', name=op.f('pk_metric_currency_rollups'))
    )


def downgrade() -> None:
    op.drop_table('metric_currency_rollups')
