"""``updateAccount`` (OPS): edit, reassign or (de)activate; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, EditInput, command, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import Address, Family, LongName, Segment
from schema.types.account import Account
from services.people import accounts


@strawberry.input(description="Fields left out (null) stay as they are.")
class UpdateAccountInput(EditInput):
    name: LongName | None = None
    """A new name."""
    segment: Segment | None = None
    """A new segment."""
    currency: CurrencyCode | None = None
    """A new currency for the account's new quotes."""
    owner_id: relay.GlobalID | None = None
    """Reassign the account to this user."""
    industry: Family | None = None
    """A new industry."""
    region: Segment | None = None
    """A new region."""
    address: Address | None = None
    """Postal address printed on quotes."""
    active: bool | None = None
    """false deactivates the account, true reactivates it."""


@mutation(accounts.update_account, Account)
def update_account(input: UpdateAccountInput) -> Arguments:
    owner = key(input.owner_id, "User", "ownerId")
    changes = command(accounts.AccountChanges, input, owner_id=owner)
    return key(input.id, "Account"), input.version, changes
