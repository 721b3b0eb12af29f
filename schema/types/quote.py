"""Quotes as a phone shows them: one query carries lines, prices, status, clauses and history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from db.codec.pricing import priced_quote_of
from db.models.quotes import Quote as QuoteRow
from db.models.quotes import QuoteClause as ClauseRow
from db.models.quotes import QuoteLine as LineRow
from db.models.quotes import QuoteRevision as RevisionRow
from db.models.quotes import QuoteStatus as QuoteStatusModel
from schema.connection import CountedConnection
from schema.money import Money, money
from schema.nodes import nodes_via, owned
from schema.rows import FromRow, from_attrs, related, row_objects
from schema.scalars import CurrencyCode
from schema.types.account import Account
from schema.types.catalog import Product
from schema.types.pricing import PricedLine, PricedQuote
from schema.types.pricing_snapshot import priced_quote_type
from schema.types.user import User

if TYPE_CHECKING:
    from schema.types.commissions import CommissionEstimate

QuoteStatus = strawberry.enum(QuoteStatusModel, name="QuoteStatus")


@strawberry.type(
    description="A clause of the quote's terms, from the library or written for this quote."
)
class QuoteClause:
    title: str
    body: str
    from_library: bool
    edited: bool

    @classmethod
    def from_row(cls, row: ClauseRow) -> QuoteClause:
        return from_attrs(cls, row, from_library=row.clause_version_id is not None)


@strawberry.type(
    description="A line as the rep entered it, with its price from the revision's pricing."
)
class QuoteLine:
    id: strawberry.ID
    key: str
    quantity: int
    discount_percent: Decimal | None
    discount_amount: Decimal | None
    term_months: int | None
    configuration: strawberry.scalars.JSON | None
    priced: PricedLine | None = strawberry.field(
        description="This line's waterfall, or null when unpriced."
    )
    children: list[PricedLine] = strawberry.field(
        description="Bundle options priced as child lines."
    )
    product_id: strawberry.Private[int]

    product = related("product_by_id", "product_id", Product)


@strawberry.type(
    description="Something that happened to the quote: a status change or a customer comment."
)
class QuoteEvent(FromRow):
    kind: str
    revision: int
    from_status: str | None
    to_status: str | None
    customer_name: str | None
    message: str | None
    at: datetime
    actor_id: strawberry.Private[int | None]

    actor = related("user_by_id", "actor_id", User)


@strawberry.type(description="One version of a quote's content; frozen once approved or sent.")
class QuoteRevision:
    number: int
    terms: str
    customer_notes: str
    non_standard: bool = strawberry.field(
        description="A standard clause removed or edited, or one added."
    )
    pricing_date: date
    created_at: datetime
    frozen_at: datetime | None
    sent_at: datetime | None
    pricing: PricedQuote
    revision_id: strawberry.Private[int]
    internal_notes: strawberry.Private[str]

    @strawberry.field(description="Internal notes: never shown to the customer.")
    def notes(self) -> str:
        return self.internal_notes

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        rows = await info.context.loaders.lines_by_revision_id.load(self.revision_id)
        return [quote_line(row, self.pricing) for row in rows]

    @strawberry.field
    async def clauses(self, info: strawberry.Info) -> list[QuoteClause]:
        return await row_objects(info, "clauses_by_revision_id", self.revision_id, QuoteClause)

    @classmethod
    def from_row(cls, row: RevisionRow) -> QuoteRevision:
        return from_attrs(
            cls,
            row,
            pricing=priced_quote_type(priced_quote_of(row)),
            revision_id=row.id,
            internal_notes=row.notes,
        )


def quote_line(row: LineRow, pricing: PricedQuote) -> QuoteLine:
    priced = next((line for line in pricing.lines if line.key == row.key), None)
    return from_attrs(
        QuoteLine,
        row,
        id=strawberry.ID(relay.to_base64("QuoteLine", row.id)),
        priced=priced,
        children=[line for line in pricing.lines if line.parent_key == row.key],
    )


@strawberry.type(
    description="A quote: an offer to one account, in one currency, with its revisions."
)
class Quote(relay.Node):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="Human reference, e.g. Q-1042.")
    name: str
    status: QuoteStatus  # type: ignore[valid-type]
    currency: CurrencyCode
    valid_until: date
    expected_close_date: date | None
    actual_close_date: date | None
    outcome_reason: str | None
    net_total: Money
    version: int = strawberry.field(
        description="Send back on every edit; a stale one is a CONFLICT."
    )
    revision_number: int = strawberry.field(description="The current revision.")
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    account_id: strawberry.Private[int]
    owner_id: strawberry.Private[int]

    account = related("account_by_id", "account_id", Account)

    owner = related("user_by_id", "owner_id", User)

    @strawberry.field(description="The current revision: lines, pricing, clauses.")
    async def revision(self, info: strawberry.Info) -> QuoteRevision:
        rows = await info.context.loaders.revisions_by_quote_id.load(self.id)
        return QuoteRevision.from_row(next(r for r in rows if r.number == self.revision_number))

    @strawberry.field(description="Every revision, newest first; earlier ones stay readable.")
    async def revisions(self, info: strawberry.Info) -> list[QuoteRevision]:
        rows = await info.context.loaders.revisions_by_quote_id.load(self.id)
        return [QuoteRevision.from_row(r) for r in sorted(rows, key=lambda r: -r.number)]

    @strawberry.field(description="Shortcut to the current revision's lines.")
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        return await (await self.revision(info)).lines(info)

    @strawberry.field(description="Shortcut to the current revision's priced result.")
    async def pricing(self, info: strawberry.Info) -> PricedQuote:
        return (await self.revision(info)).pricing

    @strawberry.field(description="Status changes and customer comments, oldest first.")
    async def history(self, info: strawberry.Info) -> list[QuoteEvent]:
        return await row_objects(info, "events_by_quote_id", self.id, QuoteEvent)

    @strawberry.field(
        description="What this deal would pay its owner if won (on `closeDate`, today by default), "
        "given the period to date; the lines explain every amount."
    )
    async def commission_estimate(
        self, info: strawberry.Info, close_date: date | None = None
    ) -> Annotated[CommissionEstimate, strawberry.lazy("schema.types.commissions")] | None:
        return await info.context.loaders.commissions.estimate_by_quote.load((self.id, close_date))

    @classmethod
    def from_row(cls, row: QuoteRow) -> Quote:
        return from_attrs(
            cls,
            row,
            number=f"Q-{row.number}",
            net_total=money(row.net_total, row.currency),
            revision_number=row.current_revision,
        )

    resolve_nodes = nodes_via("quote_by_id", owned)


@strawberry.type(name="QuoteConnection")
class QuoteConnection(CountedConnection[Quote]):
    pass
