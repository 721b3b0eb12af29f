"""The approval plan of a quote that offers options: the most demanding option's.

Why the most demanding one and not each: the customer may take any option offered without
the rep coming back, so what is sent must be approved for the worst case; one request with
one plan keeps the approver's screen, the SLA and the re-approval envelope as they are for
a single-option quote. An option the customer picks later that stays within that approval
needs nothing more (re-approval sees it within the envelope); a counter-price beyond it
runs the approvals again.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Quote, QuoteRevision
from db.queries.quotes import revision_options
from services.approvals.requests import PlannedApproval, plan_for


def demand(planned: PlannedApproval) -> tuple[int, int, int]:
    """How much a plan asks: blocked first, then levels, then steps."""
    plan = planned.plan
    return (len(plan.issues), len(plan.levels), len(plan.steps))


async def plan_over_options(
    session: AsyncSession,
    quote: Quote,
    revision: QuoteRevision,
    planned: PlannedApproval,
    default_authority_percent: Decimal,
    now: datetime,
) -> PlannedApproval:
    """``planned`` (the revision's own lines), or the plan of an alternative that asks more."""
    best = planned
    for option in await revision_options(session, revision.id):
        if option.is_primary or not option.priced:
            continue
        # The revision as if the option were its lines (never added to the session).
        shadow = QuoteRevision(
            id=revision.id,
            quote_id=revision.quote_id,
            number=revision.number,
            priced=option.priced,
            non_standard=revision.non_standard,
            pricing_date=revision.pricing_date,
        )
        candidate = await plan_for(session, quote, shadow, default_authority_percent, now)
        if demand(candidate) > demand(best):
            best = candidate
    return best
