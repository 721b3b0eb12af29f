"""``dealdesk worker`` as a real process: killed mid-job (SIGKILL, no goodbye), its job is run
again by the next worker, and the job's effect happens once; SIGTERM stops a worker cleanly."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from db.migrate import upgrade
from server.jobs.app import job_app
from server.settings import Settings
from tests.db.conftest import scratch_url  # noqa: F401  (fixture)
from tests.db.scratch import execute, fetch_row
from tests.server.cli_process import ROOT, environment, free_port, running
from tests.server.slow_job import SCHEMA, TABLES

STALLED_AFTER = 2.0
TASKS = "tests.server.slow_job"


async def defer(url: str) -> int:
    app = job_app(Settings(database_url=url), url, extra_task_modules=[TASKS])
    async with app.open_async():
        return await app.tasks["slow_effect"].defer_async(key="once", hold_seconds=600)


async def wait_for(url: str, sql: str, expected: object, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while (row := await fetch_row(url, sql))[0] != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"{sql} gave {row[0]!r}, not {expected!r}, for {seconds} s")
        await asyncio.sleep(0.2)


@pytest.fixture
def queue_url(scratch_url: str) -> str:  # noqa: F811
    upgrade(scratch_url)
    asyncio.run(execute(scratch_url, *((sql,) for sql in TABLES)))
    return scratch_url


def test_a_job_whose_worker_was_killed_runs_again_on_the_next_worker_and_acts_once(
    queue_url: str, tmp_path: Path
) -> None:
    env = environment(
        tmp_path,
        DATABASE_URL=queue_url,
        DEALDESK_WORKER_HEARTBEAT_SECONDS="0.5",
        DEALDESK_WORKER_STALLED_AFTER_SECONDS=str(STALLED_AFTER),
        DEALDESK_WORKER_CONCURRENCY="1",
    )
    attempts = f"SELECT count(*) FROM {SCHEMA}.attempts"
    effects = f"SELECT coalesce(sum(n), 0) FROM {SCHEMA}.effects"
    with running("worker", "--tasks-module", TASKS, env=env, cwd=ROOT) as first:
        first.wait_for_line("DealDesk worker is running")
        job_id = asyncio.run(defer(queue_url))
        asyncio.run(wait_for(queue_url, attempts, 1))  # the job is running, holding
        first.signal_group(signal.SIGKILL)
        first.finish(10)  # reads and closes its pipes
    killed = asyncio.run(
        fetch_row(queue_url, f"SELECT status FROM procrastinate_jobs WHERE id = {job_id}")
    )
    time.sleep(STALLED_AFTER + 0.5)  # its last heartbeat is now older than the limit

    with running("worker", "--tasks-module", TASKS, env=env, cwd=ROOT) as second:
        second.wait_for_line("DealDesk worker is running")
        asyncio.run(wait_for(queue_url, effects, 1))
        # a succeeded job is deleted (delete_jobs="successful")
        asyncio.run(
            wait_for(queue_url, f"SELECT count(*) FROM procrastinate_jobs WHERE id = {job_id}", 0)
        )
        second.signal_group(signal.SIGTERM)
        stopped = second.finish(60)

    assert killed["status"] == "doing"
    assert asyncio.run(fetch_row(queue_url, attempts))[0] == 2
    assert asyncio.run(fetch_row(queue_url, effects))[0] == 1
    assert stopped.returncode == 0, stopped.output
    assert "DealDesk worker stopped." in stopped.stdout


@pytest.mark.parametrize(("setting", "workers"), [(None, 1), ("0", 0)])
def test_serve_runs_one_worker_in_process_unless_turned_off(
    setting: str | None, workers: int, queue_url: str, tmp_path: Path
) -> None:
    env = environment(
        tmp_path, DATABASE_URL=queue_url, DEALDESK_SECRET_KEY="s" * 40, DEALDESK_WORKER=setting
    )
    registered = "SELECT count(*) FROM procrastinate_workers"
    with running("serve", "--port", str(free_port()), env=env, cwd=tmp_path) as server:
        server.wait_for_line("DealDesk is running at")
        if workers:
            asyncio.run(wait_for(queue_url, registered, 1))
        else:
            time.sleep(3)  # a worker started with the app would have registered by now
        while_serving = asyncio.run(fetch_row(queue_url, registered))[0]
        server.process.send_signal(signal.SIGTERM)
        done = server.finish()

    assert while_serving == workers
    assert done.returncode == 0, done.output
    assert asyncio.run(fetch_row(queue_url, registered))[0] == 0  # a clean stop unregisters it
