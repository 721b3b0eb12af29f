"""Optional OpenTelemetry tracing: a span per request, per GraphQL operation and per SQL statement.

Off by default (``DEALDESK_TRACING``); needs the ``tracing`` extra
(``pip install 'dealdesk[tracing]'``), imported only when switched on. Spans go
to the OTLP endpoint in ``OTEL_EXPORTER_OTLP_ENDPOINT`` (the OpenTelemetry SDK's
own variables apply, e.g. ``OTEL_SERVICE_NAME``), or to a tracer provider the
caller hands to ``create_app`` (the tests use an in-memory exporter).

Privacy: neither the GraphQL document nor resolver arguments are recorded
(``login`` carries a password; quotes carry customer data); SQL spans carry
the statement text with its parameters as placeholders.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator
from typing import Any

from opentelemetry import trace
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.trace import SpanKind
from starlette.middleware import Middleware
from strawberry.extensions import LifecycleStep, SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension

NOT_TRACED_PATHS = "healthz,readyz,metrics,graphiql"


def default_provider() -> trace.TracerProvider:
    """An SDK provider exporting over OTLP/HTTP in batches (``OTEL_*`` variables apply)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    name = os.environ.get("OTEL_SERVICE_NAME", "dealdesk")
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


class OperationTracing(OpenTelemetryExtension):
    """strawberry's extension, without the document or argument values on spans."""

    def on_operation(self) -> Generator[None, None, None]:
        context = self.execution_context
        span = self._tracer.start_span(
            f"GraphQL {context.operation_name or 'operation'}", kind=SpanKind.SERVER
        )
        span.set_attribute("component", "graphql")
        self._span_holder[LifecycleStep.OPERATION] = span
        yield
        if context.operation_name:
            span.update_name(f"GraphQL {context.operation_name}")
            span.set_attribute("graphql.operation.name", context.operation_name)
        with contextlib.suppress(RuntimeError):  # unparsable: no operation type
            span.set_attribute("graphql.operation.type", context.operation_type.value)
        result = context.result
        if result is not None and result.errors:
            code = (result.errors[0].extensions or {}).get("code", "ERROR")
            span.set_attribute("graphql.error.code", str(code))
        span.end()


def _no_arguments(args: dict[str, Any], info: Any) -> dict[str, Any]:
    return {}


def tracing_extension(provider: trace.TracerProvider) -> Callable[[], SchemaExtension]:
    """A per-request factory for the schema's extension list."""

    def make() -> SchemaExtension:
        return OperationTracing(arg_filter=_no_arguments, tracer_provider=provider)

    return make


def tracing_middleware(provider: trace.TracerProvider) -> Middleware:
    """The ASGI server span around every request (health, metrics and GraphiQL left out)."""
    return Middleware(
        OpenTelemetryMiddleware, tracer_provider=provider, excluded_urls=NOT_TRACED_PATHS
    )


class SqlTracing:
    """A span per SQL statement on one engine, undone when the app stops."""

    def __init__(self, provider: trace.TracerProvider) -> None:
        self.provider = provider
        self.instrumentor = SQLAlchemyInstrumentor()

    def start(self, engine: Any) -> None:
        if self.instrumentor.is_instrumented_by_opentelemetry:
            self.instrumentor.uninstrument()
        # The instrumentation declares "sqlalchemy < 2.1" but works with 2.1's
        # engine events; tests/api/test_tracing.py proves the spans appear.
        self.instrumentor.instrument(
            engine=engine.sync_engine, tracer_provider=self.provider, skip_dep_check=True
        )

    def stop(self) -> None:
        if self.instrumentor.is_instrumented_by_opentelemetry:
            self.instrumentor.uninstrument()
