"""Queries for approval emails: who to tell, what is pending, what was decided, and deferring
the job that sends them in the writer's own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.models.approval_mail import ApprovalEmail, ApprovalEmailStatus
from db.models.approvals import ApprovalDecision, Delegation
from db.models.users import User
from db.queries.approvals import acting_directory

PENDING = ApprovalEmailStatus.PENDING.value
SENT = ApprovalEmailStatus.SENT.value


async def mail_directory(session: AsyncSession, seat_ids: Iterable[int]) -> engine.Directory:
    """The seats, the delegations naming them and their delegates: enough for
    ``approvals.awaited_by``."""
    ids = sorted(set(seat_ids))
    delegations = (
        (await session.scalars(select(Delegation).where(Delegation.user_id.in_(ids)))).all()
        if ids
        else []
    )
    people = set(ids) | {d.delegate_id for d in delegations}
    users = (await session.scalars(select(User).where(User.id.in_(people)))).all() if people else []
    return acting_directory(users, delegations)


async def queue_emails(
    session: AsyncSession, request_id: int, pairs: Iterable[tuple[str, int]], now: datetime
) -> list[int]:
    """A PENDING row for each (step, recipient) not told before; the ids of the new ones."""
    rows = [
        {"request_id": request_id, "step_id": step, "recipient_id": user, "queued_at": now}
        for step, user in pairs
    ]
    if not rows:
        return []
    found = await session.scalars(
        insert(ApprovalEmail)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["request_id", "step_id", "recipient_id"])
        .returning(ApprovalEmail.id)
    )
    return sorted(found.all())


async def lock_emails(session: AsyncSession, ids: Sequence[int]) -> list[ApprovalEmail]:
    """The PENDING rows among ``ids``, locked; rows another sender holds are skipped."""
    found = await session.scalars(
        select(ApprovalEmail)
        .where(ApprovalEmail.id.in_(ids), ApprovalEmail.status == PENDING)
        .order_by(ApprovalEmail.id)
        .with_for_update(skip_locked=True)
    )
    return list(found.all())


async def lock_pending_of(session: AsyncSession, recipient_id: int) -> list[ApprovalEmail]:
    found = await session.scalars(
        select(ApprovalEmail)
        .where(ApprovalEmail.recipient_id == recipient_id, ApprovalEmail.status == PENDING)
        .order_by(ApprovalEmail.id)
        .with_for_update(skip_locked=True)
    )
    return list(found.all())


async def sent_since(session: AsyncSession, recipient_id: int, since: datetime) -> int:
    """Messages (a digest counts once) sent to the recipient since ``since``."""
    count = await session.scalar(
        select(func.count(func.distinct(ApprovalEmail.message_id))).where(
            ApprovalEmail.recipient_id == recipient_id,
            ApprovalEmail.status == SENT,
            ApprovalEmail.sent_at > since,
        )
    )
    return int(count or 0)


async def held_recipients(session: AsyncSession, queued_before: datetime) -> list[int]:
    """Recipients with an email pending since before ``queued_before``."""
    found = await session.scalars(
        select(ApprovalEmail.recipient_id)
        .where(ApprovalEmail.status == PENDING, ApprovalEmail.queued_at <= queued_before)
        .distinct()
    )
    return sorted(found.all())


async def mark(
    session: AsyncSession,
    ids: Sequence[int],
    status: ApprovalEmailStatus,
    now: datetime | None = None,
    message_id: str | None = None,
    *,
    digest: bool = False,
) -> None:
    await session.execute(
        update(ApprovalEmail)
        .where(ApprovalEmail.id.in_(ids))
        .values(status=status.value, sent_at=now, message_id=message_id, digest=digest)
    )


async def step_decision(
    session: AsyncSession, request_id: int, step_id: str | None
) -> tuple[str, datetime] | None:
    """Who decided the step (or, without one, the request) last, and when."""
    query = (
        select(User.name, ApprovalDecision.decided_at)
        .join(User, User.id == ApprovalDecision.decided_by)
        .where(ApprovalDecision.request_id == request_id)
        .order_by(ApprovalDecision.decided_at.desc(), ApprovalDecision.id.desc())
        .limit(1)
    )
    if step_id is not None:
        query = query.where(ApprovalDecision.step_id == step_id)
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


async def user_by_email(session: AsyncSession, address: str) -> User | None:
    return await session.scalar(
        select(User).where(func.lower(User.email) == address.lower(), User.active.is_(True))
    )


async def submit_note(session: AsyncSession, quote_id: int, revision: int) -> str | None:
    """The rep's note when they submitted ``revision`` for approval (their justification)."""
    from db.models.quotes import QuoteEvent

    return await session.scalar(
        select(QuoteEvent.message)
        .where(
            QuoteEvent.quote_id == quote_id,
            QuoteEvent.revision == revision,
            QuoteEvent.kind == "SUBMIT",
        )
        .order_by(QuoteEvent.id.desc())
        .limit(1)
    )


async def steps_sent_with(session: AsyncSession, email: ApprovalEmail) -> list[str]:
    """The steps of the message that carried ``email`` (one message tells an approver of all
    the steps of a request awaiting them).

    The sending job stores the message id only when it commits, after the SMTP server took
    the message, so a quick answer can come before it: an email still without one stands for
    the unsent emails of its request and approver, which are what that job is sending (one
    message per request and approver). Without this a fast "yes" decided only the first step
    of two, and the approver's next answer decided the rest."""
    same_message = (
        ApprovalEmail.message_id == email.message_id
        if email.message_id is not None
        else ApprovalEmail.message_id.is_(None) & (ApprovalEmail.status == PENDING)
    )
    found = await session.scalars(
        select(ApprovalEmail.step_id)
        .where(
            ApprovalEmail.request_id == email.request_id,
            ApprovalEmail.recipient_id == email.recipient_id,
            same_message,
        )
        .order_by(ApprovalEmail.id)
    )
    steps = list(found.all())
    return steps if email.step_id in steps else [email.step_id, *steps]


async def opted_out(session: AsyncSession, user_ids: Iterable[int]) -> set[int]:
    """Those of ``user_ids`` who turned approval emails off."""
    ids = sorted(set(user_ids))
    if not ids:
        return set()
    found = await session.scalars(
        select(User.id).where(User.id.in_(ids), User.email_approvals.is_(False))
    )
    return set(found.all())
