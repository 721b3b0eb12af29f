"""commissions

Revision ID: 0005_commissions
Revises: 0004_approvals
Create Date: 2026-11-23 14:13:04.305669
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = '0005_commissions'
down_revision = '0004_approvals'


ENUMS = (
    "commission_period_kind",
    "commission_period_status",
    "commission_credit_role",
    "commission_reversal_kind",
    "commission_statement_line_kind",
    "commission_inquiry_category",
    "commission_inquiry_status",
)

# Ledger rows: corrections are new rows, never edits.
APPEND_ONLY = (
    "commission_credits",
    "commission_adjustments",
    "commission_statements",
    "commission_statement_lines",
    "commission_statement_approvals",
    "commission_inquiry_messages",
)

# A closed period never changes: no row dated in it may be added, changed or removed.
CLOSED_PERIOD_FUNCTION = """
CREATE FUNCTION refuse_change_in_closed_commission_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text := TG_ARGV[0];
    row_data record;
    closed boolean := false;
BEGIN
    FOREACH row_data IN ARRAY (CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW] WHEN 'DELETE' THEN ARRAY[OLD] ELSE ARRAY[OLD, NEW] END) LOOP
        IF kind = 'date' THEN
            EXECUTE format(
                'SELECT EXISTS (SELECT 1 FROM commission_periods p WHERE p.status = ''CLOSED'' '
                'AND ($1).%1$I BETWEEN p.start_date AND p.end_date)', TG_ARGV[1]
            ) INTO closed USING row_data;
        ELSIF kind = 'period' THEN
            SELECT EXISTS (SELECT 1 FROM commission_periods p WHERE p.status = 'CLOSED' AND p.id = row_data.period_id)
                INTO closed;
        ELSE
            SELECT EXISTS (
                SELECT 1 FROM commission_statements s JOIN commission_periods p ON p.id = s.period_id
                WHERE p.status = 'CLOSED' AND s.id = row_data.statement_id
            ) INTO closed;
        END IF;
        IF closed THEN
            RAISE EXCEPTION '% belongs to a closed commission period: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'commission_period_closed';
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
"""

# (table, trigger events, arguments)
CLOSED_PERIOD_RULES = [
    ("commission_credits", "INSERT OR UPDATE OR DELETE", "'date', 'credit_date'"),
    ("commission_adjustments", "INSERT OR UPDATE OR DELETE", "'date', 'effective_date'"),
    ("commission_statements", "UPDATE OR DELETE", "'period'"),
    ("commission_statement_lines", "UPDATE OR DELETE", "'statement'"),
]

PERIOD_FROZEN_FUNCTION = """
CREATE FUNCTION refuse_change_to_closed_commission_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'CLOSED' THEN
        RAISE EXCEPTION 'commission period % is closed: % refused', OLD.label, TG_OP
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'commission_period_closed';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
"""

# Effective-dated rows of one scope never overlap; both ends inclusive, a null end is open.
# (btree_gist is missing from the embedded PostgreSQL, so a trigger instead of EXCLUDE.)
NO_OVERLAP_FUNCTION = """
CREATE FUNCTION refuse_overlapping_commission_dates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_table text := TG_ARGV[0];
    scope text := TG_ARGV[1];
    from_column text := TG_ARGV[2];
    to_column text := TG_ARGV[3];
    overlapping boolean;
BEGIN
    EXECUTE format('SELECT 1 FROM %I WHERE id = ($1).%I FOR NO KEY UPDATE', parent_table, scope) USING NEW;
    EXECUTE format(
        'SELECT EXISTS (SELECT 1 FROM %1$I t WHERE t.id <> ($1).id AND t.%2$I = ($1).%2$I '
        'AND daterange(t.%3$I, t.%4$I, ''[]'') && daterange(($1).%3$I, ($1).%4$I, ''[]''))',
        TG_TABLE_NAME, scope, from_column, to_column
    ) INTO overlapping USING NEW;
    IF overlapping THEN
        RAISE EXCEPTION '% overlaps the dates of another row for the same %', TG_TABLE_NAME, scope
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = TG_TABLE_NAME || '_no_overlap';
    END IF;
    RETURN NEW;
