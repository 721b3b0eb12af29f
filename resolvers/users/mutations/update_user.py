"""``updateUser`` (ADMIN): name, email, roles, manager or password; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, EditInput, clearing_field, command, key, mutation
from schema.text_limits import Email
from schema.types.user import Role, User
from services.people import users
from services.people.passwords import MIN_PASSWORD_LENGTH


@strawberry.input(description="Fields left out (null) stay as they are.")
class UpdateUserInput(EditInput):
    email: Email | None = None
    """A new sign-in email, unique."""
    name: str | None = None
    """A new name."""
    password: str | None = strawberry.field(
        default=None,
        description=f"At least {MIN_PASSWORD_LENGTH} characters; it ends every session.",
    )
    roles: list[Role] | None = None  # type: ignore[valid-type]
    """Replaces all the user's roles; at least one."""
    manager_id: relay.GlobalID | None = None
    """A new manager (global ID); see `clearManager` to remove it."""
    clear_manager: bool = clearing_field("the manager", "managerId")


@mutation(users.update_user, User, constraint_errors=users.CONSTRAINT_REFUSALS)
def update_user(
    input: UpdateUserInput,
    info: strawberry.Info,
) -> Arguments:
    manager = None if input.clear_manager else key(input.manager_id, "User", "managerId")
    changes = command(users.UserChanges, input, manager_id=manager)
    return key(input.id, "User"), input.version, changes, info.context.config.passwords
