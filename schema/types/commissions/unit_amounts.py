"""The fixed-amount plan rule as the API shows it: an amount per unit with quantity tiers,
and an amount per deal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

import commissions as engine
from schema.ids import node_keys
from schema.money import Money, money
from schema.types.catalog import Product
from schema.types.commissions.common import MEASURE_SCALE, PlanRule, fixed_measure


async def rule_products(root: Any, info: strawberry.Info) -> list[Product]:
    """The ``products`` field of a rule naming products (``product_ids``)."""
    keys = node_keys(g.node_id for g in root.product_ids)
    found = await info.context.loaders.product_by_id.load_many(keys)
    return [Product.from_row(r) for r in found if r is not None]


@strawberry.type(
    description="A quantity tier of a fixed amount per unit: from `minQuantity` units on one"
    " deal line, every unit of the line earns `amountPerUnit`."
)
class CommissionUnitTier:
    name: str
    """The tier's name, as payout lines show it (`CommissionPayoutLine.tier`)."""
    min_quantity: Decimal = strawberry.field(
        description="The line quantity (the whole deal line's, before any split) from which the"
        " tier applies, with " + MEASURE_SCALE + "."
    )
    amount_per_unit: Money
    """What each unit of such a line earns, in the plan's currency (a unit price: up to 6
    decimal places)."""


@strawberry.type(
    description="A fixed amount per unit sold of some products or families, with quantity tiers,"
    " and/or a fixed amount per deal selling them; returns claw it back per unit."
)
class UnitAmountComponent(PlanRule):
    amount_per_unit: Money
    """What each unit earns below the first quantity tier (a unit price: up to 6 decimal
    places)."""
    product_ids: list[relay.GlobalID]
    """Global IDs of the products it pays for; with `families` empty as well: every product."""
    families: list[str]
    """Product families it pays for."""
    tiers: list[CommissionUnitTier]
    """Quantity tiers, lowest `minQuantity` first; the line's quantity picks one for all its
    units."""
    amount_per_deal: Money
    """A fixed amount per deal with at least one line in scope, shared like the credit (0:
    none)."""

    products = strawberry.field(
        resolver=rule_products, description="The products `productIds` name."
    )


def unit_amount_type(c: engine.UnitAmount, currency: str) -> UnitAmountComponent:
    return UnitAmountComponent(
        component_id=c.component_id,
        label=c.label,
        amount_per_unit=Money.unit_price(c.amount_per_unit, currency),
        product_ids=[relay.GlobalID("Product", i) for i in c.product_ids],
        families=list(c.families),
        tiers=[
            CommissionUnitTier(
                name=t.name,
                min_quantity=fixed_measure(t.min_quantity) or Decimal(0),
                amount_per_unit=Money.unit_price(t.amount_per_unit, currency),
            )
            for t in c.tiers
        ],
        amount_per_deal=money(c.amount_per_deal, currency),
    )
