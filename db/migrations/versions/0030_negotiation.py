"""negotiation: quote options (good / better / best) and the customer's change requests

Revision ID: 0030_negotiation
Revises: 0029_outbox
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = "0030_negotiation"
down_revision = "0029_outbox"


def upgrade() -> None:
    op.create_table('quote_options',
    *conventions.keyed('quote_options'),
    conventions.references('quote_options', 'revision_id', 'quote_revisions', 'CASCADE'),
    sa.Column('key', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_primary', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('lines', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('priced', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('net_total', sa.Numeric(precision=18, scale=6), server_default='0', nullable=False),
    *conventions.timestamped(),
    sa.CheckConstraint('length(name) BETWEEN 1 AND 120', name=op.f('ck_quote_options_name_bounded')),
    sa.CheckConstraint('(is_primary AND lines IS NULL) OR (NOT is_primary AND lines IS NOT NULL)', name=op.f('ck_quote_options_primary_has_no_lines')),
    sa.UniqueConstraint('revision_id', 'key', name=op.f('uq_quote_options_revision_id_key'))
    )
    op.create_index(op.f('ix_quote_options_revision_id'), 'quote_options', ['revision_id'], unique=False)
    op.create_table('quote_change_requests',
    *conventions.keyed('quote_change_requests'),
    conventions.references('quote_change_requests', 'quote_id', 'quotes', 'CASCADE'),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('option_key', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='OPEN', nullable=False),
    sa.Column('clause_changes', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('counter_price', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    conventions.references('quote_change_requests', 'decided_by_id', 'users', 'RESTRICT', nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_revision', sa.Integer(), nullable=True),
    conventions.stamped('created_at'),
    sa.CheckConstraint("status IN ('OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')", name=op.f('ck_quote_change_requests_status_known')),
    sa.CheckConstraint('counter_price IS NULL OR counter_price >= 0', name=op.f('ck_quote_change_requests_counter_not_negative')),
    )
    op.create_index('ix_quote_change_requests_quote', 'quote_change_requests', ['quote_id', 'id'], unique=False)
    op.add_column('quote_events', sa.Column('change_request_id', sa.Integer(), nullable=True))
    op.create_foreign_key(op.f('fk_quote_events_change_request_id_quote_change_requests'), 'quote_events', 'quote_change_requests', ['change_request_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    op.drop_constraint(op.f('fk_quote_events_change_request_id_quote_change_requests'), 'quote_events', type_='foreignkey')
    op.drop_column('quote_events', 'change_request_id')
    op.drop_index('ix_quote_change_requests_quote', table_name='quote_change_requests')
    op.drop_table('quote_change_requests')
    op.drop_index(op.f('ix_quote_options_revision_id'), table_name='quote_options')
    op.drop_table('quote_options')
