"""``createAccount`` (OPS)."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import Address, Family, IdempotencyKey, LongName, Segment
from schema.types.account import Account
from services.people import accounts


@strawberry.input(description="A new customer account (OPS).")
class CreateAccountInput:
    name: LongName
    """The customer's name, as printed on quotes."""
    segment: Segment
    """The account's segment, e.g. ENTERPRISE; it picks price books, promotions and standard
    clauses."""
    currency: CurrencyCode
    """The account's currency: its quotes are in it unless they say otherwise."""
    owner_id: relay.GlobalID
    """The global ID of the rep who owns the account."""
    industry: Family | None = None
    """The customer's industry, for reporting."""
    region: Segment | None = None
    """The account's region; it picks region-scoped price books."""
    address: Address | None = None
    """Postal address printed on quotes."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(accounts.create_account, Account)
def create_account(input: CreateAccountInput) -> Arguments:
    """The new account's name, segment, currency and owner."""
    owner = key(input.owner_id, "User", "ownerId")
    return (command(accounts.NewAccount, input, owner_id=owner),)
