"""``updateUser`` (ADMIN): change name, email, roles, manager or password; optimistic on ``version``."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.users import Role as RoleModel
from db.models.users import User as UserRow
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
    actor = require_viewer(info)

    async def work(session: AsyncSession) -> UserRow:
        user_id = decode_id(input.id, "User")
        changes = users.UserChanges(
            email=input.email,
            name=input.name,
            password=input.password,
            roles=None if input.roles is None else [RoleModel(r.value) for r in input.roles],
            manager_id=None if input.clear_manager else manager_key(input.manager_id),
            clear_manager=input.clear_manager,
        )
        return await users.update_user(
            session, actor, datetime.now(UTC), user_id, input.version, changes, info.context.config.passwords
        )

    outcome = await atomically(info, work, constraint_errors=users.CONSTRAINT_REFUSALS)
    return payload_of(UpdateUserPayload, outcome, "user", User.from_row)
