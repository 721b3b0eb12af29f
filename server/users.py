"""Creating a user from the command line (the first admin, before anyone can sign in).

Every refusal is a :class:`CreateUserError` whose message is the one line the CLI prints.
The arguments are checked here first (before the password prompt and the database);
the user is then made by ``services.people.users.create_user``, the API's use case,
whose refusals become one-line messages naming the flag to fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.validation import EMAIL  # the API's rule, checked before the password prompt

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from services.people.passwords import Argon2Parameters

MAX_EMAIL_LENGTH = 320
MAX_NAME_LENGTH = 200


class CreateUserError(ValueError):
    """A user cannot be created as asked; the message says why and what to change."""


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    name: str


def check_new_user(email: str, name: str) -> NewUser:
    """The email and name trimmed, or a refusal (checked before asking for a password)."""
    email, name = email.strip(), name.strip()
    if not EMAIL.match(email) or len(email) > MAX_EMAIL_LENGTH:
        raise CreateUserError(
            f"{email!r} is not an email address; pass --email like name@example.com"
        )
    if not name:
        raise CreateUserError("the name is blank; pass --name with the person's name")
    if len(name) > MAX_NAME_LENGTH:
        raise CreateUserError(
            f"the name has more than {MAX_NAME_LENGTH} characters; pass a shorter --name"
        )
    return NewUser(email=email, name=name)


def check_password(password: str) -> None:
    from services.people.passwords import MIN_PASSWORD_LENGTH

    if len(password) < MIN_PASSWORD_LENGTH:
        raise CreateUserError(
            f"the password is too short; use at least {MIN_PASSWORD_LENGTH} characters"
        )


# Where the command line takes what a refusal points at.
FLAGS = {
    "email": "--email",
    "name": "--name",
    "password": "--password",
    "roles": "--role",
    "managerId": "--manager-email",
}


async def create_user(
    sessions: async_sessionmaker[AsyncSession],
    *,
    email: str,
    name: str,
    password: str,
    roles: Sequence[str],
    manager_email: str | None = None,
    parameters: Argon2Parameters | None = None,
) -> int:
    """The new user's id, created by the same use case as the API's ``createUser``."""
    from datetime import UTC, datetime

    from db.models.users import Role
    from db.queries.users import user_by_email
    from services.people import users
    from services.people.passwords import Argon2Parameters, Passwords
    from services.refusal import Code
    from services.transaction import in_transaction

    new = check_new_user(email, name)
    check_password(password)
    passwords = Passwords(parameters or Argon2Parameters())

    async def work(session: AsyncSession) -> int:
        manager_id = None
        if manager_email:
            manager = await user_by_email(session, manager_email.strip())
            if manager is None:
                raise CreateUserError(
                    f"there is no user {manager_email} to be the manager; "
                    "create them first or fix --manager-email"
                )
            manager_id = manager.id
        command = users.NewUser(new.email, new.name, password, [Role(r) for r in roles], manager_id)
        user = await users.create_user(session, None, datetime.now(UTC), command, passwords)
        return user.id

    outcome = await in_transaction(
        sessions.begin, work, constraint_refusals=users.CONSTRAINT_REFUSALS
    )
    if outcome.value is not None:
        return outcome.value
    refusal = outcome.refusals[0]
    if refusal.code == Code.ALREADY_EXISTS:
        raise CreateUserError(
            f"a user with the email {new.email} already exists (emails are compared ignoring case)"
        )
    flag = FLAGS.get(refusal.field[-1] if refusal.field else "", "the arguments")
    raise CreateUserError(f"{refusal.message.rstrip('.')}; fix {flag}")
