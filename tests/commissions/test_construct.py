"""A positional constructor builds exactly the value the frozen dataclass itself builds."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commissions as engine
from commissions.construct import positional_constructor
from tests.support.commission_strategies import payout_line_fields

decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9)
texts = st.text(max_size=8)
optional = st.none() | decimals

payout_lines = st.tuples(*payout_line_fields(texts, decimals, optional))
credit_lines = st.tuples(
    texts, texts, texts, decimals, decimals, decimals, optional, optional, optional, st.none()
)


def _same(built: object, expected: object) -> None:
    assert type(built) is type(expected)
    assert built == expected and hash(built) == hash(expected) and repr(built) == repr(expected)
    for field in dataclasses.fields(expected):  # type: ignore[arg-type]
        assert getattr(built, field.name) is getattr(expected, field.name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.label = "changed"  # type: ignore[attr-defined]


@given(payout_lines)
def test_a_payout_line_built_positionally_is_the_classs_own(values: tuple[object, ...]) -> None:
    built = positional_constructor(engine.PayoutLine)(*values)
    _same(built, engine.PayoutLine(*values))  # type: ignore[arg-type]
    assert tuple(getattr(built, f.name) for f in dataclasses.fields(built)) == values


@given(credit_lines)
def test_a_credit_line_built_positionally_is_the_classs_own(values: tuple[object, ...]) -> None:
    built = positional_constructor(engine.CreditLine)(*values)
    expected = engine.CreditLine(*values)  # type: ignore[arg-type]
    assert type(built) is engine.CreditLine and built == expected and repr(built) == repr(expected)


def test_every_field_is_required_and_others_are_refused() -> None:
    build = positional_constructor(engine.CreditLine)
    with pytest.raises(TypeError):
        build("L1", "P", "F", Decimal(1), Decimal(1), Decimal(0))  # defaults are not filled in

    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            raise ValueError

    @dataclass(slots=True)
    class Mutable:
        value: int

    @dataclass(frozen=True)
    class Unslotted:
        value: int

    for cls in (Checked, Mutable, Unslotted, int):
        with pytest.raises(TypeError):
            positional_constructor(cls)


def test_the_engines_values_take_the_twin_and_other_layouts_the_descriptors() -> None:
    from commissions.construct import _through_twin
    from commissions.rating import RatedCredit
    from commissions.statement import StatementCredit

    for cls in (engine.PayoutLine, engine.CreditLine, engine.Credit, RatedCredit, StatementCredit):
        names = [f.name for f in dataclasses.fields(cls)]
        assert _through_twin(cls, names) is not None, cls  # the fast path is not silently off

    @dataclass(frozen=True, slots=True)
    class Base:
        first: int

    @dataclass(frozen=True, slots=True)
    class Derived(Base):  # (slots of its own on top of its base's: no twin)
        second: int

    assert _through_twin(Derived, ["first", "second"]) is None
    built = positional_constructor(Derived)(1, 2)
    assert type(built) is Derived and built == Derived(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.first = 3  # type: ignore[misc]
