"""What applies to a line, looked up before any arithmetic: prices, tiers, promotions, floor.

``look_up`` gathers every input that applies to a line (price, block price,
schedules, promotions, floor, cost) and every reason it cannot be priced — all of
them, so the rep sees every problem at once. What applies depends on the line only
through a few facts (its product, role, term and block), so it is memoised in the
``PricingContext`` by those; ``rules_for`` is the reference it is checked against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pricing.catalog import Product
from pricing.context import PricingContext
from pricing.guardrails import FloorPrice
from pricing.lines import LineSpec
from pricing.money import Money
from pricing.price_books import PriceCandidate, PriceSource
from pricing.promotions import Promotion, promotion_label
from pricing.reasons import PricingError, ReasonCode
from pricing.rules import AmountOff
from pricing.tiers import Block, BlockPrice, DiscountSchedule, ScheduleBasis, describe_band
from pricing.values import quick_init, quick_new


@quick_init
@dataclass(frozen=True, slots=True)
class LineRules:
    """What applies to one line, gathered before any arithmetic.

    The labels are the waterfall's, made once for every line sharing these rules.
    """

    list_price: PriceCandidate | None
    override: PriceCandidate | None
    block_price: BlockPrice | None
    block: Block | None
    quantity_schedule: DiscountSchedule | None
    term_schedule: DiscountSchedule | None
    promotions: tuple[Promotion, ...]
    floor: FloorPrice | None
    unit_cost: Money | None
    promotion_labels: tuple[str, ...] = ()
    """Each promotion's label."""
    list_label: str = "List price (none)"
    """The LIST_PRICE step's label."""
    override_label: str = ""
    """The CONTRACTED_PRICE or SEGMENT_PRICE step's label, when there is an override."""
    block_label: str = ""
    """The BLOCK_PRICE step's label, when a block applies."""


new_rules: Callable[
    [
        PriceCandidate | None,
        PriceCandidate | None,
        BlockPrice | None,
        Block | None,
        DiscountSchedule | None,
        DiscountSchedule | None,
        tuple[Promotion, ...],
        FloorPrice | None,
        Money | None,
        tuple[str, ...],
        str,
        str,
        str,
    ],
    LineRules,
] = quick_new(LineRules)


def _list_label(listed: PriceCandidate | None) -> str:
    return "List price (none)" if listed is None else f"List price ({listed.origin})"


def _override_label(override: PriceCandidate | None) -> str:
    if override is None:
        return ""
    if override.source is PriceSource.CONTRACT:
        return f"Contracted price ({override.origin})"
    return f"{override.origin} price"


def _block_label(block_price: BlockPrice, block: Block) -> str:
    band = describe_band(block.from_quantity, block.to_quantity, "units")
    return f"{block_price.name} {band}: {block.price} flat"


def _mismatch(spec: LineSpec, what: str, found: str, currency: str, rule_id: str) -> PricingError:
    return PricingError(
        ReasonCode.CURRENCY_MISMATCH,
        f"The {what} for {spec.product_id} is in {found}; the quote is in {currency}.",
        spec.id,
        ("productId",),
        rule_id,
    )


def look_up(
    spec: LineSpec, product: Product, ctx: PricingContext
) -> LineRules | list[PricingError]:
    """Every rule that applies to the line, or every reason it cannot be priced.

    What applies depends on the line only through its product, whether it is an
    INCLUDED option, whether it has a term and which quantity block it falls in, so
    lines alike in those share one ``LineRules`` (memoised in ``ctx``; refusals, which
    name the line, are not). What depends on the product alone is memoised too
    (``product_rules``), so a product's second role, term or block costs little.
    """
    found = look_up_one(spec, product, ctx)
    return found if isinstance(found, list) else found[0]


def look_up_one(
    spec: LineSpec, product: Product, ctx: PricingContext
) -> tuple[LineRules] | list[PricingError]:
    """``look_up`` as a one-item tuple, the one memoised: every line alike shares it
    (``LookedLine.looked`` of a line without options)."""
    block: Block | None = None
    if spec.included_by is None:
        block_price = ctx.block_price(product.id)
        if block_price is not None:
            block = block_price.block_for(spec.quantity)
    key = (
        product.id,
        spec.included_by is None,
        spec.term_months is None,
        None if block is None else id(block),  # the catalog holds the block: its id stands
    )
    found = ctx.look_ups.get(key)
    if found is None:
        rules = _from_product(spec, product, block, ctx)
        if rules is None:
            result = rules_for(spec, product, ctx)
            if isinstance(result, list):
                return result
            rules = result
        found = ctx.look_ups[key] = (rules,)
    return found


def _from_product(
    spec: LineSpec, product: Product, block: Block | None, ctx: PricingContext
) -> LineRules | None:
    """``rules_for(spec, product, ctx)`` made from the product's memoised rules, or None
    when they cannot tell (an INCLUDED option, or a product or block that may refuse)."""
    if spec.included_by is not None:
        return None
    memo = ctx.product_rules
    if product.id in memo:
        base = memo[product.id]
    else:
        base = memo[product.id] = product_rules(product, ctx)
    if base is None:
        return None
    block_price = base.block_price
    if block_price is not None:
        if block is None:
            return None
        return new_rules(
            base.list_price,
            base.override,
            block_price,
            block,
            None,
            None if spec.term_months is None else base.term_schedule,
            base.promotions,
            base.floor,
            base.unit_cost,
            base.promotion_labels,
            base.list_label,
            base.override_label,
            _block_label(block_price, block),
        )
    if spec.term_months is None and base.term_schedule is not None:
        return new_rules(
            base.list_price,
            base.override,
            None,
            None,
            base.quantity_schedule,
            None,
            base.promotions,
            base.floor,
            base.unit_cost,
            base.promotion_labels,
            base.list_label,
            base.override_label,
            "",
        )
    return base


