"""Quantity- and term-based pricing: tier schedules (all-units, graduated) and block prices.

* All-units (volume): the tier reached by the whole quantity reprices every unit.
* Graduated (slab): each unit is priced at the tier its own position falls in.
* Term: like all-units, but the tier is chosen by the line's term in months.
* Block: a flat price per band of quantity (1–10 users = 1000, 11–50 = 4000).

Bands are inclusive (``from``–``to``), ascending and contiguous; only the last may
be open-ended. A schedule that breaks this is a catalog error, refused at
construction. The arithmetic here is exact: percentages of Decimals and sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from pricing.money import HUNDRED, ZERO, Money, format_decimal, percent_of
from pricing.rules import EffectiveDated, check_target


class TierMethod(Enum):
    """How a quantity schedule's tiers apply: to every unit, or slab by slab."""

    ALL_UNITS = "ALL_UNITS"
    GRADUATED = "GRADUATED"


class ScheduleBasis(Enum):
    """What picks the tier: the line quantity or its term length in months."""

    QUANTITY = "QUANTITY"
    TERM_MONTHS = "TERM_MONTHS"


def _check_bands(bands: Sequence[tuple[int, int | None]], owner: str) -> None:
    """Bands start at 1 or more, ascend without gap or overlap; only the last is open."""
    if not bands:
        raise ValueError(f"{owner}: needs at least one band")
    expected = bands[0][0]
    if expected < 1:
        raise ValueError(f"{owner}: bands start at 1 or more")
    for index, (start, end) in enumerate(bands):
        if start != expected:
            raise ValueError(f"{owner}: band starting at {start} should start at {expected}")
        if end is None:
            if index != len(bands) - 1:
                raise ValueError(f"{owner}: only the last band may be open-ended")
            return
        if end < start:
            raise ValueError(f"{owner}: band {start}–{end} is empty")
        expected = end + 1


def in_band(value: int, start: int, end: int | None) -> bool:
    """Whether ``start ≤ value ≤ end``; a None ``end`` is open-ended."""
    return start <= value and (end is None or value <= end)


def describe_band(start: int, end: int | None, unit: str) -> str:
    """``100+ units`` or ``1–10 units``, for labels."""
    return f"{start}+ {unit}" if end is None else f"{start}–{end} {unit}"


@dataclass(frozen=True, slots=True)
class Tier:
    """From ``from_quantity`` to ``to_quantity`` (inclusive; None is open), this % off."""

    from_quantity: int
    to_quantity: int | None
    discount_percent: Decimal

    def contains(self, value: int) -> bool:
        """Whether ``value`` (a quantity or a term in months) falls in this tier."""
        return in_band(value, self.from_quantity, self.to_quantity)


@dataclass(frozen=True, slots=True)
class DiscountSchedule(EffectiveDated):
    """A tier schedule targeting a product, a family, or everything.

    Per basis, one schedule applies to a line: the most specific (product, then
    family, then global), a tie going to the lowest id.

    ``aggregate_across_quote`` picks the tier by the summed quantity of every line
    the schedule applies to — a quote-level rule, so its steps say so.
    """

    id: str
    name: str
    tiers: tuple[Tier, ...]
    basis: ScheduleBasis = ScheduleBasis.QUANTITY
    method: TierMethod = TierMethod.ALL_UNITS
    product_id: str | None = None
    family: str | None = None
    aggregate_across_quote: bool = False

    def __post_init__(self) -> None:
        _check_bands([(t.from_quantity, t.to_quantity) for t in self.tiers], f"schedule {self.id}")
        if any(not ZERO <= t.discount_percent <= HUNDRED for t in self.tiers):
            raise ValueError(f"schedule {self.id}: tier discounts are 0–100 %")
        if self.method is TierMethod.GRADUATED and (
            self.basis is ScheduleBasis.TERM_MONTHS or self.aggregate_across_quote
        ):
            raise ValueError(f"schedule {self.id}: graduated tiers work on one line's quantity")
        if self.aggregate_across_quote and self.basis is not ScheduleBasis.QUANTITY:
            raise ValueError(f"schedule {self.id}: only quantities add up across a quote")
        check_target(self, f"schedule {self.id}")

    def tier_for(self, value: int) -> Tier | None:
        """The tier ``value`` reaches, or None below the first tier."""
        for tier in self.tiers:  # ``tier.contains``, inlined: every line asks
            if tier.from_quantity <= value and (
                tier.to_quantity is None or value <= tier.to_quantity
            ):
                return tier
        return None


def all_units_amount(amount: Decimal, tier: Tier) -> Decimal:
    """Every unit at the reached tier: the whole extended amount takes the tier's %."""
    return amount - percent_of(amount, tier.discount_percent)


def graduated_slabs(quantity: int, tiers: Sequence[Tier]) -> tuple[tuple[Tier, int], ...]:
    """How many of ``quantity`` units fall in each tier (units below the first tier in none)."""
    slabs: list[tuple[Tier, int]] = []
    for tier in tiers:
        if quantity < tier.from_quantity:
            break
        top = quantity if tier.to_quantity is None else min(quantity, tier.to_quantity)
        slabs.append((tier, top - tier.from_quantity + 1))
    return tuple(slabs)


def graduated_amount(unit_price: Decimal, quantity: int, tiers: Sequence[Tier]) -> Decimal:
    """Each unit at the tier of its own position: full price less each slab's discount."""
    discount = sum(
        (
            percent_of(unit_price * units, tier.discount_percent)
            for tier, units in graduated_slabs(quantity, tiers)
        ),
        ZERO,
    )
    return unit_price * quantity - discount


def describe_slabs(slabs: Sequence[tuple[Tier, int]]) -> str:
    """``99 units at 0% off, 51 units at 12% off``, for the graduated step's label."""
    return ", ".join(
        f"{units} units at {format_decimal(tier.discount_percent)}% off" for tier, units in slabs
    )


@dataclass(frozen=True, slots=True)
class Block:
    """A flat ``price`` for any quantity from ``from_quantity`` to ``to_quantity``."""

    from_quantity: int
    to_quantity: int | None
    price: Money


@dataclass(frozen=True, slots=True)
class BlockPrice(EffectiveDated):
    """A product priced by bands of quantity instead of per unit (and without volume tiers).

    When several are in force for one product, the lowest id applies.
    """

    id: str
    name: str
    product_id: str
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        _check_bands([(b.from_quantity, b.to_quantity) for b in self.blocks], f"blocks {self.id}")
        if len({b.price.currency for b in self.blocks}) != 1:
            raise ValueError(f"blocks {self.id}: every block is in one currency")
        if any(b.price.amount < ZERO for b in self.blocks):
            raise ValueError(f"blocks {self.id}: block prices are not negative")

    @property
    def currency(self) -> str:
        """The one currency of the blocks."""
        return self.blocks[0].price.currency

    def block_for(self, quantity: int) -> Block | None:
        """The band holding ``quantity``, or None when it is outside every band."""
        for block in self.blocks:  # ``in_band``, inlined: every line of the product asks
            if block.from_quantity <= quantity and (
                block.to_quantity is None or quantity <= block.to_quantity
            ):
                return block
        return None
