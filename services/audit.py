"""Recording a use case's change in the audit log: who, what, before and after, which request.

The request (or job) id is the one the structured log lines carry (bound by the
server's request-id middleware, or by a worker for its job), so an audit row and the
log lines of the same work share an id without every use case passing it along.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.queries.audit import record, snapshot


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return None if value is None else str(value)


async def record_change(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    row: Any,
    before: dict[str, Any] | None = None,
) -> None:
    """Append ``action`` on ``row`` (flushed first, so ids and versions are final)."""
    await session.flush()
    record(
        session,
        actor_id=actor.user_id if actor else None,
        action=action,
        entity_type=type(row).__name__,
        entity_id=row.id,
        before=before,
        after=snapshot(row),
        request_id=current_request_id(),
    )
