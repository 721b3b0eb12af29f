"""Claiming idempotency keys.

The claim is an ``INSERT … ON CONFLICT DO NOTHING`` inside the mutation's own
transaction. A concurrent retry with the same key blocks on that row until the
first attempt commits (then it replays the stored result) or rolls back (then
it proceeds as the first attempt itself), so the work never happens twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.idempotency import IdempotencyKey


@dataclass(frozen=True, slots=True)
class PriorAttempt:
    request_hash: str
    result: dict[str, Any]


async def claim(
    session: AsyncSession, *, user_id: int, operation: str, key: str, request_hash: str
) -> PriorAttempt | None:
    """Claim ``key`` for this attempt; ``None`` when it is ours, else the earlier attempt."""
    inserted = await session.execute(
        insert(IdempotencyKey)
        .values(user_id=user_id, operation=operation, key=key, request_hash=request_hash, result={})
        .on_conflict_do_nothing()
        .returning(IdempotencyKey.key)
    )
    if inserted.first() is not None:
        return None
    row = await session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.operation == operation,
            IdempotencyKey.key == key,
        )
    )
    assert row is not None  # the conflicting row is committed, so it is visible now
    return PriorAttempt(request_hash=row.request_hash, result=row.result)


async def store_result(
    session: AsyncSession, *, user_id: int, operation: str, key: str, result: dict[str, Any]
) -> None:
    await session.execute(
        update(IdempotencyKey)
        .where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.operation == operation,
            IdempotencyKey.key == key,
        )
        .values(result=result)
    )
