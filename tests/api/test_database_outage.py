"""A database outage is a typed, retryable SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR.

GraphQL over HTTP: an ``application/graphql-response+json`` client gets 503 with
``Retry-After``; an ``application/json`` client gets 200 with the code in
``errors[].extensions``. Routes outside GraphQL answer 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.migrate import upgrade
from db.models.users import Role
from server.app import api_config, create_app
from server.settings import Settings
from server.users import create_user
from services.people.tokens import issue_access_token, utcnow
from tests.api.conftest import LOGIN, gid
from tests.live_server import free_port
from tests.throwaway_postgres import throwaway_postgres

ME = {"query": "{ me { name } }"}
LOGIN_BODY = {
    "query": LOGIN,
    "variables": {"email": "x@example.com", "password": "long enough password"},
}
TYPED = {"accept": "application/graphql-response+json"}


def _assert_unavailable(plain: httpx.Response, typed: httpx.Response) -> None:
    assert plain.status_code == 200, plain.text
    assert plain.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert typed.status_code == 503, typed.text
    assert typed.headers["retry-after"].isdigit()
    assert typed.headers["content-type"].startswith("application/graphql-response+json")
    assert typed.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@pytest.fixture
async def app_on_a_closed_port(
    settings: Settings, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/none"
    app: Starlette = create_app(
        settings.model_copy(update={"database_url": url, "data_dir": tmp_path})
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def test_no_database_at_all_is_service_unavailable(
    app_on_a_closed_port: httpx.AsyncClient, settings: Settings
) -> None:
    http = app_on_a_closed_port
    token = await _token_from(settings)

    # In a resolver (login reads the user), and before execution (the viewer of a token).
    _assert_unavailable(
        await http.post("/graphql", json=LOGIN_BODY),
        await http.post("/graphql", json=LOGIN_BODY, headers=TYPED),
    )
    auth = {"authorization": f"Bearer {token}"}
    _assert_unavailable(
        await http.post("/graphql", json=ME, headers=auth),
        await http.post("/graphql", json=ME, headers={**auth, **TYPED}),
    )
    document = await http.get(f"/documents/quotes/{gid('Quote', 1)}.pdf", headers=auth)
    assert document.status_code == 503 and document.headers["retry-after"].isdigit()
    assert document.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


async def _token_from(settings: Settings) -> str:
    """A valid access token for user 1, minted with the app's own signing secret."""
    return issue_access_token(api_config(settings).tokens, 1, [Role.REP], utcnow()).token


async def test_a_database_that_goes_away_and_comes_back(settings: Settings, tmp_path: Path) -> None:
    with throwaway_postgres() as pg:
        await asyncio.to_thread(upgrade, pg.url)
        app: Starlette = create_app(
            settings.model_copy(update={"database_url": pg.url, "data_dir": tmp_path})
        )
        async with app.router.lifespan_context(app):
            await create_user(
                create_session_factory(app.state.engine),
                email="x@example.com",
                name="Xavier",
                password="long enough password",
                roles=[Role.REP],
            )
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                login = (await http.post("/graphql", json=LOGIN_BODY)).json()
                auth = {
                    "authorization": f"Bearer {login['data']['login']['session']['accessToken']}"
                }
                # a pooled connection now exists
                before = await http.post("/graphql", json=ME, headers=auth)

                await asyncio.to_thread(pg.stop, "fast")
                plain = await http.post("/graphql", json=ME, headers=auth)
                typed = await http.post("/graphql", json=ME, headers={**auth, **TYPED})
                signing_in = await http.post("/graphql", json=LOGIN_BODY, headers=TYPED)
                not_ready = await http.get("/readyz")

                await asyncio.to_thread(pg.start)
                after = await http.post("/graphql", json=ME, headers=auth)

    assert before.json() == {"data": {"me": {"name": "Xavier"}}}
    _assert_unavailable(plain, typed)
    assert signing_in.status_code == 503
    assert signing_in.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert not_ready.status_code == 503
    assert after.json() == {"data": {"me": {"name": "Xavier"}}}
