"""The rep's side of a request: ``recallApprovalRequest``, ``acceptCounterOffer``,
``declineCounterOffer``; and anyone on it may ``commentOnApprovalRequest``."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
import quotes as rules
from db.codec.approvals import encode
from db.models.approvals import ApprovalComment, ApprovalRequest, ApprovalRequestStatus
from db.models.quotes import Quote, QuoteStatus
from db.queries.approvals import acting_directory_for
from schema.text_limits import Comment
from resolvers.approvals.inputs import quote_facts
from resolvers.approvals.payload import ApprovalRequestPayload, request_payload
from resolvers.approvals.requests import announce, now_utc, request_for_update, request_state
from resolvers.audit import audit_change
from resolvers.mutation import atomically, reject
from services.quotes.editing import copy_revision, current_revision, record_event, revision_lines
from services.quotes.repricing import reprice
from services.quotes.transitions import apply_transition
from services.validation import required_text
from schema.errors import ErrorCode
from schema.permissions import require_viewer, viewer_of
from schema.decimals import stored_decimal

HUNDRED = Decimal(100)


@strawberry.input
class ApprovalRequestActionInput:
    id: strawberry.relay.GlobalID
    note: Comment | None = None


@strawberry.input
class CommentOnApprovalRequestInput:
    id: strawberry.relay.GlobalID
    message: Comment


async def _owned(info: strawberry.Info, session: AsyncSession, request: ApprovalRequest) -> Quote:
    quote = await session.get(Quote, request.quote_id, with_for_update=True)
    if quote is None or quote.owner_id != require_viewer(info).user_id:
        raise reject(ErrorCode.NOT_FOUND, "No ApprovalRequest with this id.", ["input", "id"])
    return quote


async def recall_approval_request(info: strawberry.Info, input: ApprovalRequestActionInput) -> ApprovalRequestPayload:
    async def work(session: AsyncSession) -> ApprovalRequest:
        request = await request_for_update(session, input.id)
        quote = await _owned(info, session, request)
        if request.status not in (ApprovalRequestStatus.PENDING, ApprovalRequestStatus.COUNTERED):
            raise reject(ErrorCode.INVALID_STATE, "Only an open request can be recalled.", ["input", "id"])
        request.status = ApprovalRequestStatus.RECALLED
        request.closed_at = now_utc()
        await apply_transition(session, viewer_of(info), now_utc(), quote, rules.Action.RECALL, message=input.note or "Recalled by the rep.")
        await announce(session, request)
        await audit_change(info, session, "recallApprovalRequest", request)
        return request

    return request_payload(info, await atomically(info, work))


def _unit_before_discount(line: dict) -> Decimal | None:  # type: ignore[type-arg]
    """A line's unit price before the rep's own discounts, from its stored waterfall."""
    given = -sum((stored_decimal(s["amount_delta"]) for s in line["steps"] if s["kind"] in ("LINE_DISCOUNT", "QUOTE_DISCOUNT")), Decimal(0))
    if line["net_amount"] is None or not line["quantity"]:
        return None
    return (stored_decimal(line["net_amount"]) + given) / stored_decimal(line["quantity"])


async def accept_counter_offer(info: strawberry.Info, input: ApprovalRequestActionInput) -> ApprovalRequestPayload:
    """The approver's proposal becomes a new, approved revision of the quote."""

    async def work(session: AsyncSession) -> ApprovalRequest:
        request = await request_for_update(session, input.id)
        quote = await _owned(info, session, request)
        state = await request_state(session, request)
        acceptance = engine.accept_counter_offer(state, str(quote.owner_id))
        if not acceptance.accepted or acceptance.targets is None:
            raise reject(ErrorCode.INVALID_STATE, "There is no counter-offer to accept.", ["input", "id"])
        old = await current_revision(session, quote)
        old.frozen_at = old.frozen_at or now_utc()
        fresh = await copy_revision(session, old, quote.id, quote.current_revision + 1)
        quote.current_revision = fresh.number
        priced = {line["key"]: line for line in old.priced.get("lines", [])}
        lines = {line.key: line for line in await revision_lines(session, fresh)}
        for target in acceptance.targets.lines:
            line = lines.get(target.line_id)
            if line is None:
                continue
            percent = target.discount_pct
            if percent is None and target.net_unit_price is not None:
                base = _unit_before_discount(priced[target.line_id])
                percent = ((1 - target.net_unit_price / base) * HUNDRED).quantize(Decimal("0.0001")) if base else None
            if percent is not None:
                line.discount_percent, line.discount_amount = max(percent, Decimal(0)), None
        if acceptance.targets.total_discount_pct is not None:
            fresh.quote_discount_percent, fresh.quote_discount_amount = acceptance.targets.total_discount_pct, None
        await session.flush()
        await reprice(info, session, quote, fresh)
        record_event(session, viewer_of(info), quote, "COUNTER_ACCEPTED", QuoteStatus.PENDING_APPROVAL, QuoteStatus.PENDING_APPROVAL)
        await apply_transition(session, viewer_of(info), now_utc(), quote, rules.Action.APPROVE, message="Counter-offer accepted.")
        request.status = ApprovalRequestStatus.COUNTER_ACCEPTED
        request.closed_at = now_utc()
        request.envelope = encode(engine.envelope_from(await quote_facts(session, quote, fresh), state.plan, now_utc()))
        await announce(session, request)
        await audit_change(info, session, "acceptCounterOffer", request)
        return request

    return request_payload(info, await atomically(info, work))


async def decline_counter_offer(info: strawberry.Info, input: ApprovalRequestActionInput) -> ApprovalRequestPayload:
    async def work(session: AsyncSession) -> ApprovalRequest:
        request = await request_for_update(session, input.id)
        quote = await _owned(info, session, request)
        if request.status is not ApprovalRequestStatus.COUNTERED:
            raise reject(ErrorCode.INVALID_STATE, "There is no counter-offer to decline.", ["input", "id"])
        request.status = ApprovalRequestStatus.COUNTER_DECLINED
        request.closed_at = now_utc()
        await apply_transition(session, viewer_of(info), now_utc(), quote, rules.Action.RECALL, message=input.note or "Counter-offer declined.")
        await announce(session, request)
        await audit_change(info, session, "declineCounterOffer", request)
        return request

    return request_payload(info, await atomically(info, work))


async def comment_on_approval_request(info: strawberry.Info, input: CommentOnApprovalRequestInput) -> ApprovalRequestPayload:
    viewer = require_viewer(info)

    async def work(session: AsyncSession) -> ApprovalRequest:
        request = await request_for_update(session, input.id)
        quote = await session.get(Quote, request.quote_id)
        # An approver, or whoever stands in for one right now (as for reading the request).
        people = await acting_directory_for(session, viewer.user_id)
        seats = frozenset(str(i) for i in request.approver_ids)
        on_it = engine.may_see(seats, str(viewer.user_id), people, now_utc())
        if quote is None or not (on_it or viewer.may_see_owner(quote.owner_id)):
            raise reject(ErrorCode.NOT_FOUND, "No ApprovalRequest with this id.", ["input", "id"])
        session.add(
            ApprovalComment(request_id=request.id, author_id=viewer.user_id, message=required_text(input.message, ["input", "message"], max_length=5000))
        )
        await announce(session, request)
        return request

    return request_payload(info, await atomically(info, work))
