"""Ending catalog rows: retiring a versioned one, ending an effective-dated one on a date.

Either way the row stays, for the quotes priced with it and the audit log.
"""

from __future__ import annotations

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


async def retire(
    session: AsyncSession, actor: Actor, now: datetime, model: type[M], key: int, version: int, action: str
) -> M:
    """Lock the row at ``version`` and set it inactive (once), auditing the change as ``action``."""
    row = await edit_or_refuse(session, model, key, version)
    state: Any = row  # every retirable row has ``name`` and ``active``
    if not state.active:
        raise refuse(Code.INVALID_STATE, f"{state.name} is already retired.", ("input", "id"))
    before = image(row)
    state.active = False
    await record_change(session, actor, action, row, before)
    return row


async def end_dated(
    session: AsyncSession, actor: Actor, model: type[M], key: int, valid_to: date, action: str
) -> M:
    """Lock an effective-dated row and end it on ``valid_to``, auditing the change as ``action``."""
    row = await edit_or_refuse(session, model, key)
    before = image(row)
    end_validity(row, valid_to)  # type: ignore[arg-type]
    await record_change(session, actor, action, row, before)
    return row
