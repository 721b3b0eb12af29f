"""The rep's status moves after approval: mark sent, record the customer's answer, win or lose.

Each locks the quote, checks the version the rep read, lets the status machine decide
and records the move (the audit action is ``quote.<action>``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.actor import Actor
from db.models.quotes import Quote, QuoteRevision
from services.audit import record_change
from services.quotes.editing import QuoteRef, quote_for_update, touch
from services.quotes.transitions import apply_transition
from services.refusal import Code, refuse

Then = Callable[[Quote, QuoteRevision], None]


@dataclass(frozen=True, slots=True)
class Closing:
    """How the deal ended: on ``close_date`` (today by default), for ``reason``."""

    close_date: date | None = None
    reason: str | None = None


async def move_quote(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    target: QuoteRef,
    action: rules.Action,
    note: str | None,
    then: Then | None = None,
) -> Quote:
    """Lock and check the quote, apply ``action`` (``then`` writes what it brings), audit it."""
    quote = await quote_for_update(session, actor, target.quote_id, target.version)
    await apply_transition(session, actor, now, quote, action, message=note, then=then)
    touch(quote)
    await record_change(session, actor, f"quote.{action.value.lower()}", quote)
    return quote


async def mark_quote_sent(
    session: AsyncSession, actor: Actor, now: datetime, target: QuoteRef, note: str | None
) -> Quote:
    """The approved quote went to the customer: its revision is what they saw."""

    def sent(quote: Quote, revision: QuoteRevision) -> None:
        quote.sent_at = now
        revision.sent_at = revision.sent_at or now

    return await move_quote(session, actor, now, target, rules.Action.SEND, note, sent)


async def record_quote_acceptance(
    session: AsyncSession, actor: Actor, now: datetime, target: QuoteRef, note: str | None
) -> Quote:
    return await move_quote(session, actor, now, target, rules.Action.ACCEPT, note)


async def record_quote_rejection(
    session: AsyncSession, actor: Actor, now: datetime, target: QuoteRef, note: str | None
) -> Quote:
    return await move_quote(session, actor, now, target, rules.Action.REJECT, note)


def _closed(now: datetime, closing: Closing) -> Then:
    def close(quote: Quote, revision: QuoteRevision) -> None:
        when = closing.close_date or now.date()
        if when > now.date():
            raise refuse(Code.INVALID, "A deal cannot close in the future.", ("input", "closeDate"))
        quote.actual_close_date = when
        quote.outcome_reason = closing.reason

    return close


async def mark_quote_won(
    session: AsyncSession, actor: Actor, now: datetime, target: QuoteRef, closing: Closing
) -> Quote:
    """The opportunity is won: commissions credit it (as of its close date)."""
    then = _closed(now, closing)
    return await move_quote(session, actor, now, target, rules.Action.WIN, closing.reason, then)


async def mark_quote_lost(
    session: AsyncSession, actor: Actor, now: datetime, target: QuoteRef, closing: Closing
) -> Quote:
    then = _closed(now, closing)
    return await move_quote(session, actor, now, target, rules.Action.LOSE, closing.reason, then)
