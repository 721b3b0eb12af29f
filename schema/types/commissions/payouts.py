"""Payout lines, estimates and SPIF progress: every amount explains itself."""

from __future__ import annotations

from decimal import Decimal

import strawberry

import commissions as engine
from schema.money import Money, money
from schema.rows import from_attrs
from schema.types.commissions.common import (
    CommissionAwardKind,
    CommissionComponentKind,
    CommissionReason,
    SpifResult,
    percent,
    plain,
    rep_user,
)
from schema.types.commissions.plans import CommissionFiscalPeriod, CommissionTier


@strawberry.type
class RuleAmount:
    """An amount and the plan rule that produced it: the fields a payout line and a
    component's total share (this type itself is not in the schema)."""

    component_id: str = strawberry.field(description="The component id of the rule.")
    kind: CommissionComponentKind  # type: ignore[valid-type]
    label: str = strawberry.field(description="The rule's name.")
    amount: Money


@strawberry.type(
    description="One explained amount: which rule, on which base, at which rate or multiplier."
)
class CommissionPayoutLine(RuleAmount):
    base: Decimal = strawberry.field(
        description="What the rate or multiplier acted on:"
        " credited revenue, or the commission so far."
    )
    rate_percent: Decimal | None
    multiplier: Decimal | None
    tier: str | None
    line_keys: list[str] = strawberry.field(description="The quote lines it came from.")
    clawback: bool

    @classmethod
    def of(cls, line: engine.PayoutLine, currency: str) -> CommissionPayoutLine:
        return from_attrs(
            cls,
            line,
            amount=money(line.amount, currency),
            base=plain(line.base),
            rate_percent=percent(line.rate),
            multiplier=plain(line.multiplier),
            line_keys=list(line.line_ids),
        )


@strawberry.type(description="The sum of one component's lines.")
class CommissionComponentTotal(RuleAmount):
    @classmethod
    def of(cls, total: engine.ComponentTotal, currency: str) -> CommissionComponentTotal:
        return from_attrs(cls, total, amount=money(total.amount, currency))


@strawberry.type(
    description="A SPIF reached; a non-cash award (a trip) is recorded at its stated value."
)
class CommissionSpifAward(SpifResult):
    kind: CommissionAwardKind  # type: ignore[valid-type]
    value: Money
    description: str
    progress: Decimal
    target: Decimal

    @classmethod
    def of(cls, award: engine.SpifAward, currency: str) -> CommissionSpifAward:
        return from_attrs(
            cls,
            award,
            value=money(award.value, currency),
            progress=plain(award.progress),
            target=plain(award.target),
        )


@strawberry.type(description="Where a SPIF stands before and after the deal.")
class CommissionSpifProgress(SpifResult):
    before: Decimal
    after: Decimal
    target: Decimal
    reached: bool = strawberry.field(description="This deal earns the SPIF.")

    @classmethod
    def of(cls, progress: engine.SpifProgress) -> CommissionSpifProgress:
        return from_attrs(
            cls,
            progress,
            before=plain(progress.before),
            after=plain(progress.after),
            target=plain(progress.target),
        )


@strawberry.type(description="Why an estimate or a period could not be worked out.")
class CommissionProblem:
    code: CommissionReason  # type: ignore[valid-type]
    message: str
    field: list[str] | None

    @classmethod
    def of(cls, refusal: engine.Refusal) -> CommissionProblem:
        return from_attrs(cls, refusal, field=list(refusal.field) or None)


@strawberry.type(
    description="What a deal would pay the rep if won, given the period so far;"
    " `lines` explain every amount."
)
class CommissionEstimate:
    period: CommissionFiscalPeriod | None
    amount: Money | None = strawberry.field(
        description="The expected cash payout; null when it cannot be estimated."
    )
    problems: list[CommissionProblem]
    components: list[CommissionComponentTotal]
    lines: list[CommissionPayoutLine]
    attainment_before_percent: Decimal | None
    attainment_after_percent: Decimal | None
    tier_before: CommissionTier | None
    tier_after: CommissionTier | None = strawberry.field(
        description="The tier the deal would reach."
    )
    spif_progress: list[CommissionSpifProgress]
    awards: list[CommissionSpifAward] = strawberry.field(description="SPIFs this deal would earn.")
    placed_last: bool = strawberry.field(
        description="False when the deal closes before credits already counted"
        " (estimated as the latest one)."
    )
    rep_id: strawberry.Private[int]

    rep = strawberry.field(resolver=rep_user, description="Whose payout this is.")
