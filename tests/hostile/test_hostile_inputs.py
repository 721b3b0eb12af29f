"""Every argument of every query and mutation, sent hostile values: the server never faults.

The schema is walked by introspection. For each root field and each kind of value
(String, ID, Int, Decimal, Date, DateTime, and any list), every position of that
kind (arguments and input-object fields, recursively) is sent each hostile value of
its kind through HTTP as a variable, by a signed-in ADMIN over the seeded demo org.
Each answer must be below 500 and carry no ``INTERNAL_SERVER_ERROR``, each request
must finish within a bound, and ``/healthz`` — pinged on the same event loop the
whole time — must keep answering promptly.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from graphql import build_client_schema, get_introspection_query, graphql_sync

from schema.assembly import build_schema
from tests.hostile.conftest import HealthWatch, Seeded
from tests.hostile.schema_walk import (
    HOSTILE_KINDS,
    document,
    hostile_values,
    positions,
    variables_with,
)

REQUEST_BUDGET_SECONDS = 10.0
HEALTH_BUDGET_SECONDS = 1.0
"""CPU this process may spend while one ``/healthz`` waits: a request holding the event loop
burns it. Wall time alone also counted a loaded CI machine's scheduling (1.45 s once, with
the server idle), so the wall time has a looser bound of its own."""
HEALTH_WALL_LIMIT_SECONDS = 5.0


def _cases() -> list[Any]:
    intro = graphql_sync(build_schema()._schema, get_introspection_query(descriptions=False))
    schema = build_client_schema(intro.data)  # type: ignore[arg-type]
    cases = []
    for root, root_type in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root_type is not None
        for name in root_type.fields:
            kinds = {p.kind for p, _ in positions(schema, root, name)} & set(HOSTILE_KINDS)
            for kind in sorted(kinds):
                cases.append(pytest.param(root, name, kind, id=f"{root}.{name}:{kind}"))
    return cases


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else f"{text[:40]}…({len(text)} chars)"


@pytest.mark.parametrize(("root", "field", "kind"), _cases())
async def test_hostile_values_never_fault_the_server(
    seeded: Seeded, loop_watch: HealthWatch, root: str, field: str, kind: str
) -> None:
    schema = seeded.schema
    doc = document(schema, root, field)
    faults: list[str] = []
    stop = asyncio.Event()
    pinger = asyncio.create_task(loop_watch.run(stop))
    try:
        for position, type_ in positions(schema, root, field):
            if position.kind != kind:
                continue
            for value in hostile_values(position, type_, seeded.bases):
                variables = variables_with(schema, position, value, seeded.bases)
                started = time.perf_counter()
                response = await seeded.post(doc, variables)
                elapsed = time.perf_counter() - started
                where = f"{position.label} = {_short(value)}"
                if response.status_code >= 500:
                    faults.append(f"{where}: HTTP {response.status_code}")
                    continue
                codes = [
                    (e.get("extensions") or {}).get("code")
                    for e in (response.json().get("errors") or [])
                ]
                if "INTERNAL_SERVER_ERROR" in codes or None in codes:
                    faults.append(f"{where}: {response.json()['errors']}")
                if elapsed > REQUEST_BUDGET_SECONDS:
                    faults.append(f"{where}: took {elapsed:.1f} s")
    finally:
        stop.set()
        await pinger
    assert not faults, "\n".join(faults)
    assert not loop_watch.failures, loop_watch.failures
    assert loop_watch.worst_held < HEALTH_BUDGET_SECONDS, (
        f"the loop was held {loop_watch.worst_held:.2f} s of CPU during one /healthz"
    )
    assert loop_watch.worst < HEALTH_WALL_LIMIT_SECONDS, f"/healthz took {loop_watch.worst:.2f} s"
