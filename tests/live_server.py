"""A real ``dealdesk serve`` process on a free loopback port, for tests where the transport matters."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from server.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def live_server(settings: Settings, *, log_to: Path | None = None, **env: str) -> Iterator[str]:
    """Starts the server on ``settings``' database and yields ``http://127.0.0.1:<port>``.

    ``env`` adds ``DEALDESK_*`` variables; ``log_to`` keeps the server's stderr (its logs).
    """
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "DEALDESK_SECRET_KEY": settings.secret_key or "",
        "DEALDESK_LOG_LEVEL": "WARNING",
        **env,
    }
    with contextlib.ExitStack() as stack:
        stderr = stack.enter_context(open(log_to, "wb")) if log_to else subprocess.DEVNULL
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
            cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=stderr,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited with {process.returncode}")
                time.sleep(0.2)
            else:
                raise RuntimeError("the server did not start")
            yield base
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
