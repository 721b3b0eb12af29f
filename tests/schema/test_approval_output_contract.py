"""What the approval, user and scalar types promise a typed client, read from the SDL
and the builders: non-null links, Decimal scales, enums instead of strings, scalar specs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    build_schema,
    get_named_type,
)
from strawberry import relay

import approvals as engine
from db.codec.approvals import encode
from schema.types.approval_plan import counter_offer_type, shown
from schema.types.approval_rules import (
    ApprovalCondition,
    ManagerApprover,
    UserApprover,
    approver_type,
)

SDL = build_schema((Path(__file__).resolve().parents[2] / "schema" / "schema.graphql").read_text())


def _field_type(type_name: str, field: str) -> object:
    owner = SDL.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType)
    return owner.fields[field].type


@pytest.mark.parametrize(
    ("type_name", "field"),
    [
        ("ApprovalRequest", "quote"),
        ("ApprovalRequest", "submittedBy"),
        ("ApprovalDecision", "decidedBy"),
        ("ApprovalDecision", "onBehalfOf"),
        ("ApprovalComment", "author"),
        ("ApprovalSeat", "approver"),
        ("AuthSession", "user"),
    ],
)
def test_links_the_data_guarantees_are_non_null(type_name: str, field: str) -> None:
    assert isinstance(_field_type(type_name, field), GraphQLNonNull)


def test_a_rules_mode_is_the_approval_mode_enum_not_a_string() -> None:
    mode = _field_type("ApprovalRule", "mode")
    assert isinstance(mode, GraphQLNonNull) and mode.of_type.name == "ApprovalMode"


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("Date", "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"),
        ("DateTime", "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"),
        ("CurrencyCode", "https://www.iso.org/iso-4217-currency-codes.html"),
    ],
)
def test_scalars_with_a_spec_name_it(name: str, url: str) -> None:
    scalar = SDL.get_type(name)
    assert isinstance(scalar, GraphQLScalarType)
    assert scalar.specified_by_url == url
    assert scalar.description


def test_the_decimal_scalar_states_its_wire_format_and_that_fields_state_their_scale() -> None:
    decimal = SDL.get_type("Decimal")
    assert isinstance(decimal, GraphQLScalarType) and decimal.description
    assert "plain positional notation" in decimal.description
    assert "states its scale" in decimal.description


@pytest.mark.parametrize(
    ("type_name", "field"),
    [
        ("CounterOffer", "totalDiscountPercent"),
        ("CounterOfferLine", "discountPercent"),
        ("CounterOfferLine", "netUnitPrice"),
    ],
)
def test_every_decimal_field_of_the_approval_types_states_its_scale(
    type_name: str, field: str
) -> None:
    owner = SDL.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType)
    description = owner.fields[field].description or ""
    assert "decimal places" in description


@pytest.mark.parametrize(
    ("value", "dimension", "currency", "text"),
    [
        (Decimal("30"), "LINE_DISCOUNT", "USD", "30.00"),
        (Decimal("12.345"), "TOTAL_DISCOUNT", "USD", "12.35"),
        (Decimal("0E-10"), "MARGIN", "USD", "0.00"),
        (Decimal("-5.5"), "MARGIN", "USD", "-5.50"),
        (Decimal("158.1766666666666666666666667"), "NET_PRICE", "USD", "158.176667"),
        (Decimal("128.2500000000"), "NET_PRICE", "USD", "128.25"),
        (Decimal("1E+3"), "DEAL_SIZE", "USD", "1000.00"),
        (Decimal("1E+3"), "DEAL_SIZE", "JPY", "1000"),
        (Decimal("50000"), "DEAL_SIZE", "", "50000.00"),
        (True, "CLAUSES", "USD", "true"),
        (("Services", "Training"), "PRODUCTS", "USD", "Services, Training"),
        (None, "MARGIN", "USD", "unknown"),
    ],
)
def test_reasons_show_decimals_at_their_dimensions_scale_never_in_exponent_form(
    value: engine.conditions.Observed, dimension: str, currency: str, text: str
) -> None:
    assert shown(value, dimension, currency) == text


def test_a_counter_offer_shows_percents_at_two_places_and_unit_prices_at_minor_units() -> None:
    offer = engine.CounterOffer(
        lines=(
            engine.counter_offer.LineCounter("L1", discount_pct=Decimal("12.5")),
            engine.counter_offer.LineCounter("L2", net_unit_price=Decimal("95.5")),
            engine.counter_offer.LineCounter("L3", net_unit_price=Decimal("0.012500")),
        ),
        total_discount_pct=Decimal("7.125"),
        note="",
    )

    shown_offer = counter_offer_type(encode(offer), "USD")

    assert shown_offer is not None
    assert [(x.discount_percent, x.net_unit_price) for x in shown_offer.lines] == [
        (Decimal("12.50"), None),
        (None, Decimal("95.50")),
        (None, Decimal("0.0125")),
    ]
    assert [str(x.discount_percent) for x in shown_offer.lines[:1]] == ["12.5000"]
    assert str(shown_offer.total_discount_percent) == "7.1250"  # as written: 4 places
    assert counter_offer_type(None, "USD") is None


def test_rule_conditions_and_approvers_are_typed_as_written() -> None:
    line = ApprovalCondition.from_engine(
        engine.LineDiscountAbove(Decimal("0"), product_ids=("7",), families=("Hardware",))
    )
    margin = ApprovalCondition.from_engine(engine.MarginBelow(Decimal("12.5"), when_unknown=True))

    assert str(line.threshold_percent) == "0.0000"
    assert line.product_ids == [relay.GlobalID("Product", "7")]
    assert line.families == ["Hardware"] and line.amount is None and line.currency is None
    assert str(margin.threshold_percent) == "12.5000" and margin.when_unknown is True
    assert approver_type(engine.rules.UserApprover("42")) == UserApprover(user_id=42)
    assert approver_type(engine.rules.ManagerApprover(3)) == ManagerApprover(levels_up=3)
    named = {
        get_named_type(_field_type("ApprovalRule", f)).name for f in ("conditions", "approver")
    }
    assert named == {"ApprovalCondition", "ApprovalApprover"}


def test_a_reasons_dimension_is_an_enum_not_a_string() -> None:
    assert get_named_type(_field_type("ApprovalReason", "dimension")).name == "ApprovalDimension"
