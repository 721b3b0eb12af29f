"""The quote, pricing and catalog types as a typed client reads them (issue 13): links the
data guarantees are non-null, currencies are ``CurrencyCode``, every ``id`` is a Relay node's,
and every Decimal field states its scale."""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from tests.schema.conftest import FieldAt

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
def test_links_the_data_guarantees_are_non_null(field_at: FieldAt, path: str) -> None:
    assert isinstance(field_at(path).type, GraphQLNonNull), path


@pytest.mark.parametrize(
    "path",
    ["PricedQuote.currency", "SharedQuote.currency", "Quote.currency", "PriceBook.currency"],
)
def test_currencies_are_currency_codes(field_at: FieldAt, path: str) -> None:
    field_type = field_at(path).type
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
    field_at: FieldAt, type_name: str, field_name: str
) -> None:
    field = field_at(f"{type_name}.{field_name}")
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
    field_at: FieldAt, path: str, type_name: str
) -> None:
    assert get_named_type(field_at(path).type).name == type_name
