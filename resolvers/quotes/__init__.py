"""Quotes: the lifecycle from draft to a document the customer accepts."""

from __future__ import annotations

import strawberry

from resolvers.fields import mutation_field, public_mutation_field
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
from schema.types.quote_mutation import QuotePayload


@strawberry.type
class QuoteMutations:
    create_quote: QuotePayload = mutation_field(
        create_quote, "Start a draft quote for one of your accounts."
    )
    update_quote: QuotePayload = mutation_field(
        update_quote, "Change the header; a sent quote gets a new revision."
    )
    update_quote_lines: QuotePayload = mutation_field(
        update_quote_lines, "Add, change and remove lines in one call."
    )
    set_quote_clauses: QuotePayload = mutation_field(
        set_quote_clauses, "Replace the quote's clauses."
    )
    mark_quote_sent: QuotePayload = mutation_field(
        mark_quote_sent, "Record that the approved quote went to the customer."
    )
    record_quote_acceptance: QuotePayload = mutation_field(
        record_quote_acceptance, "The customer accepted (told to the rep)."
    )
    record_quote_rejection: QuotePayload = mutation_field(
        record_quote_rejection, "The customer declined (told to the rep)."
    )
    mark_quote_won: QuotePayload = mutation_field(mark_quote_won, "The opportunity is won.")
    mark_quote_lost: QuotePayload = mutation_field(mark_quote_lost, "The opportunity is lost.")
    clone_quote: QuotePayload = mutation_field(clone_quote, "A new draft from any revision.")
    share_quote: ShareQuotePayload = mutation_field(share_quote, "A signed link for the customer.")
    accept_shared_quote: SharedQuotePayload = public_mutation_field(
        accept_shared_quote, "Public: the customer accepts through the link."
    )
    reject_shared_quote: SharedQuotePayload = public_mutation_field(
        reject_shared_quote, "Public: the customer declines through the link."
    )
    comment_on_shared_quote: SharedQuotePayload = public_mutation_field(
        comment_on_shared_quote, "Public: the customer leaves a comment."
    )


__all__ = ["ClauseMutations", "ClauseQueries", "QuoteMutations", "QuoteQueries"]
