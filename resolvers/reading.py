"""One read of the request's database for a query field.

A query field asks one question of ``db/queries`` or a ``services`` reader and
maps the answer to schema types; ``read`` gives that question the request's read session,
so a field says what it reads, not how it opens a session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Concatenate, ParamSpec, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

P = ParamSpec("P")
T = TypeVar("T")


async def read(
    info: strawberry.Info,
    query: Callable[Concatenate[AsyncSession, P], Awaitable[T]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """``query(session, *args, **kwargs)`` on the request's read session."""
    async with info.context.db.read() as session:
        return await query(session, *args, **kwargs)
