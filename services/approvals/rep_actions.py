"""The rep's side of a request: recall it, accept or decline a counter-offer; and
anyone on the request may comment on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
import quotes as rules
from db.actor import Actor
from db.codec.approvals import encode_object
from db.models.approvals import ApprovalComment, ApprovalRequest, ApprovalRequestStatus
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from db.queries.approvals import acting_directory_for
from services.approvals.facts import HUNDRED, priced_lines, quote_facts, unit_before_discount
from services.approvals.quote_calls import record_quote_event, reprice_revision, transition
from services.approvals.requests import announce, close, lock_request, request_state
from services.audit import record_change
from services.pricing.policy import PricingPolicy
from services.quotes.editing import copy_revision, current_revision, revision_lines
from services.refusal import Code, Refused, refuse
from services.validation import required_text

OPEN = (ApprovalRequestStatus.PENDING, ApprovalRequestStatus.COUNTERED)


def _no_such_request() -> Refused:
    return refuse(Code.NOT_FOUND, "No ApprovalRequest with this id.", ("input", "id"))


async def _own_request(
    session: AsyncSession, actor: Actor, request_id: int
) -> tuple[ApprovalRequest, Quote]:
    """The request and its quote, both locked, when the actor owns the quote; else NOT_FOUND."""
    request = await lock_request(session, request_id)
    quote = await session.get(Quote, request.quote_id, with_for_update=True)
    if quote is None or quote.owner_id != actor.user_id:
        raise _no_such_request()
    return request, quote


@dataclass(frozen=True, slots=True)
class _RepClose:
    """A way the rep closes their own request: the audited ``action``, the statuses it
    closes from (else INVALID_STATE with ``refusal``), the status it closes at, the
    quote event's message when the rep leaves no note."""

    action: str
    closable: tuple[ApprovalRequestStatus, ...]
    refusal: str
    status: ApprovalRequestStatus
    default_note: str


RECALL = _RepClose(
    "recallApprovalRequest",
    OPEN,
    "Only an open request can be recalled.",
    ApprovalRequestStatus.RECALLED,
    "Recalled by the rep.",
)
DECLINE = _RepClose(
    "declineCounterOffer",
    (ApprovalRequestStatus.COUNTERED,),
    "There is no counter-offer to decline.",
    ApprovalRequestStatus.COUNTER_DECLINED,
    "Counter-offer declined.",
)


async def _closed_by_rep(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    request_id: int,
    how: _RepClose,
    note: str | None,
) -> ApprovalRequest:
    """The rep closes their own request; the quote returns to where it was before submitting."""
    request, quote = await _own_request(session, actor, request_id)
    if request.status not in how.closable:
        raise refuse(Code.INVALID_STATE, how.refusal, ("input", "id"))
    close(request, how.status, now)
    message = note or how.default_note
    await transition(session, actor, now, quote, rules.Action.RECALL, message=message)
    await announce(session, request)
    await record_change(session, actor, how.action, request)
    return request


async def recall_approval_request(
    session: AsyncSession, actor: Actor, now: datetime, request_id: int, note: str | None
) -> ApprovalRequest:
    """The rep takes an open request back; the quote returns to where it was before submitting."""
    return await _closed_by_rep(session, actor, now, request_id, RECALL, note)


async def decline_counter_offer(
    session: AsyncSession, actor: Actor, now: datetime, request_id: int, note: str | None
) -> ApprovalRequest:
    """The rep says no to the approver's proposal; the request closes."""
    return await _closed_by_rep(session, actor, now, request_id, DECLINE, note)


async def _apply_targets(
    session: AsyncSession, targets: engine.DiscountTargets, old: QuoteRevision, fresh: QuoteRevision
) -> None:
    """Write the counter-offer's discounts onto the new revision's lines and header."""
    priced = priced_lines(old)
    lines = {line.key: line for line in await revision_lines(session, fresh)}
    for target in targets.lines:
        line = lines.get(target.line_id)
        if line is None:
            continue
        percent = target.discount_pct
        if percent is None and target.net_unit_price is not None:
            base = unit_before_discount(priced[target.line_id])
            percent = (
                ((1 - target.net_unit_price / base) * HUNDRED).quantize(Decimal("0.0001"))
                if base
                else None
            )
        if percent is not None:
            line.discount_percent, line.discount_amount = max(percent, Decimal(0)), None
    if targets.total_discount_pct is not None:
        fresh.quote_discount_percent, fresh.quote_discount_amount = targets.total_discount_pct, None


async def accept_counter_offer(
    session: AsyncSession, actor: Actor, now: datetime, request_id: int, policy: PricingPolicy
) -> ApprovalRequest:
    """The approver's proposal becomes a new, approved revision of the quote."""
    request, quote = await _own_request(session, actor, request_id)
    state = await request_state(session, request)
    acceptance = engine.accept_counter_offer(state, str(quote.owner_id))
    if not acceptance.accepted or acceptance.targets is None:
        raise refuse(Code.INVALID_STATE, "There is no counter-offer to accept.", ("input", "id"))
    old = await current_revision(session, quote)
    old.frozen_at = old.frozen_at or now
    fresh = await copy_revision(session, old, quote.id, quote.current_revision + 1)
    quote.current_revision = fresh.number
    await _apply_targets(session, acceptance.targets, old, fresh)
    await session.flush()
    await reprice_revision(session, actor, now, policy, quote, fresh)
    record_quote_event(
        session,
        actor,
        quote,
        "COUNTER_ACCEPTED",
        QuoteStatus.PENDING_APPROVAL,
        QuoteStatus.PENDING_APPROVAL,
    )
    await transition(
        session, actor, now, quote, rules.Action.APPROVE, message="Counter-offer accepted."
    )
    close(request, ApprovalRequestStatus.COUNTER_ACCEPTED, now)
    request.envelope = encode_object(
        engine.envelope_from(await quote_facts(session, quote, fresh), state.plan, now)
    )
    await announce(session, request)
    await record_change(session, actor, "acceptCounterOffer", request)
    return request


async def comment_on_approval_request(
    session: AsyncSession, actor: Actor, now: datetime, request_id: int, message: str
) -> ApprovalRequest:
    """Add to the negotiation thread: its approvers (or whoever stands in for one at ``now``),
    and those who may see the quote's owner."""
    request = await lock_request(session, request_id)
    quote = await session.get(Quote, request.quote_id)
    people = await acting_directory_for(session, actor.user_id)
    seats = frozenset(str(i) for i in request.approver_ids)
    on_it = engine.may_see(seats, str(actor.user_id), people, now)
    if quote is None or not (on_it or actor.may_see_owner(quote.owner_id)):
        raise _no_such_request()
    text = required_text(message, ["input", "message"], max_length=5000)
    session.add(ApprovalComment(request_id=request.id, author_id=actor.user_id, message=text))
    await announce(session, request)
    return request
