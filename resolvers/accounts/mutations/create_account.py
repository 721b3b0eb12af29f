"""``createAccount`` (OPS)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.accounts import Account as AccountRow
from resolvers.mutation import IdempotentCreate, atomically, decode_id, payload_of
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode
from schema.text_limits import Address, Family, IdempotencyKey, LongName, Segment
from schema.types.account import Account
from services.people import accounts

OWNER_FIELD = ("input", "ownerId")


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


async def create_account(info: strawberry.Info, input: CreateAccountInput) -> CreateAccountPayload:
    actor = require_viewer(info)

    async def work(session: AsyncSession) -> AccountRow:
        new = accounts.NewAccount(
            name=input.name,
            segment=input.segment,
            currency=input.currency,
            owner_id=decode_id(input.owner_id, "User", OWNER_FIELD),
            industry=input.industry,
            region=input.region,
            address=input.address,
        )
        return await accounts.create_account(session, actor, datetime.now(UTC), new)

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
    return payload_of(CreateAccountPayload, outcome, "account", Account.from_row)
