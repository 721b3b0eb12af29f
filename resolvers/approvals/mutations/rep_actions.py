"""The rep's side of a request: ``recallApprovalRequest``, ``acceptCounterOffer``,
``declineCounterOffer``; and anyone on it may ``commentOnApprovalRequest``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from db.models.approvals import ApprovalRequest
from resolvers.approvals.mutations.decisions import request_id_field
from resolvers.approvals.payload import ApprovalRequestPayload, request_payload
from resolvers.mutation import key, perform
from schema.text_limits import Comment
from services.approvals import rep_actions


@strawberry.input(
    description="The quote owner's action on their own approval request: recall it, or "
    "accept or decline its counter-offer."
)
class ApprovalRequestActionInput:
    id: strawberry.relay.GlobalID = request_id_field()
    note: Comment | None = None
    """Why, for the quote's history (recall and decline; accept ignores it). Null: a standard
    message."""


@strawberry.input(
    description="A message in a request's negotiation thread, from the rep or an approver on it."
)
class CommentOnApprovalRequestInput:
    id: strawberry.relay.GlobalID = request_id_field()
    message: Comment
    """The message text."""


async def _act(
    info: strawberry.Info,
    use_case: Callable[..., Awaitable[ApprovalRequest]],
    input: ApprovalRequestActionInput | CommentOnApprovalRequestInput,
    detail: Any,
) -> ApprovalRequestPayload:
    """``use_case`` on ``input``'s request with ``detail`` (a note, a message, the policy)."""
    outcome = await perform(info, use_case, key(input.id, "ApprovalRequest"), detail)
    return request_payload(info, outcome)


async def recall_approval_request(
    info: strawberry.Info, input: ApprovalRequestActionInput
) -> ApprovalRequestPayload:
    return await _act(info, rep_actions.recall_approval_request, input, input.note)


async def accept_counter_offer(
    info: strawberry.Info, input: ApprovalRequestActionInput
) -> ApprovalRequestPayload:
    policy = info.context.config.pricing
    return await _act(info, rep_actions.accept_counter_offer, input, policy)


async def decline_counter_offer(
    info: strawberry.Info, input: ApprovalRequestActionInput
) -> ApprovalRequestPayload:
    return await _act(info, rep_actions.decline_counter_offer, input, input.note)


async def comment_on_approval_request(
    info: strawberry.Info, input: CommentOnApprovalRequestInput
) -> ApprovalRequestPayload:
    return await _act(info, rep_actions.comment_on_approval_request, input, input.message)
