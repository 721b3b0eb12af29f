"""``updateAccount`` (OPS): edit, reassign or (de)activate; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.accounts import Account as AccountRow
from db.queries.audit import snapshot
from schema.text_limits import Address, Family, LongName, Segment
from resolvers.accounts.mutations.create_account import segment_code
from resolvers.audit import audit_change
from resolvers.mutation import atomically, check_version, decode_id, reject
from services.people.rules import check_owner
from services.validation import optional_text, required_text
from schema.errors import ErrorCode, UserError
from schema.scalars import CurrencyCode
from schema.types.account import Account


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
    async def work(session: AsyncSession) -> AccountRow:
        account = await session.get(
            AccountRow, decode_id(input.id, "Account"), with_for_update=True
        )
        if account is None:
            raise reject(ErrorCode.NOT_FOUND, "No Account with this id.", ["input", "id"])
        check_version(account, input.version)
        before = snapshot(account)
        if input.name is not None:
            account.name = required_text(input.name, ["input", "name"], max_length=300)
        if input.segment is not None:
            account.segment = segment_code(input.segment, ["input", "segment"])
        if input.currency is not None:
            account.currency = input.currency
        if input.owner_id is not None:
            account.owner_id = await check_owner(session, input.owner_id, ["input", "ownerId"])
        if input.industry is not None:
            account.industry = optional_text(input.industry, ["input", "industry"], max_length=100)
        if input.region is not None:
            account.region = optional_text(input.region, ["input", "region"], max_length=50)
        if input.address is not None:
            account.address = optional_text(input.address, ["input", "address"], max_length=500)
        if input.active is not None:
            account.active = input.active
        await audit_change(info, session, "updateAccount", account, before)
        return account

    outcome = await atomically(info, work)
    return UpdateAccountPayload(
        account=Account.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
