"""The rep's status moves: mark sent, record the customer's answer, win or lose.

Each is its own GraphQL mutation with a small input, over one ``services.quotes.status``
use case each (the submit move lives with the approvals).
"""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.mutation import decode_id
from resolvers.quotes.payload import QuotePayload, change_quote
from schema.text_limits import Comment, Reason
from services.quotes import status


@strawberry.input
class QuoteActionInput:
    id: strawberry.relay.GlobalID
    version: int
    note: Comment | None = None


@strawberry.input
class QuoteOutcomeInput:
    id: strawberry.relay.GlobalID
    version: int
    close_date: date | None = strawberry.field(default=None, description="Today by default.")
    reason: Reason | None = None


async def mark_quote_sent(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    return await change_quote(
        info,
        lambda session, actor, now: status.mark_quote_sent(
            session, actor, now, decode_id(input.id, "Quote"), input.version, input.note
        ),
    )


async def record_quote_acceptance(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    return await change_quote(
        info,
        lambda session, actor, now: status.record_quote_acceptance(
            session, actor, now, decode_id(input.id, "Quote"), input.version, input.note
        ),
    )


async def record_quote_rejection(info: strawberry.Info, input: QuoteActionInput) -> QuotePayload:
    return await change_quote(
        info,
        lambda session, actor, now: status.record_quote_rejection(
            session, actor, now, decode_id(input.id, "Quote"), input.version, input.note
        ),
    )


async def mark_quote_won(info: strawberry.Info, input: QuoteOutcomeInput) -> QuotePayload:
    return await change_quote(
        info,
        lambda session, actor, now: status.mark_quote_won(
            session, actor, now, decode_id(input.id, "Quote"), input.version, input.close_date, input.reason
        ),
    )


async def mark_quote_lost(info: strawberry.Info, input: QuoteOutcomeInput) -> QuotePayload:
    return await change_quote(
        info,
        lambda session, actor, now: status.mark_quote_lost(
            session, actor, now, decode_id(input.id, "Quote"), input.version, input.close_date, input.reason
        ),
    )
