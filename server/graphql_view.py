"""The ``/graphql`` endpoint: strawberry's ASGI view, tuned to GraphQL-over-HTTP.

* A mutation sent with GET is refused with 405 (``Allow: POST``).
* A client that accepts ``application/graphql-response+json`` gets that media
  type, and a request that fails to parse or validate gets 400 with no ``data``.
* Each request gets its own context (session, loaders, viewer), closed after.
* WebSocket clients authenticate with ``{"authorization": "Bearer …"}`` in the
  ``connection_init`` payload.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.authentication import AuthenticationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from resolvers.context import ApiConfig, Context, UnknownUser, build_context, viewer_for
from server.auth import TokenUser, bearer_token, claims_from_token, on_auth_error

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def wants_graphql_response_json(request: Request) -> bool:
    return GRAPHQL_RESPONSE_JSON in request.headers.get("accept", "")


def is_request_error(result: ExecutionResult) -> bool:
    """Parse or validation failure: nothing executed, so no error has a path."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors)


class GraphQLView(GraphQL[Context, None]):
    def __init__(
        self,
        schema: Any,
        *,
        sessions: async_sessionmaker[AsyncSession],
        config: ApiConfig,
        events: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(schema, **kwargs)
        self.sessions = sessions
        self.config = config
        self.events = events  # a holder whose ``hub`` the lifespan sets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            try:
                await super().__call__(scope, receive, send)
            finally:
                context = scope.get("state", {}).get("graphql_context")
                if context is not None:
                    await context.close()
            return
        request = Request(scope, receive=receive)
        try:
            response = await self.run(request)
        except UnknownUser as exc:
            response = on_auth_error(request, exc)
        except HTTPException as exc:
            headers = {"Allow": "POST"} if exc.status_code == 405 else None
            response = JSONResponse(
                {"errors": [{"message": exc.reason, "extensions": {"code": "BAD_REQUEST"}}]},
                status_code=exc.status_code,
                headers=headers,
            )
        finally:
            context = getattr(request.state, "graphql_context", None)
            if context is not None:
                await context.close()
        await response(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        user = request.scope.get("user")
        claims = user.claims if isinstance(user, TokenUser) else None
        context = await build_context(
            self.sessions,
            self.config,
            claims,
            request_id=request.scope.get("state", {}).get("request_id"),
            request=request,
            response=response,
            events=getattr(self.events, "hub", None),
        )
        request.state.graphql_context = context
        return context

    async def on_ws_connect(self, context: Context) -> Any:
        params = context.connection_params or {}
        raw = params.get("authorization") or params.get("Authorization")
        if raw is None:
            return UNSET
        try:
            token = bearer_token(str(raw))
            claims = claims_from_token(self.config.tokens, token or "")
            async with self.sessions() as session:
                context.viewer = await viewer_for(session, claims)
        except (AuthenticationError, UnknownUser) as exc:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"}) from exc
        return UNSET

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            adapter = kwargs.get("request_adapter")
            if adapter is not None and adapter.method == "GET" and "GET" in exc.reason:
                raise HTTPException(405, "Mutations must be sent with POST.") from exc
            raise

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if wants_graphql_response_json(request) and is_request_error(result):
            request.state.graphql_request_error = True
            response.pop("data", None)
        return response

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        response = await super().run(request, context, root_value)
        if isinstance(request, Request) and isinstance(response, Response):
            if wants_graphql_response_json(request) and response.media_type != "text/html":
                response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
                if getattr(request.state, "graphql_request_error", False):
                    response.status_code = 400
        return response
