"""The performance side reads the commission calendar's whole naming rule: with fiscal years
named by the year they start in, KPI, slippage and forecast periods carry the commission
statements' labels."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from db.engine import create_session_factory
from gamification.calendar import Grain
from services.performance.context import load_settings
from services.performance.kpi_context import load_kpi_context
from services.performance.slippage import fiscal_calendar
from tests.conftest import truncate_all

APRIL_FIRST_NAMED_BY_START = (
    "INSERT INTO commission_calendar (id, first_month, named_by_end_year, period_kind) "
    "VALUES (1, 4, false, 'QUARTER')"
)


@pytest.fixture(autouse=True)
async def clean_database(app: Starlette) -> AsyncIterator[None]:
    yield
    await truncate_all(app)


async def test_every_performance_calendar_names_years_as_the_commission_calendar(
    app: Starlette,
) -> None:
    sessions = create_session_factory(app.state.engine)
    async with sessions.begin() as session:
        default = (await load_settings(session)).calendar
        assert default.period_of(date(2026, 5, 1), Grain.QUARTER).label == "FY2026-Q2"
        await session.execute(text(APRIL_FIRST_NAMED_BY_START))
        calendars = (
            (await load_settings(session)).calendar,
            await fiscal_calendar(session),
            (await load_kpi_context(session, [])).calendar,
        )
    labels = {calendar.period_of(date(2026, 5, 1), Grain.QUARTER).label for calendar in calendars}
    assert labels == {"FY2026-Q1"}
