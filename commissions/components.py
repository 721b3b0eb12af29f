"""Plan components: the rules a plan is made of, one dataclass per rule.

Every component carries an id (the explanation points at it) and a label
(what the phone shows). Rates, shares and attainment are fractions:
``Decimal("0.15")`` is 15 %, an attainment floor of ``Decimal("1")`` is 100 %
of quota. The order in which components act is fixed by the engine (see
``commissions.rating``), not by their order in the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import auto

from commissions.credits import Credit, CreditLine
from commissions.deals import Account
from commissions.enums import NamedEnum
from commissions.fiscal_calendar import FiscalCalendar, PeriodKind, add_months


class ComponentKind(NamedEnum):
    """What produced a payout line; period-level kinds come from tiers, caps and SPIFs.

    One component may produce several kinds: a :class:`QuotaTiers` yields
    ``QUOTA_TIER``, ``GATE`` and ``ATTAINMENT_CAP`` lines.
    """

    BASE_RATE = auto()
    """A :class:`BaseRate` on a line's credited revenue."""
    PRODUCT_RATE = auto()
    """A :class:`ProductRate` on a line's credited revenue, in place of the base rate."""
    RATE_MODIFIER = auto()
    """A :class:`RateModifier`: the extra (or lost) commission of its multiplier."""
    TIMING_ACCELERATOR = auto()
    """A :class:`TimingAccelerator`: the extra commission of a deal closed in its window."""
    QUOTA_TIER = auto()
    """A quota tier's multiplier: per credit when marginal, at period end when retroactive."""
    SEGMENT_INCENTIVE = auto()
    """A :class:`SegmentIncentive`'s extra rate and/or amount per deal."""
    GATE = auto()
    """The period's commission withheld because attainment stayed below the tiers' gate."""
    ATTAINMENT_CAP = auto()
    """Revenue beyond the tiers' ``max_attainment``: a 0 band, or a cut when retroactive."""
    PAYOUT_CAP = auto()
    """What a :class:`PayoutCap` takes back above its ``max_payout``."""
    SPIF = auto()
    """A cash :class:`Spif` award, in the period its target is reached."""
    UNIT_AMOUNT = auto()
    """A :class:`UnitAmount`'s fixed amount per unit sold (negative per unit returned)."""
    DEAL_AMOUNT = auto()
    """A :class:`UnitAmount`'s fixed amount per deal selling a product in its scope."""


@dataclass(frozen=True, slots=True)
class _Identified:
    """What every component carries, whatever rule it is."""

    component_id: str
    """Unique within the plan version; payout lines point back at it."""
    label: str
    """What the phone shows for the component and the lines it produces."""


@dataclass(frozen=True, slots=True)
class BaseRate(_Identified):
    """The rate on credited revenue of every line no product rate claims."""

    rate: Decimal
    rate_ceiling: Decimal = Decimal(1)
    """The highest rate this component may carry: 1 (100 %) unless the plan explicitly
    allows more, never above ``plan_checks.MAX_RATE_CEILING``."""


@dataclass(frozen=True, slots=True)
class ProductRate(_Identified):
    """Replaces the base rate on matching lines: a premium (product X at 20 %) or a de-emphasis.

    A product match beats a family match. An excluded product is a rate of 0
    with ``counts_toward_quota=False``: it neither pays nor moves attainment.
    """

    rate: Decimal
    product_ids: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    counts_toward_quota: bool = True
    rate_ceiling: Decimal = Decimal(1)
    """As on ``BaseRate``: 100 % unless explicitly raised."""


class Measure(NamedEnum):
    """The deal figure a modifier looks at."""

    DISCOUNT = auto()
    MARGIN = auto()


class Scope(NamedEnum):
    """Whether a modifier judges each line or the whole deal."""

    LINE = auto()
    """Each line by its own discount or margin."""
    DEAL = auto()
    """Every line by the deal's revenue-weighted discount or margin."""


@dataclass(frozen=True, slots=True)
class RateModifier(_Identified):
    """Multiplies the commission of lines whose discount/margin is beyond a threshold.

    Applies when the figure is strictly ``above`` and/or strictly ``below`` the
    given fractions, e.g. ``above=0.2, multiplier=0.5`` halves the rate when
    the deal discount exceeds 20 %.
    """

    measure: Measure
    multiplier: Decimal
    above: Decimal | None = None
    below: Decimal | None = None
    scope: Scope = Scope.DEAL

    def applies(self, credit: Credit, line: CreditLine) -> bool:
        """True when this modifier changes ``line``'s commission."""
        if self.measure is Measure.DISCOUNT:
            value: Decimal | None = (
                credit.deal_discount if self.scope is Scope.DEAL else line.discount
            )
        else:
            value = credit.deal_margin if self.scope is Scope.DEAL else line.margin
        if value is None:
            return False
        return (self.above is None or value > self.above) and (
            self.below is None or value < self.below
        )


