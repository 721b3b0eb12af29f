"""Moving a quote through its status machine (the rules live in ``quotes.lifecycle``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.actor import Actor
from db.events import publish
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from services.commissions.crediting_hook import on_quote_status_changed
from services.performance.quote_facts import on_quote_moved
from services.pricing.snapshots import priced_quote_of
from services.quotes.editing import current_revision, record_event
from services.quotes.repricing import fully_priced
from services.refusal import Code, Refusal, Refused, refuse

CODE_FOR = {
    rules.Refusal.ILLEGAL_TRANSITION: Code.INVALID_STATE,
    rules.Refusal.EXPIRED: Code.EXPIRED,
    rules.Refusal.NO_LINES: Code.INVALID,
    rules.Refusal.NOT_PRICED: Code.INVALID,
}

FREEZING = (QuoteStatus.APPROVED, QuoteStatus.PENDING_APPROVAL, QuoteStatus.SENT)
"""A revision in or past one of these is what someone approved or the customer saw."""


class ExpiredOnTheWay(Refused):
    """The quote turned out to be expired: the EXPIRED status must still be saved."""

    keep_changes = True


async def apply_transition(
    session: AsyncSession,
    actor: Actor | None,
    now: datetime,
    quote: Quote,
    action: rules.Action,
    *,
    message: str | None = None,
    customer_name: str | None = None,
    then: Callable[[Quote, QuoteRevision], None] | None = None,
    needs_approval: bool = False,
) -> Quote:
    """Move ``quote`` by ``action`` or refuse; ``then`` writes what the move brings (dates).

    ``needs_approval`` only matters for SUBMIT, whose caller asked the approvals engine.
    An offer found expired on the way is saved as EXPIRED and still refused.
    """
    revision = await current_revision(session, quote)
    priced = priced_quote_of(revision)
    state = rules.QuoteState(
        status=rules.Status(quote.status.value),
        valid_until=quote.valid_until,
        has_lines=bool(priced.lines),
        fully_priced=fully_priced(priced),
        needs_approval=needs_approval,
    )
    today = now.date()
    outcome = rules.transition(state, action, today)
    already_expired = quote.status is QuoteStatus.EXPIRED
    if outcome.refusal is rules.Refusal.EXPIRED and not already_expired:
        expired = rules.transition(state, rules.Action.EXPIRE, today)
        if expired.allowed:
            previous = quote.status
            quote.status = QuoteStatus.EXPIRED
            record_event(session, actor, quote, "EXPIRED", previous, QuoteStatus.EXPIRED)
            raise ExpiredOnTheWay(Refusal(Code.EXPIRED, outcome.message, ("input", "id")))
    if outcome.refusal is not None:
        raise refuse(CODE_FOR[outcome.refusal], outcome.message, ("input", "id"))
    assert outcome.status is not None
    previous = quote.status
    quote.status = QuoteStatus(outcome.status.value)
    if quote.status in FREEZING:
        revision.frozen_at = revision.frozen_at or now
    if then is not None:
        then(quote, revision)
    await on_quote_status_changed(session, quote, previous, quote.status, now.date())
    await on_quote_moved(session, quote, previous, now)
    record_event(
        session,
        actor,
        quote,
        action.value,
        previous,
        quote.status,
        message=message,
        customer_name=customer_name,
    )
    await publish(
        session, "quote", quote_id=quote.id, owner=quote.owner_id, status=quote.status.value
    )
    return quote
