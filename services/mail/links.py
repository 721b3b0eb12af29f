"""Deciding with a link from an approval email.

A GET shows the deal and a form and changes nothing (mail scanners follow links); the POST
carries the signed token in its body and decides through ``decide_request``, as the approver
the email was for, for that step only. A repeated, stale or reassigned link answers why it
decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.actor import Actor
from db.models.approvals import ApprovalRequest
from db.models.users import Role
from db.queries.users import team_member_ids
from services.approvals.deciding import DecideCommand, decide_request
from services.audit import record_change
from services.link_refusal import LinkRefused
from services.mail.config import MailConfig
from services.mail.deal_view import DealView, deal_view
from services.mail.standing import Standing, standing
from services.mail.tokens import LinkClaims, read_link
from services.refusal import Code, refuse

COMMENT_MAX = 2000
STATUS = {"ALREADY_DECIDED": 409, "CLOSED": 409, "NOT_YOURS": 403, "INVALID_TOKEN": 400}


@dataclass(frozen=True, slots=True)
class LinkAnswer:
    status: int
    title: str
    message: str
    code: str | None = None
    deal: DealView | None = None
    form: bool = False
    action: str | None = None


def action_of(value: str | None) -> str | None:
    """``APPROVE`` or ``REJECT`` from a query or form value (any case), else ``None``."""
    upper = (value or "").strip().upper()
    return upper if upper in ("APPROVE", "REJECT") else None


async def approver_actor(session: AsyncSession, standing_: Standing) -> Actor:
    user = standing_.approver
    assert user is not None
    roles = frozenset(user.roles)
    team = await team_member_ids(session, user.id) if Role.MANAGER in roles else frozenset()
    return Actor(user_id=user.id, roles=roles, team_ids=team)


async def decide_steps(
    session: AsyncSession, found: Standing, kind: engine.DecisionKind, reason: str, now: datetime
) -> ApprovalRequest:
    """Approve each step of the email still awaiting the approver (a rejection: the first;
    it closes the request), through ``decide_request`` as the approver."""
    assert found.request is not None
    actor = await approver_actor(session, found)
    steps = found.steps if kind is engine.DecisionKind.APPROVE else found.steps[:1]
    request = found.request
    for step in steps:
        command = DecideCommand(found.request.id, kind, step_id=step, reason=reason)
        request = await decide_request(session, actor, now, command)
    return request


def _refused(exc: LinkRefused) -> LinkAnswer:
    return LinkAnswer(exc.status, "Link not valid", exc.message, exc.code)


async def _judge(
    session: AsyncSession, claims: LinkClaims, now: datetime, *, lock: bool
) -> Standing:
    return await standing(
        session,
        claims.email_id,
        claims.request_id,
        claims.step_ids,
        claims.approver_id,
        now,
        lock=lock,
    )


async def link_page(
    session: AsyncSession, config: MailConfig, token: str, action: str | None, now: datetime
) -> LinkAnswer:
    """What the link shows at ``now``: the deal and a confirmation form, or why not. Reads only."""
    try:
        claims = read_link(config.secret, token, now)
    except LinkRefused as exc:
        return _refused(exc)
    found = await _judge(session, claims, now, lock=False)
    deal = None
    if found.request is not None and found.approver is not None:
        deal = await deal_view(session, found.request, found.approver, claims.step_ids)
    if found.code is not None:
        return LinkAnswer(STATUS[found.code], "Nothing to decide", found.message, found.code, deal)
    chosen = action_of(action)
    title = {"APPROVE": "Approve this deal?", "REJECT": "Reject this deal?"}.get(
        chosen or "", "Decide this deal"
    )
    return LinkAnswer(
        200, title, "Confirm below; nothing is decided until you do.", None, deal, True, chosen
    )


async def decide_by_link(
    session: AsyncSession,
    config: MailConfig,
    token: str,
    action: str | None,
    comment: str,
    now: datetime,
) -> LinkAnswer:
    """Decide the link's steps as its approver; refuses (rolling back) a bad comment."""
    try:
        claims = read_link(config.secret, token, now)
    except LinkRefused as exc:
        return _refused(exc)
    chosen = action_of(action)
    if chosen is None or chosen not in claims.actions:
        return LinkAnswer(400, "Choose a decision", "Choose Approve or Reject.", "INVALID")
    text = comment.strip()
    if len(text) > COMMENT_MAX:
        raise refuse(Code.INVALID, f"The comment is longer than {COMMENT_MAX} characters.")
    if "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text):
        raise refuse(Code.INVALID, "The comment holds characters that are not text.")
    found = await _judge(session, claims, now, lock=True)
    if found.code is not None:
        return LinkAnswer(STATUS[found.code], "Nothing to decide", found.message, found.code)
    kind = engine.DecisionKind(chosen)
    request = await decide_steps(session, found, kind, text, now)
    actor = await approver_actor(session, found)
    await record_change(session, actor, "approval.decidedByEmailLink", request)
    done = "approved" if kind is engine.DecisionKind.APPROVE else "rejected"
    return LinkAnswer(200, f"You {done} it", f"Thank you: you {done} this step.", "DECIDED")
