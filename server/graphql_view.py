"""The ``/graphql`` endpoint: strawberry's ASGI view, tuned to GraphQL-over-HTTP.

* A mutation sent with GET is refused with 405 (``Allow: POST``).
* A client that accepts ``application/graphql-response+json`` gets that media
  type, and a request that fails to parse or validate gets 400 with no ``data``.
* A malformed body (not UTF-8, not a JSON object, nested too deep) is a 400
  ``BAD_REQUEST``, never a fault (see ``server/json_body.py``).
* When the database cannot be reached, the error is ``SERVICE_UNAVAILABLE``:
  503 with ``Retry-After`` for ``application/graphql-response+json`` clients,
  200 with the code in ``errors[].extensions`` for ``application/json`` ones.
* Each request gets its own context (session, loaders, viewer), closed after.
* File uploads follow the GraphQL multipart request spec, from signed-in clients only:
  a multipart body without an ``Authorization`` header is refused before it is parsed
  (no anonymous client makes the server spool a file, and no cross-site form, which
  cannot send the header, gets one in). Spooled files are closed with the request.
* Persisted queries (Apollo's APQ, trusted documents) are resolved to their document
  before execution, see ``server.persisted_queries``; a refusal is a GraphQL error.
* A successful GET query gets a strong ``ETag`` and ``Cache-Control: private, no-cache``;
  ``If-None-Match`` with that tag is answered 304 with no body (``server.http_cache``).
* WebSocket clients speak graphql-transport-ws and authenticate with
  ``{"authorization": "Bearer …"}`` in the ``connection_init`` payload; the
  connection's rules (init timeout, caps, token expiry, deactivation) live in
  ``server.ws_handler``.
"""

from __future__ import annotations

from typing import Any

import structlog
from cross_web import HTTPException
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from db.availability import database_unavailable
from schema.assembly import build_loaders
from schema.context import ApiConfig, Context, build_context, viewer_for
from schema.deadline import extend_deadline
from server.active_users import ActiveUsers
from server.auth import TokenUser, bearer_token, claims_from_token
from server.graphiql import graphiql_html
from server.http_cache import conditional_get
from server.http_errors import (
    GRAPHQL_RESPONSE_JSON,
    SERVICE_UNAVAILABLE,
    UNAVAILABLE_MESSAGE,
    accepts_graphql_response_json,
    error_response,
    unavailable_headers,
)
from server.json_body import MalformedBody, decode_request_json
from server.persisted_queries import PersistedQueries, PersistedQueryRefused
from server.ws_connections import FORBIDDEN, USER_INACTIVE, Connections, Refused
from server.ws_handler import TransportWSHandler
from services.people.tokens import AccessClaims

log = structlog.get_logger("dealdesk.graphql")


def wants_graphql_response_json(request: Request) -> bool:
    return accepts_graphql_response_json(request.headers)


def is_unavailable(result: ExecutionResult) -> bool:
    return any((e.extensions or {}).get("code") == SERVICE_UNAVAILABLE for e in result.errors or ())


def is_request_error(result: ExecutionResult) -> bool:
    """Parse or validation failure: nothing executed, so no error has a path."""
    return (
        result.data is None and bool(result.errors) and all(e.path is None for e in result.errors)
    )


async def _close_context(scope: Scope) -> None:
    """Close the request's context and take it out of the scope's state: the context holds
    the request, whose scope holds that state, so leaving it there is a reference cycle that
    keeps the whole finished request (loaders, session, rows) for the cyclic collector."""
    context = scope.get("state", {}).pop("graphql_context", None)
    if context is not None:
        await context.close()


