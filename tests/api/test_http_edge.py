"""The HTTP edge: body size, malformed bodies, operation choice, document parameters.

Whatever a client sends, a malformed request is a typed 4xx, never a 500.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from server.app import create_app
from server.settings import Settings
from tests.api.conftest import Api, People, gid
from tests.api.quotes.conftest import Quotes
from tests.live import LiveServers

JSON = {"content-type": "application/json"}
GRAPHQL_RESPONSE = {**JSON, "accept": "application/graphql-response+json"}
TWO_OPERATIONS = "query A { __typename } query B { me { name } }"


def _code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


@pytest.fixture
async def small_limit_app(settings: Settings) -> AsyncIterator[Starlette]:
    app = create_app(settings.model_copy(update={"max_body_bytes": 4096}))
    async with app.router.lifespan_context(app):
        yield app


def test_the_body_limit_is_a_setting_of_one_mebibyte_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().max_body_bytes == 1024 * 1024
    monkeypatch.setenv("DEALDESK_MAX_BODY_BYTES", "2048")
    assert Settings().max_body_bytes == 2048


async def test_a_body_over_the_limit_is_refused_with_413(client: httpx.AsyncClient) -> None:
    big = json.dumps({"query": "{ __typename }", "variables": {"x": "y" * (1024 * 1024)}})

    plain = await client.post("/graphql", content=big, headers=JSON)
    typed = await client.post("/graphql", content=big, headers=GRAPHQL_RESPONSE)

    assert plain.status_code == 413 and _code(plain) == "PAYLOAD_TOO_LARGE"
    assert typed.status_code == 413 and typed.headers["content-type"].startswith(
        "application/graphql-response+json"
    )


async def test_a_streamed_body_is_cut_off_at_the_limit_not_read_to_the_end(
    small_limit_app: Starlette,
) -> None:
    pulled = 0

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        nonlocal pulled
        yield b'{"query": "{ __typename }", "variables": {"x": "'
        for _ in range(10_000):
            pulled += 1
            yield b"y" * 1024
        yield b'"}}'

    transport = httpx.ASGITransport(app=small_limit_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.post("/graphql", content=chunks(), headers=JSON)

    assert response.status_code == 413
    assert pulled <= 5  # 4 KiB limit, 1 KiB chunks: not the 10 MB the client offered


async def test_a_body_under_the_limit_still_runs(small_limit_app: Starlette) -> None:
    transport = httpx.ASGITransport(app=small_limit_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.post("/graphql", json={"query": "{ __typename }"})

    assert response.json() == {"data": {"__typename": "Query"}}


async def _raw_exchange(base: str, head: bytes, body: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head + body)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), 10)  # the server closes after a 413
    finally:
        writer.close()


@pytest.fixture
def small_bodies(settings: Settings, live_servers: LiveServers) -> str:
    """``http://`` base of the session's server taking bodies of at most 4,096 bytes."""
    return "http://" + live_servers.get(settings, DEALDESK_MAX_BODY_BYTES="4096")


async def test_over_uvicorn_a_declared_or_streamed_oversize_body_is_refused_before_it_is_sent(
    small_bodies: str,
) -> None:
    declared = b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50000000\r\n\r\n"
    chunked = b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    chunk = b"400\r\n" + b"y" * 1024 + b"\r\n"
    # Neither body is ever completed: the answer must not wait for it.
    refused_declared = await _raw_exchange(small_bodies, declared, b"{")
    refused_streamed = await _raw_exchange(small_bodies, chunked, chunk * 8)

    assert refused_declared.startswith(b"HTTP/1.1 413"), refused_declared[:200]
    assert refused_streamed.startswith(b"HTTP/1.1 413"), refused_streamed[:200]
    assert b"PAYLOAD_TOO_LARGE" in refused_streamed


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"null", "JSON object"),
        (b'"{ __typename }"', "JSON object"),
        (b"42", "JSON object"),
        (b'{"query": "{ __typename }", "operationName": "\xff\xfe"}', "UTF-8"),
        (b"\xff\xfe{\x00}\x00", "UTF-8"),  # UTF-16 is not guessed
        (
            b'{"query": "{ __typename }", "variables": {"a": '
            + b"[" * 20_000
            + b"]" * 20_000
            + b"}}",
            "nested",
        ),
        (
            b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 100 + b"]" * 100 + b"}}",
            "nested",
        ),
        (b"{", "JSON"),
    ],
    ids=[
        "null",
        "string",
        "number",
        "invalid-utf8",
        "utf16",
        "nested-20000",
        "nested-100",
        "truncated",
    ],
)
async def test_a_malformed_body_is_a_typed_400(
    client: httpx.AsyncClient, body: bytes, reason: str
) -> None:
    for headers in (JSON, GRAPHQL_RESPONSE):
        response = await client.post("/graphql", content=body, headers=headers)

        assert response.status_code == 400, response.text
        assert _code(response) == "BAD_REQUEST"
        assert reason in response.json()["errors"][0]["message"]
        assert "data" not in response.json()


