"""A stored priced line read in place (``db.codec.pricing.decode_priced_line``, what a page of
``lineItems`` decodes 200 of) equals the general tagged codec's answer, and hands it anything
unusual: the same value, or the same refusal."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pricing as engine
from db.codec.pricing import CODEC, decode_priced_line
from db.codec.tagged import CodecError
from pricing.catalog import OptionType
from pricing.configuration import SelectionSource
from pricing.configuration_rules import ViolationCode
from pricing.guardrails import BreachCode
from pricing.reasons import ReasonCode
from pricing.waterfall import StepKind

decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)
optional_decimals = st.none() | decimals
texts = st.text(max_size=8)
optional_texts = st.none() | texts
money = st.none() | st.builds(engine.Money, decimals, st.sampled_from(["USD", "JPY", "BHD"]))
steps = st.builds(
    engine.WaterfallStep,
    st.sampled_from(StepKind),
    texts,
    optional_texts,
    decimals,
    decimals,
    optional_decimals,
    st.booleans(),
    st.booleans(),
)
breaches = st.builds(
    engine.GuardrailBreach,
    st.sampled_from(BreachCode),
    optional_texts,
    decimals,
    decimals,
    texts,
    optional_texts,
)
errors = st.builds(
    engine.PricingError,
    st.sampled_from(ReasonCode),
    texts,
    optional_texts,
    st.lists(texts, max_size=2).map(tuple),
    optional_texts,
)
configurations = st.none() | st.builds(
    engine.ConfigurationResult,
    st.lists(
        st.builds(
            engine.ConfigurationViolation,
            st.sampled_from(ViolationCode),
            texts,
            optional_texts,
            st.lists(texts, max_size=2).map(tuple),
            optional_texts,
        ),
        max_size=2,
    ).map(tuple),
    st.lists(
        st.builds(
            engine.ResolvedOption,
            texts,
            texts,
            texts,
            st.sampled_from(OptionType),
            st.sampled_from(SelectionSource),
            st.integers(1, 5),
            st.integers(1, 50),
            optional_texts,
        ),
        max_size=2,
    ).map(tuple),
)
lines = st.builds(
    engine.PricedLine,
    line_id=texts,
    parent_line_id=optional_texts,
    product_id=texts,
    quantity=st.integers(1, 10**6),
    steps=st.lists(steps, max_size=4).map(tuple),
    list_unit_price=optional_decimals,
    list_amount=money,
    net_unit_price=optional_decimals,
    net_amount=money,
    discount_percent=optional_decimals,
    cost_amount=money,
    margin_amount=money,
    margin_percent=optional_decimals,
    breaches=st.lists(breaches, max_size=2).map(tuple),
    errors=st.lists(errors, max_size=2).map(tuple),
    configuration=configurations,
)


def stored(line: engine.PricedLine) -> Any:
    """The line as the database hands it back: the codec's JSON, through JSON text."""
    return json.loads(json.dumps(CODEC.encode(line)))


@given(lines)
def test_a_stored_line_decodes_as_the_general_codec_decodes_it(line: engine.PricedLine) -> None:
    data = stored(line)
    assert decode_priced_line(data) == CODEC.decode_as(engine.PricedLine, data) == line


def _general(data: Any) -> object:
    try:
        return CODEC.decode_as(engine.PricedLine, data)
    except CodecError as refused:
        return type(refused)


def _fast(data: Any) -> object:
    try:
        return decode_priced_line(data)
    except CodecError as refused:
        return type(refused)


LINE = engine.PricedLine(
    "L1",
    None,
    "7",
    2,
    (engine.WaterfallStep(StepKind.NET, "Net", None, Decimal(0), Decimal(10), Decimal(5)),),
    Decimal(5),
    engine.Money(Decimal(10), "USD"),
)


def _with(**changes: Any) -> Any:
    return {**stored(LINE), **changes}


def _step_with(**changes: Any) -> Any:
    data = stored(LINE)
    data["steps"]["$tuple"][0].update(changes)
    return data


@pytest.mark.parametrize(
    "data",
    [
        _with(net_unit_price={"$decimal": "1E+99"}),  # out of range: refused
        _with(net_unit_price={"$decimal": "ten"}),
        _with(colour="red"),  # no such field: refused
        {k: v for k, v in stored(LINE).items() if k != "configuration"},  # older: a default
        _with(quantity={"$decimal": "2"}),  # not the written shape: the codec decides
        _with(**{"$type": "WaterfallStep"}),
        _with(list_amount={"$type": "Money", "amount": {"$decimal": "1"}}),
        _with(steps={"$tuple": [{"$decimal": "1"}]}),
        _step_with(kind={"$enum": ["StepKind", "NO_SUCH_KIND"]}),
        _step_with(kind={"$enum": ["BreachCode", "BELOW_FLOOR"]}),
        _step_with(label={"$decimal": "1"}),
        _step_with(unit_price_after={"$decimal": "-0E-99"}),
        {"$type": "Money", "amount": {"$decimal": "1"}, "currency": "USD"},
        ["not", "a", "line"],
        None,
    ],
)
def test_unusual_data_takes_the_general_codec_and_ends_as_it_does(data: Any) -> None:
    assert _fast(data) == _general(data)
