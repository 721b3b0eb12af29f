"""The outbox of domain events, the webhooks and push subscriptions that receive them.

``outbox_events`` is appended in the transaction that made the change (next to the NOTIFY of
``db.events``), so an event exists exactly when its change committed. A fan-out job turns
each event into ``webhook_deliveries`` (one per matching endpoint) and Web Push messages.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed, Timestamped, Versioned
from db.models.columns import belongs_to, pg_enum, stamped_on_insert


class Topic(enum.StrEnum):
    """What an outbox event is about, and what a webhook endpoint subscribes to: the value is
    the event's ``topic`` (lower case with a dot), the one list of topics for the services and
    the GraphQL ``WebhookTopic`` enum."""

    APPROVAL_REQUESTED = "approval.requested"
    """An approval request waits for an approver (submitted, escalated, or its next step
    opened); pushed to the approvers."""
    APPROVAL_DECIDED = "approval.decided"
    """An approval request was approved or rejected; pushed to the rep."""
    APPROVAL_COUNTER_OFFERED = "approval.counter_offered"
    """An approver answered with a counter-offer; pushed to the rep."""
    APPROVAL_COUNTER_ANSWERED = "approval.counter_answered"
    """The rep accepted or declined a counter-offer."""
    APPROVAL_RECALLED = "approval.recalled"
    """The rep recalled an approval request."""
    QUOTE_SLIPPED = "quote.slipped"
    """A quote's expected close moved to a later quarter; pushed to the managers."""
    PERIOD_CLOSE_DUE = "period.close_due"
    """A commission period ends soon (UPCOMING) or ended and is still open (DUE); pushed to
    FINANCE."""
    CONTEST_RANK_CHANGED = "contest.rank_changed"
    """A participant moved on a running contest's board; pushed to them."""


class OutboxEvent(Base, Created):
    """One domain event, as receivers will see it (``payload``), in commit order (``id``)."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        Index(
            "ix_outbox_events_undispatched",
            "id",
            postgresql_where=text("dispatched_at IS NULL"),
        ),
        Index(  # pruning: dispatched events older than the retention
            "ix_outbox_events_dispatched_at",
            "dispatched_at",
            postgresql_where=text("dispatched_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    topic: Mapped[str] = mapped_column(String(60), nullable=False)
    payload: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    aggregate_type: Mapped[str] = mapped_column(String(60), nullable=False)
    aggregate_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    recipients: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), nullable=False, server_default="{}"
    )
    """The users a push goes to (the approver, the rep, the managers, FINANCE)."""
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the fan-out made its deliveries; null until then."""


class WebhookEndpoint(Base, Keyed, Timestamped, Versioned):
    """A URL OPS registered to receive the events of some topics, signed with ``secret``."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        CheckConstraint("cardinality(topics) > 0", name="has_topic"),
        CheckConstraint("length(url) <= 2000", name="url_bounded"),
    )

    url: Mapped[str] = mapped_column(String(2000), nullable=False)
    topics: Mapped[list[str]] = mapped_column(ARRAY(String(60)), nullable=False)
    description: Mapped[str] = mapped_column(String(500), nullable=False, server_default="")
    secret: Mapped[str] = mapped_column(String(100), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    created_by_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=False
    )
    secret_rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeliveryStatus(enum.Enum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DEAD = "DEAD"


class WebhookDelivery(Base, Keyed, Created):
    """One event to one endpoint: its attempts, and how the last one went."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("ix_webhook_deliveries_status_id", "status", "id"),
        Index("ix_webhook_deliveries_event_id", "event_id"),  # pruning's cascade
    )

    endpoint_id: Mapped[int] = belongs_to("webhook_endpoints")
    event_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("outbox_events.id", ondelete="CASCADE"), nullable=False
    )
    status: Mapped[DeliveryStatus] = mapped_column(
        pg_enum(DeliveryStatus, "webhook_delivery_status"), nullable=False
    )
    attempts: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_response_code: Mapped[int | None] = mapped_column(SmallInteger)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PushSubscription(Base, Keyed, Created):
    """A browser's Web Push subscription (``PushSubscription.toJSON()``) for a user."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (UniqueConstraint("endpoint"),)

    user_id: Mapped[int] = belongs_to("users", index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, server_default="web")
    """Which ``PushSender`` delivers to it: "web" (built in), or a mobile service's."""
    endpoint: Mapped[str] = mapped_column(String(2000), nullable=False)
    p256dh: Mapped[str] = mapped_column(String(200), nullable=False)
    auth: Mapped[str] = mapped_column(String(100), nullable=False)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PushDelivery(Base):
    """An event's push that reached one subscription: a retry of the event's push job sends
    only to the subscriptions without one."""

    __tablename__ = "push_deliveries"
    __table_args__ = (PrimaryKeyConstraint("event_id", "subscription_id"),)

    event_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("outbox_events.id", ondelete="CASCADE"), nullable=False
    )
    subscription_id: Mapped[int] = belongs_to("push_subscriptions", index=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class PeriodCloseReminder(Base):
    """A ``period.close_due`` reminder sent: once per period and kind (UPCOMING, DUE)."""

    __tablename__ = "period_close_reminders"
    __table_args__ = (PrimaryKeyConstraint("period_id", "kind"),)

    period_id: Mapped[int] = belongs_to("commission_periods")
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    sent_at: Mapped[datetime] = stamped_on_insert()


class ContestRankMark(Base):
    """A participant's rank on a running contest's board when last looked at: the
    ``contest.rank_changed`` tracker compares the live board with these."""

    __tablename__ = "contest_rank_marks"
    __table_args__ = (PrimaryKeyConstraint("contest_id", "participant_id"),)

    contest_id: Mapped[int] = belongs_to("contests")
    participant_id: Mapped[int] = mapped_column(Integer, nullable=False)
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
