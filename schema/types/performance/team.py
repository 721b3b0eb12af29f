"""The manager's team view: per rep, the KPI card, open pipeline, slips and stale quotes."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.money import Money
from schema.rows import related
from schema.types.commissions.common import QuoteRef, visible_quote
from schema.types.performance.kpis import KpiCard
from schema.types.user import User


@strawberry.type(description="How many deals, and their amount, in one currency.")
class DealTally:
    count: int
    """How many deals."""
    amount: Money
    """Their summed amount (net totals) in this currency."""


@strawberry.type(description="An open quote nobody touched for a while.")
class StaleQuote:
    days_since_touch: int
    """Whole days since its creation, last quote event, close-date change or activity."""
    last_touched_at: datetime
    """When it was last touched."""
    quote_id: strawberry.Private[int]
    quote: QuoteRef | None = strawberry.field(
        resolver=visible_quote, description="The quote; null if you may not open it."
    )


@strawberry.type(description="One rep of a manager's team, at a glance.")
class TeamMember:
    rep_id: strawberry.Private[int]
    rep = related("user_by_id", "rep_id", User, description="The rep.")
    kpi_card: KpiCard
    """The rep's KPI card, as `myKpiCard` shows it to the rep."""
    open_pipeline: list[DealTally]
    """The rep's open quotes (not won, lost, rejected or expired), per currency."""
    slipped: list[DealTally]
    """The rep's deals that slipped out of the current fiscal quarter, per currency."""
    stale_quotes: list[StaleQuote]
    """The rep's open quotes untouched for at least `staleAfterDays` days, oldest id first."""
