"""Prometheus metrics at ``/metrics``: requests, latency, SQL per request, pool, WebSockets.

Each app owns its own ``CollectorRegistry`` (no process-global state, so tests
and several apps in one process do not collide). With several uvicorn workers
each worker counts on its own; scrape them through ``PROMETHEUS_MULTIPROC_DIR``
(see the README) or run one worker per container.
"""

from __future__ import annotations

import os
import time
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.statement_count import current_count
from schema.operation_outcome import SCOPE_KEY

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SQL_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100)


class Metrics:
    """The collectors of one app."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "dealdesk_http_requests",
            "HTTP requests by route, method and status class.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "dealdesk_http_request_seconds",
            "Time to answer an HTTP request.",
            ("route",),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.sql = Histogram(
            "dealdesk_sql_statements_per_request",
            "SQL statements run by one HTTP request.",
            ("route",),
            buckets=SQL_BUCKETS,
            registry=self.registry,
        )
        self.operations = Counter(
            "dealdesk_graphql_operations",
            "GraphQL operations by name, type and outcome "
            "(ok, or the first error's extensions.code).",
            ("operation", "type", "outcome"),
            registry=self.registry,
        )
        self.pdf_seconds = Histogram(
            "dealdesk_pdf_render_seconds",
            "Time to render one PDF document.",
            ("document",),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.events = Counter(
            "dealdesk_events_fanned_out",
            "Events delivered to this process's subscribers.",
            registry=self.registry,
        )
        self.websockets = Gauge(
            "dealdesk_websocket_connections",
            "Open WebSocket connections.",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.pool_checked_out = Gauge(
            "dealdesk_db_pool_checked_out",
            "Database connections in use.",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.pool_size = Gauge(
            "dealdesk_db_pool_size",
            "Database connections the pool holds.",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.subscribers = Gauge(
            "dealdesk_event_subscribers",
            "Subscriptions waiting for events (GraphQL subscriptions over WebSocket).",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.engine: Any = None

    def watch_pool(self, engine: Any) -> None:
        """Read the pool's numbers at each scrape, not on every request."""
        self.engine = engine
        self.pool_checked_out.set_function(lambda: self._pool("checkedout"))
        self.pool_size.set_function(lambda: self._pool("size"))

    def watch_events(self, hub: Any) -> None:
        """Read how many subscriptions wait on ``hub`` (an ``EventHub``) at each scrape."""
        self.subscribers.set_function(lambda: float(hub.subscriber_count))

    def _pool(self, name: str) -> float:
        pool = getattr(self.engine, "pool", None)
        method = getattr(pool, name, None)
        return float(method()) if callable(method) else 0.0

    def exposition(self) -> bytes:
        """The text format; in multiprocess mode, every worker's numbers together."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


FIXED_PATHS = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})


def route_of(scope: Scope) -> str:
    """A bounded label: the path with its parameters named, never their values (ids, tokens).

    Starlette's router writes the matched ``endpoint`` and ``path_params`` into
    the request's scope, which is how a middleware learns them afterwards. A
    request refused before routing (a bad token) keeps its path if it is one of
    the fixed ones, so refused ``/graphql`` calls are still counted as such.
    """
    if "endpoint" not in scope:
        path = scope.get("path")
        return path if path in FIXED_PATHS else "unmatched"
    path = str(scope.get("path", ""))
    for name, value in (scope.get("path_params") or {}).items():
        path = path.replace(str(value), "{" + name + "}", 1)
    return path


class MetricsMiddleware:
    """Counts and times each request; tracks open WebSockets."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            self.metrics.websockets.inc()
            try:
                await self.app(scope, receive, send)
            finally:
                self.metrics.websockets.dec()
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = route_of(scope)
            if route != "/metrics":
                self.metrics.requests.labels(route, scope["method"], f"{status // 100}xx").inc()
                self.metrics.latency.labels(route).observe(time.perf_counter() - started)
                self.metrics.sql.labels(route).observe(current_count())
                for record in scope.get("state", {}).get(SCOPE_KEY, ()):
                    self.metrics.operations.labels(record.name, record.type, record.outcome).inc()


def metrics_endpoint(metrics: Metrics):  # type: ignore[no-untyped-def]
    async def endpoint(request: Request) -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return endpoint
