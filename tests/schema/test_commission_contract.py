"""The commission types as a typed client reads them: currency fields are CurrencyCode, links
the data guarantees are non-null, links visibility may hide stay nullable beside a stand-in,
and every type, field, argument and enum value says what it means."""

from __future__ import annotations

from decimal import Decimal

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)

from schema.types.commissions import common
from services.numbers import PERCENT_PLACES as INPUT_PERCENT_PLACES
from tests.schema.conftest import FieldAt


def commission_types(sdl: GraphQLSchema) -> list[GraphQLNamedType]:
    """The output types and enums schema/types/commissions defines (mutation payloads are the
    resolvers')."""
    return [
        t
        for name, t in sdl.type_map.items()
        if (
            name.startswith("Commission")
            or name == "RepCommissionSummary"
            or name.endswith("Component")
            or name == "SpifAwardRule"
        )
        and not isinstance(t, GraphQLInputObjectType)
        and not name.endswith("Payload")
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("RepCommissionSummary.currency", "CurrencyCode"),
        ("CommissionPlan.currency", "CurrencyCode!"),
        ("CommissionStatement.currency", "CurrencyCode!"),
        ("CommissionPayoutLine.base", "Money!"),
    ],
)
def test_currencies_are_currency_codes_and_amounts_money(
    field_at: FieldAt, path: str, expected: str
) -> None:
    assert str(field_at(path).type) == expected


def test_no_commission_field_carries_a_currency_as_a_string(sdl: GraphQLSchema) -> None:
    strings = [
        f"{t.name}.{name}"
        for t in commission_types(sdl)
        if isinstance(t, GraphQLObjectType)
        for name, f in t.fields.items()
        if "currency" in name.lower() and get_named_type(f.type).name == "String"
    ]
    assert strings == []


@pytest.mark.parametrize(
    "path",
    [
        "CommissionCredit.rep",
        "CommissionCredit.quoteNumber",
        "CommissionCreditLine.product",
        "CommissionStatement.rep",
        "CommissionStatement.period",
        "CommissionAssignment.rep",
        "CommissionAssignment.plan",
        "CommissionAdjustment.rep",
        "CommissionInquiry.rep",
        "CommissionEstimate.rep",
        "CommissionEstimate.period",
        "RepCommissionSummary.rep",
    ],
)
def test_links_the_data_guarantees_are_non_null(field_at: FieldAt, path: str) -> None:
    assert isinstance(field_at(path).type, GraphQLNonNull), path


@pytest.mark.parametrize(
    "path",
    # another rep's quote a split or roll-up credit names; lines and inquiries about no credit
    ["CommissionCredit.quote", "CommissionStatementLine.quote", "CommissionStatementLine.credit"],
)
def test_links_visibility_or_data_may_leave_out_stay_nullable(field_at: FieldAt, path: str) -> None:
    assert not isinstance(field_at(path).type, GraphQLNonNull), path


def test_every_commission_type_field_argument_and_enum_value_is_described(
    sdl: GraphQLSchema,
) -> None:
    missing = []
    for t in commission_types(sdl):
        if not t.description:
            missing.append(t.name)
        if isinstance(t, GraphQLEnumType):
            missing += [f"{t.name}.{v}" for v, value in t.values.items() if not value.description]
        if isinstance(t, GraphQLObjectType):
            for name, f in t.fields.items():
                if not f.description:
                    missing.append(f"{t.name}.{name}")
                missing += [
                    f"{t.name}.{name}({a})" for a, arg in f.args.items() if not arg.description
                ]
        assert not isinstance(t, GraphQLUnionType) or t.description
    assert missing == []


def test_an_engine_enum_with_an_undescribed_value_is_refused_at_import() -> None:
    import enum

    class Kind(enum.Enum):
        ONE = "ONE"
        TWO = "TWO"

    with pytest.raises(ValueError, match="TWO"):
        common.described_enum(Kind, "Kind", "A kind.", {"ONE": "The first."})


def test_a_set_percentage_reads_back_with_every_place_an_input_may_carry() -> None:
    assert common.SETTING_PERCENT_PLACES == INPUT_PERCENT_PLACES
    assert str(common.setting_percent(Decimal("0.123456"))) == "12.3456"
    assert str(common.setting_percent(Decimal("1"))) == "100.0000"


@pytest.mark.parametrize(
    ("helper", "value", "text"),
    [
        (common.percent, Decimal("1.581766666666666666666666667"), "158.18"),
        (common.percent, Decimal("0.128250000000"), "12.83"),
        (common.percent, Decimal("0E-10"), "0.00"),
        (common.percent, Decimal("-0.00001"), "0.00"),
        (common.fixed_multiplier, Decimal("1.5"), "1.500000"),
        (common.fixed_multiplier, Decimal("0.33333333333"), "0.333333"),
        (common.fixed_measure, Decimal("2E+1"), "20.000000"),
        (common.fixed_measure, Decimal("0.9999990"), "0.999999"),
    ],
)
def test_computed_figures_leave_at_their_stated_scale(helper, value, text) -> None:  # type: ignore[no-untyped-def]
    assert str(helper(value)) == text
