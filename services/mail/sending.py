"""What the sending jobs send: an email per row, or, to an approver who got many within the
digest window, one digest for everything that waited.

Each row is handled in a transaction of its own, locked (a second worker skips it): a row
whose step no longer awaits its recipient (decided, recalled, escalated away) becomes OBSOLETE
and nothing is sent; otherwise the message is built here, sent by the job, and the row marked
SENT in the same transaction. An SMTP failure rolls the row back to PENDING for the job's
retry. A crash between the send and the commit sends it again: the receiver sees the same
Message-ID twice, which mail clients fold into one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.models.approval_mail import ApprovalEmail, ApprovalEmailStatus
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus
from db.models.users import User
from db.queries.approval_mail import (
    held_recipients,
    lock_emails,
    lock_pending_of,
    mail_directory,
    mark,
    sent_since,
)
from db.queries.approvals import request_decisions, request_state_of
from services.mail.config import MailConfig
from services.mail.deal_view import deal_view
from services.mail.messages import (
    DigestItem,
    approval_message,
    digest_message,
    links_for,
    message_id_for,
)
from services.mail.tokens import issue_link


@dataclass(frozen=True, slots=True)
class Outgoing:
    message: EmailMessage
    recipient: str
    email_ids: tuple[int, ...]
    digest: bool


async def still_awaited(session: AsyncSession, row: ApprovalEmail, now: datetime) -> bool:
    """Whether the row's step awaits its recipient at ``now``."""
    request = await session.get(ApprovalRequest, row.request_id)
    if request is None or request.status is not ApprovalRequestStatus.PENDING:
        return False
    state = request_state_of(request, await request_decisions(session, request.id))
    people = await mail_directory(session, request.approver_ids)
    return row.step_id in engine.awaiting(state, str(row.recipient_id), people, now)


async def _item(
    session: AsyncSession,
    config: MailConfig,
    rows: list[ApprovalEmail],
    user: User,
    now: datetime,
) -> DigestItem:
    """One request's rows (the first is the anchor the link and reply token name)."""
    anchor = rows[0]
    request = await session.get(ApprovalRequest, anchor.request_id)
    assert request is not None
    steps = tuple(row.step_id for row in rows)
    token = issue_link(
        config.secret,
        request_id=anchor.request_id,
        step_ids=steps,
        approver_id=anchor.recipient_id,
        email_id=anchor.id,
        now=now,
        ttl=config.link_ttl,
    )
    return DigestItem(
        deal=await deal_view(session, request, user, steps), links=links_for(config, token)
    )


async def _live(
    session: AsyncSession, rows: list[ApprovalEmail], now: datetime
) -> list[ApprovalEmail]:
    """The rows still awaited; the others are marked OBSOLETE."""
    live: list[ApprovalEmail] = []
    dead: list[ApprovalEmail] = []
    for row in rows:
        (live if await still_awaited(session, row, now) else dead).append(row)
    if dead:
        await mark(session, [row.id for row in dead], ApprovalEmailStatus.OBSOLETE)
    return live


def _by_request(rows: list[ApprovalEmail]) -> list[list[ApprovalEmail]]:
    groups: dict[int, list[ApprovalEmail]] = {}
    for row in sorted(rows, key=lambda r: r.id):
        groups.setdefault(row.request_id, []).append(row)
    return list(groups.values())


async def email_to_send(
    session: AsyncSession, config: MailConfig, email_id: int, now: datetime
) -> Outgoing | None:
    """The message for one row and the other rows pending for its request and recipient (one
    message tells an approver of every step awaiting them), or ``None``: sent or taken
    already, obsolete, or held for the digest because its recipient got
    ``digest_threshold`` messages within the window."""
    if not await lock_emails(session, [email_id]):
        return None
    first = await session.get(ApprovalEmail, email_id)
    assert first is not None
    siblings = [
        row
        for row in await lock_pending_of(session, first.recipient_id)
        if row.request_id == first.request_id
    ]
    rows = await _live(session, siblings, now)
    if not rows:
        return None
    user = await session.get(User, first.recipient_id)
    if user is None or not user.active:
        await mark(session, [row.id for row in rows], ApprovalEmailStatus.OBSOLETE)
        return None
    recent = await sent_since(session, first.recipient_id, now - config.digest_window)
    if recent >= config.digest_threshold:
        return None  # the digest sweep sends it with the others once the window has passed
    item = await _item(session, config, rows, user, now)
    message = approval_message(config, user.email, rows[0].id, item.deal, item.links, now)
    return Outgoing(message, user.email, tuple(row.id for row in rows), digest=False)


async def digest_to_send(
    session: AsyncSession, config: MailConfig, recipient_id: int, now: datetime
) -> Outgoing | None:
    """Everything pending for the recipient in one message (one request alone goes as an
    approval email of its own)."""
    rows = await _live(session, await lock_pending_of(session, recipient_id), now)
    user = await session.get(User, recipient_id)
    if not rows or user is None or not user.active:
        if rows:
            await mark(session, [row.id for row in rows], ApprovalEmailStatus.OBSOLETE)
        return None
    groups = _by_request(rows)
    items = [await _item(session, config, group, user, now) for group in groups]
    ids = tuple(row.id for group in groups for row in group)
    if len(groups) == 1:
        anchor = groups[0][0].id
        message = approval_message(config, user.email, anchor, items[0].deal, items[0].links, now)
        return Outgoing(message, user.email, ids, digest=False)
    return Outgoing(digest_message(config, user.email, items, now), user.email, ids, digest=True)


async def mark_sent(
    session: AsyncSession, config: MailConfig, outgoing: Outgoing, now: datetime
) -> None:
    message_id = str(outgoing.message["Message-ID"])
    if not outgoing.digest:
        message_id = message_id_for(config, outgoing.email_ids[0])
    await mark(
        session,
        outgoing.email_ids,
        ApprovalEmailStatus.SENT,
        now,
        message_id,
        digest=outgoing.digest,
    )


async def held_recipients_at(session: AsyncSession, config: MailConfig, now: datetime) -> list[int]:
    """Approvers with an email that has waited the whole digest window."""
    return await held_recipients(session, now - config.digest_window)
