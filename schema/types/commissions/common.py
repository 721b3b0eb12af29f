"""Enums and small helpers shared by the commission types."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

import commissions as engine
from db.actor import Actor
from db.models import commissions as rows
from schema import decimals
from schema.decimals import PERCENT_PLACES, RATE_PLACES, at_scale
from schema.enums import described_enum
from schema.nodes import node_of
from schema.rows import required
from schema.types.user import User

if TYPE_CHECKING:
    from schema.types.quote import Quote

QuoteRef = Annotated["Quote", strawberry.lazy("schema.types.quote")]
HUNDRED = Decimal(100)


CommissionPeriodKind = described_enum(
    rows.CommissionPeriodKind,
    "CommissionPeriodKind",
    "How long a commission period is: plans pay, and quotas count, per period of this kind.",
    {
        "MONTH": "A fiscal month.",
        "QUARTER": "A fiscal quarter: three fiscal months.",
        "YEAR": "A fiscal year: twelve fiscal months from the calendar's `firstMonth`.",
    },
)
CommissionPeriodStatus = described_enum(
    rows.CommissionPeriodStatus,
    "CommissionPeriodStatus",
    "Whether a commission period still takes credits and adjustments.",
    {
        "OPEN": "Credits, clawbacks and adjustments dated in the period still land in it.",
        "CLOSED": "FINANCE closed it and issued its statements; it never changes again.",
    },
)
CommissionCreditRole = described_enum(
    rows.CreditRole,
    "CommissionCreditRole",
    "Why a rep holds a credit: as a seller of the deal, or as a manager above one.",
    {
        "DIRECT": "The rep sold the deal (alone or on a split).",
        "ROLLUP": "The rep manages a seller of the deal and gets the same credit above them.",
    },
)
CommissionReversalKind = described_enum(
    rows.ReversalKind,
    "CommissionReversalKind",
    "Why a won deal was undone, as kept on the clawback credits it caused.",
    {
        "CANCELLED": "The customer cancelled the order after it was won.",
        "RETURNED": "Some or all of the goods came back (a partial return names its lines).",
        "LOST_AFTER_WIN": "The quote was marked lost after having been won.",
    },
)
CommissionStatementLineKind = described_enum(
    rows.StatementLineKind,
    "CommissionStatementLineKind",
    "What a statement line is about.",
    {
        "SALE": "The commission of one credit for a won deal.",
        "CLAWBACK": "A credit reversed by a clawback: a negative amount.",
        "PERIOD": "A period-level rule: retroactive tiers, the gate, attainment or payout caps.",
        "ADJUSTMENT": "A correction FINANCE recorded in the period.",
        "AWARD": "A SPIF award reached in the period (non-cash awards at their stated value).",
    },
)
CommissionInquiryCategory = described_enum(
    rows.InquiryCategory,
    "CommissionInquiryCategory",
    "What a rep's inquiry is about.",
    {
        "MISSING_CREDIT": "A deal the rep expected credit for is not credited.",
        "WRONG_AMOUNT": "A credit or statement line has the wrong amount.",
        "WRONG_SPLIT": "A deal's split between reps is wrong.",
        "WRONG_RATE": "The wrong rate, tier or multiplier was applied.",
        "CLAWBACK": "A clawback the rep disputes.",
        "OTHER": "Anything else; the message says what.",
    },
)
CommissionInquiryStatus = described_enum(
    rows.InquiryStatus,
    "CommissionInquiryStatus",
    "Where an inquiry stands: OPEN, then ANSWERED, then RESOLVED or REJECTED (both final).",
    {
        "OPEN": "Waiting for FINANCE.",
        "ANSWERED": "FINANCE replied; more answers may follow before it is resolved or rejected.",
        "RESOLVED": "Closed, with or without an adjustment; final.",
        "REJECTED": "Closed with FINANCE's reason (`resolution`) and no change; final.",
    },
)
CommissionComponentKind = described_enum(
    engine.ComponentKind,
    "CommissionComponentKind",
    "The kind of rule that produced a payout line; one quota-tiers rule yields QUOTA_TIER,"
    " GATE and ATTAINMENT_CAP lines.",
    {
        "BASE_RATE": "The base rate on a line's credited revenue.",
        "PRODUCT_RATE": "A product or family rate on a line's credited revenue,"
        " in place of the base rate.",
        "RATE_MODIFIER": "The extra (or lost) commission of a discount or margin modifier.",
        "TIMING_ACCELERATOR": "The extra commission of a deal closed in a timing window.",
        "QUOTA_TIER": "A quota tier's multiplier: per credit when marginal,"
        " at period end when retroactive.",
        "SEGMENT_INCENTIVE": "A segment incentive's extra rate and/or amount per deal.",
        "GATE": "The period's commission withheld because attainment stayed below the gate.",
        "ATTAINMENT_CAP": "What revenue beyond the tiers' maximum attainment does not earn.",
        "PAYOUT_CAP": "What a payout cap takes back above its maximum payout.",
        "SPIF": "A cash SPIF award, in the period its target is reached.",
        "UNIT_AMOUNT": "A fixed amount per unit sold of the rule's products or families (the"
        " amount per unit set by the line's quantity tier); negative per unit returned.",
        "DEAL_AMOUNT": "A fixed amount per deal selling the rule's products or families, shared"
        " like the credit; clawed back when the whole deal is reversed.",
    },
)
CommissionReason = described_enum(
    engine.ReasonCode,
    "CommissionReason",
    "Why the engine could not credit, compute or estimate; match on it, show `message`.",
    {
        "DEAL_NOT_WON": "Only a won deal earns credit.",
        "DEAL_HAS_NO_LINES": "The deal has no lines to credit.",
        "UNKNOWN_CURRENCY": "The currency is not an ISO 4217 code the engine knows.",
        "SPLITS_NOT_100": "The deal's split shares do not add up to exactly 100 %.",
        "INVALID_SPLIT_SHARE": "A split share is not above 0 % and at most 100 %.",
        "DUPLICATE_SPLIT_REP": "A rep appears twice in one deal's splits.",
        "HIERARCHY_CYCLE": "The manager hierarchy loops, so roll-up credit has no top.",
        "NOTHING_TO_CLAW_BACK": "The deal, or these lines of it, have no credit left to reverse.",
        "REVERSAL_BEFORE_CLOSE": "A reversal is dated before the sale it reverses.",
        "UNKNOWN_DEAL_LINE": "A partial return names a line the deal was not credited for.",
        "OVERLAPPING_PLAN_VERSIONS": "Two versions of one plan are in force on the same day.",
        "OVERLAPPING_ASSIGNMENTS": "The rep is on two plans on the same day.",
        "INVALID_PLAN": "A rule or the versions of the plan fail its checks.",
        "NO_PLAN_VERSION": "No version of the plan is in force in the period.",
        "PERIOD_KIND_MISMATCH": "The period is not of the kind the plan pays per.",
        "ASSIGNMENT_NOT_ACTIVE": "The rep is not on the plan in the period.",
        "MISSING_QUOTA": "Quota tiers need the rep's assignment to carry a quota above 0.",
        "CREDIT_OUTSIDE_PERIOD": "A credit is dated outside the period.",
        "CREDIT_OUTSIDE_ASSIGNMENT": "A credit is dated on a day the rep is not on the plan.",
        "CREDIT_FOR_OTHER_REP": "A credit belongs to another rep.",
        "CURRENCY_MISMATCH": "A credit, deal or amount is not in the plan's or statement's"
        " currency.",
        "NOT_CREDITED_TO_REP": "The deal would not credit the rep being estimated.",
        "DEAL_OUTSIDE_PERIOD": "The deal closes outside the period (or assignment) estimated.",
        "EXCHANGE_RATE_MISSING": "The deal or credit is in another currency than the plan and"
        " no exchange rate for the pair is valid on its date (OPS set them); never skipped.",
        "PERIOD_NOT_COMPUTED": "The period could not be computed, so it has no statement.",
        "AMOUNT_NOT_IN_MINOR_UNITS": "An adjustment or payout has more decimals than its"
        " currency's minor units.",
    },
)
CommissionTierMode = described_enum(
    engine.TierMode,
    "CommissionTierMode",
    "How tier multipliers reach the revenue.",
    {
        "MARGINAL": "Each tier's multiplier applies to the revenue inside that tier only, over"
        " the period's running total.",
        "RETROACTIVE": "The tier reached at period end re-rates all of the period's revenue.",
        "PER_TRANSACTION": "Each deal on its own: its revenue is split across the tiers from 0"
        " by its own amount (or units), not added to the period's total.",
        "INTERPOLATED": "Like RETROACTIVE, but the multiplier moves linearly within a tier, from"
        " the tier's multiplier at its start to the next tier's at the next start (flat from the"
        " last start up): no jump at a tier edge.",
    },
)
CommissionTierBasis = described_enum(
    engine.TierBasis,
    "CommissionTierBasis",
    "What a tier table's starts, gate and cap are measured in.",
    {
        "ATTAINMENT": "Percent of the rep's quota: the assignment needs a quota above 0.",
        "AMOUNT": "Quota revenue in the plan's currency: no quota needed.",
        "UNITS": "Units sold (of lines that count toward quota): no quota needed.",
    },
)
CommissionTierBoundary = described_enum(
    engine.TierBoundary,
    "CommissionTierBoundary",
    "Which tier a figure exactly on an edge (one tier's end, the next one's start) is in. It"
    " decides what RETROACTIVE pays and the tier shown; marginal and per-transaction slices and"
    " the interpolated multiplier are continuous, so an edge changes no amount there.",
    {
        "UPPER": "The higher tier: reaching a tier's start is being in it (the default).",
        "LOWER": "The lower tier: a tier is reached only strictly above its start.",
    },
)
CommissionModifierMeasure = described_enum(
    engine.Measure,
    "CommissionModifierMeasure",
    "The deal figure a rate modifier looks at.",
    {
        "DISCOUNT": "The discount off list price.",
        "MARGIN": "The margin; a line whose cost is unknown never matches.",
    },
)
CommissionModifierScope = described_enum(
    engine.Scope,
    "CommissionModifierScope",
    "Whether a rate modifier judges each line or the whole deal.",
    {
        "LINE": "Each line by its own discount or margin.",
        "DEAL": "Every line by the deal's revenue-weighted discount or margin.",
    },
)
CommissionTimingEdge = described_enum(
    engine.Edge,
    "CommissionTimingEdge",
    "Which end of its anchor period a timing window sits at.",
    {
        "START": "The first days or months of the anchor period.",
        "END": "The last days or months of the anchor period.",
    },
)
CommissionSpifMeasure = described_enum(
    engine.SpifMeasure,
    "CommissionSpifMeasure",
    "What a SPIF counts toward its target.",
    {
        "UNITS": "Units sold of the SPIF's products (the rep's credited share of each line).",
        "AMOUNT": "Credited revenue of the SPIF's products, in the plan's currency.",
    },
)
CommissionAwardKind = described_enum(
    engine.AwardKind,
    "CommissionAwardKind",
    "Whether a SPIF award is paid out in cash or only recorded at its stated value.",
    {
        "CASH": "Paid with the period's commission.",
        "NON_CASH": "A trip or a gift: recorded at its stated value, outside the cash total.",
    },
)


@strawberry.enum(description="Whether a statement's payout is approved.")
class CommissionStatementStatus(enum.Enum):
    DRAFT = strawberry.enum_value("DRAFT", description="Not yet approved by FINANCE.")
    APPROVED = strawberry.enum_value(
        "APPROVED", description="FINANCE approved the payout (`approvedAt`, `approvedBy`); final."
    )


@strawberry.type
class PlanRule:
    """The fields every rule (component) of a plan starts with; each rule type inherits
    them, this type itself is not in the schema."""

    component_id: str
    """The rule's key: a plain string (not a global ID), unique within the plan version; payout
    lines, component totals and SPIF figures name the rule by it."""
    label: str
    """The rule's name, as payout lines show it."""


