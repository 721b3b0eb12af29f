"""Automatic persisted queries (Apollo's protocol) and trusted documents, over HTTP on
PostgreSQL: a miss then a hit (POST and GET), a hit that survives a new app, the hash
checked, hostile hashes and documents refused with nothing stored, and the trusted-only
mode refusing what its manifest does not hold."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from db.models.users import Role
from server.app import create_app
from server.settings import Settings, SettingsError
from tests.api.conftest import Api, People, started_client

ME = "query Me { me { name roles } }"
LOGOUT = 'mutation Out { logout(input: {refreshToken: "x"}) { signedOut } }'


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def body(document: str | None, sha256: str | None = None, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "extensions": {
            "persistedQuery": {"version": 1, "sha256Hash": sha256 or sha(document or "")}
        }
    }
    if document is not None:
        payload["query"] = document
    return {**payload, **extra}


def get_params(sha256: str, **extra: Any) -> dict[str, str]:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256}}
    return {"extensions": json.dumps(extensions), **{k: json.dumps(v) for k, v in extra.items()}}


async def stored(app: Starlette) -> dict[str, str]:
    async with app.state.engine.connect() as connection:
        rows = await connection.execute(text("SELECT sha256, document FROM persisted_queries"))
        return {row.sha256: row.document for row in rows}


def not_found(response: httpx.Response) -> bool:
    errors = response.json().get("errors") or []
    return (
        response.status_code == 200
        and "data" not in response.json()
        and [e["message"] for e in errors] == ["PersistedQueryNotFound"]
        and errors[0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    )


async def signed_in_rep(people: People) -> Api:
    return await people.sign_in(await people.add("Rita Rep", Role.REP))


async def test_a_post_misses_then_registers_then_hits(app: Starlette, people: People) -> None:
    # A document no other test registers: the app (and its in-process LRU) lives for the
    # worker's session, so a test that registered ME earlier would turn this miss into a hit.
    document = ME.replace("query Me ", "query MissFirst ")
    rep = await signed_in_rep(people)
    auth = {"authorization": f"Bearer {rep.token}"}

    miss = await rep.http.post("/graphql", json=body(None, sha(document)), headers=auth)
    register = await rep.http.post("/graphql", json=body(document), headers=auth)
    hit = await rep.http.post("/graphql", json=body(None, sha(document)), headers=auth)

    assert not_found(miss), miss.json()
    assert register.json() == {"data": {"me": {"name": "Rita Rep", "roles": ["REP"]}}}
    assert hit.json() == register.json()
    assert await stored(app) == {sha(document): document}


async def test_a_get_with_the_hash_misses_then_hits_with_variables_and_operation_name(
    app: Starlette, people: People
) -> None:
    rep = await signed_in_rep(people)
    auth = {"authorization": f"Bearer {rep.token}"}
    document = (
        "query Named($all: Boolean!) { me { name roles @include(if: $all) } }\n"
        "query Other { me { roles } }"
    )

    miss = await rep.http.get(
        "/graphql", params=get_params(sha(document), operationName="Named"), headers=auth
    )
    params = get_params(sha(document), variables={"all": False})
    register = await rep.http.get(
        "/graphql", params={**params, "query": document, "operationName": "Named"}, headers=auth
    )
    hit = await rep.http.get("/graphql", params={**params, "operationName": "Named"}, headers=auth)

    assert not_found(miss), miss.text
    assert register.json() == {"data": {"me": {"name": "Rita Rep"}}}
    assert hit.status_code == 200
    assert hit.json() == {"data": {"me": {"name": "Rita Rep"}}}
    assert sha(document) in await stored(app)


async def test_a_hit_survives_a_new_app_instance(
    app: Starlette, settings: Settings, people: People
) -> None:
    rep = await signed_in_rep(people)
    auth = {"authorization": f"Bearer {rep.token}"}
    first = await rep.http.post("/graphql", json=body(ME), headers=auth)
    assert "data" in first.json(), first.json()
    assert sha(ME) in await stored(app)

    restarted = create_app(settings)
    async with started_client(restarted) as http:
        hit = await http.get("/graphql", params=get_params(sha(ME)), headers=auth)

    assert hit.json() == {"data": {"me": {"name": "Rita Rep", "roles": ["REP"]}}}


async def test_a_mutation_registered_by_post_is_refused_over_get(api: Api) -> None:
    await api.http.post("/graphql", json=body(LOGOUT))

    response = await api.http.get("/graphql", params=get_params(sha(LOGOUT)))

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_a_hash_that_is_not_the_documents_is_refused_and_nothing_is_stored(
    app: Starlette, api: Api
) -> None:
    response = await api.http.post("/graphql", json=body(ME, sha256=sha(ME + " ")))
    strict = await api.http.post(
        "/graphql",
        json=body(ME, sha256=sha(ME + " ")),
        headers={"accept": "application/graphql-response+json"},
    )

    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == "provided sha does not match query"
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert strict.status_code == 400
    assert await stored(app) == {}


async def test_an_invalid_document_is_not_stored(app: Starlette, api: Api) -> None:
    invalid = "{ nope }"

    response = await api.http.post("/graphql", json=body(invalid))

    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert await stored(app) == {}


@pytest.mark.parametrize(
    ("persisted_query", "message"),
    [
        ({"version": 1, "sha256Hash": "a" * 10_000}, "64 lowercase hexadecimal"),
        ({"version": 1, "sha256Hash": "z" * 64}, "64 lowercase hexadecimal"),
        ({"version": 1, "sha256Hash": sha(ME).upper()}, "64 lowercase hexadecimal"),
        ({"version": 1, "sha256Hash": 12}, "64 lowercase hexadecimal"),
        ({"version": 2, "sha256Hash": sha(ME)}, "Unsupported persisted query version"),
        ({"version": True, "sha256Hash": sha(ME)}, "Unsupported persisted query version"),
        ({"version": "1", "sha256Hash": sha(ME)}, "Unsupported persisted query version"),
        ("yes", "must be an object"),
    ],
)
async def test_hostile_persisted_query_extensions_are_bad_requests(
    app: Starlette, api: Api, persisted_query: Any, message: str
) -> None:
    payload = {"query": ME, "extensions": {"persistedQuery": persisted_query}}

    posted = await api.http.post("/graphql", json=payload)
    got = await api.http.get(
        "/graphql",
        params={"extensions": json.dumps({"persistedQuery": persisted_query})},
        headers={"accept": "application/graphql-response+json"},
    )

    assert posted.status_code == 200
    assert posted.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert message in posted.json()["errors"][0]["message"]
    assert got.status_code == 400
    assert got.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert await stored(app) == {}


async def test_a_large_document_with_its_hash_is_refused_and_not_stored(
    app: Starlette, settings: Settings
) -> None:
    huge = "query Big { me { name } }" + "#" * (200_000)
    smaller = create_app(settings.model_copy(update={"max_body_bytes": 2 * 1024 * 1024}))

    async with started_client(smaller) as http:
        response = await http.post("/graphql", json=body(huge))

    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "at most 100000 bytes" in response.json()["errors"][0]["message"]
    assert await stored(app) == {}


async def test_a_megabyte_document_with_a_hash_is_refused_by_the_body_limit(
    app: Starlette, api: Api
) -> None:
    huge = "{ me { name } }" + " " * (1024 * 1024)

    response = await api.http.post("/graphql", json=body(huge))

    assert response.status_code == 413
    assert await stored(app) == {}


async def test_the_store_stops_at_its_cap(app: Starlette, settings: Settings) -> None:
    capped = create_app(settings.model_copy(update={"apq_max_stored": 1}))
    second = "query Second { me { name } }"

    async with started_client(capped) as http:
        await http.post("/graphql", json=body(ME))
        response = await http.post("/graphql", json=body(second))

    assert "data" in response.json()  # it still runs
    assert list(await stored(app)) == [sha(ME)]


async def test_with_apq_off_a_hash_is_not_supported(settings: Settings) -> None:
    off = create_app(settings.model_copy(update={"apq_enabled": False}))

    async with started_client(off) as http:
        response = await http.post("/graphql", json=body(None, sha(ME)))

    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


# --- trusted documents ---


def manifest(tmp_path: Path, *documents: str) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({sha(d): d for d in documents}))
    return path


async def test_trusted_only_runs_manifest_documents_by_hash_or_text_and_refuses_others(
    app: Starlette, settings: Settings, people: People, tmp_path: Path
) -> None:
    rep = await signed_in_rep(people)
    auth = {"authorization": f"Bearer {rep.token}"}
    other = "query Other { me { name } }"
    trusted = create_app(
        settings.model_copy(
            update={
                "trusted_documents": manifest(tmp_path, ME),
                "trusted_documents_only": True,
            }
        )
    )

    async with started_client(trusted) as http:
        by_hash = await http.post("/graphql", json=body(None, sha(ME)), headers=auth)
        by_get = await http.get("/graphql", params=get_params(sha(ME)), headers=auth)
        by_text = await http.post("/graphql", json={"query": ME}, headers=auth)
        unlisted = await http.post("/graphql", json={"query": other}, headers=auth)
        unknown_hash = await http.post("/graphql", json=body(None, sha(other)), headers=auth)
        registering = await http.post(
            "/graphql",
            json=body(other),
            headers={**auth, "accept": "application/graphql-response+json"},
        )
        unlisted_get = await http.get("/graphql", params={"query": other}, headers=auth)

    expected = {"data": {"me": {"name": "Rita Rep", "roles": ["REP"]}}}
    assert by_hash.json() == expected
    assert by_get.json() == expected
    assert by_text.json() == expected
    assert unlisted.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_TRUSTED"
    assert "data" not in unlisted.json()
    assert unknown_hash.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
    assert registering.status_code == 400
    assert registering.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_TRUSTED"
    assert unlisted_get.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_TRUSTED"
    assert await stored(app) == {}


async def test_a_manifest_without_trusted_only_serves_its_documents_beside_apq(
    settings: Settings, tmp_path: Path
) -> None:
    listed = "query Listed { __typename }"
    app = create_app(settings.model_copy(update={"trusted_documents": manifest(tmp_path, listed)}))

    async with started_client(app) as http:
        hit = await http.post("/graphql", json=body(None, sha(listed)))
        free = await http.post("/graphql", json={"query": "{ __typename }"})

    assert hit.json() == {"data": {"__typename": "Query"}}
    assert free.json() == {"data": {"__typename": "Query"}}


async def test_an_apollo_persisted_query_manifest_is_trusted_as_the_codegen_one(
    settings: Settings, tmp_path: Path
) -> None:
    """Apollo iOS and Apollo Kotlin write {format, version, operations: [{id, body, ...}]}."""
    listed = "query Listed { __typename }"
    path = tmp_path / "apollo.json"
    operation = {"id": sha(listed), "body": listed, "name": "Listed", "type": "query"}
    path.write_text(
        json.dumps(
            {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [operation]}
        )
    )
    trusted = {"trusted_documents": path, "trusted_documents_only": True}
    app = create_app(settings.model_copy(update=trusted))

    async with started_client(app) as http:
        hit = await http.post("/graphql", json=body(None, sha(listed)))
        other = await http.post("/graphql", json={"query": "{ __typename }"})

    assert hit.json() == {"data": {"__typename": "Query"}}
    assert other.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_TRUSTED"
    forged = tmp_path / "forged-apollo.json"
    wrong = {"format": "apollo-persisted-query-manifest", "operations": [{**operation, "body": ME}]}
    forged.write_text(json.dumps(wrong))
    with pytest.raises(SettingsError, match="not the sha256 of its document"):
        create_app(settings.model_copy(update={"trusted_documents": forged}))


def test_trusted_only_without_a_manifest_or_with_a_forged_one_stops_start_up(
    settings: Settings, tmp_path: Path
) -> None:
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({sha(ME): ME + " "}))
    not_json = tmp_path / "broken.json"
    not_json.write_text("{")

    with pytest.raises(SettingsError, match="TRUSTED_DOCUMENTS"):
        create_app(settings.model_copy(update={"trusted_documents_only": True}))
    with pytest.raises(SettingsError, match="not the sha256 of its document"):
        create_app(settings.model_copy(update={"trusted_documents": forged}))
    with pytest.raises(SettingsError, match="cannot read"):
        create_app(settings.model_copy(update={"trusted_documents": not_json}))
