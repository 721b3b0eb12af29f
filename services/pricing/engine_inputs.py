"""Database rows → the pricing engine's value objects.

Engine ids are strings: products and options use their database id, and every
rule the waterfall can name (book entry, contract, schedule, block price,
promotion, floor) uses its Relay global ID, so a step's ``ruleId`` is a node
the app can open.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from strawberry.relay import to_base64

import pricing as engine
from db.models.accounts import Account as AccountRow
from db.models.catalog import AttributeType, ConfigurationRuleKind
from db.models.catalog import ConfigurationRule as RuleRow
from db.models.pricing_rules import BenefitKind
from db.queries.pricing import CatalogSlice, PricingData

OPERATORS = {op.name: op for op in engine.Operator}


def attribute_value(kind: AttributeType | None, raw: Any) -> engine.configuration_rules.AttributeScalar:
    """An attribute value typed as its definition says (numbers arrive as strings)."""
    if kind is AttributeType.NUMBER:
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            return str(raw)
    if kind is AttributeType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        return str(raw).lower() in ("true", "yes", "1")
    return str(raw)


def _condition(data: dict[str, Any], kinds: dict[str, AttributeType]) -> engine.AttributeCondition:
    code = data["attribute"]
    return engine.AttributeCondition(
        attribute=code, operator=OPERATORS[data["operator"]], value=attribute_value(kinds.get(code), data["value"])
    )


def _rule(row: RuleRow, kinds: dict[str, AttributeType]) -> engine.ConfigurationRule:
    rule_id = to_base64("ConfigurationRule", row.id)
    option, target = str(row.option_id), str(row.target_option_id)
    match row.kind:
        case ConfigurationRuleKind.REQUIRES:
            return engine.RequiresRule(id=rule_id, option_id=option, required_option_id=target, message=row.message)
        case ConfigurationRuleKind.EXCLUDES:
            return engine.ExcludesRule(id=rule_id, option_id=option, excluded_option_id=target, message=row.message)
        case ConfigurationRuleKind.AUTO_ADD:
            return engine.AutoAddRule(id=rule_id, option_id=option, added_option_id=target, quantity=row.quantity)
        case ConfigurationRuleKind.ATTRIBUTE_CONSTRAINT:
            return engine.AttributeConstraint(
                id=rule_id,
                when=_condition(row.condition or {}, kinds),
                requires_option_id=str(row.target_option_id) if row.target_option_id else None,
                requires=_condition(row.requirement, kinds) if row.requirement else None,
                message=row.message,
            )
    raise ValueError(row.kind)


def products(catalog: CatalogSlice) -> tuple[engine.Product, ...]:
    result = []
    for product_id, row in catalog.products.items():
        attributes = catalog.attributes.get(product_id, [])
        kinds = {a.code: a.type for a in attributes}
        features = catalog.features.get(product_id, [])
        bundle = None
        if features:
            bundle = engine.Bundle(
                features=tuple(
                    engine.Feature(
                        id=str(f.id),
                        name=f.name,
                        min_options=f.min_options,
                        max_options=f.max_options,
                        options=tuple(
                            engine.BundleOption(
                                id=str(o.id),
                                product_id=str(o.product_id),
                                name=catalog.products[o.product_id].name,
                                option_type=engine.OptionType(o.option_type.value),
                                default_quantity=o.default_quantity,
                                min_quantity=o.min_quantity,
                                max_quantity=o.max_quantity,
                                quantity_mode=engine.QuantityMode(o.quantity_mode.value),
                            )
                            for o in catalog.options.get(f.id, [])
                        ),
                    )
                    for f in features
                ),
                rules=tuple(_rule(r, kinds) for r in catalog.rules.get(product_id, [])),
            )
        result.append(
            engine.Product(
                id=str(product_id),
                name=row.name,
                family=row.family,
                attributes=tuple(
                    engine.AttributeDefinition(
                        code=a.code,
                        name=a.name,
                        type=engine.AttributeType(a.type.value),
                        choices=tuple(a.choices),
                        required=a.required,
                    )
                    for a in attributes
                ),
                bundle=bundle,
                unit_costs=tuple(
                    engine.Money(c.unit_cost, c.currency) for c in catalog.costs.get(product_id, [])
                ),
            )
        )
    return tuple(result)


def account(row: AccountRow, channel: str | None = None) -> engine.Account:
    return engine.Account(id=str(row.id), name=row.name, segment=row.segment, region=row.region, channel=channel)


def price_books(data: PricingData) -> tuple[engine.PriceBook, ...]:
    return tuple(
        engine.PriceBook(
            id=to_base64("PriceBook", book.id),
            name=book.name,
            segment=book.segment,
            region=book.region,
            channel=book.channel,
            entries=tuple(
                engine.PriceBookEntry(
                    id=to_base64("PriceBookEntry", e.id),
                    product_id=str(e.product_id),
                    unit_price=engine.Money(e.unit_price, book.currency),
                    valid_from=e.valid_from,
                    valid_to=e.valid_to,
                )
                for e in data.entries.get(book.id, [])
            ),
        )
        for book in data.books
    )


def floors(data: PricingData) -> tuple[engine.FloorPrice, ...]:
    """Floors come from the unscoped standard book: the company-wide minimum."""
    standard = [b for b in data.books if b.is_standard]
    return tuple(
        engine.FloorPrice(
            id=to_base64("PriceBookEntry", e.id),
            product_id=str(e.product_id),
            unit_price=engine.Money(e.floor_price, book.currency),
        )
        for book in standard
        for e in data.entries.get(book.id, [])
        if e.floor_price is not None
    )


def contracts(data: PricingData) -> tuple[engine.ContractedPrice, ...]:
    return tuple(
        engine.ContractedPrice(
            id=to_base64("ContractedPrice", c.id),
            account_id=str(c.account_id),
            product_id=str(c.product_id),
            unit_price=engine.Money(c.unit_price, c.currency),
            valid_from=c.valid_from,
            valid_to=c.valid_to,
        )
        for c in data.contracts
    )


def schedules(data: PricingData) -> tuple[engine.DiscountSchedule, ...]:
    return tuple(
        engine.DiscountSchedule(
            id=to_base64("DiscountSchedule", s.id),
            name=s.name,
            tiers=tuple(
                engine.Tier(from_quantity=t.from_quantity, to_quantity=t.to_quantity, discount_percent=t.discount_percent)
                for t in data.tiers.get(s.id, [])
            ),
            basis=engine.ScheduleBasis(s.basis.value),
            method=engine.TierMethod(s.method.value),
            product_id=str(s.product_id) if s.product_id else None,
            family=s.family,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
            aggregate_across_quote=s.aggregate_across_quote,
        )
        for s in data.schedules
        if data.tiers.get(s.id)
    )


def block_prices(data: PricingData) -> tuple[engine.BlockPrice, ...]:
    return tuple(
        engine.BlockPrice(
            id=to_base64("BlockPrice", b.id),
            name=b.name,
            product_id=str(b.product_id),
            blocks=tuple(
                engine.Block(
                    from_quantity=k.from_quantity, to_quantity=k.to_quantity, price=engine.Money(k.price, b.currency)
                )
                for k in data.blocks.get(b.id, [])
            ),
            valid_from=b.valid_from,
            valid_to=b.valid_to,
        )
        for b in data.block_prices
        if data.blocks.get(b.id)
    )


def promotions(data: PricingData) -> tuple[engine.Promotion, ...]:
    return tuple(
        engine.Promotion(
            id=to_base64("Promotion", p.id),
            name=p.name,
            benefit=(
                engine.PercentOff(p.percent)
                if p.kind is BenefitKind.PERCENT
                else engine.AmountOff(engine.Money(p.amount, p.currency))
            ),
            priority=p.priority,
            stackable=p.stackable,
            product_id=str(p.product_id) if p.product_id else None,
            family=p.family,
            segment=p.segment,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
        )
        for p in data.promotions
    )
