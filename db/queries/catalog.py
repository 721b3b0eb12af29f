"""Reading the catalog for its maintenance use cases: products, bundles, rules, book scopes.

Small async queries, one question each; the use cases in ``services/catalog``
decide and write through the ORM unit of work. The browse list (``products``)
is built here as a statement the caller pages through.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, and_, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base
from db.models.catalog import (
    BundleFeature,
    BundleOption,
    ConfigurationRule,
    ConfigurationRuleKind,
    Product,
    ProductAttribute,
    ProductCost,
)
from db.models.price_books import PriceBook
from db.models.pricing_rules import Promotion
from db.queries.listing import matching

M = TypeVar("M", bound=Base)

WORD = re.compile(r"[\w.-]+", re.UNICODE)


# Products


async def product_id_with_sku(session: AsyncSession, sku: str) -> int | None:
    return await session.scalar(select(Product.id).where(Product.sku == sku))


async def products_by_ids(session: AsyncSession, ids: Collection[int]) -> dict[int, Product]:
    return {p.id: p for p in await session.scalars(select(Product).where(Product.id.in_(ids)))}


async def family_as_spelled(session: AsyncSession, family: str) -> str | None:
    """The family some product belongs to, compared without case, as the products spell it."""
    return await session.scalar(
        select(Product.family).where(func.lower(Product.family) == family.lower()).limit(1)
    )


async def product_costs(session: AsyncSession, product_id: int) -> list[ProductCost]:
    stmt = select(ProductCost).where(ProductCost.product_id == product_id)
    return list(await session.scalars(stmt.order_by(ProductCost.currency)))


async def product_attributes(session: AsyncSession, product_id: int) -> list[ProductAttribute]:
    stmt = select(ProductAttribute).where(ProductAttribute.product_id == product_id)
    return list(await session.scalars(stmt.order_by(ProductAttribute.position)))


def prefix_query(text: str) -> str | None:
    """'stor serv' → 'stor:* & serv:*', so a search matches as the rep types."""
    words = WORD.findall(text.lower())
    return " & ".join(f"{w}:*" for w in words) or None


def products_statement(
    *,
    active: bool | None,
    search: str | None,
    family: str | None,
    attribute_code: str | None,
    attribute_choice: str | None,
    bundles_only: bool,
) -> Select[tuple[Product]]:
    """The catalog browse list: ``search`` matches words (as prefixes) or a part of the SKU."""
    stmt = select(Product)
    if active is not None:
        stmt = stmt.where(Product.active.is_(active))
    if search and (search_query := prefix_query(search)):
        stmt = stmt.where(
            or_(
                Product.search_vector.op("@@")(func.to_tsquery("simple", search_query)),
                Product.sku.ilike(f"%{search.strip()}%"),
            )
        )
    if family:
        stmt = stmt.where(func.lower(Product.family) == family.strip().lower())
    if attribute_code is not None:
        condition = and_(
            ProductAttribute.product_id == Product.id, ProductAttribute.code == attribute_code
        )
        if attribute_choice is not None:
            condition = and_(condition, ProductAttribute.choices.any_() == attribute_choice)
        stmt = stmt.where(exists().where(condition))
    if bundles_only:
        stmt = stmt.where(exists().where(BundleFeature.bundle_id == Product.id))
    return stmt


# Bundles


async def bundle_structure(
    session: AsyncSession, bundle_id: int
) -> tuple[list[BundleFeature], list[BundleOption]]:
    """The bundle's features and their options, in display order."""
    features = list(
        await session.scalars(
            select(BundleFeature)
            .where(BundleFeature.bundle_id == bundle_id)
            .order_by(BundleFeature.position, BundleFeature.id)
        )
    )
    options = list(
        await session.scalars(
            select(BundleOption)
            .where(BundleOption.feature_id.in_([f.id for f in features]))
            .order_by(BundleOption.feature_id, BundleOption.position, BundleOption.id)
        )
    )
    return features, options


