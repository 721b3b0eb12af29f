"""What the customer sees through a shared link: the sent revision, without cost,
margin, breaches, rule ids or internal notes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from schema.money import Money
from schema.rows import from_attrs
from schema.types.pricing import PricedLine, PricedQuote, WaterfallStepKind
from schema.types.quote import QuoteClause


@strawberry.type(description="A price step as the customer may see it.")
class SharedPriceStep:
    kind: WaterfallStepKind  # type: ignore[valid-type]
    label: str
    amount: Money


@strawberry.type
class SharedQuoteLine:
    key: str
    parent_key: str | None
    quantity: int
    list_unit_price: Decimal | None
    discount_percent: Decimal | None
    net_unit_price: Decimal | None
    net_amount: Money | None
    steps: list[SharedPriceStep]
    product_id: strawberry.Private[int]

    @strawberry.field
    async def name(self, info: strawberry.Info) -> str:
        row = await info.context.loaders.product_by_id.load(self.product_id)
        return row.name if row else ""

    @strawberry.field
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
    message: str
    at: datetime


@strawberry.type(description="The offer as the customer sees it through a shared link.")
class SharedQuote:
    number: str
    name: str
    account_name: str
    prepared_by: str
    status: str
    revision: int
    currency: str
    valid_until: date
    sent_at: datetime | None
    terms: str
    customer_notes: str
    lines: list[SharedQuoteLine]
    list_total: Money
    discount_total: Money
    net_total: Money
    clauses: list[QuoteClause]
    comments: list[SharedQuoteComment]

    @staticmethod
    def lines_from(pricing: PricedQuote) -> list[SharedQuoteLine]:
        return [SharedQuoteLine.from_priced(line) for line in pricing.lines]
