"""Database rows → the pricing engine's value objects, and the engine's request.

Engine ids are strings: products and options use their database id, and every
rule the waterfall can name (book entry, contract, schedule, block price,
promotion, floor) uses its Relay global ID, so a step's ``ruleId`` is a node
the app can open.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pricing as engine
from db.models.accounts import Account as AccountRow
from db.models.catalog import AttributeType, ConfigurationRuleKind
from db.models.catalog import ConfigurationRule as RuleRow
from db.models.pricing_rules import BenefitKind
from db.models.pricing_rules import Promotion as PromotionRow
from db.models.quotes import QuoteLine, QuoteRevision
from db.models.users import User as UserRow
from db.queries.pricing import CatalogSlice, PricingData
from services.pricing.policy import PricingPolicy, discount_authority
from services.pricing.reprice_cache import LineColumns, LineKey, Priced, line_key

OPERATORS = {op.name: op for op in engine.Operator}


def global_id(type_name: str, pk: int) -> str:
    """The Relay global ID of a row (base64 of ``TypeName:pk``), as the API spells it."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def attribute_kinds(catalog: CatalogSlice, product_id: int | None) -> dict[str, AttributeType]:
    """Each attribute code of a product and its type (none for an unknown product)."""
    return {a.code: a.type for a in catalog.attributes.get(product_id or -1, [])}


def attribute_value(
    kind: AttributeType | None, raw: Any
) -> engine.configuration_rules.AttributeScalar:
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
        attribute=code,
        operator=OPERATORS[data["operator"]],
        value=attribute_value(kinds.get(code), data["value"]),
    )


def _rule(row: RuleRow, kinds: dict[str, AttributeType]) -> engine.ConfigurationRule:
    rule_id = global_id("ConfigurationRule", row.id)
    option, target = str(row.option_id), str(row.target_option_id)
    match row.kind:
        case ConfigurationRuleKind.REQUIRES:
            return engine.RequiresRule(
                id=rule_id, option_id=option, required_option_id=target, message=row.message
            )
        case ConfigurationRuleKind.EXCLUDES:
            return engine.ExcludesRule(
                id=rule_id, option_id=option, excluded_option_id=target, message=row.message
            )
        case ConfigurationRuleKind.AUTO_ADD:
            return engine.AutoAddRule(
                id=rule_id, option_id=option, added_option_id=target, quantity=row.quantity
            )
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
        kinds = attribute_kinds(catalog, product_id)
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
    return engine.Account(
        id=str(row.id), name=row.name, segment=row.segment, region=row.region, channel=channel
    )


