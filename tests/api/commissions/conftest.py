"""Commissions on the demo org: plans, assignments, quotes won through the API, and the people who look.

Dates are fixed in fiscal 2026 (calendar-year quarters): Q3 is Jul 1 - Sep 30,
Q4 is Oct 1 - Dec 31. Demo prices at Acme Manufacturing (ENTERPRISE, USD):
SVC-INST 1,400.00 a day, SUP-BAS 300.00, SW-ANL 36.00 (contract),
SVC-TRN 2,250.00 (2,500 less a 250 launch offer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from tests.api.conftest import Api, at_version
from tests.api.pricing.conftest import Demo, demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import SEND, SUBMIT, WIN, Quotes, quotes  # noqa: F401  (fixture)

ERRORS = "userErrors { code field message }"
PLAN_FIELDS = "id name currency periodKind version versions { number effectiveFrom effectiveTo components { __typename } }"
CREATE_PLAN = f"mutation($input: CreateCommissionPlanInput!) {{ createCommissionPlan(input: $input) {{ plan {{ {PLAN_FIELDS} }} {ERRORS} }} }}"
REVISE_PLAN = f"mutation($input: ReviseCommissionPlanInput!) {{ reviseCommissionPlan(input: $input) {{ plan {{ {PLAN_FIELDS} }} {ERRORS} }} }}"
ASSIGN = f"mutation($input: AssignCommissionPlanInput!) {{ assignCommissionPlan(input: $input) {{ assignment {{ id start end quota {{ amount }} rep {{ email }} plan {{ name }} }} {ERRORS} }} }}"
ESTIMATE_FIELDS = """
  amount { amount currency } problems { code message }
  period { label }
  components { componentId kind label amount { amount } }
  lines { componentId kind label amount { amount } base { amount } ratePercent multiplier tier lineKeys }
  attainmentBeforePercent attainmentAfterPercent
  tierBefore { name } tierAfter { name floorPercent multiplier }
  spifProgress { componentId before after target reached }
  awards { componentId kind value { amount } description }
  placedLast
"""
ESTIMATE = f"query($input: EstimateCommissionInput!) {{ estimateCommission(input: $input) {{ {ESTIMATE_FIELDS} }} }}"
QUOTE_ESTIMATE = f"query($id: ID!, $day: Date) {{ node(id: $id) {{ ... on Quote {{ commissionEstimate(closeDate: $day) {{ {ESTIMATE_FIELDS} }} }} }} }}"
OPEN_PERIOD = f"mutation($day: Date!) {{ openCommissionPeriod(input: {{day: $day}}) {{ period {{ id label status version start end }} {ERRORS} }} }}"
CLOSE_PERIOD = f"mutation($id: ID!, $version: Int!) {{ closeCommissionPeriod(input: {{id: $id, version: $version}}) {{ period {{ id status label }} statementCount skipped {{ repId }} {ERRORS} }} }}"
STATEMENT_FIELDS = """
  id currency status attainmentPercent tier
  salesTotal { amount } clawbackTotal { amount } periodTotal { amount } adjustmentsTotal { amount }
  earnedTotal { amount } balanceDue { amount } nonCashValue { amount }
  components { componentId kind amount { amount } }
  awards { componentId kind value { amount } description }
  rep { email } period { label status }
  lines { id kind description amount { amount } credit { id } details { componentId kind amount { amount } } }
"""
STATEMENTS = f"query($period: ID) {{ commissionStatements(periodId: $period) {{ totalCount edges {{ node {{ {STATEMENT_FIELDS} }} }} }} }}"
CREDITS = "query($quote: ID) { commissionCredits(quoteId: $quote) { totalCount edges { node { id role sharePercent creditDate ratedOn amount { amount } clawback reversalKind rep { email } lines { lineKey amount { amount } quantity } } } } }"

HEADER_BASE = {"baseRate": {"label": "Base 15%", "ratePercent": "15", "componentId": "base"}}


def base(percent: str = "15") -> dict[str, Any]:
    return {
        "baseRate": {"label": f"Base {percent}%", "ratePercent": percent, "componentId": "base"}
    }


def product_rate(component_id: str, label: str, percent: str, product_id: str) -> dict[str, Any]:
    """A rate of ``percent`` on one product's lines, in place of the base rate."""
    return {
        "productRate": {
            "label": label,
            "ratePercent": percent,
            "productIds": [product_id],
            "componentId": component_id,
        }
    }


TIERS = [
    {"name": "Base", "floorPercent": "0", "multiplier": "1"},
    {"name": "Accelerator", "floorPercent": "100", "multiplier": "1.5"},
]


def tiers(mode: str, **limits: str) -> dict[str, Any]:
    """Quota tiers: x1 up to quota, x1.5 above it (``gatePercent``, ``maxAttainmentPercent``)."""
    return {
        "quotaTiers": {
            "label": "Accelerators",
            "mode": mode,
            "tiers": TIERS,
            "componentId": "tiers",
            **limits,
        }
    }


