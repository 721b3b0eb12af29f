"""A task made for the worker-kill test (``dealdesk worker --tasks-module tests.server.slow_job``).

Its first attempt records itself and then holds for ``hold_seconds`` (time for the test to kill
the worker mid-job); a later attempt goes straight on. The effect is written the way real tasks
write theirs, idempotently: a key a second run cannot insert again.
"""

from __future__ import annotations

import asyncio

from procrastinate import App, JobContext
from sqlalchemy import text

from server.jobs.runtime import runtime_of

SCHEMA = "worker_kill_test"
TABLES = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"CREATE TABLE IF NOT EXISTS {SCHEMA}.attempts (id serial PRIMARY KEY, key text NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {SCHEMA}.effects (key text PRIMARY KEY, n integer NOT NULL)",
)


async def slow_effect(context: JobContext, key: str, hold_seconds: float) -> None:
    sessions = runtime_of(context.additional_context).sessions
    async with sessions.begin() as session:
        await session.execute(
            text(f"INSERT INTO {SCHEMA}.attempts (key) VALUES (:key)"), {"key": key}
        )
        attempts = await session.scalar(
            text(f"SELECT count(*) FROM {SCHEMA}.attempts WHERE key = :key"), {"key": key}
        )
    if attempts == 1:
        await asyncio.sleep(hold_seconds)
    async with sessions.begin() as session:
        await session.execute(
            text(f"INSERT INTO {SCHEMA}.effects (key, n) VALUES (:key, 1) ON CONFLICT DO NOTHING"),
            {"key": key},
        )


def register(app: App) -> None:
    app.task(name="slow_effect", pass_context=True)(slow_effect)
