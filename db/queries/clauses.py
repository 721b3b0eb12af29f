"""Queries over the clause library: clauses and their versions."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Clause, ClauseVersion


async def latest_standard_clauses(
    session: AsyncSession, segment: str
) -> list[tuple[Clause, ClauseVersion]]:
    """The active standard clauses for ``segment`` (or every segment), each with its latest text."""
    latest = (
        select(ClauseVersion.clause_id, func.max(ClauseVersion.version).label("version"))
        .group_by(ClauseVersion.clause_id)
        .subquery()
    )
    rows = await session.execute(
        select(Clause, ClauseVersion)
        .join(latest, latest.c.clause_id == Clause.id)
        .join(
            ClauseVersion,
            (ClauseVersion.clause_id == Clause.id) & (ClauseVersion.version == latest.c.version),
        )
        .where(
            Clause.active, Clause.standard, or_(Clause.segment.is_(None), Clause.segment == segment)
        )
        .order_by(Clause.position, Clause.id)
    )
    return [(clause, version) for clause, version in rows.all()]


async def clause_by_code(session: AsyncSession, code: str) -> Clause | None:
    return await session.scalar(select(Clause).where(Clause.code == code))


async def next_clause_position(session: AsyncSession) -> int:
    """The position after every clause's (new clauses list last)."""
    last = await session.scalar(select(func.coalesce(func.max(Clause.position), 0)))
    return int(last or 0) + 1


async def latest_version(session: AsyncSession, clause_id: int) -> ClauseVersion:
    version = await session.scalar(
        select(ClauseVersion)
        .where(ClauseVersion.clause_id == clause_id)
        .order_by(ClauseVersion.version.desc())
        .limit(1)
    )
    assert version is not None  # a clause is created with its first version
    return version


async def library(
    session: AsyncSession, segment: str | None = None
) -> list[tuple[Clause, ClauseVersion]]:
    """Every clause with its latest version, in library order; with ``segment``, that
    segment's clauses and the shared ones."""
    clauses = (await session.scalars(select(Clause).order_by(Clause.position, Clause.id))).all()
    versions = (await session.scalars(select(ClauseVersion).order_by(ClauseVersion.version))).all()
    latest = {v.clause_id: v for v in versions}
    return [
        (c, latest[c.id])
        for c in clauses
        if c.id in latest and (segment is None or c.segment in (None, segment.upper()))
    ]
