"""``createAccount`` (OPS)."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.accounts import Account as AccountRow
from schema.text_limits import Address, Family, IdempotencyKey, LongName, Segment
from resolvers.audit import audit_change
from resolvers.mutation import IdempotentCreate, atomically
from services.people.rules import check_owner
from services.validation import optional_text, required_text
from schema.errors import UserError
from schema.scalars import CurrencyCode
from schema.types.account import Account


@strawberry.input
class CreateAccountInput:
    name: LongName
    segment: Segment
    currency: CurrencyCode
    owner_id: relay.GlobalID
    industry: Family | None = None
    region: Segment | None = None
    address: Address | None = strawberry.field(
        default=None, description="Postal address printed on quotes."
    )
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateAccountPayload:
    account: Account | None = None
    user_errors: list[UserError]


def segment_code(value: str, field: list[str]) -> str:
    return required_text(value, field, max_length=50).upper().replace(" ", "_").replace("-", "_")


async def create_account(info: strawberry.Info, input: CreateAccountInput) -> CreateAccountPayload:
    async def work(session: AsyncSession) -> AccountRow:
        account = AccountRow(
            name=required_text(input.name, ["input", "name"], max_length=300),
            segment=segment_code(input.segment, ["input", "segment"]),
            currency=input.currency,
            owner_id=await check_owner(session, input.owner_id, ["input", "ownerId"]),
            industry=optional_text(input.industry, ["input", "industry"], max_length=100),
            region=optional_text(input.region, ["input", "region"], max_length=50),
            address=optional_text(input.address, ["input", "address"], max_length=500),
        )
        session.add(account)
        await audit_change(info, session, "createAccount", account)
        return account

    outcome = await atomically(
        info,
        work,
        idempotent=IdempotentCreate(
            operation="createAccount",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=AccountRow,
        ),
    )
    return CreateAccountPayload(
        account=Account.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
