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
from documents import Seller
from offload import CpuPool
from schema.assembly import SchemaLimits, build_schema
from schema.connection import PageLimits
from schema.context import ApiConfig
from server.active_users import ActiveUsers
from server.approval_mail import approval_mail_endpoint
from server.attachments import attachment_endpoint
from server.auth import JWTBackend, on_auth_error
from server.deadline import RequestDeadlineMiddleware
from server.documents import document_endpoints
from server.events import EventHub
from server.gc_tuning import freeze_warmed, tune_gc
from server.graphiql import graphiql_assets
from server.graphql_view import GraphQLView
from server.http_cache import EncodedETag
from server.ingest import ingest_endpoint
from server.jobs.notifications import notification_config
from server.logging import configure_logging
from server.mail import mail_config
from server.metrics import Metrics, MetricsMiddleware, metrics_endpoint
from server.middleware import (
    BodyLimitMiddleware,
    DatabaseUnavailableMiddleware,
    RequestIdMiddleware,
)
from server.operation_cache import operation_cache
from server.persisted_queries import PersistedQueries, load_manifest
from server.settings import Settings, SettingsError
from server.ws_connections import Connections
from services.commissions import close_workers
from services.content.attachments import Attachments
from services.content.segmenters import warm_in_background
from services.people.passwords import Passwords
from services.people.throttle import SignInLimits
from services.people.tokens import TokenConfig
from services.pricing.policy import PricingPolicy
from services.pricing.reprice_cache import RepriceCache
from services.storage.blobs import LocalBlobStore
from services.sync.cursor import SyncConfig, cursor_key

READY_TIMEOUT_SECONDS = 2.0
UPLOAD_OVERHEAD_BYTES = 1024 * 1024
"""What a multipart upload's body may hold beyond the file: the operation, the map, framing."""


def pricing_policy(settings: Settings) -> PricingPolicy:
    return PricingPolicy(
        default_discount_authority_percent=settings.default_discount_authority_percent,
        min_margin_percent=settings.min_margin_percent,
        max_quote_lines=settings.max_quote_lines,
        reprice_cache=RepriceCache(settings.reprice_cache_quotes),
    )


