"""approvals

Revision ID: 0004_approvals
Revises: 0003_quotes
Create Date: 2026-11-23 14:08:06.254975
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = '0004_approvals'
down_revision = '0003_quotes'


APPEND_ONLY = ("approval_decisions", "approval_comments")


def upgrade() -> None:
    op.create_table('approval_rules',
    *conventions.keyed('approval_rules'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('level_name', sa.String(length=100), nullable=False),
    sa.Column('conditions', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('approver', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('mode', sa.String(length=3), server_default='ANY', nullable=False),
    sa.Column('sla_hours', sa.Integer(), nullable=True),
    sa.Column('escalate_up', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    *conventions.timestamped(),
    conventions.versioned(),
    sa.CheckConstraint("mode IN ('ANY', 'ALL')", name=op.f('ck_approval_rules_mode_known')),
    sa.CheckConstraint('level >= 1', name=op.f('ck_approval_rules_level_positive')),
    sa.CheckConstraint('sla_hours IS NULL OR sla_hours > 0', name=op.f('ck_approval_rules_sla_positive')),
    )
    op.create_table('delegations',
    *conventions.keyed('delegations'),
    conventions.references('delegations', 'user_id', 'users', 'CASCADE'),
    conventions.references('delegations', 'delegate_id', 'users', 'CASCADE'),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    *conventions.timestamped(),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_delegations_dates_ordered')),
    sa.CheckConstraint('user_id <> delegate_id', name=op.f('ck_delegations_not_self')),
    )
    op.create_index(op.f('ix_delegations_user_id'), 'delegations', ['user_id'], unique=False)
    op.create_table('approval_requests',
    *conventions.keyed('approval_requests'),
    conventions.references('approval_requests', 'quote_id', 'quotes', 'CASCADE'),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'APPROVED', 'REJECTED', 'COUNTERED', 'RECALLED', 'COUNTER_ACCEPTED', 'COUNTER_DECLINED', name='approval_request_status'), nullable=False),
    conventions.references('approval_requests', 'submitted_by', 'users', 'RESTRICT'),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('facts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('plan', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('approver_ids', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('sla', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('envelope', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('counter_offer', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    *conventions.timestamped(),
    conventions.versioned(),
    )
    op.create_index(op.f('ix_approval_requests_quote_id'), 'approval_requests', ['quote_id'], unique=False)
    op.create_index('ix_approval_requests_status', 'approval_requests', ['status'], unique=False)
    op.create_index('uq_approval_requests_open_quote', 'approval_requests', ['quote_id'], unique=True, postgresql_where=sa.text("status IN ('PENDING', 'COUNTERED')"))
    op.create_table('approval_comments',
    *conventions.keyed('approval_comments'),
    conventions.references('approval_comments', 'request_id', 'approval_requests', 'CASCADE'),
    conventions.references('approval_comments', 'author_id', 'users', 'RESTRICT'),
    sa.Column('message', sa.Text(), nullable=False),
    conventions.stamped('at'),
    )
    op.create_index(op.f('ix_approval_comments_request_id'), 'approval_comments', ['request_id'], unique=False)
    op.create_table('approval_decisions',
    *conventions.keyed('approval_decisions'),
    conventions.references('approval_decisions', 'request_id', 'approval_requests', 'CASCADE'),
    sa.Column('step_id', sa.String(length=100), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    conventions.references('approval_decisions', 'decided_by', 'users', 'RESTRICT'),
    sa.Column('seat_user_id', sa.Integer(), nullable=False),
    sa.Column('delegated', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('counter_offer', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('seen', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('recorded', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint('request_id', 'step_id', 'seat_user_id', name=op.f('uq_approval_decisions_request_id_step_id_seat_user_id'))
    )
    op.create_index(op.f('ix_approval_decisions_request_id'), 'approval_decisions', ['request_id'], unique=False)
    conventions.append_only(*APPEND_ONLY)


def downgrade() -> None:
    conventions.drop_append_only(*APPEND_ONLY)
    conventions.drop_table('approval_decisions', op.f('ix_approval_decisions_request_id'))
    conventions.drop_table('approval_comments', op.f('ix_approval_comments_request_id'))
    op.drop_index('uq_approval_requests_open_quote', table_name='approval_requests', postgresql_where=sa.text("status IN ('PENDING', 'COUNTERED')"))
    conventions.drop_table('approval_requests', 'ix_approval_requests_status', op.f('ix_approval_requests_quote_id'))
    conventions.drop_table('delegations', op.f('ix_delegations_user_id'))
    conventions.drop_table('approval_rules')
