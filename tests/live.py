"""A real uvicorn process running DealDesk, and a graphql-transport-ws client for it.

WebSocket behaviour (close codes, timeouts, what one process hears from
another) only shows on a real transport, so these tests start the server the
way production does (``dealdesk serve``) on a free port: in a process of its own, forked
from a fork server that imported the server's modules once (``_serve``). Servers of the same
setup are shared by the session (``LiveServers``, fixture ``live_servers``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import os
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = "graphql-transport-ws"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Each server is forked from one process per test process (multiprocessing's fork server) that
# imported the server's modules once: ``python -m server.cli serve`` spent about 4 of its 6 s of
# CPU importing them, once per server. The child then runs the CLI's `serve` as the command
# does, with its own environment, folder and output (from a fresh interpreter, not from the test
# process, whose threads, event loop and connections a fork would copy).
SERVER_MODULES = ["server.cli", "server.serving", "server.app", "db.migrate", "server.jobs.worker"]
multiprocessing.get_context("forkserver").set_forkserver_preload(SERVER_MODULES)


def _serve(port: int, env: dict[str, str], log_to: Path | None) -> None:
    """``dealdesk serve --port <port>`` in the forked child, as the command runs it."""
    os.chdir(ROOT)
    os.environ.clear()
    os.environ.update(env)
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, 0)
    os.dup2(quiet, 1)
    os.dup2(os.open(log_to, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) if log_to else quiet, 2)
    from server.cli import main

    main(["serve", "--port", str(port)])


class _Server:
    """One ``dealdesk serve`` process on a free port (``live_server``, ``LiveServers``)."""

    def __init__(self, env: dict[str, str], log_to: Path | None) -> None:
        self.port = free_port()
        self.base = f"127.0.0.1:{self.port}"
        forking = multiprocessing.get_context("forkserver")  # (`multiprocessing` marks it live)
        self.process = forking.Process(target=_serve, args=(self.port, env, log_to))
        self.process.start()

    def ready(self) -> None:
        deadline = time.monotonic() + 90  # a loaded machine starts Python slowly
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://{self.base}/readyz", timeout=1).status_code == 200:
                    return
            if self.process.exitcode is not None:
                raise RuntimeError(f"server exited with {self.process.exitcode}")
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def terminate(self) -> None:
        self.process.terminate()

    def wait(self) -> None:
        self.process.join(15)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join(5)
        self.process.close()


def _server_env(database_url: str, secret_key: str, settings: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEALDESK_SECRET_KEY": secret_key,
        "DEALDESK_LOG_LEVEL": "WARNING",
        "DEALDESK_WARM_CLOSE_WORKERS": "false",  # (no test closes through a live server)
        # Nor loads the Thai and Chinese dictionaries at start-up (seconds of CPU, and a
        # slower exit: the collector walks them); a search that needs them loads them.
        "DEALDESK_WARM_SEGMENTERS": "false",
        **settings,
    }


@contextlib.contextmanager
def live_server(
    database_url: str, secret_key: str, *, log_to: Path | None = None, **settings: str
) -> Iterator[str]:
    """``dealdesk serve`` on a free port; yields ``host:port`` once ``/readyz`` answers.

    ``settings`` are extra environment variables (``DEALDESK_…``); ``log_to`` keeps the
    server's stderr (its logs).
    """
    server = _Server(_server_env(database_url, secret_key, settings), log_to)
    try:
        server.ready()
        yield server.base
    finally:
        server.terminate()
        server.wait()


class ServerSettings(Protocol):
    """What a live server takes from the test settings."""

    database_url: str | None
    secret_key: str | None


class LiveServers:
    """Live servers kept for the whole session (one xdist worker's), one per distinct setup:
    starting ``dealdesk serve`` costs seconds of CPU, and a dozen modules need the same one.

    A server kept for the session outlives its module, so it runs without its job worker
    (``DEALDESK_WORKER=0``; the worker is not what these tests look at, and ``tests/server``
    runs real workers): a worker left running would take the jobs later tests defer and look
    for, and its periodic deferrer would write to ``procrastinate_jobs`` at any moment while
    later tests empty the tables or put the demo back. Such a server writes only when a
    request asks it to, and a test's requests are over when the test is (tests on one worker
    run one after another). Nor is the WebSocket connection rate per address the default
    60 a minute: that was one module's budget, and a shared server would spend it on every
    module's connections from 127.0.0.1 (``tests/api/realtime`` tests the rate on its own).
    """

    def __init__(self) -> None:
        self._servers: dict[tuple[object, ...], _Server] = {}

    def get(self, settings: ServerSettings, *, instance: int = 0, **env: str) -> str:
        """``host:port`` of the session's server on ``settings``' database with the extra
        ``DEALDESK_…`` variables ``env``, started the first time it is asked for.
        ``instance`` tells servers of the same setup apart (a second process, as a client
        connected elsewhere sees it)."""
        env = {"DEALDESK_WORKER": "0", "DEALDESK_WS_CONNECT_RATE": "100000/minute", **env}
        url, secret = settings.database_url or "", settings.secret_key or ""
        key = (url, secret, instance, tuple(sorted(env.items())))
        if key not in self._servers:
            server = _Server(_server_env(url, secret, env), None)
            try:
                server.ready()
            except BaseException:
                server.terminate()
                server.wait()
                raise
            self._servers[key] = server
        return self._servers[key].base

    def close(self) -> None:
        """Stops them all at once (each takes a moment to shut down)."""
        servers = list(self._servers.values())
        self._servers.clear()
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait()


@pytest.fixture(scope="session")
def live_servers(database_url: str) -> Iterator[LiveServers]:
    """The session's shared live servers (``LiveServers``); stopped before the test database
    goes (this fixture depends on it, so it is torn down first)."""
    servers = LiveServers()
    try:
        yield servers
    finally:
        servers.close()


@dataclass
class WsClient:
    """One graphql-transport-ws connection; every message it receives lands in ``messages``."""

    ws: ClientConnection
    messages: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    _pump: asyncio.Task[None] | None = None

    def start(self) -> None:
        async def pump() -> None:
            with contextlib.suppress(ConnectionClosed):
                async for raw in self.ws:
                    await self.messages.put(json.loads(raw))

        self._pump = asyncio.create_task(pump())

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def init(self, token: str | None) -> dict[str, Any] | None:
        """Send ``connection_init``; the ack, or ``None`` when the server closed instead."""
        await self.send(
            {
                "type": "connection_init",
                "payload": {"authorization": f"Bearer {token}"} if token else {},
            }
        )
        return await self.next_or_closed()

    async def subscribe(
        self, query: str, variables: dict[str, Any] | None = None, id: str = "1"
    ) -> None:
        await self.send(
            {
                "id": id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}},
            }
        )

    async def next(self, timeout: float = 10) -> dict[str, Any]:
        return await asyncio.wait_for(self.messages.get(), timeout)

    async def next_or_closed(self, timeout: float = 10) -> dict[str, Any] | None:
        """The next message, or ``None`` if the server closed the connection first."""
        getter = asyncio.ensure_future(self.messages.get())
        assert self._pump is not None
        done, _ = await asyncio.wait(
            {getter, self._pump}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if getter in done:
            return getter.result()
        getter.cancel()
        if self._pump in done:
            return None
        raise TimeoutError("neither a message nor a close")

    async def closed(self, timeout: float = 10) -> tuple[int | None, str | None]:
        """Wait for the server to close; its close code and reason."""
        with contextlib.suppress(ConnectionClosed):
            await asyncio.wait_for(self.ws.wait_closed(), timeout)
        return self.ws.close_code, self.ws.close_reason


@contextlib.asynccontextmanager
async def ws_client(
    base: str, *, subprotocol: str = PROTOCOL, headers: dict[str, str] | None = None
) -> AsyncIterator[WsClient]:
    async with connect(
        f"ws://{base}/graphql", subprotocols=[subprotocol], additional_headers=headers
    ) as ws:  # type: ignore[list-item]
        client = WsClient(ws)
        client.start()
        try:
            yield client
        finally:
            if client._pump is not None:
                client._pump.cancel()
