"""Approvers decide: ``approveApprovalRequest``, ``rejectApprovalRequest``,
``counterOfferApprovalRequest``. Each is exactly-once per seat and step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

import approvals as engine
from resolvers.approvals.payload import ApprovalRequestPayload, request_payload
from resolvers.mutation import command, empty_list_field, key, perform
from schema.text_limits import Comment, Family, Sku
from services.approvals.deciding import DecideCommand, decide_request


def step_field() -> Any:
    return strawberry.field(
        default=None,
        description="The `stepId` (a plain key from `ApprovalStep.stepId`, not a global ID) you "
        "decide. Null (the default): "
        "an approval covers every step awaiting you in the active level, a rejection or "
        "counter-offer the first of them.",
    )


def request_id_field() -> Any:
    return strawberry.field(
        description="The global ID of the approval request (from `ApprovalRequest.id`)."
    )


@strawberry.input(
    description="An approver's approval of their step(s) of a request; each seat decides a "
    "step once."
)
class ApproveApprovalRequestInput:
    id: strawberry.relay.GlobalID = request_id_field()
    step_id: Family | None = step_field()
    comment: Comment | None = None
    """Optional words for the rep, kept with the decision."""


@strawberry.input(description="An approver's rejection of their step of a request.")
class RejectApprovalRequestInput:
    id: strawberry.relay.GlobalID = request_id_field()
    reason: Comment
    """Why, for the rep (required; leading and trailing spaces are dropped)."""
    step_id: Family | None = step_field()


@strawberry.input(
    description="What an approver proposes for one line: exactly one of `discountPercent` "
    "and `netUnitPrice`."
)
class CounterOfferLineInput:
    line_key: Sku
    """The line's `key` (from `QuoteLine.key`) in the request's quote revision."""
    discount_percent: Decimal | None = None
    """The proposed line discount in percent, 0 to 100."""
    net_unit_price: Decimal | None = None
    """The proposed net price of one unit, in the quote's currency; not negative."""


@strawberry.input(
    description="An approver's counter-offer instead of approving: line targets, a total "
    "discount target, or both (at least one). The rep accepts it into a new revision or "
    "declines it."
)
class CounterOfferApprovalRequestInput:
    id: strawberry.relay.GlobalID = request_id_field()
    lines: list[CounterOfferLineInput] = empty_list_field(
        "Per-line proposals, each line at most once; empty by default."
    )
    total_discount_percent: Decimal | None = None
    """The proposed discount on the quote's total, in percent, 0 to 100."""
    note: Comment = ""
    """Words for the rep explaining the proposal; empty by default."""
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
