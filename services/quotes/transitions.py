"""Moving a quote through its status machine (the rules live in ``quotes.lifecycle``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.events import publish
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from services.commissions.crediting_hook import on_quote_status_changed
from resolvers.mutation import Rejected, reject
from services.quotes.editing import current_revision, record_event
from services.pricing.snapshots import priced_quote_of
from services.quotes.repricing import fully_priced
from schema.errors import ErrorCode, user_error

ERROR_FOR = {
    rules.Refusal.ILLEGAL_TRANSITION: ErrorCode.INVALID_STATE,
    rules.Refusal.EXPIRED: ErrorCode.EXPIRED,
    rules.Refusal.NO_LINES: ErrorCode.INVALID,
    rules.Refusal.NOT_PRICED: ErrorCode.INVALID,
}


class ExpiredOnTheWay(Rejected):
    """The quote turned out to be expired: the EXPIRED status must still be saved."""

    keep_changes = True


async def apply_transition(
    info: strawberry.Info | None,
    session: AsyncSession,
    quote: Quote,
    action: rules.Action,
    *,
    message: str | None = None,
    customer_name: str | None = None,
    then: Callable[[Quote, QuoteRevision], None] | None = None,
    needs_approval: bool | None = None,
) -> Quote:
    revision = await current_revision(session, quote)
    priced = priced_quote_of(revision)
    state = rules.QuoteState(
        status=rules.Status(quote.status.value),
        valid_until=quote.valid_until,
        has_lines=bool(priced.lines),
        fully_priced=fully_priced(priced),
        needs_approval=bool(needs_approval),
    )
    today = datetime.now(UTC).date()
    outcome = rules.transition(state, action, today)
    if outcome.refusal is rules.Refusal.EXPIRED and quote.status is not QuoteStatus.EXPIRED:
        expired = rules.transition(state, rules.Action.EXPIRE, today)
        if expired.allowed:
            previous = quote.status
            quote.status = QuoteStatus.EXPIRED
            record_event(info, session, quote, "EXPIRED", previous, QuoteStatus.EXPIRED)
            raise ExpiredOnTheWay(user_error(ErrorCode.EXPIRED, outcome.message, ["input", "id"]))
    if not outcome.allowed:
        raise reject(ERROR_FOR[outcome.refusal], outcome.message, ["input", "id"])  # type: ignore[index]
    assert outcome.status is not None
    previous = quote.status
    quote.status = QuoteStatus(outcome.status.value)
    if quote.status in (QuoteStatus.APPROVED, QuoteStatus.PENDING_APPROVAL, QuoteStatus.SENT):
        revision.frozen_at = revision.frozen_at or datetime.now(UTC)
    if then is not None:
        then(quote, revision)
    await on_quote_status_changed(info, session, quote, previous, quote.status)
    record_event(info, session, quote, action.value, previous, quote.status, message=message, customer_name=customer_name)
    await publish(session, "quote", quote_id=quote.id, owner=quote.owner_id, status=quote.status.value)
    return quote
