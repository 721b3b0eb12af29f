"""The tagged codec: every value comes back with its exact type, through JSON and JSONB."""

from __future__ import annotations

import asyncio
import enum
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import asyncpg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

from db.codec import CodecError, TaggedCodec


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Size(enum.IntEnum):
    S = 1
    M = 2


@dataclass(frozen=True)
class Box:
    label: str
    content: Any = None
    size: Size = Size.S


CODEC = TaggedCodec([Colour, Size, Box])


def shape(value: Any) -> Any:
    if isinstance(value, Box):
        return (Box, shape(value.label), shape(value.content), shape(value.size))
    if isinstance(value, (tuple, list)):
        return (type(value), tuple(shape(v) for v in value))
    if isinstance(value, frozenset):
        return (frozenset, frozenset(shape(v) for v in value))
    if isinstance(value, dict):
        # Key order is not part of a dict's value (and JSONB does not keep it).
        return (dict, frozenset((shape(k), shape(v)) for k, v in value.items()))
    if isinstance(value, Decimal):
        return (Decimal, str(value))
    return (type(value), value)


def through_json(value: Any) -> Any:
    return CODEC.decode(json.loads(json.dumps(CODEC.encode(value))))


# Set members and mapping keys of types that never compare equal to each other: True == 1 ==
# Decimal(1) would let a set swallow members depending on draw order (flaky generation).
distinct = st.text(max_size=6) | st.sampled_from(Colour) | st.dates()
hashable = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=6)
    | st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**50), max_value=10**50)
    | st.dates()
    | st.datetimes(timezones=st.sampled_from((UTC, timezone(timedelta(hours=-3)))))
    | st.timedeltas()
    | st.sampled_from(Colour)
    | st.sampled_from(Size),
    lambda inner: st.lists(inner, max_size=3).map(tuple) | st.frozensets(distinct, max_size=3),
    max_leaves=8,
)
values = st.recursive(
    hashable,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
        | st.dictionaries(distinct | st.lists(distinct, max_size=3).map(tuple), inner, max_size=3)
        | st.builds(Box, st.text(max_size=4), inner, st.sampled_from(Size))
    ),
    max_leaves=12,
)


@settings(max_examples=300)
@given(values)
def test_decode_after_encode_is_the_identity_down_to_every_type(value: Any) -> None:
    back = through_json(value)

    assert shape(back) == shape(value)


def test_booleans_integers_decimals_and_strings_never_pass_for_each_other() -> None:
    mixed = (
        True,
        1,
        Decimal(1),
        "1",
        "true",
        False,
        0,
        Decimal("0.0"),
        None,
        "None",
        Colour.RED,
        "red",
        Size.S,
    )

    back = through_json(mixed)

    assert [type(v) for v in back] == [type(v) for v in mixed]
    assert back[0] is True and back[5] is False
    assert str(back[7]) == "0.0"


def test_plain_data_with_tag_like_keys_stays_data() -> None:
    value = {"$type": "Box", "$decimal": "1", "plain": "yes"}

    assert through_json(value) == value
    assert through_json({1: "a", (2, 3): "b"}) == {1: "a", (2, 3): "b"}


def test_what_cannot_be_stored_exactly_is_refused_when_encoding() -> None:
    @dataclass
    class Stranger:
        x: int

    for bad in (1.5, Stranger(1), {1.5: "x"}, {"a", "b"}):
        with pytest.raises(TypeError):
            CODEC.encode(bad)


@pytest.mark.parametrize(
    "data",
    [
        {"$what": 1},
        {"$decimal": "1", "$date": "2026-01-01"},
        {"$decimal": "one"},
        {"$decimal": 1},
        {"$enum": ["Colour", "GREEN"]},
        {"$enum": ["Box", "RED"]},
        {"$type": "Nope"},
        {"$type": "Box", "label": "x", "extra": 1},
        {"$type": "Box"},
        {"$timedelta": [1, 2]},
        {"$map": [[1]]},
        1.5,
    ],
)
def test_json_that_is_not_the_codecs_is_refused_when_decoding(data: Any) -> None:
    with pytest.raises(CodecError):
        CODEC.decode(data)


def test_decode_as_checks_the_expected_type() -> None:
    assert CODEC.decode_as(Box, CODEC.encode(Box("a"))) == Box("a")
    with pytest.raises(CodecError):
        CODEC.decode_as(Box, CODEC.encode(Colour.RED))


def test_two_classes_may_not_share_a_name() -> None:
    @dataclass
    class Box:
        label: str

    with pytest.raises(TypeError):
        TaggedCodec([globals()["Box"], Box])


def test_values_come_back_exactly_from_a_jsonb_column(database_url: str) -> None:
    value = (
        Box("big", {"n": 10**30, "d": Decimal("1.500"), "flag": True, "none": None}, Size.M),
        frozenset({Colour.RED, Colour.BLUE}),
        datetime(2026, 11, 30, 3, 45, 4, 123456, tzinfo=UTC),
        date(2026, 11, 30),
    )

    async def round_trip() -> Any:
        conn = await asyncpg.connect(
            make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        try:
            text = await conn.fetchval("SELECT $1::jsonb::text", json.dumps(CODEC.encode(value)))
        finally:
            await conn.close()
        return CODEC.decode(json.loads(text))

    assert shape(asyncio.run(round_trip())) == shape(value)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e-99999999", "1e99999999"])
def test_a_decimal_that_could_not_be_read_back_is_neither_stored_nor_read(text: str) -> None:
    with pytest.raises(CodecError):
        CODEC.encode(Decimal(text))
    with pytest.raises(CodecError):
        CODEC.decode({"$decimal": text})
