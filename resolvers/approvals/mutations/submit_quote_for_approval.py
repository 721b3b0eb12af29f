"""``submitQuoteForApproval``: the approvals engine decides who must approve
(``services.approvals.submitting``); the payload is the quote's."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from resolvers.mutation import atomically, decode_id
from schema.permissions import require_viewer
from schema.types.quote_mutation import QuoteActionInput, QuotePayload, quote_payload
from services.approvals.submitting import submit_quote_for_approval as submit


async def submit_quote_for_approval(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    actor, now, policy = require_viewer(info), datetime.now(UTC), info.context.config.pricing
    outcome = await atomically(
        info,
        lambda session: submit(session, actor, now, decode_id(input.id, "Quote"), input.version, input.note, policy),
    )
    return quote_payload(info, outcome)
