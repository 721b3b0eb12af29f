"""Quotes: the lifecycle from draft to a document the customer accepts."""

from __future__ import annotations

import strawberry

from resolvers.quotes.clause_library import ClauseMutations, ClauseQueries
from resolvers.quotes.mutations.clone_quote import clone_quote
from resolvers.quotes.mutations.create_quote import create_quote
from resolvers.quotes.mutations.set_quote_clauses import set_quote_clauses
from resolvers.quotes.mutations.share_quote import ShareQuotePayload, share_quote
from resolvers.quotes.mutations.status_changes import (
    mark_quote_lost,
    mark_quote_sent,
    mark_quote_won,
    record_quote_acceptance,
    record_quote_rejection,
)
from resolvers.quotes.mutations.update_quote import update_quote
from resolvers.quotes.mutations.update_quote_lines import update_quote_lines
from resolvers.quotes.queries import QuoteQueries
from resolvers.quotes.shared import (
    SharedQuotePayload,
    accept_shared_quote,
    comment_on_shared_quote,
    reject_shared_quote,
)
from schema.permissions import signed_in
from schema.types.quote_mutation import QuotePayload


def _signed_in(resolver, description: str) -> QuotePayload:  # type: ignore[no-untyped-def]
    return strawberry.mutation(resolver=resolver, extensions=signed_in(), description=description)


@strawberry.type
class QuoteMutations:
    create_quote: QuotePayload = _signed_in(
        create_quote, "Start a draft quote for one of your accounts."
    )
    update_quote: QuotePayload = _signed_in(
        update_quote, "Change the header; a sent quote gets a new revision."
    )
    update_quote_lines: QuotePayload = _signed_in(
        update_quote_lines, "Add, change and remove lines in one call."
    )
    set_quote_clauses: QuotePayload = _signed_in(set_quote_clauses, "Replace the quote's clauses.")
    mark_quote_sent: QuotePayload = _signed_in(
        mark_quote_sent, "Record that the approved quote went to the customer."
    )
    record_quote_acceptance: QuotePayload = _signed_in(
        record_quote_acceptance, "The customer accepted (told to the rep)."
    )
    record_quote_rejection: QuotePayload = _signed_in(
        record_quote_rejection, "The customer declined (told to the rep)."
    )
    mark_quote_won: QuotePayload = _signed_in(mark_quote_won, "The opportunity is won.")
    mark_quote_lost: QuotePayload = _signed_in(mark_quote_lost, "The opportunity is lost.")
    clone_quote: QuotePayload = _signed_in(clone_quote, "A new draft from any revision.")
    share_quote: ShareQuotePayload = strawberry.mutation(
        resolver=share_quote, extensions=signed_in(), description="A signed link for the customer."
    )
    accept_shared_quote: SharedQuotePayload = strawberry.mutation(
        resolver=accept_shared_quote, description="Public: the customer accepts through the link."
    )
    reject_shared_quote: SharedQuotePayload = strawberry.mutation(
        resolver=reject_shared_quote, description="Public: the customer declines through the link."
    )
    comment_on_shared_quote: SharedQuotePayload = strawberry.mutation(
        resolver=comment_on_shared_quote, description="Public: the customer leaves a comment."
    )


__all__ = ["ClauseMutations", "ClauseQueries", "QuoteMutations", "QuoteQueries"]