class GraphQLView(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(
        self,
        schema: Any,
        *,
        sessions: async_sessionmaker[AsyncSession],
        config: ApiConfig,
        connections: Connections,
        active_users: ActiveUsers | None = None,
        events: Any = None,
        persisted: PersistedQueries | None = None,
        **kwargs: Any,
    ) -> None:
        # graphql-transport-ws only: the legacy graphql-ws protocol has no init timeout
        # and would bypass the connection rules of ``TransportWSHandler``.
        super().__init__(schema, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,), **kwargs)
        self.sessions = sessions
        self.config = config
        self.connections = connections
        self.active_users = active_users
        self.events = events  # a holder whose ``hub`` the lifespan sets
        self.persisted = persisted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            try:
                await super().__call__(scope, receive, send)
            finally:
                await _close_context(scope)
            return
        request = Request(scope, receive=receive)
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            # A phone on a slow network takes minutes to send a large file: an upload gets
            # the long-operation allowance (the body limit still bounds what it sends).
            extend_deadline(request, self.config.long_operation_seconds)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            headers = {"Allow": "POST"} if exc.status_code == 405 else None
            code = "NOT_FOUND" if exc.status_code == 404 else "BAD_REQUEST"
            response = error_response(request.headers, exc.status_code, code, exc.reason, headers)
        except PersistedQueryRefused as exc:
            status = exc.status if wants_graphql_response_json(request) else 200
            response = error_response(request.headers, status, exc.code, exc.message)
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            # Before execution (the viewer's first query): still a GraphQL response.
            log.warning("database unavailable", error=type(exc).__name__, detail=str(exc)[:200])
            response = self._unavailable(request)
        finally:
            await _close_context(scope)
            await request.close()  # a multipart body's spooled files
        await response(scope, receive, send)

    async def parse_multipart(self, request: Any) -> dict[str, str]:
        if not request.headers.get("authorization"):
            raise HTTPException(400, "A file upload needs a signed-in user (a bearer token).")
        return await super().parse_multipart(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from the package's own assets (no CDN), see ``server.graphiql``."""
        return HTMLResponse(graphiql_html())

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        user = request.scope.get("user")
        claims = user.claims if isinstance(user, TokenUser) else None
        context = await build_context(
            self.sessions,
            self.config,
            claims,
            build_loaders,
            request_id=request.scope.get("state", {}).get("request_id"),
            request=request,
            response=response,
            events=getattr(self.events, "hub", None),
        )
        request.state.graphql_context = context
        return context

    async def admit(self, context: Context) -> AccessClaims | None:
        """Authenticate a WebSocket at ``connection_init``: its claims, or ``None`` if anonymous.

        The token comes from the ``authorization`` entry of the init payload, else from
        the handshake's Authorization header. An invalid or expired token, or one whose
        user is deactivated or gone, is refused with 4403.
        """
        params = context.connection_params or {}
        raw = params.get("authorization") or params.get("Authorization")
        if raw is None:
            user = context.request.scope.get("user") if context.request is not None else None
            return user.claims if isinstance(user, TokenUser) else None
        try:
            token = bearer_token(str(raw))
            claims = claims_from_token(self.config.tokens, token or "")
        except Exception as exc:
            raise Refused(FORBIDDEN, "Forbidden: the access token is invalid or expired") from exc
        if self.active_users is not None and not await self.active_users.is_active(claims.user_id):
            raise Refused(FORBIDDEN, USER_INACTIVE)
        async with self.sessions() as session:
            context.viewer = await viewer_for(session, claims)
        return claims

    def should_render_graphql_ide(self, request: Any) -> bool:
        """Not for a GET that names its document by hash only (it has no ``query``)."""
        return super().should_render_graphql_ide(request) and (
            "extensions" not in request.query_params
        )

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        data = kwargs.get("request_data")
        if self.persisted is not None and data is not None:
            resolved = await self.persisted.resolve(data.query, data.extensions)
            if resolved is not None:
                data.query = resolved.query
                request = kwargs.get("request")
                if resolved.register is not None and isinstance(request, Request):
                    request.state.persisted_query_to_store = resolved.register
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            adapter = kwargs.get("request_adapter")
            if adapter is not None and adapter.method == "GET" and "GET" in exc.reason:
                raise HTTPException(405, "Mutations must be sent with POST.") from exc
            raise

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        request.state.graphql_errors = bool(result.errors)
        to_store = getattr(request.state, "persisted_query_to_store", None)
        if to_store is not None and self.persisted is not None and not is_request_error(result):
            await self.persisted.register(*to_store)
        if wants_graphql_response_json(request) and is_request_error(result):
            request.state.graphql_request_error = True
            response.pop("data", None)
        if is_unavailable(result):
            request.state.graphql_unavailable = True
        return response

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        response = await super().run(request, context, root_value)
        if (
            isinstance(request, Request)
            and isinstance(response, Response)
            and wants_graphql_response_json(request)
            and response.media_type != "text/html"
        ):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
            if getattr(request.state, "graphql_request_error", False):
                response.status_code = 400
            elif getattr(request.state, "graphql_unavailable", False):
                response.status_code = 503
                response.headers.update(unavailable_headers())
        if (
            isinstance(request, Request)
            and isinstance(response, Response)
            and request.method == "GET"
            and response.status_code == 200
            and getattr(request.state, "graphql_errors", True) is False
        ):
            return conditional_get(request, response)
        return response

    def decode_json(self, data: str | bytes) -> object:
        """Strict JSON: the body arrives as bytes, a GET's ``variables``/``extensions`` as str."""
        try:
            return decode_request_json(data, body=isinstance(data, bytes))
        except MalformedBody as exc:
            raise HTTPException(400, str(exc)) from exc

    def _unavailable(self, request: Request) -> Response:
        """503 + Retry-After for graphql-response+json clients, 200 for application/json (spec)."""
        if wants_graphql_response_json(request):
            return error_response(
                request.headers,
                503,
                SERVICE_UNAVAILABLE,
                UNAVAILABLE_MESSAGE,
                unavailable_headers(),
            )
        return error_response(request.headers, 200, SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE)
