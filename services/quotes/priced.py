"""The one place the quote use cases reprice a revision on save."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import pricing as engine
from db.models.quotes import Quote, QuoteRevision
from services.pricing.policy import PricingPolicy
from services.quotes.repricing import refuse_unpriceable, reprice


async def reprice_revision(
    session: AsyncSession,
    now: datetime,
    policy: PricingPolicy,
    quote: Quote,
    revision: QuoteRevision,
    touched: Mapping[str, Sequence[str]] | None = None,
) -> engine.PricedQuote:
    """Price ``revision`` as of ``now`` under ``policy`` and store the result.

    With ``touched`` (line key → input path of the lines this save added or changed),
    refuse when one of them has no price."""
    await session.flush()
    result = await reprice(session, now, quote, revision, policy)
    if touched is not None:
        refuse_unpriceable(result, touched)
    return result
