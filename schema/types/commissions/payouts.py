"""Payout lines, estimates and SPIF progress: every amount explains itself."""

from __future__ import annotations

from decimal import Decimal

import strawberry

import commissions as engine
from schema.money import Money, money
from schema.rows import from_attrs
from schema.types.commissions.common import (
    MEASURE_SCALE,
    MULTIPLIER_SCALE,
    PERCENT_SCALE,
    SETTING_SCALE,
    CommissionAwardKind,
    CommissionComponentKind,
    CommissionReason,
    SpifResult,
    fixed_measure,
    fixed_multiplier,
    rep_field,
    setting_percent,
)
from schema.types.commissions.periods import CommissionFiscalPeriod
from schema.types.commissions.plans import CommissionTier


@strawberry.type
class RuleAmount:
    """An amount and the plan rule that produced it: the fields a payout line and a
    component's total share (this type itself is not in the schema)."""

    component_id: str
    """The `componentId` of the plan rule that produced it: a plain key, unique within the plan
    version, not a global ID."""
    kind: CommissionComponentKind  # type: ignore[valid-type]
    """The kind of rule that produced the amount."""
    label: str
    """The rule's name, to show."""
    amount: Money
    """The commission it adds (negative: takes away), rounded once to the currency's minor units."""


@strawberry.type(
    description="One explained amount: which rule, on which base, at which rate or multiplier."
)
class CommissionPayoutLine(RuleAmount):
    base: Money
    """What the rate or multiplier acted on: credited revenue for rate lines, the commission so far
    for multiplier lines (rounded to minor units for showing)."""
    rate_percent: Decimal | None = strawberry.field(
        description="The rate applied, in percent, with " + SETTING_SCALE + "; set on rate lines"
        " (base rate, product rate, segment incentive), null on multiplier lines."
    )
    multiplier: Decimal | None = strawberry.field(
        description=MULTIPLIER_SCALE + "; set on multiplier lines (modifiers, accelerators,"
        " tiers, gate 0, attainment cap), null on rate lines."
    )
    tier: str | None
    """The tier's name on quota-tier lines; null on others."""
    line_keys: list[str]
    """The keys of the quote lines it came from; empty on period-level lines."""
    clawback: bool
    """The line comes from a clawback credit."""
    fixed_amount: Money | None = strawberry.field(
        description="On UNIT_AMOUNT lines the amount per unit (of the quantity tier named in"
        " `tier`, if any), on DEAL_AMOUNT lines the amount per deal; null on other lines."
        " `amount` is `fixedAmount` times `quantity`, rounded; shown as a unit price (up to 6"
        " decimal places)."
    )
    quantity: Decimal | None = strawberry.field(
        description="On UNIT_AMOUNT lines the units credited (the rep's share; negative when"
        " returned), on DEAL_AMOUNT lines the rep's share of the deal (1 without a split,"
        " negative on a clawback); null on other lines. With " + MEASURE_SCALE + "."
    )

    @classmethod
    def of(cls, line: engine.PayoutLine, currency: str) -> CommissionPayoutLine:
        return from_attrs(
            cls,
            line,
            amount=money(line.amount, currency),
            fixed_amount=None
            if line.fixed_amount is None
            else Money.unit_price(line.fixed_amount, currency),
            quantity=None if line.quantity is None else fixed_measure(line.quantity),
            base=money(line.base, currency),
            rate_percent=setting_percent(line.rate),
            multiplier=fixed_multiplier(line.multiplier),
            line_keys=list(line.line_ids),
        )


@strawberry.type(description="The sum of one component's lines (one kind of it).")
class CommissionComponentTotal(RuleAmount):
    @classmethod
    def of(cls, total: engine.ComponentTotal, currency: str) -> CommissionComponentTotal:
        return from_attrs(cls, total, amount=money(total.amount, currency))


SPIF_MEASURE = "units, or revenue for an AMOUNT SPIF, with " + MEASURE_SCALE


