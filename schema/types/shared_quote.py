"""What the customer sees through a shared link: the sent revision, without cost,
margin, breaches, rule ids or internal notes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from schema.money import PERCENT_SCALE, UNIT_PRICE_SCALE, Money
from schema.rows import from_attrs, loader
from schema.scalars import CurrencyCode
from schema.types.content_tracking import SharedContentItem
from schema.types.pricing import PricedLine, PricedQuote, WaterfallStepKind
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
        rows = await loader(info, "content.shared_on_quote").load(self.quote_id)
        return [SharedContentItem.from_row(row) for row in rows]

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
