"""Slippage events, a quote's close-date history and forecast calls, and the forecast."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

from db.models import performance_forecast as rows
from gamification import forecast as engine
from gamification.calendar import Grain
from schema.decimals import percent
from schema.enums import described_enum
from schema.money import Money, money
from schema.nodes import nodes_via
from schema.rows import FromRow, from_attrs, loader, related, row_objects
from schema.scalars import CurrencyCode
from schema.types.commissions.common import QuoteRef, rep_owned, visible_quote
from schema.types.user import User

ForecastCategory = described_enum(
    engine.Category,
    "ForecastCategory",
    "How sure a rep (or their manager) is that a deal closes in its period; the totals are "
    "cumulative: best case includes commit, pipeline includes both.",
    {
        "COMMIT": "Will close in the period.",
        "BEST_CASE": "Could close in the period if things go well.",
        "PIPELINE": "Open, but not expected in the period (the default when nobody called it).",
        "OMITTED": "Left out of commit, best case and pipeline (still in `total`).",
    },
)


class ForecastGrainValue(enum.Enum):
    MONTH = Grain.MONTH.value
    QUARTER = Grain.QUARTER.value
    YEAR = Grain.YEAR.value


ForecastGrain = described_enum(
    ForecastGrainValue,
    "ForecastGrain",
    "The fiscal periods a forecast is cut into (the commission calendar's fiscal year).",
    {"MONTH": "Fiscal months.", "QUARTER": "Fiscal quarters.", "YEAR": "Fiscal years."},
)


@strawberry.type(description="One change of a quote's expected close date.")
class QuoteCloseDateChange(FromRow):
    from_date: date | None
    """The date before; null for the first date set."""
    to_date: date
    """The new expected close date."""
    reason: str | None
    """Why, as the rep wrote it (required when the change was a slip)."""
    at: datetime
    """When it changed."""
    actor_id: strawberry.Private[int | None]

    actor = related("user_by_id", "actor_id", User, description="Who changed it.")


@strawberry.type(description="The calls on a deal: the rep's and the manager's, both kept.")
class QuoteForecastCall:
    rep_category: ForecastCategory | None  # type: ignore[valid-type]
    """The rep's call; null until set."""
    rep_set_at: datetime | None
    """When the rep last set it."""
    manager_category: ForecastCategory | None  # type: ignore[valid-type]
    """The manager's override; null when not overridden."""
    manager_note: str | None
    """The manager's note on the override."""
    manager_set_at: datetime | None
    """When the manager last overrode it."""
    category: ForecastCategory  # type: ignore[valid-type]
    """The call the forecast uses: the override, else the rep's, else PIPELINE (COMMIT
    once won)."""
    manager_set_by: strawberry.Private[int | None]

    manager = related("user_by_id", "manager_set_by", User, description="Who overrode it.")

    @classmethod
    def of(cls, row: rows.ForecastCategory | None, stage: engine.Stage) -> QuoteForecastCall:
        def call(value: str | None) -> engine.Category | None:
            return engine.Category(value) if value else None

        rep, manager = (call(row.rep_category), call(row.manager_category)) if row else (None, None)
        return cls(
            rep_category=rep,
            rep_set_at=row.rep_set_at if row else None,
            manager_category=manager,
            manager_note=row.manager_note if row else None,
            manager_set_at=row.manager_set_at if row else None,
            category=engine.effective_category(stage, rep, manager),
            manager_set_by=row.manager_set_by if row else None,
        )


@strawberry.type(
    description="A deal's expected close moved out of its fiscal quarter into a later one."
)
class SlippageEvent(relay.Node):
    id: relay.NodeID[int]
    amount: Money
    """The deal's amount that left `fromPeriod`."""
    from_date: date
    """The expected close date before."""
    to_date: date
    """The expected close date after."""
    from_period: str
    """The fiscal quarter it left, e.g. FY2027-Q1."""
    to_period: str
    """The fiscal quarter it now closes in."""
    quarters: int
    """How many quarters later (1: the next one)."""
    reason: str
    """The rep's reason."""
    at: datetime
    """When it slipped."""
    rep_id: strawberry.Private[int]
    quote_id: strawberry.Private[int]

    rep = related("user_by_id", "rep_id", User, description="The rep who owns the deal.")
    quote: QuoteRef | None = strawberry.field(
        resolver=visible_quote, description="The quote; null if you may not open it."
    )

    @classmethod
    def from_row(cls, row: rows.SlippageEvent) -> SlippageEvent:
        return from_attrs(cls, row, amount=money(row.amount, row.currency))

    resolve_nodes = nodes_via("forecast.slippage_event_by_id", rep_owned)


