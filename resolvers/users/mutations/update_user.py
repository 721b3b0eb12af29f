"""``updateUser`` (ADMIN): name, email, roles, manager or password; optimistic on ``version``."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers.mutation import command, key, payload_of, payload_type, perform, version_field
from schema.text_limits import Email
from schema.types.user import Role, User
from services.people import users
from services.people.passwords import MIN_PASSWORD_LENGTH


@strawberry.input(description="Fields left out (null) stay as they are.")
class UpdateUserInput:
    id: relay.GlobalID
    version: int = version_field()
    email: Email | None = None
    name: str | None = None
    password: str | None = strawberry.field(
        default=None,
        description=f"At least {MIN_PASSWORD_LENGTH} characters; it ends every session.",
    )
    roles: list[Role] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Replaces all the user's roles; at least one."
    )
    manager_id: relay.GlobalID | None = None
    clear_manager: bool = strawberry.field(
        default=False, description="true removes the manager (`managerId` is then ignored)."
    )


UpdateUserPayload = payload_type("UpdateUserPayload", User)


async def update_user(info: strawberry.Info, input: UpdateUserInput) -> UpdateUserPayload:
    manager = None if input.clear_manager else key(input.manager_id, "User", "managerId")
    outcome = await perform(
        info,
        users.update_user,
        key(input.id, "User"),
        input.version,
        command(users.UserChanges, input, manager_id=manager),
        info.context.config.passwords,
        constraint_errors=users.CONSTRAINT_REFUSALS,
    )
    return payload_of(UpdateUserPayload, outcome, "user", User.from_row)
