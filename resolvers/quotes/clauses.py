"""The standard clause set for a segment, and whether a revision's clauses deviate from it."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.models.quotes import Clause, ClauseVersion, QuoteClause, QuoteRevision


async def latest_standard_clauses(session: AsyncSession, segment: str) -> list[tuple[Clause, ClauseVersion]]:
    latest = (
        select(ClauseVersion.clause_id, func.max(ClauseVersion.version).label("version"))
        .group_by(ClauseVersion.clause_id)
        .subquery()
    )
    rows = await session.execute(
        select(Clause, ClauseVersion)
        .join(latest, latest.c.clause_id == Clause.id)
        .join(ClauseVersion, (ClauseVersion.clause_id == Clause.id) & (ClauseVersion.version == latest.c.version))
        .where(Clause.active, Clause.standard, or_(Clause.segment.is_(None), Clause.segment == segment))
        .order_by(Clause.position, Clause.id)
    )
    return [(clause, version) for clause, version in rows.all()]


async def attach_standard_clauses(session: AsyncSession, revision: QuoteRevision, segment: str) -> None:
    for position, (clause, version) in enumerate(await latest_standard_clauses(session, segment)):
        session.add(
            QuoteClause(
                revision_id=revision.id,
                clause_version_id=version.id,
                title=clause.title,
                body=version.body,
                position=position,
            )
        )


async def deviates(session: AsyncSession, chosen: list[QuoteClause], segment: str) -> bool:
    library = [
        rules.StandardClause(clause_version_id=version.id, segment=clause.segment)
        for clause, version in await latest_standard_clauses(session, segment)
    ]
    return rules.is_non_standard(
        [rules.ClauseChoice(clause_version_id=c.clause_version_id, edited=c.edited) for c in chosen], library, segment
    )
