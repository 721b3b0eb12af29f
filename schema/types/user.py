"""The ``User`` node: someone in the sales org."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from db.models.users import Role as RoleModel
from db.models.users import User as UserRow
from schema.connection import CountedConnection
from schema.enums import described_enum
from schema.nodes import nodes_via
from schema.rows import from_attrs, row_object

Role = described_enum(
    RoleModel,
    "Role",
    "What a user may do in DealDesk; a user holds one or more.",
    {
        "REP": "A sales rep: quotes for their own accounts, sees their own commissions.",
        "MANAGER": "Approves quotes and sees the quotes and commissions of their team.",
        "OPS": "Sales operations: catalog, price books, approval rules, commission plans.",
        "FINANCE": "Finance: commission periods, statements, payouts and disputes.",
        "ADMIN": "Manages users and sees everything.",
    },
)


@strawberry.type(description="A person in the sales organisation.")
class User(relay.Node):
    id: relay.NodeID[int]
    email: str
    """The sign-in address, unique across users ignoring case."""
    name: str
    """The name to show, e.g. `Maya East`."""
    roles: list[Role]  # type: ignore[valid-type]
    """What the user may do; never empty."""
    active: bool
    """False once deactivated: the user can no longer sign in or be an approver."""
    version: int
    """Send back on update; a stale one is a CONFLICT."""
    created_at: datetime
    """When the user was created."""
    email_approvals: bool
    """Whether approval requests awaiting this user also reach them by email, with one-tap
    links (`setEmailApprovals`); true unless they turned it off."""
    manager_id: strawberry.Private[int | None]

    @strawberry.field(
        description="This user's manager (who approves at `MANAGER+1`); null for a user"
        " without one, e.g. the head of sales."
    )
    async def manager(self, info: strawberry.Info) -> User | None:
        return await row_object(info, "user_by_id", self.manager_id, User)

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return from_attrs(cls, row, roles=list(row.roles))

    resolve_nodes = nodes_via("user_by_id")


@strawberry.type(name="UserConnection", description="A page of users.")
class UserConnection(CountedConnection[User]):
    pass
