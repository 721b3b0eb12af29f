"""The fixed-amount component's input: an amount per unit sold of some products or families,
with quantity tiers, and/or an amount per deal; translated to the engine's
:class:`~commissions.UnitAmount`.

Amounts are in the plan's currency, not negative (else ``INVALID`` naming the field).
Quantity tiers start above 0 units and rise strictly: two tiers from one quantity (an
overlap) or a tier below the one before (a descending table) is refused by the engine's
plan checks with ``INVALID_PLAN``. The line's quantity picks the tier for all its units,
unless ``tierMode`` makes it the period's running units in scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import strawberry
from strawberry import relay

import commissions as engine
from resolvers.commissions.input_fields import component_id_field, label_field
from resolvers.mutation import empty_list_field
from schema.text_limits import Family
from schema.types.commissions.unit_amounts import CommissionUnitTierMode
from services.numbers import positive_amount
from services.refusal import Code, refuse

MAX_UNIT_TIERS = 20
"""A quantity-tier table holds at most this many tiers."""
MAX_TIER_NAME = 100


@strawberry.input(
    description="A quantity tier: from `minQuantity` units on one deal line, every unit of the"
    " line earns `amountPerUnit`."
)
class UnitTierInput:
    name: str = strawberry.field(
        description=f"The tier's name, as payout lines show it; 1 to {MAX_TIER_NAME} characters,"
        " unique in the table."
    )
    min_quantity: Decimal = strawberry.field(
        description="The deal line's quantity (before any split) from which the tier applies;"
        " above 0, and above the previous tier's."
    )
    amount_per_unit: Decimal = strawberry.field(
        description="What each unit of such a line earns, in the plan's currency; not negative."
    )


@strawberry.input(
    description="A fixed amount per unit sold of some products or families (with optional"
    " quantity tiers) and/or per deal selling them; returns claw it back per unit."
)
class UnitAmountInput:
    label: str = label_field()
    amount_per_unit: Decimal = strawberry.field(
        default=Decimal(0),
        description="What each unit earns below the first quantity tier, in the plan's"
        " currency; not negative, 0 by default.",
    )
    product_ids: list[relay.GlobalID] = empty_list_field(
        "Product global IDs (from `Product.id`) it pays for; with `families` also"
        " empty: every product."
    )
    families: list[Family] = empty_list_field("Product families it pays for; empty by default.")
    tiers: list[UnitTierInput] = empty_list_field(
        f"Quantity tiers by rising `minQuantity`, at most {MAX_UNIT_TIERS}; empty by"
        " default (one amount per unit)."
    )
    amount_per_deal: Decimal = strawberry.field(
        default=Decimal(0),
        description="A fixed amount per deal with a line in scope, in the plan's currency,"
        " shared like the credit and clawed back when the whole deal is reversed; not"
        " negative, 0 by default.",
    )
    tier_mode: CommissionUnitTierMode = strawberry.field(  # type: ignore[valid-type]
        default=engine.UnitTierMode.LINE,
        description="What picks the tier: LINE (the default), the deal line's own quantity;"
        " MARGINAL or RETROACTIVE, the period's running units in scope.",
    )
    component_id: str | None = component_id_field()


def unit_amount(
    choice: UnitAmountInput,
    component_id: str,
    label: str,
    product_ids: tuple[str, ...],
    field: Sequence[str],
) -> engine.UnitAmount:
    """The engine's component, or the first problem with its figures."""
    positive_amount(choice.amount_per_unit, [*field, "amountPerUnit"], allow_zero=True)
    positive_amount(choice.amount_per_deal, [*field, "amountPerDeal"], allow_zero=True)
    if len(choice.tiers) > MAX_UNIT_TIERS:
        raise refuse(Code.INVALID, f"At most {MAX_UNIT_TIERS} quantity tiers.", [*field, "tiers"])
    tiers = []
    for index, tier in enumerate(choice.tiers):
        where = [*field, "tiers", str(index)]
        name = tier.name.strip()
        if not 1 <= len(name) <= MAX_TIER_NAME:
            raise refuse(
                Code.INVALID, f"A tier name is 1 to {MAX_TIER_NAME} characters.", [*where, "name"]
            )
        positive_amount(tier.min_quantity, [*where, "minQuantity"], what="The minimum quantity")
        positive_amount(tier.amount_per_unit, [*where, "amountPerUnit"], allow_zero=True)
        tiers.append(engine.UnitTier(name, tier.min_quantity, tier.amount_per_unit))
    return engine.UnitAmount(
        component_id,
        label,
        choice.amount_per_unit,
        product_ids,
        tuple(choice.families),
        tuple(tiers),
        choice.amount_per_deal,
        engine.UnitTierMode(choice.tier_mode),
    )
