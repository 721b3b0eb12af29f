"""ASGI middleware: a request id for every request, bound into every log line."""

from __future__ import annotations

import time
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.statement_count import start_counting

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
