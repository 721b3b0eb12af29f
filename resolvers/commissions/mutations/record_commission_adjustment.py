"""``recordCommissionAdjustment`` (FINANCE): a manual correction (a draw, a one-off bonus, a fix)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from db.models.commissions import CommissionAdjustment as AdjustmentRow
from resolvers.commissions.running import idempotent, payload_type, run
from resolvers.mutation import decode_id, payload_of
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
    "CommissionAdjustmentPayload", "adjustment", CommissionAdjustment
)


async def record_commission_adjustment(
    info: strawberry.Info, input: RecordCommissionAdjustmentInput
) -> CommissionAdjustmentPayload:
    outcome = await run(
        info,
        lambda session, actor, now: record_adjustment(
            session,
            actor,
            now,
            decode_id(input.rep_id, "User", ("input", "repId")),
            NewAdjustment(input.amount, input.description, input.effective_date, input.currency),
        ),
        idempotent=idempotent("recordCommissionAdjustment", input, AdjustmentRow),
    )
    return payload_of(
        CommissionAdjustmentPayload, outcome, "adjustment", CommissionAdjustment.from_row
    )
