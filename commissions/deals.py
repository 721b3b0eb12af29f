"""Deal inputs: what the CRM/CPQ side tells the engine about a sale.

These are plain facts copied out of a won quote; the engine never looks
anything up. Percentages are fractions (``Decimal("0.2")`` is 20 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import auto

from commissions.enums import NamedEnum


class DealStatus(NamedEnum):
    """Only ``WON`` deals earn credit; the others exist so callers need not filter."""

    OPEN = auto()
    WON = auto()
    LOST = auto()


class ReversalKind(NamedEnum):
    """Why a won deal is undone; kept on clawback credits for the statement."""

    LOST_AFTER_WIN = auto()
    CANCELLED = auto()
    RETURNED = auto()


@dataclass(frozen=True, slots=True)
class Account:
    """The buyer attributes that segment incentives match on."""

    segment: str = ""
    industry: str = ""
    new_logo: bool = False


@dataclass(frozen=True, slots=True)
class DealLine:
    """One priced line of a deal."""

    line_id: str
    product_id: str
    family: str
    amount: Decimal
    """The net revenue of the line in the deal currency."""
    quantity: Decimal = Decimal(1)
    discount: Decimal = Decimal(0)
    margin: Decimal | None = None
    """A fraction like ``discount``, or ``None`` when the caller may not see cost:
    margin modifiers then simply do not apply."""


@dataclass(frozen=True, slots=True)
class Deal:
    """A sale to credit."""

    deal_id: str
    owner_id: str
    status: DealStatus
    close_date: date
    """The date credit is earned on."""
    currency: str
    lines: tuple[DealLine, ...]
    account: Account = Account()


@dataclass(frozen=True, slots=True)
class Split:
    """A rep's share of a deal's credit, a fraction; the shares of a deal sum to exactly 1."""

    rep_id: str
    share: Decimal


@dataclass(frozen=True, slots=True)
class Reversal:
    """A won deal undone on ``reversal_date``.

    ``line_ids`` limits a partial return to some lines; empty means the whole deal (unless
    ``returned_units`` names some: then only those lines, in part).
    """

    reversal_id: str
    deal_id: str
    reversal_date: date
    kind: ReversalKind
    line_ids: tuple[str, ...] = ()
    returned_units: tuple[ReturnedUnits, ...] = ()
    """Lines returned in part: ``quantity`` of the deal line's units (before any split), the
    rest of the line still sold. A line is named here or in ``line_ids``, not both."""


@dataclass(frozen=True, slots=True)
class ReturnedUnits:
    """Some units of one deal line returned (a partial-quantity return)."""

    line_id: str
    quantity: Decimal
    """Units of the deal line (before any split), above 0 and at most those not yet returned."""
