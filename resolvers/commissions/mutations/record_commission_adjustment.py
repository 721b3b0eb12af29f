"""``recordCommissionAdjustment`` (FINANCE): a manual correction (a draw,
a one-off bonus, a fix)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from db.models.commissions import CommissionAdjustment as AdjustmentRow
from resolvers.mutation import command, create_once, key, payload_of, payload_type, perform
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey, Reason
from schema.types.commissions import CommissionAdjustment
from services.commissions.adjustments import NewAdjustment, record_adjustment


@strawberry.input
class RecordCommissionAdjustmentInput:
    rep_id: relay.GlobalID
    amount: Decimal = strawberry.field(description="Signed: negative takes money back.")
    description: Reason
    effective_date: date | None = strawberry.field(
        default=None, description="Today's open period by default; a closed period is refused."
    )
    currency: CurrencyCode | None = strawberry.field(
        default=None, description="The rep's plan currency by default."
    )
    idempotency_key: IdempotencyKey | None = None


CommissionAdjustmentPayload = payload_type(
    "CommissionAdjustmentPayload", CommissionAdjustment, "adjustment"
)


async def record_commission_adjustment(
    info: strawberry.Info, input: RecordCommissionAdjustmentInput
) -> CommissionAdjustmentPayload:
    outcome = await perform(
        info,
        record_adjustment,
        key(input.rep_id, "User", "repId"),
        command(NewAdjustment, input),
        idempotent=create_once("recordCommissionAdjustment", input, AdjustmentRow),
    )
    return payload_of(
        CommissionAdjustmentPayload, outcome, "adjustment", CommissionAdjustment.from_row
    )
