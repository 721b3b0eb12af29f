"""Contests: their rules, prizes, enrolments and the final standings closed at the end.

The rule columns (metric, window, kind, scoring, direction, target, team rule) and
the prizes and enrolments stop changing once the window starts; ``rules_frozen_at``
records when a use case first saw it started (with an audit entry). ``closed_at``
and the ``contest_results`` row are written when the contest ends, the final board
kept as the engine's standings in JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed, Timestamped, Versioned
from db.models.columns import belongs_to, currency_iso, refers_to

SCORE = Numeric()  # metric values, targets and attainment, kept exact


def one_of(column: str, *values: str) -> CheckConstraint:
    """``column`` holds one of ``values`` (an engine enum's names)."""
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_known")


class Contest(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "contests"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="window_ordered"),
        one_of("kind", "RACE", "TARGET", "HEAD_TO_HEAD", "TOURNAMENT"),
        one_of("scoring", "RAW", "ATTAINMENT"),
        one_of("direction", "HIGHER", "LOWER"),
        CheckConstraint("team_score IS NULL OR team_score IN ('SUM', 'AVERAGE')", name="team"),
        CheckConstraint("currency IS NULL OR currency ~ '^[A-Z]{3}$'", name="currency_iso"),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    metric_key: Mapped[str] = mapped_column(String(100), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    direction: Mapped[str] = mapped_column(String(20), nullable=False)
    scoring: Mapped[str] = mapped_column(String(20), nullable=False)
    team_score: Mapped[str | None] = mapped_column(String(10))
    target: Mapped[Decimal | None] = mapped_column(SCORE)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    """The manager whose team the contest is for; null: an OPS contest for anyone."""
    created_by_id: Mapped[int] = refers_to("users")
    rules_frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    currency: Mapped[str | None] = mapped_column(String(3))
    """A money metric's contest counts only amounts in this currency; null otherwise."""


class ContestRound(Base):
    """A scheduled TOURNAMENT's round ``number`` (from 1) and its window, frozen with the
    other rules when the contest starts."""

    __tablename__ = "contest_rounds"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="window_ordered"),)

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ContestPrize(Base, Keyed):
    __tablename__ = "contest_prizes"
    __table_args__ = (
        CheckConstraint("rank_from >= 1 AND rank_to >= rank_from", name="ranks_ordered"),
        CheckConstraint("value > 0", name="value_positive"),
        one_of("kind", "CASH", "NON_CASH"),
        currency_iso(),
    )

    contest_id: Mapped[int] = belongs_to("contests", index=True)
    rank_from: Mapped[int] = mapped_column(nullable=False)
    rank_to: Mapped[int] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    description: Mapped[str] = mapped_column(String(500), nullable=False)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 6), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)


class ContestEnrolment(Base, Keyed, Created):
    """A rep, a manager's team or everyone holding a role takes part."""

    __tablename__ = "contest_enrolments"
    __table_args__ = (
        CheckConstraint("num_nonnulls(rep_id, team_manager_id, role) = 1", name="one_participant"),
        UniqueConstraint(
            "contest_id",
            "rep_id",
            "team_manager_id",
            "role",
            name="uq_contest_enrolments_once",
            postgresql_nulls_not_distinct=True,
        ),
    )

    contest_id: Mapped[int] = belongs_to("contests", index=True)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    team_manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    role: Mapped[str | None] = mapped_column(String(20))


class ContestResult(Base, Created):
    """The final standings, closed once when the contest ends."""

    __tablename__ = "contest_results"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    standings: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    """The engine's ``Standings`` in the tagged codec (``db.codec.contests``)."""


class ContestSpan(Base):
    """The local days ``[first, stop)`` a contest's window covers for a participant in their
    zone, per metric the contest reads (a ratio reads two): what ``ContestTotal`` sums."""

    __tablename__ = "contest_spans"
    __table_args__ = (sa.Index("ix_contest_spans_rep_id_metric", "rep_id", "metric"),)

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    rep_id: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    first: Mapped[date] = mapped_column(sa.Date, nullable=False)
    stop: Mapped[date] = mapped_column(sa.Date, nullable=False)


class ContestTotal(Base):
    """A participant's rollup sums of one metric version over their span, kept current by
    the rollup upsert (``db.queries.rollups``) in the transaction that logs the facts."""

    __tablename__ = "contest_totals"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    rep_id: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, server_default="0")
    total: Mapped[Decimal] = mapped_column(Numeric, nullable=False, server_default="0")
