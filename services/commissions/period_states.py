"""The stored period state of each rep and period: read, checked, advanced, rebuilt.

Estimates read a rep's :class:`PeriodState` instead of re-rating the period.
A stored state is trusted only when it was built with the same assignment,
plan versions and calendar (its ``signature``) and covers exactly the credits
the ledger holds for the period (count and highest id); otherwise reading
rebuilds it from the credits in memory (reads never write). The state is
written by the use case that adds credits (``after_credits``): it advances the
state by folding just them in (``commissions.progress.advance``), falling back
to a rebuild when only that is exact.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from commissions.progress import advance
from db.codec.commissions import encode, spif_carry_of, state_of
from db.models.commissions import CommissionCredit
from db.queries import commission_statements as statement_queries
from db.queries import commissions as queries
from db.queries.commission_context import period_rows
from services.commissions import rebuilt_states
from services.commissions.calendar import CalendarSetting
from services.commissions.exchange_rates import load_rates
from services.commissions.rep_plans import RepPlan, engine_credit, plans_of, rep_plans

Key = tuple[int, date]  # (rep id, period start)


@dataclass(frozen=True, slots=True)
class RepPeriod:
    """A rep's period as the API needs it: the plan, and the state or why there is none."""

    rep_id: int
    period: engine.FiscalPeriod
    plan: RepPlan | None
    state: engine.PeriodState | None
    refusals: tuple[engine.Refusal, ...]

    @property
    def ok(self) -> bool:
        return self.state is not None


def _no_plan(rep_id: int, period: engine.FiscalPeriod) -> RepPeriod:
    refusal = engine.Refusal(
        engine.ReasonCode.ASSIGNMENT_NOT_ACTIVE,
        ("period",),
        f"No commission plan is assigned for {period.label}.",
    )
    return RepPeriod(rep_id, period, None, None, (refusal,))


def _row(
    rep: int,
    period: engine.FiscalPeriod,
    plan: RepPlan,
    state: engine.PeriodState,
    stats: tuple[int, int],
) -> dict[str, Any]:
    return {
        "rep_id": rep,
        "period_start": period.start,
        "period_end": period.end,
        "assignment_id": plan.assignment_row.id,
        "signature": plan.signature,
        "credit_count": stats[0],
        "last_credit_id": stats[1],
        "state": encode(state),
    }


async def _carried(
    session: AsyncSession, reps: Iterable[int], period: engine.FiscalPeriod
) -> dict[int, tuple[engine.SpifCounter, ...]]:
    """SPIF progress carried from each rep's previous closed statement (a SPIF pays once)."""
    statements = await statement_queries.latest_statements_before(session, reps, period.start)
    return {rep: spif_carry_of(row.summary) for rep, row in statements.items()}


async def _rebuild(
    session: AsyncSession,
    period: engine.FiscalPeriod,
    plans: dict[int, RepPlan],
    setting: CalendarSetting,
    fingerprints: Mapping[int, tuple[int, int, int]] | None = None,
) -> dict[int, engine.PeriodResult]:
    """Compute the period from the ledger for these reps (one credit query for all of them).

    With ``fingerprints`` (each rep's credits: count, highest id, row versions), a rep whose
    inputs are unchanged since a read in this process is not computed again
    (``rebuilt_states``); only the reps not kept read their credits. A kept rep's plan in
    ``plans`` is replaced by an equal one holding the versions its state was kept with (the
    same objects on every read, so the standing's context is remembered too)."""
    if not plans:
        return {}
    carried = await _carried(session, plans.keys(), period)
    keys = {
        rep: None
        if fingerprints is None
        else rebuilt_states.state_key(
            rep,
            period,
            plan.versions,
            plan.assignment,
            setting.calendar,
            carried.get(rep, ()),
            fingerprints[rep],
        )
        for rep, plan in plans.items()
    }
    results: dict[int, engine.PeriodResult] = {}
    for rep, key in keys.items():
        found = rebuilt_states.recall(key)
        if found is not None:
            versions, results[rep] = found
            plans[rep] = dataclasses.replace(plans[rep], versions=versions)
    todo = {rep: plan for rep, plan in plans.items() if rep not in results}
    # Read even when every rep was kept (none then): the statement count stays the same.
    credits: dict[int, list[engine.Credit]] = defaultdict(list)
    for row in await queries.credits_in(session, period.start, period.end, todo.keys()):
        credits[row.rep_id].append(engine_credit(row))
    rates = await foreign_rates(session, todo, credits)
    for rep, plan in todo.items():
        results[rep] = engine.compute_period(
            plan.versions,
            plan.assignment,
            credits.get(rep, ()),
            setting.calendar,
            period,
            carried.get(rep, ()),
            rates,
        )
        if not any(c.currency != plan.plan_row.currency for c in credits.get(rep, ())):
            rebuilt_states.keep(keys[rep], results[rep])
    return results


