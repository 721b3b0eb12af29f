"""``createAccount`` (OPS)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay

from db.models.accounts import Account as AccountRow
from resolvers.inputs import command_of
from resolvers.mutation import IdempotentCreate, atomically, decode_id, payload_of
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode
from schema.text_limits import Address, Family, IdempotencyKey, LongName, Segment
from schema.types.account import Account
from services.people import accounts


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


def owner_key(global_id: relay.GlobalID) -> int:
    return decode_id(global_id, "User", ("input", "ownerId"))


async def create_account(info: strawberry.Info, input: CreateAccountInput) -> CreateAccountPayload:
    outcome = await atomically(
        info,
        lambda session: accounts.create_account(
            session,
            require_viewer(info),
            datetime.now(UTC),
            command_of(accounts.NewAccount, input, owner_id=owner_key(input.owner_id)),
        ),
        idempotent=IdempotentCreate(
            operation="createAccount",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=AccountRow,
        ),
    )
    return payload_of(CreateAccountPayload, outcome, "account", Account.from_row)