class Edge(NamedEnum):
    """Which end of the anchor period a timing window hugs."""

    START = auto()
    END = auto()


@dataclass(frozen=True, slots=True)
class TimingAccelerator(_Identified):
    """Multiplies commission on deals closed near an edge of a fiscal period.

    Set exactly one of ``days`` and ``months``: ``anchor=QUARTER, edge=END,
    days=14`` is "the last two weeks of the quarter"; ``edge=START, months=1``
    is "the first month of the quarter".
    """

    multiplier: Decimal
    anchor: PeriodKind = PeriodKind.QUARTER
    edge: Edge = Edge.END
    days: int = 0
    months: int = 0

    def applies(self, day: date, calendar: FiscalCalendar) -> bool:
        """True when ``day`` falls inside the window."""
        period = calendar.period_of(day, self.anchor)
        if self.months:
            if self.edge is Edge.START:
                return day < add_months(period.start, self.months)
            return day >= add_months(period.end + timedelta(days=1), -self.months)
        if self.edge is Edge.START:
            return day <= period.start + timedelta(days=self.days - 1)
        return day >= period.end - timedelta(days=self.days - 1)


@dataclass(frozen=True, slots=True)
class SegmentIncentive(_Identified):
    """Extra pay for deals with a matching account: a rate on revenue and/or a fixed amount.

    Empty criteria match anything; all given criteria must match. The fixed
    amount is per deal and shared like the credit (a 50 % split earns half).
    Incentives are added after quota tiers, so tiers do not accelerate them.
    """

    segments: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    new_logo_only: bool = False
    extra_rate: Decimal = Decimal(0)
    amount_per_deal: Decimal = Decimal(0)

    def matches(self, account: Account) -> bool:
        """True when ``account`` qualifies."""
        return (
            (not self.segments or account.segment in self.segments)
            and (not self.industries or account.industry in self.industries)
            and (account.new_logo or not self.new_logo_only)
        )


class TierMode(NamedEnum):
    """How a tier's multiplier reaches the revenue (``commissions.tiers`` has the arithmetic)."""

    MARGINAL = auto()
    """Each tier's multiplier applies to the revenue inside it, over the period's running total."""
    RETROACTIVE = auto()
    """The tier reached at period end re-rates all of it."""
    PER_TRANSACTION = auto()
    """Each credit on its own: its lines are laid on the table from 0 (not on the period's
    running total) and each slice takes its tier's multiplier; the period's total plays no part."""
    INTERPOLATED = auto()
    """Like RETROACTIVE, but the multiplier moves linearly within a tier: at figure ``x`` between
    a tier's start ``s_k`` (multiplier ``m_k``) and the next tier's start ``s_k+1`` (``m_k+1``),
    ``m(x) = m_k + (m_k+1 - m_k) * (x - s_k) / (s_k+1 - s_k)``; from the last tier's start up,
    the last multiplier. ``m`` is continuous, so the payout has no jump at a tier edge."""


class TierBasis(NamedEnum):
    """What a tier table's starts (and its gate and cap) are measured in."""

    ATTAINMENT = auto()
    """Fractions of the assignment's quota (``1`` is 100 %): the plan needs a quota."""
    AMOUNT = auto()
    """Quota revenue in the plan's currency: no quota needed."""
    UNITS = auto()
    """Units sold (the credited quantity of counted lines): no quota needed."""


class TierBoundary(NamedEnum):
    """Which tier a figure exactly on an edge (one tier's end, the next one's start) is in.

    It decides the tier RETROACTIVE pays and the tier every mode reports. Marginal and
    per-transaction slices are measured, and the interpolated multiplier is continuous,
    so for them a point on an edge carries no amount of its own.
    """

    UPPER = auto()
    """The higher tier (the default): reaching a start is being in its tier."""
    LOWER = auto()
    """The lower tier: a tier is reached only strictly above its start."""


@dataclass(frozen=True, slots=True)
class Tier:
    """From ``floor`` upward, commission is multiplied by ``multiplier``.

    ``floor`` is in the table's :class:`TierBasis`: a fraction of quota, an amount or
    units. Multipliers above 1 are accelerators, below 1 decelerators, 0 a threshold.
    """

    name: str
    floor: Decimal
    multiplier: Decimal


