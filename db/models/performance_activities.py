"""Sales performance: activity kinds, the activity log, versioned metric definitions, day
rollups and KPI targets (migration 0012).

The activity log is append-only in spirit: facts from activities, quotes and
slippage land here once (unique per rep and external id), and rollups can
always be recomputed from it. Rollups are keyed by metric, definition version,
rep and the rep's local day; a period sums its days.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed
from db.models.columns import MONEY, refers_to, stamped_on_insert

KEY = String(64)


class PerformanceSettings(Base):
    """The organisation's performance settings: one row (id 1), defaults when absent."""

    __tablename__ = "performance_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("week_start BETWEEN 0 AND 6", name="week"),
        CheckConstraint("future_tolerance_seconds BETWEEN 0 AND 86400", name="tolerance"),
    )

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    week_start: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default="0")
    future_tolerance_seconds: Mapped[int] = mapped_column(nullable=False, server_default="300")


class ActivityKind(Base, Created):
    """A kind of activity (``DIAL``): its hierarchy level, name, worked time, recordability."""

    __tablename__ = "activity_kinds"

    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    level: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    worked_time: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    recordable: Mapped[bool] = mapped_column(nullable=False, server_default="true")
    standard: Mapped[bool] = mapped_column(nullable=False, server_default="false")


class Activity(Base):
    """One fact in the log: an activity, a quote event, a sale or a slippage."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("duration_seconds >= 0", name="duration"),
        # Named as migration 0012 named it (the naming convention would add "_external_id").
        UniqueConstraint("rep_id", "external_id", name="uq_activities_rep_id"),
        Index("ix_activities_occurred_at_brin", "occurred_at", postgresql_using="brin"),
        Index("ix_activities_kind_rep_id", "kind", "rep_id"),
        # When a quote was last touched (the home screens, the team view): its latest activity.
        Index(
            "ix_activities_quote_id",
            "quote_id",
            "occurred_at",
            postgresql_where=text("quote_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    rep_id: Mapped[int] = refers_to("users")
    kind: Mapped[str] = mapped_column(KEY, nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="1")
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    duration_seconds: Mapped[int | None] = mapped_column()
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id", ondelete="SET NULL"))
    contact: Mapped[str | None] = mapped_column(String(200))
    customer_key: Mapped[str | None] = mapped_column(String(200))
    external_id: Mapped[str | None] = mapped_column(String(200))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = stamped_on_insert()


class MetricDefinitionRow(Base, Keyed, Created):
    """One version of a metric definition (the engine value in the tagged codec)."""

    __tablename__ = "metric_definitions"
    __table_args__ = (
        # Named as migration 0012 named it (the naming convention would add "_version").
        UniqueConstraint("key", "version", name="uq_metric_definitions_key"),
        Index(
            "uq_metric_definitions_current", "key", unique=True, postgresql_where=text("current")
        ),
    )

    key: Mapped[str] = mapped_column(KEY, nullable=False)
    version: Mapped[int] = mapped_column(nullable=False)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    current: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class DayKeyed:
    """The key of a rollup row: metric key and definition version, rep, the rep's local day."""

    metric: Mapped[str] = mapped_column(KEY, primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class MetricRollup(Base, DayKeyed):
    """One rep's facts of one metric version on one local day: how many, and their total."""

    __tablename__ = "metric_rollups"

    count: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    total: Mapped[Decimal] = mapped_column(Numeric, nullable=False, server_default="0")


class MetricMonthRollup(Base):
    """The day rollups of one rep's metric version summed over a calendar month of local
    days (``month`` is its first day): kept by statement triggers on ``metric_rollups``
    (migration 0037), so every writer of day rollups keeps them, and a quarter's card sums
    three rows a metric instead of ninety."""

    __tablename__ = "metric_month_rollups"

    metric: Mapped[str] = mapped_column(KEY, primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    total: Mapped[Decimal] = mapped_column(Numeric, nullable=False, server_default="0")


class MetricCurrencyRollup(Base, DayKeyed):
    """One rep's money facts of one metric version on one local day in one currency: how
    many, and their total. Amounts in different currencies are never added, so a money
    metric's value per currency comes from these (``metric_rollups`` keeps the plain sums
    contests and non-money metrics read)."""

    __tablename__ = "metric_currency_rollups"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
    total: Mapped[Decimal] = mapped_column(Numeric, nullable=False, server_default="0")


class MetricDistinctKey(Base, DayKeyed):
    """A distinct key (a customer) seen by a DISTINCT_COUNT metric for a rep on a day."""

    __tablename__ = "metric_distinct_keys"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)


class KpiTarget(Base, Keyed, Created):
    """A target for a metric and grain: for a rep, a manager's team, or everyone (both null);
    for one period (``period_start``) or standing (null)."""

    __tablename__ = "kpi_targets"
    __table_args__ = (
        CheckConstraint("rep_id IS NULL OR team_manager_id IS NULL", name="one_scope"),
        CheckConstraint("target >= 0", name="not_negative"),
        # One target per metric, grain, scope and period: a unique index over the nullable
        # scope and period columns with null made a value, so "everyone" and "standing" are
        # unique too (a plain unique constraint lets any number of nulls through).
        Index(
            "uq_kpi_targets_scope",
            "metric",
            text("coalesce(rep_id, 0)"),
            text("coalesce(team_manager_id, 0)"),
            "grain",
            text("coalesce(period_start, '1900-01-01'::date)"),
            unique=True,
        ),
    )

    metric: Mapped[str] = mapped_column(KEY, nullable=False)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    team_manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    grain: Mapped[str] = mapped_column(String(8), nullable=False)
    period_start: Mapped[date | None] = mapped_column(Date)
    target: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
