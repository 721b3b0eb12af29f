"""Catalog browsing and search, price books, promotions, and the live pricing previews."""

from __future__ import annotations

import re

import strawberry
from sqlalchemy import and_, exists, func, or_, select

from db.models.catalog import Product as ProductRow
from db.models.catalog import ProductAttribute as AttributeRow
from db.models.price_books import PriceBook as PriceBookRow
from db.models.pricing_rules import Promotion as PromotionRow
from schema.text_limits import Family, Sku
from resolvers.pagination import PageRequest, paginate
from schema.permissions import signed_in
from schema.types.catalog import Product, ProductConnection
from schema.types.price_books import PriceBook, PriceBookConnection, Promotion, PromotionConnection

WORD = re.compile(r"[\w.-]+", re.UNICODE)


def prefix_query(text: str) -> str | None:
    """'stor serv' → 'stor:* & serv:*', so a search matches as the rep types."""
    words = WORD.findall(text.lower())
    return " & ".join(f"{w}:*" for w in words) or None


@strawberry.input
class AttributeFilter:
    code: Sku = strawberry.field(description="Products that have this attribute…")
    choice: str | None = strawberry.field(default=None, description="…offering this choice.")


@strawberry.input
class ProductFilter:
    search: str | None = strawberry.field(default=None, description="Words from SKU, name, family or description.")
    family: Family | None = None
    attribute: AttributeFilter | None = None
    active: bool | None = strawberry.field(default=True, description="Active products only, by default.")
    bundles_only: bool = False


@strawberry.type
class CatalogQueries:
    @strawberry.field(extensions=signed_in(), description="Browse and search the catalog.")
    async def products(
        self,
        info: strawberry.Info,
        filter: ProductFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> ProductConnection:
        filter = filter or ProductFilter()
        stmt = select(ProductRow)
        if filter.active is not None:
            stmt = stmt.where(ProductRow.active.is_(filter.active))
        if filter.search and (query := prefix_query(filter.search)):
            stmt = stmt.where(
                or_(
                    ProductRow.search_vector.op("@@")(func.to_tsquery("simple", query)),
                    ProductRow.sku.ilike(f"%{filter.search.strip()}%"),
                )
            )
        if filter.family:
            stmt = stmt.where(func.lower(ProductRow.family) == filter.family.strip().lower())
        if filter.attribute is not None:
            condition = and_(AttributeRow.product_id == ProductRow.id, AttributeRow.code == filter.attribute.code)
            if filter.attribute.choice is not None:
                condition = and_(condition, AttributeRow.choices.any_() == filter.attribute.choice)
            stmt = stmt.where(exists().where(condition))
        if filter.bundles_only:
            from db.models.catalog import BundleFeature

            stmt = stmt.where(exists().where(BundleFeature.bundle_id == ProductRow.id))
        return await paginate(
            info,
            stmt,
            keys=[ProductRow.name, ProductRow.id],
            request=PageRequest(first=first, after=after, last=last, before=before),
            to_node=Product.from_row,
            connection=ProductConnection,
        )

    @strawberry.field(extensions=signed_in(), description="Price books, standard ones first.")
    async def price_books(
        self,
        info: strawberry.Info,
        currency: str | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> PriceBookConnection:
        stmt = select(PriceBookRow)
        if currency:
            stmt = stmt.where(PriceBookRow.currency == currency.upper())
        return await paginate(
            info,
            stmt,
            keys=[PriceBookRow.name, PriceBookRow.id],
            request=PageRequest(first=first, after=after, last=last, before=before),
            to_node=PriceBook.from_row,
            connection=PriceBookConnection,
        )

    @strawberry.field(extensions=signed_in(), description="Promotions, active ones by default.")
    async def promotions(
        self,
        info: strawberry.Info,
        active: bool | None = True,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> PromotionConnection:
        stmt = select(PromotionRow)
        if active is not None:
            stmt = stmt.where(PromotionRow.active.is_(active))
        return await paginate(
            info,
            stmt,
            keys=[PromotionRow.name, PromotionRow.id],
            request=PageRequest(first=first, after=after, last=last, before=before),
            to_node=Promotion.from_row,
            connection=PromotionConnection,
        )
