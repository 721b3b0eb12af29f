"""Slippage and forecasts on the demo org: rep1 and rep2 report to Maya East, rep5 to
Marco West; helpers to date a quote's close and to age its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from strawberry.relay import from_base64

from db.models.users import Role
from tests.api.approvals.test_delegation_subscriptions import one_server  # noqa: F401  (fixture)
from tests.api.conftest import Api
from tests.api.pricing.conftest import Demo, demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import UPDATE, Quotes, quotes  # noqa: F401  (fixture)

SLIP_FIELDS = "amount { amount currency } fromDate toDate fromPeriod toPeriod quarters reason rep { email } quote { id }"
SLIPPAGE_EVENTS = f"""query($team: ID, $rep: ID, $start: Date, $end: Date) {{
  slippageEvents(team: $team, rep: $rep, periodStart: $start, periodEnd: $end) {{
    totalCount edges {{ node {{ {SLIP_FIELDS} }} }} }} }}"""
HISTORY = "query($id: ID!) { node(id: $id) { ... on Quote { expectedCloseDate closeDateHistory { fromDate toDate reason actor { email } } } } }"
CALL = "quote { id forecastCall { repCategory managerCategory managerNote category manager { email } } } userErrors { code field message }"
SET = f"mutation($input: SetForecastCategoryInput!) {{ setForecastCategory(input: $input) {{ {CALL} }} }}"
OVERRIDE = f"mutation($input: OverrideForecastCategoryInput!) {{ overrideForecastCategory(input: $input) {{ {CALL} }} }}"
TOTALS = "total { amount } weighted { amount } commit { amount } bestCase { amount } pipeline { amount } slipped { amount } deals slips"
FORECAST = f"""query($team: ID, $rep: ID, $grain: ForecastGrain!) {{
  forecast(team: $team, rep: $rep, grain: $grain) {{ label currency totals {{ {TOTALS} }}
    changeSinceLastWeek {{ {TOTALS} }}
    deals {{ amount {{ amount }} probabilityPercent repCategory managerCategory category quote {{ id }} }} }} }}"""

# Moves every instant of one quote's history (and the quote's creation) back in time, as if it
# had happened then: the append-only triggers are off for this one statement batch.
AGE_QUOTE = """
DO $$ BEGIN
  SET LOCAL session_replication_role = replica;
  UPDATE quotes SET created_at = created_at - make_interval(days => {days}) WHERE id = {id};
  UPDATE quote_events SET at = at - make_interval(days => {days}) WHERE quote_id = {id};
  UPDATE quote_close_date_changes SET at = at - make_interval(days => {days}) WHERE quote_id = {id};
  UPDATE forecast_category_changes SET at = at - make_interval(days => {days}) WHERE quote_id = {id};
END $$;
"""


@dataclass
class Team:
    demo: Demo
    quotes: Quotes
    manager: Api
    other_manager: Api
    other_rep: Api

    async def deal(self, close: str, sku: str = "SW-SEC", quantity: int = 10) -> dict[str, Any]:
        return await self.quotes.create(
            [await self.quotes.line(sku, quantity)], expectedCloseDate=close
        )

    async def move(self, quote: dict[str, Any], close: str, reason: str | None = None) -> dict:
        extra: dict[str, Any] = {"expectedCloseDate": close}
        if reason is not None:
            extra["closeDateChangeReason"] = reason
        return await self.quotes.do(UPDATE, quote, **extra)

    async def age(self, quote: dict[str, Any], age: timedelta) -> None:
        _, key = from_base64(quote["id"])
        async with self.demo.sessions() as session:
            await session.execute(text(AGE_QUOTE.format(days=age.days, id=int(key))))
            await session.commit()

    async def above_east_manager(self, name: str) -> Api:
        """A new manager Maya East reports to, signed in."""
        boss = await self.demo.people.add(name, Role.MANAGER)
        async with self.demo.sessions() as session:
            await session.execute(
                text("UPDATE users SET manager_id = :boss WHERE email = :email"),
                {"boss": boss.id, "email": "east.manager@dealdesk.example"},
            )
            await session.commit()
        return await self.demo.people.sign_in(boss)

    async def user_id(self, email: str) -> str:
        return await self.demo.user(email)


@pytest.fixture
async def team(demo: Demo, quotes: Quotes) -> Team:  # noqa: F811
    return Team(
        demo,
        quotes,
        await demo.sign_in("east.manager@dealdesk.example"),
        await demo.sign_in("west.manager@dealdesk.example"),
        await demo.sign_in("rep2@dealdesk.example"),
    )
