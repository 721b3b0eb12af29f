"""Price books and the pricing rules OPS maintains: schedules, block
prices, promotions, contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from db.actor import Actor
from db.models.price_books import ContractedPrice as ContractedPriceRow
from db.models.price_books import PriceBookEntry as EntryRow
from db.models.pricing_rules import BenefitKind as BenefitKindModel
from db.models.pricing_rules import Promotion as PromotionRow
from db.models.pricing_rules import ScheduleBasis as ScheduleBasisModel
from db.models.pricing_rules import TierMethod as TierMethodModel
from schema.connection import CountedConnection
from schema.money import Money
from schema.nodes import Visible, nodes_via
from schema.rows import FromRow, from_attrs, related, row_objects
from schema.scalars import CurrencyCode
from schema.types.account import Account
from schema.types.catalog import Product, cost_viewers

TierMethod = strawberry.enum(
    TierMethodModel,
    name="TierMethod",
    description=(
        "ALL_UNITS re-prices every unit at the reached tier; GRADUATED prices each slab at its own."
    ),
)
ScheduleBasis = strawberry.enum(ScheduleBasisModel, name="ScheduleBasis")
BenefitKind = strawberry.enum(BenefitKindModel, name="BenefitKind")


@strawberry.type(description="An effective-dated price of one product in one book.")
class PriceBookEntry(relay.Node):
    id: relay.NodeID[int]
    unit_price: Decimal = strawberry.field(
        description=(
            "In the book's currency, as stored: up to 6 decimal places, not rounded to minor units."
        )
    )
    valid_from: date
    valid_to: date | None = strawberry.field(description="Exclusive; null means open-ended.")
    product_id: strawberry.Private[int]
    floor: strawberry.Private[Decimal | None]

    product = related("product_by_id", "product_id", Product)

    @strawberry.field(
        extensions=cost_viewers(),
        description="The lowest unit price without approval; up to 6 decimal places, as stored.",
    )
    def floor_price(self) -> Decimal | None:
        return self.floor

    @classmethod
    def from_row(cls, row: EntryRow) -> PriceBookEntry:
        return from_attrs(cls, row, floor=row.floor_price)

    resolve_nodes = nodes_via("price_book_entry_by_id")


@strawberry.type(
    description="A list of prices in one currency; standard, or for a segment/region/channel."
)
class PriceBook(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    currency: CurrencyCode
    is_standard: bool
    segment: str | None
    region: str | None
    channel: str | None
    active: bool
    version: int

    @strawberry.field(description="Every entry, current and dated.")
    async def entries(self, info: strawberry.Info) -> list[PriceBookEntry]:
        return await row_objects(info, "entries_by_price_book_id", self.id, PriceBookEntry)

    resolve_nodes = nodes_via("price_book_by_id")


@strawberry.type(name="PriceBookConnection")
class PriceBookConnection(CountedConnection[PriceBook]):
    pass


@strawberry.type
class DiscountTier(FromRow):
    from_quantity: int
    to_quantity: int | None
    discount_percent: Decimal


@strawberry.type(description="Tiered discounts by quantity or by term length.")
class DiscountSchedule(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    basis: ScheduleBasis  # type: ignore[valid-type]
    method: TierMethod  # type: ignore[valid-type]
    family: str | None
    aggregate_across_quote: bool
    valid_from: date
    valid_to: date | None
    active: bool
    version: int
    product_id: strawberry.Private[int | None]

    product = related("product_by_id", "product_id", Product)

    @strawberry.field
    async def tiers(self, info: strawberry.Info) -> list[DiscountTier]:
        return await row_objects(info, "tiers_by_schedule_id", self.id, DiscountTier)

    resolve_nodes = nodes_via("discount_schedule_by_id")


@strawberry.type
class PriceBlockBand(FromRow):
    from_quantity: int
    to_quantity: int | None
    price: Decimal = strawberry.field(
        description="The flat price of the whole band, as stored: up to 6 decimal places."
    )


@strawberry.type(description="A flat price per band of quantity (e.g. 1–10 users for 1,000).")
class BlockPrice(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    currency: CurrencyCode
    valid_from: date
    valid_to: date | None
    active: bool
    version: int
    product_id: strawberry.Private[int]

    product = related("product_by_id", "product_id", Product)

    @strawberry.field
    async def bands(self, info: strawberry.Info) -> list[PriceBlockBand]:
        return await row_objects(info, "blocks_by_block_price_id", self.id, PriceBlockBand)

    resolve_nodes = nodes_via("block_price_by_id")


@strawberry.type(
    description="An effective-dated price rule: percent or amount off, stackable or exclusive."
)
class Promotion(relay.Node):
    id: relay.NodeID[int]
    name: str
    kind: BenefitKind  # type: ignore[valid-type]
    percent: Decimal | None
    amount: Money | None = strawberry.field(
        description=(
            "Off each unit, as stored: up to 6 decimal places, at least the currency's minor units."
        )
    )
    family: str | None
    segment: str | None
    priority: int = strawberry.field(
        description="Lower wins; an exclusive promotion with the best priority stands alone."
    )
    stackable: bool
    valid_from: date
    valid_to: date | None
    active: bool
    version: int
    product_id: strawberry.Private[int | None]

    product = related("product_by_id", "product_id", Product)

    @classmethod
    def from_row(cls, row: PromotionRow) -> Promotion:
        return from_attrs(
            cls,
            row,
            amount=Money.unit_price(row.amount, row.currency) if row.amount is not None else None,
        )

    resolve_nodes = nodes_via("promotion_by_id")


@strawberry.type(name="PromotionConnection")
class PromotionConnection(CountedConnection[Promotion]):
    pass


async def _contract_scope(
    info: strawberry.Info, viewer: Actor, rows: list[ContractedPriceRow]
) -> Visible:
    """A contract is visible to whoever may see its account."""
    accounts = await info.context.loaders.account_by_id.load_many([r.account_id for r in rows])
    owner_of = {a.id: a.owner_id for a in accounts if a is not None}
    return lambda viewer, row: (
        row.account_id in owner_of and viewer.may_see_owner(owner_of[row.account_id])
    )


@strawberry.type(
    description="A price agreed with one account for one product, overriding the books."
)
class ContractedPrice(relay.Node):
    id: relay.NodeID[int]
    unit_price: Money = strawberry.field(
        description="As stored: up to 6 decimal places, at least the currency's minor units."
    )
    valid_from: date
    valid_to: date | None
    product_id: strawberry.Private[int]
    account_id: strawberry.Private[int]

    product = related("product_by_id", "product_id", Product)
    account = related(
        "account_by_id", "account_id", Account, description="The account the price was agreed with."
    )

    @classmethod
    def from_row(cls, row: ContractedPriceRow) -> ContractedPrice:
        return from_attrs(cls, row, unit_price=Money.unit_price(row.unit_price, row.currency))

    resolve_nodes = nodes_via("contracted_price_by_id", scope=_contract_scope)
