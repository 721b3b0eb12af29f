"""Approval emails: one row for each approver told by email that a step awaits them.

A row is written in the transaction that makes the step await the approver (submission, an
earlier level approved, an escalation, a delegation coming into force), so a rolled-back
decision sends nothing and a committed one is never forgotten; a job sends it afterwards
(``services.mail``). The unique (request, step, recipient) means an approver is told about a
step once, however often the request is announced.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.models.columns import belongs_to, refers_to


class ApprovalEmailStatus(enum.Enum):
    PENDING = "PENDING"
    """Not sent yet: its job has not run, the SMTP server refused it (retried), or the
    recipient gets many at once and it waits for the digest."""
    SENT = "SENT"
    OBSOLETE = "OBSOLETE"
    """The step no longer awaited the recipient when its turn to be sent came."""


class ApprovalEmail(Base, Keyed):
    __tablename__ = "approval_emails"
    __table_args__ = (
        UniqueConstraint("request_id", "step_id", "recipient_id"),
        CheckConstraint("status IN ('PENDING', 'SENT', 'OBSOLETE')", name="status_known"),
        CheckConstraint("status <> 'SENT' OR sent_at IS NOT NULL", name="sent_has_time"),
        Index(
            "ix_approval_emails_pending",
            "recipient_id",
            "queued_at",
            postgresql_where="status = 'PENDING'",
        ),
    )

    request_id: Mapped[int] = belongs_to("approval_requests")
    step_id: Mapped[str] = mapped_column(String(100), nullable=False)
    recipient_id: Mapped[int] = refers_to("users")
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, server_default="PENDING")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    digest: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    """Sent as a line of a digest rather than as a message of its own."""
    message_id: Mapped[str | None] = mapped_column(String(200))
    """The Message-ID it went out with (a digest's, for its lines): a reply names it."""
