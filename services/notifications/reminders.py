"""Period-close reminders: a ``period.close_due`` event (webhooks, and a push to FINANCE)
``period_close_lead_days`` before an OPEN commission period ends (UPCOMING), and again on its
last day or after while it is still OPEN (DUE). Each is sent once per period and kind: the
claim is a row with a primary key, so two runs, or two workers, send it once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.outbox import Topic
from db.queries import outbox as sql
from services.notifications.outbox import append_event, global_id

UPCOMING = "UPCOMING"
DUE = "DUE"


@dataclass(frozen=True, slots=True)
class Reminded:
    period_id: int
    kind: str


def reminder_kind(ends_on: date, today: date, lead_days: int) -> str | None:
    """Which reminder an OPEN period ending ``ends_on`` is due today, if any."""
    if today >= ends_on:
        return DUE
    if today >= ends_on - timedelta(days=lead_days):
        return UPCOMING
    return None


async def send_period_close_reminders(
    session: AsyncSession, now: datetime, lead_days: int
) -> list[Reminded]:
    """The reminders sent by this run (none that were sent before)."""
    today = now.date()
    sent: list[Reminded] = []
    finance: list[int] | None = None
    for period in await sql.open_periods_ending_by(session, today + timedelta(days=lead_days)):
        kind = reminder_kind(period.end_date, today, lead_days)
        if kind is None or not await sql.claim_reminder(session, period.id, kind, period.end_date):
            continue
        if finance is None:
            finance = await sql.finance_user_ids(session)
        payload = {
            "commissionPeriod": global_id("CommissionPeriod", period.id),
            "label": period.label,
            "endsOn": period.end_date.isoformat(),
            "kind": kind,
            "daysLeft": (period.end_date - today).days,
        }
        await append_event(
            session, Topic.PERIOD_CLOSE_DUE, ("CommissionPeriod", period.id), payload, finance
        )
        sent.append(Reminded(period.id, kind))
    return sent
