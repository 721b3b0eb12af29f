"""Commissions: plans and their versions, assignments, the credit ledger, periods,
statements, adjustments, inquiries, and the stored period state estimates read.

Ledger rows (credits, adjustments, statements and their lines, approvals,
inquiry messages) are append-only; a closed period refuses any change to the
rows dated in it (triggers in the migration). Plans change by new versions,
never by editing the rules of an existing one.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSON, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed, Timestamped, Versioned
from db.models.columns import (
    MONEY,
    PERCENT,
    belongs_to,
    currency_iso,
    pg_enum,
    refers_to,
    stamped_on_insert,
)

RATIO = Numeric()  # shares, attainment and other fractions, kept exact


class CommissionPeriodKind(enum.Enum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"


class CommissionPeriodStatus(enum.Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class CreditRole(enum.Enum):
    DIRECT = "DIRECT"
    ROLLUP = "ROLLUP"


class ReversalKind(enum.Enum):
    CANCELLED = "CANCELLED"
    RETURNED = "RETURNED"
    LOST_AFTER_WIN = "LOST_AFTER_WIN"


class StatementLineKind(enum.Enum):
    SALE = "SALE"
    CLAWBACK = "CLAWBACK"
    PERIOD = "PERIOD"
    ADJUSTMENT = "ADJUSTMENT"
    AWARD = "AWARD"


class InquiryCategory(enum.Enum):
    MISSING_CREDIT = "MISSING_CREDIT"
    WRONG_AMOUNT = "WRONG_AMOUNT"
    WRONG_SPLIT = "WRONG_SPLIT"
    WRONG_RATE = "WRONG_RATE"
    CLAWBACK = "CLAWBACK"
    OTHER = "OTHER"


class InquiryMessageKind(enum.Enum):
    """The step an inquiry's message records, as its ``kind`` column stores it."""

    OPENED = "OPENED"
    ANSWER = "ANSWER"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"


class InquiryStatus(enum.Enum):
    OPEN = "OPEN"
    ANSWERED = "ANSWERED"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"


class CommissionCalendar(Base, Timestamped):
    """The fiscal calendar commission periods follow: one row (id 1), defaults when absent."""

    __tablename__ = "commission_calendar"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("first_month BETWEEN 1 AND 12", name="first_month_range"),
    )

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    first_month: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    named_by_end_year: Mapped[bool] = mapped_column(nullable=False, server_default="true")
    period_kind: Mapped[CommissionPeriodKind] = mapped_column(
        pg_enum(CommissionPeriodKind, "commission_period_kind"), nullable=False
    )


class ExchangeRate(Base, Keyed, Timestamped):
    """One unit of ``from_currency`` is worth ``rate`` of ``to_currency`` from ``valid_from``
    until the next rate of the pair (OPS keep them; credits store the rate they used)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("from_currency", "to_currency", "valid_from"),
        CheckConstraint("rate > 0 AND rate <= 1000000000", name="rate_range"),
        CheckConstraint("from_currency ~ '^[A-Z]{3}$'", name="from_iso"),
        CheckConstraint("to_currency ~ '^[A-Z]{3}$'", name="to_iso"),
        CheckConstraint("from_currency <> to_currency", name="two_currencies"),
    )

    from_currency: Mapped[str] = mapped_column(String(3), nullable=False)
    to_currency: Mapped[str] = mapped_column(String(3), nullable=False)
    rate: Mapped[Decimal] = mapped_column(Numeric(24, 12), nullable=False)
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    set_by_id: Mapped[int] = refers_to("users")


class CommissionPlan(Base, Keyed, Timestamped, Versioned):
    """A plan's identity; its rules live in versions."""

    __tablename__ = "commission_plans"
    __table_args__ = (
        currency_iso(),
        CheckConstraint(
            "clawback_window_days IS NULL OR "
            "(clawback_window_days >= 0 AND clawback_window_days <= 3660)",
            name="clawback_window_range",
        ),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    period_kind: Mapped[CommissionPeriodKind] = mapped_column(
        pg_enum(CommissionPeriodKind, "commission_period_kind"), nullable=False
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    clawback_window_days: Mapped[int | None] = mapped_column(Integer)
    """Days after a rep leaves in which a return or refund still claws back; null: always."""
    # issue 19: commission on a deal is held until its invoice is paid
    holds_until_invoice_paid: Mapped[bool] = mapped_column(nullable=False, server_default="false")


class CommissionPlanVersion(Base, Keyed, Created):
    """The rules of a plan from ``effective_from`` to ``effective_to`` (inclusive; null = open).

    Versions of one plan never overlap (trigger); only ``effective_to`` of the
    latest version changes, when a revision takes over from a later date.
    """

    __tablename__ = "commission_plan_versions"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from", name="dates_ordered"
        ),
    )

    plan_id: Mapped[int] = belongs_to("commission_plans")
    number: Mapped[int] = mapped_column(nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)
    components: Mapped[list] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # issue 19: the version's payment hold (the plan's column mirrors its latest version)
    holds_until_invoice_paid: Mapped[bool] = mapped_column(nullable=False, server_default="false")


