"""GraphQL inputs for pricing and configuring, and their translation to engine lines.

Bad references (an id that is not a Product, an option from another bundle)
are passed on as unknown ids, so the engine reports them with every other
problem in one answer instead of the first one stopping the rest.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

import pricing as engine
from db.queries.pricing import CatalogSlice
from schema.text_limits import Sku
from services.pricing.engine_inputs import attribute_value
from schema.scalars import CurrencyCode
from schema.ids import NO_ROW, node_key

MAX_LINES = 5000


@strawberry.input(description="Give exactly one of `percent` (of the price) or `amount` (off each unit).")
class DiscountInput:
    percent: Decimal | None = None
    amount: Decimal | None = None


@strawberry.input
class OptionSelectionInput:
    option_id: relay.GlobalID
    quantity: int | None = strawberry.field(default=None, description="Per bundle unit; the default when left out.")


@strawberry.input
class AttributeValueInput:
    code: Sku
    value: str = strawberry.field(description="As text: numbers like '2.5', booleans 'true'/'false'.")


@strawberry.input
class ConfigurationInput:
    selections: list[OptionSelectionInput] = strawberry.field(default_factory=list)
    attributes: list[AttributeValueInput] = strawberry.field(default_factory=list)


@strawberry.input
class PriceLineInput:
    key: Sku = strawberry.field(description="Your id for the line; results refer to it.")
    product_id: relay.GlobalID
    quantity: int
    configuration: ConfigurationInput | None = None
    discount: DiscountInput | None = None
    term_months: int | None = None


@strawberry.input
class PriceQuoteInput:
    account_id: relay.GlobalID
    lines: list[PriceLineInput]
    currency: CurrencyCode | None = strawberry.field(default=None, description="The account's currency by default.")
    pricing_date: date | None = strawberry.field(default=None, description="Today (UTC) by default.")
    quote_discount: DiscountInput | None = None


@strawberry.input
class ValidateConfigurationInput:
    product_id: relay.GlobalID
    quantity: int = 1
    configuration: ConfigurationInput = strawberry.field(default_factory=ConfigurationInput)


def db_id(global_id: relay.GlobalID, type_name: str) -> int | None:
    if global_id.type_name != type_name:
        return None
    key = node_key(global_id.node_id)
    return None if key == NO_ROW else key


def engine_id(global_id: relay.GlobalID, type_name: str) -> str:
    """The engine's id for a reference: the database id, or a marker it will not find."""
    found = db_id(global_id, type_name)
    return str(found) if found is not None else f"unknown:{global_id}"


def product_ids(lines: list[PriceLineInput]) -> set[int]:
    return {pid for line in lines if (pid := db_id(line.product_id, "Product")) is not None}


def adjustment(discount: DiscountInput | None, currency: str) -> engine.Adjustment | None:
    """The engine's discount; ``ValueError`` when both or neither kind is given."""
    if discount is None:
        return None
    if (discount.percent is None) == (discount.amount is None):
        raise ValueError("Give exactly one of percent or amount.")
    if discount.percent is not None:
        return engine.PercentOff(discount.percent)
    assert discount.amount is not None
    return engine.AmountOff(engine.Money(discount.amount, currency))


def configuration(
    value: ConfigurationInput | None, product_id: int | None, catalog: CatalogSlice
) -> engine.Configuration | None:
    if value is None:
        return None
    kinds = {a.code: a.type for a in catalog.attributes.get(product_id or -1, [])}
    return engine.Configuration(
        selections=tuple(
            engine.OptionSelection(option_id=engine_id(s.option_id, "BundleOption"), quantity=s.quantity)
            for s in value.selections
        ),
        attributes=tuple(
            engine.AttributeValue(code=a.code, value=attribute_value(kinds.get(a.code), a.value))
            for a in value.attributes
        ),
    )
