"""The close's codec fast paths equal the general tagged codec, and hand it anything unusual."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commissions as engine
from db.codec.commission_fast import (
    PAYOUT_FIELDS,
    payout_line_text,
    payout_lines_text,
    stored_account,
    stored_credit_lines,
    stored_credit_lines_text,
)
from db.codec.commissions import CODEC, account_of, credit_lines_of, encode_all
from db.codec.tagged import CodecError

decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)
texts = st.text(max_size=12)
optional_decimals = st.none() | decimals

credit_lines = st.builds(
    engine.CreditLine,
    texts,
    texts,
    texts,
    decimals,
    decimals,
    decimals,
    optional_decimals,
    optional_decimals,
    optional_decimals,
    st.none() | st.lists(st.builds(engine.UnitsStanding, texts, decimals), max_size=2).map(tuple),
)
payout_lines = st.builds(
    engine.PayoutLine,
    texts,
    st.sampled_from(list(engine.ComponentKind)),
    texts,
    decimals,
    decimals,
    optional_decimals,
    optional_decimals,
    st.none() | texts,
    st.none() | texts,
    st.none() | texts,
    st.lists(texts, max_size=3).map(tuple),
    st.booleans(),
    optional_decimals,
    optional_decimals,
)


@given(st.lists(credit_lines, max_size=4), st.builds(engine.Account, texts, texts, st.booleans()))
def test_stored_credits_decode_as_the_general_codec_does(
    lines: list[engine.CreditLine], account: engine.Account
) -> None:
    stored_lines = json.loads(json.dumps(encode_all(lines)))
    stored = json.loads(json.dumps(CODEC.encode(account)))
    assert stored_credit_lines(stored_lines) == credit_lines_of(stored_lines) == tuple(lines)
    assert stored_credit_lines_text(json.dumps(encode_all(lines))) == tuple(lines)
    assert stored_account(stored) == account_of(stored) == account


@given(st.lists(payout_lines, max_size=4))
def test_payout_lines_encode_to_the_general_codecs_json(lines: list[engine.PayoutLine]) -> None:
    assert json.loads(payout_lines_text(lines)) == encode_all(lines)


def test_the_fast_encoder_writes_every_field_of_a_payout_line() -> None:
    assert tuple(f.name for f in dataclasses.fields(engine.PayoutLine)) == PAYOUT_FIELDS


def test_unusual_data_takes_the_general_codec_and_is_refused_as_before() -> None:
    line = CODEC.encode(engine.CreditLine("L1", "P", "F", Decimal(1), Decimal(1), Decimal(0), None))
    huge = {**line, "amount": {"$decimal": "1E+99"}}
    with pytest.raises(CodecError):
        stored_credit_lines([huge])
    with pytest.raises(CodecError):
        stored_credit_lines([{**line, "colour": "red"}])
    for unusual in ([huge], [{**line, "colour": "red"}], [{**line, "line_id": 7}], [{"a": 1}]):
        text = json.dumps(unusual)  # the general codec decides: same value, or same refusal
        try:
            expected: object = credit_lines_of(json.loads(text))
        except CodecError as refused:
            expected = type(refused)
        try:
            found: object = stored_credit_lines_text(text)
        except CodecError as refused:
            found = type(refused)
        assert found == expected
    assert stored_account({"$type": "Account"}) == engine.Account()
    out_of_range = engine.PayoutLine(
        "c", engine.ComponentKind.BASE_RATE, "l", Decimal("1E+99"), Decimal(0)
    )
    with pytest.raises(CodecError):
        payout_line_text(out_of_range)
    tiny_zero = engine.PayoutLine(
        "c", engine.ComponentKind.BASE_RATE, "l", Decimal("0E-99"), Decimal(0)
    )
    assert json.loads(payout_line_text(tiny_zero)) == CODEC.encode(tiny_zero)
