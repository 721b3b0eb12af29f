"""Recording a mutation's change in the audit log, with who and which request."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.audit import record, snapshot
from schema.permissions import viewer_of


async def audit_change(
    info: strawberry.Info,
    session: AsyncSession,
    action: str,
    row: Any,
    before: dict[str, Any] | None = None,
) -> None:
    """Append ``action`` on ``row`` (flushed first, so ids and versions are final)."""
    await session.flush()
    viewer = viewer_of(info)
    record(
        session,
        actor_id=viewer.user_id if viewer else None,
        action=action,
        entity_type=type(row).__name__,
        entity_id=row.id,
        before=before,
        after=snapshot(row),
        request_id=info.context.request_id,
    )
