"""Ending catalog rows: retiring a versioned one, ending an effective-dated one on a date.

Either way the row stays, for the quotes priced with it and the audit log. Each
catalog aggregate names its own use cases from these two (``retiring(Product,
"retireProduct")``), so the CLI and the resolvers call ``products.retire_product``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.base import Base
from services.catalog.checks import end_validity
from services.refusal import Code, refuse
from services.rows import audited_edit

M = TypeVar("M", bound=Base)

Retire = Callable[[AsyncSession, Actor, datetime, int, int], Awaitable[M]]
"""``(session, actor, now, id, version)``: the retired row."""
End = Callable[[AsyncSession, Actor, datetime, int, date], Awaitable[M]]
"""``(session, actor, now, id, valid_to)``: the ended row."""


def retiring(model: type[M], action: str) -> Retire[M]:
    """The use case that locks a ``model`` row at the version the caller read and sets it
    inactive (once), auditing the change as ``action``."""

    async def retire(
        session: AsyncSession, actor: Actor, now: datetime, key: int, version: int
    ) -> M:
        return await retire_row(session, actor, action, model, key, version)

    return retire


async def retire_row(
    session: AsyncSession,
    actor: Actor,
    action: str,
    model: type[M],
    key: int,
    version: int | None = None,
    *,
    noun: str = "row",
) -> M:
    """Lock the ``model`` row (at ``version`` when given) and set it inactive, once; audited
    as ``action``. The refusal names the row by its ``name``, or as "This ``noun``"."""
    async with audited_edit(session, actor, action, model, key, version) as row:
        state: Any = row  # every retirable row has ``active``
        if not state.active:
            label = getattr(row, "name", None) or f"This {noun}"
            raise refuse(Code.INVALID_STATE, f"{label} is already retired.", ("input", "id"))
        state.active = False
    return row


def ending(model: type[M], action: str) -> End[M]:
    """The use case that locks an effective-dated ``model`` row and ends it on ``valid_to``
    (its first day not covered; only ever earlier), auditing the change as ``action``."""

    async def end(
        session: AsyncSession, actor: Actor, now: datetime, key: int, valid_to: date
    ) -> M:
        async with audited_edit(session, actor, action, model, key) as row:
            end_validity(row, valid_to)  # type: ignore[arg-type]
        return row

    return end
