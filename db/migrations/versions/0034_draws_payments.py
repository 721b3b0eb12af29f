"""draws and payments: a rep's draws (recoverable or not), invoices marked paid, payments
FINANCE made against statements (append-only), plans that hold commission until the invoice
is paid, and each statement's payout (carried balance, held, released, draw, amount due)

Revision ID: 0034_draws_payments
Revises: 0033_people_leavers
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = "0034_draws_payments"
down_revision = "0033_people_leavers"

STATEMENT_MONEY = (
    "carried_in",
    "held_total",
    "released_total",
    "draw_paid",
    "draw_recovered",
    "draw_outstanding",
    "amount_due",
    "carried_forward",
)
APPEND_ONLY = ("commission_payments", "invoice_payments")
STATEMENT_TRIGGERS = ("commission_statements_append_only", "commission_statements_closed_period")


def upgrade() -> None:
    draw_kind = postgresql.ENUM('RECOVERABLE', 'NON_RECOVERABLE', name='commission_draw_kind')
    op.create_table('commission_draws',
    *conventions.keyed('commission_draws'),
    conventions.references('commission_draws', 'rep_id', 'users', 'RESTRICT'),
    sa.Column('kind', draw_kind, nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    conventions.references('commission_draws', 'created_by_id', 'users', 'RESTRICT', nullable=True),
    conventions.stamped('created_at'),
    conventions.currency_iso('commission_draws'),
    sa.CheckConstraint('amount > 0', name=op.f('ck_commission_draws_amount_positive')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_commission_draws_dates_ordered')),
    )
    op.create_index('ix_commission_draws_rep', 'commission_draws', ['rep_id', 'start_date'])
    op.execute(
        "CREATE TRIGGER commission_draws_no_overlap BEFORE INSERT OR UPDATE ON commission_draws "
        "FOR EACH ROW EXECUTE FUNCTION refuse_overlapping_commission_dates("
        "'users', 'rep_id', 'start_date', 'end_date')"
    )
    op.create_table('invoice_payments',
    *conventions.keyed('invoice_payments'),
    conventions.references('invoice_payments', 'quote_id', 'quotes', 'RESTRICT'),
    sa.Column('paid_on', sa.Date(), nullable=False),
    conventions.references('invoice_payments', 'recorded_by_id', 'users', 'RESTRICT', nullable=True),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('quote_id', name=op.f('uq_invoice_payments_quote_id')),
    )
    op.create_table('commission_payments',
    *conventions.keyed('commission_payments'),
    conventions.references('commission_payments', 'statement_id', 'commission_statements', 'RESTRICT'),
    sa.Column('amount', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=True),
    conventions.references('commission_payments', 'recorded_by_id', 'users', 'RESTRICT', nullable=True),
    conventions.stamped('created_at'),
    conventions.currency_iso('commission_payments'),
    sa.CheckConstraint('amount > 0', name=op.f('ck_commission_payments_amount_positive')),
    )
    op.create_index('ix_commission_payments_statement', 'commission_payments', ['statement_id', 'id'])
    conventions.append_only(*APPEND_ONLY)
    op.add_column('commission_plans', sa.Column('holds_until_invoice_paid', sa.Boolean(), server_default='false', nullable=False))
    for column in STATEMENT_MONEY:
        op.add_column('commission_statements', sa.Column(column, sa.Numeric(precision=18, scale=6), server_default='0', nullable=False))
    op.add_column('commission_statements', sa.Column('held_pool', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False))
    # A statement issued before: its balance was due when positive and is carried when negative.
    # Statements are append-only and frozen with their period: both triggers step aside for
    # this one backfill, inside the migration's transaction.
    for trigger in STATEMENT_TRIGGERS:
        op.execute(f"ALTER TABLE commission_statements DISABLE TRIGGER {trigger}")
    op.execute(
        "UPDATE commission_statements SET amount_due = GREATEST(balance_due, 0),"
        " carried_forward = LEAST(balance_due, 0)"
    )
    for trigger in STATEMENT_TRIGGERS:
        op.execute(f"ALTER TABLE commission_statements ENABLE TRIGGER {trigger}")


def downgrade() -> None:
    op.drop_column('commission_statements', 'held_pool')
    for column in reversed(STATEMENT_MONEY):
        op.drop_column('commission_statements', column)
    op.drop_column('commission_plans', 'holds_until_invoice_paid')
    conventions.drop_append_only(*APPEND_ONLY)
    op.drop_index('ix_commission_payments_statement', table_name='commission_payments')
    op.drop_table('commission_payments')
    op.drop_table('invoice_payments')
    op.execute("DROP TRIGGER commission_draws_no_overlap ON commission_draws")
    op.drop_index('ix_commission_draws_rep', table_name='commission_draws')
    op.drop_table('commission_draws')
    op.execute("DROP TYPE commission_draw_kind")
