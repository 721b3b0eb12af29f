"""The ASGI app factory. Nothing connects until the app's lifespan starts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from db.embedded import embedded_postgres
from db.engine import create_engine, create_session_factory
from db.statement_count import count_statements
from resolvers.auth.tokens import TokenConfig
from resolvers.context import ApiConfig, PricingPolicy
from resolvers.pagination import PageLimits
from schema.assembly import SchemaLimits, build_schema
from server.auth import JWTBackend, on_auth_error
from server.documents import document_endpoints
from server.events import EventHub
from server.graphql_view import GraphQLView
from server.logging import configure_logging
from server.middleware import RequestIdMiddleware
from server.settings import Settings

READY_TIMEOUT_SECONDS = 2.0


def api_config(settings: Settings) -> ApiConfig:
    return ApiConfig(
        tokens=TokenConfig(
            secret=settings.resolved_secret_key(),
            access_ttl=timedelta(seconds=settings.access_token_ttl_seconds),
            refresh_ttl=timedelta(seconds=settings.refresh_token_ttl_seconds),
        ),
        pages=PageLimits(default_size=settings.default_page_size, max_size=settings.max_page_size),
        pricing=PricingPolicy(
            default_discount_authority_percent=settings.default_discount_authority_percent,
            min_margin_percent=settings.min_margin_percent,
        ),
    )


def schema_limits(settings: Settings) -> SchemaLimits:
    return SchemaLimits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
        max_cost=settings.max_query_cost,
        default_page_size=settings.default_page_size,
        max_page_size=settings.max_page_size,
        introspection=settings.introspection,
        max_string_length=settings.max_string_length,
        max_list_length=settings.max_list_length,
    )


class LazySessions:
    """The session factory, bound in the lifespan once the database is known."""

    factory: Any = None

    def __call__(self) -> Any:
        if self.factory is None:
            raise RuntimeError("The app's lifespan has not started: no database yet.")
        return self.factory()


class EventsHolder:
    """The process's event hub, set once the lifespan knows the database."""

    hub: EventHub | None = None


def create_app(settings: Settings) -> Starlette:
    configure_logging(json=settings.json_logs, level=settings.log_level)
    config = api_config(settings)  # fails fast on a missing production secret
    sessions = LazySessions()
    events = EventsHolder()
    view = GraphQLView(
        build_schema(schema_limits(settings)),
        sessions=sessions,  # type: ignore[arg-type]
        config=config,
        events=events,
        graphql_ide="graphiql" if settings.graphiql else None,
        allowed_origins=settings.allowed_origins,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            url = settings.database_url
            if url is None:
                url = await asyncio.to_thread(stack.enter_context, embedded_postgres(settings.data_dir))
            engine = create_engine(url, pool_size=settings.db_pool_size)
            count_statements(engine)
            stack.push_async_callback(engine.dispose)
            sessions.factory = create_session_factory(engine)
            app.state.engine = engine
            hub = EventHub(url)
            await hub.start()
            stack.push_async_callback(hub.stop)
            events.hub = app.state.events = hub
            yield

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        try:
            async with asyncio.timeout(READY_TIMEOUT_SECONDS):
                async with request.app.state.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except Exception as exc:  # any failure means "not ready", with the reason
            return JSONResponse({"status": "unavailable", "reason": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ready"})

    quote_document, shared_document, statement_document = document_endpoints(sessions, config)
    return Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            Route("/documents/quotes/{quote_id}.{fmt}", quote_document),
            Route("/documents/shared/{token}.{fmt}", shared_document),
            Route("/documents/statements/{statement_id}.pdf", statement_document),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        middleware=[
            Middleware(RequestIdMiddleware, expose_sql_count=settings.expose_sql_count),
            Middleware(AuthenticationMiddleware, backend=JWTBackend(config.tokens), on_error=on_auth_error),
        ],
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    """Factory for ``uvicorn --factory`` (and several workers): settings from the environment."""
    return create_app(Settings())
