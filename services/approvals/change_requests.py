"""Accepting a customer's change request runs the approvals the new revision needs, at once.

(The revision is made by ``services.quotes.negotiation``; the approvals come after the
quotes in the services' order, so the two steps meet here, in one transaction.)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.negotiation import QuoteChangeRequest
from db.models.quotes import Quote
from services.approvals.submitting import submit_quote_for_approval
from services.pricing.policy import PricingPolicy
from services.quotes.negotiation import accept_quote_change_request


async def accept_and_submit(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    policy: PricingPolicy,
    request_id: int,
    version: int,
) -> tuple[Quote, QuoteChangeRequest]:
    """The proposal accepted into a new revision, submitted: APPROVED at once when no rule
    asks (or it stays within what was approved before), else PENDING_APPROVAL."""
    quote, request = await accept_quote_change_request(
        session, actor, now, policy, request_id, version
    )
    note = f"The customer's proposal ({request.customer_name})."
    quote = await submit_quote_for_approval(
        session, actor, now, quote.id, quote.version, note, policy
    )
    return quote, request
