"""``submitQuoteForApproval``: the approvals engine decides who must approve.

No rule applies (or the edit stays within what was approved before): the quote
is APPROVED at once. Otherwise a request opens with the plan, the quote waits
in PENDING_APPROVAL, and the first level's approvers see it in their inbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.actor import Actor
from db.models.quotes import Quote
from services.approvals.options import plan_over_options
from services.approvals.quote_calls import lock_own_quote, transition
from services.approvals.requests import open_request, plan_for
from services.audit import record_change
from services.pricing.policy import PricingPolicy
from services.quotes.editing import current_revision, touch
from services.refusal import Code, refuse


async def submit_quote_for_approval(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote_id: int,
    version: int,
    note: str | None,
    policy: PricingPolicy,
) -> Quote:
    """Submit the actor's quote at ``version``: approved at once, or pending a new request."""
    quote = await lock_own_quote(session, actor, quote_id, version)
    revision = await current_revision(session, quote)
    authority = policy.default_discount_authority_percent
    planned = await plan_for(session, quote, revision, authority, now)
    planned = await plan_over_options(session, quote, revision, planned, authority, now)
    plan = planned.plan
    if plan.issues:
        raise refuse(
            Code.APPROVER_UNRESOLVED,
            "Nobody can approve part of this quote: "
            + ", ".join(code.value for code in plan.issues)
            + ".",
            ("input", "id"),
        )
    needed = not plan.auto_approved
    message = "Within what was approved before." if planned.within_earlier_approval else note
    await transition(
        session, actor, now, quote, rules.Action.SUBMIT, message=message, needs_approval=needed
    )
    if needed:
        await open_request(session, quote, planned, actor.user_id, now)
    touch(quote)
    await record_change(session, actor, "submitQuoteForApproval", quote)
    return quote
