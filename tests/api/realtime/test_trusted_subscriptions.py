"""Trusted-documents-only mode covers WebSocket subscriptions too, on a real uvicorn process
(with the compression middleware in front, which a WebSocket passes untouched): a subscribe
whose document is not in the manifest gets an ``error`` message (``OPERATION_NOT_TRUSTED``)
and starts nothing; a manifest document goes on to the usual checks; over HTTP on the same
server, an unlisted query is refused and a listed one runs, compressed when asked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import httpx
import pytest

from server.settings import Settings
from tests.live import live_server, ws_client

INBOX = "subscription Inbox { myApprovalInbox { status } }"
UNLISTED = "subscription Other { myApprovalInbox { id } }"
TYPES = "query Types { __schema { types { name description } } }"


@pytest.fixture(scope="module")
def server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    manifest = tmp_path_factory.mktemp("trusted") / "persisted-documents.json"
    manifest.write_text(
        json.dumps({f"sha256:{hashlib.sha256(d.encode()).hexdigest()}": d for d in (INBOX, TYPES)})
    )
    with live_server(
        settings.database_url or "",
        settings.secret_key or "",
        DEALDESK_TRUSTED_DOCUMENTS=str(manifest),
        DEALDESK_TRUSTED_DOCUMENTS_ONLY="true",
    ) as base:
        yield base


async def test_an_unlisted_subscription_is_refused_and_a_listed_one_is_checked_as_usual(
    server: str,
) -> None:
    async with ws_client(server) as client:
        assert (await client.init(None) or {}).get("type") == "connection_ack"
        await client.subscribe(UNLISTED, id="a")
        refused = await client.next()
        await client.subscribe(INBOX, id="b")
        listed = await client.next()

    assert refused["id"] == "a"
    assert refused["type"] == "error"
    assert refused["payload"][0]["extensions"]["code"] == "OPERATION_NOT_TRUSTED"
    assert listed["id"] == "b"
    codes = {e["extensions"]["code"] for e in listed["payload"].get("errors", listed["payload"])}
    assert codes == {"UNAUTHENTICATED"}  # past the trust check: anonymous, so refused there


async def test_http_on_the_same_server_refuses_unlisted_and_compresses_listed(
    server: str,
) -> None:
    async with httpx.AsyncClient(base_url=f"http://{server}") as http:
        unlisted = await http.post("/graphql", json={"query": "{ __typename }"})
        listed = await http.get(
            "/graphql", params={"query": TYPES}, headers={"accept-encoding": "br"}
        )

    assert unlisted.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_TRUSTED"
    assert listed.headers["content-encoding"] == "br"
    assert listed.headers["etag"].endswith('-br"')
    assert "__schema" in listed.json()["data"]