async def foreign_rates(
    session: AsyncSession,
    plans: Mapping[int, RepPlan],
    credits: Mapping[int, Sequence[engine.Credit]],
) -> tuple[engine.ExchangeRate, ...]:
    """The exchange rates stored credits in another currency than their rep's plan need
    (credited while the rep had no plan in that currency); no query when there are none."""
    foreign = [
        credit
        for rep, plan in plans.items()
        for credit in credits.get(rep, ())
        if credit.currency != plan.plan_row.currency
    ]
    if not foreign:
        return ()
    latest = max(credit.rated_on for credit in foreign)
    return await load_rates(session, {credit.currency for credit in foreign}, latest)


async def rep_periods(
    session: AsyncSession,
    wanted: Iterable[tuple[int, engine.FiscalPeriod]],
    setting: CalendarSetting,
) -> dict[Key, RepPeriod]:
    """The state of each (rep, period) asked for: stored, or rebuilt in memory when stale.

    One statement a period (``period_rows``), and two more for each period with a stale
    state (its credits, the SPIF progress carried into it)."""
    by_period: dict[engine.FiscalPeriod, set[int]] = defaultdict(set)
    for rep, period in wanted:
        by_period[period].add(rep)
    found: dict[Key, RepPeriod] = {}
    for period, reps in by_period.items():
        rows = await period_rows(session, reps, period.start, period.end)
        plans = plans_of(rows.assignments, rows.plans, rows.versions, setting, period)
        stored, stats = rows.states, rows.stats
        stale: dict[int, RepPlan] = {}
        for rep in reps:
            plan = plans.get(rep)
            if plan is None:
                found[(rep, period.start)] = _no_plan(rep, period)
                continue
            row = stored.get((rep, period.start))
            if (
                row is not None
                and row.signature == plan.signature
                and (row.credit_count, row.last_credit_id) == stats[(rep, period.start)]
            ):
                found[(rep, period.start)] = RepPeriod(rep, period, plan, state_of(row.state), ())
            else:
                stale[rep] = plan
        fingerprints = {
            rep: (*stats[(rep, period.start)], rows.versions_of_credits[(rep, period.start)])
            for rep in stale
        }
        rebuilt = await _rebuild(session, period, stale, setting, fingerprints)
        for rep, result in rebuilt.items():
            plan = stale[rep]
            found[(rep, period.start)] = RepPeriod(rep, period, plan, result.state, result.refusals)
    return found


async def after_credits(
    session: AsyncSession, rows: Sequence[CommissionCredit], setting: CalendarSetting
) -> None:
    """Bring the stored states of the credited reps up to date, in the caller's transaction."""
    if not rows:
        return
    await session.flush()
    await queries.lock_rep_states(session, {row.rep_id for row in rows})
    by_period: dict[engine.FiscalPeriod, dict[int, list[CommissionCredit]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in rows:
        by_period[setting.period_of(row.credit_date)][row.rep_id].append(row)
    to_save: list[dict[str, Any]] = []
    for period, new_by_rep in by_period.items():
        plans = await rep_plans(session, new_by_rep.keys(), period, setting)
        keys = [(rep, period.start) for rep in plans]
        stored = await queries.stored_states(session, keys, lock=True)
        stats = await queries.credit_stats(
            session, [(rep, period.start, period.end) for rep in plans]
        )
        stale: dict[int, RepPlan] = {}
        for rep, plan in plans.items():
            new = new_by_rep[rep]
            saved = stored.get((rep, period.start))
            advanced = None
            if (
                saved is not None
                and saved.signature == plan.signature
                and saved.credit_count + len(new) == stats[(rep, period.start)][0]
            ):
                advanced = advance(
                    state_of(saved.state),
                    [engine_credit(c) for c in new],
                    plan.versions,
                    setting.calendar,
                )
            if advanced is None:
                stale[rep] = plan
            else:
                to_save.append(_row(rep, period, plan, advanced, stats[(rep, period.start)]))
        for rep, result in (await _rebuild(session, period, stale, setting)).items():
            if result.state is not None:
                to_save.append(
                    _row(rep, period, stale[rep], result.state, stats[(rep, period.start)])
                )
    await queries.save_states(session, to_save)