class CommissionAssignment(Base, Keyed, Created):
    """A rep on a plan from ``start_date`` to ``end_date`` (inclusive); a rep's never overlap."""

    __tablename__ = "commission_assignments"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint("quota >= 0", name="quota_not_negative"),
        CheckConstraint(
            "on_target_earnings IS NULL OR on_target_earnings > 0", name="ote_positive"
        ),
        Index("ix_commission_assignments_rep", "rep_id", "start_date"),
    )

    rep_id: Mapped[int] = refers_to("users")
    plan_id: Mapped[int] = refers_to("commission_plans", index=True)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date | None] = mapped_column(Date)
    quota: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    on_target_earnings: Mapped[Decimal | None] = mapped_column(MONEY)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class QuoteSplit(Base, Keyed):
    """A rep's share of a quote's credit; the shares of a quote sum to 100 (checked on write)."""

    __tablename__ = "quote_splits"
    __table_args__ = (
        UniqueConstraint("quote_id", "rep_id"),
        CheckConstraint("share_percent > 0 AND share_percent <= 100", name="share_range"),
    )

    quote_id: Mapped[int] = belongs_to("quotes", index=True)
    rep_id: Mapped[int] = refers_to("users")
    share_percent: Mapped[Decimal] = mapped_column(PERCENT, nullable=False)


