"""WebSocket rules, on a real uvicorn process: connection_init in time, caps per user and
address, and a subscription that ends when its token expires or its user is deactivated.
Over HTTP, a deactivated user's still-valid token is refused at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from db.models.users import Role, User
from server.settings import Settings
from services.people.tokens import TokenConfig, issue_access_token, utcnow
from tests.api.conftest import Api, People, gid
from tests.live import live_server, ws_client

INBOX = "subscription { myApprovalInbox { status } }"
DEACTIVATE = "mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { userErrors { code } } }"
ME = "{ me { email } }"


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(
        settings.database_url or "",
        settings.secret_key or "",
        DEALDESK_WS_CONNECTION_INIT_TIMEOUT_SECONDS="1",
        DEALDESK_WS_MAX_CONNECTIONS_PER_USER="2",
        DEALDESK_WS_MAX_CONNECTIONS_PER_ADDRESS="4",
    ) as base:
        yield base


def token_for(settings: Settings, user: User, ttl: timedelta = timedelta(minutes=5)) -> str:
    config = TokenConfig(secret=settings.secret_key or "", access_ttl=ttl, refresh_ttl=ttl)
    return issue_access_token(config, user.id, list(user.roles), utcnow()).token


async def test_a_connection_that_never_sends_connection_init_is_closed_4408(server: str) -> None:
    started = time.monotonic()
    async with ws_client(server) as client:
        code, _ = await client.closed(timeout=5)
    assert code == 4408
    assert time.monotonic() - started < 5  # the setting (1 s), not strawberry's 60 s


async def test_a_user_over_the_connection_cap_is_refused_with_4429(
    server: str, people: People, settings: Settings
) -> None:
    rep = await people.add("Capped Rep", Role.REP)
    token = token_for(settings, rep)
    async with ws_client(server) as first, ws_client(server) as second:
        assert (await first.init(token) or {}).get("type") == "connection_ack"
        assert (await second.init(token) or {}).get("type") == "connection_ack"
        async with ws_client(server) as third:
            refused = await third.init(token)
            code, reason = await third.closed()
    assert refused is None
    assert (code, reason) == (4429, "Too many connections for this user")

    await asyncio.sleep(0.3)  # the server has counted the closed ones out
    async with ws_client(server) as again:
        assert (await again.init(token) or {}).get("type") == "connection_ack"


async def test_an_address_over_the_connection_cap_is_refused_with_4429(server: str) -> None:
    await asyncio.sleep(0.3)  # connections of earlier tests have been counted out
    async with (
        ws_client(server) as a,
        ws_client(server) as b,
        ws_client(server) as c,
        ws_client(server) as d,
    ):
        # acknowledged (anonymous), so the init timeout leaves them open
        for client in (a, b, c, d):
            assert (await client.init(None) or {}).get("type") == "connection_ack"
        async with ws_client(server) as fifth:
            code, reason = await fifth.closed()
        for client in (a, b, c, d):
            assert client.ws.close_code is None
    assert (code, reason) == (4429, "Too many connections from this address")


async def test_the_legacy_graphql_ws_protocol_is_not_offered(server: str) -> None:
    async with ws_client(server, subprotocol="graphql-ws") as client:
        code, _ = await client.closed()
    assert code == 4406


async def test_a_subscription_ends_with_4403_when_its_token_expires(
    server: str, people: People, settings: Settings
) -> None:
    manager = await people.add("Expiring Manager", Role.MANAGER)
    token = token_for(settings, manager, ttl=timedelta(seconds=2))
    expires = time.time() + 2
    async with ws_client(server) as client:
        assert (await client.init(token) or {}).get("type") == "connection_ack"
        await client.subscribe(INBOX)
        code, reason = await client.closed(timeout=6)
        closed_at = time.time()
    assert (code, reason) == (4403, "Forbidden: the access token expired")
    assert closed_at - expires < 1.5  # the token's exp has one-second granularity


async def test_an_expired_token_is_refused_at_connection_init(
    server: str, people: People, settings: Settings
) -> None:
    rep = await people.add("Late Rep", Role.REP)
    token = token_for(settings, rep, ttl=timedelta(seconds=-1))
    async with ws_client(server) as client:
        assert await client.init(token) is None
        code, _ = await client.closed()
    assert code == 4403


async def test_deactivating_a_user_ends_their_subscriptions_at_once(
    server: str, people: People, settings: Settings, api: Api
) -> None:
    admin = await people.sign_in(await people.add("Admin", Role.ADMIN))
    manager = await people.add("Leaving Manager", Role.MANAGER)
    token = token_for(settings, manager)
    async with ws_client(server) as client:
        assert (await client.init(token) or {}).get("type") == "connection_ack"
        await client.subscribe(INBOX)
        await asyncio.sleep(0.3)
        deactivated_at = time.monotonic()
        result = await admin.data(
            DEACTIVATE, {"input": {"id": gid("User", manager.id), "version": manager.version}}
        )
        assert result["deactivateUser"]["userErrors"] == []
        code, reason = await client.closed(timeout=5)
        lag = time.monotonic() - deactivated_at
    assert (code, reason) == (4403, "Forbidden: the user is deactivated")
    assert lag < 2

    async with ws_client(server) as again:  # and cannot come back with the same token
        assert await again.init(token) is None
        code, _ = await again.closed()
    assert code == 4403


async def test_a_deactivated_users_token_is_refused_over_http_at_once(
    people: People, api: Api
) -> None:
    admin = await people.sign_in(await people.add("Admin", Role.ADMIN))
    rep_row = await people.add("Leaving Rep", Role.REP)
    rep = await people.sign_in(rep_row)
    assert (await rep.data(ME))["me"]["email"] == rep_row.email  # now cached as active

    await admin.data(
        DEACTIVATE, {"input": {"id": gid("User", rep_row.id), "version": rep_row.version}}
    )
    response = await rep.post(ME)

    # application/json: 200 with the error, nothing executed (see server/auth.py)
    assert response.status_code == 200 and "data" not in response.json()
    assert response.json()["errors"][0]["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "USER_INACTIVE",
    }


async def test_a_token_for_a_user_that_does_not_exist_is_unauthenticated(
    api: Api, settings: Settings
) -> None:
    ghost = User(id=987654, roles=[Role.ADMIN])
    response = await api.as_(token_for(settings, ghost)).post(ME)

    assert response.status_code == 200 and "data" not in response.json()
    assert response.json()["errors"][0]["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "USER_INACTIVE",
    }
