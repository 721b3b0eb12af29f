"""Plans and assignments: create a plan, revise it from a date, put a rep on it.

A plan's versions never overlap (``OVERLAPPING_VERSIONS``), a rep's assignments
never overlap (``OVERLAPPING_ASSIGNMENTS``); both are checked here and by
triggers. Neither may reach back into a closed period (``PERIOD_CLOSED``): a
closed period stays computed with the rules it was closed with. An assignment lies within
its plan's dates (``INVALID``); ending one is ``services.commissions.assignment_end``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.actor import Actor
from db.codec.commissions import components_json
from db.models.commissions import (
    CommissionAssignment,
    CommissionPeriodKind,
    CommissionPlan,
    CommissionPlanVersion,
)
from db.queries import commissions as queries
from services.audit import record_change, record_new
from services.commissions.assignment_end import within_plan
from services.commissions.calendar import ClosedPeriods, load_calendar, load_closed
from services.commissions.leaver_window import check_window
from services.commissions.refusals import refused
from services.commissions.rep_plans import engine_assignment, engine_version, plan_version
from services.people.rules import active_user
from services.refusal import Code, refuse
from services.rows import audited_edit, get_or_refuse, new_row
from services.validation import optional_text, required_text

Components = tuple[engine.Component, ...]


async def check_products(
    session: AsyncSession, components: Components, field: Sequence[str] = ("input", "components")
) -> None:
    """Every product a component names exists."""
    wanted = {int(pid) for c in components for pid in getattr(c, "product_ids", ())}
    missing = wanted - await queries.existing_product_ids(session, wanted)
    if missing:
        raise refuse(Code.NOT_FOUND, f"No product with id {min(missing)}.", field)


def _open_from(closed: ClosedPeriods, start: date, field: str, hint: str) -> None:
    if closed.ranges and start <= closed.ranges[-1][1]:
        raise refuse(
            Code.PERIOD_CLOSED,
            f"Periods up to {closed.ranges[-1][1].isoformat()} are closed; {hint}.",
            ("input", field),
        )


@dataclass(frozen=True, slots=True)
class Draft:
    """A plan version's rules from ``effective_from`` through ``effective_to`` (open: ``None``)."""

    effective_from: date
    effective_to: date | None
    components: Components

    def check_dates(self) -> None:
        """In force from ``effective_from`` through ``effective_to`` (inclusive), so it cannot
        end earlier. Checked before SQL: PostgreSQL would refuse the backwards range itself,
        as a fault."""
        start, end = self.effective_from, self.effective_to
        if end is not None and end < start:
            raise refuse(
                Code.INVALID,
                f"effectiveTo ({end.isoformat()}) is before effectiveFrom ({start.isoformat()}).",
                ("input", "effectiveTo"),
            )


@dataclass(frozen=True, slots=True)
class CreatePlan:
    name: str
    currency: str
    draft: Draft
    period_kind: CommissionPeriodKind | None = None
    clawback_window_days: int | None = None
    """Days after a rep leaves in which a return still claws back; None: always."""
    holds_until_invoice_paid: bool = False
    """The first version holds commission until each deal's invoice is paid."""


async def create_plan(
    session: AsyncSession, actor: Actor, now: datetime, command: CreatePlan
) -> CommissionPlan:
    """``createCommissionPlan``: a plan and its first version."""
    name = required_text(command.name, ["input", "name"], max_length=200)
    draft = command.draft
    draft.check_dates()
    setting = await load_calendar(session)
    kind = command.period_kind or CommissionPeriodKind(setting.period_kind.value)
    if kind.value != setting.period_kind.value:
        raise refuse(
            Code.INVALID,
            f"Commission periods are {setting.period_kind.value.lower()}ly "
            "(the fiscal calendar setting).",
            ("input", "periodKind"),
        )
    await check_products(session, draft.components)
    window = check_window(command.clawback_window_days)
    plan = CommissionPlan(
        name=name,
        currency=command.currency,
        period_kind=kind,
        created_by_id=actor.user_id,
        clawback_window_days=window,
        holds_until_invoice_paid=command.holds_until_invoice_paid,
    )
    session.add(plan)
    await session.flush()
    _check_versions(plan, [], 1, name, draft)
    _add_version(session, actor, plan, 1, name, draft, command.holds_until_invoice_paid)
    await record_change(session, actor, "createCommissionPlan", plan)
    return plan


def _check_versions(
    plan: CommissionPlan, earlier: list[engine.PlanVersion], number: int, name: str, draft: Draft
) -> None:
    """Refuse unless the ``earlier`` versions and version ``number`` make a valid plan."""
    new = plan_version(
        plan, number, name, draft.effective_from, draft.effective_to, draft.components
    )
    problems = engine.validate_plan_versions([*earlier, new])
    if problems:
        raise refused(problems)


