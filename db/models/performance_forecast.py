"""A quote's expected-close history, its slippage events and its forecast categories.

All three histories are append-only (``quote_close_date_changes``, ``slippage_events``,
``forecast_category_changes``), so a forecast "as of a week ago" is computed from
them, and a dispute about a slip has the raw event. ``forecast_categories`` holds the
current rep call and manager override per quote, both kept.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.models.columns import MONEY, belongs_to, currency_iso, refers_to, stamped_on_insert

CATEGORIES = "('COMMIT', 'BEST_CASE', 'PIPELINE', 'OMITTED')"


class QuoteCloseDateChange(Base, Keyed):
    """Every change of a quote's expected close date (``from_date`` null: the first one)."""

    __tablename__ = "quote_close_date_changes"
    __table_args__ = (Index("ix_quote_close_date_changes_quote", "quote_id", "at"),)

    quote_id: Mapped[int] = belongs_to("quotes")
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    at: Mapped[datetime] = stamped_on_insert()


class SlippageEvent(Base, Keyed):
    """A close date moved into a later fiscal quarter: the amount, the periods, the reason."""

    __tablename__ = "slippage_events"
    __table_args__ = (
        currency_iso(),
        CheckConstraint("to_date > from_date", name="later"),
        CheckConstraint("quarters >= 1", name="quarters_positive"),
        Index("ix_slippage_events_rep_at", "rep_id", "at"),
    )

    quote_id: Mapped[int] = belongs_to("quotes", index=True)
    rep_id: Mapped[int] = refers_to("users")
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    from_date: Mapped[date] = mapped_column(Date, nullable=False)
    to_date: Mapped[date] = mapped_column(Date, nullable=False)
    from_period: Mapped[str] = mapped_column(String(20), nullable=False)
    to_period: Mapped[str] = mapped_column(String(20), nullable=False)
    quarters: Mapped[int] = mapped_column(nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    actor_id: Mapped[int] = refers_to("users")
    at: Mapped[datetime] = stamped_on_insert()


class ForecastCategory(Base):
    """The current calls on one quote: the rep's and the manager's override, each with who
    set it and when."""

    __tablename__ = "forecast_categories"
    __table_args__ = (
        CheckConstraint(f"rep_category IS NULL OR rep_category IN {CATEGORIES}", name="rep"),
        CheckConstraint(
            f"manager_category IS NULL OR manager_category IN {CATEGORIES}", name="manager"
        ),
    )

    quote_id: Mapped[int] = mapped_column(
        ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True
    )
    rep_category: Mapped[str | None] = mapped_column(String(20))
    rep_set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    rep_set_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    manager_category: Mapped[str | None] = mapped_column(String(20))
    manager_note: Mapped[str | None] = mapped_column(Text)
    manager_set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    manager_set_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ForecastCategoryChange(Base, Keyed):
    """Append-only log of every category call (``by_manager``: an override)."""

    __tablename__ = "forecast_category_changes"
    __table_args__ = (
        CheckConstraint(f"category IN {CATEGORIES}", name="category"),
        Index("ix_forecast_category_changes_quote", "quote_id", "at"),
    )

    quote_id: Mapped[int] = belongs_to("quotes")
    by_manager: Mapped[bool] = mapped_column(nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int] = refers_to("users")
    at: Mapped[datetime] = stamped_on_insert()
