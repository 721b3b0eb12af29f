"""What an approver's inbox holds now, and what in it changed lately."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.approvals import ApprovalRequest, ApprovalRequestStatus

OPEN = (ApprovalRequestStatus.PENDING, ApprovalRequestStatus.COUNTERED)


async def inbox_request_ids(
    session: AsyncSession, approver_id: int, *, changed_since: datetime | None, limit: int
) -> list[int]:
    """Requests naming ``approver_id`` that are open, or changed since ``changed_since``;
    oldest first.

    A subscriber that may have missed events gets these re-sent: the open ones are
    the inbox itself, the recently changed ones tell it what left the inbox.
    """
    wanted = ApprovalRequest.status.in_(OPEN)
    if changed_since is not None:
        wanted = or_(wanted, ApprovalRequest.updated_at >= changed_since)
    rows = await session.scalars(
        select(ApprovalRequest.id)
        .where(ApprovalRequest.approver_ids.contains([approver_id]), wanted)
        .order_by(ApprovalRequest.submitted_at, ApprovalRequest.id)
        .limit(limit)
    )
    return list(rows)


async def inbox_request_ids_of(
    session: AsyncSession,
    approver_ids: Iterable[int],
    *,
    changed_since: datetime | None,
    limit: int,
) -> list[int]:
    """:func:`inbox_request_ids` for each of ``approver_ids`` (up to ``limit``
    each), merged and sorted."""
    found: set[int] = set()
    for approver in approver_ids:
        found.update(
            await inbox_request_ids(session, approver, changed_since=changed_since, limit=limit)
        )
    return sorted(found)
