"""The rep's status moves: mark sent, record the customer's answer, win or lose.

Each is its own GraphQL mutation with a small input, over one ``services.quotes.status``
use case each (the submit move lives with the approvals).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

import strawberry

from db.models.quotes import Quote
from resolvers.mutation import EditInput, command, perform
from resolvers.quotes.inputs import quote_ref
from schema.text_limits import Reason
from schema.types.quote_mutation import QuoteActionInput, QuotePayload, quote_payload
from services.quotes import status
from services.quotes.status import Closing


@strawberry.input(description="The quote won or lost, with when and why.")
class QuoteOutcomeInput(EditInput):
    close_date: date | None = None
    """Today by default."""
    reason: Reason | None = None
    """Why it was won or lost, for the pipeline review."""


QuoteAction = Annotated[
    QuoteActionInput, strawberry.argument(description="The quote (`id`) at the `version` you read.")
]
"""The input of a move that needs only the quote and an optional note."""


async def _move(
    info: strawberry.Info, move: Callable[..., Awaitable[Quote]], input: object, detail: Any
) -> QuotePayload:
    return quote_payload(info, await perform(info, move, quote_ref(input), detail))


async def mark_quote_sent(
    info: strawberry.Info,
    input: QuoteAction,
) -> QuotePayload:
    return await _move(info, status.mark_quote_sent, input, input.note)


async def record_quote_acceptance(
    info: strawberry.Info,
    input: QuoteAction,
) -> QuotePayload:
    return await _move(info, status.record_quote_acceptance, input, input.note)


async def record_quote_rejection(
    info: strawberry.Info,
    input: QuoteAction,
) -> QuotePayload:
    return await _move(info, status.record_quote_rejection, input, input.note)


async def mark_quote_won(info: strawberry.Info, input: QuoteOutcomeInput) -> QuotePayload:
    """The quote (`id`, `version`) and why it was won."""
    return await _move(info, status.mark_quote_won, input, command(Closing, input))


async def mark_quote_lost(info: strawberry.Info, input: QuoteOutcomeInput) -> QuotePayload:
    """The quote (`id`, `version`) and why it was lost."""
    return await _move(info, status.mark_quote_lost, input, command(Closing, input))
