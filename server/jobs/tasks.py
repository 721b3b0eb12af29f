"""The tasks: each one transaction (or one per batch) around a use case in ``services``.

Periodic tasks receive procrastinate's ``timestamp`` (when the run was due) but take ``now``
from the runtime's clock, the same ``now`` every use case is given. Every task here is safe to
run twice or on two workers at once: the use cases lock what they change (skipping rows another
transaction holds) and check state before changing it, so a second run finds nothing to do.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import datetime
from functools import partial
from typing import TypeVar

from procrastinate import App, JobContext
from sqlalchemy.ext.asyncio import AsyncSession

from server.jobs.runtime import JobRuntime, runtime_of
from services.approvals.escalation import escalate_approval_requests
from services.performance.badges import badges_to_evaluate, evaluate_rep_badges
from services.performance.contest_schedule import (
    contests_to_end,
    contests_to_start,
    end_contest_on_schedule,
    start_contest_on_schedule,
)
from services.performance.metric_source import metric_source
from services.quotes.expiry import expire_lapsed_quotes
from services.sync.pruning import prune_change_log
from services.transaction import Outcome, in_transaction

log = logging.getLogger(__name__)
T = TypeVar("T")


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


async def start_contests(context: JobContext, timestamp: int) -> int:
    """Freeze the rules of contests that started (``freezeContestRules``), each as its creator
    in a transaction of its own."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    return await _each_contest(
        runtime,
        "start",
        contests_to_start,
        now,
        partial(start_contest_on_schedule, now=now),
    )


async def end_contests(context: JobContext, timestamp: int) -> int:
    """Close the boards of contests whose window is over and pay their cash prizes
    (``endContest``), each as its creator in a transaction of its own."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    source = metric_source()
    return await _each_contest(
        runtime,
        "end",
        contests_to_end,
        now,
        partial(end_contest_on_schedule, now=now, source=source),
    )


async def evaluate_badges(context: JobContext, timestamp: int) -> int:
    """Award the badge levels reps earned (a period's value counts once it is in), one
    transaction per rep; a rep whose evaluation fails is logged and the others still run."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    source = metric_source()
    async with runtime.sessions() as session:
        due = await badges_to_evaluate(session)
    awarded = await sum_each(
        runtime,
        due,
        lambda rep_id: partial(
            evaluate_rep_badges, now=now, rep_id=rep_id, badge_ids=due[rep_id], source=source
        ),
        "could not evaluate the badges of rep %d",
    )
    if awarded:
        log.info("awarded %d badge levels", awarded)
    return awarded


async def each_in_transaction(
    runtime: JobRuntime,
    keys: Iterable[int],
    work: Callable[[int], Callable[[AsyncSession], Awaitable[T]]],
    failed: str,
    logger: logging.Logger = log,
) -> AsyncIterator[tuple[int, Outcome[T]]]:
    """Each of ``keys`` and the outcome of ``work(key)``, run in a transaction of its own: one
    that fails is logged (``failed % key``, on ``logger``) and skipped, the others still run."""
    for key in keys:
        try:
            outcome = await in_transaction(runtime.sessions.begin, work(key))
        except Exception:
            logger.exception(failed, key)
            continue
        yield key, outcome


async def sum_each(
    runtime: JobRuntime,
    keys: Iterable[int],
    work: Callable[[int], Callable[[AsyncSession], Awaitable[int | None]]],
    failed: str,
    logger: logging.Logger = log,
) -> int:
    """The sum of what ``work(key)`` returns for each of ``keys`` (``each_in_transaction``)."""
    runs = each_in_transaction(runtime, keys, work, failed, logger)
    return sum([outcome.value or 0 async for _, outcome in runs])


async def _each_contest(
    runtime: JobRuntime,
    what: str,
    due: Callable[[AsyncSession, datetime], Awaitable[list[int]]],
    now: datetime,
    handle: Callable[..., Awaitable[bool]],
) -> int:
    """``handle`` each due contest in its own transaction: one that refuses (its creator may
    no longer manage it) or fails is logged and the others still run; the next run retries it."""
    async with runtime.sessions() as session:
        contest_ids = await due(session, now)
    handled = 0
    runs = each_in_transaction(
        runtime,
        contest_ids,
        lambda contest_id: partial(handle, key=contest_id),
        f"could not {what} contest %d; the next run tries again",
    )
    async for contest_id, outcome in runs:
        if outcome.refusals:
            messages = "; ".join(r.message for r in outcome.refusals)
            log.warning("contest %d did not %s on schedule: %s", contest_id, what, messages)
        elif outcome.value:
            handled += 1
    if handled:
        log.info("%s: %d contests", what, handled)
    return handled


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


async def prune_sync_changes(context: JobContext, timestamp: int) -> int:
    """Drop delta-sync changes older than the retention window, and superseded ones."""
    runtime = runtime_of(context.additional_context)
    now = runtime.clock()
    outcome = await in_transaction(
        runtime.sessions.begin,
        lambda session: prune_change_log(session, now, runtime.sync_retention),
    )
    pruned = outcome.value
    if pruned is None:
        return 0
    if pruned.expired or pruned.superseded:
        log.info(
            "pruned %d expired and %d superseded sync changes", pruned.expired, pruned.superseded
        )
    return pruned.expired + pruned.superseded