def api_config(settings: Settings) -> ApiConfig:
    cpu = CpuPool(threads=settings.cpu_threads, processes=settings.cpu_processes)
    return ApiConfig(
        tokens=TokenConfig(
            secret=settings.resolved_secret_key(),
            access_ttl=timedelta(seconds=settings.access_token_ttl_seconds),
            refresh_ttl=timedelta(seconds=settings.refresh_token_ttl_seconds),
        ),
        pages=PageLimits(default_size=settings.default_page_size, max_size=settings.max_page_size),
        pricing=pricing_policy(settings),
        cpu=cpu,
        passwords=Passwords(settings.argon2_parameters(), run=cpu.run_in_thread),
        long_operation_seconds=settings.long_operation_timeout_seconds,
        sign_in=SignInLimits(
            window_seconds=settings.sign_in_window_seconds,
            per_account=settings.sign_in_max_failures_per_account,
            per_address=settings.sign_in_max_failures_per_address,
        ),
        seller=Seller(name=settings.seller_name, address=settings.seller_address),
        attachments=Attachments(
            store=LocalBlobStore(settings.resolved_attachments_dir),
            max_bytes=settings.attachment_max_bytes,
            max_per_item=settings.attachments_per_item,
            link_secret=settings.resolved_secret_key(),
            link_ttl=timedelta(seconds=settings.attachment_link_ttl_seconds),
        ),
        sync=SyncConfig(
            key=cursor_key(settings.resolved_secret_key()),
            retention=timedelta(days=settings.sync_retention_days),
        ),
        notifications=notification_config(settings),
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


def persisted_queries(settings: Settings, sessions: Any) -> PersistedQueries:
    """APQ and trusted documents (``server.persisted_queries``); a bad manifest stops start-up."""
    path = settings.trusted_documents
    if settings.trusted_documents_only and path is None:
        raise SettingsError(
            "DEALDESK_TRUSTED_DOCUMENTS_ONLY needs DEALDESK_TRUSTED_DOCUMENTS, the manifest "
            "of the operations the clients send (the typed client's persisted-documents.json)."
        )
    try:
        manifest = load_manifest(path) if path is not None else None
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc
    return PersistedQueries(
        sessions,
        enabled=settings.apq_enabled,
        cache_size=settings.apq_cache_size,
        max_document_bytes=settings.apq_max_document_bytes,
        max_stored=settings.apq_max_stored,
        manifest=manifest,
        trusted_only=settings.trusted_documents_only,
    )


def compression(settings: Settings) -> list[Middleware]:
    """zstd, br or gzip as the client accepts, for bodies of ``compression_min_bytes`` or more
    (streams flush per message; WebSockets pass untouched); tags name their coding."""
    from starlette_compress import CompressMiddleware, add_compress_type

    add_compress_type("application/graphql-response+json")
    return [
        Middleware(EncodedETag),
        Middleware(CompressMiddleware, minimum_size=settings.compression_min_bytes),
    ]


class LazySessions:
    """The session factory, bound in the lifespan once the database is known."""

    factory: Any = None

    def __call__(self) -> Any:
        if self.factory is None:
            raise RuntimeError("The app's lifespan has not started: no database yet.")
        return self.factory()

    def begin(self) -> Any:
        """A session in a transaction (``async_sessionmaker.begin``)."""
        if self.factory is None:
            raise RuntimeError("The app's lifespan has not started: no database yet.")
        return self.factory.begin()


class EventsHolder:
    """The process's event hub, set once the lifespan knows the database."""

    hub: EventHub | None = None


def create_app(
    settings: Settings, *, tracer_provider: Any = None, run_worker: bool = False
) -> Starlette:
    """The app; ``tracer_provider`` overrides the OTLP exporter when tracing is on (tests).
    With ``run_worker`` its lifespan also runs a job worker (``server.jobs``)."""
    configure_logging(json=settings.json_logs, level=settings.log_level)
    config = api_config(settings)  # fails fast on a missing production secret
    tracing: Any = None
    if settings.tracing:
        from server import tracing as otel  # the optional [tracing] extra

        tracing = otel
        tracer_provider = tracer_provider or otel.default_provider()
        sql_tracing = otel.SqlTracing(tracer_provider)
    sessions = LazySessions()
    events = EventsHolder()
    # Trusted only while the hub listens: otherwise a deactivation could go unheard.
    auth_sessions = LazySessions()
    active_users = ActiveUsers(
        auth_sessions, trusted=lambda: events.hub is not None and events.hub.listening
    )
    connections = Connections(
        per_user=settings.ws_max_connections_per_user,
        per_address=settings.ws_max_connections_per_address,
        connect_rate=settings.ws_connect_rate,
        is_active=active_users.is_active,
    )
    metrics = Metrics()
    mail = mail_config(settings)
    view = GraphQLView(
        build_schema(
            schema_limits(settings),
            (
                *((tracing.tracing_extension(tracer_provider),) if tracing else ()),
                *operation_cache(),
            ),
        ),
        sessions=sessions,  # type: ignore[arg-type]
        config=config,
        connections=connections,
        active_users=active_users,
        events=events,
        persisted=persisted_queries(settings, sessions),
        graphql_ide="graphiql" if settings.graphiql else None,
        # The GraphQL multipart request spec, for content attachments. No CSRF opening: the
        # API authenticates by bearer header only (no cookies), which a cross-site form cannot
        # send, and the view parses no multipart body without one (``GraphQLView``).
        multipart_uploads_enabled=True,
        allowed_origins=settings.allowed_origins,
        connection_init_wait_timeout=timedelta(seconds=settings.ws_connection_init_timeout_seconds),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            url = settings.database_url
            if url is None:
                url = await asyncio.to_thread(
                    stack.enter_context, embedded_postgres(settings.data_dir)
                )
            engine = create_engine(
                url,
                pool_size=settings.db_pool_size,
                statement_timeout_seconds=settings.statement_timeout_seconds,
            )
            count_statements(engine)
            if tracing:
                sql_tracing.start(engine)
                stack.callback(sql_tracing.stop)
            metrics.watch_pool(engine)
            stack.push_async_callback(engine.dispose)
            sessions.factory = create_session_factory(engine)
            # The active-user check (a cache miss) runs on a small pool of its own: it never
            # queues behind request work, and statement counts stay those of the request.
            auth_engine = create_engine(url, pool_size=2)
            stack.push_async_callback(auth_engine.dispose)
            auth_sessions.factory = create_session_factory(auth_engine)
            app.state.engine = engine
            hub = EventHub(url, on_fan_out=metrics.events.inc)
            hub.observe(
                active_users.on_event
            )  # first: a re-check after a resync must not read the old cache
            hub.observe(connections.on_event)
            await hub.start()
            stack.push_async_callback(hub.stop)
            events.hub = app.state.events = hub
            stack.callback(config.cpu.shutdown)
            stack.callback(close_workers.shutdown_default_workers)  # (started by a large close)
            if settings.warm_close_workers:
                close_workers.warm_default_workers()
            # Thai and Chinese dictionaries load in a worker thread while the server already
            # answers (readiness does not wait on them): the first such search finds them
            # loaded. Then they are frozen with the start-up heap (when it was: a served
            # process), so that no full collection walks them again.
            if settings.warm_segmenters:
                warm_in_background(then=freeze_warmed)
            if settings.smtp_inbound_port is not None:  # answers to approval emails
                from server.mail_inbound import start_receiver

                receiver = await start_receiver(
                    sessions.factory, mail, settings.smtp_inbound_host, settings.smtp_inbound_port
                )
                app.state.mail_receiver = receiver
                stack.push_async_callback(receiver.wait_closed)
                stack.callback(receiver.close)
            if run_worker:  # stops first on the way out: its jobs still have the database
                from server.jobs.worker import runtime_for, worker_running

                runtime = runtime_for(settings, sessions.factory, config.pricing)
                await stack.enter_async_context(worker_running(settings, url, runtime))
            yield

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        try:
            async with asyncio.timeout(READY_TIMEOUT_SECONDS):
                async with request.app.state.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except Exception as exc:  # any failure means "not ready", with the reason
            return JSONResponse(
                {"status": "unavailable", "reason": type(exc).__name__}, status_code=503
            )
        return JSONResponse({"status": "ready"})

    quote_document, shared_document, statement_document = document_endpoints(
        sessions, config, metrics
    )
    extra_routes: list[Any] = (
        [Route("/metrics", metrics_endpoint(metrics))] if settings.metrics else []
    )
    if settings.graphiql:
        extra_routes.append(graphiql_assets())
    return Starlette(
        routes=[
            *extra_routes,
            Route("/graphql", view, methods=["GET", "POST"]),
            Route("/documents/quotes/{quote_id}.{fmt}", quote_document),
            Route("/documents/shared/{token}.{fmt}", shared_document),
            Route("/documents/statements/{statement_id}.pdf", statement_document),
            Route("/attachments/{token}/{name}", attachment_endpoint(sessions, config)),  # type: ignore[arg-type]
            Route("/ingest/activities", ingest_endpoint(sessions), methods=["POST"]),
            Route(
                "/mail/approvals/{token}",
                approval_mail_endpoint(sessions, mail),  # type: ignore[arg-type]
                methods=["GET", "POST"],
            ),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        middleware=[
            *([tracing.tracing_middleware(tracer_provider)] if tracing else []),
            *compression(settings),
            Middleware(RequestIdMiddleware, expose_sql_count=settings.expose_sql_count),
            Middleware(MetricsMiddleware, metrics=metrics),
            Middleware(DatabaseUnavailableMiddleware),
            Middleware(
                BodyLimitMiddleware,
                max_bytes=settings.max_body_bytes,
                upload_max_bytes=settings.attachment_max_bytes + UPLOAD_OVERHEAD_BYTES,
            ),
            Middleware(RequestDeadlineMiddleware, seconds=settings.request_deadline_seconds),
            Middleware(
                AuthenticationMiddleware,
                backend=JWTBackend(config.tokens, active_users),
                on_error=on_auth_error,
            ),
        ],
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    """Factory for ``uvicorn --factory`` (and several workers): settings from the environment.
    This is how ``dealdesk serve`` runs the app, so each server process runs a job worker
    unless ``DEALDESK_WORKER=0``.

    The served process's garbage collector is tuned once the app is built
    (``server.gc_tuning``); apps built in tests keep the default."""
    settings = Settings()
    app = create_app(settings, run_worker=settings.worker)
    tune_gc()
    return app
