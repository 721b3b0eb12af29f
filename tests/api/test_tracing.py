"""Optional OpenTelemetry tracing: request, operation and SQL spans, captured in memory."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from server.app import create_app
from server.settings import Settings

pytest.importorskip("opentelemetry.sdk", reason="the [tracing] extra is not installed")

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.api.conftest import started_client

SIGN_IN = """mutation SignIn {
  login(input: {email: "nobody@example.com", password: "not-the-password"}) { userErrors { code } }
}"""


async def test_tracing_records_request_operation_and_sql_spans_in_one_trace(
    settings: Settings,
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app: Starlette = create_app(
        settings.model_copy(update={"tracing": True}), tracer_provider=provider
    )

    async with started_client(app) as http:
        response = await http.post("/graphql", json={"query": SIGN_IN})
        await http.get("/healthz")

    assert response.status_code == 200
    spans = exporter.get_finished_spans()
    operation = next(s for s in spans if s.name == "GraphQL SignIn")
    assert operation.attributes["graphql.operation.type"] == "mutation"
    sql = [
        s
        for s in spans
        if "db.statement" in (s.attributes or {}) or "db.query.text" in (s.attributes or {})
    ]
    assert sql, [s.name for s in spans]
    server = [s for s in spans if s.kind.name == "SERVER" and s.name.startswith("POST")]
    assert server, [s.name for s in spans]
    trace_id = server[0].context.trace_id
    assert operation.context.trace_id == trace_id
    assert all(s.context.trace_id == trace_id for s in sql)
    recorded = " ".join(str(v) for s in spans for v in (s.attributes or {}).values())
    assert "not-the-password" not in recorded  # no document, no argument values
    assert not any("healthz" in s.name for s in spans)


def test_tracing_is_off_by_default() -> None:
    assert Settings().tracing is False