def product_rules(product: Product, ctx: PricingContext) -> LineRules | None:
    """What applies to any priced (not INCLUDED) line of ``product`` with a term, before its
    block (``block`` None, ``quantity_schedule`` the product's); None when such a line
    could be refused (``rules_for`` then names every reason)."""
    currency = ctx.currency
    selection = ctx.prices.select(product.id)
    if selection.mismatch is not None or selection.list_price is None:
        return None
    floor = ctx.floor(product.id)
    if floor is None and product.id in ctx.floors:
        return None  # no floor in the quote currency
    unit_cost = next((c for c in product.unit_costs if c.currency == currency), None)
    if unit_cost is None and product.unit_costs:
        return None
    block_price = ctx.block_price(product.id)
    if block_price is not None and block_price.currency != currency:
        return None
    promotions, labels = ctx.promotions.labelled(product.id, product.family)
    for promotion in promotions:
        benefit = promotion.benefit
        if isinstance(benefit, AmountOff) and benefit.amount.currency != currency:
            return None
    return new_rules(
        selection.list_price,
        selection.override,
        block_price,
        None,
        ctx.schedule(product, ScheduleBasis.QUANTITY),
        ctx.schedule(product, ScheduleBasis.TERM_MONTHS),
        promotions,
        floor,
        unit_cost,
        labels,
        _list_label(selection.list_price),
        _override_label(selection.override),
        "",
    )


def rules_for(
    spec: LineSpec, product: Product, ctx: PricingContext
) -> LineRules | list[PricingError]:
    """What applies to the line, or every reason it cannot be priced, worked out from the
    context's indexes (the reference ``look_up``'s memos are checked against)."""
    currency = ctx.currency
    errors: list[PricingError] = []
    selection = ctx.prices.select(product.id)
    if selection.mismatch is not None:
        found = selection.mismatch
        errors.append(
            _mismatch(spec, f"{found.origin} price", found.unit_price.currency, currency, found.id)
        )
    elif selection.list_price is None and spec.included_by is None:
        errors.append(
            PricingError(
                ReasonCode.NO_PRICE,
                f"No price for {product.name} in {currency} on {ctx.on.isoformat()}.",
                spec.id,
                ("productId",),
            )
        )
    floor: FloorPrice | None = None
    floors = ctx.floors.get(product.id)
    if floors and spec.included_by is None:
        local = [f for f in floors if f.unit_price.currency == currency]
        if local:  # the strictest floor in the quote currency holds
            floor = max(local, key=lambda f: (f.unit_price.amount, f.id))
        else:
            errors.append(
                _mismatch(
                    spec, "floor price", floors[0].unit_price.currency, currency, floors[0].id
                )
            )
    unit_cost = next((c for c in product.unit_costs if c.currency == currency), None)
    if unit_cost is None and product.unit_costs:
        errors.append(
            _mismatch(spec, "unit cost", product.unit_costs[0].currency, currency, product.id)
        )
    if spec.included_by is not None:
        if errors:
            return errors
        return LineRules(
            selection.list_price,
            None,
            None,
            None,
            None,
            None,
            (),
            None,
            unit_cost,
            list_label=_list_label(selection.list_price),
        )
    block_price = ctx.block_price(product.id)
    block: Block | None = None
    if block_price is not None:
        block = block_price.block_for(spec.quantity)
        if block_price.currency != currency:
            errors.append(
                _mismatch(spec, "block price", block_price.currency, currency, block_price.id)
            )
        elif block is None:
            errors.append(
                PricingError(
                    ReasonCode.NO_PRICE,
                    f"{block_price.name} has no block for {spec.quantity} units.",
                    spec.id,
                    ("quantity",),
                    block_price.id,
                )
            )
    promotions = ctx.promotions.for_product(product.id, product.family)
    for promotion in promotions:
        benefit = promotion.benefit
        if isinstance(benefit, AmountOff) and benefit.amount.currency != currency:
            errors.append(
                _mismatch(
                    spec,
                    f"promotion {promotion.name}",
                    benefit.amount.currency,
                    currency,
                    promotion.id,
                )
            )
    if errors:
        return errors
    return LineRules(
        list_price=selection.list_price,
        override=selection.override,
        block_price=block_price,
        block=block,
        quantity_schedule=(
            None if block is not None else ctx.schedule(product, ScheduleBasis.QUANTITY)
        ),
        term_schedule=(
            None if spec.term_months is None else ctx.schedule(product, ScheduleBasis.TERM_MONTHS)
        ),
        promotions=promotions,
        floor=floor,
        unit_cost=unit_cost,
        promotion_labels=tuple(promotion_label(promotion) for promotion in promotions),
        list_label=_list_label(selection.list_price),
        override_label=_override_label(selection.override),
        block_label=(
            "" if block_price is None or block is None else _block_label(block_price, block)
        ),
    )
