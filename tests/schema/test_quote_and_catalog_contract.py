"""The quote, pricing and catalog types as a typed client reads them (issue 13): links the
data guarantees are non-null, currencies are ``CurrencyCode``, every ``id`` is a Relay node's,
and every Decimal field states its scale."""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)

from schema.assembly import build_schema as build_app_schema


@pytest.fixture(scope="module")
def sdl() -> GraphQLSchema:
    return build_schema(build_app_schema().as_str())


def _field(sdl: GraphQLSchema, path: str):  # type: ignore[no-untyped-def]
    type_name, field_name = path.split(".")
    owner = sdl.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType), type_name
    return owner.fields[field_name]


NON_NULL_LINKS = [
    "Quote.account",
    "Quote.owner",
    "QuoteLine.product",
    "Account.owner",
    "PriceBookEntry.product",
    "BlockPrice.product",
    "BundleOption.product",
    "ContractedPrice.product",
    "ContractedPrice.account",
]


@pytest.mark.parametrize("path", NON_NULL_LINKS)
def test_links_the_data_guarantees_are_non_null(sdl: GraphQLSchema, path: str) -> None:
    assert isinstance(_field(sdl, path).type, GraphQLNonNull), path


@pytest.mark.parametrize(
    "path",
    ["PricedQuote.currency", "SharedQuote.currency", "Quote.currency", "PriceBook.currency"],
)
def test_currencies_are_currency_codes(sdl: GraphQLSchema, path: str) -> None:
    field_type = _field(sdl, path).type
    assert isinstance(field_type, GraphQLNonNull)
    assert get_named_type(field_type).name == "CurrencyCode"


def test_every_object_with_an_id_is_a_node(sdl: GraphQLSchema) -> None:
    """An ``id`` a client can hold is a global ID that ``node`` resolves: no look-alikes."""
    node = sdl.get_type("Node")
    look_alikes = [
        name
        for name, t in sdl.type_map.items()
        if isinstance(t, GraphQLObjectType) and "id" in t.fields and node not in t.interfaces
    ]
    assert look_alikes == []


DECIMALS_WITH_A_SCALE = {
    "PricedLine": ["listUnitPrice", "netUnitPrice", "discountPercent", "marginPercent"],
    "PricedQuote": ["totalDiscountPercent", "marginPercent"],
    "WaterfallStep": ["unitPriceAfter"],
    "PriceBreach": ["threshold", "actual"],
    "QuoteLine": ["discountPercent", "discountAmount"],
    "SharedQuoteLine": ["listUnitPrice", "netUnitPrice", "discountPercent"],
    "PriceBookEntry": ["unitPrice", "floorPrice"],
    "DiscountTier": ["discountPercent"],
    "PriceBlockBand": ["price"],
    "Promotion": ["percent"],
}


@pytest.mark.parametrize(
    ("type_name", "field_name"),
    [(t, f) for t, fields in DECIMALS_WITH_A_SCALE.items() for f in fields],
)
def test_decimal_fields_state_their_scale(
    sdl: GraphQLSchema, type_name: str, field_name: str
) -> None:
    field = _field(sdl, f"{type_name}.{field_name}")
    assert get_named_type(field.type).name == "Decimal"
    description = field.description or ""
    stated = ("exactly 2 decimal places", "exactly 4 decimal places", "at most 6 decimal places")
    assert any(scale in description for scale in stated), description


@pytest.mark.parametrize(
    ("path", "type_name"),
    [
        ("SharedQuote.status", "QuoteStatus"),
        ("QuoteEvent.fromStatus", "QuoteStatus"),
        ("QuoteEvent.toStatus", "QuoteStatus"),
        ("QuoteLine.configuration", "LineConfiguration"),
    ],
)
def test_statuses_and_configurations_are_typed(
    sdl: GraphQLSchema, path: str, type_name: str
) -> None:
    assert get_named_type(_field(sdl, path).type).name == type_name