@strawberry.type
class SpifResult:
    """The fields of every figure about one SPIF of a plan (not itself in the schema)."""

    component_id: str
    """The SPIF's `componentId` in the plan: a plain key, not a global ID."""
    label: str
    """The SPIF's name."""


def plain(value: Decimal | None) -> Decimal | None:
    """A count without trailing zeros, never in exponent form (a quote split's share);
    the commission types state a fixed scale instead (``measure``, ``multiplier``)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


SETTING_PERCENT_PLACES = decimals.WRITTEN_PERCENT_PLACES
"""A percentage someone set (a plan's rate, threshold, tier floor, a split's share): the
house rule in ``schema.decimals``, exactly what was written."""

MEASURE_PLACES = 6
"""Quantities and SPIF counts (credited units, or revenue for an AMOUNT SPIF) leave the
API with exactly six places ("3.000000"): a credited quantity is the line's quantity times a
share of up to six places, so six is exact."""

PERCENT_SCALE = f"Exactly {PERCENT_PLACES} decimal places, rounded half-up"
SETTING_SCALE = f"exactly {SETTING_PERCENT_PLACES} decimal places, as set"
MULTIPLIER_SCALE = (
    f"A multiplier with exactly {RATE_PLACES} decimal places (1.200000 is 1.2 times;"
    " above 1 accelerates, below 1 decelerates, 0 pays nothing)"
)
MEASURE_SCALE = f"exactly {MEASURE_PLACES} decimal places"


def percent(fraction: Decimal | None) -> Decimal | None:
    """A computed fraction (attainment, a discount) as a percentage with exactly
    ``PERCENT_PLACES`` places: 1.581766… → 158.18."""
    return None if fraction is None else decimals.percent(fraction * HUNDRED)


def setting_percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction someone set (a rate, a threshold, a share) as a percentage with exactly
    ``SETTING_PERCENT_PLACES`` places: 0.0525 → 5.2500."""
    return None if fraction is None else decimals.written_percent(fraction * HUNDRED)


