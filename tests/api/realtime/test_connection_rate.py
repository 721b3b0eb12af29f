"""Connection attempts per client address are rate-limited (``limits``), on a real uvicorn
process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from server.settings import Settings
from tests.live import live_server, ws_client


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with live_server(
        settings.database_url or "", settings.secret_key or "", DEALDESK_WS_CONNECT_RATE="3/minute"
    ) as base:
        yield base


async def test_an_address_opening_connections_too_fast_is_refused_with_4429(server: str) -> None:
    for _ in range(3):
        async with ws_client(server) as allowed:
            assert (await allowed.init(None) or {}).get("type") == "connection_ack"

    async with ws_client(server) as fourth:
        code, reason = await fourth.closed()

    assert (code, reason) == (4429, "Too many connection attempts from this address")
