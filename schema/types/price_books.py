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
from db.models.pricing_rules import DiscountTier as TierRow
from db.models.pricing_rules import Promotion as PromotionRow
from db.models.pricing_rules import ScheduleBasis as ScheduleBasisModel
from db.models.pricing_rules import TierMethod as TierMethodModel
from schema.connection import CountedConnection
from schema.decimals import written_percent
from schema.enums import described_enum
from schema.money import UNIT_PRICE_SCALE, WRITTEN_PERCENT_SCALE, Money, unit_precision
from schema.nodes import Visible, nodes_via
from schema.rows import FromRow, from_attrs, related, required, row_objects
from schema.scalars import CurrencyCode
from schema.types.account import Account
from schema.types.catalog import Product, cost_viewers

TierMethod = described_enum(
    TierMethodModel,
    "TierMethod",
    "How a quantity schedule's tiers apply to a line's quantity.",
    {
        "ALL_UNITS": "Every unit gets the discount of the tier the whole quantity reaches.",
        "GRADUATED": "Each slab of units gets its own tier's discount.",
    },
)
ScheduleBasis = described_enum(
    ScheduleBasisModel,
    "ScheduleBasis",
    "What picks a discount schedule's tier.",
    {
        "QUANTITY": "The line quantity (or the quote's, when aggregated across the quote).",
        "TERM_MONTHS": "The line's term length in months.",
    },
)
BenefitKind = described_enum(
    BenefitKindModel,
    "BenefitKind",
    "What a promotion takes off.",
    {
        "PERCENT": "A percentage off the running unit price: `percent` is set.",
        "AMOUNT": "An amount off each unit, in one currency: `amount` is set.",
    },
)

_VALID_FROM = "First day in effect (inclusive)."
_VALID_TO = "First day no longer in effect (exclusive); null means open-ended."
_ACTIVE = "False once retired: no longer applies, whatever the dates."
_VERSION = "Send back on update; a stale one is a CONFLICT."


@strawberry.type(description="An effective-dated price of one product in one book.")
class PriceBookEntry(relay.Node):
    id: relay.NodeID[int]
    valid_from: date = strawberry.field(description=_VALID_FROM)
    valid_to: date | None = strawberry.field(description=_VALID_TO)
    product_id: strawberry.Private[int]
    price_book_id: strawberry.Private[int]
    price: strawberry.Private[Decimal]
    floor: strawberry.Private[Decimal | None]

    product = required(
        "product_by_id", "product_id", Product, description="The product this entry prices."
    )

    async def _in_book_currency(self, info: strawberry.Info, amount: Decimal) -> Decimal:
        book = await info.context.loaders.price_book_by_id.load(self.price_book_id)
        return unit_precision(amount, book.currency)

    @strawberry.field(description=f"The unit price in the book's currency, {UNIT_PRICE_SCALE}.")
    async def unit_price(self, info: strawberry.Info) -> Decimal:
        return await self._in_book_currency(info, self.price)

    @strawberry.field(
        extensions=cost_viewers(),
        description="The lowest unit price without approval (null for reps, or when there is "
        f"no floor), in the book's currency, {UNIT_PRICE_SCALE}.",
    )
    async def floor_price(self, info: strawberry.Info) -> Decimal | None:
        return None if self.floor is None else await self._in_book_currency(info, self.floor)

    @classmethod
    def from_row(cls, row: EntryRow) -> PriceBookEntry:
        return from_attrs(cls, row, price=row.unit_price, floor=row.floor_price)

    resolve_nodes = nodes_via("price_book_entry_by_id")


