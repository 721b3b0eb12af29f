"""The input and payload quote actions share, whichever domain wires them
(``markQuoteSent`` in quotes, ``submitQuoteForApproval`` in approvals)."""

from __future__ import annotations

import contextlib
from typing import Protocol

import strawberry

from db.models.quotes import Quote as QuoteRow
from schema.errors import UserError
from schema.text_limits import Comment
from schema.types.quote import Quote


@strawberry.input(description="A status change of one quote.")
class QuoteActionInput:
    id: strawberry.relay.GlobalID
    """The quote's global ID."""
    version: int
    """The quote's `version` as read; a stale one is a CONFLICT."""
    note: Comment | None = None
    """A note kept in the quote's history."""


@strawberry.type(description="The quote as it is after the change, or why nothing changed.")
class QuotePayload:
    quote: Quote | None = None
    """The quote after the change; null when nothing changed."""
    user_errors: list[UserError]
    """Why nothing changed; empty on success."""


class QuoteOutcome(Protocol):
    """A mutation's outcome (``resolvers.mutation.Outcome``): the changed quote, or the errors."""

    @property
    def value(self) -> QuoteRow | None: ...

    @property
    def errors(self) -> list[UserError]: ...


def quote_payload(info: strawberry.Info, outcome: QuoteOutcome) -> QuotePayload:
    if outcome.value is None:
        return QuotePayload(user_errors=outcome.errors)
    # The request's loaders may have cached this quote's pieces before the change.
    loaders = info.context.loaders
    for loader in (loaders.quote_by_id, loaders.revisions_by_quote_id, loaders.events_by_quote_id):
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(outcome.value.id)
    return QuotePayload(quote=Quote.from_row(outcome.value), user_errors=outcome.errors)
