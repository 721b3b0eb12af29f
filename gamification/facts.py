"""A ``Fact``: one thing a rep did or that happened to their deals, as metrics read it.

Activities, won sales, quote events and slippage all become facts; a metric
definition aggregates facts. ``external_id`` makes a fact idempotent in the log
(the same id from the same rep is the same fact).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

Attributes = tuple[tuple[str, str], ...]

REVERSAL = "reversal"
"""The attribute that makes a fact undo (part of) an earlier one of its kind: ``FULL``
undoes it whole (it no longer counts, nor does its customer), ``PARTIAL`` takes back
its quantity and amount only (a partial return: the sale still stands). A reversal
states what it takes back as positive figures (the log holds no negative ones); the
metrics subtract them."""
FULL = "FULL"
PARTIAL = "PARTIAL"


@dataclass(frozen=True, slots=True)
class Happening:
    """What every fact and every activity sent starts with: rep, kind, instant, how much."""

    rep_id: int
    kind: str
    occurred_at: datetime
    quantity: Decimal = Decimal(1)
    amount: Decimal | None = None
    duration_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class Fact(Happening):
    """One fact: rep, kind, instant (aware), quantity, amount, duration, customer, attributes."""

    customer_key: str | None = None
    attributes: Attributes = ()
    external_id: str | None = None

    def __post_init__(self) -> None:
        if self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at must be timezone-aware")

    @property
    def reversal(self) -> str | None:
        """``FULL`` or ``PARTIAL`` when this fact undoes an earlier one, else None."""
        return self.attribute(REVERSAL)

    def attribute(self, name: str) -> str | None:
        """The value of attribute ``name``, or None."""
        for key, value in self.attributes:
            if key == name:
                return value
        return None


def attributes_of(mapping: dict[str, str]) -> Attributes:
    """A mapping as the sorted pairs a fact holds (so equal mappings give equal facts)."""
    return tuple(sorted(mapping.items()))
