"""exchange rates: dated rates OPS keep, the conversion a credit in another currency stored,
and the products and families of a credit's whole deal (per-deal fixed amounts)

Revision ID: 0027_exchange_rates
Revises: 0026_sync_changes
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = "0027_exchange_rates"
down_revision = "0026_sync_changes"


def upgrade() -> None:
    op.create_table('exchange_rates',
    *conventions.keyed('exchange_rates'),
    sa.Column('from_currency', sa.String(length=3), nullable=False),
    sa.Column('to_currency', sa.String(length=3), nullable=False),
    sa.Column('rate', sa.Numeric(precision=24, scale=12), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    conventions.references('exchange_rates', 'set_by_id', 'users', 'RESTRICT'),
    conventions.stamped('updated_at'),
    conventions.stamped('created_at'),
    sa.CheckConstraint("from_currency ~ '^[A-Z]{3}$'", name=op.f('ck_exchange_rates_from_iso')),
    sa.CheckConstraint("to_currency ~ '^[A-Z]{3}$'", name=op.f('ck_exchange_rates_to_iso')),
    sa.CheckConstraint('from_currency <> to_currency', name=op.f('ck_exchange_rates_two_currencies')),
    sa.CheckConstraint('rate > 0 AND rate <= 1000000000', name=op.f('ck_exchange_rates_rate_range')),
    sa.UniqueConstraint('from_currency', 'to_currency', 'valid_from', name=op.f('uq_exchange_rates_from_currency_to_currency_valid_from'))
    )
    op.add_column('commission_credits', sa.Column('original_currency', sa.String(length=3), nullable=True))
    op.add_column('commission_credits', sa.Column('original_amount', sa.Numeric(precision=18, scale=6), nullable=True))
    op.add_column('commission_credits', sa.Column('exchange_rate', sa.Numeric(), nullable=True))
    op.add_column('commission_credits', sa.Column('deal_scope', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.create_check_constraint(
        op.f('ck_commission_credits_conversion_complete'),
        'commission_credits',
        "(original_currency IS NULL) = (exchange_rate IS NULL)"
        " AND (original_currency IS NULL) = (original_amount IS NULL)",
    )
    op.create_check_constraint(
        op.f('ck_commission_credits_rate_positive'),
        'commission_credits',
        'exchange_rate IS NULL OR exchange_rate > 0',
    )


def downgrade() -> None:
    op.drop_constraint(op.f('ck_commission_credits_rate_positive'), 'commission_credits', type_='check')
    op.drop_constraint(op.f('ck_commission_credits_conversion_complete'), 'commission_credits', type_='check')
    op.drop_column('commission_credits', 'deal_scope')
    op.drop_column('commission_credits', 'exchange_rate')
    op.drop_column('commission_credits', 'original_amount')
    op.drop_column('commission_credits', 'original_currency')
    op.drop_table('exchange_rates')
