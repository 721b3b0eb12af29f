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


@strawberry.input(
    description="A manual correction of a rep's commission (a draw, a one-off bonus, a fix), "
    "in an open period."
)
class RecordCommissionAdjustmentInput:
    rep_id: relay.GlobalID
    """The global ID of the rep (a `User`) it is for."""
    amount: Decimal
    """Signed, in `currency`: positive pays the rep more, negative takes money back."""
    description: Reason
    """What the adjustment is for, as the rep's statement shows it."""
    effective_date: date | None = None
    """Today's open period by default; a closed period is refused."""
    currency: CurrencyCode | None = None
    """The rep's plan currency by default."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(
    record_adjustment,
    CommissionAdjustment,
    field="adjustment",
    payload=payload_type(
        "CommissionAdjustmentPayload",
        CommissionAdjustment,
        "adjustment",
        "recordCommissionAdjustment",
        holds="The adjustment just recorded",
    ),
)
def record_commission_adjustment(input: RecordCommissionAdjustmentInput) -> Arguments:
    return key(input.rep_id, "User", "repId"), command(NewAdjustment, input)
