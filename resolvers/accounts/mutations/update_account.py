"""``updateAccount`` (OPS): edit, reassign or (de)activate; optimistic on ``version``."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay

from resolvers.accounts.mutations.create_account import owner_key
from resolvers.inputs import command_of
from resolvers.mutation import atomically, decode_id, payload_of
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.scalars import CurrencyCode
from schema.text_limits import Address, Family, LongName, Segment
from schema.types.account import Account
from services.people import accounts


@strawberry.input(description="Fields left out (null) stay as they are.")
class UpdateAccountInput:
    id: relay.GlobalID
    version: int
    name: LongName | None = None
    segment: Segment | None = None
    currency: CurrencyCode | None = None
    owner_id: relay.GlobalID | None = None
    industry: Family | None = None
    region: Segment | None = None
    address: Address | None = strawberry.field(
        default=None, description="Postal address printed on quotes."
    )
    active: bool | None = None


@strawberry.type
class UpdateAccountPayload:
    account: Account | None = None
    user_errors: list[UserError]


async def update_account(info: strawberry.Info, input: UpdateAccountInput) -> UpdateAccountPayload:
    owner_id = input.owner_id
    outcome = await atomically(
        info,
        lambda session: accounts.update_account(
            session,
            require_viewer(info),
            datetime.now(UTC),
            decode_id(input.id, "Account"),
            input.version,
            command_of(
                accounts.AccountChanges,
                input,
                owner_id=None if owner_id is None else owner_key(owner_id),
            ),
        ),
    )
    return payload_of(UpdateAccountPayload, outcome, "account", Account.from_row)