END;
$$;
"""

OVERLAP_RULES = [
    ("commission_plan_versions", "'commission_plans', 'plan_id', 'effective_from', 'effective_to'"),
    ("commission_assignments", "'users', 'rep_id', 'start_date', 'end_date'"),
]


def upgrade() -> None:
    op.create_table('commission_calendar',
    sa.Column('id', sa.SmallInteger(), nullable=False),
    sa.Column('first_month', sa.SmallInteger(), nullable=False),
    sa.Column('named_by_end_year', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('period_kind', sa.Enum('MONTH', 'QUARTER', 'YEAR', name='commission_period_kind'), nullable=False),
    *conventions.timestamped(),
    sa.CheckConstraint('first_month BETWEEN 1 AND 12', name=op.f('ck_commission_calendar_first_month_range')),
    sa.CheckConstraint('id = 1', name=op.f('ck_commission_calendar_single_row')),
    conventions.primary_key('commission_calendar')
    )
    op.create_table('commission_adjustments',
    *conventions.keyed('commission_adjustments'),
    conventions.references('commission_adjustments', 'rep_id', 'users', 'RESTRICT'),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    conventions.references('commission_adjustments', 'created_by_id', 'users', 'RESTRICT', nullable=True),
    conventions.stamped('created_at'),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_commission_adjustments_amount_not_zero')),
    )
    op.create_index('ix_commission_adjustments_rep_date', 'commission_adjustments', ['rep_id', 'effective_date'], unique=False)
    op.create_table('commission_periods',
    *conventions.keyed('commission_periods'),
    sa.Column('kind', sa.Enum('MONTH', 'QUARTER', 'YEAR', name='commission_period_kind'), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('index', sa.SmallInteger(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'CLOSED', name='commission_period_status'), nullable=False),
    conventions.references('commission_periods', 'opened_by_id', 'users', 'RESTRICT', nullable=True),
    conventions.stamped('opened_at'),
    conventions.references('commission_periods', 'closed_by_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    conventions.versioned(),
    sa.CheckConstraint("(status = 'CLOSED') = (closed_at IS NOT NULL)", name=op.f('ck_commission_periods_closed_has_time')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_commission_periods_dates_ordered')),
    sa.UniqueConstraint('label', name=op.f('uq_commission_periods_label')),
    sa.UniqueConstraint('start_date', name=op.f('uq_commission_periods_start_date'))
    )
    op.create_table('commission_plans',
    *conventions.keyed('commission_plans'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('period_kind', sa.Enum('MONTH', 'QUARTER', 'YEAR', name='commission_period_kind'), nullable=False),
    conventions.references('commission_plans', 'created_by_id', 'users', 'RESTRICT', nullable=True),
    *conventions.timestamped(),
    conventions.versioned(),
    conventions.currency_iso('commission_plans'),
    sa.UniqueConstraint('name', name=op.f('uq_commission_plans_name'))
    )
    op.create_table('commission_assignments',
    *conventions.keyed('commission_assignments'),
    conventions.references('commission_assignments', 'rep_id', 'users', 'RESTRICT'),
    conventions.references('commission_assignments', 'plan_id', 'commission_plans', 'RESTRICT'),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('quota', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('on_target_earnings', sa.Numeric(precision=18, scale=6), nullable=True),
    conventions.references('commission_assignments', 'created_by_id', 'users', 'RESTRICT', nullable=True),
    conventions.stamped('created_at'),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_commission_assignments_dates_ordered')),
    sa.CheckConstraint('on_target_earnings IS NULL OR on_target_earnings > 0', name=op.f('ck_commission_assignments_ote_positive')),
    sa.CheckConstraint('quota >= 0', name=op.f('ck_commission_assignments_quota_not_negative')),
    )
    op.create_index(op.f('ix_commission_assignments_plan_id'), 'commission_assignments', ['plan_id'], unique=False)
    op.create_index('ix_commission_assignments_rep', 'commission_assignments', ['rep_id', 'start_date'], unique=False)
    op.create_table('commission_plan_versions',
    *conventions.keyed('commission_plan_versions'),
    conventions.references('commission_plan_versions', 'plan_id', 'commission_plans', 'CASCADE'),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('components', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    conventions.references('commission_plan_versions', 'created_by_id', 'users', 'RESTRICT', nullable=True),
    conventions.stamped('created_at'),
    sa.CheckConstraint('effective_to IS NULL OR effective_to >= effective_from', name=op.f('ck_commission_plan_versions_dates_ordered')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_commission_plan_versions_number_positive')),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_commission_plan_versions_plan_id_number'))
    )
    op.create_table('commission_credits',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('credit_key', sa.String(length=200), nullable=False),
    conventions.references('commission_credits', 'quote_id', 'quotes', 'RESTRICT'),
    conventions.references('commission_credits', 'rep_id', 'users', 'RESTRICT'),
    sa.Column('role', sa.Enum('DIRECT', 'ROLLUP', name='commission_credit_role'), nullable=False),
    sa.Column('share', sa.Numeric(), nullable=False),
    sa.Column('credit_date', sa.Date(), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('account', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('lines', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('deal_discount', sa.Numeric(), nullable=False),
    sa.Column('deal_margin', sa.Numeric(), nullable=True),
    conventions.references('commission_credits', 'reverses_id', 'commission_credits', 'RESTRICT', nullable=True, type_=sa.BigInteger),
    sa.Column('reversal_kind', sa.Enum('CANCELLED', 'RETURNED', 'LOST_AFTER_WIN', name='commission_reversal_kind'), nullable=True),
    sa.Column('completes_reversal', sa.Boolean(), server_default='true', nullable=False),
    conventions.stamped('created_at'),
    sa.CheckConstraint('(reverses_id IS NULL) = (reversal_kind IS NULL)', name=op.f('ck_commission_credits_clawback_has_kind')),
    sa.CheckConstraint('share > 0 AND share <= 1', name=op.f('ck_commission_credits_share_range')),
    conventions.primary_key('commission_credits'),
    sa.UniqueConstraint('credit_key', name=op.f('uq_commission_credits_credit_key'))
    )
    op.create_index('ix_commission_credits_date', 'commission_credits', ['credit_date'], unique=False)
    op.create_index(op.f('ix_commission_credits_quote_id'), 'commission_credits', ['quote_id'], unique=False)
    op.create_index('ix_commission_credits_rep_date', 'commission_credits', ['rep_id', 'credit_date'], unique=False)
    op.create_table('commission_period_states',
    conventions.references('commission_period_states', 'rep_id', 'users', 'CASCADE'),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    conventions.references('commission_period_states', 'assignment_id', 'commission_assignments', 'CASCADE'),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('credit_count', sa.Integer(), nullable=False),
    sa.Column('last_credit_id', sa.BigInteger(), nullable=False),
    sa.Column('state', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    conventions.stamped('updated_at'),
    conventions.primary_key('commission_period_states', 'rep_id', 'period_start')
    )
    op.create_table('commission_statements',
    *conventions.keyed('commission_statements'),
    conventions.references('commission_statements', 'period_id', 'commission_periods', 'RESTRICT'),
    conventions.references('commission_statements', 'rep_id', 'users', 'RESTRICT'),
    conventions.references('commission_statements', 'assignment_id', 'commission_assignments', 'RESTRICT', nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('attainment', sa.Numeric(), nullable=True),
    sa.Column('quota', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('tier', sa.String(length=100), nullable=True),
    sa.Column('sales_total', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('clawback_total', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('period_total', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('adjustments_total', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('earned_total', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('previously_paid', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('balance_due', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('non_cash_value', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('summary', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('period_id', 'rep_id', name=op.f('uq_commission_statements_period_id_rep_id'))
    )
    op.create_index(op.f('ix_commission_statements_rep_id'), 'commission_statements', ['rep_id'], unique=False)
    op.create_table('quote_splits',
    *conventions.keyed('quote_splits'),
    conventions.references('quote_splits', 'quote_id', 'quotes', 'CASCADE'),
    conventions.references('quote_splits', 'rep_id', 'users', 'RESTRICT'),
    sa.Column('share_percent', sa.Numeric(precision=9, scale=4), nullable=False),
    sa.CheckConstraint('share_percent > 0 AND share_percent <= 100', name=op.f('ck_quote_splits_share_range')),
    sa.UniqueConstraint('quote_id', 'rep_id', name=op.f('uq_quote_splits_quote_id_rep_id'))
    )
    op.create_index(op.f('ix_quote_splits_quote_id'), 'quote_splits', ['quote_id'], unique=False)
    op.create_table('commission_statement_approvals',
    *conventions.keyed('commission_statement_approvals'),
    conventions.references('commission_statement_approvals', 'statement_id', 'commission_statements', 'RESTRICT'),
    conventions.references('commission_statement_approvals', 'approved_by_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    conventions.stamped('approved_at'),
    sa.UniqueConstraint('statement_id', name=op.f('uq_commission_statement_approvals_statement_id'))
    )
    op.create_table('commission_statement_lines',
    sa.Column('id', sa.BigInteger(), nullable=False),
    conventions.references('commission_statement_lines', 'statement_id', 'commission_statements', 'RESTRICT'),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('SALE', 'CLAWBACK', 'PERIOD', 'ADJUSTMENT', 'AWARD', name='commission_statement_line_kind'), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    conventions.references('commission_statement_lines', 'credit_id', 'commission_credits', 'RESTRICT', nullable=True, type_=sa.BigInteger),
    conventions.references('commission_statement_lines', 'quote_id', 'quotes', 'RESTRICT', nullable=True),
    conventions.references('commission_statement_lines', 'adjustment_id', 'commission_adjustments', 'RESTRICT', nullable=True),
    sa.Column('amount', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    conventions.primary_key('commission_statement_lines'),
    sa.UniqueConstraint('statement_id', 'position', name=op.f('uq_commission_statement_lines_statement_id_position'))
    )
    op.create_table('commission_inquiries',
    *conventions.keyed('commission_inquiries'),
    conventions.references('commission_inquiries', 'rep_id', 'users', 'RESTRICT'),
    conventions.references('commission_inquiries', 'statement_line_id', 'commission_statement_lines', 'RESTRICT', nullable=True, type_=sa.BigInteger),
    conventions.references('commission_inquiries', 'credit_id', 'commission_credits', 'RESTRICT', nullable=True, type_=sa.BigInteger),
    sa.Column('category', sa.Enum('MISSING_CREDIT', 'WRONG_AMOUNT', 'WRONG_SPLIT', 'WRONG_RATE', 'CLAWBACK', 'OTHER', name='commission_inquiry_category'), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'ANSWERED', 'RESOLVED', 'REJECTED', name='commission_inquiry_status'), nullable=False),
    sa.Column('attachment_ref', sa.String(length=500), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    conventions.references('commission_inquiries', 'adjustment_id', 'commission_adjustments', 'RESTRICT', nullable=True),
    *conventions.timestamped(),
    conventions.versioned(),
    sa.CheckConstraint('(statement_line_id IS NULL) <> (credit_id IS NULL)', name=op.f('ck_commission_inquiries_one_subject')),
    )
    op.create_index('ix_commission_inquiries_rep', 'commission_inquiries', ['rep_id', 'id'], unique=False)
    op.create_index(op.f('ix_commission_inquiries_status'), 'commission_inquiries', ['status'], unique=False)
    op.create_table('commission_inquiry_messages',
    *conventions.keyed('commission_inquiry_messages'),
    conventions.references('commission_inquiry_messages', 'inquiry_id', 'commission_inquiries', 'CASCADE'),
    conventions.references('commission_inquiry_messages', 'author_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('attachment_ref', sa.String(length=500), nullable=True),
    conventions.stamped('at'),
    )
    op.create_index('ix_commission_inquiry_messages_inquiry', 'commission_inquiry_messages', ['inquiry_id', 'id'], unique=False)
    conventions.append_only(*APPEND_ONLY)
    op.execute(CLOSED_PERIOD_FUNCTION)
    for table, events, arguments in CLOSED_PERIOD_RULES:
        op.execute(
            f"CREATE TRIGGER {table}_closed_period BEFORE {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_change_in_closed_commission_period({arguments})"
        )
    op.execute(PERIOD_FROZEN_FUNCTION)
    op.execute(
        "CREATE TRIGGER commission_periods_frozen BEFORE UPDATE OR DELETE ON commission_periods "
        "FOR EACH ROW EXECUTE FUNCTION refuse_change_to_closed_commission_period()"
    )
    op.execute(NO_OVERLAP_FUNCTION)
    for table, arguments in OVERLAP_RULES:
        op.execute(
            f"CREATE TRIGGER {table}_no_overlap BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_overlapping_commission_dates({arguments})"
        )


def downgrade() -> None:
    for table, _ in OVERLAP_RULES:
        op.execute(f"DROP TRIGGER {table}_no_overlap ON {table}")
    op.execute("DROP FUNCTION refuse_overlapping_commission_dates()")
    op.execute("DROP TRIGGER commission_periods_frozen ON commission_periods")
    op.execute("DROP FUNCTION refuse_change_to_closed_commission_period()")
    for table, _, _ in CLOSED_PERIOD_RULES:
        op.execute(f"DROP TRIGGER {table}_closed_period ON {table}")
    op.execute("DROP FUNCTION refuse_change_in_closed_commission_period()")
    conventions.drop_append_only(*APPEND_ONLY)
    conventions.drop_table('commission_inquiry_messages', 'ix_commission_inquiry_messages_inquiry')
    conventions.drop_table('commission_inquiries', op.f('ix_commission_inquiries_status'), 'ix_commission_inquiries_rep')
    conventions.drop_table('commission_statement_lines')
    conventions.drop_table('commission_statement_approvals')
    conventions.drop_table('quote_splits', op.f('ix_quote_splits_quote_id'))
    conventions.drop_table('commission_statements', op.f('ix_commission_statements_rep_id'))
    conventions.drop_table('commission_period_states')
    conventions.drop_table('commission_credits', 'ix_commission_credits_rep_date', op.f('ix_commission_credits_quote_id'), 'ix_commission_credits_date')
    conventions.drop_table('commission_plan_versions')
    conventions.drop_table('commission_assignments', 'ix_commission_assignments_rep', op.f('ix_commission_assignments_plan_id'))
    conventions.drop_table('commission_plans')
    conventions.drop_table('commission_periods')
    conventions.drop_table('commission_adjustments', 'ix_commission_adjustments_rep_date')
    conventions.drop_table('commission_calendar')
    for name in ENUMS:
        op.execute(f"DROP TYPE {name}")
