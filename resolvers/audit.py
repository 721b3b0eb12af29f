"""Recording a mutation's change in the audit log: ``services.audit`` with the request's viewer."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from schema.permissions import viewer_of
from services.audit import record_change


async def audit_change(
    info: strawberry.Info,
    session: AsyncSession,
    action: str,
    row: Any,
    before: dict[str, Any] | None = None,
) -> None:
    """Append ``action`` on ``row`` as the request's viewer (for resolvers not yet on a service)."""
    await record_change(session, viewer_of(info), action, row, before)