def fixed_multiplier(value: Decimal | None) -> Decimal | None:
    """A multiplier (a ratio) with exactly ``RATE_PLACES`` places: 1.2 → 1.200000."""
    return decimals.rate(value)


def fixed_measure(value: Decimal | None) -> Decimal | None:
    """A quantity or SPIF count with exactly ``MEASURE_PLACES`` places: 3 → 3.000000."""
    return None if value is None else at_scale(value, MEASURE_PLACES)


def rep_owned(viewer: Actor, row: Any) -> bool:
    """Rows with a ``rep_id``: the rep, their managers, back office."""
    return viewer.may_see_owner(row.rep_id)


async def visible_quote(root: Any, info: strawberry.Info) -> QuoteRef | None:
    """The ``quote`` field of a type with a private ``quote_id``, when the viewer may see
    the quote (as ``node`` answers): ``quote = strawberry.field(resolver=visible_quote)``."""
    from schema.types.quote import Quote

    return await node_of(info, Quote, root.quote_id)


QUOTE_HIDDEN = (
    " Null when you may not open the quote (a split or a roll-up credit on a quote another"
    " rep owns): `quoteNumber` still names it."
)


async def quote_number(root: Any, info: strawberry.Info) -> str | None:
    """The human reference ("Q-1042") of the quote a private ``quote_id`` names, whoever
    may open it: the stand-in for a ``quote`` link the viewer's rights hide."""
    if root.quote_id is None:
        return None
    row = await info.context.loaders.quote_by_id.load(root.quote_id)
    if row is None:
        raise LookupError(f"Quote {root.quote_id} is gone, yet a commission row refers to it.")
    return f"Q-{row.number}"


def rep_field(description: str) -> Any:
    """The ``rep`` field of a type with a private ``rep_id`` (a required foreign key, so
    the user always exists): ``rep = rep_field("The rep credited.")``."""
    return required("user_by_id", "rep_id", User, description=description)
