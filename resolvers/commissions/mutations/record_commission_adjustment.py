"""``recordCommissionAdjustment`` (FINANCE): a manual correction (a draw, a one-off bonus, a fix)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.commissions import CommissionAdjustment as AdjustmentRow
from schema.text_limits import IdempotencyKey, Reason
from resolvers.audit import audit_change
from resolvers.commissions.adjustments import add_adjustment
from resolvers.mutation import IdempotentCreate, atomically, decode_id
from services.people.rules import active_user
from services.validation import required_text
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode
from schema.types.commissions import CommissionAdjustment


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


@strawberry.type
class CommissionAdjustmentPayload:
    adjustment: CommissionAdjustment | None = None
    user_errors: list[UserError]


async def record_commission_adjustment(
    info: strawberry.Info, input: RecordCommissionAdjustmentInput
) -> CommissionAdjustmentPayload:
    async def work(session: AsyncSession) -> AdjustmentRow:
        rep_field = ["input", "repId"]
        rep = await active_user(session, decode_id(input.rep_id, "User", rep_field), rep_field)
        row = await add_adjustment(
            session,
            rep_id=rep.id,
            amount=input.amount,
            description=required_text(input.description, ["input", "description"], max_length=500),
            effective_date=input.effective_date,
            currency=input.currency,
            created_by_id=require_viewer(info).user_id,
            field=["input"],
        )
        await audit_change(info, session, "recordCommissionAdjustment", row)
        return row

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="recordCommissionAdjustment",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=AdjustmentRow,
        ),
    )
    return CommissionAdjustmentPayload(
        adjustment=CommissionAdjustment.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
