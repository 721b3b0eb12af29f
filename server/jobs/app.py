"""The procrastinate ``App`` for a ``Settings``: its connector, tasks and schedules.

Connector: procrastinate's ``PsycopgConnector`` (psycopg 3, async, with a connection pool), the
one procrastinate develops and documents first. It has no asyncpg connector, and its SQLAlchemy
one is synchronous (psycopg2) and meant only for deferring jobs from sync code, not for running
workers. So the job queue talks to PostgreSQL through psycopg while the app stays on asyncpg; a
worker therefore holds two small pools (``psycopg[binary]`` ships libpq, nothing to install).

Tasks are registered on a new ``App`` each time (never at import time on a module-level one), so
the server, the CLI and the tests each build their own, with their own schedules.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from procrastinate import App, PsycopgConnector
from sqlalchemy.engine import make_url

from server.jobs import mail, notifications, tasks
from server.settings import Settings

SCHEDULED_QUEUE = "scheduled"


def conninfo(url: str) -> str:
    """A libpq URI for a ``postgresql://`` (or ``postgres://``, or ``+asyncpg``) URL."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def job_app(settings: Settings, url: str, *, extra_task_modules: Iterable[str] = ()) -> App:
    """The app on ``url``; ``extra_task_modules`` each have ``register(app)`` adding tasks."""
    app = App(
        connector=PsycopgConnector(
            conninfo=conninfo(url),
            min_size=1,
            # the LISTEN connection, the heartbeat and one per job running at once
            max_size=settings.worker_concurrency + 3,
        )
    )
    schedule(app, settings)
    notifications.register(app)  # the outbox's delivery tasks (deferred by the use cases)
    mail.register(app, settings)
    for module in extra_task_modules:
        importlib.import_module(module).register(app)
    return app


def schedule(app: App, settings: Settings) -> None:
    """The periodic tasks. Each has a queueing lock (at most one waiting) and a lock (at most
    one running, whatever the number of workers): a run that is late is not stacked up."""
    periodic = (
        (
            "escalate_overdue_approvals",
            tasks.escalate_overdue_approvals,
            settings.escalation_schedule,
        ),
        ("expire_quotes", tasks.expire_quotes, settings.quote_expiry_schedule),
        ("start_contests", tasks.start_contests, settings.contest_start_schedule),
        ("end_contests", tasks.end_contests, settings.contest_end_schedule),
        ("evaluate_badges", tasks.evaluate_badges, settings.badge_schedule),
        ("retry_stalled_jobs", tasks.retry_stalled_jobs, settings.stalled_jobs_schedule),
        ("prune_sync_changes", tasks.prune_sync_changes, settings.sync_prune_schedule),
        ("sweep_outbox", notifications.sweep_outbox, settings.outbox_sweep_schedule),
        (
            "prune_delivered_outbox",
            notifications.prune_delivered_outbox,
            settings.outbox_prune_schedule,
        ),
        (
            "remind_period_close",
            notifications.remind_period_close,
            settings.period_close_reminder_schedule,
        ),
        ("track_contest_ranks", notifications.track_contest_ranks, settings.contest_rank_schedule),
    )
    for name, function, cron in periodic:
        task = app.task(
            name=name,
            pass_context=True,
            queue=SCHEDULED_QUEUE,
            lock=name,
            queueing_lock=name,
        )(function)
        app.periodic(cron=cron)(task)
