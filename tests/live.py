"""A real uvicorn process running DealDesk, and a graphql-transport-ws client for it.

WebSocket behaviour (close codes, timeouts, what one process hears from
another) only shows on a real transport, so these tests start the server the
way production does (``dealdesk serve``) on a free port.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = "graphql-transport-ws"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def live_server(
    database_url: str, secret_key: str, *, log_to: Path | None = None, **settings: str
) -> Iterator[str]:
    """``dealdesk serve`` on a free port; yields ``host:port`` once ``/readyz`` answers.

    ``settings`` are extra environment variables (``DEALDESK_…``); ``log_to`` keeps the
    server's stderr (its logs).
    """
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEALDESK_SECRET_KEY": secret_key,
        "DEALDESK_LOG_LEVEL": "WARNING",
        **settings,
    }
    with contextlib.ExitStack() as stack:
        stderr = stack.enter_context(open(log_to, "wb")) if log_to else subprocess.DEVNULL
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        base = f"127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90  # a loaded machine starts Python slowly
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"http://{base}/readyz", timeout=1).status_code == 200:
                        break
                if process.poll() is not None:
                    raise RuntimeError(f"server exited with {process.returncode}")
                time.sleep(0.05)
            else:
                raise RuntimeError("server did not start")
            yield base
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


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
