"""Customer accounts' use cases (OPS): create one, edit, reassign or (de)activate it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.accounts import Account
from services.people.rules import check_owner
from services.rows import audited_edit, create_written
from services.validation import optional_text, required_text, segment_code


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountChanges:
    """Fields left ``None`` stay as they are."""

    name: str | None = None
    segment: str | None = None
    currency: str | None = None
    owner_id: int | None = None
    industry: str | None = None
    region: str | None = None
    address: str | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewAccount(AccountChanges):
    """A new account's fields: these four are required."""

    name: str
    segment: str
    currency: str
    owner_id: int


async def create_account(
    session: AsyncSession, actor: Actor | None, now: datetime, new: NewAccount
) -> Account:
    return await create_written(session, actor, "createAccount", Account, _write, new)


async def update_account(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    account_id: int,
    version: int,
    changes: AccountChanges,
) -> Account:
    """Edit, reassign, deactivate or reactivate; optimistic on ``version``."""
    async with audited_edit(
        session, actor, "updateAccount", Account, account_id, version
    ) as account:
        await _write(session, account, changes)
    return account


async def _write(session: AsyncSession, account: Account, changes: AccountChanges) -> None:
    """Check and set each field given, in the order the input lists them."""
    if changes.name is not None:
        account.name = required_text(changes.name, ("input", "name"), max_length=300)
    if changes.segment is not None:
        account.segment = segment_code(changes.segment, ("input", "segment"))
    if changes.currency is not None:
        account.currency = changes.currency
    if changes.owner_id is not None:
        account.owner_id = await check_owner(session, changes.owner_id, ("input", "ownerId"))
    if changes.industry is not None:
        account.industry = optional_text(changes.industry, ("input", "industry"), max_length=100)
    if changes.region is not None:
        account.region = optional_text(changes.region, ("input", "region"), max_length=50)
    if changes.address is not None:
        account.address = optional_text(changes.address, ("input", "address"), max_length=500)
    if changes.active is not None:
        account.active = changes.active
