"""``tests.live.live_server`` on the test settings' database, yielding an ``http://`` base."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from server.settings import Settings
from tests.live import free_port
from tests.live import live_server as _live_server

__all__ = ["free_port", "live_server"]


@contextlib.contextmanager
def live_server(settings: Settings, *, log_to: Path | None = None, **env: str) -> Iterator[str]:
    """Starts the server on ``settings``' database and yields ``http://127.0.0.1:<port>``.

    ``env`` adds ``DEALDESK_*`` variables; ``log_to`` keeps the server's stderr (its logs).
    """
    with _live_server(
        settings.database_url or "", settings.secret_key or "", log_to=log_to, **env
    ) as base:
        yield f"http://{base}"