def ten_trainings(training_id: str, award: str) -> dict[str, Any]:
    """A Q4 2026 SPIF: ten units of training earn a non-cash award worth 5,000."""
    return {
        "spif": {
            "label": "Ten trainings",
            "windowStart": "2026-10-01",
            "windowEnd": "2026-12-31",
            "target": "10",
            "productIds": [training_id],
            "componentId": "spif",
            "award": {"kind": "NON_CASH", "value": "5000", "description": award},
        }
    }


@dataclass
class Commissions:
    demo: Demo
    quotes: Quotes
    finance: Api
    ops: Api
    plans: dict[str, str] = field(default_factory=dict)

    @property
    def rep(self) -> Api:
        return self.quotes.rep

    async def user(self, email: str) -> str:
        return await self.demo.user(email)

    async def plan(
        self,
        components: list[dict],
        *,
        name: str = "Rep plan",
        start: str = "2026-01-01",
        **extra: Any,
    ) -> dict:
        payload = {
            "name": name,
            "currency": "USD",
            "effectiveFrom": start,
            "components": components,
            **extra,
        }
        result = await self.ops.succeeded(CREATE_PLAN, {"input": payload}, "createCommissionPlan")
        return result["plan"]

    async def assign(
        self,
        plan: dict,
        email: str = "rep1@dealdesk.example",
        quota: str = "100000",
        start: str = "2026-01-01",
        **extra: Any,
    ) -> dict:
        payload = {
            "repId": await self.user(email),
            "planId": plan["id"],
            "start": start,
            "quota": quota,
            **extra,
        }
        result = await self.ops.succeeded(ASSIGN, {"input": payload}, "assignCommissionPlan")
        return result["assignment"]

    async def plan_change(self, plan_a: list[dict], plan_b: list[dict], switch: str) -> None:
        """rep1 on "Plan A" (rules ``plan_a``) to the day before ``switch``, then on "Plan B"
        (rules ``plan_b``) from ``switch`` on, each with the default quota."""
        first = await self.plan(plan_a, name="Plan A")
        second = await self.plan(plan_b, name="Plan B")
        await self.assign(first, end=(date.fromisoformat(switch) - timedelta(days=1)).isoformat())
        await self.assign(second, start=switch)

    async def on_plan(
        self, components: list[dict], quota: str = "100000", email: str = "rep1@dealdesk.example"
    ) -> dict:
        plan = await self.plan(components)
        await self.assign(plan, email, quota)
        return plan

    async def lines(self, *items: tuple[str, int]) -> list[dict]:
        return [
            {"key": f"L{index + 1}", "productId": await self.demo.product(sku), "quantity": qty}
            for index, (sku, qty) in enumerate(items)
        ]

    async def estimate(
        self,
        *items: tuple[str, int],
        day: str,
        account: str = "Acme Manufacturing",
        api: Api | None = None,
        **extra: Any,
    ) -> dict:
        payload = {
            "accountId": await self.demo.account(account),
            "lines": await self.lines(*items),
            "closeDate": day,
            **extra,
        }
        return await (api or self.rep).mutate(ESTIMATE, payload)

    async def won(
        self,
        *items: tuple[str, int],
        day: str,
        account: str = "Acme Manufacturing",
        splits: list[dict] | None = None,
    ) -> dict:
        lines = [await self.quotes.line(sku, qty) for sku, qty in items]
        quote = await self.quotes.create(lines, account=account)
        if splits is not None:
            from tests.api.commissions.conftest import SET_SPLITS

            payload = at_version(quote, splits=splits)
            result = await self.rep.succeeded(SET_SPLITS, {"input": payload}, "setQuoteSplits")
            quote = result["quote"]
        sent = await self.quotes.move(SEND, await self.quotes.move(SUBMIT, quote))
        return await self.quotes.move(WIN, sent, closeDate=day)

    async def open_period(self, day: str) -> dict:
        result = await self.finance.succeeded(OPEN_PERIOD, {"day": day}, "openCommissionPeriod")
        return result["period"]

    async def close(self, period: dict) -> dict:
        variables = at_version(period)
        return await self.finance.succeeded(CLOSE_PERIOD, variables, "closeCommissionPeriod")

    async def closed_period(self, day: str) -> dict:
        """The period holding ``day``, opened and closed (as opened: its id finds its
        statements)."""
        period = await self.open_period(day)
        await self.close(period)
        return period

    async def statements(self, period: dict, api: Api | None = None) -> list[dict]:
        data = await (api or self.finance).data(STATEMENTS, {"period": period["id"]})
        return [e["node"] for e in data["commissionStatements"]["edges"]]


SET_SPLITS = f"mutation($input: SetQuoteSplitsInput!) {{ setQuoteSplits(input: $input) {{ quote {{ id version }} splits {{ sharePercent rep {{ email }} }} {ERRORS} }} }}"


@pytest.fixture
async def comm(demo: Demo, quotes: Quotes) -> Commissions:  # noqa: F811
    return Commissions(
        demo,
        quotes,
        finance=await demo.sign_in("finance@dealdesk.example"),
        ops=await demo.sign_in("ops@dealdesk.example"),
    )


def amounts(estimate: dict) -> dict[str, str]:
    """Component totals by component id."""
    return {c["componentId"]: c["amount"]["amount"] for c in estimate["components"]}
