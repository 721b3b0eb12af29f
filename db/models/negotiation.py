"""Negotiation: a revision's alternative options (good / better / best) and the customer's
change requests through the shared link.

An option is part of a revision: the revision's own lines are its *primary* option (the
one ``lines`` shows); every other option keeps its lines as stored line specs and its own
priced snapshot. A revision copy copies its options. A change request is append-mostly:
it moves OPEN → ACCEPTED / DECLINED / WITHDRAWN once, and the quote's history records it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed, Timestamped
from db.models.columns import MONEY, belongs_to

CHANGE_REQUEST_STATUSES = ("OPEN", "ACCEPTED", "DECLINED", "WITHDRAWN")


class QuoteOption(Base, Keyed, Timestamped):
    """One alternative a revision offers; ``lines`` is null for the primary option, whose
    lines are the revision's own."""

    __tablename__ = "quote_options"
    __table_args__ = (
        UniqueConstraint("revision_id", "key"),
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_bounded"),
        CheckConstraint(
            "(is_primary AND lines IS NULL) OR (NOT is_primary AND lines IS NOT NULL)",
            name="primary_has_no_lines",
        ),
    )

    revision_id: Mapped[int] = belongs_to("quote_revisions", index=True)
    key: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    position: Mapped[int] = mapped_column(nullable=False)
    is_primary: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    lines: Mapped[list | None] = mapped_column(JSONB(none_as_null=True))
    priced: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default="{}")
    net_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")


class QuoteChangeRequest(Base, Keyed, Created):
    """What the customer proposed through the link on one revision, and what the rep did."""

    __tablename__ = "quote_change_requests"
    __table_args__ = (
        Index("ix_quote_change_requests_quote", "quote_id", "id"),
        CheckConstraint(
            "status IN ('OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')", name="status_known"
        ),
        CheckConstraint("counter_price IS NULL OR counter_price >= 0", name="counter_not_negative"),
    )

    quote_id: Mapped[int] = belongs_to("quotes")
    revision: Mapped[int] = mapped_column(nullable=False)
    option_key: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="OPEN")
    clause_changes: Mapped[list] = mapped_column(JSONB, nullable=False, server_default="[]")
    counter_price: Mapped[Decimal | None] = mapped_column(MONEY)
    comment: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_revision: Mapped[int | None] = mapped_column()