async def test_ordinary_nesting_in_variables_is_accepted(client: httpx.AsyncClient) -> None:
    nested: object = "leaf"
    for _ in range(20):
        nested = {"a": [nested]}

    response = await client.post(
        "/graphql", json={"query": "{ __typename }", "variables": {"x": nested}}
    )

    assert response.json() == {"data": {"__typename": "Query"}}


async def test_a_get_may_send_null_variables(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }", "variables": "null"})

    assert response.json() == {"data": {"__typename": "Query"}}


async def test_two_operations_without_operation_name_are_a_request_error(
    client: httpx.AsyncClient,
) -> None:
    plain = await client.post("/graphql", json={"query": TWO_OPERATIONS}, headers=JSON)
    typed = await client.post("/graphql", json={"query": TWO_OPERATIONS}, headers=GRAPHQL_RESPONSE)
    over_get = await client.get("/graphql", params={"query": TWO_OPERATIONS})

    assert plain.status_code == 200
    assert plain.json()["data"] is None and _code(plain) == "OPERATION_RESOLUTION_FAILURE"
    assert typed.status_code == 400 and "data" not in typed.json()
    assert _code(typed) == "OPERATION_RESOLUTION_FAILURE"
    assert _code(over_get) == "OPERATION_RESOLUTION_FAILURE"


async def test_two_operations_with_operation_name_run_the_named_one(
    api: Api, people: People
) -> None:
    rep = await people.sign_in(await people.add("Rob Rep"))

    chosen = await rep.http.post(
        "/graphql",
        json={"query": TWO_OPERATIONS, "operationName": "B"},
        headers={"authorization": f"Bearer {rep.token}"},
    )
    anonymous_alone = await api.http.post("/graphql", json={"query": "{ __typename }"})

    assert chosen.json() == {"data": {"me": {"name": "Rob Rep"}}}
    assert anonymous_alone.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("revision", ["²", "12345678901234567890", "0", "-1", "1.5", "x"])
async def test_a_document_revision_that_is_not_a_number_in_range_is_a_400(
    quotes: Quotes, revision: str
) -> None:
    quote = await quotes.create()

    response = await quotes.rep.http.get(
        f"/documents/quotes/{quote['id']}.pdf",
        params={"revision": revision},
        headers={"authorization": f"Bearer {quotes.rep.token}"},
    )

    assert response.status_code == 400, response.text
    assert _code(response) == "BAD_USER_INPUT"


async def test_document_ids_out_of_range_or_of_another_type_are_not_found(quotes: Quotes) -> None:
    auth = {"authorization": f"Bearer {quotes.rep.token}"}
    paths = [
        f"/documents/quotes/{gid('Quote', 10**20)}.pdf",
        f"/documents/quotes/{gid('Quote', -5)}.html",
        f"/documents/quotes/{gid('Account', 1)}.pdf",
        "/documents/quotes/%C2%B2.pdf",
        f"/documents/statements/{gid('CommissionStatement', 10**20)}.pdf",
    ]

    responses = [await quotes.rep.http.get(path, headers=auth) for path in paths]

    assert [r.status_code for r in responses] == [404] * len(paths), [
        r.text[:100] for r in responses
    ]


async def test_the_current_and_a_named_revision_still_download(quotes: Quotes) -> None:
    quote = await quotes.create()
    auth = {"authorization": f"Bearer {quotes.rep.token}"}

    current = await quotes.rep.http.get(f"/documents/quotes/{quote['id']}.html", headers=auth)
    first = await quotes.rep.http.get(
        f"/documents/quotes/{quote['id']}.html", params={"revision": "1"}, headers=auth
    )
    missing = await quotes.rep.http.get(
        f"/documents/quotes/{quote['id']}.html", params={"revision": "9"}, headers=auth
    )

    assert current.status_code == 200 and first.status_code == 200
    assert missing.status_code == 404


async def test_over_uvicorn_a_websocket_message_over_the_limit_closes_the_connection(
    small_bodies: str,
) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    url = small_bodies.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"pad": "x" * 8192}}))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)

    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
