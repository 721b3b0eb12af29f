"""What every pricing rule shares: when it applies, to what, and how much it takes off.

Promotions, discount schedules, block prices and discretionary discounts all say
*when* (an effective period), *to what* (a product, a product family, or
everything) and, for most, *how much* (a percentage or an amount off). Keeping
those three here means each rule module only holds its own arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

from pricing.money import HUNDRED, ZERO, Money, format_decimal, percent_of


def is_effective(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    """Effective dating: ``valid_from`` inclusive, ``valid_to`` exclusive, None is open."""
    return (valid_from is None or valid_from <= on) and (valid_to is None or on < valid_to)


@dataclass(frozen=True, slots=True, kw_only=True)
class EffectiveDated:
    """A rule or price in force from ``valid_from`` until ``valid_to`` (see ``is_effective``).

    Every effective-dated input builds on it; its two fields are keyword-only, so
    they come after the input's own fields.
    """

    valid_from: date | None = None
    valid_to: date | None = None

    def effective_on(self, on: date) -> bool:
        """Whether it is in force on ``on``."""
        return is_effective(self.valid_from, self.valid_to, on)


@dataclass(frozen=True, slots=True)
class PercentOff:
    """Take ``percent`` % (0–100) off the running price."""

    percent: Decimal

    def is_valid(self) -> bool:
        """A percentage outside 0–100 (or NaN) would raise a price or make it negative."""
        return self.percent.is_finite() and ZERO <= self.percent <= HUNDRED

    def describe(self) -> str:
        """Human text for a waterfall label, e.g. ``12.5% off``."""
        return f"{format_decimal(self.percent)}% off"


@dataclass(frozen=True, slots=True)
class AmountOff:
    """Take ``amount`` off: per unit on a line or a promotion, in total on the quote."""

    amount: Money

    def is_valid(self) -> bool:
        """A negative (or NaN) amount off would be a surcharge, which is not a discount."""
        return self.amount.amount.is_finite() and self.amount.amount >= ZERO

    def describe(self) -> str:
        """Human text for a waterfall label, e.g. ``5.00 USD off``."""
        return f"{self.amount} off"


Adjustment = PercentOff | AmountOff


def apply_adjustment(amount: Decimal, quantity: int, adjustment: Adjustment) -> Decimal:
    """The extended ``amount`` after ``adjustment``; an amount off never goes below zero.

    A percentage is exact in Decimal. An amount off is per unit, so it is
    multiplied by ``quantity`` and capped at the running amount.
    """
    if isinstance(adjustment, PercentOff):
        return amount - percent_of(amount, adjustment.percent)
    return amount - min(adjustment.amount.amount * quantity, amount)


class Targeted(Protocol):
    """A rule for one product (``product_id``), one family (``family``), or, with
    neither set, every product; never both."""

    @property
    def product_id(self) -> str | None: ...

    @property
    def family(self) -> str | None: ...


def check_target(rule: Targeted, owner: str) -> None:
    """Refuse a rule that names both a product and a family (a catalog error)."""
    if rule.product_id is not None and rule.family is not None:
        raise ValueError(f"{owner}: target a product or a family, not both")


T = TypeVar("T", bound=Targeted)


class TargetIndex(Generic[T]):
    """Rules indexed by the product or family they target, built once per request.

    Looking a line up is two dict reads, so pricing never scans every rule for
    every line.
    """

    __slots__ = ("_by_family", "_by_product", "_everywhere")

    def __init__(self, rules: Iterable[T]) -> None:
        self._by_product: dict[str, list[T]] = {}
        self._by_family: dict[str, list[T]] = {}
        self._everywhere: list[T] = []
        for rule in rules:
            if rule.product_id is not None:
                self._by_product.setdefault(rule.product_id, []).append(rule)
            elif rule.family is not None:
                self._by_family.setdefault(rule.family, []).append(rule)
            else:
                self._everywhere.append(rule)

    def tiers_for(
        self, product_id: str, family: str | None
    ) -> tuple[Sequence[T], Sequence[T], Sequence[T]]:
        """The rules for a product, most specific first: product, family, everywhere."""
        by_family = self._by_family.get(family, _NONE) if family is not None else _NONE
        return self._by_product.get(product_id, _NONE), by_family, self._everywhere

    def most_specific(
        self, product_id: str, family: str | None, key: Callable[[T], tuple[object, ...]]
    ) -> T | None:
        """The single rule that applies: the most specific level wins, then the lowest ``key``."""
        for level in self.tiers_for(product_id, family):
            if level:
                return level[0] if len(level) == 1 else min(level, key=key)
        return None


_NONE: tuple[Any, ...] = ()
"""No rules at a level (shared, so a look-up allocates nothing)."""
