"""Shared benchmark plumbing: a fresh database with demo data, a real uvicorn server, timing,
and the GraphQL operations (``bench/queries/*.graphql``) the benchmarks send.

Benchmarks talk HTTP to a server in another process, as a phone would. They
need a PostgreSQL server: ``DATABASE_URL``'s, or 127.0.0.1:5432 by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
QUERIES = Path(__file__).resolve().parent / "queries"
# Demo catalog products a quote's lines cycle through.
SKUS = ["SW-ANL", "SW-SEC", "SW-API", "SVC-TRN", "SUP-PRM", "SSD-1T", "CHS-L", "SVC-INST"]


CLIENT_OPERATIONS = Path(__file__).resolve().parent.parent / "clients/typescript/src/operations"


def operation(name: str) -> str:
    """The GraphQL document ``bench/queries/<name>.graphql``."""
    return (QUERIES / f"{name}.graphql").read_text(encoding="utf-8")


def client_operation(name: str) -> str:
    """The typed client's document ``clients/typescript/src/operations/<name>.graphql``, with
    the fragments it spreads from the folder's other files appended (as the client preset
    sends it): a bench of a screen sends what the phone sends, not a copy that can drift."""
    from graphql import FragmentDefinitionNode, parse, print_ast

    document = (CLIENT_OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")
    library = {
        definition.name.value: print_ast(definition)
        for path in sorted(CLIENT_OPERATIONS.glob("*.graphql"))
        for definition in parse(path.read_text(encoding="utf-8")).definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    known = {d.name.value for d in parse(document).definitions if hasattr(d, "name") and d.name}
    needed: list[str] = []
    pending = _spreads(document)
    while pending:
        fragment = pending.pop()
        if fragment not in known and fragment not in needed:
            needed.append(fragment)
            pending += _spreads(library[fragment])
    return "\n\n".join([document.rstrip("\n"), *(library[f] for f in needed)]) + "\n"


def _spreads(document: str) -> list[str]:
    """The names of the fragments ``document`` spreads (``...Name``, not ``... on Type``)."""
    return [n for n in re.findall(r"\.\.\.\s*([_A-Za-z]\w*)", document) if n != "on"]


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"p50={statistics.median(ordered):8.2f} ms  p95={p95:8.2f} ms  "
        f"min={ordered[0]:8.2f} ms  n={len(ordered)}"
    )


async def connect(url: str, database: str | None = None) -> asyncpg.Connection:
    """A plain asyncpg connection to ``url``'s database, or to another on its server."""
    parsed = make_url(url)
    return await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=database or parsed.database,
    )


@contextlib.asynccontextmanager
async def connection(url: str, database: str | None = None) -> AsyncIterator[asyncpg.Connection]:
    """``connect``, closed on the way out."""
    conn = await connect(url, database)
    try:
        yield conn
    finally:
        await conn.close()


async def _admin(url: str, sql: str) -> None:
    async with connection(url, "postgres") as conn:
        await conn.execute(sql)


@contextlib.contextmanager
def fresh_database(name: str, keep: bool = False) -> Iterator[str]:
    """A new database ``name`` at head, dropped on the way out unless ``keep``."""
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    from db.migrate import upgrade

    upgrade(url)
    try:
        yield url
    finally:
        if not keep:
            asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def database_url(name: str) -> str:
    """The URL of the database ``name`` on the bench's server (``DATABASE_URL``)."""
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def on_demo_database(
    name: str, reuse: bool, measure: Callable[[str, bool], Awaitable[None]]
) -> None:
    """``measure(url, seeded)`` on the database ``name`` with the demo org: with ``reuse``, the
    one an earlier run kept (``seeded`` false) when it can be measured; else a fresh one
    (``seeded`` true: ``measure`` seeds what it needs), kept with ``reuse``."""
    if reuse:
        with contextlib.suppress(Exception):
            asyncio.run(measure(database_url(name), False))
            return
    with fresh_database(name, keep=reuse) as url:
        load_demo(url)
        asyncio.run(measure(url, True))


def load_demo(url: str) -> None:
    from db.engine import create_engine, create_session_factory
    from server.demo import load_demo as load

    async def run() -> None:
        engine = create_engine(url, pool_size=2)
        await load(create_session_factory(engine))
        await engine.dispose()

    asyncio.run(run())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(url: str, workers: int = 1) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEALDESK_EXPOSE_SQL_COUNT": "true",
        "DEALDESK_LOG_LEVEL": "WARNING",
        "DEALDESK_SECRET_KEY": "bench-secret-key-bench-secret-key",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded machine imports slowly
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not become ready")
        settle(process.pid)
        yield base
    finally:
        process.terminate()
        process.wait(15)


SETTLED_CPU_SHARE = 0.05
"""A server is settled once its processes use less than this share of one core."""


def settle(pid: int, most_seconds: float = 30.0) -> None:
    """Wait until the server ``pid`` (and its worker processes) has finished its start-up
    work: ready means it answers, but the Thai and Chinese dictionaries still load in a
    thread for a few seconds (about 1.4 s of CPU, longer on a loaded machine), and a bench
    measuring meanwhile timed that load beside its first requests (``priceQuote`` with one
    line is the first row measured). Settled when a quarter second passes with the processes
    nearly idle; never longer than ``most_seconds``."""
    import psutil

    root = psutil.Process(pid)

    def cpu() -> float:
        total = 0.0
        for process in (root, *root.children(recursive=True)):
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                total += times.user + times.system
        return total

    deadline = time.monotonic() + most_seconds
    window = 0.25
    before = cpu()
    while time.monotonic() < deadline:
        time.sleep(window)
        now = cpu()
        if now - before < window * SETTLED_CPU_SHARE:
            return
        before = now


