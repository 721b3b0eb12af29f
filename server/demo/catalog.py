"""The demo catalog: hardware, subscriptions and services; a configurable server bundle with
rules; USD, EUR and partner books; tiers, block and term pricing; a promotion; contracts.

Made through the catalog use cases, as OPS would; loading twice changes nothing (the
bundle's SKU is the marker).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.catalog import (
    AttributeType,
    ConfigurationRuleKind,
    OptionType,
    Product,
    QuantityMode,
)
from db.models.pricing_rules import BenefitKind, ScheduleBasis, TierMethod
from db.queries.accounts import account_id_named
from db.queries.catalog import bundle_structure, price_book_id_named, product_id_with_sku
from pricing.configuration_rules import Operator
from services.catalog.block_prices import BandSpec, NewBlockPrice, create_block_price
from services.catalog.bundles import FeatureSpec, OptionSpec, set_bundle_structure
from services.catalog.configuration_rules import (
    Condition,
    NewConfigurationRule,
    create_configuration_rule,
)
from services.catalog.contracted_prices import NewContractedPrice, create_contracted_price
from services.catalog.discount_schedules import (
    NewDiscountSchedule,
    TierSpec,
    create_discount_schedule,
)
from services.catalog.price_book_entries import NewPriceBookEntry, create_price_book_entry
from services.catalog.price_books import NewPriceBook, create_price_book
from services.catalog.products import AttributeSpec, NewProduct, UnitCost, create_product
from services.catalog.promotions import NewPromotion, create_promotion

START = date(2026, 1, 1)
D = Decimal

# sku, name, family, unit, description
PRODUCTS = [
    ("SRV-EDGE", "Edge Server Bundle", "Hardware", "EACH", "Configurable edge server"),
    ("CHS-S", "Compact Chassis", "Hardware", "EACH", "1U chassis, up to 2 TB"),
    ("CHS-L", "Large Chassis", "Hardware", "EACH", "2U chassis, up to 16 TB"),
    ("SSD-1T", "1 TB NVMe Drive", "Hardware", "EACH", "Storage module"),
    ("SSD-4T", "4 TB NVMe Drive", "Hardware", "EACH", "Storage module"),
    ("GPU-A", "Inference GPU", "Hardware", "EACH", "AI accelerator card"),
    ("PSU-HP", "High-Power Supply", "Hardware", "EACH", "Needed by GPUs"),
    ("SUP-BAS", "Basic Support", "Services", "YEAR", "Next-business-day support"),
    ("SUP-PRM", "Premium Support", "Services", "YEAR", "24x7 support, 4h on site"),
    ("SW-ANL", "Analytics Cloud", "Software", "USER_MONTH", "Per-user subscription"),
    ("SW-SEC", "Security Suite", "Software", "DEVICE_MONTH", "Per-device subscription"),
    ("SW-API", "API Gateway", "Software", "USER", "Licensed in blocks of users"),
    ("SVC-INST", "Installation Service", "Services", "DAY", "On-site engineer day"),
    ("SVC-TRN", "Training Workshop", "Services", "EACH", "Half-day training"),
]
# sku: USD list price, USD floor price (None: no floor), USD unit cost
PRICES: dict[str, tuple[Decimal, Decimal | None, Decimal]] = {
    "SRV-EDGE": (D("4000"), D("3200"), D("2100")),
    "CHS-S": (D("600"), D("450"), D("300")),
    "CHS-L": (D("1100"), D("850"), D("520")),
    "SSD-1T": (D("180"), D("140"), D("90")),
    "SSD-4T": (D("520"), D("420"), D("300")),
    "GPU-A": (D("2400"), D("2000"), D("1500")),
    "PSU-HP": (D("250"), D("200"), D("110")),
    "SUP-BAS": (D("300"), D("240"), D("60")),
    "SUP-PRM": (D("900"), D("700"), D("200")),
    "SW-ANL": (D("45"), D("30"), D("6")),
    "SW-SEC": (D("12"), D("8"), D("1.5")),
    "SW-API": (D("250"), None, D("20")),
    "SVC-INST": (D("1400"), D("1100"), D("700")),
    "SVC-TRN": (D("2500"), D("2000"), D("900")),
}
EDGE_ATTRIBUTES = [
    AttributeSpec("storage_tb", "Usable storage (TB)", AttributeType.NUMBER, required=True),
    AttributeSpec("rack", "Rack type", AttributeType.CHOICE, choices=["STANDARD", "SHALLOW"]),
]
OPTIONAL, INCLUDED, REQUIRED = OptionType.OPTIONAL, OptionType.INCLUDED, OptionType.REQUIRED
PER_PARENT, FIXED = QuantityMode.PER_PARENT, QuantityMode.FIXED
# The bundle's features: name → (min options, max options, [(sku, option type, quantity mode)]).
FEATURES = {
    "Chassis": (1, 1, [("CHS-S", OPTIONAL, PER_PARENT), ("CHS-L", OPTIONAL, PER_PARENT)]),
    "Storage": (1, 2, [("SSD-1T", OPTIONAL, PER_PARENT), ("SSD-4T", OPTIONAL, PER_PARENT)]),
    "Acceleration": (0, 1, [("GPU-A", OPTIONAL, PER_PARENT)]),
    "Power": (0, 1, [("PSU-HP", OPTIONAL, PER_PARENT)]),
    "Support": (1, 1, [("SUP-BAS", INCLUDED, PER_PARENT), ("SUP-PRM", OPTIONAL, PER_PARENT)]),
    "Services": (0, 1, [("SVC-INST", REQUIRED, FIXED)]),
}
EUR_RATE = D("0.92")


def _eur(value: Decimal) -> Decimal:
    return (value * EUR_RATE).quantize(D("1"))


async def load_catalog(session: AsyncSession, actor: Actor, now: datetime) -> int:
    """Load the demo catalog once; returns how many products the catalog has."""
    if await product_id_with_sku(session, "SRV-EDGE") is not None:
        return len(PRODUCTS)
    products: dict[str, Product] = {}
    for sku, name, family, unit, description in PRODUCTS:
        cost = PRICES[sku][2]
        costs = [UnitCost(cost, "USD"), UnitCost(_eur(cost), "EUR")]
        attributes = EDGE_ATTRIBUTES if sku == "SRV-EDGE" else ()
        new = NewProduct(sku, name, description, family, unit, costs, attributes)
        products[sku] = await create_product(session, actor, now, new)
    await _bundle(session, actor, now, products)
    await _books(session, actor, now, products)
    await _rules(session, actor, now, products)
    return len(PRODUCTS)


async def _bundle(
    session: AsyncSession, actor: Actor, now: datetime, p: dict[str, Product]
) -> None:
    edge = p["SRV-EDGE"]
    features = [
        FeatureSpec(
            name=name,
            min_options=low,
            max_options=high,
            options=[
                OptionSpec(
                    product_id=p[sku].id,
                    option_type=kind,
                    max_quantity=8 if sku.startswith("SSD") else 4,
                    quantity_mode=mode,
                )
                for sku, kind, mode in choices
            ],
        )
        for name, (low, high, choices) in FEATURES.items()
    ]
    await set_bundle_structure(session, actor, now, edge.id, edge.version, features)
    _, options = await bundle_structure(session, edge.id)
    option = {o.product_id: o.id for o in options}

    def between(
        kind: ConfigurationRuleKind, sku: str, target: str, **more: Any
    ) -> NewConfigurationRule:
        return NewConfigurationRule(kind, option[p[sku].id], option[p[target].id], **more)

    rules = [
        between(
            ConfigurationRuleKind.REQUIRES,
            "GPU-A",
            "CHS-L",
            message="The inference GPU only fits the large chassis.",
        ),
        between(
            ConfigurationRuleKind.EXCLUDES,
            "CHS-S",
            "SSD-4T",
            message="4 TB drives do not fit the compact chassis.",
        ),
        between(ConfigurationRuleKind.AUTO_ADD, "GPU-A", "PSU-HP", quantity=1),
        NewConfigurationRule(
            ConfigurationRuleKind.ATTRIBUTE_CONSTRAINT,
            condition=Condition("storage_tb", Operator.GE, "4"),
            target_option_id=option[p["CHS-L"].id],
            message="4 TB or more needs the large chassis.",
        ),
    ]
    for rule in rules:
        await create_configuration_rule(session, actor, now, edge.id, rule)


async def _book(session: AsyncSession, actor: Actor, now: datetime, new: NewPriceBook) -> int:
    """The book named ``new.name``: the one there, or a new one."""
    existing = await price_book_id_named(session, new.name)
    if existing is not None:
        return existing
    return (await create_price_book(session, actor, now, new)).id


async def _books(session: AsyncSession, actor: Actor, now: datetime, p: dict[str, Product]) -> None:
    usd = await _book(session, actor, now, NewPriceBook("Standard USD", "USD", is_standard=True))
    eur = await _book(session, actor, now, NewPriceBook("Standard EUR", "EUR", is_standard=True))
    partner = await _book(
        session, actor, now, NewPriceBook("Partner USD", "USD", channel="PARTNER")
    )
    enterprise = await _book(
        session, actor, now, NewPriceBook("Enterprise USD", "USD", segment="ENTERPRISE")
    )
    entries = []
    for sku, (price, floor, _) in PRICES.items():
        product = p[sku].id
        entries += [
            NewPriceBookEntry(usd, product, price, START, floor_price=floor),
            NewPriceBookEntry(
                eur, product, _eur(price), START, floor_price=None if floor is None else _eur(floor)
            ),
            NewPriceBookEntry(partner, product, (price * D("0.8")).quantize(D("0.01")), START),
        ]
    for sku in ("SW-ANL", "SW-SEC"):
        list_price = PRICES[sku][0]
        entries.append(
            NewPriceBookEntry(
                enterprise, p[sku].id, (list_price * D("0.9")).quantize(D("0.01")), START
            )
        )
    for entry in entries:
        await create_price_book_entry(session, actor, now, entry)


def _tiers(*tiers: tuple[int, int | None, str]) -> list[TierSpec]:
    return [TierSpec(low, D(percent), high) for low, high, percent in tiers]


async def _rules(session: AsyncSession, actor: Actor, now: datetime, p: dict[str, Product]) -> None:
    quantity, term = ScheduleBasis.QUANTITY, ScheduleBasis.TERM_MONTHS
    all_units, graduated = TierMethod.ALL_UNITS, TierMethod.GRADUATED
    volume = _tiers((1, 99, "0"), (100, 499, "10"), (500, None, "18"))
    slabs = _tiers((1, 249, "0"), (250, 999, "15"), (1000, None, "25"))
    years = _tiers((1, 23, "0"), (24, 35, "5"), (36, None, "8"))
    schedules = [
        NewDiscountSchedule(
            "Analytics volume tiers", quantity, all_units, START, volume, p["SW-ANL"].id
        ),
        NewDiscountSchedule(
            "Security graduated tiers", quantity, graduated, START, slabs, p["SW-SEC"].id
        ),
        NewDiscountSchedule(
            "Multi-year support term", term, all_units, START, years, family="Services"
        ),
    ]
    for schedule in schedules:
        await create_discount_schedule(session, actor, now, schedule)
    bands = [BandSpec(1, D("1000"), 10), BandSpec(11, D("4000"), 50), BandSpec(51, D("9000"))]
    await create_block_price(
        session,
        actor,
        now,
        NewBlockPrice("API Gateway user blocks", p["SW-API"].id, "USD", START, bands),
    )
    promotions = [
        NewPromotion(
            "Q4 Hardware Push",
            BenefitKind.PERCENT,
            date(2026, 10, 1),
            percent=D("5"),
            family="Hardware",
            priority=50,
            stackable=True,
            valid_to=date(2027, 1, 1),
        ),
        NewPromotion(
            "Training launch offer",
            BenefitKind.AMOUNT,
            START,
            amount=D("250"),
            currency="USD",
            product_id=p["SVC-TRN"].id,
            priority=10,
            stackable=False,
        ),
    ]
    for promotion in promotions:
        await create_promotion(session, actor, now, promotion)
    acme = await account_id_named(session, "Acme Manufacturing")
    if acme is not None:
        for sku, price in (("SW-ANL", D("36")), ("SUP-PRM", D("780"))):
            contract = NewContractedPrice(acme, p[sku].id, price, "USD", START)
            await create_contracted_price(session, actor, now, contract)