@dataclass(frozen=True, slots=True)
class QuotaTiers(_Identified):
    """A tier table on rated commission, with an optional gate and cap.

    ``gate``: below this figure at period end nothing is paid (a cliff,
    unlike a marginal 0-multiplier tier). ``max_attainment``: revenue beyond
    this figure earns nothing (marginal: a 0 band; retroactive and interpolated:
    a proportional cut; per transaction: the part of a credit beyond it), and
    period-end tiers are looked up at most there. Both are in the table's
    ``basis``, like the tier floors; the gate always judges the period's figure.
    """

    mode: TierMode
    tiers: tuple[Tier, ...]
    gate: Decimal | None = None
    max_attainment: Decimal | None = None
    basis: TierBasis = TierBasis.ATTAINMENT
    boundary: TierBoundary = TierBoundary.UPPER


@dataclass(frozen=True, slots=True)
class PayoutCap(_Identified):
    """The most a period's commission may pay (SPIFs are bonuses on top)."""

    max_payout: Decimal


class SpifMeasure(NamedEnum):
    """What a SPIF counts: units sold or credited revenue."""

    UNITS = auto()
    AMOUNT = auto()


class AwardKind(NamedEnum):
    """Whether a SPIF award is paid out or only recorded."""

    CASH = auto()
    """Goes into the payout."""
    NON_CASH = auto()
    """A trip or a gift: recorded at its stated value, outside the cash total."""


@dataclass(frozen=True, slots=True)
class Award:
    """What reaching a SPIF earns."""

    kind: AwardKind
    value: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class Spif(_Identified):
    """A one-off bonus for selling ``target`` of some products within a date window.

    Paid once, in the period the target is reached, however far it is exceeded.
    """

    window_start: date
    window_end: date
    target: Decimal
    award: Award
    measure: SpifMeasure = SpifMeasure.UNITS
    product_ids: tuple[str, ...] = ()
    families: tuple[str, ...] = ()

    def counts(self, line: CreditLine, day: date) -> Decimal | None:
        """How much ``line`` (rated on ``day``) adds to progress, or None if it does not qualify."""
        if not self.window_start <= day <= self.window_end:
            return None
        if line.product_id not in self.product_ids and line.family not in self.families:
            return None
        return line.quantity if self.measure is SpifMeasure.UNITS else line.amount


class UnitTierMode(NamedEnum):
    """Which quantity picks a :class:`UnitAmount`'s tier, and which units its amount pays."""

    LINE = auto()
    """The deal line's own quantity (the default): a line of at least a tier's
    ``min_quantity`` units is paid that tier's amount for every one of its units."""
    MARGINAL = auto()
    """The period's running total of units in the rule's scope, like marginal amount tiers:
    the units beyond a tier's ``min_quantity`` (on the running total, in rating order) are
    paid its amount, those below the first tier ``amount_per_unit``. A line crossing a
    tier's start is split across both. In the period of its sale a clawback cancels its units
    (the period is the one where they were never sold); in a later period it walks the *sale
    period's* total down from where that period stands (``CreditLine.units_standing``), so it
    takes back exactly what those units made that period pay, and leaves the running total of
    the period it lands in alone, on the sale's own table (``UnitsStanding.table``) whatever
    table the period it lands in runs. Without ``units_standing`` (a clawback stored before it
    existed) it walks the running total of its own period down, as it used to."""
    RETROACTIVE = auto()
    """The period's total units in scope, like retroactive amount tiers: every unit earns
    ``amount_per_unit`` as it is credited, and at period end the tier the total reached (at
    or above its ``min_quantity``) re-rates all of them: one period-level ``UNIT_AMOUNT``
    line pays the difference (``(tier amount - amount_per_unit) * total units``). A clawback
    in a later period takes back what the units made their sale's period pay: that period
    re-rated from the units it still held (``CreditLine.units_standing``) to those less the
    returned ones (the amount at the tier it reached times its units, before minus after);
    in the sale's own period the units cancel."""


@dataclass(frozen=True, slots=True)
class UnitTier:
    """From ``min_quantity`` units on one deal line upward, ``amount_per_unit`` for each of them."""

    name: str
    min_quantity: Decimal
    amount_per_unit: Decimal


