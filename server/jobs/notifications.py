"""The outbox's tasks: fan-out, webhook delivery, push delivery, the sweep, reminders.

Jobs for the fan-out and each delivery are created by the use cases in the transaction that
needs them (``db.queries.outbox.defer_job``), so they carry ids, never messages. Delivery
times are real time (``datetime.now``), not the runtime's clock: procrastinate schedules a
retry on the database's clock, and a receiver checks the signature's timestamp against its
own.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import partial

import httpx
from procrastinate import App, JobContext

from server.jobs.delivery import DELIVERY_QUEUE, DELIVERY_RETRY
from server.jobs.runtime import runtime_of
from server.jobs.tasks import sum_each
from server.settings import Settings
from services.notifications import outbox, push, reminders, webhook_delivery
from services.notifications.config import NotificationConfig
from services.notifications.pruning import PRUNE_BATCH, prune_outbox
from services.notifications.urls import private_destination
from services.performance import contest_rank_events
from services.performance.metric_source import metric_source
from services.transaction import in_transaction

log = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(minutes=1)
"""An event not fanned out this long after it committed lost its job: the sweep does it."""
SWEEP_BATCH = 500


def notification_config(settings: Settings) -> NotificationConfig:
    keys = settings.resolved_vapid_keys()
    return NotificationConfig(
        webhook_timeout_seconds=settings.webhook_timeout_seconds,
        webhook_max_attempts=settings.webhook_max_attempts,
        webhook_backoff_base_seconds=settings.webhook_backoff_base_seconds,
        webhook_backoff_max_seconds=settings.webhook_backoff_max_seconds,
        http_hosts=settings.resolved_webhook_http_hosts(),
        max_endpoints=settings.webhook_max_endpoints,
        vapid_private_key=keys[0] if keys else None,
        vapid_public_key=keys[1] if keys else None,
        vapid_subject=settings.vapid_subject,
        push_timeout_seconds=settings.push_timeout_seconds,
        max_push_subscriptions=settings.push_max_subscriptions_per_user,
        period_close_lead_days=settings.period_close_lead_days,
        outbox_retention_days=settings.outbox_retention_days,
        allow_private_addresses=settings.webhook_allow_private_addresses,
    )


async def dispatch_outbox_event(context: JobContext, event_id: int) -> int:
    """Fan one event out to its webhooks and push recipients; how many jobs it made."""
    runtime = runtime_of(context.additional_context)
    work = partial(
        webhook_delivery.dispatch_event,
        event_id=event_id,
        now=datetime.now(UTC),
        push_enabled=bool(runtime.push),
    )
    outcome = await in_transaction(runtime.sessions.begin, work)
    done = outcome.value
    return 0 if done is None else len(done.deliveries) + len(done.push_users)


async def deliver_webhook(context: JobContext, delivery_id: int) -> str:
    """One attempt of one delivery: POST (outside any transaction), then record it."""
    runtime = runtime_of(context.additional_context)
    config = runtime.notifications
    async with runtime.sessions() as session:
        prepared = await webhook_delivery.prepare_attempt(session, delivery_id, datetime.now(UTC))
    if prepared is None:
        return "nothing to do"
    refused = None
    if isinstance(prepared, webhook_delivery.Attempt) and not config.allow_private_addresses:
        refused = await private_destination(prepared.url)
    if isinstance(prepared, webhook_delivery.AttemptResult):
        result = prepared
    elif refused is not None:  # never POSTed: a failed attempt (retried, then DEAD)
        result = webhook_delivery.AttemptResult(None, refused)
    elif runtime.http is not None:
        result = await webhook_delivery.post(runtime.http, prepared, config.webhook_timeout_seconds)
    else:
        async with httpx.AsyncClient() as client:
            result = await webhook_delivery.post(client, prepared, config.webhook_timeout_seconds)
    record = partial(
        webhook_delivery.record_attempt,
        delivery_id=delivery_id,
        result=result,
        now=datetime.now(UTC),
        config=config,
    )
    outcome = await in_transaction(runtime.sessions.begin, record)
    delivery = outcome.value
    status = "gone" if delivery is None else delivery.status.value
    if result.error:
        log.info("webhook delivery %d attempt failed (%s): %s", delivery_id, status, result.error)
    return status


async def deliver_push(context: JobContext, event_id: int, user_id: int) -> int:
    """The event's push to every subscription of the user it has not reached yet; raises
    (procrastinate retries, with ``DELIVERY_RETRY``) when a push service failed, and the retry
    sends only to the subscriptions that failed (``push_deliveries``)."""
    runtime = runtime_of(context.additional_context)
    async with runtime.sessions() as session:
        job = await push.push_job(session, event_id, user_id)
    if job is None or not job.targets:
        return 0
    outcomes = await push.send_push(job, runtime.push)
    outcome = await in_transaction(
        runtime.sessions.begin,
        partial(push.record_push, event_id=event_id, outcomes=outcomes, now=datetime.now(UTC)),
    )
    failed = outcome.value or 0
    if failed:
        raise RuntimeError(f"{failed} push deliveries of event {event_id} failed; retrying")
    return len(outcomes)


async def sweep_outbox(context: JobContext, timestamp: int) -> int:
    """Fan out events whose own fan-out job never ran (deleted by hand, lost with a backup)."""
    runtime = runtime_of(context.additional_context)
    older_than = datetime.now(UTC) - SWEEP_AFTER
    async with runtime.sessions() as session:
        from db.queries.outbox import undispatched_event_ids

        ids = await undispatched_event_ids(session, older_than, SWEEP_BATCH)
    for event_id in ids:
        await dispatch_outbox_event(context, event_id)
    if ids:
        log.warning("the outbox sweep fanned out %d events", len(ids))
    return len(ids)


async def prune_delivered_outbox(context: JobContext, timestamp: int) -> int:
    """Delete delivered outbox events older than the retention (``outbox_retention_days``),
    in batches of ``PRUNE_BATCH``, one transaction each; how many."""
    runtime = runtime_of(context.additional_context)
    retention = timedelta(days=runtime.notifications.outbox_retention_days)
    now, pruned = runtime.clock(), 0
    while True:
        work = partial(prune_outbox, now=now, retention=retention)
        outcome = await in_transaction(runtime.sessions.begin, work)
        batch = outcome.value or 0
        pruned += batch
        if batch < PRUNE_BATCH:
            break
    if pruned:
        log.info("pruned %d delivered outbox events", pruned)
    return pruned


async def remind_period_close(context: JobContext, timestamp: int) -> int:
    """Send the period-close reminders that are due (``period.close_due``), each once."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    work = partial(
        reminders.send_period_close_reminders,
        now=now,
        lead_days=runtime.notifications.period_close_lead_days,
    )
    outcome = await in_transaction(runtime.sessions.begin, work)
    sent = outcome.value or []
    for reminder in sent:
        log.info("period %d: %s close reminder sent", reminder.period_id, reminder.kind)
    return len(sent)


