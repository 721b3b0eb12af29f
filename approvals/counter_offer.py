"""What an approver proposes instead of approving: a counter-offer.

An approver who would sign at a smaller discount says so with a
``COUNTER_OFFER`` decision carrying the proposal, per line or on the total.
The request ends COUNTERED; the rep may accept the proposal (see
``approvals.counter_acceptance``), reprice and resubmit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from approvals.facts import QuoteFacts
from approvals.reasons import ReasonCode

_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class LineCounter:
    """A proposal for one line: a discount % *or* a net unit price, not both.

    Giving exactly one keeps the proposal unambiguous for the repricing
    that follows.
    """

    line_id: str
    discount_pct: Decimal | None = None
    net_unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CounterOffer:
    """The approver's proposal: line targets, a total discount target, or both."""

    lines: tuple[LineCounter, ...] = ()
    total_discount_pct: Decimal | None = None
    note: str = ""


def _pct_ok(value: Decimal) -> bool:
    return value.is_finite() and Decimal(0) <= value <= _HUNDRED


def _line_ok(line: LineCounter, facts: QuoteFacts) -> bool:
    if facts.line(line.line_id) is None:
        return False
    if (line.discount_pct is None) == (line.net_unit_price is None):
        return False  # neither or both: nothing or two things to apply
    if line.discount_pct is not None:
        return _pct_ok(line.discount_pct)
    price = line.net_unit_price
    return price is not None and price.is_finite() and price >= 0


def counter_offer_issues(offer: CounterOffer | None, facts: QuoteFacts) -> tuple[ReasonCode, ...]:
    """Why ``offer`` cannot stand for ``facts``; empty when it is usable.

    A usable offer proposes something, only for lines of this quote, once
    per line, with percentages in [0, 100] and prices not below zero.
    """
    if offer is None or (not offer.lines and offer.total_discount_pct is None):
        return (ReasonCode.COUNTER_OFFER_INVALID,)
    ids = [line.line_id for line in offer.lines]
    if len(ids) != len(set(ids)):
        return (ReasonCode.COUNTER_OFFER_INVALID,)
    if offer.total_discount_pct is not None and not _pct_ok(offer.total_discount_pct):
        return (ReasonCode.COUNTER_OFFER_INVALID,)
    if not all(_line_ok(line, facts) for line in offer.lines):
        return (ReasonCode.COUNTER_OFFER_INVALID,)
    return ()
