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
from services.audit import image, record_change
from services.catalog.checks import end_validity
from services.refusal import Code, refuse
from services.rows import edit_or_refuse

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
        row = await edit_or_refuse(session, model, key, version)
        state: Any = row  # every retirable row has ``name`` and ``active``
        if not state.active:
            raise refuse(Code.INVALID_STATE, f"{state.name} is already retired.", ("input", "id"))
        before = image(row)
        state.active = False
        await record_change(session, actor, action, row, before)
        return row

    return retire


def ending(model: type[M], action: str) -> End[M]:
    """The use case that locks an effective-dated ``model`` row and ends it on ``valid_to``
    (its first day not covered; only ever earlier), auditing the change as ``action``."""

    async def end(
        session: AsyncSession, actor: Actor, now: datetime, key: int, valid_to: date
    ) -> M:
        row = await edit_or_refuse(session, model, key)
        before = image(row)
        end_validity(row, valid_to)  # type: ignore[arg-type]
        await record_change(session, actor, action, row, before)
        return row

    return end
