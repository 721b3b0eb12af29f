"""The quote use cases approvals drives, called in one place (so the approvals services
depend on a small, named part of ``services.quotes``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import pricing
import quotes as rules
from db.actor import Actor
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from services.pricing.policy import PricingPolicy
from services.quotes.editing import quote_for_update, record_event
from services.quotes.repricing import reprice
from services.quotes.transitions import apply_transition


async def lock_own_quote(session: AsyncSession, actor: Actor, quote_id: int, version: int | None) -> Quote:
    """The quote, locked, when ``actor`` may change it (its owner or an admin), at ``version``."""
    return await quote_for_update(session, actor, quote_id, version)


async def transition(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote: Quote,
    action: rules.Action,
    *,
    message: str | None = None,
    needs_approval: bool = False,
) -> Quote:
    """Move the quote through its status machine as ``actor`` (refused as the quote rules say)."""
    return await apply_transition(session, actor, now, quote, action, message=message, needs_approval=needs_approval)


def record_quote_event(
    session: AsyncSession, actor: Actor, quote: Quote, kind: str, from_status: QuoteStatus, to_status: QuoteStatus
) -> None:
    record_event(session, actor, quote, kind, from_status, to_status)


async def reprice_revision(
    session: AsyncSession, actor: Actor, now: datetime, policy: PricingPolicy, quote: Quote, revision: QuoteRevision
) -> pricing.PricedQuote:
    return await reprice(session, now, quote, revision, policy)
