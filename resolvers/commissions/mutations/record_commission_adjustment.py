"""``recordCommissionAdjustment`` (FINANCE): a manual correction (a draw,
a one-off bonus, a fix)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.mutation import (
    Arguments,
    command,
    idempotency_key_field,
    key,
    mutation,
    payload_type,
)
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
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(
    record_adjustment,
    CommissionAdjustment,
    field="adjustment",
    payload=payload_type("CommissionAdjustmentPayload", CommissionAdjustment, "adjustment"),
)
def record_commission_adjustment(input: RecordCommissionAdjustmentInput) -> Arguments:
    return key(input.rep_id, "User", "repId"), command(NewAdjustment, input)
