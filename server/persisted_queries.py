"""Persisted queries: Apollo's automatic persisted queries (APQ) and trusted documents.

A phone on a slow network sends a 64-character hash instead of a document of several
kilobytes, and can send it with GET, so a response can be cached along the way:

* ``extensions: {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}`` with no
  ``query`` runs the document stored under that hash; an unknown hash is the GraphQL error
  ``PersistedQueryNotFound`` (``extensions.code: PERSISTED_QUERY_NOT_FOUND``, status 200,
  as Apollo Server answers), on which the client sends the hash again with the document.
* The hash and the document together: the hash must be the document's sha256 (else
  ``provided sha does not match query``); the document runs, and once it has parsed and
  validated it is stored, so junk never fills the store. The store is an in-process LRU in
  front of the ``persisted_queries`` table: a hit survives a restart and crosses workers.
  The table holds at most ``apq_max_stored`` documents of ``apq_max_document_bytes`` each.
* Trusted documents: a manifest ``{"<sha256>": "<document>"}`` as GraphQL Code Generator's
  client preset writes it (``persistedDocuments``), loaded at start-up (a hash that is not
  its document's sha256 stops start-up). Its documents are known without the database.
  With ``trusted_documents_only`` (production), nothing else runs: an unknown hash is
  ``PERSISTED_QUERY_NOT_IN_LIST``, a document outside the manifest (sent as text, or
  offered for APQ registration) is ``OPERATION_NOT_TRUSTED``, whichever way it comes
  (POST, GET or a WebSocket subscription).

Refusals other than ``PersistedQueryNotFound`` are request errors: 400 for
``application/graphql-response+json`` clients, 200 with the code for ``application/json``
ones (GraphQL over HTTP).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.queries.persisted_queries import find_document, store_document
from schema.errors import ApiErrorCode

log = structlog.get_logger("dealdesk.persisted_queries")

NOT_FOUND = ApiErrorCode.PERSISTED_QUERY_NOT_FOUND.value
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_SUPPORTED = ApiErrorCode.PERSISTED_QUERY_NOT_SUPPORTED.value
NOT_IN_LIST = ApiErrorCode.PERSISTED_QUERY_NOT_IN_LIST.value
NOT_TRUSTED = ApiErrorCode.OPERATION_NOT_TRUSTED.value
BAD_REQUEST = ApiErrorCode.BAD_REQUEST.value
HASH_MISMATCH_MESSAGE = "provided sha does not match query"
HEX = frozenset("0123456789abcdef")
SHA256_PREFIX = "sha256:"
"""Code Generator's client preset writes keys as ``sha256:<hex>`` (GraphQL over HTTP's
persisted-document identifiers); a bare ``<hex>`` key is taken as well."""


class PersistedQueryRefused(Exception):
    """The request is refused before execution; ``status`` is for graphql-response+json."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class ManifestError(ValueError):
    """The trusted-documents manifest cannot be used; the message says why."""


