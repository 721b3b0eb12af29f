"""approval mail: one row for each approver told by email that a step awaits them, and each
user's choice to get them (users.email_approvals)

Revision ID: 0031_approval_mail
Revises: 0030_negotiation
"""

import sqlalchemy as sa
from alembic import op

from db.migrations import conventions

revision = "0031_approval_mail"
down_revision = "0030_negotiation"


def upgrade() -> None:
    op.add_column('users', sa.Column('email_approvals', sa.Boolean(), server_default='true', nullable=False))
    op.create_table('approval_emails',
    *conventions.keyed('approval_emails'),
    conventions.references('approval_emails', 'request_id', 'approval_requests', 'CASCADE'),
    sa.Column('step_id', sa.String(length=100), nullable=False),
    conventions.references('approval_emails', 'recipient_id', 'users', 'RESTRICT'),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='PENDING', nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('digest', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=True),
    sa.CheckConstraint("status IN ('PENDING', 'SENT', 'OBSOLETE')", name=op.f('ck_approval_emails_status_known')),
    sa.CheckConstraint("status <> 'SENT' OR sent_at IS NOT NULL", name=op.f('ck_approval_emails_sent_has_time')),
    sa.UniqueConstraint('request_id', 'step_id', 'recipient_id', name=op.f('uq_approval_emails_request_id_step_id_recipient_id'))
    )
    op.create_index('ix_approval_emails_pending', 'approval_emails', ['recipient_id', 'queued_at'], unique=False, postgresql_where="status = 'PENDING'")


def downgrade() -> None:
    op.drop_index('ix_approval_emails_pending', table_name='approval_emails', postgresql_where="status = 'PENDING'")
    op.drop_table('approval_emails')
    op.drop_column('users', 'email_approvals')
