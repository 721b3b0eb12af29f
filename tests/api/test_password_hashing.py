"""Password hashes use the configured argon2 cost, and older hashes are upgraded at sign-in."""

from __future__ import annotations

from sqlalchemy import select, update
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.users import Role, User
from services.people.passwords import Argon2Parameters, hash_password
from tests.api.conftest import LOGIN, PASSWORD, Api, People
from tests.api.test_users import CREATE, new_user
from tests.conftest import TEST_ARGON2

CONFIGURED = f"$argon2id$v=19$m={TEST_ARGON2.memory_cost_kib},t={TEST_ARGON2.time_cost},p={TEST_ARGON2.parallelism}$"


async def stored_hash(app: Starlette, email: str) -> str:
    async with create_session_factory(app.state.engine)() as session:
        return str(await session.scalar(select(User.password_hash).where(User.email == email)))


async def test_a_new_users_password_is_hashed_with_the_configured_cost(
    app: Starlette, people: People
) -> None:
    admin = await people.sign_in(await people.add("Ada Admin", Role.ADMIN))

    created = await admin.data(CREATE, {"input": new_user()})

    assert created["createUser"]["userErrors"] == []
    assert (await stored_hash(app, "new.rep@example.com")).startswith(CONFIGURED)


async def test_signing_in_upgrades_a_hash_made_with_other_parameters(
    app: Starlette, api: Api, people: People
) -> None:
    rob = await people.add("Rob Rep", Role.REP)
    older = hash_password(
        PASSWORD, Argon2Parameters(time_cost=2, memory_cost_kib=16, parallelism=1)
    )
    async with create_session_factory(app.state.engine)() as session, session.begin():
        await session.execute(update(User).where(User.id == rob.id).values(password_hash=older))

    first = await api.data(LOGIN, {"email": rob.email, "password": PASSWORD})
    upgraded = await stored_hash(app, rob.email)
    second = await api.data(LOGIN, {"email": rob.email, "password": PASSWORD})

    assert first["login"]["session"] is not None and second["login"]["session"] is not None
    assert upgraded != older and upgraded.startswith(CONFIGURED)
