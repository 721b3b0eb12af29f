"""Who is told by email that a request awaits them, written where the request changes.

``tell_approvers`` runs inside the transaction that submits, decides, escalates or delegates:
it writes one ``approval_emails`` row for each (step, approver) newly awaited and defers the
job that sends them in the same transaction (procrastinate's SQL function on this
connection). A rolled-back decision therefore sends nothing, a committed one is never
forgotten, and the SMTP server is never reached while the mutation runs: it can be down or
slow and the approval is not.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus
from db.queries.approval_mail import mail_directory, opted_out, queue_emails
from db.queries.approvals import request_decisions, request_state_of, requests_awaiting
from db.queries.outbox import defer_job

SEND_TASK = "send_approval_emails"
"""The job that sends the rows it is given (``server.jobs.mail``)."""
TELL_STAND_INS_TASK = "tell_stand_ins"
"""The job that tells a delegate, once their delegation starts, what awaits them."""
QUEUE = "deliveries"
"""``server.jobs.delivery.DELIVERY_QUEUE`` (a test checks they agree)."""


async def tell_approvers(session: AsyncSession, request: ApprovalRequest, now: datetime) -> int:
    """Queue an email for everyone a step of ``request`` awaits at ``now`` who was not told
    about that step before (and did not turn approval emails off); the number queued."""
    if request.status is not ApprovalRequestStatus.PENDING:
        return 0
    state = request_state_of(request, await request_decisions(session, request.id))
    people = await mail_directory(session, request.approver_ids)
    pairs = [(step, int(user)) for step, user in engine.awaited_by(state, people, now)]
    off = await opted_out(session, [user for _, user in pairs])
    pairs = [(step, user) for step, user in pairs if user not in off]
    ids = await queue_emails(session, request.id, pairs, now)
    if ids:
        await defer_job(session, QUEUE, SEND_TASK, {"email_ids": ids})
    return len(ids)


async def tell_stand_ins(
    session: AsyncSession, seat_user_id: int, starts_at: datetime, now: datetime
) -> int:
    """A delegation of ``seat_user_id``'s seats: the delegate is told of the pending requests
    now when it is in force, or by a job when it starts."""
    if starts_at > now:
        await defer_job(
            session, QUEUE, TELL_STAND_INS_TASK, {"seat_user_id": seat_user_id}, starts_at
        )
        return 0
    return await tell_seat_approvers(session, seat_user_id, now)


async def tell_seat_approvers(session: AsyncSession, seat_user_id: int, now: datetime) -> int:
    """``tell_approvers`` for every pending request with a seat of ``seat_user_id``."""
    requests = (await session.scalars(requests_awaiting([seat_user_id]))).all()
    told = 0
    for request in requests:
        told += await tell_approvers(session, request, now)
    return told