def on_demo_server(name: str, run: Callable[[str], Awaitable[None]]) -> None:
    """``run(base_url)`` against a server on a fresh database (``name``) with the demo org."""
    with fresh_database(name) as url:
        load_demo(url)
        with running_server(url) as base:
            asyncio.run(run(base))


async def post(
    http: httpx.AsyncClient,
    headers: dict[str, str] | None,
    query: str,
    variables: dict[str, Any] | None = None,
) -> httpx.Response:
    return await http.post(
        "/graphql", headers=headers, json={"query": query, "variables": variables or {}}
    )


async def data(
    http: httpx.AsyncClient,
    headers: dict[str, str] | None,
    query: str,
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The answer's ``data``; GraphQL errors raise."""
    body = (await post(http, headers, query, variables)).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    answer: dict[str, Any] = body["data"]
    return answer


async def sign_in(
    http: httpx.AsyncClient, email: str, password: str = "dealdesk-demo"
) -> dict[str, str]:
    answer = await data(http, None, operation("login"), {"e": email, "p": password})
    return {"authorization": f"Bearer {answer['login']['session']['accessToken']}"}


async def demo_catalog(
    http: httpx.AsyncClient, headers: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """A demo account's id, and the demo products' ids by SKU."""
    answer = await data(http, headers, operation("demo_catalog"))
    account = answer["accounts"]["edges"][0]["node"]["id"]
    return account, {e["node"]["sku"]: e["node"]["id"] for e in answer["products"]["edges"]}


WARMUP = 12
"""Requests sent before timing: a server answers a request shape slowly its first few times,
the first for parsing, validating and compiling its statements, the next ones because
CPython specializes a function's bytecode only after some eight calls (a one-line
``priceQuote``: 46 ms, then 8.4, 7.6, 7.1, 6.5, 6.5, then 4 ms from the seventh on). Timing
from the sixth, as this did, put that warm-up in the p95 of a 60-run sample."""


async def measure(
    call: Callable[[], Awaitable[httpx.Response]],
    runs: int,
    warmup: int = WARMUP,
    pause: float = 0.0,
) -> tuple[list[float], int]:
    """Latencies in ms, and the SQL statements the last request ran; ``pause`` seconds of
    quiet before each timed request (a phone's pace rather than a load test's)."""
    for _ in range(warmup):
        await call()
    samples: list[float] = []
    statements = -1
    for _ in range(runs):
        if pause:
            await asyncio.sleep(pause)
        started = time.perf_counter()
        response = await call()
        samples.append((time.perf_counter() - started) * 1000)
        statements = int(response.headers.get("x-sql-statements", -1))
        body = response.json()
        if body.get("errors"):
            raise RuntimeError(body["errors"])
    return samples, statements


async def report(label: str, call: Callable[[], Awaitable[httpx.Response]], runs: int) -> None:
    """Measure ``call`` and print one line: the label, percentiles, SQL statements."""
    samples, statements = await measure(call, runs)
    print(f"{label}  {percentiles(samples)}  sql_statements={statements}")


async def demo_quote(http: httpx.AsyncClient, headers: dict[str, str], lines: int) -> str:
    """The id of a new quote of ``lines`` lines of the demo products, for the signed-in rep."""
    account, products = await demo_catalog(http, headers)
    quote_lines = [
        {"productId": products[SKUS[i % len(SKUS)]], "quantity": 1 + i % 30} for i in range(lines)
    ]
    variables = {"i": {"accountId": account, "lines": quote_lines}}
    created = await data(http, headers, operation("create_quote"), variables)
    quote_id: str = created["createQuote"]["quote"]["id"]
    return quote_id


@contextlib.asynccontextmanager
async def in_process(url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app on ``url``'s database in this process, started as the server starts it (GC tuned
    as ``server.app.app_from_environment`` does, lifespan run), and an HTTP client calling it
    without a socket: what the in-process profilers measure."""
    from server.app import create_app
    from server.gc_tuning import tune_gc
    from server.settings import Settings

    os.environ.setdefault("DEALDESK_SECRET_KEY", "bench-secret-key-bench-secret-key")
    app = create_app(Settings(database_url=url, log_level="WARNING"))
    tune_gc()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            yield http


async def cpu_figures(
    label: str,
    call: Callable[[], Awaitable[None]],
    options: Any,
    dump: str = "/tmp/bench.prof",
) -> None:
    """CPU per call of ``call`` in this process: the median and the least of
    ``options.batches`` batches of ``options.runs`` calls (the steadiest figures on a shared
    machine), after a warm-up; with ``options.profile``, that many of the costliest calls of
    one more profiled batch by ``options.sort`` (cProfile, dumped to ``dump``)."""
    from in_process_timing import profile_run

    runs, batches = options.runs, options.batches

    async def batch(count: int) -> float:
        started = time.process_time()
        for _ in range(count):
            await call()
        return (time.process_time() - started) * 1000 / count

    await batch(5)
    figures = sorted([await batch(runs) for _ in range(batches)])
    print(
        f"{label}: cpu/request={figures[len(figures) // 2]:6.2f} ms"
        f" (median of {batches} batches; least {figures[0]:6.2f} ms)"
    )
    if options.profile:
        await profile_run(lambda: batch(runs), options.profile, options.sort, dump)