class CommissionCredit(Base, Created):
    """One rep's credit for one won quote, or the clawback mirroring it (negative lines).

    ``credit_key`` is the engine's credit id; ``credit_date`` places the credit in
    a period (never a closed one), ``rated_on`` is the date the plan rules look at.
    """

    __tablename__ = "commission_credits"
    __table_args__ = (
        CheckConstraint("share > 0 AND share <= 1", name="share_range"),
        CheckConstraint(
            "(reverses_id IS NULL) = (reversal_kind IS NULL)", name="clawback_has_kind"
        ),
        CheckConstraint(
            "(original_currency IS NULL) = (exchange_rate IS NULL)"
            " AND (original_currency IS NULL) = (original_amount IS NULL)",
            name="conversion_complete",
        ),
        CheckConstraint("exchange_rate IS NULL OR exchange_rate > 0", name="rate_positive"),
        Index("ix_commission_credits_rep_date", "rep_id", "credit_date"),
        Index("ix_commission_credits_date", "credit_date"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    credit_key: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    quote_id: Mapped[int] = refers_to("quotes", index=True)
    rep_id: Mapped[int] = refers_to("users")
    role: Mapped[CreditRole] = mapped_column(
        pg_enum(CreditRole, "commission_credit_role"), nullable=False
    )
    share: Mapped[Decimal] = mapped_column(RATIO, nullable=False)
    credit_date: Mapped[date] = mapped_column(Date, nullable=False)
    rated_on: Mapped[date] = mapped_column(Date, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)  # credited revenue, signed
    account: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    lines: Mapped[list] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    deal_discount: Mapped[Decimal] = mapped_column(RATIO, nullable=False)
    deal_margin: Mapped[Decimal | None] = mapped_column(RATIO)
    reverses_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("commission_credits.id", ondelete="RESTRICT")
    )
    reversal_kind: Mapped[ReversalKind | None] = mapped_column(
        pg_enum(ReversalKind, "commission_reversal_kind")
    )
    completes_reversal: Mapped[bool] = mapped_column(nullable=False, server_default="true")
    # a deal in another currency than the rep's plan: converted, the original kept
    original_currency: Mapped[str | None] = mapped_column(String(3))
    original_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    exchange_rate: Mapped[Decimal | None] = mapped_column(RATIO)
    # {"products": [...], "families": [...]} of every line of the deal (per-deal fixed amounts)
    deal_scope: Mapped[dict | None] = mapped_column(JSONB)  # type: ignore[type-arg]


class CommissionPeriodState(Base):
    """The engine's ``PeriodState`` for a rep and period, kept current as credits arrive.

    A cache of the ledger, not part of it: ``signature`` names the plan versions
    and assignment it was built with, ``credit_count``/``last_credit_id`` the
    credits; a mismatch with either means it is rebuilt from the credits.
    """

    __tablename__ = "commission_period_states"

    rep_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    assignment_id: Mapped[int] = belongs_to("commission_assignments")
    signature: Mapped[str] = mapped_column(String(64), nullable=False)
    credit_count: Mapped[int] = mapped_column(nullable=False)
    last_credit_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    state: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class CommissionPeriod(Base, Keyed, Versioned):
    """A period FINANCE opened; once CLOSED it and everything dated in it are frozen."""

    __tablename__ = "commission_periods"
    __table_args__ = (
        UniqueConstraint("start_date"),
        UniqueConstraint("label"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("(status = 'CLOSED') = (closed_at IS NOT NULL)", name="closed_has_time"),
    )

    kind: Mapped[CommissionPeriodKind] = mapped_column(
        pg_enum(CommissionPeriodKind, "commission_period_kind"), nullable=False
    )
    label: Mapped[str] = mapped_column(String(20), nullable=False)
    fiscal_year: Mapped[int] = mapped_column(nullable=False)
    index: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[CommissionPeriodStatus] = mapped_column(
        pg_enum(CommissionPeriodStatus, "commission_period_status"), nullable=False
    )
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    opened_at: Mapped[datetime] = stamped_on_insert()
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CommissionAdjustment(Base, Keyed, Created):
    """A signed manual correction for a rep, landing in the (open) period of ``effective_date``."""

    __tablename__ = "commission_adjustments"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_commission_adjustments_rep_date", "rep_id", "effective_date"),
    )

    rep_id: Mapped[int] = refers_to("users")
    effective_date: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    description: Mapped[str] = mapped_column(String(500), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


CARRY_CONVERSION_COMPLETE = (
    "(carry_rate IS NULL) = (carry_from_currency IS NULL)"
    " AND (carry_rate IS NULL) = (carry_rate_valid_from IS NULL)"
    " AND (carry_rate IS NULL) = (carried_in_original IS NULL)"
)


class CommissionStatement(Base, Keyed, Created):
    """A rep's statement for a closed period: totals here, the explained lines in rows."""

    __tablename__ = "commission_statements"
    __table_args__ = (
        UniqueConstraint("period_id", "rep_id"),
        CheckConstraint(CARRY_CONVERSION_COMPLETE, name="carry_conversion_complete"),
    )

    period_id: Mapped[int] = refers_to("commission_periods")
    rep_id: Mapped[int] = refers_to("users", index=True)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commission_assignments.id", ondelete="RESTRICT")
    )
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    attainment: Mapped[Decimal | None] = mapped_column(RATIO)
    quota: Mapped[Decimal | None] = mapped_column(MONEY)
    tier: Mapped[str | None] = mapped_column(String(100))
    sales_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    clawback_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    period_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    adjustments_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    earned_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    previously_paid: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    balance_due: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    non_cash_value: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    # Component totals, SPIF awards, SPIF progress carried into the next period.
    summary: Mapped[dict] = mapped_column(JSONB, nullable=False)  # type: ignore[type-arg]
    # issue 19, the payout (commissions.payouts): balance_due = amount_due + carried_forward
    # at close; previously_paid there is 0, the payments made since are commission_payments.
    carried_in: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    held_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    released_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    draw_paid: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    draw_recovered: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    draw_outstanding: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    amount_due: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    carried_forward: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")
    # {quote id: amount} still held until the quote's invoice is paid
    held_pool: Mapped[dict] = mapped_column(JSONB, nullable=False, server_default="{}")  # type: ignore[type-arg]
    # the carry came from a statement in another currency: converted with this dated rate
    carry_from_currency: Mapped[str | None] = mapped_column(String(3))
    carry_rate: Mapped[Decimal | None] = mapped_column(Numeric(24, 12))
    carry_rate_valid_from: Mapped[date | None] = mapped_column(Date)
    carried_in_original: Mapped[Decimal | None] = mapped_column(MONEY)
    # the period's draws in another currency: [{draw, from, rate, valid_from, original,
    # converted}], amounts and rate as text (services.commissions.payouts)
    draw_conversions: Mapped[list] = mapped_column(JSONB, nullable=False, server_default="[]")  # type: ignore[type-arg]


class CommissionStatementLine(Base):
    """One statement line: a credit's commission, a period-level line, an adjustment or an award.

    Written by a period close, 100,000 at a time: ``details`` is ``json``, kept as the text
    written, not parsed into ``jsonb`` (revision 0041). The statement, credit, quote and
    adjustment a line refers to are checked by triggers, once per statement's new lines, with
    ``ON DELETE RESTRICT`` on their side, not by foreign keys (revision 0043): hence no
    ``ForeignKey`` here."""

    __tablename__ = "commission_statement_lines"
    __table_args__ = (UniqueConstraint("statement_id", "position"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    statement_id: Mapped[int] = mapped_column(Integer, nullable=False)
    position: Mapped[int] = mapped_column(nullable=False)
    kind: Mapped[StatementLineKind] = mapped_column(
        pg_enum(StatementLineKind, "commission_statement_line_kind"), nullable=False
    )
    description: Mapped[str] = mapped_column(String(500), nullable=False)
    credit_id: Mapped[int | None] = mapped_column(BigInteger)
    quote_id: Mapped[int | None] = mapped_column(Integer)
    adjustment_id: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    details: Mapped[list] = mapped_column(JSON, nullable=False)  # type: ignore[type-arg]  # explained payout lines


class CommissionStatementApproval(Base, Keyed):
    """FINANCE's payout approval: a statement with one is final."""

    __tablename__ = "commission_statement_approvals"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("commission_statements.id", ondelete="RESTRICT"), nullable=False, unique=True
    )
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    note: Mapped[str | None] = mapped_column(Text)
    approved_at: Mapped[datetime] = stamped_on_insert()


class CommissionInquiry(Base, Keyed, Timestamped, Versioned):
    """A rep's question or dispute about a statement line or a credit, and its outcome."""

    __tablename__ = "commission_inquiries"
    __table_args__ = (
        CheckConstraint("(statement_line_id IS NULL) <> (credit_id IS NULL)", name="one_subject"),
        Index("ix_commission_inquiries_rep", "rep_id", "id"),
    )

    rep_id: Mapped[int] = refers_to("users")
    statement_line_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("commission_statement_lines.id", ondelete="RESTRICT")
    )
    credit_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("commission_credits.id", ondelete="RESTRICT")
    )
    category: Mapped[InquiryCategory] = mapped_column(
        pg_enum(InquiryCategory, "commission_inquiry_category"), nullable=False
    )
    status: Mapped[InquiryStatus] = mapped_column(
        pg_enum(InquiryStatus, "commission_inquiry_status"), nullable=False, index=True
    )
    attachment_ref: Mapped[str | None] = mapped_column(String(500))
    resolution: Mapped[str | None] = mapped_column(Text)
    adjustment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commission_adjustments.id", ondelete="RESTRICT")
    )


class CommissionInquiryMessage(Base, Keyed):
    """The inquiry's thread: the rep's question, FINANCE's answers and its decision."""

    __tablename__ = "commission_inquiry_messages"
    __table_args__ = (Index("ix_commission_inquiry_messages_inquiry", "inquiry_id", "id"),)

    inquiry_id: Mapped[int] = belongs_to("commission_inquiries")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    attachment_ref: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime] = stamped_on_insert()
