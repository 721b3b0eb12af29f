"""people who change: a plan's clawback window for reps who leave
(commission_plans.clawback_window_days; null: a reversal always claws back)

Revision ID: 0033_people_leavers
Revises: 0032_timeline_push_deliveries
"""

import sqlalchemy as sa
from alembic import op

revision = "0033_people_leavers"
down_revision = "0032_timeline_push_deliveries"


def upgrade() -> None:
    op.add_column('commission_plans', sa.Column('clawback_window_days', sa.Integer(), nullable=True))
    op.create_check_constraint(
        op.f('ck_commission_plans_clawback_window_range'),
        'commission_plans',
        'clawback_window_days IS NULL OR (clawback_window_days >= 0 AND clawback_window_days <= 3660)',
    )


def downgrade() -> None:
    op.drop_constraint(op.f('ck_commission_plans_clawback_window_range'), 'commission_plans', type_='check')
    op.drop_column('commission_plans', 'clawback_window_days')
