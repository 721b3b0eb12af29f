"""The input and payload quote actions share, whichever domain wires them
(``markQuoteSent`` in quotes, ``submitQuoteForApproval`` in approvals)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

import strawberry

import pricing as engine
from db.models.quotes import Quote as QuoteRow
from schema.errors import UserError
from schema.money import Money
from schema.text_limits import Comment
from schema.types.pricing import PriceBreach, PricedLine
from schema.types.pricing_snapshot import priced_quote_type
from schema.types.quote import Quote


@strawberry.input(description="A status change of one quote.")
class QuoteActionInput:
    id: strawberry.relay.GlobalID
    """The quote's global ID."""
    version: int
    """The quote's `version` as read; a stale one is a CONFLICT."""
    note: Comment | None = None
    """A note kept in the quote's history."""


@strawberry.type(
    description=(
        "What an edit did to a quote's price: the new totals and only the lines whose price"
        " changed, so a phone updates its screen without reading the whole quote again."
    )
)
class QuotePriceChange:
    net_total: Money
    """The quote's new net total."""
    list_total: Money
    """The quote's new list total."""
    discount_total: Money
    """List total minus net total."""
    total_discount_percent: Decimal | None
    """The discount off list over the whole quote, in percent."""
    complete: bool
    """Whether every line has a price (a quote with unpriced lines cannot be sent)."""
    breaches: list[PriceBreach]
    """Every guardrail the quote now crosses (per line and for the quote)."""
    changed_lines: list[PricedLine]
    """The priced lines (bundle options included) whose list or net price, net amount or
    discount differs from before the edit, added lines included; the others are as they
    were."""
    removed_line_keys: list[str]
    """Keys of the priced lines the edit removed."""


def price_change_type(
    priced: engine.PricedQuote, changed: Iterable[engine.PricedLine], removed: Iterable[str]
) -> QuotePriceChange:
    """The API's price change from the engine's new result and the lines that changed."""
    shown = priced_quote_type(dataclasses.replace(priced, lines=tuple(changed)))
    totals = {name: getattr(shown, name) for name in TOTALS}
    return QuotePriceChange(
        **totals,
        breaches=shown.parts.breaches(),
        complete=priced.complete,
        changed_lines=shown.parts.lines(),
        removed_line_keys=[*removed],
    )


TOTALS = ("net_total", "list_total", "discount_total", "total_discount_percent")
"""The totals a price change shows as the whole quote's ``PricedQuote`` has them (its lists
are built by its parts, on first use)."""


@strawberry.type(description="The quote as it is after the change, or why nothing changed.")
class QuotePayload:
    quote: Quote | None = None
    """The quote after the change; null when nothing changed."""
    user_errors: list[UserError]
    """Why nothing changed; empty on success."""
    price_change: QuotePriceChange | None = None
    """From `updateQuote` and `updateQuoteLines`: the new totals and the lines whose price
    changed (ask for this instead of the quote's lines after an edit); null from other
    mutations and when nothing changed."""


class QuoteOutcome(Protocol):
    """A mutation's outcome (``resolvers.mutation.Outcome``): the changed quote, or the errors."""

    @property
    def value(self) -> QuoteRow | None: ...

    @property
    def errors(self) -> list[UserError]: ...


def quote_payload(
    info: strawberry.Info, outcome: QuoteOutcome, price_change: QuotePriceChange | None = None
) -> QuotePayload:
    if outcome.value is None:
        return QuotePayload(user_errors=outcome.errors)
    # The request's loaders may have cached this quote's pieces before the change.
    loaders = info.context.loaders
    for loader in (loaders.quote_by_id, loaders.revisions_by_quote_id, loaders.events_by_quote_id):
        with contextlib.suppress(KeyError):  # strawberry raises for a key it never cached
            loader.clear(outcome.value.id)
    return QuotePayload(
        quote=Quote.from_row(outcome.value), user_errors=outcome.errors, price_change=price_change
    )
