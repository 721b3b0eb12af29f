"""The payload of a quote content edit: the quote, and what the edit did to its price."""

from __future__ import annotations

import strawberry

from resolvers.mutation import Outcome
from schema.types.quote_mutation import QuotePayload, price_change_type, quote_payload
from services.quotes.priced import EditedQuote


def edited_payload(info: strawberry.Info, outcome: Outcome[EditedQuote]) -> QuotePayload:
    """``quote_payload`` with the new totals and the lines whose price changed."""
    edited = outcome.value
    if edited is None:
        return quote_payload(info, Outcome(None, outcome.errors))
    change = edited.change
    price_change = price_change_type(change.priced, change.changed, change.removed)
    return quote_payload(info, Outcome(edited.quote, outcome.errors), price_change)
