"""``/metrics``: Prometheus text with request counts, latency, SQL per request and the pool."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette

from db.models.users import Role
from server.app import create_app
from server.settings import Settings
from tests.api.conftest import People, started_client


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


async def test_metrics_count_requests_time_them_and_count_their_sql(
    client: httpx.AsyncClient, people: People
) -> None:
    signed_in = await people.sign_in(await people.add("Mia Metrics", Role.REP))
    before = await scrape(client)
    ok_graphql = (
        "dealdesk_http_requests_total",
        (("method", "POST"), ("route", "/graphql"), ("status", "2xx")),
    )

    for _ in range(3):
        response = await signed_in.post("{ me { name } }")
        assert response.status_code == 200
    await client.get("/documents/quotes/UXVvdGU6MQ==.pdf")  # anonymous: 401
    await client.post(
        "/graphql",
        json={"query": "{ me { name } }"},
        headers={"authorization": "Bearer bad", "accept": "application/graphql-response+json"},
    )
    after = await scrape(client)

    assert after[ok_graphql] - before.get(ok_graphql, 0) == 3
    unauth = (
        "dealdesk_http_requests_total",
        (("method", "GET"), ("route", "/documents/quotes/{quote_id}.{fmt}"), ("status", "4xx")),
    )
    assert after[unauth] - before.get(unauth, 0) == 1
    refused = (
        "dealdesk_http_requests_total",
        (("method", "POST"), ("route", "/graphql"), ("status", "4xx")),
    )
    assert after[refused] - before.get(refused, 0) == 1  # refused before routing, still /graphql
    count = ("dealdesk_http_request_seconds_count", (("route", "/graphql"),))
    assert after[count] - before.get(count, 0) == 4
    sql_sum = ("dealdesk_sql_statements_per_request_sum", (("route", "/graphql"),))
    assert after[sql_sum] - before.get(sql_sum, 0) >= 3  # `me` reads the user each time
    assert after[("dealdesk_db_pool_size", ())] >= 1
    assert ("dealdesk_db_pool_checked_out", ()) in after
    assert ("dealdesk_websocket_connections", ()) in after
    assert not any("/metrics" in dict(labels).get("route", "") for _, labels in after)


async def test_metrics_count_graphql_operations_by_name_and_outcome(
    client: httpx.AsyncClient, people: People
) -> None:
    signed_in = await people.sign_in(await people.add("Otto Operations", Role.REP))
    before = await scrape(client)

    await signed_in.post("query HomeScreen { me { name } }")
    await signed_in.post("query HomeScreen { me { name } }")
    await client.post("/graphql", json={"query": "query Anon { me { name } }"})
    await client.post("/graphql", json={"query": "query Broken { nope }"})
    after = await scrape(client)

    def delta(name: str, kind: str, outcome: str) -> float:
        key = (
            "dealdesk_graphql_operations_total",
            (("operation", name), ("outcome", outcome), ("type", kind)),
        )
        return after.get(key, 0) - before.get(key, 0)

    assert delta("HomeScreen", "query", "ok") == 2
    assert delta("Anon", "query", "UNAUTHENTICATED") == 1
    assert delta("Broken", "query", "GRAPHQL_VALIDATION_FAILED") == 1


async def test_metrics_can_be_switched_off(settings: Settings) -> None:
    app: Starlette = create_app(settings.model_copy(update={"metrics": False}))
    async with started_client(app) as http:
        assert (await http.get("/metrics")).status_code == 404


async def test_metrics_count_events_fanned_out_to_subscribers(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    import asyncio
    import json

    from sqlalchemy import text

    from db.events import CHANNEL

    before = await scrape(client)
    async with app.state.events.subscribe() as first, app.state.events.subscribe() as second:
        async with app.state.engine.begin() as connection:
            await connection.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": json.dumps({"kind": "test"})},
            )
        await asyncio.wait_for(first.get(), timeout=10)
        await asyncio.wait_for(second.get(), timeout=10)
    after = await scrape(client)

    key = ("dealdesk_events_fanned_out_total", ())
    assert after[key] - before.get(key, 0) >= 2


async def test_metrics_count_the_subscriptions_waiting_for_events(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    """``dealdesk_event_subscribers``: what a live test waits on before it acts (and what an
    operator reads to see how many phones follow something on this process)."""
    key = ("dealdesk_event_subscribers", ())
    before = (await scrape(client))[key]
    async with app.state.events.subscribe(), app.state.events.subscribe():
        assert (await scrape(client))[key] == before + 2
    assert (await scrape(client))[key] == before
