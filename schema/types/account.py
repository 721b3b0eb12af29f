"""The ``Account`` node: a customer, owned by a rep."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from schema.connection import CountedConnection
from schema.nodes import nodes_via, owned
from schema.rows import FromRow, required
from schema.scalars import CurrencyCode
from schema.types.user import User


@strawberry.type(description="A customer account.")
class Account(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    """The customer's name, as printed on quotes."""
    segment: str = strawberry.field(
        description="Market segment, e.g. ENTERPRISE, MID_MARKET, SMB: picks segment price books "
        "and promotions."
    )
    industry: str | None
    """The customer's industry; null if unset."""
    region: str | None
    """Sales region: picks regional price books; null if unset."""
    address: str | None
    """Postal address printed on quotes, lines separated by newlines; null if unset."""
    currency: CurrencyCode
    """The account's default quote currency."""
    active: bool
    """False once deactivated: no new quotes can be made for it."""
    version: int
    """Send back on update; a stale one is a CONFLICT."""
    created_at: datetime
    """When the account was created."""
    owner_id: strawberry.Private[int]

    owner = required("user_by_id", "owner_id", User, description="The rep who owns this account.")

    resolve_nodes = nodes_via("account_by_id", owned)


@strawberry.type(name="AccountConnection", description="A page of accounts.")
class AccountConnection(CountedConnection[Account]):
    pass
