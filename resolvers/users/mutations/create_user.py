"""``createUser`` (ADMIN)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry import relay

from db.models.users import User as UserRow
from resolvers.inputs import command_of
from resolvers.mutation import IdempotentCreate, atomically, decode_id, payload_of
from schema.errors import UserError
from schema.permissions import require_viewer
from schema.text_limits import Email, IdempotencyKey
from schema.types.user import Role, User
from services.people import users
from services.people.rules import MANAGER_FIELD


@strawberry.input
class CreateUserInput:
    email: Email
    name: str
    password: str
    roles: list[Role]  # type: ignore[valid-type]
    manager_id: relay.GlobalID | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreateUserPayload:
    user: User | None = None
    user_errors: list[UserError]


def manager_key(global_id: relay.GlobalID | None) -> int | None:
    return None if global_id is None else decode_id(global_id, "User", MANAGER_FIELD)


async def create_user(info: strawberry.Info, input: CreateUserInput) -> CreateUserPayload:
    outcome = await atomically(
        info,
        lambda session: users.create_user(
            session,
            require_viewer(info),
            datetime.now(UTC),
            command_of(users.NewUser, input, manager_id=manager_key(input.manager_id)),
            info.context.config.passwords,
        ),
        constraint_errors=users.CONSTRAINT_REFUSALS,
        idempotent=IdempotentCreate(
            operation="createUser",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "password": None, "idempotency_key": None},
            model=UserRow,
        ),
    )
    return payload_of(CreateUserPayload, outcome, "user", User.from_row)
