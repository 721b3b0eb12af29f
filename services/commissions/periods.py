"""The fiscal calendar and commission periods: set the calendar, open a period, close it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.commissions import (
    CommissionCalendar,
    CommissionPeriod,
    CommissionPeriodKind,
    CommissionPeriodStatus,
)
from db.queries import commissions as queries
from db.queries.timeouts import allow_long_statements
from services.audit import record_change, record_new
from services.commissions.calendar import load_calendar
from services.commissions.closing import CloseResult, close_period
from services.refusal import Code, refuse
from services.rows import audited_edit, new_row


@dataclass(frozen=True, slots=True)
class SetCalendar:
    first_month: int
    period_kind: CommissionPeriodKind
    named_by_end_year: bool = True


async def set_calendar(
    session: AsyncSession, actor: Actor, now: datetime, command: SetCalendar
) -> CommissionCalendar:
    """``setCommissionCalendar``: the calendar periods follow; fixed once a period exists."""
    if not 1 <= command.first_month <= 12:
        raise refuse(Code.INVALID, "A month is 1 to 12.", ("input", "firstMonth"))
    if command.period_kind is CommissionPeriodKind.YEAR:
        raise refuse(
            Code.INVALID, "Commission periods are monthly or quarterly.", ("input", "periodKind")
        )
    if await queries.period_count(session):
        raise refuse(
            Code.INVALID_STATE,
            "Periods were opened on the current calendar; it can no longer change.",
            ("input",),
        )
    row = await session.get(CommissionCalendar, 1, with_for_update=True)
    if row is None:
        row = CommissionCalendar(
            id=1, first_month=command.first_month, period_kind=CommissionPeriodKind.QUARTER
        )
        session.add(row)
    row.first_month = command.first_month
    row.named_by_end_year = command.named_by_end_year
    row.period_kind = command.period_kind
    await record_change(session, actor, "setCommissionCalendar", row)
    return row


async def open_period(
    session: AsyncSession, actor: Actor, now: datetime, day: date
) -> CommissionPeriod:
    """``openCommissionPeriod``: open the period (of the fiscal calendar) containing ``day``."""
    period = (await load_calendar(session)).period_of(day)
    row = new_row(  # label, fiscal_year and index as the calendar names them
        CommissionPeriod,
        period,
        kind=CommissionPeriodKind(period.kind.value),
        start_date=period.start,
        end_date=period.end,
        status=CommissionPeriodStatus.OPEN,
        opened_by_id=actor.user_id,
    )
    return await record_new(session, actor, "openCommissionPeriod", row)


async def close_commission_period(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    period_id: int,
    version: int,
    long_seconds: float,
) -> tuple[CommissionPeriod, CloseResult]:
    """``closeCommissionPeriod``: lock the period's credits and write every rep's statement.

    A close computes every rep's period (100,000 credits in the bench): its
    statements may run ``long_seconds``.
    """
    async with audited_edit(
        session, actor, "closeCommissionPeriod", CommissionPeriod, period_id, version
    ) as row:
        if row.status is CommissionPeriodStatus.CLOSED:
            raise refuse(Code.PERIOD_CLOSED, f"{row.label} is already closed.", ("input", "id"))
        await allow_long_statements(session, long_seconds)
        calendar = await load_calendar(session)
        result = await close_period(session, row, calendar, actor.user_id, now)
    return row, result
