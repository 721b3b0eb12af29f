"""``reverseWonQuote`` (FINANCE or the owner): a won deal cancelled, returned or lost after the win
(see ``services.commissions.quotes.reverse_won_quote``)."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import strawberry

import commissions as engine
from db.models.commissions import CommissionCredit as CreditRow
from db.models.quotes import Quote as QuoteRow
from resolvers.mutation import EditInput, command, forget, key, payload_with, perform
from schema.errors import UserError
from schema.text_limits import Reason, Sku
from schema.types.commissions import CommissionCredit
from schema.types.quote import Quote
from services.commissions.quotes import ReverseQuote
from services.commissions.quotes import reverse_won_quote as reverse
from services.refusal import Code, Refusal


@strawberry.enum
class ReversalKindInput(enum.Enum):
    CANCELLED = "CANCELLED"
    RETURNED = "RETURNED"
    LOST_AFTER_WIN = "LOST_AFTER_WIN"


@strawberry.input
class ReverseWonQuoteInput(EditInput):
    kind: ReversalKindInput
    reversal_date: date | None = strawberry.field(default=None, description="Today by default.")
    line_keys: list[Sku] | None = strawberry.field(
        default=None, description="A partial return: these lines only."
    )
    reason: Reason | None = None


@strawberry.type
class ReverseWonQuotePayload:
    quote: Quote | None = None
    clawbacks: list[CommissionCredit] = strawberry.field(
        default_factory=list, description="The clawback credits this reversal wrote."
    )
    user_errors: list[UserError]


async def reverse_won_quote(
    info: strawberry.Info, input: ReverseWonQuoteInput
) -> ReverseWonQuotePayload:
    reversal = command(
        ReverseQuote,
        input,
        quote_id=key(input.id, "Quote"),
        kind=engine.ReversalKind(input.kind.value),
        line_keys=tuple(input.line_keys or ()),
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
