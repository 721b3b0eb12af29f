"""approvals

Revision ID: 0004_approvals
Revises: 0003_quotes
Create Date: 2026-11-23 14:08:06.254975
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0004_approvals'
down_revision = '0003_quotes'
branch_labels = None
depends_on = None


APPEND_ONLY = ("approval_decisions", "approval_comments")


def upgrade() -> None:
    op.create_table('approval_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('level_name', sa.String(length=100), nullable=False),
    sa.Column('conditions', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('approver', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('mode', sa.String(length=3), server_default='ANY', nullable=False),
    sa.Column('sla_hours', sa.Integer(), nullable=True),
    sa.Column('escalate_up', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("mode IN ('ANY', 'ALL')", name=op.f('ck_approval_rules_mode_known')),
    sa.CheckConstraint('level >= 1', name=op.f('ck_approval_rules_level_positive')),
    sa.CheckConstraint('sla_hours IS NULL OR sla_hours > 0', name=op.f('ck_approval_rules_sla_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_rules'))
    )
    op.create_table('delegations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_delegations_dates_ordered')),
    sa.CheckConstraint('user_id <> delegate_id', name=op.f('ck_delegations_not_self')),
    sa.ForeignKeyConstraint(['delegate_id'], ['users.id'], name=op.f('fk_delegations_delegate_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_delegations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegations'))
    )
    op.create_index(op.f('ix_delegations_user_id'), 'delegations', ['user_id'], unique=False)
    op.create_table('approval_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'APPROVED', 'REJECTED', 'COUNTERED', 'RECALLED', 'COUNTER_ACCEPTED', 'COUNTER_DECLINED', name='approval_request_status'), nullable=False),
    sa.Column('submitted_by', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('facts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('plan', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('approver_ids', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('sla', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('envelope', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('counter_offer', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_approval_requests_quote_id_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by'], ['users.id'], name=op.f('fk_approval_requests_submitted_by_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_requests'))
    )
    op.create_index(op.f('ix_approval_requests_quote_id'), 'approval_requests', ['quote_id'], unique=False)
    op.create_index('ix_approval_requests_status', 'approval_requests', ['status'], unique=False)
    op.create_index('uq_approval_requests_open_quote', 'approval_requests', ['quote_id'], unique=True, postgresql_where=sa.text("status IN ('PENDING', 'COUNTERED')"))
    op.create_table('approval_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_approval_comments_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['request_id'], ['approval_requests.id'], name=op.f('fk_approval_comments_request_id_approval_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_comments'))
    )
    op.create_index(op.f('ix_approval_comments_request_id'), 'approval_comments', ['request_id'], unique=False)
    op.create_table('approval_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.String(length=100), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=False),
    sa.Column('seat_user_id', sa.Integer(), nullable=False),
    sa.Column('delegated', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('counter_offer', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('seen', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('recorded', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_approval_decisions_decided_by_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['request_id'], ['approval_requests.id'], name=op.f('fk_approval_decisions_request_id_approval_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_decisions')),
    sa.UniqueConstraint('request_id', 'step_id', 'seat_user_id', name=op.f('uq_approval_decisions_request_id_step_id_seat_user_id'))
    )
    op.create_index(op.f('ix_approval_decisions_request_id'), 'approval_decisions', ['request_id'], unique=False)
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only()"
        )


def downgrade() -> None:
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    op.drop_index(op.f('ix_approval_decisions_request_id'), table_name='approval_decisions')
    op.drop_table('approval_decisions')
    op.drop_index(op.f('ix_approval_comments_request_id'), table_name='approval_comments')
    op.drop_table('approval_comments')
    op.drop_index('uq_approval_requests_open_quote', table_name='approval_requests', postgresql_where=sa.text("status IN ('PENDING', 'COUNTERED')"))
    op.drop_index('ix_approval_requests_status', table_name='approval_requests')
    op.drop_index(op.f('ix_approval_requests_quote_id'), table_name='approval_requests')
    op.drop_table('approval_requests')
    op.drop_index(op.f('ix_delegations_user_id'), table_name='delegations')
    op.drop_table('delegations')
    op.drop_table('approval_rules')
