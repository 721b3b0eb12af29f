"""Loading everything the pricing engine needs for one quote, in a fixed number of queries.

However many lines a quote has, this runs the same eight statements: each query takes
the whole set of product ids at once, and a rule's parts (a book's entries, a schedule's
tiers, a block price's blocks, a bundle's options) come joined to it.

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
) -> tuple[Account, User | None] | None:
    """An account and a user (a quote's owner, whose discount authority applies): from the
    session when it holds both, else in one statement; None when there is no such account."""
    account = session.identity_map.get(Session.identity_key(Account, account_id))
    user = session.identity_map.get(Session.identity_key(User, user_id))
    if account is not None and user is not None:
        return account, user
    row = (
        await session.execute(
            select(Account, User)
            .outerjoin(User, User.id == user_id)
            .where(Account.id == account_id)
        )
    ).first()
    return None if row is None else (row[0], row[1])


def _valid_on(model: type, on: date):  # type: ignore[no-untyped-def]
    return and_(model.valid_from <= on, or_(model.valid_to.is_(None), model.valid_to > on))


async def _in_effect(
    session: AsyncSession, model: Any, on: date, *conditions: Any
) -> Sequence[Any]:
    """The rows of the effective-dated ``model`` that are in effect ``on`` and meet
    ``conditions``."""
    return (await session.scalars(select(model).where(*conditions, _valid_on(model, on)))).all()


async def _with_children(
    session: AsyncSession,
    parent: Any,
    child_key: Any,
    *where: Any,
    child_where: Sequence[Any] = (),
    order_by: Sequence[Any] = (),
) -> tuple[list[Any], dict[int, list[Any]]]:
    """The ``parent`` rows meeting ``where`` and, in the same statement, the child rows whose
    ``child_key`` names them (and that meet ``child_where``), grouped by the parent's id in
    ``order_by`` order."""
    child = child_key.class_
    stmt = (
        select(parent, child)
        .outerjoin(child, and_(child_key == parent.id, *child_where))
        .where(*where)
        .order_by(parent.id, *order_by, child.id)
    )
    parents: dict[int, Any] = {}
    children: dict[int, list[Any]] = defaultdict(list)
    for row, kid in await session.execute(stmt):
        parents.setdefault(row.id, row)
        if kid is not None:
            children[row.id].append(kid)
    return list(parents.values()), children


async def load_catalog_slice(session: AsyncSession, product_ids: Collection[int]) -> CatalogSlice:
    """The products asked for, plus every product their bundles offer as options."""
    slice_ = CatalogSlice()
    ids = set(product_ids)
    in_bundles = BundleFeature.bundle_id.in_(ids)
    features, options = await _with_children(
        session, BundleFeature, BundleOption.feature_id, in_bundles
    )
    for feature in sorted(features, key=lambda f: (f.position, f.id)):
        slice_.features[feature.bundle_id].append(feature)
        for option in sorted(options.get(feature.id, ()), key=lambda o: (o.position, o.id)):
            slice_.options[feature.id].append(option)
            ids.add(option.product_id)

    by_position = (ProductAttribute.position,)
    products, attributes = await _with_children(
        session, Product, ProductAttribute.product_id, Product.id.in_(ids), order_by=by_position
    )
    slice_.products.update((product.id, product) for product in products)
    slice_.attributes.update(attributes)
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

    books, entries = await _with_children(
        session,
        PriceBook,
        PriceBookEntry.price_book_id,
        PriceBook.active,
        or_(PriceBook.segment.is_(None), PriceBook.segment == account.segment),
        or_(PriceBook.region.is_(None), PriceBook.region == account.region),
        or_(PriceBook.channel.is_(None), PriceBook.channel == channel),
        child_where=(PriceBookEntry.product_id.in_(ids), _valid_on(PriceBookEntry, on)),
    )

    contracts = await _in_effect(
        session,
        ContractedPrice,
        on,
        ContractedPrice.account_id == account.id,
        ContractedPrice.product_id.in_(ids),
    )

    schedules, tiers = await _with_children(
        session,
        DiscountSchedule,
        DiscountTier.schedule_id,
        DiscountSchedule.active,
        or_(DiscountSchedule.product_id.in_(ids), DiscountSchedule.family.in_(families)),
        _valid_on(DiscountSchedule, on),
        order_by=(DiscountTier.from_quantity,),
    )
    block_prices, blocks = await _with_children(
        session,
        BlockPrice,
        PriceBlock.block_price_id,
        BlockPrice.active,
        BlockPrice.product_id.in_(ids),
        _valid_on(BlockPrice, on),
        order_by=(PriceBlock.from_quantity,),
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
