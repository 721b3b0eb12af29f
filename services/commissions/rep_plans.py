"""Rows → the engine's plans, assignments and credits, and which plan a rep is on in a period.

A rep may hold several assignments over time; estimates take one for a period: the
assignment in force on the last day of the period it covers (the latest start among
those overlapping the period). A period close takes them all (``assignments``), each
prorated by its days (``services.commissions.people``).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.codec.commissions import account_of, components_of, credit_lines_of, encode
from db.models.commissions import (
    CommissionAssignment,
    CommissionCredit,
    CommissionPlan,
    CommissionPlanVersion,
)
from db.queries import commissions as queries
from services.commissions.calendar import CalendarSetting


def original_key(clawback_key: str) -> str:
    """The credit a clawback mirrors: the engine names a clawback ``<original>~<reversal>``."""
    return clawback_key.rsplit("~", 1)[0]


def plan_version(
    plan: CommissionPlan,
    number: int,
    name: str,
    start: date,
    end: date | None,
    components: tuple[engine.Component, ...],
) -> engine.PlanVersion:
    return engine.PlanVersion(
        str(plan.id),
        number,
        name,
        start,
        end,
        plan.currency,
        engine.PeriodKind(plan.period_kind.value),
        components,
    )


DECODED_MAX = 256
_decoded: OrderedDict[str, tuple[engine.Component, ...]] = OrderedDict()
"""Decoded components by their stored JSON (canonical text), least recently used first.

Every home screen and statement read decodes each rep's plan versions; a version's
components are the same JSON read after read. Keyed by the content itself, not by the
row's id, so a version changed by another process (or a test's UPDATE) is decoded anew:
the key is correct across processes without any invalidation. The values are frozen."""


def decoded_components(data: Any) -> tuple[engine.Component, ...]:
    """``components_of(data)``, once per process for the same JSON."""
    try:
        key = json.dumps(data, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):  # not plain JSON (a row built in this process)
        return components_of(data)
    found = _decoded.get(key)
    if found is None:
        found = _decoded[key] = components_of(data)
        if len(_decoded) > DECODED_MAX:
            _decoded.popitem(last=False)
    else:
        _decoded.move_to_end(key)
    return found


def engine_version(row: CommissionPlanVersion, plan: CommissionPlan) -> engine.PlanVersion:
    return plan_version(
        plan,
        row.number,
        row.name,
        row.effective_from,
        row.effective_to,
        decoded_components(row.components),
    )


def engine_assignment(row: CommissionAssignment) -> engine.Assignment:
    return engine.Assignment(
        assignment_id=str(row.id),
        rep_id=str(row.rep_id),
        plan_id=str(row.plan_id),
        start=row.start_date,
        end=row.end_date,
        quota=row.quota,
        on_target_earnings=row.on_target_earnings,
    )


def engine_credit(row: CommissionCredit | Row[Any]) -> engine.Credit:
    """A stored credit (an ORM row, or a plain row with the same columns) as the engine's value."""
    return engine.Credit(
        credit_id=row.credit_key,
        deal_id=str(row.quote_id),
        rep_id=str(row.rep_id),
        role=engine.CreditRole(row.role.value),
        share=row.share,
        credit_date=row.credit_date,
        rated_on=row.rated_on,
        currency=row.currency,
        account=account_of(row.account),
        lines=credit_lines_of(row.lines),
        deal_discount=row.deal_discount,
        deal_margin=row.deal_margin,
        reverses=original_key(row.credit_key) if row.reverses_id is not None else None,
        reversal_kind=engine.ReversalKind(row.reversal_kind.value) if row.reversal_kind else None,
        completes_reversal=row.completes_reversal,
        original_currency=row.original_currency,
        exchange_rate=row.exchange_rate,
        **_scope(row.deal_scope),
    )


def _scope(data: Any) -> dict[str, tuple[str, ...]]:
    """The stored deal scope (none on credits written before it existed)."""
    if not isinstance(data, dict):
        return {}
    return {
        "deal_products": tuple(str(p) for p in data.get("products", ())),
        "deal_families": tuple(str(f) for f in data.get("families", ())),
    }


