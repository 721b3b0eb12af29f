"""The rep's status moves: submit, mark sent, record the customer's answer, win or lose.

Each is its own GraphQL mutation with a small input; they share one shape
(load and lock the quote, check the version, let the status machine decide).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.models.quotes import Quote, QuoteRevision
from schema.text_limits import Reason
from resolvers.audit import audit_change
from resolvers.mutation import atomically, reject
from services.quotes.editing import quote_for_update, touch
from resolvers.quotes.payload import QuotePayload, quote_payload
from services.quotes.transitions import apply_transition
from schema.errors import ErrorCode
from schema.types.quote_mutation import QuoteActionInput


@strawberry.input
class QuoteOutcomeInput:
    id: strawberry.relay.GlobalID
    version: int
    close_date: date | None = strawberry.field(default=None, description="Today by default.")
    reason: Reason | None = None


async def _move(
    info: strawberry.Info, id: strawberry.relay.GlobalID, version: int, action: rules.Action, *, note: str | None = None, then=None  # type: ignore[no-untyped-def]
) -> QuotePayload:
    async def work(session: AsyncSession) -> Quote:
        quote = await quote_for_update(info, session, id, version)
        await apply_transition(info, session, quote, action, message=note, then=then)
        touch(quote)
        await audit_change(info, session, f"quote.{action.value.lower()}", quote)
        return quote

    return quote_payload(info, await atomically(info, work))


async def mark_quote_sent(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    def sent(quote: Quote, revision: QuoteRevision) -> None:
        now = datetime.now(UTC)
        quote.sent_at = now
        revision.sent_at = revision.sent_at or now

    return await _move(info, input.id, input.version, rules.Action.SEND, note=input.note, then=sent)


async def record_quote_acceptance(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    return await _move(info, input.id, input.version, rules.Action.ACCEPT, note=input.note)


async def record_quote_rejection(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    return await _move(info, input.id, input.version, rules.Action.REJECT, note=input.note)


def _outcome(input: QuoteOutcomeInput):  # type: ignore[no-untyped-def]
    def closed(quote: Quote, revision: QuoteRevision) -> None:
        close_date = input.close_date or datetime.now(UTC).date()
        if close_date > datetime.now(UTC).date():
            raise reject(ErrorCode.INVALID, "A deal cannot close in the future.", ["input", "closeDate"])
        quote.actual_close_date = close_date
        quote.outcome_reason = input.reason

    return closed


async def mark_quote_won(info: strawberry.Info, input: QuoteOutcomeInput) -> QuotePayload:
    return await _move(info, input.id, input.version, rules.Action.WIN, note=input.reason, then=_outcome(input))


async def mark_quote_lost(info: strawberry.Info, input: QuoteOutcomeInput) -> QuotePayload:
    return await _move(info, input.id, input.version, rules.Action.LOSE, note=input.reason, then=_outcome(input))
