"""What the customer sees through a shared link: the sent revision, without cost,
margin, breaches, rule ids or internal notes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from db.models.negotiation import QuoteChangeRequest as ChangeRequestRow
from schema.money import PERCENT_SCALE, UNIT_PRICE_SCALE, Money, money
from schema.rows import from_attrs, loader, row_objects
from schema.scalars import CurrencyCode
from schema.types.content_tracking import SharedContentItem
from schema.types.negotiation import (
    ChangeRequestStatusModel,
    QuoteChangeRequestStatus,
    QuoteClauseChange,
    current_revision_options,
)
from schema.types.pricing import PricedLine, PricedQuote, WaterfallStepKind
from schema.types.pricing_snapshot import priced_quote_type
from schema.types.quote import QuoteClause, QuoteStatus


@strawberry.type(description="A price step as the customer may see it.")
class SharedPriceStep:
    kind: WaterfallStepKind  # type: ignore[valid-type]
    """What made the step (never ROUNDING or NET, which the customer does not see)."""
    label: str
    """What the step is, as printed."""
    amount: Money
    """What the step changed on the line's amount, in minor units."""


_PER_UNIT = f"Per unit, in the quote's currency, {UNIT_PRICE_SCALE}; null when unpriced."


@strawberry.type(description="A line of the offer as the customer sees it: no cost or margin.")
class SharedQuoteLine:
    key: str
    """Identifies the line within the offer."""
    parent_key: str | None
    """The bundle line's key, for a bundle option; null for a top-level line."""
    quantity: int
    """Units offered."""
    list_unit_price: Decimal | None = strawberry.field(description=_PER_UNIT)
    discount_percent: Decimal | None = strawberry.field(
        description=f"(list − net) ÷ list, as a percentage: {PERCENT_SCALE}; null when unpriced."
    )
    net_unit_price: Decimal | None = strawberry.field(description=_PER_UNIT)
    net_amount: Money | None
    """What the customer pays for the line, in minor units; null when unpriced."""
    steps: list[SharedPriceStep]
    """How the price got from list to net."""
    product_id: strawberry.Private[int]

    @strawberry.field(description="The product's name; empty when the product is unknown.")
    async def name(self, info: strawberry.Info) -> str:
        row = await info.context.loaders.product_by_id.load(self.product_id)
        return row.name if row else ""

    @strawberry.field(description="The product's SKU; empty when the product is unknown.")
    async def sku(self, info: strawberry.Info) -> str:
        row = await info.context.loaders.product_by_id.load(self.product_id)
        return row.sku if row else ""

    @classmethod
    def from_priced(cls, line: PricedLine) -> SharedQuoteLine:
        return from_attrs(
            cls,
            line,
            steps=[
                SharedPriceStep(kind=s.kind, label=s.label, amount=s.amount_delta)
                for s in line.steps
                if s.kind.value not in ("ROUNDING", "NET")
            ],
        )


@strawberry.type(description="A comment the customer left on the offer.")
class SharedQuoteComment:
    author: str | None
    """The name the customer gave; null when none."""
    message: str
    """The comment's text."""
    at: datetime
    """When it was left."""


@strawberry.type(description="One of the options of the offer, as the customer sees it.")
class SharedQuoteOption:
    key: str
    """Pass it to `selectSharedQuoteOption` or `proposeSharedQuoteChange`."""
    name: str
    """What the option is called."""
    description: str
    """What sets it apart."""
    primary: bool
    """Whether it is the offer as first proposed (the other options are alternatives)."""
    selected: bool
    """Whether it is the option you last picked."""
    lines: list[SharedQuoteLine]
    """Its lines, in order."""
    list_total: Money
    """Sum of its lines' list amounts."""
    discount_total: Money
    """List total − net total."""
    net_total: Money
    """What you pay for this option."""


async def shared_options(
    info: strawberry.Info, quote_id: int, number: int, currency: str
) -> list[SharedQuoteOption]:
    out = []
    for option in await current_revision_options(info, quote_id, number):
        priced = option.priced
        shown = priced_quote_type(priced)
        out.append(
            from_attrs(
                SharedQuoteOption,
                option,
                lines=[SharedQuoteLine.from_priced(line) for line in shown.parts.lines()],
                list_total=money(priced.list_total.amount, currency),
                discount_total=money(priced.discount_total.amount, currency),
                net_total=money(priced.net_total.amount, currency),
            )
        )
    return out


