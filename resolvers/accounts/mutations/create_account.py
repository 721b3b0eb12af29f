"""``createAccount`` (OPS)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
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
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(accounts.create_account, Account)
def create_account(
    input: Annotated[
        CreateAccountInput,
        strawberry.argument(description="The new account's name, segment, currency and owner."),
    ],
) -> Arguments:
    owner = key(input.owner_id, "User", "ownerId")
    return (command(accounts.NewAccount, input, owner_id=owner),)
