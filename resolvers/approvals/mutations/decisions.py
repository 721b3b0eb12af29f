"""Approvers decide: ``approveApprovalRequest``, ``rejectApprovalRequest``,
``counterOfferApprovalRequest``. Each is exactly-once per seat and step."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.models.approvals import ApprovalRequest
from schema.text_limits import Comment, Family, Sku
from resolvers.approvals.deciding import decide_request
from resolvers.approvals.payload import ApprovalRequestPayload, request_payload
from resolvers.mutation import atomically


@strawberry.input
class ApproveApprovalRequestInput:
    id: strawberry.relay.GlobalID
    step_id: Family | None = strawberry.field(default=None, description="Your step in the active level by default.")
    comment: Comment | None = None


@strawberry.input
class RejectApprovalRequestInput:
    id: strawberry.relay.GlobalID
    reason: Comment
    step_id: Family | None = None


@strawberry.input
class CounterOfferLineInput:
    line_key: Sku
    discount_percent: Decimal | None = None
    net_unit_price: Decimal | None = None


@strawberry.input
class CounterOfferApprovalRequestInput:
    id: strawberry.relay.GlobalID
    lines: list[CounterOfferLineInput] = strawberry.field(default_factory=list)
    total_discount_percent: Decimal | None = None
    note: Comment = ""
    step_id: Family | None = None


async def approve_approval_request(info: strawberry.Info, input: ApproveApprovalRequestInput) -> ApprovalRequestPayload:
    async def work(session: AsyncSession) -> ApprovalRequest:
        return await decide_request(info, session, input.id, engine.DecisionKind.APPROVE, step_id=input.step_id, reason=input.comment or "")

    return request_payload(info, await atomically(info, work))


async def reject_approval_request(info: strawberry.Info, input: RejectApprovalRequestInput) -> ApprovalRequestPayload:
    async def work(session: AsyncSession) -> ApprovalRequest:
        return await decide_request(info, session, input.id, engine.DecisionKind.REJECT, step_id=input.step_id, reason=input.reason.strip())

    return request_payload(info, await atomically(info, work))


async def counter_offer_approval_request(
    info: strawberry.Info, input: CounterOfferApprovalRequestInput
) -> ApprovalRequestPayload:
    offer = engine.CounterOffer(
        lines=tuple(
            engine.LineCounter(line_id=l.line_key, discount_pct=l.discount_percent, net_unit_price=l.net_unit_price)
            for l in input.lines
        ),
        total_discount_pct=input.total_discount_percent,
        note=input.note,
    )

    async def work(session: AsyncSession) -> ApprovalRequest:
        return await decide_request(
            info, session, input.id, engine.DecisionKind.COUNTER_OFFER, step_id=input.step_id, reason=input.note, counter_offer=offer
        )

    return request_payload(info, await atomically(info, work))
