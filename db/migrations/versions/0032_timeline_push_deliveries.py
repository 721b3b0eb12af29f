"""the negotiation timeline pages by (quote_id, at, id); push deliveries per subscription, so a
retry sends only to those that failed; what pruning the outbox reads and cascades through

Revision ID: 0032_timeline_push_deliveries
Revises: 0031_approval_mail
"""

import sqlalchemy as sa
from alembic import op

revision = "0032_timeline_push_deliveries"
down_revision = "0031_approval_mail"


def upgrade() -> None:
    op.create_index(
        "ix_quote_events_quote_at", "quote_events", ["quote_id", "at", "id"], unique=False
    )
    op.create_table(
        "push_deliveries",
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_events.id"],
            name=op.f("fk_push_deliveries_event_id_outbox_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["push_subscriptions.id"],
            name=op.f("fk_push_deliveries_subscription_id_push_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "subscription_id", name=op.f("pk_push_deliveries")),
    )
    op.create_index(
        "ix_push_deliveries_subscription_id", "push_deliveries", ["subscription_id"], unique=False
    )
    op.create_index(
        "ix_webhook_deliveries_event_id", "webhook_deliveries", ["event_id"], unique=False
    )
    op.create_index(
        "ix_outbox_events_dispatched_at",
        "outbox_events",
        ["dispatched_at"],
        unique=False,
        postgresql_where=sa.text("dispatched_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_outbox_events_dispatched_at",
        table_name="outbox_events",
        postgresql_where=sa.text("dispatched_at IS NOT NULL"),
    )
    op.drop_index("ix_webhook_deliveries_event_id", table_name="webhook_deliveries")
    op.drop_index("ix_push_deliveries_subscription_id", table_name="push_deliveries")
    op.drop_table("push_deliveries")
    op.drop_index("ix_quote_events_quote_at", table_name="quote_events")
