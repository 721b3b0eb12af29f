"""Shared benchmark plumbing: a fresh database with demo data, a real uvicorn server, timing.

Benchmarks talk HTTP to a server in another process, as a phone would. They
need a PostgreSQL server: ``DATABASE_URL``'s, or 127.0.0.1:5432 by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50={statistics.median(ordered):8.2f} ms  p95={p95:8.2f} ms  min={ordered[0]:8.2f} ms  n={len(ordered)}"


async def _admin(url: str, sql: str) -> None:
    parsed = make_url(url)
    conn = await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database="postgres",
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.contextmanager
def fresh_database(name: str) -> Iterator[str]:
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    from db.migrate import upgrade

    upgrade(url)
    try:
        yield url
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not become ready")
        yield base
    finally:
        process.terminate()
        process.wait(15)


async def sign_in(
    http: httpx.AsyncClient, email: str, password: str = "dealdesk-demo"
) -> dict[str, str]:
    body = (
        await http.post(
            "/graphql",
            json={
                "query": "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { session { accessToken } } }",
                "variables": {"e": email, "p": password},
            },
        )
    ).json()
    return {"authorization": f"Bearer {body['data']['login']['session']['accessToken']}"}


async def measure(
    call: Callable[[], Awaitable[httpx.Response]], runs: int, warmup: int = 5
) -> tuple[list[float], int]:
    """Latencies in ms, and the SQL statements the last request ran."""
    for _ in range(warmup):
        await call()
    samples: list[float] = []
    statements = -1
    for _ in range(runs):
        started = time.perf_counter()
        response = await call()
        samples.append((time.perf_counter() - started) * 1000)
        statements = int(response.headers.get("x-sql-statements", -1))
        body = response.json()
        if body.get("errors"):
            raise RuntimeError(body["errors"])
    return samples, statements
