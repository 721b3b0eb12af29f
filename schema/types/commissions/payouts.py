"""Payout lines, estimates and SPIF progress: every amount explains itself."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import strawberry

import commissions as engine
from schema.money import Money, money
from schema.types.user import User

if TYPE_CHECKING:
    pass

from schema.types.commissions.common import (
    CommissionAwardKind,
    CommissionComponentKind,
    CommissionReason,
    _user,
    percent,
    plain,
)
from schema.types.commissions.plans import CommissionFiscalPeriod, CommissionTier


@strawberry.type(
    description="One explained amount: which rule, on which base, at which rate or multiplier."
)
class CommissionPayoutLine:
    component_id: str
    kind: CommissionComponentKind  # type: ignore[valid-type]
    label: str
    amount: Money
    base: Decimal = strawberry.field(
        description="What the rate or multiplier acted on: credited revenue, or the commission so far."
    )
    rate_percent: Decimal | None
    multiplier: Decimal | None
    tier: str | None
    line_keys: list[str] = strawberry.field(description="The quote lines it came from.")
    clawback: bool

    @classmethod
    def of(cls, line: engine.PayoutLine, currency: str) -> CommissionPayoutLine:
        return cls(
            component_id=line.component_id,
            kind=line.kind,
            label=line.label,
            amount=money(line.amount, currency),
            base=plain(line.base),  # type: ignore[arg-type]
            rate_percent=percent(line.rate),
            multiplier=plain(line.multiplier),
            tier=line.tier,
            line_keys=list(line.line_ids),
            clawback=line.clawback,
        )


@strawberry.type(description="The sum of one component's lines.")
class CommissionComponentTotal:
    component_id: str
    kind: CommissionComponentKind  # type: ignore[valid-type]
    label: str
    amount: Money

    @classmethod
    def of(cls, total: engine.ComponentTotal, currency: str) -> CommissionComponentTotal:
        return cls(
            component_id=total.component_id,
            kind=total.kind,
            label=total.label,
            amount=money(total.amount, currency),
        )


@strawberry.type(
    description="A SPIF reached; a non-cash award (a trip) is recorded at its stated value."
)
class CommissionSpifAward:
    component_id: str
    label: str
    kind: CommissionAwardKind  # type: ignore[valid-type]
    value: Money
    description: str
    progress: Decimal
    target: Decimal

    @classmethod
    def of(cls, award: engine.SpifAward, currency: str) -> CommissionSpifAward:
        return cls(
            component_id=award.component_id,
            label=award.label,
            kind=award.kind,
            value=money(award.value, currency),
            description=award.description,
            progress=plain(award.progress),  # type: ignore[arg-type]
            target=plain(award.target),  # type: ignore[arg-type]
        )


@strawberry.type(description="Where a SPIF stands before and after the deal.")
class CommissionSpifProgress:
    component_id: str
    label: str
    before: Decimal
    after: Decimal
    target: Decimal
    reached: bool = strawberry.field(description="This deal earns the SPIF.")

    @classmethod
    def of(cls, progress: engine.SpifProgress) -> CommissionSpifProgress:
        return cls(
            component_id=progress.component_id,
            label=progress.label,
            before=plain(progress.before),  # type: ignore[arg-type]
            after=plain(progress.after),  # type: ignore[arg-type]
            target=plain(progress.target),  # type: ignore[arg-type]
            reached=progress.reached,
        )


@strawberry.type(description="Why an estimate or a period could not be worked out.")
class CommissionProblem:
    code: CommissionReason  # type: ignore[valid-type]
    message: str
    field: list[str] | None

    @classmethod
    def of(cls, refusal: engine.Refusal) -> CommissionProblem:
        return cls(code=refusal.code, message=refusal.message, field=list(refusal.field) or None)


@strawberry.type(
    description="What a deal would pay the rep if won, given the period so far; `lines` explain every amount."
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
        description="False when the deal closes before credits already counted (estimated as the latest one)."
    )
    rep_id: strawberry.Private[int]

    @strawberry.field(description="Whose payout this is.")
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)


# --- credits ----------------------------------------------------------------------------
