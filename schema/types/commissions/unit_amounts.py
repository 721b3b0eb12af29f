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
from schema.types.commissions.common import MEASURE_SCALE, PlanRule, described_enum, fixed_measure

CommissionUnitTierMode = described_enum(
    engine.UnitTierMode,
    "CommissionUnitTierMode",
    "Which quantity picks a fixed amount's quantity tier, and which units its amount pays.",
    {
        "LINE": "The deal line's own quantity (the default): a line of at least a tier's"
        " `minQuantity` units earns that tier's amount for every one of its units.",
        "MARGINAL": "The period's running total of units in scope (in date order): the units"
        " beyond a tier's `minQuantity` earn its amount, those below the first tier"
        " `amountPerUnit`; a line crossing a start is split. A return walks the running total"
        " down from where the period stands (a sale returned in its own period cancels).",
        "RETROACTIVE": "The period's total units in scope: each unit earns `amountPerUnit` when"
        " credited, and at period end the tier the total reached (at or above its"
        " `minQuantity`) re-rates every unit, in one period-level line.",
    },
)


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
    tier_mode: CommissionUnitTierMode  # type: ignore[valid-type]
    """What picks the tier: the line's own quantity (LINE) or the period's units in scope."""

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
        tier_mode=c.tier_mode,
    )
