"""GET queries are revalidated (ETag, 304) and responses are compressed as the client accepts
(zstd, br, gzip), never when tiny; POSTs, mutations and failed queries get no ETag."""

from __future__ import annotations

import gzip
import hashlib
import json

import brotli
import httpx
import pytest

from db.models.users import Role
from tests.api.conftest import Api, People

ME = "{ me { name } }"
TYPES = "{ __schema { types { name description fields { name description } } } }"


async def rep_headers(people: People) -> dict[str, str]:
    rep = await people.sign_in(await people.add("Rita Rep", Role.REP))
    return {"authorization": f"Bearer {rep.token}", "accept-encoding": "identity"}


async def test_a_get_query_gets_a_strong_etag_and_a_304_when_the_client_holds_it(
    api: Api, people: People
) -> None:
    headers = await rep_headers(people)

    first = await api.http.get("/graphql", params={"query": ME}, headers=headers)
    tag = first.headers["etag"]
    again = await api.http.get(
        "/graphql", params={"query": ME}, headers={**headers, "if-none-match": tag}
    )
    listed = await api.http.get(
        "/graphql", params={"query": ME}, headers={**headers, "if-none-match": f'"x", W/{tag}'}
    )
    stale = await api.http.get(
        "/graphql", params={"query": ME}, headers={**headers, "if-none-match": '"other"'}
    )

    assert first.status_code == 200
    assert tag == '"' + hashlib.sha256(first.content).hexdigest()[:40] + '"'
    assert first.headers["cache-control"] == "private, no-cache"
    assert "Authorization" in first.headers["vary"]
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert listed.status_code == 304
    assert stale.status_code == 200
    assert stale.json() == {"data": {"me": {"name": "Rita Rep"}}}


async def test_another_user_gets_another_tag(api: Api, people: People) -> None:
    rita = await rep_headers(people)
    other = await people.sign_in(await people.add("Omar Rep", Role.REP))

    first = await api.http.get("/graphql", params={"query": ME}, headers=rita)
    theirs = await api.http.get(
        "/graphql",
        params={"query": ME},
        headers={"authorization": f"Bearer {other.token}", "if-none-match": first.headers["etag"]},
    )

    assert theirs.status_code == 200
    assert theirs.json() == {"data": {"me": {"name": "Omar Rep"}}}


async def test_posts_mutations_and_failed_queries_get_no_etag(api: Api) -> None:
    posted = await api.http.post("/graphql", json={"query": "{ __typename }"})
    failed = await api.http.get("/graphql", params={"query": "{ nope }"})
    mutation = await api.http.get(
        "/graphql",
        params={"query": 'mutation { logout(input: {refreshToken: "x"}) { signedOut } }'},
    )
    anonymous = await api.http.get("/graphql", params={"query": ME})

    assert posted.status_code == 200
    assert "etag" not in posted.headers
    assert "etag" not in failed.headers
    assert mutation.status_code == 405
    assert "etag" not in mutation.headers
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "etag" not in anonymous.headers


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
async def test_a_large_response_is_compressed_as_accepted_and_tagged_per_coding(
    api: Api, coding: str
) -> None:
    plain = await api.http.get(
        "/graphql", params={"query": TYPES}, headers={"accept-encoding": "identity"}
    )
    async with api.http.stream(
        "GET", "/graphql", params={"query": TYPES}, headers={"accept-encoding": coding}
    ) as raw:
        encoded = b"".join([chunk async for chunk in raw.aiter_raw()])
        headers = raw.headers
    again = await api.http.get(
        "/graphql",
        params={"query": TYPES},
        headers={"accept-encoding": coding, "if-none-match": headers["etag"]},
    )

    assert "content-encoding" not in plain.headers
    assert headers["content-encoding"] == coding
    assert "Accept-Encoding" in headers["vary"]
    assert len(encoded) < len(plain.content) / 3
    if coding == "gzip":
        assert gzip.decompress(encoded) == plain.content
    elif coding == "br":
        assert brotli.decompress(encoded) == plain.content
    assert headers["etag"] == plain.headers["etag"][:-1] + f'-{coding}"'
    assert again.status_code == 304


async def test_posts_are_compressed_too_and_graphql_response_json_as_well(api: Api) -> None:
    async with api.http.stream(
        "POST",
        "/graphql",
        json={"query": TYPES},
        headers={"accept-encoding": "br", "accept": "application/graphql-response+json"},
    ) as raw:
        encoded = b"".join([chunk async for chunk in raw.aiter_raw()])
        headers = raw.headers

    assert headers["content-type"].startswith("application/graphql-response+json")
    assert headers["content-encoding"] == "br"
    assert "data" in json.loads(brotli.decompress(encoded))


async def test_a_tiny_response_is_not_compressed(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"accept-encoding": "gzip, br"}
    )

    assert response.json() == {"data": {"__typename": "Query"}}
    assert "content-encoding" not in response.headers