async def contained_products(
    session: AsyncSession, bundle_ids: Collection[int]
) -> list[tuple[int, int]]:
    """(bundle id, option product id) for every option of these bundles."""
    rows = await session.execute(
        select(BundleFeature.bundle_id, BundleOption.product_id)
        .join(BundleOption, BundleOption.feature_id == BundleFeature.id)
        .where(BundleFeature.bundle_id.in_(bundle_ids))
    )
    return [(bundle, product) for bundle, product in rows]


async def delete_bundle_parts(
    session: AsyncSession, option_ids: Sequence[int], feature_ids: Sequence[int]
) -> None:
    """Delete options, then features (the rules naming a deleted option cascade with it)."""
    if option_ids:
        await session.execute(delete(BundleOption).where(BundleOption.id.in_(option_ids)))
    if feature_ids:
        await session.execute(delete(BundleFeature).where(BundleFeature.id.in_(feature_ids)))


async def bundle_options_named(
    session: AsyncSession, bundle_id: int
) -> dict[int, tuple[BundleOption, str]]:
    """Every option of the bundle, by id, with its product's name."""
    rows = await session.execute(
        select(BundleOption, Product.name)
        .join(BundleFeature, BundleFeature.id == BundleOption.feature_id)
        .join(Product, Product.id == BundleOption.product_id)
        .where(BundleFeature.bundle_id == bundle_id)
    )
    return {option.id: (option, name) for option, name in rows}


# Configuration rules


async def active_rules(session: AsyncSession, bundle_id: int) -> list[ConfigurationRule]:
    rows = await session.scalars(
        select(ConfigurationRule)
        .where(ConfigurationRule.bundle_id == bundle_id, ConfigurationRule.active)
        .order_by(ConfigurationRule.id)
    )
    return list(rows)


async def requires_edges(session: AsyncSession, bundle_id: int) -> list[tuple[int, int]]:
    """(option, required option) of the bundle's active REQUIRES rules."""
    rows = await session.execute(
        select(ConfigurationRule.option_id, ConfigurationRule.target_option_id).where(
            ConfigurationRule.bundle_id == bundle_id,
            ConfigurationRule.kind == ConfigurationRuleKind.REQUIRES,
            ConfigurationRule.active,
        )
    )
    return [(a, b) for a, b in rows if a is not None and b is not None]


# Price books and effective-dated prices


async def price_book_id_named(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(PriceBook.id).where(PriceBook.name == name))


async def other_active_standard_book(
    session: AsyncSession, currency: str, book_id: int | None
) -> PriceBook | None:
    """The active standard book of ``currency`` other than ``book_id``."""
    return await session.scalar(
        select(PriceBook).where(
            PriceBook.currency == currency,
            PriceBook.is_standard,
            PriceBook.active,
            PriceBook.id != (book_id or 0),
        )
    )


async def first_overlap(
    session: AsyncSession,
    model: type[M],
    scope: Mapping[str, object],
    valid_from: date,
    valid_to: date | None,
) -> M | None:
    """The earliest row of ``model`` matching ``scope`` (column → value) whose dates
    overlap ``[valid_from, valid_to)``.

    Mirrors the ``refuse_overlapping_validity`` trigger (``daterange && daterange``),
    so the refusal comes with the clashing dates instead of a bare constraint name.
    """
    table: Any = model
    stmt = select(model).where(
        *(getattr(table, column) == value for column, value in scope.items()),
        or_(table.valid_to.is_(None), table.valid_to > valid_from),
    )
    if valid_to is not None:
        stmt = stmt.where(table.valid_from < valid_to)
    return await session.scalar(stmt.order_by(table.valid_from).limit(1))


# Browse lists of the other catalog aggregates


def price_books_statement(currency: str | None) -> Select[tuple[PriceBook]]:
    stmt = select(PriceBook)
    if currency:
        stmt = stmt.where(PriceBook.currency == currency.upper())
    return stmt


def promotions_statement(active: bool | None) -> Select[tuple[Promotion]]:
    return matching(Promotion, active=active)
