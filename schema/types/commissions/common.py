"""Enums and small helpers shared by the commission types."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

import commissions as engine
from db.actor import Actor
from db.models import commissions as rows
from schema.nodes import node_of
from schema.rows import row_object
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


@strawberry.type
class PlanRule:
    """The fields every rule (component) of a plan starts with; each rule type inherits
    them, this type itself is not in the schema."""

    component_id: str = strawberry.field(
        description="Unique within the plan version; payout lines name their rule by it."
    )
    label: str = strawberry.field(description="The rule's name, as payout lines show it.")


@strawberry.type
class SpifResult:
    """The fields of every figure about one SPIF of a plan (not itself in the schema)."""

    component_id: str = strawberry.field(description="The SPIF's component id in the plan.")
    label: str = strawberry.field(description="The SPIF's name.")


def plain(value: Decimal | None) -> Decimal | None:
    """A multiplier or count without trailing zeros, never in exponent form."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage without trailing zeros: 0.15 → 15, 0.125 → 12.5."""
    return None if fraction is None else plain(fraction * HUNDRED)


def rep_owned(viewer: Actor, row: Any) -> bool:
    """Rows with a ``rep_id``: the rep, their managers, back office."""
    return viewer.may_see_owner(row.rep_id)


async def visible_quote(root: Any, info: strawberry.Info) -> QuoteRef | None:
    """The ``quote`` field of a type with a private ``quote_id``, when the viewer may see
    the quote (as ``node`` answers): ``quote = strawberry.field(resolver=visible_quote)``."""
    from schema.types.quote import Quote

    return await node_of(info, Quote, root.quote_id)


async def rep_user(root: Any, info: strawberry.Info) -> User | None:
    """The ``rep`` field of a type with a private ``rep_id``:
    ``rep = strawberry.field(resolver=rep_user)``."""
    return await row_object(info, "user_by_id", root.rep_id, User)
