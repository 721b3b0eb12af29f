"""Draws, invoices paid, and payments made against statements (issue 19).

A draw guarantees a rep an amount per period from ``start_date`` (to ``end_date``,
inclusive); a rep's draws never overlap. An invoice payment marks a quote's invoice
paid on a day: commission held under a plan that holds until the invoice is paid is
released at the first close after it. Payments are the money FINANCE actually paid
against a closed statement: append-only, never more than the statement's amount due.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed
from db.models.columns import MONEY, currency_iso, pg_enum, refers_to


class CommissionDrawKind(enum.Enum):
    RECOVERABLE = "RECOVERABLE"
    NON_RECOVERABLE = "NON_RECOVERABLE"


class CommissionDraw(Base, Keyed, Created):
    """``amount`` guaranteed to a rep for each commission period the dates cover."""

    __tablename__ = "commission_draws"
    __table_args__ = (
        currency_iso(),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        Index("ix_commission_draws_rep", "rep_id", "start_date"),
    )

    rep_id: Mapped[int] = refers_to("users")
    kind: Mapped[CommissionDrawKind] = mapped_column(
        pg_enum(CommissionDrawKind, "commission_draw_kind"), nullable=False
    )
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commission_assignments.id", ondelete="RESTRICT"), index=True
    )
    """The assignment the draw belongs to: it ends when the assignment does; null: the rep's."""


class InvoicePayment(Base, Keyed, Created):
    """A quote's invoice marked paid on ``paid_on`` (once per quote)."""

    __tablename__ = "invoice_payments"

    quote_id: Mapped[int] = mapped_column(
        ForeignKey("quotes.id", ondelete="RESTRICT"), nullable=False, unique=True
    )
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class CommissionPayment(Base, Keyed, Created):
    """Money paid to a rep against a closed statement (append-only)."""

    __tablename__ = "commission_payments"
    __table_args__ = (
        currency_iso(),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_commission_payments_statement", "statement_id", "id"),
    )

    statement_id: Mapped[int] = refers_to("commission_statements")
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
