"""The ``User`` node: someone in the sales org."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from db.models.users import Role as RoleModel
from db.models.users import User as UserRow
from schema.connection import CountedConnection
from schema.nodes import nodes_via
from schema.rows import from_attrs, row_object

Role = strawberry.enum(RoleModel, name="Role", description="What a user may do in DealDesk.")


@strawberry.type(description="A person in the sales organisation.")
class User(relay.Node):
    id: relay.NodeID[int]
    email: str
    name: str
    roles: list[Role]  # type: ignore[valid-type]
    active: bool
    version: int = strawberry.field(description="Send back on update; a stale one is a CONFLICT.")
    created_at: datetime
    manager_id: strawberry.Private[int | None]

    @strawberry.field(description="This user's manager, if any.")
    async def manager(self, info: strawberry.Info) -> User | None:
        return await row_object(info, "user_by_id", self.manager_id, User)

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return from_attrs(cls, row, roles=list(row.roles))

    resolve_nodes = nodes_via("user_by_id")


@strawberry.type(name="UserConnection")
class UserConnection(CountedConnection[User]):
    pass
