"""``submitQuoteForApproval``: the approvals engine decides who must approve
(``services.approvals.submitting``); the payload is the quote's."""

from __future__ import annotations

import strawberry

from resolvers.mutation import key, perform
from schema.types.quote_mutation import QuoteActionInput, QuotePayload, quote_payload
from services.approvals.submitting import submit_quote_for_approval as submit


async def submit_quote_for_approval(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    policy = info.context.config.pricing
    outcome = await perform(info, submit, key(input.id, "Quote"), input.version, input.note, policy)
    return quote_payload(info, outcome)
