"""A seeded app for the hostile-input suite and the fuzzer: the demo org, an ADMIN signed in,
the schema as the app itself describes it (introspection over HTTP), and a real global ID
for every node type, so baseline requests reach the resolvers' real work."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from graphql import GraphQLSchema, build_client_schema, get_introspection_query
from starlette.applications import Starlette

from server.demo.org import DEMO_PASSWORD
from tests.conftest import load_full_demo
from tests.hostile.schema_walk import Baselines, gid

LOGIN = """mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { session { accessToken } userErrors { code } } }"""


@dataclass
class Seeded:
    http: httpx.AsyncClient
    token: str
    schema: GraphQLSchema
    bases: Baselines

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        # Encoded here with ASCII escapes: httpx's own JSON encoding cannot carry a lone
        # surrogate ("\ud800" is valid JSON, but not encodable as UTF-8 text).
        body = json.dumps({"query": query, "variables": variables or {}})
        return await self.http.post(
            "/graphql",
            content=body.encode(),
            headers={"authorization": f"Bearer {self.token}", "content-type": "application/json"},
        )


@pytest.fixture(scope="module")
async def seeded(app: Starlette) -> AsyncIterator[Seeded]:
    # The whole demo: loaded once per database, copied back for the next module (and for API
    # tests that start from it), with the test suite's cheap password hashes.
    await load_full_demo(app)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", timeout=60
        ) as http:
            login = await http.post(
                "/graphql",
                json={
                    "query": LOGIN,
                    "variables": {"email": "admin@dealdesk.example", "password": DEMO_PASSWORD},
                },
            )
            token = login.json()["data"]["login"]["session"]["accessToken"]
            intro = await http.post(
                "/graphql",
                json={"query": get_introspection_query(descriptions=False)},
                headers={"authorization": f"Bearer {token}"},
            )
            schema = build_client_schema(intro.json()["data"])
            seeded = Seeded(http, token, schema, Baselines({}, frozenset()))
            seeded.bases = await _baselines(seeded)
            yield seeded
    finally:
        await _truncate_or_fail(app)


async def _truncate_or_fail(app: Starlette) -> None:
    """Empty the tables; a transaction a request leaked (holding locks) is ended first, loudly.

    Known open fault (see the branch report): when graphql-core cancels a sibling root field
    while it waits on the database, the request's connection can stay checked out, idle in a
    transaction, until garbage collection. Left alone, TRUNCATE would wait on it forever.
    """
    import warnings

    from sqlalchemy import text

    from tests.conftest import empty_tables

    async with app.state.engine.connect() as connection:
        leaked = (
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                )
            )
        ).all()
        await connection.commit()
    if leaked:
        warnings.warn(f"{len(leaked)} leaked transaction(s) ended before truncating", stacklevel=1)
    async with app.state.engine.begin() as connection:
        await connection.execute(text("SET LOCAL lock_timeout = '15s'"))
        await empty_tables(connection)


async def _baselines(seeded: Seeded) -> Baselines:
    """The highest existing id of every node type (the last-made rows: not the admin signed in)."""
    node_types = frozenset(
        t.name for t in seeded.schema.get_possible_types(seeded.schema.type_map["Node"])
    )  # type: ignore[arg-type]
    found: dict[str, str] = {}
    for type_name in sorted(node_types):
        ids = [gid(type_name, i) for i in range(1, 61)]
        body = (
            await seeded.post("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
        ).json()
        present = [n["id"] for n in (body.get("data") or {}).get("nodes") or [] if n]
        if present:
            found[type_name] = present[-1]
    return Baselines(found, node_types)


@dataclass
class HealthWatch:
    """Pings ``/healthz`` on the same event loop while hostile requests run.

    The app runs in-process, so a request that holds the event loop (CPU work on a
    huge input) shows up here as a slow health answer: the same starvation a real
    uvicorn worker would suffer.
    """

    http: httpx.AsyncClient
    interval: float = 0.05
    latencies: list[float] = field(default_factory=list)
    held: list[float] = field(default_factory=list)
    """Per ping, the CPU seconds this process spent while it waited (at most its wall time):
    what a request holding the loop costs, apart from a loaded machine's scheduling."""
    failures: list[str] = field(default_factory=list)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            started, cpu = time.perf_counter(), time.process_time()
            response = await self.http.get("/healthz")
            wall = time.perf_counter() - started
            self.latencies.append(wall)
            self.held.append(min(wall, time.process_time() - cpu))
            if response.status_code != 200:
                self.failures.append(f"/healthz answered {response.status_code}")
            with contextlib.suppress(TimeoutError):  # the interval passed: probe again
                await asyncio.wait_for(stop.wait(), self.interval)

    @property
    def worst(self) -> float:
        return max(self.latencies, default=0.0)

    @property
    def worst_held(self) -> float:
        return max(self.held, default=0.0)


@pytest.fixture
def loop_watch(seeded: Seeded) -> Iterator[HealthWatch]:
    yield HealthWatch(seeded.http)