@strawberry.type(description="A proposal you made on this offer, and the rep's answer.")
class SharedQuoteChangeRequest:
    status: QuoteChangeRequestStatus  # type: ignore[valid-type]
    """Open, accepted, declined or withdrawn."""
    option_key: str | None
    """The option you chose; null when none."""
    clause_changes: list[QuoteClauseChange]
    """The clause changes you proposed."""
    counter_price: Money | None
    """The price you offered; null when none."""
    comment: str
    """Your comment."""
    decline_reason: str | None
    """Why the rep declined; null otherwise."""
    created_at: datetime
    """When you proposed it."""

    @classmethod
    def from_row(cls, row: ChangeRequestRow, currency: str) -> SharedQuoteChangeRequest:
        counter = row.counter_price
        return from_attrs(
            cls,
            row,
            status=ChangeRequestStatusModel(row.status),
            clause_changes=[QuoteClauseChange.from_stored(c) for c in row.clause_changes],
            counter_price=None if counter is None else money(counter, currency),
        )


@strawberry.type(description="The offer as the customer sees it through a shared link.")
class SharedQuote:
    number: str
    """Human reference, e.g. Q-1042."""
    name: str
    """What the offer is called."""
    account_name: str
    """The customer's name."""
    prepared_by: str
    """The name of the rep who prepared it."""
    status: strawberry.Private[str]
    revision: int
    """The revision number shown."""
    currency: strawberry.Private[str]
    valid_until: date
    """Last day the offer can be accepted (inclusive)."""
    sent_at: datetime | None
    """When this revision was sent; null if not sent."""
    terms: str
    """Free-text terms."""
    customer_notes: str
    """Notes for the customer."""
    lines: list[SharedQuoteLine]
    """The lines, in order."""
    list_total: Money
    """Sum of the lines' list amounts."""
    discount_total: Money
    """List total − net total."""
    net_total: Money
    """What the customer pays."""
    clauses: list[QuoteClause]
    """The terms' clauses, in order."""
    comments: list[SharedQuoteComment]
    """The customer's comments so far, oldest first."""
    quote_id: strawberry.Private[int]

    @strawberry.field(
        description="Material the rep shared with the customer on this offer (live items "
        "only), first shared first."
    )
    async def shared_content(self, info: strawberry.Info) -> list[SharedContentItem]:
        return await row_objects(info, "content.shared_on_quote", self.quote_id, SharedContentItem)

    @strawberry.field(
        description="The options offered (good / better / best), in order, each with its own "
        "lines and price; an offer without alternatives has one."
    )
    async def options(self, info: strawberry.Info) -> list[SharedQuoteOption]:
        return await shared_options(info, self.quote_id, self.revision, self.currency)

    @strawberry.field(description="The key of the option you last picked; null when none.")
    async def selected_option_key(self, info: strawberry.Info) -> str | None:
        options = await shared_options(info, self.quote_id, self.revision, self.currency)
        return next((o.key for o in options if o.selected), None)

    @strawberry.field(
        description="Your proposals on this offer and the rep's answers, oldest first."
    )
    async def change_requests(self, info: strawberry.Info) -> list[SharedQuoteChangeRequest]:
        rows = await loader(info, "negotiation.change_requests_by_quote_id").load(self.quote_id)
        return [SharedQuoteChangeRequest.from_row(r, self.currency) for r in rows]

    @strawberry.field(name="currency", description="The currency of every amount.")
    def currency_code(self) -> CurrencyCode:
        return CurrencyCode(self.currency)

    @strawberry.field(
        name="status",
        description="Where the offer stands (SENT until the customer answers or it expires).",
    )
    def quote_status(self) -> QuoteStatus:  # type: ignore[valid-type]
        return QuoteStatus(self.status)

    @staticmethod
    def lines_from(pricing: PricedQuote) -> list[SharedQuoteLine]:
        return [SharedQuoteLine.from_priced(line) for line in pricing.parts.lines()]
