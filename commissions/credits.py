"""Credits: a rep's share of a won deal, the unit every plan rates.

A credit is a ledger fact: created once when a deal is won (or reversed) and
never edited. A reversal produces a new *clawback* credit with negated
amounts and quantities, dated on the reversal day, so it lands in the period
where the reversal happens and closed periods stay untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import auto
from typing import TYPE_CHECKING

from commissions.deals import Account, ReversalKind
from commissions.enums import NamedEnum
from commissions.reasons import Refusable, Refusal

if TYPE_CHECKING:  # (components import credits)
    from typing import TypeAlias

    from commissions.components import (
        BaseRate,
        ProductRate,
        QuotaTiers,
        RateModifier,
        SegmentIncentive,
        TimingAccelerator,
        UnitAmount,
    )

    SaleRule: TypeAlias = (
        BaseRate
        | ProductRate
        | RateModifier
        | TimingAccelerator
        | SegmentIncentive
        | UnitAmount
        | QuotaTiers
    )
    """A rule of a sale's rating that its later clawback carries (``UnitsStanding.table``)."""


class CreditRole(NamedEnum):
    """Why a rep holds a credit."""

    DIRECT = auto()
    """A seller: one of the deal's splits, or its owner when there are none."""
    ROLLUP = auto()
    """A manager above the seller(s), credited with the shares of those below."""


@dataclass(frozen=True, slots=True)
class UnitsStanding:
    """Where a sale's period stood on one cumulative unit table (``UnitAmount`` with a
    ``MARGINAL`` or ``RETROACTIVE`` ``tier_mode``) just before a clawback line in a later
    period took units back: the units in the component's scope that period still holds.

    ``stand_clawback`` records one on each line of a clawback landing in a later period for
    every per-credit rule the *sale* was rated with, with the component itself (``table``):
    its base and product rates, rate modifiers, timing accelerators, segment incentives and
    fixed amounts per unit (any ``tier_mode``), and a per-transaction tier table of the
    sale's period (in amounts or units: an attainment table is scaled by the sale's quota).
    Rating the clawback uses exactly those rules, not those of the period it lands in (the
    rep may have changed plan, or the plan its rates or table, in between), so it takes back
    what the sale paid. ``units`` is zero for any rule but a cumulative unit table."""

    component_id: str
    units: Decimal
    table: SaleRule | None = None
    """The sale's rule (None on clawbacks stood before it was recorded: the landing period's
    rules rate them)."""
    currency: str | None = None
    """The currency the sale was rated in (its period's plan's): ``table``'s fixed amounts and
    amount tiers are in it. A clawback landing under a plan in another currency has them
    converted (``commissions.currency.sale_rules_in``). None on clawbacks stood before it was
    recorded: the amounts are taken as the landing plan's."""
    rate: Decimal | None = None
    """What one unit of the deal's currency was worth in ``currency`` when the sale was rated
    (the rate that converted its revenue); None when the deal was in ``currency``."""


@dataclass(frozen=True, slots=True)
class CreditLine:
    """A rep's share of one deal line."""

    line_id: str
    product_id: str
    family: str
    amount: Decimal
    """The line's net revenue times the share (negative on a clawback)."""
    quantity: Decimal
    """The line's units times the share (negative on a clawback)."""
    discount: Decimal
    """The line's own discount, a fraction, unscaled."""
    margin: Decimal | None
    """The line's own margin, or None when the caller may not see cost."""
    original_amount: Decimal | None = None
    """On a converted credit, ``amount`` in the deal's currency before conversion (negative
    on a clawback); None when the deal was in the plan's currency."""
    deal_quantity: Decimal | None = None
    """On a clawback of some units of a line (or of the rest of a line returned in part
    before): the sold deal line's units, before any split, which still pick a quantity tier
    (so returned units are clawed back at the amount per unit they earned). None on a sale
    and on a whole-line clawback: the line's own ``quantity / share`` is the sale's."""
    units_standing: tuple[UnitsStanding, ...] | None = None
    """On a clawback landing in a later period than its sale (``stand_clawback``): the rules
    its sale was rated with and where the sale's period stood on each cumulative unit table
    before these units came back, so the clawback takes back exactly what they made that
    period pay. None on sales, on clawbacks
    in the sale's own period (they cancel there) and on clawbacks stored before it existed."""


@dataclass(frozen=True, slots=True)
class Credit:
    """One rep's credit for one deal.

    ``credit_date`` places the credit in a period. ``rated_on`` is the date
    the plan rules look at (version in force, timing windows): the close date,
    also for a clawback, so a clawback is rated exactly like the credit it
    mirrors. ``deal_discount`` and ``deal_margin`` are the whole deal's
    revenue-weighted figures, copied so that a partial return is judged by the
    same deal-level numbers as the sale. A clawback that leaves some of the
    original's lines standing has ``completes_reversal=False``: per-deal
    fixed amounts are clawed back only by the clawback that completes it.
    """

    credit_id: str
    deal_id: str
    rep_id: str
    role: CreditRole
    share: Decimal
    credit_date: date
    rated_on: date
    currency: str
    account: Account
    lines: tuple[CreditLine, ...]
    deal_discount: Decimal
    deal_margin: Decimal | None
    reverses: str | None = None
    reversal_kind: ReversalKind | None = None
    completes_reversal: bool = True
    original_currency: str | None = None
    """The deal's currency when ``currency`` (the plan's) is a conversion of it, else None."""
    exchange_rate: Decimal | None = None
    """What one unit of ``original_currency`` was worth in ``currency`` on ``rated_on``: the
    rate used to convert every line (a clawback carries its sale's rate)."""
    deal_products: tuple[str, ...] = ()
    """The products of every line of the deal (sorted, once each), also on a clawback and
    after a period cancels some lines: what a per-deal fixed amount is judged by. Empty on
    credits stored before it existed: their own lines are then judged."""
    deal_families: tuple[str, ...] = ()
    """The families of every line of the deal, like ``deal_products``."""

    @property
    def original_amount(self) -> Decimal | None:
        """The credit's amount in the deal's currency, when it was converted."""
        if self.original_currency is None:
            return None
        return sum((line.original_amount or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def is_clawback(self) -> bool:
        """True for the negative mirror of an earlier credit."""
        return self.reverses is not None

    @property
    def sign(self) -> int:
        """+1 for a credit, -1 for a clawback; scales per-deal fixed amounts."""
        return -1 if self.reverses is not None else 1


@dataclass(frozen=True, slots=True)
class CreditingResult(Refusable):
    """The credits a deal (or a reversal) produces, or why none were produced."""

    credits: tuple[Credit, ...]
    refusals: tuple[Refusal, ...]
