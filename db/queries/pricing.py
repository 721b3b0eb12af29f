"""Loading everything the pricing engine needs for one quote, in a fixed number of queries.

However many lines a quote has, this runs the same dozen statements: each
query takes the whole set of product ids at once.

Price books and block prices are loaded in every currency, not only the
quote's: the engine chooses the quote currency's price where one exists and
reports CURRENCY_MISMATCH (not NO_PRICE) for a product priced only in another
currency, so the rep learns why the line has no price.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from db.models import (
    Account,
    BlockPrice,
    BundleFeature,
    BundleOption,
    ConfigurationRule,
    ContractedPrice,
    DiscountSchedule,
    DiscountTier,
    PriceBlock,
    PriceBook,
    PriceBookEntry,
    Product,
    ProductAttribute,
    ProductCost,
    Promotion,
    User,
)
from db.queries.batches import grouped_rows


@dataclass(slots=True)
class CatalogSlice:
    """Products (with bundle options pulled in), their attributes, bundles and costs."""

    products: dict[int, Product] = field(default_factory=dict)
    attributes: dict[int, list[ProductAttribute]] = field(default_factory=lambda: defaultdict(list))
    features: dict[int, list[BundleFeature]] = field(default_factory=lambda: defaultdict(list))
    options: dict[int, list[BundleOption]] = field(default_factory=lambda: defaultdict(list))
    rules: dict[int, list[ConfigurationRule]] = field(default_factory=lambda: defaultdict(list))
    costs: dict[int, list[ProductCost]] = field(default_factory=lambda: defaultdict(list))


@dataclass(slots=True)
class PricingData:
    catalog: CatalogSlice
    books: list[PriceBook]
    entries: dict[int, list[PriceBookEntry]]
    contracts: list[ContractedPrice]
    schedules: list[DiscountSchedule]
    tiers: dict[int, list[DiscountTier]]
    block_prices: list[BlockPrice]
    blocks: dict[int, list[PriceBlock]]
    promotions: list[Promotion]


async def account_and_user(
    session: AsyncSession, account_id: int, user_id: int
) -> tuple[Account, User | None]:
    """An account and a user (a quote's owner, whose discount authority applies): from the
    session when it holds both, else in one statement."""
    account = session.identity_map.get(Session.identity_key(Account, account_id))
    user = session.identity_map.get(Session.identity_key(User, user_id))
    if account is None or user is None:
        account, user = (
            await session.execute(
                select(Account, User)
                .outerjoin(User, User.id == user_id)
                .where(Account.id == account_id)
            )
        ).one()
    return account, user


def _valid_on(model: type, on: date):  # type: ignore[no-untyped-def]
    return and_(model.valid_from <= on, or_(model.valid_to.is_(None), model.valid_to > on))


async def _in_effect(
    session: AsyncSession, model: Any, on: date, *conditions: Any
) -> Sequence[Any]:
    """The rows of the effective-dated ``model`` that are in effect ``on`` and meet
    ``conditions``."""
    return (await session.scalars(select(model).where(*conditions, _valid_on(model, on)))).all()


async def load_catalog_slice(session: AsyncSession, product_ids: Collection[int]) -> CatalogSlice:
    """The products asked for, plus every product their bundles offer as options."""
    slice_ = CatalogSlice()
    ids = set(product_ids)
    features = (
        await session.scalars(select(BundleFeature).where(BundleFeature.bundle_id.in_(ids)))
    ).all()
    feature_ids = [f.id for f in features]
    options = (
        (
            await session.scalars(
                select(BundleOption).where(BundleOption.feature_id.in_(feature_ids))
            )
        ).all()
        if feature_ids
        else []
    )
    for feature in sorted(features, key=lambda f: (f.position, f.id)):
        slice_.features[feature.bundle_id].append(feature)
    for option in sorted(options, key=lambda o: (o.position, o.id)):
        slice_.options[option.feature_id].append(option)
    ids |= {o.product_id for o in options}

    for product in (await session.scalars(select(Product).where(Product.id.in_(ids)))).all():
        slice_.products[product.id] = product
    for attribute in (
        await session.scalars(
            select(ProductAttribute)
            .where(ProductAttribute.product_id.in_(ids))
            .order_by(ProductAttribute.position, ProductAttribute.id)
        )
    ).all():
        slice_.attributes[attribute.product_id].append(attribute)
    for rule in (
        await session.scalars(
            select(ConfigurationRule)
            .where(ConfigurationRule.bundle_id.in_(ids), ConfigurationRule.active)
            .order_by(ConfigurationRule.id)
        )
    ).all():
        slice_.rules[rule.bundle_id].append(rule)
    for cost in (
        await session.scalars(select(ProductCost).where(ProductCost.product_id.in_(ids)))
    ).all():
        slice_.costs[cost.product_id].append(cost)
    return slice_


async def load_pricing_data(
    session: AsyncSession,
    *,
    account: Account,
    on: date,
    product_ids: Collection[int],
    channel: str | None = None,
) -> PricingData:
    """Everything that can price ``product_ids`` for ``account`` on ``on``, in any currency."""
    catalog = await load_catalog_slice(session, product_ids)
    ids = list(catalog.products)
    families = sorted({p.family for p in catalog.products.values() if p.family})

    books = (
        await session.scalars(
            select(PriceBook).where(
                PriceBook.active,
                or_(PriceBook.segment.is_(None), PriceBook.segment == account.segment),
                or_(PriceBook.region.is_(None), PriceBook.region == account.region),
                or_(PriceBook.channel.is_(None), PriceBook.channel == channel),
            )
        )
    ).all()
    entries: dict[int, list[PriceBookEntry]] = defaultdict(list)
    if books:
        for entry in (
            await session.scalars(
                select(PriceBookEntry).where(
                    PriceBookEntry.price_book_id.in_([b.id for b in books]),
                    PriceBookEntry.product_id.in_(ids),
                    _valid_on(PriceBookEntry, on),
                )
            )
        ).all():
            entries[entry.price_book_id].append(entry)

    contracts = await _in_effect(
        session,
        ContractedPrice,
        on,
        ContractedPrice.account_id == account.id,
        ContractedPrice.product_id.in_(ids),
    )

    targets = or_(DiscountSchedule.product_id.in_(ids), DiscountSchedule.family.in_(families))
    schedules = await _in_effect(session, DiscountSchedule, on, DiscountSchedule.active, targets)
    tiers = await grouped_rows(
        session, DiscountTier.schedule_id, (s.id for s in schedules), DiscountTier.from_quantity
    )

    block_prices = await _in_effect(
        session, BlockPrice, on, BlockPrice.active, BlockPrice.product_id.in_(ids)
    )
    blocks = await grouped_rows(
        session, PriceBlock.block_price_id, (b.id for b in block_prices), PriceBlock.from_quantity
    )

    promotions = await _in_effect(
        session,
        Promotion,
        on,
        Promotion.active,
        or_(Promotion.product_id.is_(None), Promotion.product_id.in_(ids)),
        or_(Promotion.family.is_(None), Promotion.family.in_(families)),
        or_(Promotion.segment.is_(None), Promotion.segment == account.segment),
    )
    return PricingData(
        catalog=catalog,
        books=list(books),
        entries=entries,
        contracts=list(contracts),
        schedules=list(schedules),
        tiers=tiers,
        block_prices=list(block_prices),
        blocks=blocks,
        promotions=list(promotions),
    )
