"""Badges, their levels, and the awards: one per (badge, rep, level), with its facts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Numeric, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed, Timestamped
from db.models.columns import belongs_to, refers_to


class Badge(Base, Keyed, Timestamped):
    """A badge earned from a metric's value per period, or (no metric) by completing an
    onboarding programme."""

    __tablename__ = "badges"

    key: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    metric_key: Mapped[str | None] = mapped_column(String(100))
    grain: Mapped[str | None] = mapped_column(String(10))
    """The period a metric badge reads its values per; null for an onboarding badge."""
    created_by_id: Mapped[int] = refers_to("users")


class BadgeLevel(Base, Keyed):
    __tablename__ = "badge_levels"
    __table_args__ = (
        UniqueConstraint("badge_id", "level"),
        CheckConstraint("level >= 1", name="level_positive"),
        CheckConstraint("threshold > 0", name="threshold_positive"),
    )

    badge_id: Mapped[int] = belongs_to("badges", index=True)
    level: Mapped[int] = mapped_column(nullable=False)
    threshold: Mapped[Decimal] = mapped_column(Numeric(), nullable=False)


class BadgeAward(Base, Keyed, Created):
    """A level a rep earned, once; ``facts`` say what earned it (period, value, threshold)."""

    __tablename__ = "badge_awards"
    __table_args__ = (UniqueConstraint("badge_id", "rep_id", "level"),)

    badge_id: Mapped[int] = belongs_to("badges", index=True)
    rep_id: Mapped[int] = refers_to("users", index=True)
    level: Mapped[int] = mapped_column(nullable=False)
    awarded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    facts: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