@strawberry.type(
    description="A list of prices in one currency; standard, or for a segment/region/channel."
)
class PriceBook(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    """Display name; unique among books."""
    currency: CurrencyCode
    """The currency of every entry's prices."""
    is_standard: bool
    """The default book of its currency (at most one active per currency); a standard book has no
    segment, region or channel."""
    segment: str | None
    """Applies to accounts of this segment only; null for any."""
    region: str | None
    """Applies to accounts of this region only; null for any."""
    channel: str | None
    """Applies to deals through this channel only; null for any."""
    active: bool = strawberry.field(description=_ACTIVE)
    version: int = strawberry.field(description=_VERSION)

    @strawberry.field(description="Every entry, current and dated, by product then start date.")
    async def entries(self, info: strawberry.Info) -> list[PriceBookEntry]:
        return await row_objects(info, "entries_by_price_book_id", self.id, PriceBookEntry)

    resolve_nodes = nodes_via("price_book_by_id")


@strawberry.type(name="PriceBookConnection", description="A page of price books.")
class PriceBookConnection(CountedConnection[PriceBook]):
    pass


@strawberry.type(description="One tier of a discount schedule.")
class DiscountTier:
    from_quantity: int
    """First quantity (or month, for TERM_MONTHS) of the tier, inclusive."""
    to_quantity: int | None
    """Last quantity (or month) of the tier, inclusive; null means no cap."""
    discount_percent: Decimal = strawberry.field(
        description=f"The discount this tier gives, as a percentage: {WRITTEN_PERCENT_SCALE}."
    )

    @classmethod
    def from_row(cls, row: TierRow) -> DiscountTier:
        return from_attrs(cls, row, discount_percent=written_percent(row.discount_percent))


@strawberry.type(description="Tiered discounts by quantity or by term length.")
class DiscountSchedule(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    """Display name, shown on the waterfall step."""
    basis: ScheduleBasis  # type: ignore[valid-type]
    """What picks the tier."""
    method: TierMethod  # type: ignore[valid-type]
    """How the tiers apply to the quantity."""
    family: str | None = strawberry.field(
        description="The product family it applies to, when it targets a family; "
        "null when it targets one product."
    )
    aggregate_across_quote: bool
    """Pick the tier by the summed quantity of every line it applies to, not line by line (QUANTITY
    basis only)."""
    valid_from: date = strawberry.field(description=_VALID_FROM)
    valid_to: date | None = strawberry.field(description=_VALID_TO)
    active: bool = strawberry.field(description=_ACTIVE)
    version: int = strawberry.field(description=_VERSION)
    product_id: strawberry.Private[int | None]

    product = related(
        "product_by_id",
        "product_id",
        Product,
        description="The product it applies to; null when it targets a family.",
    )

    @strawberry.field(description="The tiers, by starting quantity.")
    async def tiers(self, info: strawberry.Info) -> list[DiscountTier]:
        return await row_objects(info, "tiers_by_schedule_id", self.id, DiscountTier)

    resolve_nodes = nodes_via("discount_schedule_by_id")


@strawberry.type(description="One band of a block price: a flat price for a range of quantity.")
class PriceBlockBand:
    from_quantity: int
    """First quantity of the band, inclusive."""
    to_quantity: int | None
    """Last quantity of the band, inclusive; null means no cap."""
    price: Decimal = strawberry.field(
        description="The flat price of the whole band (not per unit), in the block price's "
        f"currency, {UNIT_PRICE_SCALE}."
    )


@strawberry.type(description="A flat price per band of quantity (e.g. 1–10 users for 1,000).")
class BlockPrice(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    """Display name, shown on the waterfall step."""
    currency: CurrencyCode
    """The currency of the bands' prices."""
    valid_from: date = strawberry.field(description=_VALID_FROM)
    valid_to: date | None = strawberry.field(description=_VALID_TO)
    active: bool = strawberry.field(description=_ACTIVE)
    version: int = strawberry.field(description=_VERSION)
    product_id: strawberry.Private[int]

    product = required(
        "product_by_id", "product_id", Product, description="The product this block price prices."
    )

    @strawberry.field(description="The bands, by starting quantity.")
    async def bands(self, info: strawberry.Info) -> list[PriceBlockBand]:
        rows = await info.context.loaders.blocks_by_block_price_id.load(self.id)
        return [
            from_attrs(PriceBlockBand, row, price=unit_precision(row.price, self.currency))
            for row in rows
        ]

    resolve_nodes = nodes_via("block_price_by_id")


@strawberry.type(
    description="An effective-dated price rule: percent or amount off, stackable or exclusive."
)
class Promotion(relay.Node):
    id: relay.NodeID[int]
    name: str
    """Display name, shown on the waterfall step."""
    kind: BenefitKind  # type: ignore[valid-type]
    """Whether it takes a percentage or an amount off."""
    percent: Decimal | None = strawberry.field(
        description=(
            f"Off the running unit price, for PERCENT: {WRITTEN_PERCENT_SCALE}; null for AMOUNT."
        )
    )
    amount: Money | None = strawberry.field(
        description=f"Off each unit, for AMOUNT: {UNIT_PRICE_SCALE}; null for PERCENT."
    )
    family: str | None
    """The product family it applies to; null when it targets one product or all."""
    segment: str | None
    """Only for accounts of this segment; null for any."""
    priority: int
    """Lower wins; an exclusive promotion with the best priority stands alone."""
    stackable: bool
    """True: applies after the promotions before it in priority order; false: exclusive, it applies
    alone when it has the best priority."""
    valid_from: date = strawberry.field(description=_VALID_FROM)
    valid_to: date | None = strawberry.field(description=_VALID_TO)
    active: bool = strawberry.field(description=_ACTIVE)
    version: int = strawberry.field(description=_VERSION)
    product_id: strawberry.Private[int | None]

    product = related(
        "product_by_id",
        "product_id",
        Product,
        description="The product it applies to; null when it targets a family, or everything.",
    )

    @classmethod
    def from_row(cls, row: PromotionRow) -> Promotion:
        return from_attrs(
            cls,
            row,
            percent=written_percent(row.percent),
            amount=Money.unit_price(row.amount, row.currency)
            if row.amount is not None and row.currency is not None
            else None,
        )

    resolve_nodes = nodes_via("promotion_by_id")


@strawberry.type(name="PromotionConnection", description="A page of promotions.")
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
    unit_price: Money = strawberry.field(description=f"The agreed unit price, {UNIT_PRICE_SCALE}.")
    valid_from: date = strawberry.field(description=_VALID_FROM)
    valid_to: date | None = strawberry.field(description=_VALID_TO)
    product_id: strawberry.Private[int]
    account_id: strawberry.Private[int]

    product = required(
        "product_by_id", "product_id", Product, description="The product the price is for."
    )

    account = required(
        "account_by_id", "account_id", Account, description="The account the price was agreed with."
    )

    @classmethod
    def from_row(cls, row: ContractedPriceRow) -> ContractedPrice:
        return from_attrs(cls, row, unit_price=Money.unit_price(row.unit_price, row.currency))

    resolve_nodes = nodes_via("contracted_price_by_id", scope=_contract_scope)
