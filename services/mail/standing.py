"""Whether an approval email still lets its approver decide its steps, and if not, why:
already decided (by whom, when), closed, or no longer theirs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.models.approval_mail import ApprovalEmail
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus
from db.models.users import User
from db.queries.approval_mail import mail_directory, step_decision
from db.queries.approvals import request_decisions, request_state_of

CLOSED_WORDS = {
    ApprovalRequestStatus.APPROVED: "approved",
    ApprovalRequestStatus.REJECTED: "rejected",
    ApprovalRequestStatus.COUNTERED: "answered with a counter-offer",
}


@dataclass(frozen=True, slots=True)
class Standing:
    """``code`` is ``None`` when the approver may decide ``steps`` (those of the email still
    awaiting them); otherwise why not, as a stable code (ALREADY_DECIDED, CLOSED, NOT_YOURS,
    INVALID_TOKEN) and a sentence for a person."""

    code: str | None
    message: str
    request: ApprovalRequest | None = None
    approver: User | None = None
    steps: tuple[str, ...] = ()


def when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")


async def standing(
    session: AsyncSession,
    email_id: int,
    request_id: int,
    step_ids: Sequence[str],
    approver_id: int,
    now: datetime,
    *,
    lock: bool = False,
) -> Standing:
    """Judge at ``now`` (with ``lock``, the request row is locked first, as a decision does)."""
    email = await session.get(ApprovalEmail, email_id)
    if (
        email is None
        or email.request_id != request_id
        or email.step_id not in step_ids
        or email.recipient_id != approver_id
    ):
        return Standing("INVALID_TOKEN", "This link is not valid.")
    # populate_existing: a request this session read before the lock is re-read under it
    # (without it, get() locks the row but keeps the older attributes it already holds).
    request = await session.get(
        ApprovalRequest, request_id, with_for_update=lock or None, populate_existing=lock
    )
    approver = await session.get(User, approver_id)
    if request is None or approver is None:
        return Standing("INVALID_TOKEN", "This link is not valid.")
    if not approver.active:
        return Standing("NOT_YOURS", "This request is no longer yours to decide.", request)
    if request.status is not ApprovalRequestStatus.PENDING:
        decided = await step_decision(session, request.id, None)
        word = CLOSED_WORDS.get(request.status)
        if word and decided:
            who, at = decided
            return Standing(
                "ALREADY_DECIDED",
                f"Already decided: {word} by {who} at {when(at)}. Nothing was changed.",
                request,
                approver,
            )
        closed = when(request.closed_at) if request.closed_at else "earlier"
        return Standing(
            "CLOSED",
            f"This request was closed ({request.status.value.lower().replace('_', ' ')}) "
            f"at {closed}. Nothing was changed.",
            request,
            approver,
        )
    state = request_state_of(request, await request_decisions(session, request.id))
    people = await mail_directory(session, request.approver_ids)
    mine = engine.awaiting(state, str(approver_id), people, now)
    steps = tuple(step for step in step_ids if step in mine)
    if steps:
        return Standing(None, "", request, approver, steps)
    for step in step_ids:
        decided = await step_decision(session, request.id, step)
        if decided:
            who, at = decided
            return Standing(
                "ALREADY_DECIDED",
                f"Already decided by {who} at {when(at)}. Nothing was changed.",
                request,
                approver,
            )
    return Standing(
        "NOT_YOURS",
        "This request is no longer yours to decide: the step was reassigned (escalated, or "
        "your delegation ended). Nothing was changed.",
        request,
        approver,
    )
