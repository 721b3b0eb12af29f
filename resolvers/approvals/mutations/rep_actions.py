"""The rep's side of a request: ``recallApprovalRequest``, ``acceptCounterOffer``,
``declineCounterOffer``; and anyone on it may ``commentOnApprovalRequest``."""

from __future__ import annotations

import strawberry

from resolvers.approvals.payload import ApprovalRequestPayload, run_request_use_case
from resolvers.mutation import decode_id
from schema.text_limits import Comment
from services.approvals import rep_actions


@strawberry.input
class ApprovalRequestActionInput:
    id: strawberry.relay.GlobalID
    note: Comment | None = None


@strawberry.input
class CommentOnApprovalRequestInput:
    id: strawberry.relay.GlobalID
    message: Comment


def _request_id(global_id: strawberry.relay.GlobalID) -> int:
    return decode_id(global_id, "ApprovalRequest")


async def recall_approval_request(
    info: strawberry.Info, input: ApprovalRequestActionInput
) -> ApprovalRequestPayload:
    return await run_request_use_case(
        info,
        lambda session, actor, now: rep_actions.recall_approval_request(
            session, actor, now, _request_id(input.id), input.note
        ),
    )


async def accept_counter_offer(
    info: strawberry.Info, input: ApprovalRequestActionInput
) -> ApprovalRequestPayload:
    policy = info.context.config.pricing
    return await run_request_use_case(
        info,
        lambda session, actor, now: rep_actions.accept_counter_offer(
            session, actor, now, _request_id(input.id), policy
        ),
    )


async def decline_counter_offer(
    info: strawberry.Info, input: ApprovalRequestActionInput
) -> ApprovalRequestPayload:
    return await run_request_use_case(
        info,
        lambda session, actor, now: rep_actions.decline_counter_offer(
            session, actor, now, _request_id(input.id), input.note
        ),
    )


async def comment_on_approval_request(
    info: strawberry.Info, input: CommentOnApprovalRequestInput
) -> ApprovalRequestPayload:
    return await run_request_use_case(
        info,
        lambda session, actor, now: rep_actions.comment_on_approval_request(
            session, actor, now, _request_id(input.id), input.message
        ),
    )
