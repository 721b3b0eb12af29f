"""Onboarding programmes, their ordered items, the reps enrolled and what they completed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed, Timestamped
from db.models.columns import belongs_to, refers_to


class OnboardingProgramme(Base, Keyed, Timestamped):
    __tablename__ = "onboarding_programmes"

    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="RESTRICT"))
    """The badge completing the programme earns."""
    created_by_id: Mapped[int] = refers_to("users")


class OnboardingItem(Base, Keyed):
    """One checklist item; done by an activity of ``activity_kind``, or (null) a sign-off."""

    __tablename__ = "onboarding_items"
    __table_args__ = (UniqueConstraint("programme_id", "position"),)

    programme_id: Mapped[int] = belongs_to("onboarding_programmes", index=True)
    position: Mapped[int] = mapped_column(nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    activity_kind: Mapped[str | None] = mapped_column(String(50))


class OnboardingEnrolment(Base, Keyed, Created):
    __tablename__ = "onboarding_enrolments"
    __table_args__ = (UniqueConstraint("programme_id", "rep_id"),)

    programme_id: Mapped[int] = belongs_to("onboarding_programmes", index=True)
    rep_id: Mapped[int] = refers_to("users", index=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OnboardingCompletion(Base, Keyed):
    """An item done: by the activity ``activity_id`` (V1's activities) or signed off."""

    __tablename__ = "onboarding_completions"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "item_id"),
        CheckConstraint("num_nonnulls(activity_kind, signed_off_by_id) = 1", name="done_one_way"),
    )

    enrolment_id: Mapped[int] = belongs_to("onboarding_enrolments", index=True)
    item_id: Mapped[int] = belongs_to("onboarding_items")
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    activity_kind: Mapped[str | None] = mapped_column(String(50))
    activity_id: Mapped[int | None] = mapped_column(BigInteger)
    signed_off_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
