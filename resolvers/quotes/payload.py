"""The payload every quote mutation returns, and the one way it is built."""

from __future__ import annotations

import contextlib

import strawberry

from db.models.quotes import Quote as QuoteRow
from resolvers.mutation import Outcome
from schema.errors import UserError
from schema.types.quote import Quote


@strawberry.type(description="The quote as it is after the change, or why nothing changed.")
class QuotePayload:
    quote: Quote | None = None
    user_errors: list[UserError]


def quote_payload(info: strawberry.Info, outcome: Outcome[QuoteRow]) -> QuotePayload:
    if outcome.value is None:
        return QuotePayload(user_errors=outcome.errors)
    # The request's loaders may have cached this quote's pieces before the change.
    loaders = info.context.loaders
    for loader in (loaders.quote_by_id, loaders.revisions_by_quote_id, loaders.events_by_quote_id):
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(outcome.value.id)
    return QuotePayload(quote=Quote.from_row(outcome.value), user_errors=outcome.errors)
