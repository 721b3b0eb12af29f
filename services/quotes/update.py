"""Changing a quote's content: its header (``update_quote``) and its lines (``update_quote_lines``).

Both land in the editable revision (a new one when the current is frozen) and reprice on save.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ParamSpec

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.quotes import Quote, QuoteRevision
from services.performance.slippage import record_close_date
from services.pricing.policy import PricingPolicy
from services.quotes.competitors import competitor_keys
from services.quotes.editing import QuoteRef, edit_quote
from services.quotes.lines import Discount, LineEdits, check_discount, edit_lines
from services.quotes.negotiation_options import reprice_options
from services.quotes.priced import EditedQuote, PriceChange, reprice_with_change
from services.refusal import Code, refuse
from services.rows import copy_given
from services.validation import required_text

REVISION_TEXTS = ("terms", "notes", "customer_notes")
P = ParamSpec("P")


@dataclass(frozen=True, slots=True)
class HeaderChange:
    """Fields left ``None`` stay as they are."""

    name: str | None = None
    valid_until: date | None = None
    expected_close_date: date | None = None
    terms: str | None = None
    notes: str | None = None
    customer_notes: str | None = None
    competitors: tuple[str, ...] | None = None
    """The competitors named on the deal (replaces the list; empty clears it)."""
    quote_discount: Discount | None = None
    clear_quote_discount: bool = False
    close_date_change_reason: str | None = None
    """Why the expected close date moved; required when it moves into a later fiscal quarter."""


async def edit_quote_header(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    policy: PricingPolicy,
    target: QuoteRef,
    change: HeaderChange,
) -> EditedQuote:
    """Change the header (a new quote discount reprices every line); with what the change
    did to the quote's price."""
    priced: list[PriceChange] = []

    async def apply(quote: Quote, revision: QuoteRevision) -> None:
        previous_close = quote.expected_close_date
        if change.name is not None:
            quote.name = required_text(change.name, ("input", "name"), max_length=300)
        if change.valid_until is not None:
            if change.valid_until < now.date():
                raise refuse(
                    Code.INVALID,
                    "A quote cannot be valid only in the past.",
                    ("input", "validUntil"),
                )
            quote.valid_until = change.valid_until
        if change.expected_close_date is not None:
            quote.expected_close_date = change.expected_close_date
        copy_given(revision, change, REVISION_TEXTS)
        if change.competitors is not None:
            revision.competitors = competitor_keys(change.competitors)
        if change.clear_quote_discount:
            revision.quote_discount_percent = revision.quote_discount_amount = None
        elif change.quote_discount is not None:
            percent, amount = check_discount(change.quote_discount, ("input", "quoteDiscount"))
            revision.quote_discount_percent, revision.quote_discount_amount = percent, amount
        priced.append(await reprice_with_change(session, now, policy, quote, revision))
        await reprice_options(session, now, policy, quote, revision)  # the quote discount
        reason = change.close_date_change_reason
        await record_close_date(session, actor, now, quote, previous_close, reason)

    quote = await edit_quote(session, actor, now, target, "updateQuote", apply)
    return EditedQuote(quote, priced[0])


async def edit_quote_lines(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    policy: PricingPolicy,
    target: QuoteRef,
    edits: LineEdits,
) -> EditedQuote:
    """Remove, change and add lines in one call, repriced once; a touched line without a
    price refuses it. With what the edit did to the quote's price: the lines are loaded
    once, and the old snapshot is not decoded."""
    priced: list[PriceChange] = []

    async def apply(quote: Quote, revision: QuoteRevision) -> None:
        edited = await edit_lines(session, revision, edits, policy)
        priced.append(await reprice_with_change(session, now, policy, quote, revision, edited))

    quote = await edit_quote(session, actor, now, target, "updateQuoteLines", apply)
    return EditedQuote(quote, priced[0])


def quote_only(edit: Callable[P, Awaitable[EditedQuote]]) -> Callable[P, Awaitable[Quote]]:
    """A content edit as a use case that returns the quote alone (the CLI, the demo)."""

    async def run(*args: P.args, **kwargs: P.kwargs) -> Quote:
        return (await edit(*args, **kwargs)).quote

    run.__doc__ = edit.__doc__
    return run


update_quote = quote_only(edit_quote_header)
update_quote_lines = quote_only(edit_quote_lines)
