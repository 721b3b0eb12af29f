"""``spif_carry_of`` reads the SPIF carry of a stored statement summary exactly as
``summary_of`` does, without decoding the rest (a period read needs only the carry)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissions.state import SpifCounter
from db.codec.commissions import StatementSummary, spif_carry_of, summary_json, summary_of
from db.codec.tagged import CodecError

counters = st.builds(
    SpifCounter,
    st.text(min_size=1, max_size=8),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**9, places=2),
    st.booleans(),
)


@given(st.lists(counters, max_size=4))
def test_the_carry_is_the_summarys(carry: list[SpifCounter]) -> None:
    stored = json.loads(json.dumps(summary_json(StatementSummary(spif_carry=tuple(carry)))))
    assert spif_carry_of(stored) == summary_of(stored).spif_carry == tuple(carry)


def test_a_summary_without_a_carry_carries_nothing() -> None:
    assert spif_carry_of({}) == ()
    assert spif_carry_of({"components": []}) == summary_of({"components": []}).spif_carry


def test_a_carry_of_another_type_is_refused() -> None:
    stored = summary_json(StatementSummary(spif_carry=(SpifCounter("s", Decimal("1")),)))
    stored["spif_carry"] = stored["components"] + [{"$decimal": "1"}]
    with pytest.raises(CodecError):
        spif_carry_of(stored)
