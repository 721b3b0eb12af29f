"""Statement timeout and request deadline: a slow request is stopped, rolled back and
answered with a typed TIMEOUT error, and the server goes on serving."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlalchemy import func, select, text
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.accounts import Account
from db.models.users import Role, User
from server.app import create_app
from server.settings import Settings
from tests.api.conftest import People
from tests.api.test_accounts import CREATE, account_input

SLOW_INSERT = (
    (
        "CREATE FUNCTION test_slow_insert() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$"
    ),
    (
        "CREATE TRIGGER accounts_slow_insert BEFORE INSERT ON accounts "
        "FOR EACH ROW EXECUTE FUNCTION test_slow_insert()"
    ),
)
FAST_AGAIN = (
    "DROP TRIGGER IF EXISTS accounts_slow_insert ON accounts",
    "DROP FUNCTION IF EXISTS test_slow_insert()",
)


async def run_all(app: Starlette, statements: tuple[str, ...]) -> None:
    async with app.state.engine.begin() as connection:
        for sql in statements:
            await connection.execute(text(sql))


@pytest.fixture
async def slow_inserts(app: Starlette) -> AsyncIterator[None]:
    """Every account insert takes 1.5 s in the database, for the length of one test."""
    await run_all(app, SLOW_INSERT)
    try:
        yield
    finally:
        await run_all(app, FAST_AGAIN)


@asynccontextmanager
async def served(settings: Settings, **update: float) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update=update))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        yield http


async def accounts_named(app: Starlette, name: str) -> int:
    async with create_session_factory(app.state.engine)() as session:
        return int(await session.scalar(select(func.count()).where(Account.name == name)) or 0)


async def signed_in_ops(people: People) -> tuple[dict[str, str], User]:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    return {"authorization": f"Bearer {ops.token}"}, await people.add("Rob Rep", Role.REP)


async def test_a_statement_past_the_statement_timeout_is_a_timeout_error_and_nothing_is_stored(
    app: Starlette, settings: Settings, people: People, slow_inserts: None
) -> None:
    headers, rep = await signed_in_ops(people)
    async with served(settings, statement_timeout_seconds=0.2) as http:
        slow = await http.post(
            "/graphql",
            headers=headers,
            json={"query": CREATE, "variables": {"input": account_input(rep, name="Slow Co")}},
        )
        after = await http.post("/graphql", headers=headers, json={"query": "{ me { name } }"})

    body = slow.json()
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert "rolled back" in body["errors"][0]["message"]
    assert await accounts_named(app, "Slow Co") == 0
    assert after.json() == {"data": {"me": {"name": "Olga Ops"}}}


async def test_a_request_past_its_deadline_is_stopped_rolled_back_and_answered_timeout(
    app: Starlette, settings: Settings, people: People, slow_inserts: None
) -> None:
    headers, rep = await signed_in_ops(people)
    async with served(settings, request_deadline_seconds=0.4) as http:
        started = asyncio.get_running_loop().time()
        slow = await http.post(
            "/graphql",
            headers=headers,
            json={"query": CREATE, "variables": {"input": account_input(rep, name="Late Co")}},
        )
        answered_in = asyncio.get_running_loop().time() - started
        after = await http.post("/graphql", headers=headers, json={"query": "{ me { name } }"})
        await asyncio.sleep(1.5)  # the cancelled insert's sleep would be over by now

    assert slow.status_code == 503
    assert slow.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert answered_in < 1.4  # did not wait for the slow insert
    assert await accounts_named(app, "Late Co") == 0
    assert after.json() == {"data": {"me": {"name": "Olga Ops"}}}


async def test_requests_within_the_deadline_are_untouched(
    settings: Settings, people: People
) -> None:
    headers, _ = await signed_in_ops(people)
    async with served(settings, request_deadline_seconds=5) as http:
        response = await http.post("/graphql", headers=headers, json={"query": "{ me { name } }"})
        health = await http.get("/healthz")

    assert response.json() == {"data": {"me": {"name": "Olga Ops"}}}
    assert health.status_code == 200