def price_books(data: PricingData) -> tuple[engine.PriceBook, ...]:
    return tuple(
        engine.PriceBook(
            id=global_id("PriceBook", book.id),
            name=book.name,
            segment=book.segment,
            region=book.region,
            channel=book.channel,
            entries=tuple(
                engine.PriceBookEntry(
                    id=global_id("PriceBookEntry", e.id),
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
            id=global_id("PriceBookEntry", e.id),
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
            id=global_id("ContractedPrice", c.id),
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
            id=global_id("DiscountSchedule", s.id),
            name=s.name,
            tiers=tuple(
                engine.Tier(
                    from_quantity=t.from_quantity,
                    to_quantity=t.to_quantity,
                    discount_percent=t.discount_percent,
                )
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
            id=global_id("BlockPrice", b.id),
            name=b.name,
            product_id=str(b.product_id),
            blocks=tuple(
                engine.Block(
                    from_quantity=k.from_quantity,
                    to_quantity=k.to_quantity,
                    price=engine.Money(k.price, b.currency),
                )
                for k in data.blocks.get(b.id, [])
            ),
            valid_from=b.valid_from,
            valid_to=b.valid_to,
        )
        for b in data.block_prices
        if data.blocks.get(b.id)
    )


def _benefit(row: PromotionRow) -> engine.Adjustment:
    """A promotion's benefit (a check constraint keeps the fields of its kind set)."""
    if row.kind is BenefitKind.PERCENT:
        assert row.percent is not None
        return engine.PercentOff(row.percent)
    assert row.amount is not None and row.currency is not None
    return engine.AmountOff(engine.Money(row.amount, row.currency))


def promotions(data: PricingData) -> tuple[engine.Promotion, ...]:
    return tuple(
        engine.Promotion(
            id=global_id("Promotion", p.id),
            name=p.name,
            benefit=_benefit(p),
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


def adjustment(
    percent: Decimal | None, amount: Decimal | None, currency: str
) -> engine.Adjustment | None:
    """A discount given as a percent of the price or an amount off each unit (at most one)."""
    if percent is not None:
        return engine.PercentOff(percent)
    if amount is not None:
        return engine.AmountOff(engine.Money(amount, currency))
    return None


def stored_configuration(line: LineColumns, catalog: CatalogSlice) -> engine.Configuration | None:
    """A saved line's configuration (option ids and attribute values as stored)."""
    if not line.configuration:
        return None
    kinds = attribute_kinds(catalog, line.product_id)
    return engine.Configuration(
        selections=tuple(
            engine.OptionSelection(option_id=str(s["option_id"]), quantity=s.get("quantity"))
            for s in line.configuration.get("selections", [])
        ),
        attributes=tuple(
            engine.AttributeValue(
                code=a["code"], value=attribute_value(kinds.get(a["code"]), a["value"])
            )
            for a in line.configuration.get("attributes", [])
        ),
    )


def stored_line(line: LineColumns, currency: str, catalog: CatalogSlice) -> engine.QuoteLineInput:
    """A saved line as the engine's line."""
    return engine.QuoteLineInput(
        id=line.key,
        product_id=str(line.product_id),
        quantity=line.quantity,
        configuration=stored_configuration(line, catalog),
        discount=adjustment(line.discount_percent, line.discount_amount, currency),
        term_months=line.term_months,
    )


def stored_lines(
    lines: list[QuoteLine], currency: str, catalog: CatalogSlice
) -> tuple[engine.QuoteLineInput, ...]:
    """A saved revision's lines as the engine's lines."""
    return tuple(stored_line(line, currency, catalog) for line in lines)


def saved_lines(
    rows: Sequence[LineColumns], currency: str, catalog: CatalogSlice, previous: Priced | None
) -> tuple[tuple[engine.QuoteLineInput, ...], dict[str, tuple[LineKey, engine.QuoteLineInput]]]:
    """The rows as the engine's lines, the previous input object for each plain row whose
    columns are as they were; and the plain lines' index for the next edit."""
    known = previous.lines if previous is not None else {}
    lines: list[engine.QuoteLineInput] = []
    index: dict[str, tuple[LineKey, engine.QuoteLineInput]] = {}
    for row in rows:
        if row.configuration:  # its attribute values are typed by the catalog: rebuild it
            lines.append(stored_line(row, currency, catalog))
            continue
        key = line_key(row, currency)
        found = known.get(row.key)
        line = (
            found[1]
            if found is not None and found[0] == key
            else stored_line(row, currency, catalog)
        )
        index[row.key] = (key, line)
        lines.append(line)
    return tuple(lines), index


def stored_quote_discount(revision: QuoteRevision, currency: str) -> engine.Adjustment | None:
    return adjustment(revision.quote_discount_percent, revision.quote_discount_amount, currency)


def pricing_request(
    lines: tuple[engine.QuoteLineInput, ...],
    account_row: AccountRow,
    data: PricingData,
    *,
    currency: str,
    pricing_date: date,
    owner: UserRow | None,
    policy: PricingPolicy,
    quote_discount: engine.Adjustment | None,
    quote_id: str = "preview",
) -> engine.PricingRequest:
    """The engine's request: the lines, everything loaded for them, the owner's authority."""
    return engine.PricingRequest(
        quote_id=quote_id,
        currency=currency,
        pricing_date=pricing_date,
        account=account(account_row),
        lines=lines,
        products=products(data.catalog),
        price_books=price_books(data),
        contracted_prices=contracts(data),
        discount_schedules=schedules(data),
        block_prices=block_prices(data),
        promotions=promotions(data),
        guardrails=engine.GuardrailPolicy(
            floor_prices=floors(data),
            discount_authority_percent=discount_authority(owner, policy),
            min_margin_percent=policy.min_margin_percent,
        ),
        quote_discount=quote_discount,
    )
