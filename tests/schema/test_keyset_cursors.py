"""A hand-built keyset cursor decodes to typed values, or is refused naming the argument."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schema.connection import decode_keyset, encode_cursor
from schema.errors import BadUserInput

AT = datetime(2026, 11, 5, 9, 30, tzinfo=UTC)


def test_a_cursor_gives_back_its_values_in_their_kinds() -> None:
    cursor = encode_cursor([AT.isoformat(), "E", 42])

    assert decode_keyset(cursor, (datetime, str, int), argument="after") == (AT, "E", 42)


@pytest.mark.parametrize(
    "values",
    [
        ["2026-11-05T09:30:00", 42],  # no offset
        [AT.isoformat(), "forty-two"],
        [AT.isoformat()],
        [AT.isoformat(), 42, 43],
        ["yesterday", 42],
    ],
)
def test_a_cursor_that_does_not_fit_is_refused_on_the_argument(values: list[object]) -> None:
    with pytest.raises(BadUserInput) as refused:
        decode_keyset(
            encode_cursor(values), (datetime, int), argument="before", message="Not this list."
        )

    assert refused.value.message == "Not this list."
    assert refused.value.extensions is not None and refused.value.extensions["argument"] == "before"
