"""Reading onboarding: a programme's items, a rep's enrolments and completions."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import ARRAY, Integer, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_onboarding import (
    OnboardingCompletion,
    OnboardingEnrolment,
    OnboardingItem,
    OnboardingProgramme,
)
from db.queries.batches import rows_with


async def programme_items(session: AsyncSession, programme_id: int) -> Sequence[OnboardingItem]:
    return await rows_with(
        session, OnboardingItem.programme_id, programme_id, OnboardingItem.position
    )


async def enrolment_of(
    session: AsyncSession, programme_id: int, rep_id: int
) -> OnboardingEnrolment | None:
    return await session.scalar(
        select(OnboardingEnrolment).where(
            OnboardingEnrolment.programme_id == programme_id, OnboardingEnrolment.rep_id == rep_id
        )
    )


async def enrolments_of(
    session: AsyncSession, rep_id: int
) -> list[tuple[OnboardingEnrolment, OnboardingProgramme]]:
    """A rep's programmes, oldest enrolment first."""
    query = (
        select(OnboardingEnrolment, OnboardingProgramme)
        .join(OnboardingProgramme, OnboardingProgramme.id == OnboardingEnrolment.programme_id)
        .where(OnboardingEnrolment.rep_id == rep_id)
        .order_by(OnboardingEnrolment.id)
    )
    return [(e, p) for e, p in (await session.execute(query)).all()]


async def completed_item_ids(session: AsyncSession, enrolment_id: int) -> frozenset[int]:
    query = select(OnboardingCompletion.item_id).where(
        OnboardingCompletion.enrolment_id == enrolment_id
    )
    return frozenset((await session.scalars(query)).all())


async def reps_onboarding(session: AsyncSession, rep_ids: Collection[int]) -> frozenset[int]:
    """Which of ``rep_ids`` have a programme still open (one statement for a whole batch)."""
    wanted = bindparam("rep_ids", list(rep_ids), type_=ARRAY(Integer))  # one statement text
    query = select(OnboardingEnrolment.rep_id).where(
        OnboardingEnrolment.rep_id == func.any(wanted), OnboardingEnrolment.completed_at.is_(None)
    )
    return frozenset((await session.scalars(query)).all())
