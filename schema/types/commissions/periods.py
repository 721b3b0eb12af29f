"""The commission calendar and its periods: fiscal years, quarters and months, open or closed."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

import commissions as engine
from db.models import commissions as rows
from schema.connection import CountedConnection
from schema.nodes import nodes_via
from schema.rows import FromRow, from_attrs
from schema.types.commissions.common import (
    CommissionPeriodKind,
    CommissionPeriodStatus,
)

FISCAL_YEAR = "The fiscal year, named by the civil year it ends in (or starts in, per calendar)."
PERIOD_INDEX = "The period's number within its fiscal year, from 1 (Q1, M1)."


@strawberry.type(description="The fiscal calendar commission periods follow.")
class CommissionCalendar(FromRow):
    first_month: int
    """The month (1-12) a fiscal year starts in."""
    named_by_end_year: bool
    """A year is named after the civil year it ends in."""
    period_kind: CommissionPeriodKind  # type: ignore[valid-type]
    """The kind of period FINANCE opens and closes: MONTH or QUARTER."""


@strawberry.type
class PeriodSpan:
    """The fields every fiscal period starts with, computed or opened by FINANCE (this type
    itself is not in the schema)."""

    kind: CommissionPeriodKind  # type: ignore[valid-type]
    """Month, quarter or year."""
    label: str
    """The period's name, e.g. FY2026-Q4 or FY2026-M11."""
    fiscal_year: int = strawberry.field(description=FISCAL_YEAR)
    index: int = strawberry.field(description=PERIOD_INDEX)
    start: date
    """The period's first day."""
    end: date
    """The period's last day (inclusive)."""


@strawberry.type(description="A fiscal period: which month or quarter a date belongs to.")
class CommissionFiscalPeriod(PeriodSpan):
    @classmethod
    def of(cls, period: engine.FiscalPeriod) -> CommissionFiscalPeriod:
        return from_attrs(cls, period, kind=rows.CommissionPeriodKind(period.kind.value))


@strawberry.type(description="A commission period FINANCE opened; once CLOSED it never changes.")
class CommissionPeriod(relay.Node, PeriodSpan):
    id: relay.NodeID[int]
    status: CommissionPeriodStatus  # type: ignore[valid-type]
    """OPEN while it takes credits; CLOSED once its statements are issued."""
    version: int
    """Send back when closing; a stale one is a CONFLICT."""
    opened_at: datetime
    """When FINANCE opened the period."""
    closed_at: datetime | None
    """When FINANCE closed it; null while open."""

    @classmethod
    def from_row(cls, row: rows.CommissionPeriod) -> CommissionPeriod:
        return from_attrs(cls, row, start=row.start_date, end=row.end_date)

    resolve_nodes = nodes_via("commissions.period_by_id")


@strawberry.type(
    name="CommissionPeriodConnection", description="A page of commission periods, newest first."
)
class CommissionPeriodConnection(CountedConnection[CommissionPeriod]):
    pass


# --- plans -------------------------------------------------------------------------------
