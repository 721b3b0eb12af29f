"""Sign-in throttling: per account and per client address, shared by every server process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette

from db.models.users import Role
from server.app import create_app
from server.settings import Settings
from tests.api.conftest import PASSWORD, People

LOGIN = """
mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) {
    session { accessToken }
    retryAfterSeconds
    userErrors { code field message }
  }
}
"""


@asynccontextmanager
async def server(settings: Settings, **limits: int) -> AsyncIterator[Starlette]:
    """Another app (another "worker") on the same database, with its own limits."""
    app = create_app(settings.model_copy(update=limits))
    async with app.router.lifespan_context(app):
        yield app


@asynccontextmanager
async def client_from(app: Starlette, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def attempt(
    http: httpx.AsyncClient, email: str, password: str
) -> tuple[dict, httpx.Response]:
    response = await http.post(
        "/graphql", json={"query": LOGIN, "variables": {"email": email, "password": password}}
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["login"], response


def code(result: dict) -> str | None:
    return result["userErrors"][0]["code"] if result["userErrors"] else None


async def test_after_too_many_wrong_passwords_even_the_right_one_waits(
    app: Starlette, people: People
) -> None:
    rob = await people.add("Rob Rep", Role.REP)
    async with client_from(app, "198.51.100.1") as http:
        wrong = [await attempt(http, rob.email, "not the password") for _ in range(5)]
        refused, response = await attempt(http, rob.email, PASSWORD)

    assert [code(r) for r, _ in wrong] == ["INVALID_CREDENTIALS"] * 5
    assert code(refused) == "TOO_MANY_ATTEMPTS" and refused["session"] is None
    assert 0 < refused["retryAfterSeconds"] <= 300
    assert f"{refused['retryAfterSeconds']} seconds" in refused["userErrors"][0]["message"]
    assert response.headers["retry-after"] == str(refused["retryAfterSeconds"])


async def test_the_account_is_throttled_from_every_address_and_an_unknown_email_too(
    app: Starlette, people: People
) -> None:
    rob = await people.add("Rob Rep", Role.REP)
    for email in (rob.email, "nobody@example.com"):
        for i in range(5):
            async with client_from(app, f"203.0.113.{i + 1}") as http:
                await attempt(http, email.upper(), "not the password")  # one account, any case
        async with client_from(app, "203.0.113.99") as http:
            result, _ = await attempt(http, email, PASSWORD)
        assert code(result) == "TOO_MANY_ATTEMPTS", email


async def test_one_address_trying_many_accounts_is_throttled(
    settings: Settings, people: People
) -> None:
    async with server(settings, sign_in_max_failures_per_address=3) as app:
        rob = await people.add("Rob Rep", Role.REP)
        async with client_from(app, "192.0.2.10") as http:
            guesses = [await attempt(http, f"user{i}@example.com", "guess") for i in range(3)]
            blocked, _ = await attempt(http, rob.email, PASSWORD)
        async with client_from(app, "192.0.2.11") as other:
            allowed, _ = await attempt(other, rob.email, PASSWORD)

    assert [code(g) for g, _ in guesses] == ["INVALID_CREDENTIALS"] * 3
    assert code(blocked) == "TOO_MANY_ATTEMPTS"
    assert allowed["session"] is not None


async def test_successful_sign_ins_do_not_count(app: Starlette, people: People) -> None:
    rob = await people.add("Rob Rep", Role.REP)
    async with client_from(app, "198.51.100.2") as http:
        results = [await attempt(http, rob.email, PASSWORD) for _ in range(12)]
        for _ in range(4):
            await attempt(http, rob.email, "typo in it")
        after_typos, _ = await attempt(http, rob.email, PASSWORD)  # clears the account's failures
        more_typos = [await attempt(http, rob.email, "typo again") for _ in range(4)]
        still, _ = await attempt(http, rob.email, PASSWORD)

    assert all(r["session"] is not None for r, _ in results)
    assert after_typos["session"] is not None
    assert {code(r) for r, _ in more_typos} == {"INVALID_CREDENTIALS"}
    assert still["session"] is not None


async def test_failures_counted_by_one_server_process_hold_in_another(
    settings: Settings, people: People
) -> None:
    rob = await people.add("Rob Rep", Role.REP)
    async with (
        server(settings) as first,
        server(settings) as second,
        client_from(first, "198.51.100.3") as a,
        client_from(second, "198.51.100.4") as b,
    ):
        for i in range(5):
            await attempt(a if i % 2 else b, rob.email, "wrong")
        on_first, _ = await attempt(a, rob.email, PASSWORD)
        on_second, _ = await attempt(b, rob.email, PASSWORD)

    assert code(on_first) == code(on_second) == "TOO_MANY_ATTEMPTS"


async def test_parallel_guesses_cannot_slip_past_the_limit(app: Starlette, people: People) -> None:
    rob = await people.add("Rob Rep", Role.REP)
    async with client_from(app, "198.51.100.5") as http:
        results = await asyncio.gather(*(attempt(http, rob.email, f"guess {i}") for i in range(12)))

    codes = [code(r) for r, _ in results]
    assert codes.count("INVALID_CREDENTIALS") == 5  # the per-account limit, not more
    assert codes.count("TOO_MANY_ATTEMPTS") == 7


async def test_the_window_moves_on(settings: Settings, people: People) -> None:
    async with server(settings, sign_in_window_seconds=1) as app:
        rob = await people.add("Rob Rep", Role.REP)
        async with client_from(app, "198.51.100.6") as http:
            for _ in range(5):
                await attempt(http, rob.email, "wrong")
            refused, _ = await attempt(http, rob.email, PASSWORD)
            await asyncio.sleep(1.1)
            allowed, _ = await attempt(http, rob.email, PASSWORD)

    assert code(refused) == "TOO_MANY_ATTEMPTS" and refused["retryAfterSeconds"] == 1
    assert allowed["session"] is not None


async def test_the_limits_are_settings(settings: Settings, people: People) -> None:
    async with server(settings, sign_in_max_failures_per_account=1) as app:
        rob = await people.add("Rob Rep", Role.REP)
        async with client_from(app, "198.51.100.7") as http:
            first, _ = await attempt(http, rob.email, "wrong")
            second, _ = await attempt(http, rob.email, PASSWORD)

    assert code(first) == "INVALID_CREDENTIALS"
    assert code(second) == "TOO_MANY_ATTEMPTS"
