"""ASGI middleware: a request id and a log line for every request, the body limit, and
the answer to a database outage outside GraphQL."""

from __future__ import annotations

import time
import uuid

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.availability import database_unavailable
from db.statement_count import start_counting
from server.http_errors import (
    SERVICE_UNAVAILABLE,
    UNAVAILABLE_MESSAGE,
    accepts_graphql_response_json,
    error_response,
    unavailable_headers,
)

REQUEST_ID_HEADER = "x-request-id"
SQL_COUNT_HEADER = "x-sql-statements"
log = structlog.get_logger("dealdesk.http")


class RequestIdMiddleware:
    """Takes the caller's ``X-Request-ID`` (or makes one), logs the request and echoes the id."""

    def __init__(self, app: ASGIApp, expose_sql_count: bool = False) -> None:
        self.app = app
        self.expose_sql_count = expose_sql_count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        supplied = headers.get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")[:64]
        request_id = supplied or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 0
        statements = start_counting()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                if self.expose_sql_count:
                    # Statements run before the response starts; streaming ones are not counted.
                    headers[SQL_COUNT_HEADER] = str(statements[0])
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                method=scope.get("method", "WS"),
                path=scope.get("path"),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
                sql=statements[0],
            )
            structlog.contextvars.unbind_contextvars("request_id")


class WatchedSend:
    """An ASGI ``send`` that remembers whether the response has started: after that, a
    middleware can no longer answer with a response of its own."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        self.started = self.started or message["type"] == "http.response.start"
        await self.send(message)


class BodyTooLarge(Exception):
    """Raised from ``receive`` once a request body passes the limit."""


class BodyLimitMiddleware:
    """Refuses a request body over ``max_bytes`` with 413, counting while it streams in.

    A declared ``Content-Length`` over the limit is refused before reading anything;
    a chunked body is cut off as soon as the running count passes the limit, so
    the app never holds more than the limit in memory. A ``multipart/form-data`` body
    (a file upload) may be as large as ``upload_max_bytes`` instead, when that is larger.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, upload_max_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.max_bytes
        if headers.get("content-type", "").lower().startswith("multipart/form-data"):
            limit = max(limit, self.upload_max_bytes)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        watched = WatchedSend(send)

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, watched)
        except BodyTooLarge:
            if watched.started:
                raise
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        log.info("request body too large", max_bytes=limit)
        response = error_response(
            Headers(scope=scope),
            413,
            "PAYLOAD_TOO_LARGE",
            f"The request body is larger than {limit} bytes.",
            # The rest of the body is never read: the connection cannot be reused.
            {"connection": "close"},
        )
        await response(scope, receive, send)


class DatabaseUnavailableMiddleware:
    """The last resort for an outage outside GraphQL (documents, the context's first query):
    503 with ``Retry-After`` and ``SERVICE_UNAVAILABLE`` instead of a bare 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watched = WatchedSend(send)
        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if watched.started or not database_unavailable(exc):
                raise
            log.warning("database unavailable", error=type(exc).__name__, detail=str(exc)[:200])
            headers = Headers(scope=scope)
            # On /graphql an application/json client gets 200 with the error, as the view answers
            # an outage met during execution (GraphQL over HTTP); everyone else gets the 503.
            plain_graphql = scope.get("path") == "/graphql" and not accepts_graphql_response_json(
                headers
            )
            response = error_response(
                headers,
                200 if plain_graphql else 503,
                SERVICE_UNAVAILABLE,
                UNAVAILABLE_MESSAGE,
                unavailable_headers(),
            )
            await response(scope, receive, send)
