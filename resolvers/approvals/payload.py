"""The payload the request mutations return: the request as it is after the change."""

from __future__ import annotations

import strawberry

from db.models.approvals import ApprovalRequest as RequestRow
from resolvers.mutation import Outcome, forget, payload_of, user_errors_field
from schema.errors import UserError
from schema.types.approvals import ApprovalRequest


@strawberry.type(
    description="The result of a mutation on an approval request (approve, reject, "
    "counter-offer, recall, accept or decline a counter-offer, comment): the request as it "
    "stands after the change, or `userErrors` saying why nothing changed."
)
class ApprovalRequestPayload:
    approval_request: ApprovalRequest | None = None
    """The request as it stands after the change, with its decisions and thread; null when the
    mutation was refused."""
    user_errors: list[UserError] = user_errors_field()


def request_payload(info: strawberry.Info, outcome: Outcome[RequestRow]) -> ApprovalRequestPayload:
    """The request (null when refused); the request's loaders forget what the change touched."""
    request = outcome.value
    if request is not None:
        loaders = info.context.loaders
        quote_loaders = (
            loaders.quote_by_id,
            loaders.revisions_by_quote_id,
            loaders.events_by_quote_id,
        )
        forget(quote_loaders, request.quote_id)
        forget(
            (loaders.approval_decisions_by_request_id, loaders.approval_comments_by_request_id),
            request.id,
        )
    return payload_of(ApprovalRequestPayload, outcome, "approval_request", ApprovalRequest.from_row)
