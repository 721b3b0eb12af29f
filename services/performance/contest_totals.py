"""Keeping a contest's running totals: which days of which metric each participant's
totals cover, rewritten when the enrolment or the window changes.

The totals themselves grow in the rollup upsert as facts arrive
(``db.queries.rollups``) and are rewritten with a definition's history
(``services.performance.recompute.rebuild``); here the spans are set: every rep the
enrolments name, each over the local days the whole window covers in their zone. A
contest on a distinct count keeps none (its board sums day rollups). A rep whose zone
or membership changed since is read from the day rollups until the next refresh, which
comes with the start of the contest (``refresh_at_start``: a team or role enrolment may
have gained reps since it was made) and with a change of the rep's zone
(``refresh_for_rep``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_contests import Contest
from db.queries.contest_totals import SpanRow, contest_ids_spanning, set_spans
from db.queries.contests import contest_participants
from services.performance.context import load_definitions, load_zones
from services.performance.metric_source import keeps_totals, window_span


async def contest_spans(session: AsyncSession, contest: Contest) -> list[SpanRow]:
    """The spans the contest's totals should cover now (none for a money contest in one
    currency: the kept totals add every currency, so its board reads the day rollups)."""
    if contest.currency is not None:
        return []
    kept = keeps_totals(await load_definitions(session), contest.metric_key)
    if not kept:
        return []
    reps = [rep for rep, _ in await contest_participants(session, contest.id)]
    zones = await load_zones(session, set(reps))
    whole = (contest.starts_at, contest.ends_at)
    spans = {rep: window_span(whole, zones.get(rep, UTC)) for rep in reps}
    return [(rep, metric, *spans[rep]) for rep in reps for metric in sorted(kept)]


async def refresh_contest_totals(session: AsyncSession, contest: Contest) -> None:
    """Bring the contest's spans up to date (after an enrolment or a window or metric
    change), summing the totals of the new ones from the day rollups; unchanged spans keep
    their running totals."""
    await set_spans(session, contest.id, await contest_spans(session, contest))


async def refresh_at_start(session: AsyncSession, contest: Contest, now: datetime) -> None:
    """The contest started (its rules freeze): spans for the participants it has now, unless
    it is already over (its final board is about to be closed and its spans dropped)."""
    if now < contest.ends_at and contest.closed_at is None:
        await refresh_contest_totals(session, contest)


async def refresh_for_rep(session: AsyncSession, rep_id: int) -> None:
    """The rep's zone changed (their day rollups were just rebuilt in it): every contest
    keeping totals for them gets spans over the local days of the new zone, summed again
    from those rollups."""
    for contest_id in await contest_ids_spanning(session, rep_id):
        contest = await session.get(Contest, contest_id)
        if contest is not None:
            await refresh_contest_totals(session, contest)
