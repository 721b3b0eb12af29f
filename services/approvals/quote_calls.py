"""The quote use cases approvals drives, called in one place.

``services.quotes`` still reads the acting user and the pricing policy from a
request-shaped object (``info.context.viewer``, ``info.context.config.pricing``),
takes the quote's global ID and reads its own clock. Until it takes the actor,
``now``, the policy and an int id itself, this module hands it exactly that and
nothing more: the signatures here are already those, so when ``services.quotes``
changes, only the bodies below change (then each is one call, and may be inlined).
"""

from __future__ import annotations

import base64
from datetime import datetime
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

import pricing
import quotes as rules
from db.actor import Actor
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from services.pricing.policy import PricingPolicy
from services.quotes.editing import quote_for_update, record_event
from services.quotes.repricing import reprice
from services.quotes.transitions import apply_transition


def _caller(actor: Actor, policy: PricingPolicy | None = None) -> Any:
    """The request-shaped object ``services.quotes`` reads (``context.viewer``, ``context.config.pricing``)."""
    config = SimpleNamespace(pricing=policy or PricingPolicy())
    return SimpleNamespace(context=SimpleNamespace(viewer=actor, config=config))


async def lock_own_quote(session: AsyncSession, actor: Actor, quote_id: int, version: int | None) -> Quote:
    """The quote, locked, when ``actor`` may change it (its owner or an admin), at ``version``."""
    global_id = base64.b64encode(f"Quote:{quote_id}".encode()).decode()
    return await quote_for_update(_caller(actor), session, cast(Any, global_id), version)


async def transition(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote: Quote,
    action: rules.Action,
    *,
    message: str | None = None,
    needs_approval: bool | None = None,
) -> Quote:
    """Move the quote through its status machine as ``actor`` (refused as the quote rules say)."""
    return await apply_transition(_caller(actor), session, quote, action, message=message, needs_approval=needs_approval)


def record_quote_event(
    session: AsyncSession, actor: Actor, quote: Quote, kind: str, from_status: QuoteStatus, to_status: QuoteStatus
) -> None:
    record_event(_caller(actor), session, quote, kind, from_status, to_status)


async def reprice_revision(
    session: AsyncSession, actor: Actor, now: datetime, policy: PricingPolicy, quote: Quote, revision: QuoteRevision
) -> pricing.PricedQuote:
    return await reprice(session, now, quote, revision, policy)
