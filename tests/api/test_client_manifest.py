"""The typed client's trusted-documents manifest (clients/typescript, written by its
``npm run check``, which CI runs before the tests) loads, and a trusted-documents-only server
accepts every operation in it: each runs by its hash, with no trust, parse or validation
error (a missing variable may still be refused: that is the operation running)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette

from server.app import create_app
from server.persisted_queries import load_manifest
from server.settings import Settings
from tests.api.conftest import started_client

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "clients" / "typescript" / "src" / "gql" / "persisted-documents.json"
REFUSED = {
    "OPERATION_NOT_TRUSTED",
    "PERSISTED_QUERY_NOT_IN_LIST",
    "PERSISTED_QUERY_NOT_FOUND",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "BAD_REQUEST",
}

MISSING = not MANIFEST.exists()
needs_manifest = pytest.mark.skipif(
    MISSING,
    reason="the manifest is generated: run `npm ci && npm run check` in clients/typescript",
)


@needs_manifest
async def test_a_trusted_only_server_accepts_every_operation_of_the_client(
    app: Starlette, settings: Settings
) -> None:
    manifest = load_manifest(MANIFEST)
    trusted = create_app(
        settings.model_copy(update={"trusted_documents": MANIFEST, "trusted_documents_only": True})
    )
    assert len(manifest) >= 5

    async with started_client(trusted) as http:
        for sha256, document in manifest.items():
            extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256}}
            response = await http.post("/graphql", json={"extensions": extensions})
            codes = {e.get("extensions", {}).get("code") for e in response.json().get("errors", [])}

            assert response.status_code == 200, document
            assert not codes & REFUSED, (document, response.json())
