"""A deadline for every HTTP request, answered with a typed ``TIMEOUT`` error.

Past ``seconds`` the request's task is cancelled: a mutation's transaction is
rolled back on the way out (``RequestDatabase.transaction``), a PDF render or a
password hash still queued in the CPU pool is dropped, and the client gets

    503 {"errors": [{"message": "…", "extensions": {"code": "TIMEOUT"}}]}

A statement PostgreSQL cancels at its ``statement_timeout`` outside GraphQL
(document downloads) gets the same answer; inside GraphQL the error mapping
gives it the same code. WebSockets (long-lived subscriptions) have no deadline.
"""

from __future__ import annotations

import asyncio

import structlog
from sqlalchemy.exc import DBAPIError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.deadline import DEADLINE_KEY

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout
log = structlog.get_logger("dealdesk.http")


def is_statement_timeout(exc: BaseException) -> bool:
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) == QUERY_CANCELED


def timeout_response(message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "TIMEOUT"}}]},
        status_code=503,
        headers={"Retry-After": "1"},
    )


class RequestDeadlineMiddleware:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds) as deadline:
                scope.setdefault("state", {})[DEADLINE_KEY] = deadline
                await self.app(scope, receive, tracking_send)
        except TimeoutError:
            if not deadline.expired():
                raise  # someone else's timeout, not the request's deadline
            log.warning("request deadline passed", path=scope.get("path"), seconds=self.seconds)
            if started:
                return  # too late for an error body; the response simply ends here
            await timeout_response(
                f"The request ran past its {self.seconds:g} s deadline and was stopped; "
                "changes it had not committed were rolled back."
            )(scope, receive, send)
        except DBAPIError as exc:
            if not is_statement_timeout(exc) or started:
                raise
            await timeout_response(
                "A database statement ran past its time limit and was cancelled; "
                "changes the request had not committed were rolled back."
            )(scope, receive, send)
