"""DealDesk's commissions engine: pure functions from deals, plans and credits to explained payouts.

No I/O and no clock: dates, the fiscal calendar and every rule come in as
arguments, and every result is a frozen value with its explanation inside.
Refusals are :class:`ReasonCode` values in results; exceptions mean a bug.

Main entry points:

* :func:`credit_deal` / :func:`claw_back` - won deals and reversals to credits;
* :func:`compute_period` - a rep's period from their credits (and its :class:`PeriodState`);
* :func:`compute_split_period` - a period under several assignments, prorated by days;
* :func:`estimate_deal` - the real-time what-if for a new deal, from a stored state;
* :func:`build_statement` - lines, adjustments, prior payouts, balance due;
* :func:`next_tier` - the next tier and the revenue still needed;
* :func:`validate_plan_versions` / :func:`validate_assignments` - overlap and sanity checks.
"""

from commissions.components import (
    Award,
    AwardKind,
    BaseRate,
    Component,
    ComponentKind,
    Edge,
    Measure,
    PayoutCap,
    ProductRate,
    QuotaTiers,
    RateModifier,
    Scope,
    SegmentIncentive,
    Spif,
    SpifMeasure,
    Tier,
    TierBasis,
    TierBoundary,
    TierMode,
    TimingAccelerator,
    UnitAmount,
    UnitTier,
    UnitTierMode,
)
from commissions.crediting import claw_back, credit_deal, credit_if_won, returned_so_far
from commissions.credits import Credit, CreditingResult, CreditLine, CreditRole, UnitsStanding
from commissions.currency import ExchangeRate, check_rate, convert_credit, rate_on
from commissions.dashboard import NextTier, next_tier
from commissions.deals import (
    Account,
    Deal,
    DealLine,
    DealStatus,
    ReturnedUnits,
    Reversal,
    ReversalKind,
    Split,
)
from commissions.estimate import Estimate, SpifProgress, estimate_deal
from commissions.fiscal_calendar import FiscalCalendar, FiscalPeriod, PeriodKind
from commissions.leavers import Departure, departure_of, gap_owner, late_owner
from commissions.lines import ComponentTotal, PayoutLine, SpifAward
from commissions.money import round_money
from commissions.period import PeriodResult, ReversedInPeriod, SkippedCredit, compute_period
from commissions.plans import (
    Assignment,
    PlanVersion,
    validate_assignments,
    validate_plan_versions,
    version_on,
)
from commissions.proration import Proration, prorate_assignment, prorate_version, proration_of
from commissions.reasons import ReasonCode, Refusal
from commissions.returns import SalePart, sale_part, stand_clawback
from commissions.split_period import AssignmentPart, SplitPeriod, compute_split_period
from commissions.state import EarnedAmount, PeriodState, SpifCounter, UnitCounter
from commissions.statement import (
    Adjustment,
    PriorPayout,
    Statement,
    StatementCredit,
    build_statement,
)

__all__ = [
    "Account",
    "Adjustment",
    "Assignment",
    "AssignmentPart",
    "Award",
    "AwardKind",
    "BaseRate",
    "Component",
    "ComponentKind",
    "ComponentTotal",
    "Credit",
    "CreditLine",
    "CreditRole",
    "CreditingResult",
    "Deal",
    "DealLine",
    "DealStatus",
    "Departure",
    "EarnedAmount",
    "Edge",
    "Estimate",
    "ExchangeRate",
    "FiscalCalendar",
    "FiscalPeriod",
    "Measure",
    "NextTier",
    "PayoutCap",
    "PayoutLine",
    "PeriodKind",
    "PeriodResult",
    "PeriodState",
    "PlanVersion",
    "PriorPayout",
    "ProductRate",
    "Proration",
    "QuotaTiers",
    "RateModifier",
    "ReasonCode",
    "Refusal",
    "ReturnedUnits",
    "Reversal",
    "ReversalKind",
    "ReversedInPeriod",
    "SalePart",
    "Scope",
    "SegmentIncentive",
    "SkippedCredit",
    "Spif",
    "SpifAward",
    "SpifCounter",
    "SpifMeasure",
    "SpifProgress",
    "Split",
    "SplitPeriod",
    "Statement",
    "StatementCredit",
    "Tier",
    "TierBasis",
    "TierBoundary",
    "TierMode",
    "TimingAccelerator",
    "UnitAmount",
    "UnitCounter",
    "UnitTier",
    "UnitTierMode",
    "UnitsStanding",
    "build_statement",
    "check_rate",
    "claw_back",
    "compute_period",
    "compute_split_period",
    "convert_credit",
    "credit_deal",
    "credit_if_won",
    "departure_of",
    "estimate_deal",
    "gap_owner",
    "late_owner",
    "next_tier",
    "prorate_assignment",
    "prorate_version",
    "proration_of",
    "rate_on",
    "returned_so_far",
    "round_money",
    "sale_part",
    "stand_clawback",
    "validate_assignments",
    "validate_plan_versions",
    "version_on",
]
