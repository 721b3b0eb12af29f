"""The tasks: each one transaction (or one per batch) around a use case in ``services``.

Periodic tasks receive procrastinate's ``timestamp`` (when the run was due) but take ``now``
from the runtime's clock, the same ``now`` every use case is given. Every task here is safe to
run twice or on two workers at once: the use cases lock what they change (skipping rows another
transaction holds) and check state before changing it, so a second run finds nothing to do.
"""

from __future__ import annotations

import logging

from procrastinate import App, JobContext

from server.jobs.runtime import runtime_of
from services.approvals.escalation import escalate_approval_requests
from services.quotes.expiry import expire_lapsed_quotes
from services.transaction import in_transaction

log = logging.getLogger(__name__)


async def escalate_overdue_approvals(context: JobContext, timestamp: int) -> int:
    """Flag approval steps past their SLA and move them up (``escalateApprovalRequests``)."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    outcome = await in_transaction(
        runtime.sessions.begin,
        lambda session: escalate_approval_requests(session, None, now, runtime.pricing),
    )
    run = outcome.value
    if run is None:
        return 0
    if run.escalated:
        log.info("escalated %d approval requests (%d overdue)", run.escalated, run.flagged)
    return run.escalated


async def expire_quotes(context: JobContext, timestamp: int) -> int:
    """Move quotes whose validity ended to EXPIRED, one transaction per batch."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    expired = 0
    while True:
        outcome = await in_transaction(
            runtime.sessions.begin, lambda session: expire_lapsed_quotes(session, now)
        )
        run = outcome.value
        if run is None:
            break
        expired += run.expired
        if not run.more:
            break
    if expired:
        log.info("expired %d quotes", expired)
    return expired


async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
    """Put the jobs of workers that stopped sending heartbeats (killed, machine lost) back in
    the queue; every task is idempotent, so running one again is safe."""
    runtime = runtime_of(context.additional_context)
    return await retry_stalled(context.app, runtime.stalled_after_seconds)


async def retry_stalled(app: App, stalled_after_seconds: float) -> int:
    """Retry now every ``doing`` job whose worker's last heartbeat is older than the limit."""
    manager = app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_seconds))
    for job in stalled:
        await manager.retry_job(job)
        log.warning("retrying job %s (%s): its worker stopped", job.id, job.task_name)
    return len(stalled)
