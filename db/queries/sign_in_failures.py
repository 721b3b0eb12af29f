"""Failed sign-ins in a moving window, per account and per client address."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.auth import SignInFailure

Scope = tuple[str, str]  # ("account", "ann@example.com") or ("address", "203.0.113.7")


async def lock_scope(session: AsyncSession, scope: Scope) -> None:
    """Serialise sign-ins on one scope until the transaction ends, so parallel
    guesses cannot all pass the check before any of them is recorded."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 7))"),
        {"key": f"sign-in:{scope[0]}:{scope[1]}"},
    )


async def recent_failures(session: AsyncSession, scope: Scope, since: datetime) -> list[datetime]:
    """When each failure since ``since`` happened, oldest first."""
    rows = await session.scalars(
        select(SignInFailure.failed_at)
        .where(
            SignInFailure.scope == scope[0],
            SignInFailure.key == scope[1],
            SignInFailure.failed_at > since,
        )
        .order_by(SignInFailure.failed_at)
    )
    return list(rows)


async def record_failure(
    session: AsyncSession, scopes: Sequence[Scope], now: datetime, prune_before: datetime
) -> None:
    """Count one failure against each scope, and forget theirs older than the window."""
    for scope, key in scopes:
        await session.execute(
            delete(SignInFailure).where(
                SignInFailure.scope == scope,
                SignInFailure.key == key,
                SignInFailure.failed_at <= prune_before,
            )
        )
    session.add_all(SignInFailure(scope=scope, key=key, failed_at=now) for scope, key in scopes)


async def clear_failures(session: AsyncSession, scope: Scope) -> None:
    await session.execute(
        delete(SignInFailure).where(SignInFailure.scope == scope[0], SignInFailure.key == scope[1])
    )
