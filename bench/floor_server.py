"""The floor a benchmark compares against: a stock strawberry + starlette app under uvicorn
that answers a GraphQL request with JSON it holds in memory, so its time is what HTTP,
GraphQL parsing and JSON encoding of the same request and answer cost, and nothing else.

A benchmark captures the real server's ``data`` for a request, stores it here with
``remember``, then sends the same variables to ``floor_document(field)``: the answer comes
back under the same top-level key, byte for byte the same JSON.

    python bench/floor_server.py PORT     # what ``running_floor`` starts
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.scalars import JSON

ANSWERS: dict[str, Any] = {}

REMEMBER = "mutation($n: String!, $v: JSON!) { remember(name: $n, value: $v) }"


def floor_document(field: str, variables: dict[str, Any]) -> str:
    """A document that sends ``variables`` (as JSON) and gets ``field``'s stored answer back."""
    declared = ", ".join(f"${name}: JSON" for name in variables)
    passed = ", ".join(f"{name}: ${name}" for name in variables)
    arguments = f"(name: {field!r}{', ' if passed else ''}{passed})".replace("'", '"')
    head = f"({declared})" if declared else ""
    return f"mutation{head} {{ {field}: answer{arguments} }}"


def app() -> Any:
    @strawberry.type
    class Query:
        @strawberry.field
        def ok(self) -> bool:
            return True

    @strawberry.type
    class Mutation:
        @strawberry.mutation
        def remember(self, name: str, value: JSON) -> bool:
            ANSWERS[name] = value
            return True

        @strawberry.mutation
        def answer(
            self, name: str, input: JSON | None = None, i: JSON | None = None
        ) -> JSON | None:
            return ANSWERS.get(name)

    graphql = GraphQL(strawberry.Schema(query=Query, mutation=Mutation))
    return Starlette(routes=[Route("/graphql", graphql, methods=["GET", "POST"])])


def p50_p95(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def side_by_side(
    label: str,
    http: httpx.AsyncClient,
    headers: dict[str, str],
    document: str,
    variables: Callable[[], dict[str, Any]],
    floor: httpx.AsyncClient,
    *,
    runs: int,
    goal: str,
    after: Callable[[dict[str, Any]], None] | None = None,
    pause: float = 0.0,
) -> None:
    """Time ``document`` on the real server and the same request on the floor; print one line.

    ``variables()`` gives each request's variables; ``after(data)`` sees each real answer
    (to carry a version into the next edit); ``pause`` seconds of quiet come before each
    timed request, on both servers."""
    import harness

    async def real() -> httpx.Response:
        response = await harness.post(http, headers, document, variables())
        if after is not None and not response.json().get("errors"):
            after(response.json()["data"])
        return response

    first = (await real()).json()
    if first.get("errors"):
        raise RuntimeError(first["errors"])
    (field, value), *_ = first["data"].items()
    await harness.post(floor, None, REMEMBER, {"n": field, "v": value})
    sample = variables()
    floor_query = floor_document(field, sample)

    async def bare() -> httpx.Response:
        return await harness.post(floor, None, floor_query, sample)

    measured, statements = await harness.measure(real, runs, pause=pause)
    floored, _ = await harness.measure(bare, runs, pause=pause)
    p50, p95 = p50_p95(measured)
    f50, f95 = p50_p95(floored)
    print(
        f"{label:44s} p50={p50:8.2f} ms  p95={p95:8.2f} ms  |  floor p50={f50:7.2f} ms"
        f"  p95={f95:7.2f} ms  |  p95/floor={p95 / f95:5.2f}x  |  sql={statements:3d}"
        f"  |  goal: {goal}",
        flush=True,
    )


@dataclass(frozen=True)
class Bench:
    """A signed-in rep on the real server beside the floor: ``compare`` times a request on
    both (``side_by_side`` without the clients); the demo account and products by SKU."""

    http: httpx.AsyncClient
    headers: dict[str, str]
    account: str
    products: dict[str, str]
    compare: Callable[..., Awaitable[None]]


@contextlib.asynccontextmanager
async def beside_the_floor(base: str) -> AsyncIterator[Bench]:
    """The real server at ``base`` signed in as the demo rep, and a floor server started."""
    import harness

    with running_floor(harness.free_port()) as floor_base:
        async with (
            httpx.AsyncClient(base_url=base, timeout=60) as http,
            httpx.AsyncClient(base_url=floor_base, timeout=60) as floor,
        ):
            headers = await harness.sign_in(http, "rep1@dealdesk.example")
            account, products = await harness.demo_catalog(http, headers)
            compare = partial(side_by_side, http=http, headers=headers, floor=floor)
            yield Bench(http, headers, account, products, compare)


@contextlib.contextmanager
def running_floor(port: int) -> Iterator[str]:
    """A floor server on ``port`` in its own process, for the benchmark's run."""
    process = subprocess.Popen(
        [sys.executable, __file__, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                answer = httpx.post(f"{base}/graphql", json={"query": "{ ok }"}, timeout=1)
                if answer.status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the floor server did not become ready")
        yield base
    finally:
        process.terminate()
        process.wait(15)


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
