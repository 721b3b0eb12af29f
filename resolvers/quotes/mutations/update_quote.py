"""``updateQuote``: header fields (name, validity, dates, terms, notes, competitors, quote
discount)."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.mutation import EditInput, clearing_field, command, perform
from resolvers.pricing.inputs import DiscountInput, discount
from resolvers.quotes.inputs import (
    CompetitorName,
    competitors_field,
    customer_notes_field,
    notes_field,
    quote_ref,
)
from resolvers.quotes.mutations.edited import edited_payload
from schema.text_limits import Comment, Document, LongName, Reason
from schema.types.quote_mutation import QuotePayload
from services.quotes import update as use_case


@strawberry.input(description="Fields left out stay as they are.")
class UpdateQuoteInput(EditInput):
    name: LongName | None = None
    """A new name."""
    valid_until: date | None = None
    """The last day the offer holds."""
    expected_close_date: date | None = None
    """The day the rep expects the deal to close."""
    close_date_change_reason: Reason | None = None
    """Why the expected close date moves: required when it moves into a later fiscal quarter
    (a slip, reported to your manager at once); kept in `Quote.closeDateHistory`."""
    terms: Document | None = None
    """The terms printed on the quote document."""
    notes: Comment | None = notes_field()
    customer_notes: Comment | None = customer_notes_field()
    competitors: list[CompetitorName] | None = competitors_field(replacing=True)
    quote_discount: DiscountInput | None = None
    """A discount on the whole quote, spread over the lines pro rata; see `clearQuoteDiscount` to
    remove it."""
    clear_quote_discount: bool = clearing_field("the quote discount", "quoteDiscount")


async def update_quote(info: strawberry.Info, input: UpdateQuoteInput) -> QuotePayload:
    """The quote (`id`, the `version` you read) and the header fields to change."""
    competitors = None if input.competitors is None else tuple(input.competitors)
    change = command(
        use_case.HeaderChange,
        input,
        quote_discount=discount(input.quote_discount),
        competitors=competitors,
    )
    outcome = await perform(
        info, use_case.edit_quote_header, info.context.config.pricing, quote_ref(input), change
    )
    return edited_payload(info, outcome)