@dataclass(frozen=True, slots=True)
class UnitAmount(_Identified):
    """A fixed amount per unit sold of some products or families, and/or per deal.

    Which amount per unit applies is decided by the **deal line's own quantity** (before
    the split share, so two reps splitting a 100-unit line both earn the 100-unit tier):
    below the first tier's ``min_quantity`` it is ``amount_per_unit``; from a tier's
    ``min_quantity`` up, that tier's amount, for every unit of the line (not only those
    above the threshold). The tier is a property of the sale, so a return of the line
    claws back exactly what it paid, unit by unit, whatever else the period holds; so does a
    return of k of its n units (``Reversal.returned_units``): the clawback line keeps the
    sale's ``deal_quantity``, so each returned unit takes back the amount per unit the n
    units earned. Each credited unit (``quantity``, already scaled by the share) earns the
    amount. Under a cumulative ``tier_mode`` a return takes back what the returned units made
    their sale's period pay (see :class:`UnitTierMode`): the sale's period plus every later
    clawback of its units equals that period with only the units kept sold.

    ``amount_per_deal`` is paid once per credit whose deal sold a product in scope (judged by
    all the deal's lines, :meth:`sells`), shared like the credit (a 50 % split earns half),
    and clawed back by the clawback that completes the deal's reversal, like a segment
    incentive's amount per deal: a partial return claws back units, not the deal. All
    amounts are in the plan's currency. Empty ``product_ids`` and ``families`` match every
    line.
    """

    amount_per_unit: Decimal = Decimal(0)
    product_ids: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    tiers: tuple[UnitTier, ...] = ()
    amount_per_deal: Decimal = Decimal(0)
    tier_mode: UnitTierMode = UnitTierMode.LINE
    """What picks the tier (see :class:`UnitTierMode`): the line's own quantity by default."""

    def matches(self, line: CreditLine) -> bool:
        """True when ``line`` is in the component's scope."""
        if not self.product_ids and not self.families:
            return True
        return line.product_id in self.product_ids or line.family in self.families

    def sells(self, credit: Credit) -> bool:
        """True when ``credit``'s deal sold a product in scope (its per-deal amount applies):
        judged by all the deal's lines, so a partial return does not change it."""
        if not self.product_ids and not self.families:
            return True
        if not credit.deal_products and not credit.deal_families:
            return any(self.matches(line) for line in credit.lines)
        return not set(self.product_ids).isdisjoint(credit.deal_products) or not set(
            self.families
        ).isdisjoint(credit.deal_families)

    def per_unit(self, line_quantity: Decimal) -> tuple[Decimal, UnitTier | None]:
        """The amount per unit for a deal line of ``line_quantity`` units, and its tier."""
        reached: UnitTier | None = None
        for tier in self.tiers:
            if line_quantity >= tier.min_quantity:
                reached = tier
            else:
                break
        return (self.amount_per_unit if reached is None else reached.amount_per_unit), reached

    def taken_back(
        self, standing: Decimal, units: Decimal
    ) -> list[tuple[Decimal, UnitTier | None, Decimal]]:
        """What returning ``-units`` units (``units`` < 0) takes back from a sale period that
        held ``standing`` units in scope, as (amount per unit, tier, signed units) pieces:
        ``MARGINAL`` walks that period's total down its tiers; ``RETROACTIVE`` re-rates it,
        the units back at the amount the period reached, then, when the period falls to a
        lower tier, the difference per unit on the units it keeps."""
        if self.tier_mode is UnitTierMode.MARGINAL:
            return self.marginal_slices(standing, standing + units)
        before, reached = self.per_unit(standing)
        after, kept_tier = self.per_unit(standing + units)
        pieces: list[tuple[Decimal, UnitTier | None, Decimal]] = [(before, reached, units)]
        if after != before:
            pieces.append((before - after, kept_tier, -(standing + units)))
        return pieces

    def marginal_slices(
        self, start: Decimal, end: Decimal
    ) -> list[tuple[Decimal, UnitTier | None, Decimal]]:
        """How moving the running total of units from ``start`` to ``end`` splits across the
        tiers (``MARGINAL``): (amount per unit, tier or None below the first, signed units).
        A move down (a clawback) gives negative units."""
        low, high = (start, end) if start <= end else (end, start)
        sign = 1 if end >= start else -1
        out: list[tuple[Decimal, UnitTier | None, Decimal]] = []
        bands: list[tuple[Decimal | None, Decimal | None, Decimal, UnitTier | None]] = []
        first = self.tiers[0].min_quantity if self.tiers else None
        bands.append((None, first, self.amount_per_unit, None))
        for index, tier in enumerate(self.tiers):
            upper = self.tiers[index + 1].min_quantity if index + 1 < len(self.tiers) else None
            bands.append((tier.min_quantity, upper, tier.amount_per_unit, tier))
        for lower, upper, amount, reached in bands:
            a = low if lower is None or lower < low else lower
            b = high if upper is None or upper > high else upper
            if b > a:
                out.append((amount, reached, (b - a) * sign))
        return out


Component = (
    BaseRate
    | ProductRate
    | RateModifier
    | TimingAccelerator
    | SegmentIncentive
    | QuotaTiers
    | PayoutCap
    | Spif
    | UnitAmount
)
