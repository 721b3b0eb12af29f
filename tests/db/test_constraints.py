"""Integrity rules that live in the database itself, not only in Python."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.applications import Starlette

from tests.conftest import truncate_all


@pytest.fixture(autouse=True)
async def clean(app: Starlette) -> AsyncIterator[None]:
    yield
    await truncate_all(app)


async def _execute(app: Starlette, *statements: str) -> None:
    async with app.state.engine.begin() as connection:
        for statement in statements:
            await connection.execute(text(statement))


ADD_USER = (
    "INSERT INTO users (id, email, name, password_hash, roles) "
    "VALUES ({id}, 'u{id}@example.com', 'User {id}', 'x', ARRAY['REP']::role[])"
)


async def test_audit_events_cannot_be_updated_or_deleted(app: Starlette) -> None:
    await _execute(
        app, "INSERT INTO audit_events (action, entity_type, entity_id) VALUES ('x', 'User', '1')"
    )

    with pytest.raises(DBAPIError, match="append-only"):
        await _execute(app, "UPDATE audit_events SET action = 'y'")
    with pytest.raises(DBAPIError, match="append-only"):
        await _execute(app, "DELETE FROM audit_events")


async def test_emails_are_unique_ignoring_case(app: Starlette) -> None:
    await _execute(app, ADD_USER.format(id=1))

    with pytest.raises(IntegrityError):
        await _execute(
            app,
            "INSERT INTO users (email, name, password_hash, roles) VALUES ('U1@EXAMPLE.COM', 'Dup', 'x', ARRAY['REP']::role[])",
        )


async def test_a_manager_chain_cannot_loop(app: Starlette) -> None:
    await _execute(
        app,
        ADD_USER.format(id=1),
        ADD_USER.format(id=2),
        "UPDATE users SET manager_id = 1 WHERE id = 2",
    )

    with pytest.raises(IntegrityError, match="cycle"):
        await _execute(app, "UPDATE users SET manager_id = 2 WHERE id = 1")


async def test_a_user_needs_a_role_and_an_account_a_currency_code(app: Starlette) -> None:
    with pytest.raises(IntegrityError):
        await _execute(
            app,
            "INSERT INTO users (email, name, password_hash, roles) VALUES ('a@b.c', 'A', 'x', '{}')",
        )
    await _execute(app, ADD_USER.format(id=1))
    with pytest.raises(IntegrityError):
        await _execute(
            app,
            "INSERT INTO accounts (name, segment, currency, owner_id) VALUES ('A', 'SMB', 'usd', 1)",
        )
