"""Scheduled jobs on the demo org: an approval request past its SLA, a quote past its validity,
a clock the test moves, and a worker running in this event loop on fast schedules."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from starlette.applications import Starlette
from strawberry.relay import from_base64

from db.engine import create_session_factory
from db.models.audit import AuditEvent
from db.models.quotes import Quote
from db.models.users import Role, User
from server.app import pricing_policy
from server.jobs.runtime import JobRuntime
from server.jobs.worker import runtime_for, worker_running
from server.settings import Settings
from tests.api.approvals.conftest import Flow, flow  # noqa: F401  (fixture)
from tests.api.pricing.conftest import demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import quotes  # noqa: F401  (fixture)

EVERY_SECOND = "* * * * * *"


class FakeClock:
    """A clock the test sets; it counts the reads (each task run reads it once)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.reads = 0

    def __call__(self) -> datetime:
        self.reads += 1
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by

    async def runs_finish(self, count: int) -> None:
        """Wait until ``count`` runs that read this clock from now on have finished. Runs of
        one task never overlap (each has a lock), so the read after them means they are done;
        give a worker a clock only one of its tasks reads (see ``fast_worker``)."""
        target = self.reads + count + 1

        async def finished() -> bool:
            """the scheduled runs finished"""
            return self.reads >= target

        await eventually(finished)


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 30.0) -> None:
    """Wait until ``check`` holds (the worker runs on its own schedule), or fail."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still not true after {seconds} s: {check.__doc__}")
        await asyncio.sleep(0.1)


async def overdue_request(flow: Flow) -> tuple[int, datetime]:  # noqa: F811
    """A pending request whose manager reports to a VP (the escalation target); its id and
    when its SLA ends."""
    boss = await flow.quotes.demo.people.add("Vic President", Role.MANAGER)
    async with flow.quotes.demo.sessions() as session, session.begin():
        manager = await session.scalar(
            select(User).where(User.email == "east.manager@dealdesk.example")
        )
        assert manager is not None
        manager.manager_id = boss.id
    pending = await flow.submit(await flow.discounted_quote("15"))
    request = await flow.request(pending)
    return int(from_base64(request["id"])[1]), datetime.fromisoformat(request["dueAt"])


async def escalation_audits(app: Starlette, request_id: int) -> int:
    async with create_session_factory(app.state.engine)() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.action == "escalateApprovalRequest",
                    AuditEvent.entity_id == str(request_id),
                )
            )
            or 0
        )


async def lapse(app: Starlette, quote_id: int, on: datetime) -> None:
    """The quote's last valid day becomes the day before ``on``."""
    async with create_session_factory(app.state.engine).begin() as session:
        await session.execute(
            update(Quote)
            .where(Quote.id == quote_id)
            .values(valid_until=(on - timedelta(days=1)).date())
        )


async def quote_status(app: Starlette, quote_id: int) -> str:
    async with create_session_factory(app.state.engine)() as session:
        quote = await session.get(Quote, quote_id)
        assert quote is not None
        return quote.status.value


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.now(UTC))


@pytest.fixture
def runtime(app: Starlette, settings: Settings, clock: FakeClock) -> JobRuntime:
    return runtime_for(
        settings, create_session_factory(app.state.engine), pricing_policy(settings), clock
    )


NEVER = "0 0 1 1 *"
"""Once a year: a schedule this test does not want running (each run reads the clock)."""


@contextlib.asynccontextmanager
async def fast_worker(
    settings: Settings, runtime: JobRuntime, **schedules: str
) -> AsyncIterator[None]:
    """A worker whose periodic tasks run on ``schedules`` (every second, say). Runs of one task
    never overlap (each has a lock), so its n-th clock read means run n - 1 has finished. It
    looks for jobs that fell due (a retry after its backoff) every 0.1 s, not every 5 s."""
    fast = settings.model_copy(
        update={
            "escalation_schedule": NEVER,
            "quote_expiry_schedule": NEVER,
            "contest_start_schedule": NEVER,
            "contest_end_schedule": NEVER,
            "badge_schedule": NEVER,
            "period_close_reminder_schedule": NEVER,
            "contest_rank_schedule": NEVER,
            "mail_digest_schedule": NEVER,
            "outbox_prune_schedule": NEVER,
            "worker_heartbeat_seconds": 1.0,
            "worker_poll_seconds": 0.1,
            **schedules,
        }
    )
    async with worker_running(fast, settings.database_url or "", runtime) as running:
        yield
        assert not running.done(), "the worker stopped on its own"


def worker_on(schedule: str) -> Any:
    """A fixture: a fast worker whose task scheduled by the setting ``schedule`` runs every
    second (the other clock-reading tasks never)."""

    @pytest.fixture
    async def running(settings: Settings, runtime: JobRuntime) -> AsyncIterator[None]:
        async with fast_worker(settings, runtime, **{schedule: EVERY_SECOND}):
            yield

    return running


escalation_worker = worker_on("escalation_schedule")
expiry_worker = worker_on("quote_expiry_schedule")
