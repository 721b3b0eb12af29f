"""quotes

Revision ID: 0003_quotes
Revises: 0002_catalog
Create Date: 2026-11-23 13:51:32.712838
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = '0003_quotes'
down_revision = '0002_catalog'


APPEND_ONLY = ("quote_events", "clause_versions")


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("quote_number_seq", start=1001)))
    op.create_table('clauses',
    *conventions.keyed('clauses'),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('segment', sa.String(length=50), nullable=True),
    sa.Column('standard', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    *conventions.timestamped(),
    sa.UniqueConstraint('code', name=op.f('uq_clauses_code'))
    )
    op.create_table('clause_versions',
    *conventions.keyed('clause_versions'),
    conventions.references('clause_versions', 'clause_id', 'clauses', 'CASCADE'),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    conventions.stamped('created_at'),
    sa.UniqueConstraint('clause_id', 'version', name=op.f('uq_clause_versions_clause_id_version'))
    )
    op.create_table('quotes',
    *conventions.keyed('quotes'),
    sa.Column('number', sa.Integer(), server_default=sa.text("nextval('quote_number_seq')"), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    conventions.references('quotes', 'account_id', 'accounts', 'RESTRICT'),
    conventions.references('quotes', 'owner_id', 'users', 'RESTRICT'),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.Enum('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'ACCEPTED', 'REJECTED', 'EXPIRED', 'WON', 'LOST', name='quote_status'), nullable=False),
    sa.Column('current_revision', sa.Integer(), server_default='1', nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('expected_close_date', sa.Date(), nullable=True),
    sa.Column('actual_close_date', sa.Date(), nullable=True),
    sa.Column('outcome_reason', sa.String(length=500), nullable=True),
    conventions.references('quotes', 'cloned_from_id', 'quotes', 'SET NULL', nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('net_total', sa.Numeric(precision=18, scale=6), server_default='0', nullable=False),
    *conventions.timestamped(),
    conventions.versioned(),
    conventions.currency_iso('quotes'),
    sa.CheckConstraint('current_revision >= 1', name=op.f('ck_quotes_revision_positive')),
    sa.UniqueConstraint('number', name=op.f('uq_quotes_number'))
    )
    op.create_index(op.f('ix_quotes_account_id'), 'quotes', ['account_id'], unique=False)
    op.create_index('ix_quotes_owner_updated', 'quotes', ['owner_id', 'updated_at'], unique=False)
    op.create_index(op.f('ix_quotes_status'), 'quotes', ['status'], unique=False)
    op.create_table('quote_events',
    *conventions.keyed('quote_events'),
    conventions.references('quote_events', 'quote_id', 'quotes', 'CASCADE'),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('from_status', sa.String(length=30), nullable=True),
    sa.Column('to_status', sa.String(length=30), nullable=True),
    conventions.references('quote_events', 'actor_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('customer_name', sa.String(length=200), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    conventions.stamped('at'),
    )
    op.create_index('ix_quote_events_quote', 'quote_events', ['quote_id', 'id'], unique=False)
    op.create_table('quote_revisions',
    *conventions.keyed('quote_revisions'),
    conventions.references('quote_revisions', 'quote_id', 'quotes', 'CASCADE'),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('terms', sa.Text(), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('customer_notes', sa.Text(), server_default='', nullable=False),
    sa.Column('quote_discount_percent', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('quote_discount_amount', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('pricing_date', sa.Date(), nullable=False),
    sa.Column('priced', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('non_standard', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('lines_added', sa.Integer(), server_default='0', nullable=False),
    sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    *conventions.timestamped(),
    sa.UniqueConstraint('quote_id', 'number', name=op.f('uq_quote_revisions_quote_id_number'))
    )
    op.create_table('quote_clauses',
    *conventions.keyed('quote_clauses'),
    conventions.references('quote_clauses', 'revision_id', 'quote_revisions', 'CASCADE'),
    conventions.references('quote_clauses', 'clause_version_id', 'clause_versions', 'RESTRICT', nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('edited', sa.Boolean(), server_default='false', nullable=False),
    )
    op.create_index(op.f('ix_quote_clauses_revision_id'), 'quote_clauses', ['revision_id'], unique=False)
    op.create_table('quote_lines',
    *conventions.keyed('quote_lines'),
    conventions.references('quote_lines', 'revision_id', 'quote_revisions', 'CASCADE'),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    conventions.references('quote_lines', 'product_id', 'products', 'RESTRICT'),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('configuration', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('discount_percent', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('discount_amount', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('term_months', sa.Integer(), nullable=True),
    sa.CheckConstraint('discount_percent IS NULL OR discount_amount IS NULL', name=op.f('ck_quote_lines_one_discount_kind')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_quote_lines_quantity_positive')),
    sa.UniqueConstraint('revision_id', 'key', name=op.f('uq_quote_lines_revision_id_key'))
    )
    op.create_index(op.f('ix_quote_lines_revision_id'), 'quote_lines', ['revision_id'], unique=False)
    conventions.append_only(*APPEND_ONLY)


def downgrade() -> None:
    conventions.drop_append_only(*APPEND_ONLY)
    conventions.drop_table('quote_lines', op.f('ix_quote_lines_revision_id'))
    conventions.drop_table('quote_clauses', op.f('ix_quote_clauses_revision_id'))
    conventions.drop_table('quote_revisions')
    conventions.drop_table('quote_events', 'ix_quote_events_quote')
    conventions.drop_table('quotes', op.f('ix_quotes_status'), 'ix_quotes_owner_updated', op.f('ix_quotes_account_id'))
    conventions.drop_table('clause_versions')
    conventions.drop_table('clauses')
    op.execute(sa.schema.DropSequence(sa.Sequence("quote_number_seq")))
