"""The demo catalog: hardware, subscriptions and services; a configurable server bundle with
rules; USD, EUR and partner books; tiers, block and term pricing; a promotion; contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.catalog import (
    AttributeType,
    BundleFeature,
    BundleOption,
    ConfigurationRule,
    ConfigurationRuleKind,
    OptionType,
    Product,
    ProductAttribute,
    ProductCost,
    QuantityMode,
)
from db.models.price_books import ContractedPrice, PriceBook, PriceBookEntry
from db.models.pricing_rules import (
    BenefitKind,
    BlockPrice,
    DiscountSchedule,
    DiscountTier,
    PriceBlock,
    Promotion,
    ScheduleBasis,
    TierMethod,
)

START = date(2026, 1, 1)
D = Decimal

# sku, name, family, unit, USD list, USD floor, USD cost, description
PRODUCTS = [
    (
        "SRV-EDGE",
        "Edge Server Bundle",
        "Hardware",
        "EACH",
        D("4000"),
        D("3200"),
        D("2100"),
        "Configurable edge server",
    ),
    (
        "CHS-S",
        "Compact Chassis",
        "Hardware",
        "EACH",
        D("600"),
        D("450"),
        D("300"),
        "1U chassis, up to 2 TB",
    ),
    (
        "CHS-L",
        "Large Chassis",
        "Hardware",
        "EACH",
        D("1100"),
        D("850"),
        D("520"),
        "2U chassis, up to 16 TB",
    ),
    (
        "SSD-1T",
        "1 TB NVMe Drive",
        "Hardware",
        "EACH",
        D("180"),
        D("140"),
        D("90"),
        "Storage module",
    ),
    (
        "SSD-4T",
        "4 TB NVMe Drive",
        "Hardware",
        "EACH",
        D("520"),
        D("420"),
        D("300"),
        "Storage module",
    ),
    (
        "GPU-A",
        "Inference GPU",
        "Hardware",
        "EACH",
        D("2400"),
        D("2000"),
        D("1500"),
        "AI accelerator card",
    ),
    (
        "PSU-HP",
        "High-Power Supply",
        "Hardware",
        "EACH",
        D("250"),
        D("200"),
        D("110"),
        "Needed by GPUs",
    ),
    (
        "SUP-BAS",
        "Basic Support",
        "Services",
        "YEAR",
        D("300"),
        D("240"),
        D("60"),
        "Next-business-day support",
    ),
    (
        "SUP-PRM",
        "Premium Support",
        "Services",
        "YEAR",
        D("900"),
        D("700"),
        D("200"),
        "24x7 support, 4h on site",
    ),
    (
        "SW-ANL",
        "Analytics Cloud",
        "Software",
        "USER_MONTH",
        D("45"),
        D("30"),
        D("6"),
        "Per-user subscription",
    ),
    (
        "SW-SEC",
        "Security Suite",
        "Software",
        "DEVICE_MONTH",
        D("12"),
        D("8"),
        D("1.5"),
        "Per-device subscription",
    ),
    (
        "SW-API",
        "API Gateway",
        "Software",
        "USER",
        D("250"),
        None,
        D("20"),
        "Licensed in blocks of users",
    ),
    (
        "SVC-INST",
        "Installation Service",
        "Services",
        "DAY",
        D("1400"),
        D("1100"),
        D("700"),
        "On-site engineer day",
    ),
    (
        "SVC-TRN",
        "Training Workshop",
        "Services",
        "EACH",
        D("2500"),
        D("2000"),
        D("900"),
        "Half-day training",
    ),
]
EUR_RATE = D("0.92")


def _eur(value: Decimal) -> Decimal:
    return (value * EUR_RATE).quantize(D("1"))


async def _book(session: AsyncSession, name: str, currency: str, **scope: object) -> PriceBook:
    book = await session.scalar(select(PriceBook).where(PriceBook.name == name))
    if book is None:
        book = PriceBook(name=name, currency=currency, **scope)
        session.add(book)
        await session.flush()
    return book


async def load_catalog(session: AsyncSession) -> int:
    """Load the demo catalog once; returns how many products the catalog has."""
    if await session.scalar(select(Product).where(Product.sku == "SRV-EDGE")) is not None:
        return len(PRODUCTS)
    products: dict[str, Product] = {}
    for sku, name, family, unit, _, _, cost, description in PRODUCTS:
        product = Product(
            sku=sku, name=name, family=family, unit_of_measure=unit, description=description
        )
        session.add(product)
        await session.flush()
        session.add(ProductCost(product_id=product.id, currency="USD", unit_cost=cost))
        session.add(ProductCost(product_id=product.id, currency="EUR", unit_cost=_eur(cost)))
        products[sku] = product
    await session.flush()
    await _bundle(session, products)
    await _books(session, products)
    await _rules(session, products)
    return len(PRODUCTS)


async def _bundle(session: AsyncSession, p: dict[str, Product]) -> None:
    edge = p["SRV-EDGE"]
    session.add(
        ProductAttribute(
            product_id=edge.id,
            code="storage_tb",
            name="Usable storage (TB)",
            type=AttributeType.NUMBER,
            required=True,
        )
    )
    session.add(
        ProductAttribute(
            product_id=edge.id,
            code="rack",
            name="Rack type",
            type=AttributeType.CHOICE,
            choices=["STANDARD", "SHALLOW"],
        )
    )
    features = {
        "Chassis": (
            1,
            1,
            [
                ("CHS-S", OptionType.OPTIONAL, QuantityMode.PER_PARENT),
                ("CHS-L", OptionType.OPTIONAL, QuantityMode.PER_PARENT),
            ],
        ),
        "Storage": (
            1,
            2,
            [
                ("SSD-1T", OptionType.OPTIONAL, QuantityMode.PER_PARENT),
                ("SSD-4T", OptionType.OPTIONAL, QuantityMode.PER_PARENT),
            ],
        ),
        "Acceleration": (0, 1, [("GPU-A", OptionType.OPTIONAL, QuantityMode.PER_PARENT)]),
        "Power": (0, 1, [("PSU-HP", OptionType.OPTIONAL, QuantityMode.PER_PARENT)]),
        "Support": (
            1,
            1,
            [
                ("SUP-BAS", OptionType.INCLUDED, QuantityMode.PER_PARENT),
                ("SUP-PRM", OptionType.OPTIONAL, QuantityMode.PER_PARENT),
            ],
        ),
        "Services": (0, 1, [("SVC-INST", OptionType.REQUIRED, QuantityMode.FIXED)]),
    }
    options: dict[str, BundleOption] = {}
    for position, (name, (low, high, choices)) in enumerate(features.items()):
        feature = BundleFeature(
            bundle_id=edge.id, name=name, min_options=low, max_options=high, position=position
        )
        session.add(feature)
        await session.flush()
        for index, (sku, kind, mode) in enumerate(choices):
            option = BundleOption(
                feature_id=feature.id,
                product_id=p[sku].id,
                option_type=kind,
                default_quantity=1,
                min_quantity=1,
                max_quantity=8 if sku.startswith("SSD") else 4,
                quantity_mode=mode,
                position=index,
            )
            session.add(option)
            options[sku] = option
    await session.flush()
    rules = [
        ConfigurationRule(
            bundle_id=edge.id,
            kind=ConfigurationRuleKind.REQUIRES,
            option_id=options["GPU-A"].id,
            target_option_id=options["CHS-L"].id,
            message="The inference GPU only fits the large chassis.",
        ),
        ConfigurationRule(
            bundle_id=edge.id,
            kind=ConfigurationRuleKind.EXCLUDES,
            option_id=options["CHS-S"].id,
            target_option_id=options["SSD-4T"].id,
            message="4 TB drives do not fit the compact chassis.",
        ),
        ConfigurationRule(
            bundle_id=edge.id,
            kind=ConfigurationRuleKind.AUTO_ADD,
            option_id=options["GPU-A"].id,
            target_option_id=options["PSU-HP"].id,
            quantity=1,
        ),
        ConfigurationRule(
            bundle_id=edge.id,
            kind=ConfigurationRuleKind.ATTRIBUTE_CONSTRAINT,
            condition={"attribute": "storage_tb", "operator": "GE", "value": "4"},
            target_option_id=options["CHS-L"].id,
            message="4 TB or more needs the large chassis.",
        ),
    ]
    session.add_all(rules)


async def _books(session: AsyncSession, p: dict[str, Product]) -> None:
    usd = await _book(session, "Standard USD", "USD", is_standard=True)
    eur = await _book(session, "Standard EUR", "EUR", is_standard=True)
    partner = await _book(session, "Partner USD", "USD", channel="PARTNER")
    enterprise = await _book(session, "Enterprise USD", "USD", segment="ENTERPRISE")
    for sku, _, _, _, price, floor, _, _ in PRODUCTS:
        product = p[sku]
        session.add(
            PriceBookEntry(
                price_book_id=usd.id,
                product_id=product.id,
                unit_price=price,
                floor_price=floor,
                valid_from=START,
            )
        )
        session.add(
            PriceBookEntry(
                price_book_id=eur.id,
                product_id=product.id,
                unit_price=_eur(price),
                floor_price=_eur(floor) if floor is not None else None,
                valid_from=START,
            )
        )
        session.add(
            PriceBookEntry(
                price_book_id=partner.id,
                product_id=product.id,
                unit_price=(price * D("0.8")).quantize(D("0.01")),
                valid_from=START,
            )
        )
    for sku in ("SW-ANL", "SW-SEC"):
        list_price = next(row[4] for row in PRODUCTS if row[0] == sku)
        session.add(
            PriceBookEntry(
                price_book_id=enterprise.id,
                product_id=p[sku].id,
                unit_price=(list_price * D("0.9")).quantize(D("0.01")),
                valid_from=START,
            )
        )
    await session.flush()


async def _rules(session: AsyncSession, p: dict[str, Product]) -> None:
    volume = DiscountSchedule(
        name="Analytics volume tiers",
        basis=ScheduleBasis.QUANTITY,
        method=TierMethod.ALL_UNITS,
        product_id=p["SW-ANL"].id,
        valid_from=START,
    )
    slabs = DiscountSchedule(
        name="Security graduated tiers",
        basis=ScheduleBasis.QUANTITY,
        method=TierMethod.GRADUATED,
        product_id=p["SW-SEC"].id,
        valid_from=START,
    )
    term = DiscountSchedule(
        name="Multi-year support term",
        basis=ScheduleBasis.TERM_MONTHS,
        method=TierMethod.ALL_UNITS,
        family="Services",
        valid_from=START,
    )
    session.add_all([volume, slabs, term])
    await session.flush()
    session.add_all(
        [
            DiscountTier(
                schedule_id=volume.id, from_quantity=1, to_quantity=99, discount_percent=D("0")
            ),
            DiscountTier(
                schedule_id=volume.id, from_quantity=100, to_quantity=499, discount_percent=D("10")
            ),
            DiscountTier(
                schedule_id=volume.id, from_quantity=500, to_quantity=None, discount_percent=D("18")
            ),
            DiscountTier(
                schedule_id=slabs.id, from_quantity=1, to_quantity=249, discount_percent=D("0")
            ),
            DiscountTier(
                schedule_id=slabs.id, from_quantity=250, to_quantity=999, discount_percent=D("15")
            ),
            DiscountTier(
                schedule_id=slabs.id, from_quantity=1000, to_quantity=None, discount_percent=D("25")
            ),
            DiscountTier(
                schedule_id=term.id, from_quantity=1, to_quantity=23, discount_percent=D("0")
            ),
            DiscountTier(
                schedule_id=term.id, from_quantity=24, to_quantity=35, discount_percent=D("5")
            ),
            DiscountTier(
                schedule_id=term.id, from_quantity=36, to_quantity=None, discount_percent=D("8")
            ),
        ]
    )
    api = BlockPrice(
        name="API Gateway user blocks", product_id=p["SW-API"].id, currency="USD", valid_from=START
    )
    session.add(api)
    await session.flush()
    session.add_all(
        [
            PriceBlock(block_price_id=api.id, from_quantity=1, to_quantity=10, price=D("1000")),
            PriceBlock(block_price_id=api.id, from_quantity=11, to_quantity=50, price=D("4000")),
            PriceBlock(block_price_id=api.id, from_quantity=51, to_quantity=None, price=D("9000")),
        ]
    )
    session.add(
        Promotion(
            name="Q4 Hardware Push",
            kind=BenefitKind.PERCENT,
            percent=D("5"),
            family="Hardware",
            priority=50,
            stackable=True,
            valid_from=date(2026, 10, 1),
            valid_to=date(2027, 1, 1),
        )
    )
    session.add(
        Promotion(
            name="Training launch offer",
            kind=BenefitKind.AMOUNT,
            amount=D("250"),
            currency="USD",
            product_id=p["SVC-TRN"].id,
            priority=10,
            stackable=False,
            valid_from=START,
        )
    )
    acme = await session.scalar(select(Account).where(Account.name == "Acme Manufacturing"))
    if acme is not None:
        session.add(
            ContractedPrice(
                account_id=acme.id,
                product_id=p["SW-ANL"].id,
                currency="USD",
                unit_price=D("36"),
                valid_from=START,
            )
        )
        session.add(
            ContractedPrice(
                account_id=acme.id,
                product_id=p["SUP-PRM"].id,
                currency="USD",
                unit_price=D("780"),
                valid_from=START,
            )
        )
