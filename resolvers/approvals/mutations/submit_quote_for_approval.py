"""``submitQuoteForApproval``: the approvals engine decides who must approve.

No rule applies (or the edit stays within what was approved before): the quote
is APPROVED at once. Otherwise a request opens with the plan, the quote waits
in PENDING_APPROVAL, and the first level's approvers see it in their inbox.
"""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.models.quotes import Quote
from resolvers.approvals.requests import open_request, plan_for
from resolvers.audit import audit_change
from resolvers.mutation import atomically, decode_id, reject
from services.quotes.editing import current_revision, quote_for_update, touch
from resolvers.quotes.mutations.status_changes import QuoteActionInput
from resolvers.quotes.payload import QuotePayload, quote_payload
from services.quotes.transitions import apply_transition
from schema.errors import ErrorCode
from schema.permissions import require_viewer


async def submit_quote_for_approval(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    viewer = require_viewer(info)

    async def work(session: AsyncSession) -> Quote:
        quote = await quote_for_update(session, viewer, decode_id(input.id, "Quote"), input.version)
        revision = await current_revision(session, quote)
        facts, plan, sla, within_envelope = await plan_for(info, session, quote, revision)
        if plan.issues:
            raise reject(
                ErrorCode.APPROVER_UNRESOLVED,
                "Nobody can approve part of this quote: " + ", ".join(code.value for code in plan.issues) + ".",
                ["input", "id"],
            )
        needed = not plan.auto_approved
        note = "Within what was approved before." if within_envelope else input.note
        await apply_transition(session, viewer, datetime.now(UTC), quote, rules.Action.SUBMIT, message=note, needs_approval=needed)
        if needed:
            await open_request(info, session, quote, facts, plan, sla, viewer.user_id)
        touch(quote)
        await audit_change(info, session, "submitQuoteForApproval", quote)
        return quote

    return quote_payload(info, await atomically(info, work))
