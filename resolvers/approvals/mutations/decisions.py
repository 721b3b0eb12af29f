"""Approvers decide: ``approveApprovalRequest``, ``rejectApprovalRequest``,
``counterOfferApprovalRequest``. Each is exactly-once per seat and step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

import approvals as engine
from resolvers.approvals.payload import ApprovalRequestPayload, request_payload
from resolvers.mutation import command, key, perform
from schema.text_limits import Comment, Family, Sku
from services.approvals.deciding import DecideCommand, decide_request


def step_field() -> Any:
    return strawberry.field(default=None, description="Your step in the active level by default.")


@strawberry.input
class ApproveApprovalRequestInput:
    id: strawberry.relay.GlobalID
    step_id: Family | None = step_field()
    comment: Comment | None = None


@strawberry.input
class RejectApprovalRequestInput:
    id: strawberry.relay.GlobalID
    reason: Comment
    step_id: Family | None = step_field()


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
    step_id: Family | None = step_field()


Decidable = (
    ApproveApprovalRequestInput | RejectApprovalRequestInput | CounterOfferApprovalRequestInput
)


async def _decide(
    info: strawberry.Info,
    input: Decidable,
    kind: engine.DecisionKind,
    reason: str,
    counter_offer: engine.CounterOffer | None = None,
) -> ApprovalRequestPayload:
    """``input``'s request and step (``stepId``) decided ``kind`` by the viewer."""
    decision = command(
        DecideCommand,
        input,
        request_id=key(input.id, "ApprovalRequest"),
        kind=kind,
        reason=reason,
        counter_offer=counter_offer,
    )
    return request_payload(info, await perform(info, decide_request, decision))


async def approve_approval_request(
    info: strawberry.Info, input: ApproveApprovalRequestInput
) -> ApprovalRequestPayload:
    return await _decide(info, input, engine.DecisionKind.APPROVE, input.comment or "")


async def reject_approval_request(
    info: strawberry.Info, input: RejectApprovalRequestInput
) -> ApprovalRequestPayload:
    return await _decide(info, input, engine.DecisionKind.REJECT, input.reason.strip())


async def counter_offer_approval_request(
    info: strawberry.Info, input: CounterOfferApprovalRequestInput
) -> ApprovalRequestPayload:
    offer = engine.CounterOffer(
        lines=tuple(
            engine.LineCounter(
                line_id=line.line_key,
                discount_pct=line.discount_percent,
                net_unit_price=line.net_unit_price,
            )
            for line in input.lines
        ),
        total_discount_pct=input.total_discount_percent,
        note=input.note,
    )
    return await _decide(info, input, engine.DecisionKind.COUNTER_OFFER, input.note, offer)
