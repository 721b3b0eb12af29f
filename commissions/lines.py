"""Explained amounts: the payout lines every result is made of.

A phone answers "why did I get this?" from these alone: each line names the
component, the deal, credit and lines it came from, and the rate, base,
multiplier and tier that produced the amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from commissions.components import AwardKind, ComponentKind
from commissions.money import ZERO


@dataclass(frozen=True, slots=True)
class PayoutLine:
    """One rounded amount and how it came about."""

    component_id: str
    kind: ComponentKind
    label: str
    amount: Decimal
    """Rounded to minor units once, here."""
    base: Decimal
    """The exact (unrounded) figure the rate or multiplier acted on: credited
    revenue for rate lines, the commission so far for multiplier lines."""
    rate: Decimal | None = None
    """Set on rate lines (base and product rates, segment incentives)."""
    multiplier: Decimal | None = None
    """Set on multiplier lines: modifiers, accelerators, tiers, gate (0) and attainment cap."""
    tier: str | None = None
    """The tier's name on quota-tier lines."""
    credit_id: str | None = None
    """None on period-level lines (retroactive tiers, gate, caps, SPIFs)."""
    deal_id: str | None = None
    """None on period-level lines, like ``credit_id``."""
    line_ids: tuple[str, ...] = ()
    """The credit's lines that contributed, in rating order."""
    clawback: bool = False
    """True when the line comes from a clawback credit."""
    fixed_amount: Decimal | None = None
    """Set on fixed-amount lines: the amount per unit (``UNIT_AMOUNT``) or per deal
    (``DEAL_AMOUNT``); ``amount`` is ``fixed_amount * quantity``, rounded."""
    quantity: Decimal | None = None
    """Set on fixed-amount lines: the credited units (negative on a clawback), or for a
    per-deal amount the credit's share of the deal (negative on a clawback)."""


@dataclass(frozen=True, slots=True)
class ComponentTotal:
    """The sum of one component's lines (one kind of it: a tier component also gates and caps)."""

    component_id: str
    kind: ComponentKind
    label: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class SpifAward:
    """A SPIF reached this period; a non-cash award is recorded at its stated value."""

    component_id: str
    label: str
    kind: AwardKind
    value: Decimal
    description: str
    progress: Decimal
    target: Decimal


def component_totals(lines: Iterable[PayoutLine]) -> tuple[ComponentTotal, ...]:
    """Totals per (component, kind) in order of first appearance; they sum to the lines' total."""
    labels: dict[tuple[str, ComponentKind], str] = {}
    amounts: dict[tuple[str, ComponentKind], Decimal] = {}
    for line in lines:
        key = (line.component_id, line.kind)
        if key not in amounts:
            labels[key] = line.label
            amounts[key] = ZERO
        amounts[key] += line.amount
    return tuple(
        ComponentTotal(key[0], key[1], labels[key], amount) for key, amount in amounts.items()
    )


def total_of(lines: Iterable[PayoutLine]) -> Decimal:
    """The cash total of ``lines``."""
    return sum((line.amount for line in lines), ZERO)
