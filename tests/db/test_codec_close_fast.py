"""The close's codec fast paths equal the general tagged codec, and hand it anything unusual."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from decimal import Decimal

import asyncpg
import pytest
from hypothesis import given
from hypothesis import strategies as st

import commissions as engine
from db.codec.commission_fast import (
    PAYOUT_FIELDS,
    _jsonb_lines,
    _Unusual,
    payout_line_text,
    payout_lines_text,
    stored_account,
    stored_credit_lines,
    stored_credit_lines_text,
)
from db.codec.commissions import CODEC, account_of, credit_lines_of, encode_all
from db.codec.tagged import CodecError, Json
from tests.db.scratch import dsn
from tests.support.commission_strategies import payout_line_fields

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
payout_lines = st.builds(engine.PayoutLine, *payout_line_fields(texts, decimals, optional_decimals))


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


def _jsonb_printed(value: Json) -> str:
    """``value`` as PostgreSQL prints a ``jsonb`` (keys by byte length, then bytes)."""

    def ordered(item: Json) -> Json:
        if isinstance(item, dict):
            keys = sorted(item, key=lambda k: (len(k.encode()), k.encode()))
            return {key: ordered(item[key]) for key in keys}
        if isinstance(item, list):
            return [ordered(element) for element in item]
        return item

    return json.dumps(ordered(value), ensure_ascii=False, separators=(", ", ": "))


def _plain(line: engine.CreditLine) -> bool:
    """Matched line by line: no escaped text, and no units standing (a stood clawback's
    lines, even an empty tuple of them, take the JSON path)."""
    texts = (line.line_id, line.product_id, line.family)
    escaped = any(c in '"\\' or c < " " for text in texts for c in text)
    return not escaped and line.units_standing is None


@given(st.lists(credit_lines, max_size=4))
def test_lines_as_postgresql_prints_them_decode_exactly_without_a_json_parse(
    lines: list[engine.CreditLine],
) -> None:
    text = _jsonb_printed(encode_all(lines))
    expected = repr(tuple(lines))  # (repr: a decimal's exponent too, 1.0 is not 1.00)
    assert repr(stored_credit_lines_text(text)) == expected
    if all(_plain(line) for line in lines):  # matched line by line, no JSON parsed
        assert repr(_jsonb_lines(text)) == expected
    else:  # a string with an escape: the JSON path decides
        with pytest.raises(_Unusual):
            _jsonb_lines(text)


def test_the_printed_form_is_postgresqls(database_url: str) -> None:
    lines = [
        engine.CreditLine(
            "L1", "10", "Software", Decimal("3600.000000"), Decimal(80), Decimal(0), Decimal("0.5")
        ),
        engine.CreditLine(
            "L2",
            "é",
            "F",
            Decimal("-1.5E+3"),
            Decimal("2"),
            Decimal("0.1"),
            None,
            Decimal("9"),
            Decimal("4"),
        ),
    ]
    stored = json.dumps(encode_all(lines))

    async def printed() -> str:
        connection = await asyncpg.connect(dsn(database_url))
        try:
            return str(await connection.fetchval("SELECT $1::jsonb::text", stored))
        finally:
            await connection.close()

    text = asyncio.run(printed())
    assert text == _jsonb_printed(encode_all(lines))
    assert repr(_jsonb_lines(text)) == repr(tuple(lines))


def test_lines_of_another_shape_are_left_to_the_json_paths() -> None:
    line = engine.CreditLine("L1", "P", "F", Decimal(1), Decimal(1), Decimal(0), None)
    text = _jsonb_printed(encode_all([line]))
    for unusual in (
        text.replace('"family"', '"colour": "red", "family"'),  # another key
        text.replace('"L1"', "7"),  # not a string
        text + " ",  # anything after the array
        text.replace('"$decimal": "1"', '"$decimal": "1E+99"', 1),  # out of range
        "{}",
    ):
        with pytest.raises(_Unusual):
            _jsonb_lines(unusual)