def _add_version(
    session: AsyncSession,
    actor: Actor,
    plan: CommissionPlan,
    number: int,
    name: str,
    draft: Draft,
    holds: bool,
) -> None:
    """Version ``number`` of ``plan``; ``holds``: it holds commission until invoices are paid
    (the plan's own option follows its latest version)."""
    plan.holds_until_invoice_paid = holds
    session.add(
        new_row(  # the draft's effective_from and effective_to
            CommissionPlanVersion,
            draft,
            plan_id=plan.id,
            number=number,
            name=name,
            components=components_json(draft.components),
            created_by_id=actor.user_id,
            holds_until_invoice_paid=holds,
        )
    )


@dataclass(frozen=True, slots=True)
class RevisePlan:
    plan_id: int
    version: int
    draft: Draft
    name: str | None = None
    holds_until_invoice_paid: bool | None = None
    """Whether the new version holds until invoices are paid; None: as the latest version."""


def _overlaps(row: CommissionPlanVersion, start: date, end: date | None) -> bool:
    return row.effective_from <= (end or date.max) and (row.effective_to or date.max) >= start


async def revise_plan(
    session: AsyncSession, actor: Actor, now: datetime, command: RevisePlan
) -> CommissionPlan:
    """``reviseCommissionPlan``: a new version from a date.

    The latest version, when it would still be in force on that date, now ends the
    day before; every other overlap is refused with ``OVERLAPPING_VERSIONS``.
    """
    async with audited_edit(
        session, actor, "reviseCommissionPlan", CommissionPlan, command.plan_id, command.version
    ) as plan:
        command.draft.check_dates()
        start, end = command.draft.effective_from, command.draft.effective_to
        _open_from(await load_closed(session), start, "effectiveFrom", "revise from a later date")
        versions = await queries.plan_versions_of(session, plan.id)
        latest = versions[-1]
        clashing = [v for v in versions if _overlaps(v, start, end)]
        if clashing and not (clashing == [latest] and latest.effective_from < start):
            raise refuse(
                Code.OVERLAPPING_VERSIONS,
                f"Version {clashing[0].number} is in force from "
                f"{clashing[0].effective_from.isoformat()}; "
                "a revision starts after the latest version starts.",
                ("input", "effectiveFrom"),
            )
        await check_products(session, command.draft.components)
        number = max(v.number for v in versions) + 1
        name = optional_text(command.name, ["input", "name"], max_length=200) or plan.name
        earlier = [engine_version(v, plan) for v in versions]
        if clashing:  # the latest version now ends the day before
            earlier[-1] = dataclasses.replace(earlier[-1], effective_to=start - timedelta(days=1))
        _check_versions(plan, earlier, number, name, command.draft)
        if clashing:
            latest.effective_to = start - timedelta(days=1)
            await session.flush()
        holds = command.holds_until_invoice_paid
        if holds is None:
            holds = latest.holds_until_invoice_paid
        _add_version(session, actor, plan, number, name, command.draft, holds)
        plan.updated_at = func.now()  # a new version is a change of the plan: bumps its version
    return plan


async def assign_plan(
    session: AsyncSession, actor: Actor, now: datetime, proposed: engine.Assignment
) -> CommissionAssignment:
    """``assignCommissionPlan``: put a rep on a plan for a span of dates (``proposed``, the
    engine's assignment with database ids, checked against the rep's others)."""
    rep = await active_user(session, int(proposed.rep_id), ("input", "repId"))
    plan = await get_or_refuse(
        session, CommissionPlan, int(proposed.plan_id), field=("input", "planId")
    )
    ote = proposed.on_target_earnings
    if proposed.quota < 0:
        raise refuse(Code.INVALID, "A quota cannot be negative.", ("input", "quota"))
    if ote is not None and ote <= 0:
        raise refuse(Code.INVALID, "On-target earnings are above 0.", ("input", "onTargetEarnings"))
    if proposed.end is not None and proposed.end < proposed.start:
        raise refuse(Code.INVALID, "An assignment cannot end before it starts.", ("input", "end"))
    _open_from(await load_closed(session), proposed.start, "start", "start later")
    within_plan(proposed, await queries.plan_versions_of(session, plan.id))
    existing = await queries.assignments_of_rep(session, rep.id)
    problems = engine.validate_assignments([*(engine_assignment(a) for a in existing), proposed])
    if problems:
        raise refused(problems)
    row = CommissionAssignment(
        rep_id=rep.id,
        plan_id=plan.id,
        start_date=proposed.start,
        end_date=proposed.end,
        quota=proposed.quota,
        on_target_earnings=ote,
        created_by_id=actor.user_id,
    )
    return await record_new(session, actor, "assignCommissionPlan", row)
