"""Approval rules, requests, decisions (append-only), comments and delegations.

A request keeps the facts and the plan it was submitted with, as JSON written
by the approvals engine's codec, so a later change to rules or people never
rewrites a decision already made.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import belongs_to, pg_enum, refers_to, stamped_on_insert


class ApprovalRequestStatus(enum.Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    COUNTERED = "COUNTERED"
    RECALLED = "RECALLED"
    COUNTER_ACCEPTED = "COUNTER_ACCEPTED"
    COUNTER_DECLINED = "COUNTER_DECLINED"


class ApprovalRule(Base, Keyed, Timestamped, Versioned):
    """A rule OPS maintains: conditions over the priced quote, and who approves."""

    __tablename__ = "approval_rules"
    __table_args__ = (
        CheckConstraint("level >= 1", name="level_positive"),
        CheckConstraint("mode IN ('ANY', 'ALL')", name="mode_known"),
        CheckConstraint("sla_hours IS NULL OR sla_hours > 0", name="sla_positive"),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    level: Mapped[int] = mapped_column(nullable=False)
    level_name: Mapped[str] = mapped_column(String(100), nullable=False)
    conditions: Mapped[list] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    approver: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    mode: Mapped[str] = mapped_column(String(3), nullable=False, server_default="ANY")
    sla_hours: Mapped[int | None] = mapped_column()
    escalate_up: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    active: Mapped[bool] = mapped_column(nullable=False, server_default="true")


class ApprovalRequest(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "approval_requests"
    __table_args__ = (
        # One open request per quote: a second submit cannot race the first.
        Index(
            "uq_approval_requests_open_quote",
            "quote_id",
            unique=True,
            postgresql_where=text("status IN ('PENDING', 'COUNTERED')"),
        ),
        Index("ix_approval_requests_status", "status"),
    )

    quote_id: Mapped[int] = belongs_to("quotes", index=True)
    revision: Mapped[int] = mapped_column(nullable=False)
    status: Mapped[ApprovalRequestStatus] = mapped_column(
        pg_enum(ApprovalRequestStatus, "approval_request_status"), nullable=False
    )
    submitted_by: Mapped[int] = refers_to("users")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    facts: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    plan: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    # Every approver seat (user id) of the plan, for the inbox query.
    approver_ids: Mapped[list[int]] = mapped_column(JSONB, nullable=False, server_default="[]")
    sla: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default="{}")  # type: ignore[type-arg]
    envelope: Mapped[dict | None] = mapped_column(JSONB)  # type: ignore[type-arg]
    counter_offer: Mapped[dict | None] = mapped_column(JSONB)  # type: ignore[type-arg]
    reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # ``facts`` and ``plan`` as their JSON text, loaded instead of the decoded documents by
    # lists that decode them through a cache keyed by that text (``stored_as_text``); None
    # when a query did not ask for them.
    facts_text: Mapped[str | None] = query_expression()
    plan_text: Mapped[str | None] = query_expression()


class ApprovalDecision(Base, Keyed):
    """One approver's decision on one step: append-only, and one per seat and step."""

    __tablename__ = "approval_decisions"
    __table_args__ = (UniqueConstraint("request_id", "step_id", "seat_user_id"),)

    request_id: Mapped[int] = belongs_to("approval_requests", index=True)
    step_id: Mapped[str] = mapped_column(String(100), nullable=False)
    level: Mapped[int] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    decided_by: Mapped[int] = refers_to("users")
    seat_user_id: Mapped[int] = mapped_column(nullable=False)
    delegated: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    reason: Mapped[str | None] = mapped_column(Text)
    counter_offer: Mapped[dict | None] = mapped_column(JSONB)  # type: ignore[type-arg]
    # What the approver saw: the quote's facts at the moment of deciding.
    seen: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    recorded: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ApprovalComment(Base, Keyed):
    __tablename__ = "approval_comments"

    request_id: Mapped[int] = belongs_to("approval_requests", index=True)
    author_id: Mapped[int] = refers_to("users")
    message: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = stamped_on_insert()


class Delegation(Base, Keyed, Timestamped):
    """An approver out of office names a delegate for a period."""

    __tablename__ = "delegations"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="dates_ordered"),
        CheckConstraint("user_id <> delegate_id", name="not_self"),
    )

    user_id: Mapped[int] = belongs_to("users", index=True)
    delegate_id: Mapped[int] = belongs_to("users")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
