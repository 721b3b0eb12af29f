"""What the demo's KPIs are read against: each rep's time zone, OPS's own metric for the
EXPAND level, and the KPI targets the rep card's attainment and hierarchy profile use.

Set before the activities are recorded (a rep's days are local days of their zone),
through the performance use cases as OPS; setting them again changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from gamification.calendar import Grain
from gamification.hierarchy import Level
from gamification.metrics import Aggregate, MetricDefinition
from server.demo.activities import ZONES
from server.demo.contests import NEW_HIRE
from server.demo.running import OPS, run_as, user_id
from services.performance.context import load_definitions
from services.performance.definitions import define_metric
from services.performance.settings import set_time_zone
from services.performance.targets import TargetInput, set_kpi_target

ENGAGEMENTS = MetricDefinition(
    "CUSTOMER_ENGAGEMENTS",
    1,
    "Customer engagements",
    "Customers brought closer: community, conference, loyalty programme, education.",
    Aggregate.COUNT,
    Level.EXPAND,
    ("CUSTOMER_ENGAGEMENT",),
    unit="count",
)
"""No standard metric sits on EXPAND; OPS defines one, as an organisation would."""

MONTHLY = {
    "LEADS": 40,  # TARGET
    "CALLS": 1100,  # ENGAGE
    "CONTENT_SHARED": 16,  # PERSUADE
    "SALES": 3,  # CLOSE
    "CUSTOMER_ENGAGEMENTS": 8,  # EXPAND
    "CRM_USAGE": 180,  # MANAGE
    "TRAINING_COMPLETED": 2,  # DEVELOP
}
"""Everyone's standing monthly targets, one metric per level of the hierarchy."""
DAILY_CALLS = 50
NEW_HIRE_MONTHLY_CALLS = 500
"""The new hire's own (ramped) call target, which wins over everyone's."""


async def _setup(session: AsyncSession, ops: Actor, now: datetime) -> None:
    for email, zone in ZONES.items():
        await set_time_zone(session, ops, now, await user_id(session, email), zone)
    if ENGAGEMENTS.key not in await load_definitions(session):
        await define_metric(session, ops, now, ENGAGEMENTS)
    targets = [TargetInput(key, Grain.MONTH, Decimal(n)) for key, n in MONTHLY.items()]
    targets.append(TargetInput("CALLS", Grain.DAY, Decimal(DAILY_CALLS)))
    new_hire = await user_id(session, NEW_HIRE)
    targets.append(
        TargetInput("CALLS", Grain.MONTH, Decimal(NEW_HIRE_MONTHLY_CALLS), rep_id=new_hire)
    )
    for target in targets:
        await set_kpi_target(session, ops, now, target)


async def load_targets(sessions: async_sessionmaker[AsyncSession], now: datetime) -> None:
    """The reps' zones, the EXPAND metric and the targets, in one transaction as OPS."""
    await run_as(sessions, OPS, now, _setup)
