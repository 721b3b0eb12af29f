"""The ``Account`` node: a customer, owned by a rep."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from schema.connection import CountedConnection
from schema.nodes import nodes_via, owned
from schema.rows import FromRow, related
from schema.scalars import CurrencyCode
from schema.types.user import User


@strawberry.type(description="A customer account.")
class Account(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    segment: str = strawberry.field(description="Market segment, e.g. ENTERPRISE, MID_MARKET, SMB.")
    industry: str | None
    region: str | None
    address: str | None = strawberry.field(description="Postal address printed on quotes.")
    currency: CurrencyCode = strawberry.field(description="The account's default quote currency.")
    active: bool
    version: int = strawberry.field(description="Send back on update; a stale one is a CONFLICT.")
    created_at: datetime
    owner_id: strawberry.Private[int]

    owner = related("user_by_id", "owner_id", User, description="The rep who owns this account.")

    resolve_nodes = nodes_via("account_by_id", owned)


@strawberry.type(name="AccountConnection")
class AccountConnection(CountedConnection[Account]):
    pass