@strawberry.type(description="A period's forecast figures in one currency.")
class ForecastTotals:
    total: Money
    """Every open or won deal closing in the period, whatever its call."""
    weighted: Money
    """Σ amount × the stage's probability (see `ForecastDeal.probabilityPercent`)."""
    commit: Money
    """Deals called COMMIT."""
    best_case: Money
    """Deals called COMMIT or BEST_CASE."""
    pipeline: Money
    """Deals called COMMIT, BEST_CASE or PIPELINE (every deal not OMITTED)."""
    slipped: Money
    """The amount that slipped out of this period into a later quarter."""
    deals: int
    """How many deals count in `total`."""
    slips: int
    """How many slippage events left this period."""

    @classmethod
    def of(cls, totals: engine.Totals, currency: str) -> ForecastTotals:
        amounts = ("total", "weighted", "commit", "best_case", "pipeline", "slipped")
        return from_attrs(
            cls, totals, **{name: money(getattr(totals, name), currency) for name in amounts}
        )


@strawberry.type(description="One deal in a forecast period: the explanation of the totals.")
class ForecastDeal:
    amount: Money
    """The quote's net total."""
    close_date: date
    """Its expected close date."""
    probability_percent: Decimal
    """The stage's stated probability, in percent (2 places): DRAFT 10, PENDING_APPROVAL 25,
    APPROVED 40, SENT 50, ACCEPTED 90, WON 100."""
    weighted: Money
    """Amount × probability."""
    rep_category: ForecastCategory | None  # type: ignore[valid-type]
    """The rep's call; null when not set."""
    manager_category: ForecastCategory | None  # type: ignore[valid-type]
    """The manager's override; null when not overridden."""
    category: ForecastCategory  # type: ignore[valid-type]
    """The call used: the override wins."""
    quote_id: strawberry.Private[int]

    quote: QuoteRef | None = strawberry.field(
        resolver=visible_quote, description="The quote; null if you may not open it."
    )

    @classmethod
    def of(cls, deal: engine.Deal) -> ForecastDeal:
        probability = deal.probability or Decimal(0)
        return from_attrs(
            cls,
            deal,
            amount=money(deal.amount, deal.currency),
            probability_percent=percent(probability * 100),
            weighted=money(deal.amount * probability, deal.currency),
        )


@strawberry.type(description="A fiscal period of the forecast, in one currency.")
class ForecastPeriod:
    label: str
    """The period's name, e.g. FY2027-Q1 or FY2027-M02."""
    start: date
    """Its first day."""
    end: date
    """The day after its last (periods are half-open)."""
    currency: CurrencyCode
    """The currency of every amount in this row (currencies are never added together)."""
    totals: ForecastTotals
    """The figures now."""
    change_since_last_week: ForecastTotals
    """Now minus seven days ago: the same forecast computed from the close dates, stages and
    calls as they stood then (amounts are today's)."""
    deals: list[ForecastDeal]
    """The deals closing in the period, by quote."""

    @classmethod
    def of(cls, row: engine.ForecastRow, *, with_deals: bool = True) -> ForecastPeriod:
        """The row as the API shows it; without ``with_deals`` (a screen that does not ask
        for them: they are every deal of the team) ``deals`` is left empty."""
        return from_attrs(
            cls,
            row.period,
            currency=CurrencyCode(row.currency),
            totals=ForecastTotals.of(row.totals, row.currency),
            change_since_last_week=ForecastTotals.of(row.change or engine.Totals(), row.currency),
            deals=[ForecastDeal.of(deal) for deal in row.deals] if with_deals else [],
        )


async def close_date_history(root: Any, info: strawberry.Info) -> list[QuoteCloseDateChange]:
    """``Quote.closeDateHistory``: every change of the expected close date, oldest first."""
    return await row_objects(
        info, "forecast.close_date_changes_by_quote_id", root.id, QuoteCloseDateChange
    )


async def forecast_call(root: Any, info: strawberry.Info) -> QuoteForecastCall:
    """``Quote.forecastCall``: the rep's call, the manager's override, and the one used."""
    found = await loader(info, "forecast.calls_by_quote_id").load(root.id)
    return QuoteForecastCall.of(found[0] if found else None, engine.Stage(root.status.value))
