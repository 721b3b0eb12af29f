"""The user directory: ``users`` list and the ADMIN mutations."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import Select

from db.models.users import Role as RoleModel
from db.models.users import User as UserRow
from db.queries.users import user_directory
from resolvers.fields import mutation_field
from resolvers.pagination import Listing
from resolvers.users.mutations.create_user import create_user
from resolvers.users.mutations.deactivate_user import deactivate_user
from resolvers.users.mutations.update_user import update_user
from schema.permissions import require_viewer, roles
from schema.types.user import Role, User, UserConnection


@strawberry.input(description="Narrows `users`; every field given must hold.")
class UserFilter:
    search: str | None = None
    """Part of the name or email."""
    role: Role | None = None
    """Only users holding this role."""
    active: bool | None = None
    """true: active users only; false: deactivated ones only; null (the default): both."""


UserFilterArgument = Annotated[
    UserFilter | None,
    strawberry.argument(description="Only the users that match; all you may see when null."),
]


USERS = Listing((UserRow.name, UserRow.id), UserConnection, User.from_row)


@strawberry.type
class UserQueries:
    @USERS.field(
        roles(RoleModel.ADMIN, RoleModel.MANAGER),
        "Users, by name. ADMIN sees everyone; a manager sees their team.",
    )
    def users(
        self,
        info: strawberry.Info,
        filter: UserFilterArgument = None,
    ) -> Select[Any]:
        viewer = require_viewer(info)
        filter = filter or UserFilter()
        return user_directory(
            None if viewer.has_any(RoleModel.ADMIN) else viewer.team_ids,
            search=filter.search,
            role=filter.role,
            active=filter.active,
        )


@strawberry.type
class UserMutations:
    create_user = mutation_field(create_user, "Add a user (ADMIN).", RoleModel.ADMIN)
    update_user = mutation_field(update_user, "Change a user (ADMIN).", RoleModel.ADMIN)
    deactivate_user = mutation_field(
        deactivate_user, "Stop a user from signing in (ADMIN).", RoleModel.ADMIN
    )
