"""Catalog browsing and search, price books, promotions, and the live pricing previews."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import Select

from db.models.catalog import Product as ProductRow
from db.models.price_books import PriceBook as PriceBookRow
from db.models.pricing_rules import Promotion as PromotionRow
from db.queries.catalog import price_books_statement, products_statement, promotions_statement
from resolvers.pagination import Listing
from schema.permissions import signed_in
from schema.scalars import CurrencyCode
from schema.text_limits import Family, Sku
from schema.types.catalog import Product, ProductConnection
from schema.types.price_books import PriceBook, PriceBookConnection, Promotion, PromotionConnection


@strawberry.input(
    description=(
        "Products by attribute: those that have an attribute, optionally offering one choice."
    )
)
class AttributeFilter:
    code: Sku
    """Products that have this attribute…"""
    choice: str | None = None
    """…offering this choice."""


@strawberry.input(description="Narrows `products`; every field given must hold.")
class ProductFilter:
    search: str | None = None
    """Words from SKU, name, family or description."""
    family: Family | None = None
    """Only this product family (case-insensitive)."""
    attribute: AttributeFilter | None = None
    """Only products with this attribute (and choice)."""
    active: bool | None = True
    """Active products only, by default."""
    bundles_only: bool = False
    """true: only configurable bundles; false (the default): every product."""


ProductFilterArgument = Annotated[
    ProductFilter | None,
    strawberry.argument(description="Only the products that match; active ones when null."),
]


PRODUCTS = Listing((ProductRow.name, ProductRow.id), ProductConnection, Product.from_row)
PRICE_BOOKS = Listing((PriceBookRow.name, PriceBookRow.id), PriceBookConnection, PriceBook.from_row)
PROMOTIONS = Listing((PromotionRow.name, PromotionRow.id), PromotionConnection, Promotion.from_row)


@strawberry.type
class CatalogQueries:
    @PRODUCTS.field(signed_in(), "Browse and search the catalog.")
    def products(
        self,
        info: strawberry.Info,
        filter: ProductFilterArgument = None,
    ) -> Select[Any]:
        filter = filter or ProductFilter()
        return products_statement(
            active=filter.active,
            search=filter.search,
            family=filter.family,
            attribute_code=None if filter.attribute is None else filter.attribute.code,
            attribute_choice=None if filter.attribute is None else filter.attribute.choice,
            bundles_only=filter.bundles_only,
        )

    @PRICE_BOOKS.field(signed_in(), "Price books (active or not, standard or scoped), by name.")
    def price_books(
        self,
        info: strawberry.Info,
        currency: Annotated[
            CurrencyCode | None,
            strawberry.argument(
                description="Only the books in this currency (ISO 4217); all currencies by default."
            ),
        ] = None,
    ) -> Select[Any]:
        return price_books_statement(currency)

    @PROMOTIONS.field(signed_in(), "Promotions, by name; active ones by default.")
    def promotions(
        self,
        info: strawberry.Info,
        active: Annotated[
            bool | None,
            strawberry.argument(
                description="true: active promotions only (the default); false: inactive ones only;"
                " null: both."
            ),
        ] = True,
    ) -> Select[Any]:
        return promotions_statement(active)
