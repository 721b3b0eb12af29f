"""Money metrics never add currencies: a rep whose deals slipped in baht and in dollars gets
the slipped amount per currency and no single value; one currency gives both."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from gamification.facts import Fact, attributes_of
from tests.api.performance.conftest import Team

DAY = "2026-11-16"
WHEN = datetime.fromisoformat(f"{DAY}T10:00:00Z")
METRICS = ["SLIPPAGE_AMOUNT", "SLIPPAGE_COUNT", "REVENUE", "REVENUE_PER_CALL", "CALLS"]
KPIS = """
query($reps: [ID!], $metrics: [String!], $on: Date) {
  kpis(reps: $reps, metrics: $metrics, grain: DAY, on: $on) {
    repId metric { key } value rank amounts { amount currency }
    explanation { numerator denominator }
  }
}
"""


def money_fact(rep: int, kind: str, n: int, amount: str, currency: str) -> Fact:
    return Fact(
        rep,
        kind,
        WHEN,
        amount=Decimal(amount),
        customer_key=f"account:{n}",
        attributes=attributes_of({"currency": currency}),
        external_id=f"{kind}-{n}",
    )


async def test_slipped_amounts_in_two_currencies_are_shown_apart_and_never_summed(
    team: Team,
) -> None:
    ray, sue = team.ids["ray"], team.ids["sue"]
    await team.facts(
        [
            money_fact(ray, "SLIPPAGE", 1, "35000", "THB"),
            money_fact(ray, "SLIPPAGE", 2, "1000", "USD"),
            money_fact(ray, "SLIPPAGE", 3, "500", "USD"),
            money_fact(sue, "SLIPPAGE", 4, "2000", "USD"),
            money_fact(ray, "SALE", 5, "3000", "THB"),
            Fact(ray, "DIAL", WHEN, quantity=Decimal(10), external_id="d1"),
        ]
    )
    reps = [team.gid("ray"), team.gid("sue")]

    data = await team.manager.data(KPIS, {"reps": reps, "metrics": METRICS, "on": DAY})
    rows = {(r["repId"], r["metric"]["key"]): r for r in data["kpis"]}

    mixed = rows[(team.gid("ray"), "SLIPPAGE_AMOUNT")]
    assert mixed["value"] is None
    assert mixed["explanation"]["numerator"] is None
    assert mixed["amounts"] == [
        {"amount": "35000.00", "currency": "THB"},
        {"amount": "1500.00", "currency": "USD"},
    ]
    assert mixed["rank"] is None  # no single figure to rank by
    assert rows[(team.gid("ray"), "SLIPPAGE_COUNT")]["value"] == "3.0000"
    single = rows[(team.gid("sue"), "SLIPPAGE_AMOUNT")]
    assert (single["value"], single["amounts"]) == (
        "2000.0000",
        [{"amount": "2000.00", "currency": "USD"}],
    )
    # a ratio of money divides each currency's amount
    per_call = rows[(team.gid("ray"), "REVENUE_PER_CALL")]
    assert (per_call["value"], per_call["amounts"]) == (
        "300.0000",
        [{"amount": "300.00", "currency": "THB"}],
    )
    assert rows[(team.gid("ray"), "CALLS")]["amounts"] == []
    assert await team.drift() == []