@strawberry.type(
    description="A SPIF reached; a non-cash award (a trip) is recorded at its stated value."
)
class CommissionSpifAward(SpifResult):
    kind: CommissionAwardKind  # type: ignore[valid-type]
    """Paid in cash, or only recorded at its stated value."""
    value: Money
    """The cash paid, or a non-cash award's value."""
    description: str
    """What the award is, e.g. a trip."""
    progress: Decimal = strawberry.field(
        description="What counted when it was reached: " + SPIF_MEASURE + "."
    )
    target: Decimal = strawberry.field(description="What it needed: " + SPIF_MEASURE + ".")

    @classmethod
    def of(cls, award: engine.SpifAward, currency: str) -> CommissionSpifAward:
        return from_attrs(
            cls,
            award,
            value=money(award.value, currency),
            progress=fixed_measure(award.progress),
            target=fixed_measure(award.target),
        )


@strawberry.type(description="Where a SPIF stands before and after the deal.")
class CommissionSpifProgress(SpifResult):
    before: Decimal = strawberry.field(
        description="What counts without the deal: " + SPIF_MEASURE + "."
    )
    after: Decimal = strawberry.field(
        description="What counts with the deal: " + SPIF_MEASURE + "."
    )
    target: Decimal = strawberry.field(description="What the SPIF needs: " + SPIF_MEASURE + ".")
    reached: bool
    """This deal earns the SPIF."""

    @classmethod
    def of(cls, progress: engine.SpifProgress) -> CommissionSpifProgress:
        return from_attrs(
            cls,
            progress,
            before=fixed_measure(progress.before),
            after=fixed_measure(progress.after),
            target=fixed_measure(progress.target),
        )


@strawberry.type(description="Why an estimate or a period could not be worked out.")
class CommissionProblem:
    code: CommissionReason  # type: ignore[valid-type]
    """The stable reason, to match on."""
    message: str
    """A sentence to show; never match on it."""
    field: list[str] | None = strawberry.field(
        description="The path of the input at fault (e.g. ['splits', '2', 'share']);"
        " null when no single input is."
    )

    @classmethod
    def of(cls, refusal: engine.Refusal) -> CommissionProblem:
        return from_attrs(cls, refusal, field=list(refusal.field) or None)


@strawberry.type(
    description="What a deal would pay the rep if won, given the period so far;"
    " `lines` explain every amount, in the plan's currency."
)
class CommissionEstimate:
    period: CommissionFiscalPeriod
    """The fiscal period the deal would be credited in (the next open one when its close date falls
    in a closed period)."""
    amount: Money | None
    """The expected cash payout; null when it cannot be estimated."""
    problems: list[CommissionProblem]
    """Why it cannot be estimated; empty when `amount` is set."""
    components: list[CommissionComponentTotal]
    """The amount per rule; empty without an estimate."""
    lines: list[CommissionPayoutLine]
    """Every explained amount; empty without an estimate."""
    attainment_before_percent: Decimal | None = strawberry.field(
        description="The period's attainment without the deal, in percent of quota. "
        + PERCENT_SCALE
        + "; null without a quota."
    )
    attainment_after_percent: Decimal | None = strawberry.field(
        description="The attainment with the deal, in percent of quota. "
        + PERCENT_SCALE
        + "; null without a quota."
    )
    tier_before: CommissionTier | None
    """The tier without the deal; null without tiers or an estimate."""
    tier_after: CommissionTier | None
    """The tier the deal would reach; null without tiers or an estimate."""
    spif_progress: list[CommissionSpifProgress]
    """Where each SPIF of the plan stands before and after the deal."""
    awards: list[CommissionSpifAward]
    """SPIFs this deal would earn."""
    placed_last: bool
    """False when the deal closes before credits already counted (estimated as the latest one)."""
    rep_id: strawberry.Private[int]

    rep = rep_field("Whose payout this is.")
