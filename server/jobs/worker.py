"""Running a worker: ``dealdesk worker`` in its own process, or one inside ``dealdesk serve``.

A worker first retries the jobs a dead predecessor left ``doing`` (a killed process sends no
more heartbeats), then fetches jobs, and runs the periodic deferrer for the schedules. A stop
(SIGTERM, Ctrl-C, the server shutting down) lets running jobs finish for up to
``worker_shutdown_seconds``; a job still running then is aborted and retried by the next worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Iterable
from datetime import timedelta

import httpx
from procrastinate import App
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.jobs.app import job_app
from server.jobs.notifications import notification_config
from server.jobs.runtime import Clock, JobRuntime, system_clock
from server.jobs.tasks import retry_stalled
from server.mail import mail_config
from server.settings import Settings
from services.notifications.push import senders_for
from services.pricing.policy import PricingPolicy

log = logging.getLogger(__name__)


def runtime_for(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    pricing: PricingPolicy,
    clock: Clock = system_clock,
) -> JobRuntime:
    notifications = notification_config(settings)
    return JobRuntime(
        sessions=sessions,
        pricing=pricing,
        clock=clock,
        stalled_after_seconds=settings.worker_stalled_after_seconds,
        sync_retention=timedelta(days=settings.sync_retention_days),
        notifications=notifications,
        push=senders_for(notifications),
        mail=mail_config(settings),
    )


async def run_worker(
    app: App, settings: Settings, runtime: JobRuntime, *, name: str = "dealdesk"
) -> None:
    """Run until cancelled; the app must be open. Cancelling stops it gracefully."""
    recovered = await retry_stalled(app, runtime.stalled_after_seconds)
    if recovered:
        log.warning("%d jobs of a stopped worker are queued again", recovered)
    await app.run_worker_async(
        name=name,
        concurrency=settings.worker_concurrency,
        install_signal_handlers=False,  # the CLI and uvicorn own the signals
        update_heartbeat_interval=settings.worker_heartbeat_seconds,
        stalled_worker_timeout=settings.worker_stalled_after_seconds,
        fetch_job_polling_interval=settings.worker_poll_seconds,
        shutdown_graceful_timeout=settings.worker_shutdown_seconds,
        delete_jobs="successful",  # a schedule every minute would otherwise fill the table
        additional_context=runtime.as_context(),
    )


@contextlib.asynccontextmanager
async def worker_running(
    settings: Settings,
    url: str,
    runtime: JobRuntime,
    *,
    extra_task_modules: Iterable[str] = (),
    name: str = "dealdesk",
) -> AsyncIterator[asyncio.Task[None]]:
    """A worker running as a task of this event loop for as long as the block lasts."""
    app = job_app(settings, url, extra_task_modules=extra_task_modules)
    # One connection pool for the webhook deliveries (TLS set up once, connections kept).
    http = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=20))
    async with app.open_async(), http:
        runtime = dataclasses.replace(runtime, http=runtime.http or http)
        task = asyncio.create_task(run_worker(app, settings, runtime, name=name))
        try:
            yield task
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
