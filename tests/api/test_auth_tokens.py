"""Missing, invalid and expired tokens answer the same way, as GraphQL-over-HTTP says.

``application/json``: 200 and ``UNAUTHENTICATED`` in all three cases.
``application/graphql-response+json``: a missing token still executes (200, with
``data``); a bad token executes nothing, so there is no ``data`` and the status
is 401. ``extensions.reason`` tells a bad token's client to refresh or sign in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from db.models.users import Role
from server.app import api_config
from server.settings import Settings
from services.people.tokens import issue_access_token
from tests.api.conftest import People

ME = {"query": "{ me { name } }"}
LOGIN = {
    "query": 'mutation { login(input: {email: "x@example.com", password: "nope"}) { session { accessToken } } }'
}
JSON = {"accept": "application/json"}
GRAPHQL_JSON = {"accept": "application/graphql-response+json"}


async def expired_token(settings: Settings, people: People) -> str:
    user = await people.add("Eve Expired", Role.REP)
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    return issue_access_token(api_config(settings).tokens, user.id, [Role.REP], long_ago).token


async def me_with_each_credential(
    client: httpx.AsyncClient, accept: dict[str, str], expired: str
) -> tuple[httpx.Response, ...]:
    """``{ me }`` posted with ``accept`` and no credential, a malformed token, an expired token
    and a Basic credential, in that order."""
    responses = []
    for credential in (None, "Bearer nonsense", f"Bearer {expired}", "Basic dXNlcg=="):
        headers = accept if credential is None else {**accept, "authorization": credential}
        responses.append(await client.post("/graphql", json=ME, headers=headers))
    return tuple(responses)


def code_and_reason(response: httpx.Response) -> tuple[str, str | None]:
    extensions = response.json()["errors"][0]["extensions"]
    return extensions["code"], extensions.get("reason")


async def test_json_clients_get_200_and_unauthenticated_for_missing_invalid_and_expired_tokens(
    client: httpx.AsyncClient, settings: Settings, people: People
) -> None:
    expired = await expired_token(settings, people)

    missing, invalid, old, basic = await me_with_each_credential(client, JSON, expired)

    assert [r.status_code for r in (missing, invalid, old, basic)] == [200, 200, 200, 200]
    assert code_and_reason(missing)[0] == "UNAUTHENTICATED"
    assert code_and_reason(invalid) == ("UNAUTHENTICATED", "INVALID_TOKEN")
    assert code_and_reason(old) == ("UNAUTHENTICATED", "TOKEN_EXPIRED")
    assert code_and_reason(basic) == ("UNAUTHENTICATED", "INVALID_TOKEN")
    assert 'error="invalid_token"' in invalid.headers["www-authenticate"]
    assert "data" not in invalid.json() and "data" not in old.json()


async def test_graphql_response_json_clients_get_401_for_a_bad_token_and_200_without_one(
    client: httpx.AsyncClient, settings: Settings, people: People
) -> None:
    expired = await expired_token(settings, people)

    missing, invalid, old, basic = await me_with_each_credential(client, GRAPHQL_JSON, expired)

    assert missing.status_code == 200 and "data" in missing.json()
    assert invalid.status_code == 401 and old.status_code == 401 and basic.status_code == 401
    assert invalid.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in old.json()
    assert code_and_reason(old) == ("UNAUTHENTICATED", "TOKEN_EXPIRED")


async def test_a_bad_token_runs_nothing_not_even_login(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=LOGIN, headers={"authorization": "Bearer x"})

    assert "data" not in response.json()
    assert code_and_reason(response) == ("UNAUTHENTICATED", "INVALID_TOKEN")


async def test_document_downloads_stay_plain_http_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/documents/quotes/x.pdf", headers={"authorization": "Bearer x"})

    assert response.status_code == 401
    assert code_and_reason(response) == ("UNAUTHENTICATED", "INVALID_TOKEN")
