"""``submitQuoteForApproval``: the approvals engine decides who must approve
(``services.approvals.submitting``); the payload is the quote's."""

from __future__ import annotations

import strawberry

from resolvers.approvals.payload import as_viewer
from resolvers.mutation import decode_id
from schema.types.quote_mutation import QuoteActionInput, QuotePayload, quote_payload
from services.approvals.submitting import submit_quote_for_approval as submit


async def submit_quote_for_approval(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    policy = info.context.config.pricing
    outcome = await as_viewer(
        info,
        lambda session, actor, now: submit(
            session, actor, now, decode_id(input.id, "Quote"), input.version, input.note, policy
        ),
    )
    return quote_payload(info, outcome)
