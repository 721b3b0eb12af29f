"""Payment holds: commission on a deal whose invoice is not paid yet is earned but held.

Under a plan that holds until the invoice is paid, a sale credit's commission
whose quote has no paid invoice by the period's end is **held**: it is on the
statement (earned) but not due. Held amounts wait in a pool, per quote, carried
from statement to statement; the first period that ends with the invoice paid
**releases** the quote's pool. A clawback of a quote whose commission is held is
held with it (the pool nets to what is left); other clawbacks are never held, so a
return after a paid invoice takes the money back at once.

Period-level lines (retroactive tiers, caps, SPIFs) are not tied to one deal and
are never held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from commissions.money import ZERO


@dataclass(frozen=True, slots=True)
class DealAmount:
    """One credit's commission on a statement, by the quote (deal) it came from."""

    quote_id: str
    amount: Decimal
    clawback: bool


@dataclass(frozen=True, slots=True)
class HoldOutcome:
    """What the period holds and releases, and the pool it leaves for the next one."""

    held: Decimal
    """Held this period (earned now, not due yet)."""
    released: Decimal
    """Released from earlier periods' pool (invoice now paid)."""
    pool: tuple[tuple[str, Decimal], ...]
    """Still held after this period, per quote, sorted by quote."""
    released_quotes: tuple[str, ...] = ()


def apply_holds(
    amounts: Iterable[DealAmount],
    paid_quotes: Iterable[str],
    pool: Mapping[str, Decimal],
    holding: bool,
) -> HoldOutcome:
    """Hold this period's unpaid deals (when the plan is ``holding``), release paid ones.

    ``paid_quotes`` are the quotes whose invoice is paid by the period's end; ``pool``
    is what earlier periods still hold. A pool entry is released whatever the plan
    says now: a plan that stops holding must not keep money held for ever.
    """
    paid = paid_quotes if isinstance(paid_quotes, (set, frozenset)) else set(paid_quotes)
    remaining = dict(pool)
    held = ZERO
    for item in amounts:
        if item.quote_id in paid:
            continue
        if (not item.clawback and holding) or (item.clawback and item.quote_id in remaining):
            remaining[item.quote_id] = remaining.get(item.quote_id, ZERO) + item.amount
            held += item.amount
    released_quotes = tuple(sorted(q for q in remaining if q in paid))
    released = sum((remaining.pop(q) for q in released_quotes), ZERO)
    return HoldOutcome(
        held,
        released,
        tuple(sorted((q, a) for q, a in remaining.items() if a != ZERO)),
        released_quotes,
    )
