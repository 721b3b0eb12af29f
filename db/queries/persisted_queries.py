"""Reading and storing persisted queries (``db.models.persisted_queries``)."""

from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.persisted_queries import PersistedQuery


async def find_document(session: AsyncSession, sha256: str) -> str | None:
    """The document stored under ``sha256``, if any."""
    document: str | None = await session.scalar(
        select(PersistedQuery.document).where(PersistedQuery.sha256 == sha256)
    )
    return document


async def store_document(session: AsyncSession, sha256: str, document: str, *, cap: int) -> bool:
    """Store ``document`` under ``sha256`` unless the table already holds ``cap`` documents;
    whether it is stored now (``False`` too when it already was)."""
    room = select(func.count()).select_from(PersistedQuery).scalar_subquery() < cap
    inserted = await session.execute(
        insert(PersistedQuery)
        .from_select(
            ["sha256", "document"],
            select(literal(sha256), literal(document)).where(room),
        )
        .on_conflict_do_nothing()
        .returning(PersistedQuery.sha256)
    )
    return inserted.first() is not None


async def count_documents(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(PersistedQuery)) or 0)
