"""A customer's proposal applied to a revision's terms and price, as properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quotes.negotiation import (
    ClauseAction,
    ClauseChange,
    ProposalError,
    Term,
    apply_clause_changes,
    counter_price,
    revert,
)

CENT = Decimal("0.01")
texts = st.text(min_size=1, max_size=20)
terms = st.lists(
    st.builds(
        Term,
        key=st.integers(1, 10**6).map(str),
        title=texts,
        body=texts,
        library=st.none() | st.integers(1, 99),
        edited=st.booleans(),
    ),
    max_size=8,
    unique_by=lambda t: t.key,
)


@st.composite
def valid_changes(draw: st.DrawFn, start: list[Term]) -> list[ClauseChange]:
    """Changes that apply to ``start`` in order (keys that are there when each runs)."""
    keys = [t.key for t in start]
    out: list[ClauseChange] = []
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(ClauseAction))
        if action is ClauseAction.ADD or not keys:
            position = draw(st.none() | st.integers(0, len(keys)))
            out.append(
                ClauseChange(
                    ClauseAction.ADD, title=draw(texts), body=draw(texts), position=position
                )
            )
            keys.insert(len(keys) if position is None else position, "?")
            keys = [k for k in keys if k != "?"]  # a new key is unknown to later changes
            continue
        key = draw(st.sampled_from(keys))
        if action is ClauseAction.REMOVE:
            keys.remove(key)
            out.append(ClauseChange(ClauseAction.REMOVE, key=key))
        else:
            out.append(ClauseChange(ClauseAction.EDIT, key=key, body=draw(texts)))
    return out


pytestmark = pytest.mark.engine


@settings(max_examples=300, deadline=None)
@given(st.data(), terms)
def test_applying_then_reverting_gives_the_original(data: st.DataObject, start: list[Term]) -> None:
    changes = data.draw(valid_changes(start))
    applied = apply_clause_changes(start, changes)
    assert revert(applied) == tuple(start)


@settings(max_examples=200, deadline=None)
@given(terms, st.integers(1, 10**6).map(str))
def test_a_change_to_a_clause_that_is_not_there_is_refused(start: list[Term], key: str) -> None:
    assume(all(t.key != key for t in start))
    for action in (ClauseAction.REMOVE, ClauseAction.EDIT):
        with pytest.raises(ProposalError):
            apply_clause_changes(start, [ClauseChange(action, key=key, body="x")])


def test_an_edit_marks_the_clause_edited_and_keeps_its_place() -> None:
    start = [Term("1", "Payment", "Net 30", library=4), Term("2", "Liability", "Capped")]
    applied = apply_clause_changes(start, [ClauseChange(ClauseAction.EDIT, key="1", body="Net 60")])
    assert applied.terms[0] == Term("1", "Payment", "Net 60", library=4, edited=True)
    assert applied.terms[1] == start[1]


amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("100000000"), places=6)


@settings(max_examples=500, deadline=None)
@given(amounts, amounts, st.none() | amounts)
def test_a_counter_price_is_never_negative_nor_below_floor_without_approval(
    net: Decimal, counter: Decimal, floor: Decimal | None
) -> None:
    result = counter_price(net, counter, floor, CENT)
    assert result.net_total >= 0 and result.discount >= 0
    assert result.net_total + result.discount == max(net, Decimal(0)).quantize(CENT)
    if floor is not None and result.net_total < floor:
        assert result.needs_approval and result.below_floor


def test_a_counter_price_above_the_net_asks_for_no_discount() -> None:
    assert counter_price(Decimal("100"), Decimal("120"), None, CENT).discount == 0
    assert counter_price(Decimal("100"), Decimal("80"), Decimal("90"), CENT).needs_approval
