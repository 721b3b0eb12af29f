"""``updateAccount`` (OPS): edit, reassign or (de)activate; optimistic on ``version``."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.accounts import Account as AccountRow
from resolvers.accounts.mutations.create_account import OWNER_FIELD
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
    actor = require_viewer(info)

    async def work(session: AsyncSession) -> AccountRow:
        account_id = decode_id(input.id, "Account")
        changes = accounts.AccountChanges(
            name=input.name,
            segment=input.segment,
            currency=input.currency,
            owner_id=None if input.owner_id is None else decode_id(input.owner_id, "User", OWNER_FIELD),
            industry=input.industry,
            region=input.region,
            address=input.address,
            active=input.active,
        )
        return await accounts.update_account(session, actor, datetime.now(UTC), account_id, input.version, changes)

    outcome = await atomically(info, work)
    return payload_of(UpdateAccountPayload, outcome, "account", Account.from_row)
