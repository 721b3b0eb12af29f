"""Recording a use case's change in the audit log: who, what, before and after, which request.

The request (or job) id is the one the structured log lines carry (bound by the
server's request-id middleware, or by a worker for its job), so an audit row and the
log lines of the same work share an id without every use case passing it along.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.queries.audit import record, snapshot


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return None if value is None else str(value)


R = TypeVar("R")

Parts = Mapping[str, Iterable[object]]
"""An aggregate's child rows by name (``{"tiers": [...]}``), logged inside its root's image."""


def image(row: object, parts: Parts | None = None) -> dict[str, Any]:
    """The row's column values as JSON, with its child rows (costs, tiers, options…) by name.

    The before image of a change: take it before editing, hand it to ``record_change``.
    """
    return {
        **snapshot(row),
        **{name: [snapshot(p) for p in rows] for name, rows in (parts or {}).items()},
    }


async def record_change(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    row: Any,
    before: dict[str, Any] | None = None,
    *,
    parts: Parts | None = None,
) -> None:
    """Append ``action`` on ``row`` (flushed first, so ids and versions are final).

    ``parts`` are the aggregate's child rows after the change, logged in the after image.
    """
    await session.flush()
    record(
        session,
        actor_id=actor.user_id if actor else None,
        action=action,
        entity_type=type(row).__name__,
        entity_id=row.id,
        before=before,
        after=image(row, parts),
        request_id=current_request_id(),
    )


async def record_new(session: AsyncSession, actor: Actor | None, action: str, row: R) -> R:
    """Add the new ``row`` and append ``action`` creating it; the row back."""
    session.add(row)
    await record_change(session, actor, action, row)
    return row
