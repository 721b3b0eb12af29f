"""The embedded PostgreSQL a newcomer gets without DATABASE_URL: start, migrate, query, stop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg

from db.embedded import embedded_postgres
from db.migrate import upgrade


def _server_processes(pgdata: Path) -> int:
    import psutil

    return sum(
        1
        for p in psutil.process_iter(["cmdline"])
        if p.info["cmdline"]
        and str(pgdata) in " ".join(p.info["cmdline"])
        and "postgres" in p.info["cmdline"][0]
    )


def test_embedded_server_starts_migrates_answers_and_stops(tmp_path: Path) -> None:
    async def tables(url: str) -> set[str]:
        conn = await asyncpg.connect(url)
        try:
            rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return {r["tablename"] for r in rows}
        finally:
            await conn.close()

    with embedded_postgres(tmp_path, database="dealdesk_embedded") as url:
        upgrade(url)
        found = asyncio.run(tables(url))
        running = _server_processes(tmp_path / "pgdata")

    assert {"users", "accounts", "audit_events", "alembic_version"} <= found
    assert running >= 1
    assert _server_processes(tmp_path / "pgdata") == 0


def test_the_app_on_the_embedded_server_answers_and_hears_its_own_events(tmp_path: Path) -> None:
    import httpx
    from sqlalchemy import text

    from db.events import CHANNEL
    from server.app import create_app
    from server.settings import Settings

    async def exercise(url: str) -> tuple[int, dict]:
        app = create_app(
            Settings(
                env="test",
                database_url=url,
                secret_key="s" * 32,
                data_dir=tmp_path,
                warm_close_workers=False,
            )
        )
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                ready = (await http.get("/readyz")).status_code
            async with app.state.events.subscribe() as queue:
                async with app.state.engine.begin() as connection:
                    await connection.execute(text(f'NOTIFY {CHANNEL}, \'{{"topic": "ping"}}\''))
                event = await asyncio.wait_for(queue.get(), 10)
        return ready, event

    with embedded_postgres(tmp_path, database="dealdesk_app") as url:
        upgrade(url)
        ready, event = asyncio.run(exercise(url))

    assert ready == 200
    assert event == {"topic": "ping"}


def test_a_postmaster_nobody_holds_is_stopped_and_one_held_elsewhere_is_not(tmp_path: Path) -> None:
    """After a start cut short (Ctrl-C reaches pg_ctl too) the postmaster runs with no handle
    in pgserver's list, so nothing would ever stop it: ``_stop_half_started`` does."""
    import json
    import os

    from db.embedded import _stop_half_started

    pgdata = tmp_path.resolve() / "pgdata"
    handles = pgdata / ".handle_pids.json"
    with embedded_postgres(tmp_path, database="dealdesk_half"):
        handles.write_text(json.dumps([os.getppid()]))  # a live process still uses it
        _stop_half_started(pgdata)
        kept = _server_processes(pgdata)
        handles.write_text("[]")  # as after a start cut short: nobody holds it
        _stop_half_started(pgdata)
        stopped = _server_processes(pgdata)

    assert kept >= 1
    assert stopped == 0
