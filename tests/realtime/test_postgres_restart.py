"""Subscriptions survive a PostgreSQL restart.

The test owns its PostgreSQL cluster (never the shared server): it starts a
real DealDesk process on it, subscribes, restarts the cluster, commits changes
the way every writer does (a row change and a NOTIFY in one transaction), and
expects every change to reach the subscriber, with the subscription still open.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.relay import from_base64, to_base64

from db.engine import create_engine, create_session_factory
from db.events import publish
from db.migrate import upgrade
from db.models.accounts import Account
from db.models.catalog import Product
from db.models.quotes import Quote
from db.models.users import User
from server.app import api_config
from server.demo import load_demo
from server.settings import Settings
from services.people.tokens import issue_access_token, utcnow
from tests.live import WsClient, live_server, ws_client
from tests.throwaway_postgres import ThrowawayPostgres, postgres_bin, throwaway_postgres

NO_SYSTEM_POSTGRES = postgres_bin() is None
pytestmark = pytest.mark.skipif(
    NO_SYSTEM_POSTGRES, reason="needs a system PostgreSQL to start a throwaway cluster"
)

SECRET = "restart-test-secret-key-long-enough-for-hs256"
WATCH = "subscription($id: ID!) { quoteUpdated(id: $id) { name } }"


@pytest.fixture(scope="module")
def cluster() -> Iterator[ThrowawayPostgres]:
    with throwaway_postgres() as pg:
        upgrade(pg.url)
        yield pg


@pytest.fixture(scope="module")
async def sessions(cluster: ThrowawayPostgres) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(cluster.url, pool_size=2)
    factory = create_session_factory(engine)
    await load_demo(factory, with_quotes=False)  # the org and catalog; the test makes its own quote
    yield factory
    await engine.dispose()


@pytest.fixture(scope="module")
def server(cluster: ThrowawayPostgres) -> Iterator[str]:
    with live_server(cluster.url, SECRET) as base:
        yield base


CREATE = "mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } userErrors { code } } }"


async def rep_and_quote(sessions: async_sessionmaker[AsyncSession], server: str) -> tuple[str, str]:
    """A signed-in rep (their token) and a quote of theirs (its global id), made through the API."""
    async with sessions() as session:
        rep = await session.scalar(select(User).where(User.email == "rep1@dealdesk.example"))
        account = await session.scalar(
            select(Account.id).where(Account.name == "Acme Manufacturing")
        )
    assert rep is not None and account is not None
    token = issue_access_token(
        api_config(Settings(secret_key=SECRET)).tokens, rep.id, list(rep.roles), utcnow()
    ).token
    async with httpx.AsyncClient(base_url=f"http://{server}") as http:
        response = await http.post(
            "/graphql",
            json={
                "query": CREATE,
                "variables": {"input": {"accountId": to_base64("Account", account), "lines": []}},
            },
            headers={"authorization": f"Bearer {token}"},
        )
    created = response.json()["data"]["createQuote"]
    assert created["userErrors"] == [], created
    return token, created["quote"]["id"]


async def rename(sessions: async_sessionmaker[AsyncSession], quote_id: int, name: str) -> None:
    """A committed change and its event, in one transaction, as the mutations publish them."""
    async with sessions() as session, session.begin():
        quote = await session.get(Quote, quote_id)
        assert quote is not None
        quote.name = name
        await publish(
            session, "quote", quote_id=quote_id, owner=quote.owner_id, status=quote.status.value
        )


async def commit_until_up(
    sessions: async_sessionmaker[AsyncSession], quote_id: int, name: str
) -> None:
    """The first change after the restart, committed as soon as the server accepts it."""
    for _ in range(100):
        try:
            await rename(sessions, quote_id, name)
            return
        except Exception:  # the pool's connections died with the server; the next try reconnects
            await asyncio.sleep(0.05)
    raise AssertionError("the restarted cluster never accepted a write")


async def names_until(client: WsClient, wanted: str, timeout: float = 20) -> list[str]:
    """Every name the subscription sends until ``wanted`` arrives; fails on complete or error."""
    seen: list[str] = []
    async with asyncio.timeout(timeout):
        while wanted not in seen:
            message = await client.next_or_closed(timeout)
            assert message is not None, f"the server closed the connection; saw {seen}"
            assert message["type"] == "next", f"{message} after {seen}"
            assert "errors" not in message["payload"], message
            seen.append(message["payload"]["data"]["quoteUpdated"]["name"])
    return seen


async def test_a_subscription_hears_every_change_after_postgresql_restarts(
    cluster: ThrowawayPostgres, sessions: async_sessionmaker[AsyncSession], server: str
) -> None:
    token, quote_gid = await rep_and_quote(sessions, server)
    quote_id = int(from_base64(quote_gid)[1])

    async with ws_client(server) as client:
        assert (await client.init(token) or {}).get("type") == "connection_ack"
        await client.subscribe(WATCH, {"id": quote_gid})
        await asyncio.sleep(0.3)
        await rename(sessions, quote_id, "before restart")
        assert await names_until(client, "before restart") == ["before restart"]

        await asyncio.to_thread(cluster.stop)
        await asyncio.to_thread(cluster.start)
        # Committed in the first instant after PostgreSQL is back, before the server's
        # listener has reconnected: its NOTIFY reaches nobody, so only the re-sent state can tell.
        await commit_until_up(sessions, quote_id, "first after restart")
        seen = await names_until(client, "first after restart")
        for name in ("second after restart", "third after restart", "fourth after restart"):
            await rename(sessions, quote_id, name)
            seen += await names_until(client, name)

        # The state is re-sent when the server's listener reconnects, which on a loaded machine
        # can land after a later change: the same name twice in a row is that resend, not a loss.
        heard = [name for i, name in enumerate(seen) if i == 0 or seen[i - 1] != name]
        assert heard[-3:] == ["second after restart", "third after restart", "fourth after restart"]
        assert client.messages.empty()
        assert client.ws.close_code is None  # still open


SUBMIT = "mutation($input: QuoteActionInput!) { submitQuoteForApproval(input: $input) { userErrors { code } } }"
APPROVE = "mutation($input: ApproveApprovalRequestInput!) { approveApprovalRequest(input: $input) { userErrors { code } } }"
INBOX = "subscription { myApprovalInbox { id status } }"


async def token_of(sessions: async_sessionmaker[AsyncSession], email: str) -> str:
    async with sessions() as session:
        user = await session.scalar(select(User).where(User.email == email))
    assert user is not None
    return issue_access_token(
        api_config(Settings(secret_key=SECRET)).tokens, user.id, list(user.roles), utcnow()
    ).token


async def call(server: str, token: str, query: str, variables: dict) -> dict:
    async with httpx.AsyncClient(base_url=f"http://{server}", timeout=30) as http:
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_an_inbox_subscriber_hears_of_a_decision_committed_before_the_listener_came_back(
    cluster: ThrowawayPostgres, sessions: async_sessionmaker[AsyncSession], server: str
) -> None:
    rep = await token_of(sessions, "rep1@dealdesk.example")
    manager = await token_of(sessions, "east.manager@dealdesk.example")
    async with sessions() as session:
        account = await session.scalar(
            select(Account.id).where(Account.name == "Acme Manufacturing")
        )
        product = await session.scalar(select(Product.id).where(Product.sku == "SVC-INST"))
    line = {
        "productId": to_base64("Product", product),
        "quantity": 1,
        "discount": {"percent": "15"},
    }
    quote = (
        await call(
            server,
            rep,
            CREATE.replace("quote { id }", "quote { id version }"),
            {"input": {"accountId": to_base64("Account", account), "lines": [line]}},
        )
    )["createQuote"]["quote"]

    async with ws_client(server) as client:
        assert (await client.init(manager) or {}).get("type") == "connection_ack"
        await client.subscribe(INBOX)
        await asyncio.sleep(0.3)
        await call(server, rep, SUBMIT, {"input": {"id": quote["id"], "version": quote["version"]}})
        pending = await client.next()
        assert pending["payload"]["data"]["myApprovalInbox"]["status"] == "PENDING", pending
        request_id = pending["payload"]["data"]["myApprovalInbox"]["id"]

        await asyncio.to_thread(cluster.stop)
        await asyncio.to_thread(cluster.start)
        approved = await call(server, manager, APPROVE, {"input": {"id": request_id}})
        assert approved["approveApprovalRequest"]["userErrors"] == []

        statuses: list[str] = []
        async with asyncio.timeout(20):
            while not statuses or statuses[-1] == "PENDING":
                message = await client.next_or_closed(20)
                assert message is not None and message["type"] == "next", message
                item = message["payload"]["data"]["myApprovalInbox"]
                if item["id"] == request_id:
                    statuses.append(item["status"])

    assert statuses[-1] != "PENDING"
