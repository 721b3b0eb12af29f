"""The rep's status moves after approval: mark sent, record the customer's answer, win or lose.

Each locks the quote, checks the version the rep read, lets the status machine decide
and records the move (the audit action is ``quote.<action>``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.actor import Actor
from db.models.quotes import Quote, QuoteRevision
from services.audit import record_change
from services.quotes.editing import quote_for_update, touch
from services.quotes.transitions import apply_transition
from services.refusal import Code, refuse


async def move_quote(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote_id: int,
    version: int,
    action: rules.Action,
    *,
    note: str | None = None,
    then: Callable[[Quote, QuoteRevision], None] | None = None,
) -> Quote:
    quote = await quote_for_update(session, actor, quote_id, version)
    await apply_transition(session, actor, now, quote, action, message=note, then=then)
    touch(quote)
    await record_change(session, actor, f"quote.{action.value.lower()}", quote)
    return quote


async def mark_quote_sent(
    session: AsyncSession, actor: Actor, now: datetime, quote_id: int, version: int, note: str | None = None
) -> Quote:
    """The approved quote went to the customer: its revision is what they saw."""

    def sent(quote: Quote, revision: QuoteRevision) -> None:
        quote.sent_at = now
        revision.sent_at = revision.sent_at or now

    return await move_quote(session, actor, now, quote_id, version, rules.Action.SEND, note=note, then=sent)


async def record_quote_acceptance(
    session: AsyncSession, actor: Actor, now: datetime, quote_id: int, version: int, note: str | None = None
) -> Quote:
    return await move_quote(session, actor, now, quote_id, version, rules.Action.ACCEPT, note=note)


async def record_quote_rejection(
    session: AsyncSession, actor: Actor, now: datetime, quote_id: int, version: int, note: str | None = None
) -> Quote:
    return await move_quote(session, actor, now, quote_id, version, rules.Action.REJECT, note=note)


def _closed(now: datetime, close_date: date | None, reason: str | None) -> Callable[[Quote, QuoteRevision], None]:
    def close(quote: Quote, revision: QuoteRevision) -> None:
        when = close_date or now.date()
        if when > now.date():
            raise refuse(Code.INVALID, "A deal cannot close in the future.", ("input", "closeDate"))
        quote.actual_close_date = when
        quote.outcome_reason = reason

    return close


async def mark_quote_won(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote_id: int,
    version: int,
    close_date: date | None = None,
    reason: str | None = None,
) -> Quote:
    """The opportunity is won (on ``close_date``, today by default): commissions credit it."""
    close = _closed(now, close_date, reason)
    return await move_quote(session, actor, now, quote_id, version, rules.Action.WIN, note=reason, then=close)


async def mark_quote_lost(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote_id: int,
    version: int,
    close_date: date | None = None,
    reason: str | None = None,
) -> Quote:
    close = _closed(now, close_date, reason)
    return await move_quote(session, actor, now, quote_id, version, rules.Action.LOSE, note=reason, then=close)
