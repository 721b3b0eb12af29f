"""What submitting a quote would ask for, before the rep submits (a read)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.quotes import Quote
from services.approvals.requests import PlannedApproval, plan_for
from services.pricing.policy import PricingPolicy
from services.quotes.editing import current_revision
from services.rows import visible_or_refuse


async def preview_approval_plan(
    session: AsyncSession, actor: Actor, now: datetime, quote_id: int, policy: PricingPolicy
) -> PlannedApproval:
    """The plan a submit of the quote's current revision would run at ``now``.

    Anyone who may see the quote's owner may ask; otherwise NOT_FOUND.
    """
    quote = await visible_or_refuse(session, actor, Quote, quote_id, name="quote", field=())
    revision = await current_revision(session, quote)
    return await plan_for(session, quote, revision, policy.default_discount_authority_percent, now)