@dataclass(frozen=True, slots=True)
class RepPlan:
    """A rep's assignment for one period, with every version of its plan."""

    rep_id: int
    assignment_row: CommissionAssignment
    plan_row: CommissionPlan
    assignment: engine.Assignment
    versions: tuple[engine.PlanVersion, ...]
    signature: str
    assignments: tuple[engine.Assignment, ...] = ()
    """Every assignment of the rep overlapping the period, oldest first (people who change)."""
    all_versions: tuple[engine.PlanVersion, ...] = ()
    """The versions of every plan in ``assignments``."""
    windows: tuple[tuple[str, int | None], ...] = ()
    """Each of those plans' clawback window in days, by plan id."""

    def period_version(self, period: engine.FiscalPeriod) -> engine.PlanVersion | None:
        """The version whose period-level rules (tiers, caps, SPIFs) govern ``period``."""
        last = period.end if self.assignment.end is None else min(period.end, self.assignment.end)
        first = max(period.start, self.assignment.start)
        candidates = [
            v
            for v in self.versions
            if v.effective_from <= last and (v.effective_to is None or v.effective_to >= first)
        ]
        return max(candidates, key=lambda v: v.effective_from, default=None)


def signature(
    assignment: engine.Assignment, rows: Iterable[CommissionPlanVersion], setting: CalendarSetting
) -> str:
    """Names everything a stored state was computed with, except the credits."""
    payload = {
        "assignment": encode(assignment),
        "versions": [
            [r.id, r.number, r.effective_from.isoformat(), str(r.effective_to)] for r in rows
        ],
        "calendar": [
            setting.calendar.first_month,
            setting.calendar.named_by_end_year,
            setting.period_kind.value,
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


async def rep_plans(
    session: AsyncSession,
    rep_ids: Iterable[int] | None,
    period: engine.FiscalPeriod,
    setting: CalendarSetting,
) -> dict[int, RepPlan]:
    """Each rep's plan for ``period`` (reps without an assignment are left out).

    ``rep_ids`` ``None``: every rep."""
    rows = await queries.assignments_overlapping(session, period.start, period.end, rep_ids)
    plan_ids = {row.plan_id for row in rows}
    plans = await queries.rows_by_ids(session, CommissionPlan, plan_ids)
    versions = await queries.plan_versions(session, plan_ids)
    return plans_of(rows, plans, versions, setting, period)


def plans_of(
    rows: Iterable[CommissionAssignment],
    plans: Mapping[int, CommissionPlan],
    versions: Mapping[int, Sequence[CommissionPlanVersion]],
    setting: CalendarSetting,
    period: engine.FiscalPeriod | None = None,
) -> dict[int, RepPlan]:
    """Each rep's plan from the assignments overlapping a period (oldest start first), their
    plans and the plans' versions. With ``period``, an assignment covering part of it comes
    prorated by its days (quota, amounts and caps: ``commissions.proration``), so estimates
    and progress measure the current part as its statement will."""
    chosen: dict[int, CommissionAssignment] = {}
    every: dict[int, list[CommissionAssignment]] = {}
    for row in rows:  # oldest start first: the latest start wins
        chosen[row.rep_id] = row
        every.setdefault(row.rep_id, []).append(row)
    result = {}
    # Each plan's versions once per call, not once per rep on it (and again for the rep's
    # own plan in ``all_versions``): the reps of a team mostly share a plan.
    converted: dict[int, tuple[engine.PlanVersion, ...]] = {}

    def versions_of(plan: CommissionPlan) -> tuple[engine.PlanVersion, ...]:
        found = converted.get(plan.id)
        if found is None:
            found = converted[plan.id] = tuple(
                engine_version(v, plan) for v in versions.get(plan.id, [])
            )
        return found

    for rep_id, row in chosen.items():
        plan = plans[row.plan_id]
        version_rows = versions.get(plan.id, [])
        assignment = engine_assignment(row)
        own = versions_of(plan)
        part = None if period is None else engine.proration_of(assignment, period)
        if part is not None and not part.whole:
            assignment = engine.prorate_assignment(assignment, part, plan.currency)
            own = tuple(engine.prorate_version(v, part) for v in own)
        on = {r.plan_id: plans[r.plan_id] for r in every[rep_id]}
        result[rep_id] = RepPlan(
            rep_id=rep_id,
            assignment_row=row,
            plan_row=plan,
            assignment=assignment,
            versions=own,
            signature=signature(assignment, version_rows, setting),
            assignments=tuple(engine_assignment(r) for r in every[rep_id]),  # not prorated
            all_versions=tuple(v for p in on.values() for v in versions_of(p)),
            windows=tuple((str(p.id), p.clawback_window_days) for p in on.values()),
        )
    return result
