"""A validly signed token for a user who does not exist is UNAUTHENTICATED everywhere (issue 10):
GraphQL over HTTP (401), document downloads (401) and WebSockets (the connection is refused),
never a request that runs for nobody and faults on a foreign key."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from db.models.users import Role
from server.app import api_config
from server.settings import Settings
from services.people.tokens import issue_access_token
from tests.api.conftest import Api, document_paths
from tests.live import PROTOCOL, LiveServers

NOBODY = 987_654  # no user has this id
CREATE_ACCOUNT = """mutation { createAccount(input: {name: "Ghost Corp", segment: "SMB", currency: USD}) {
  account { id } userErrors { code } } }"""


def ghost_token(settings: Settings) -> str:
    return issue_access_token(
        api_config(settings).tokens, NOBODY, [Role.ADMIN], datetime.now(UTC)
    ).token


@pytest.fixture
def ghost(settings: Settings, api: Api) -> Api:
    return api.as_(ghost_token(settings))


async def test_a_token_for_a_missing_user_is_refused_before_anything_runs(ghost: Api) -> None:
    for query in ("{ me { id } }", CREATE_ACCOUNT):
        response = await ghost.post(query)  # application/json: 200 with the error (server/auth.py)

        assert response.status_code == 200 and "data" not in response.json(), response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        typed = await ghost.http.post(
            "/graphql",
            json={"query": query},
            headers={
                "authorization": f"Bearer {ghost.token}",
                "accept": "application/graphql-response+json",
            },
        )
        assert typed.status_code == 401, typed.text


async def test_documents_refuse_a_token_for_a_missing_user(ghost: Api) -> None:
    headers = {"authorization": f"Bearer {ghost.token}"}
    for path in document_paths(1):
        response = await ghost.http.get(path, headers=headers)

        assert response.status_code == 401, (path, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_websocket_with_a_token_for_a_missing_user_is_refused(
    settings: Settings, live_servers: LiveServers
) -> None:
    token = ghost_token(settings)
    base = live_servers.get(settings)
    async with connect(f"ws://{base}/graphql", subprotocols=[PROTOCOL]) as ws:
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        )
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)

    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
