"""``updateUser`` (ADMIN): name, email, roles, manager or password; optimistic on ``version``."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay

from resolvers.inputs import command_of
from resolvers.mutation import atomically, decode_id, payload_of
from resolvers.users.mutations.create_user import manager_key
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.text_limits import Email
from schema.types.user import Role, User
from services.people import users


@strawberry.input(description="Fields left out (null) stay as they are.")
class UpdateUserInput:
    id: relay.GlobalID
    version: int
    email: Email | None = None
    name: str | None = None
    password: str | None = None
    roles: list[Role] | None = None  # type: ignore[valid-type]
    manager_id: relay.GlobalID | None = None
    clear_manager: bool = False


@strawberry.type
class UpdateUserPayload:
    user: User | None = None
    user_errors: list[UserError]


async def update_user(info: strawberry.Info, input: UpdateUserInput) -> UpdateUserPayload:
    outcome = await atomically(
        info,
        lambda session: users.update_user(
            session,
            require_viewer(info),
            datetime.now(UTC),
            decode_id(input.id, "User"),
            input.version,
            command_of(
                users.UserChanges,
                input,
                manager_id=None if input.clear_manager else manager_key(input.manager_id),
            ),
            info.context.config.passwords,
        ),
        constraint_errors=users.CONSTRAINT_REFUSALS,
    )
    return payload_of(UpdateUserPayload, outcome, "user", User.from_row)
