"""``createUser`` (ADMIN)."""

from __future__ import annotations

import dataclasses

import strawberry
from strawberry import relay

from db.models.users import User as UserRow
from resolvers.mutation import (
    command,
    create_once,
    idempotency_key_field,
    key,
    payload_of,
    payload_type,
    perform,
)
from schema.text_limits import Email, IdempotencyKey
from schema.types.user import Role, User
from services.people import users


@strawberry.input(description="A new user (ADMIN), who signs in with the email and password.")
class CreateUserInput:
    email: Email
    """The sign-in email, unique."""
    name: str
    """The user's full name."""
    password: str
    roles: list[Role]
    """The user's roles; at least one."""
    manager_id: relay.GlobalID | None = None
    """The global ID of the user's manager (approvals go to them); none when null."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


CreateUserPayload = payload_type("CreateUserPayload", User)


async def create_user(info: strawberry.Info, input: CreateUserInput) -> CreateUserPayload:
    """The new user's email, name, password, roles and manager."""
    manager = key(input.manager_id, "User", "managerId")
    once = create_once("createUser", input, UserRow)
    outcome = await perform(
        info,
        users.create_user,
        command(users.NewUser, input, manager_id=manager),
        info.context.config.passwords,
        constraint_errors=users.CONSTRAINT_REFUSALS,
        # The password is not kept with the first result.
        idempotent=dataclasses.replace(once, request={**once.request, "password": None}),
    )
    return payload_of(CreateUserPayload, outcome, "user", User.from_row)
