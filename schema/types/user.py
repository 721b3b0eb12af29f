"""The ``User`` node: someone in the sales org."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from db.models.users import Role as RoleModel
from db.models.users import User as UserRow
from schema.connection import CountedConnection
from schema.permissions import viewer_of

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
        if self.manager_id is None:
            return None
        row = await info.context.loaders.user_by_id.load(self.manager_id)
        return User.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return cls(
            id=row.id,
            email=row.email,
            name=row.name,
            roles=list(row.roles),
            active=row.active,
            version=row.version,
            created_at=row.created_at,
            manager_id=row.manager_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        # The directory of colleagues is visible to every signed-in user.
        if viewer_of(info) is None:
            return [None for _ in node_ids]
        rows = await info.context.loaders.user_by_id.load_many([int(i) for i in node_ids])
        return [cls.from_row(r) if r else None for r in rows]


@strawberry.type(name="UserConnection")
class UserConnection(CountedConnection[User]):
    pass
