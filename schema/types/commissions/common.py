"""Enums and small helpers shared by the commission types."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

import commissions as engine
from db.models import commissions as rows
from schema.permissions import viewer_of
from schema.types.user import User

if TYPE_CHECKING:
    from schema.types.quote import Quote



QuoteRef = Annotated["Quote", strawberry.lazy("schema.types.quote")]
HUNDRED = Decimal(100)

CommissionPeriodKind = strawberry.enum(rows.CommissionPeriodKind, name="CommissionPeriodKind")
CommissionPeriodStatus = strawberry.enum(rows.CommissionPeriodStatus, name="CommissionPeriodStatus")
CommissionCreditRole = strawberry.enum(
    rows.CreditRole,
    name="CommissionCreditRole",
    description="DIRECT for sellers, ROLLUP for their managers.",
)
CommissionReversalKind = strawberry.enum(rows.ReversalKind, name="CommissionReversalKind")
CommissionStatementLineKind = strawberry.enum(
    rows.StatementLineKind, name="CommissionStatementLineKind"
)
CommissionInquiryCategory = strawberry.enum(rows.InquiryCategory, name="CommissionInquiryCategory")
CommissionInquiryStatus = strawberry.enum(rows.InquiryStatus, name="CommissionInquiryStatus")
CommissionComponentKind = strawberry.enum(
    engine.ComponentKind,
    name="CommissionComponentKind",
    description="The rule that produced a payout line.",
)
CommissionReason = strawberry.enum(
    engine.ReasonCode,
    name="CommissionReason",
    description="Why the engine could not credit, compute or estimate.",
)
CommissionTierMode = strawberry.enum(engine.TierMode, name="CommissionTierMode")
CommissionModifierMeasure = strawberry.enum(engine.Measure, name="CommissionModifierMeasure")
CommissionModifierScope = strawberry.enum(engine.Scope, name="CommissionModifierScope")
CommissionTimingEdge = strawberry.enum(engine.Edge, name="CommissionTimingEdge")
CommissionSpifMeasure = strawberry.enum(engine.SpifMeasure, name="CommissionSpifMeasure")
CommissionAwardKind = strawberry.enum(engine.AwardKind, name="CommissionAwardKind")


@strawberry.enum(description="DRAFT until FINANCE approves the payout; APPROVED is final.")
class CommissionStatementStatus(enum.Enum):
    DRAFT = "DRAFT"
    APPROVED = "APPROVED"


def percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage without trailing zeros: 0.15 → 15, 0.125 → 12.5."""
    if fraction is None:
        return None
    value = fraction * HUNDRED
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plain(value: Decimal | None) -> Decimal | None:
    """A multiplier or count without trailing zeros, never in exponent form."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _loaders(info: strawberry.Info) -> Any:
    return info.context.loaders.commissions


async def _user(info: strawberry.Info, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(user_id)
    return User.from_row(row) if row else None


def _may_see(info: strawberry.Info, rep_id: int) -> bool:
    viewer = viewer_of(info)
    return viewer is not None and viewer.may_see_owner(rep_id)


# --- calendar and periods --------------------------------------------------------------
