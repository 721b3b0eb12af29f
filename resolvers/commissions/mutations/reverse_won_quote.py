"""``reverseWonQuote`` (FINANCE or the owner): a won deal cancelled, returned or lost after the win
(see ``services.commissions.quotes.reverse_won_quote``)."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

import commissions as engine
from db.models.commissions import CommissionCredit as CreditRow
from db.models.quotes import Quote as QuoteRow
from resolvers.mutation import (
    EditInput,
    command,
    empty_list_field,
    forget,
    key,
    later,
    payload,
    payload_with,
    perform,
    user_errors_field,
)
from schema.errors import UserError
from schema.text_limits import Reason, Sku
from schema.types.commissions import CommissionCredit
from schema.types.quote import Quote
from services.commissions.quotes import ReverseQuote
from services.numbers import positive_amount
from services.quotes.reversal import reverse_won_deal as reverse
from services.refusal import Code, Refusal, refuse


@strawberry.enum(description="Why a won deal is undone; kept on its clawback credits.")
class ReversalKindInput(enum.Enum):
    CANCELLED = strawberry.enum_value(
        "CANCELLED", description="The customer cancelled the order after the win."
    )
    RETURNED = strawberry.enum_value(
        "RETURNED", description="The customer returned what was sold (all or some lines)."
    )
    LOST_AFTER_WIN = strawberry.enum_value(
        "LOST_AFTER_WIN", description="The deal fell through after it was marked won."
    )


MAX_RETURNED_LINES = 500
"""At most this many lines are returned in part at once (a quote's line limit)."""


@strawberry.input(description="Some units of one quote line returned; the rest stays sold.")
class ReturnedUnitsInput:
    key: Sku
    """The line's `key` (from `QuoteLine.key`); at most 64 characters."""
    quantity: Decimal
    """Units returned, of the quote line's quantity (before any split): above 0 and at most
    the units not yet returned. Each returned unit claws back what a unit of the line earned
    (its quantity tier included); the piece returning a line's last units takes back exactly
    what is left of it."""


@strawberry.input(
    description="A won quote undone, at the version read: clawback credits are written in "
    "the open period of the reversal date (a closed period never changes)."
)
class ReverseWonQuoteInput(EditInput):
    kind: ReversalKindInput
    """Why the deal is undone."""
    reversal_date: date | None = None
    """When it happened; today (UTC) by default, never in the future."""
    line_keys: list[Sku] | None = None
    """A partial return: the `key`s (from `QuoteLine.key`) of the lines reversed. Null (the
    default): every line; once every line is reversed the quote becomes LOST."""
    reason: Reason | None = None
    """Kept as the quote's outcome reason when it becomes LOST; the kind by default."""
    returned_units: list[ReturnedUnitsInput] | None = strawberry.field(
        default=None,
        description="A partial-quantity return: some units of these lines, at most"
        f" {MAX_RETURNED_LINES} lines, each named once and not also in `lineKeys`. With"
        " `lineKeys` null only these lines are reversed (in part). Null (the default): none.",
    )


@payload("reverseWonQuote", "the quote and the clawbacks written")
class ReverseWonQuotePayload:
    quote: Quote | None = None
    """The quote after the reversal (LOST once every line is reversed); null when refused."""
    clawbacks: list[CommissionCredit] = empty_list_field(
        "The clawback credits this reversal wrote."
    )
    user_errors: list[UserError] = user_errors_field()


async def reverse_won_quote(
    info: strawberry.Info, input: ReverseWonQuoteInput
) -> ReverseWonQuotePayload:
    reversal = command(
        ReverseQuote,
        input,
        quote_id=key(input.id, "Quote"),
        kind=engine.ReversalKind(input.kind.value),
        line_keys=tuple(input.line_keys or ()),
        returned_units=later(_returned_units, input),
    )
    outcome = await perform(
        info,
        reverse,
        reversal,
        constraint_errors={
            "commission_period_closed": Refusal(
                Code.PERIOD_CLOSED,
                "The period of this reversal was just closed; try again.",
                ("input",),
            )
        },
    )
    return await payload_with(
        ReverseWonQuotePayload, outcome, lambda value: reversed_fields(info, value)
    )


def _returned_units(input: ReverseWonQuoteInput) -> tuple[tuple[str, Decimal], ...]:
    """The partial-quantity lines, bounded and checked (in the transaction, before the use
    case reads anything: a refusal is a userError)."""
    parts = input.returned_units or []
    field = ["input", "returnedUnits"]
    if len(parts) > MAX_RETURNED_LINES:
        raise refuse(
            Code.INVALID, f"At most {MAX_RETURNED_LINES} lines are returned in part at once.", field
        )
    seen: set[str] = set(input.line_keys or ())
    out = []
    for index, part in enumerate(parts):
        where = [*field, str(index)]
        if part.key in seen:
            raise refuse(
                Code.INVALID,
                "A line is returned whole (lineKeys) or in part, once.",
                [*where, "key"],
            )
        seen.add(part.key)
        positive_amount(part.quantity, [*where, "quantity"], what="The quantity returned")
        out.append((part.key, part.quantity))
    return tuple(out)


def reversed_fields(
    info: strawberry.Info, value: tuple[QuoteRow, list[CreditRow]]
) -> dict[str, Any]:
    quote, clawbacks = value
    loaders = info.context.loaders
    forget((loaders.quote_by_id, loaders.events_by_quote_id), quote.id)
    return {
        "quote": Quote.from_row(quote),
        "clawbacks": [CommissionCredit.from_row(row) for row in clawbacks],
    }
