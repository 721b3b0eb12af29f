"""What a task runs with: sessions, the pricing policy and a clock, given to the worker.

Tasks take ``now`` from ``clock``, never from the system directly: a test hands the worker a
clock it moves forward (an SLA passes in a second), and the use cases already take ``now``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.mail.config import MailConfig
from services.notifications.config import NotificationConfig
from services.notifications.push import PushSenders
from services.pricing.policy import PricingPolicy

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware (UTC)."""

CONTEXT_KEY = "dealdesk"
"""Where the runtime sits in procrastinate's ``JobContext.additional_context``."""


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class JobRuntime:
    sessions: async_sessionmaker[AsyncSession]
    pricing: PricingPolicy
    clock: Clock = system_clock
    stalled_after_seconds: float = 30.0
    """A ``doing`` job whose worker has sent no heartbeat for this long is retried."""
    sync_retention: timedelta = timedelta(days=30)
    """How long the delta-sync change log keeps changes (``prune_sync_changes``)."""

    notifications: NotificationConfig = field(default_factory=NotificationConfig)
    """Webhook timeouts, retries, VAPID keys, reminder lead (``deliver_*`` tasks)."""
    push: PushSenders = field(default_factory=PushSenders)
    """Who sends push messages, by subscription kind (Web Push; FCM/APNs plug in here)."""
    http: httpx.AsyncClient | None = None
    """The webhook deliveries' connection pool, open while the worker runs (None: each
    delivery opens its own)."""
    mail: MailConfig | None = None
    """Approval mail (``server.jobs.mail``); nothing is sent without its SMTP server."""

    def as_context(self) -> dict[str, Any]:
        """The worker's ``additional_context``: every job's context carries the runtime."""
        return {CONTEXT_KEY: self}


def runtime_of(additional_context: dict[str, Any]) -> JobRuntime:
    runtime = additional_context.get(CONTEXT_KEY)
    if not isinstance(runtime, JobRuntime):
        raise RuntimeError("This worker was started without a JobRuntime (see server.jobs.worker)")
    return runtime