async def track_contest_ranks(context: JobContext, timestamp: int) -> int:
    """Announce who moved on each running contest's board (``contest.rank_changed``), one
    transaction per contest; a contest whose board fails is logged and the others still run."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    source = metric_source()
    async with runtime.sessions() as session:
        contest_ids = await contest_rank_events.running_contests(session, now)
    return await sum_each(
        runtime,
        contest_ids,
        lambda contest_id: partial(
            contest_rank_events.announce_rank_changes, now=now, source=source, key=contest_id
        ),
        "could not read the board of contest %d",
        log,
    )


def register(app: App) -> None:
    """The delivery tasks (their jobs are deferred by the use cases, by these names)."""
    app.task(name=outbox.DISPATCH_TASK, pass_context=True, queue=DELIVERY_QUEUE)(
        dispatch_outbox_event
    )
    # A receiver's failures are retried by the use case (backoff, dead letter, history);
    # procrastinate's retry is for our own (the database gone between the POST and its record:
    # the POST is made again, with the same event id).
    for name, deliver in (
        (outbox.DELIVER_WEBHOOK_TASK, deliver_webhook),
        (outbox.DELIVER_PUSH_TASK, deliver_push),
    ):
        app.task(name=name, pass_context=True, queue=DELIVERY_QUEUE, retry=DELIVERY_RETRY)(deliver)
