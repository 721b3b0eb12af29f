"""Raising the statement timeout for one transaction that is long by design."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def allow_long_statements(session: AsyncSession, seconds: float) -> None:
    """Until this transaction ends, statements may run ``seconds`` (the engine's default
    cancels them much sooner). For work such as closing a commission period."""
    # SET cannot take a bind parameter; the value is a number we format ourselves.
    await session.execute(text(f"SET LOCAL statement_timeout = {int(seconds * 1000)}"))
