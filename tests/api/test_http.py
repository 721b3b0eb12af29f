"""GraphQL over HTTP: methods, media types, health probes, query limits, page caps."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.models.users import Role
from server.app import create_app
from server.settings import Settings
from tests.api.conftest import Api, People, gid, started_client

ME = "{ me { name } }"


async def test_a_mutation_over_get_is_refused_with_405(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": 'mutation { logout(input: {refreshToken: "x"}) { signedOut } }'},
    )

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_a_query_over_get_runs(api: Api, people: People) -> None:
    signed_in = await people.sign_in(await people.add("Rob Rep", Role.REP))

    response = await api.http.get(
        "/graphql", params={"query": ME}, headers={"authorization": f"Bearer {signed_in.token}"}
    )

    assert response.json() == {"data": {"me": {"name": "Rob Rep"}}}


async def test_graphql_response_json_clients_get_400_without_data_for_invalid_documents(
    client: httpx.AsyncClient,
) -> None:
    accept = {"accept": "application/graphql-response+json"}

    invalid = await client.post("/graphql", json={"query": "{ nope }"}, headers=accept)
    unparsable = await client.post("/graphql", json={"query": "{ me "}, headers=accept)

    assert invalid.status_code == 400
    assert invalid.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in invalid.json()
    assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert unparsable.status_code == 400
    assert unparsable.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_graphql_response_json_clients_get_200_when_execution_started(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql", json={"query": ME}, headers={"accept": "application/graphql-response+json"}
    )

    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    mine = await client.get("/healthz", headers={"x-request-id": "abc-123"})
    made = await client.get("/healthz")

    assert mine.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 32


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ready"}


async def test_readiness_fails_when_the_database_is_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        env="test",
        database_url="postgresql://postgres@127.0.0.1:1/none",
        secret_key="s" * 32,
        data_dir=tmp_path,
    )
    app = create_app(settings)
    async with started_client(app) as http:
        ready = await http.get("/readyz")
        alive = await http.get("/healthz")

    assert ready.status_code == 503
    assert alive.status_code == 200


@pytest.fixture
async def ops(people: People) -> Api:
    return await people.sign_in(await people.add("Olga Ops", Role.OPS))


async def test_a_page_bigger_than_the_cap_is_an_error_not_a_truncation(ops: Api) -> None:
    body = await ops("{ accounts(first: 201) { edges { cursor } } }")

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "200" in body["errors"][0]["message"]


async def test_pages_walk_forward_and_back_with_cursors(ops: Api, people: People) -> None:
    rep = await people.add("Rob Rep", Role.REP)
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]:
        await ops.data(
            "mutation($i: CreateAccountInput!) { createAccount(input: $i) { userErrors { code } } }",
            {
                "i": {
                    "name": name,
                    "segment": "SMB",
                    "currency": "EUR",
                    "ownerId": gid("User", rep.id),
                }
            },
        )
    page = "query($a: String, $b: String, $f: Int, $l: Int) { accounts(first: $f, after: $a, last: $l, before: $b) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } edges { node { name } } } }"

    first = (await ops.data(page, {"f": 2}))["accounts"]
    second = (await ops.data(page, {"f": 2, "a": first["pageInfo"]["endCursor"]}))["accounts"]
    back = (await ops.data(page, {"l": 2, "b": second["pageInfo"]["startCursor"]}))["accounts"]

    assert [e["node"]["name"] for e in first["edges"]] == ["Alpha", "Bravo"]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    assert [e["node"]["name"] for e in second["edges"]] == ["Charlie", "Delta"]
    assert [e["node"]["name"] for e in back["edges"]] == ["Alpha", "Bravo"]
    assert first["totalCount"] == 5


async def test_a_forged_cursor_is_a_bad_input_error(ops: Api) -> None:
    body = await ops('{ accounts(after: "bm9wZQ==") { edges { cursor } } }')

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_too_deep_a_query_is_refused(ops: Api) -> None:
    deep = "{ me { " + "manager { " * 14 + "name" + " }" * 14 + " } }"

    body = await ops(deep)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_too_many_aliases_are_refused(ops: Api) -> None:
    aliased = "{ " + " ".join(f"a{i}: me {{ name }}" for i in range(40)) + " }"

    body = await ops(aliased)

    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_too_costly_a_query_is_refused_before_it_runs(settings: Settings) -> None:
    strict: Starlette = create_app(settings.model_copy(update={"max_query_cost": 1000}))
    costly = "{ accounts(first: 200) { edges { node { owner { manager { name email } } } } } }"
    cheap = "{ accounts(first: 20) { edges { node { owner { manager { name email } } } } } }"
    async with started_client(strict) as http:
        refused = (await http.post("/graphql", json={"query": costly})).json()
        allowed = (await http.post("/graphql", json={"query": cheap})).json()

    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert refused["errors"][0]["extensions"]["maxCost"] == 1000
    assert allowed["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # validated, then ran


async def test_introspection_can_be_switched_off(settings: Settings) -> None:
    quiet: Starlette = create_app(
        settings.model_copy(update={"introspection": False, "graphiql": False})
    )
    async with started_client(quiet) as http:
        body = (
            await http.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        ).json()
        ide = await http.get("/graphql", headers={"accept": "text/html"})

    assert body["data"] is None
    assert ide.status_code == 404