def sha256_hex(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def is_sha256_hex(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= HEX


def load_manifest(path: Path) -> dict[str, str]:
    """The manifest at ``path`` by bare hash. Two formats: GraphQL Code Generator's
    ``{"sha256:<hex>" or "<hex>": document}``, and Apollo's persisted query manifest
    (``{"format": "apollo-persisted-query-manifest", "operations": [{"id", "body"}, ...]}``,
    written by Apollo iOS and Apollo Kotlin). Each hash must be the lowercase sha256 of its
    document."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"cannot read the trusted documents in {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ManifestError(f"{path} is not a JSON object of sha256 -> document")
    manifest: dict[str, str] = {}
    for key, document in _entries(path, raw):
        sha256 = key.removeprefix(SHA256_PREFIX)
        if not isinstance(document, str) or not is_sha256_hex(sha256):
            raise ManifestError(f"{path}: {key[:80]!r} is not a sha256 hash of a document")
        if sha256_hex(document) != sha256:
            raise ManifestError(f"{path}: {key} is not the sha256 of its document")
        manifest[sha256] = document
    return manifest


def _entries(path: Path, raw: dict[str, object]) -> list[tuple[str, object]]:
    """(hash, document) pairs of either manifest format."""
    if raw.get("format") != "apollo-persisted-query-manifest":
        return [(str(key), document) for key, document in raw.items()]
    operations = raw.get("operations")
    if not isinstance(operations, list) or not all(
        isinstance(op, dict) and isinstance(op.get("id"), str) for op in operations
    ):
        raise ManifestError(f"{path}: an Apollo manifest needs operations with an id and a body")
    return [(op["id"], op.get("body")) for op in operations]


@dataclass(frozen=True, slots=True)
class Resolved:
    """The document to run, and (hash, document) to store once it has validated."""

    query: str
    register: tuple[str, str] | None = None


class LruDocuments:
    """Documents by hash, least recently used out."""

    def __init__(self, max_entries: int) -> None:
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._max_entries = max_entries

    def get(self, sha256: str) -> str | None:
        document = self._documents.get(sha256)
        if document is not None:
            self._documents.move_to_end(sha256)
        return document

    def put(self, sha256: str, document: str) -> None:
        self._documents[sha256] = document
        self._documents.move_to_end(sha256)
        if len(self._documents) > self._max_entries:
            self._documents.popitem(last=False)


class PersistedQueries:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession] | Any,
        *,
        enabled: bool = True,
        cache_size: int = 1000,
        max_document_bytes: int = 100_000,
        max_stored: int = 10_000,
        manifest: Mapping[str, str] | None = None,
        trusted_only: bool = False,
    ) -> None:
        if trusted_only and manifest is None:
            raise ManifestError("trusted_documents_only needs a manifest (trusted_documents)")
        self.sessions = sessions
        self.enabled = enabled
        self.cache = LruDocuments(cache_size)
        self.max_document_bytes = max_document_bytes
        self.max_stored = max_stored
        self.manifest: Mapping[str, str] = manifest or {}
        self.trusted_only = trusted_only

    def check_trusted(self, query: str) -> None:
        """In trusted-only mode, refuse a document that is not in the manifest."""
        if self.trusted_only and self.manifest.get(sha256_hex(query)) != query:
            raise PersistedQueryRefused(
                NOT_TRUSTED,
                "Only the operations registered in this server's trusted documents may run; "
                "this one is not among them.",
            )

    async def resolve(self, query: str | None, extensions: object) -> Resolved | None:
        """The document to run for this request; ``None`` leaves the request as it is."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            if isinstance(query, str):
                self.check_trusted(query)
            return None
        sha256 = self._valid_hash(persisted)
        if query is None:
            return Resolved(await self._known(sha256))
        if len(query) > self.max_document_bytes or (
            len(query.encode("utf-8")) > self.max_document_bytes
        ):
            raise PersistedQueryRefused(
                BAD_REQUEST,
                f"A persisted document may hold at most {self.max_document_bytes} bytes.",
            )
        if sha256_hex(query) != sha256:
            raise PersistedQueryRefused(BAD_REQUEST, HASH_MISMATCH_MESSAGE)
        self.check_trusted(query)
        if sha256 in self.manifest:
            return Resolved(query)
        # Stored even when this process knows it: a client sends the document only after a
        # miss, so the row may be gone (an operator emptied the table) and an insert is rare.
        return Resolved(query, register=(sha256, query))

    def _valid_hash(self, persisted: object) -> str:
        if not self.enabled and not self.manifest:
            raise PersistedQueryRefused(NOT_SUPPORTED, "PersistedQueryNotSupported", 200)
        if not isinstance(persisted, dict):
            raise PersistedQueryRefused(BAD_REQUEST, "persistedQuery must be an object.")
        version = persisted.get("version")
        if type(version) is not int or version != 1:
            raise PersistedQueryRefused(BAD_REQUEST, "Unsupported persisted query version")
        sha256 = persisted.get("sha256Hash")
        if not is_sha256_hex(sha256):
            raise PersistedQueryRefused(
                BAD_REQUEST, "sha256Hash must be 64 lowercase hexadecimal digits."
            )
        assert isinstance(sha256, str)
        return sha256

    async def _known(self, sha256: str) -> str:
        document = self.manifest.get(sha256)
        if document is not None:
            return document
        if self.trusted_only:
            raise PersistedQueryRefused(NOT_IN_LIST, f"No trusted document has the hash {sha256}.")
        if not self.enabled:
            raise PersistedQueryRefused(NOT_SUPPORTED, "PersistedQueryNotSupported", 200)
        document = self.cache.get(sha256)
        if document is None:
            async with self.sessions() as session:
                document = await find_document(session, sha256)
            if document is None:
                raise PersistedQueryRefused(NOT_FOUND, NOT_FOUND_MESSAGE, 200)
            self.cache.put(sha256, document)
        return document

    async def register(self, sha256: str, document: str) -> None:
        """Store a document that parsed and validated (after a run that started executing)."""
        if not self.enabled or self.trusted_only:
            return
        try:
            async with self.sessions() as session:
                stored = await store_document(session, sha256, document, cap=self.max_stored)
                await session.commit()
        except Exception as exc:  # the response is still good; the next hit retries the store
            log.warning("persisted query not stored", error=type(exc).__name__)
            return
        if not stored:
            log.info("persisted query not stored", reason="known or the store is full")
        self.cache.put(sha256, document)
