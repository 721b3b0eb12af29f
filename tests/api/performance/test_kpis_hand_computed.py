"""Every standard metric, computed by hand for one rep's shift, equals what `kpis` answers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from gamification.facts import Fact, attributes_of
from gamification.standard_metrics import STANDARD_METRICS
from tests.api.performance.conftest import Team

DAY = "2026-11-16"  # a Monday


def at(hour: int, day: str = DAY) -> str:
    return f"{day}T{hour:02d}:00:00Z"


def act(kind: str, hour: int, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "occurredAt": at(hour), **extra}


def lead(standard: str, quantity: int = 1) -> dict[str, Any]:
    attributes = [{"name": "qualification", "value": standard}]
    return act("LEAD", 10, quantity=str(quantity), attributes=attributes)


SHIFT = [
    act("SHIFT", 8, durationSeconds=4 * 3600),
    act("SHIFT", 13, durationSeconds=4 * 3600),
    act("DIAL", 9, quantity="30"),
    act("DIAL", 14, quantity="10"),
    act("CONTACT", 9, quantity="16"),
    act("EMAIL", 10, quantity="5"),
    *[act("TRANSFER", 11, contact=f"caller{i}") for i in range(4)],
    lead("RAW_INQUIRY"),
    lead("LISTED_NAME", 2),
    lead("MARKETING_QUALIFIED"),
    lead("BANT"),
    lead("BANT"),
    act("CRM_CONTACT_ENTERED", 12, quantity="3"),
    act("CRM_EMAIL_SENT", 12, quantity="2"),
    act("CONTENT_SHARED", 15, quantity="2"),
    act("TRAINING_COMPLETED", 16),
]


def workflow_facts(rep: int) -> list[Fact]:
    """What the quote workflow and slippage detection log for the same day."""

    def fact(kind: str, hour: int, n: int, **extra: Any) -> Fact:
        when = datetime.fromisoformat(at(hour))
        return Fact(rep, kind, when, external_id=f"{kind}-{n}", **extra)

    transferred = attributes_of({"transferred": "true", "transfer_id": "t"})
    return [
        fact("SALE", 14, 1, quantity=Decimal(2), amount=Decimal(1000), customer_key="account:1",
             attributes=transferred),
        fact("SALE", 15, 2, amount=Decimal(500), customer_key="account:2", attributes=transferred),
        fact("SALE", 16, 3, quantity=Decimal(3), amount=Decimal(1500), customer_key="account:1"),
        *[fact("QUOTE_SENT", 11, n) for n in range(4)],
        fact("SLIPPAGE", 17, 1, amount=Decimal(2000)),
    ]  # fmt: skip


EXPECTED = {  # value, numerator, denominator
    "WORKED_HOURS": ("8", "8", None),
    "CALLS": ("40", "40", None),
    "CONTACTS": ("16", "16", None),
    "EMAILS": ("5", "5", None),
    "TRANSFERS": ("4", "4", None),
    "SALES_UNITS": ("6", "6", None),
    "REVENUE": ("3000", "3000", None),
    "SALES": ("3", "3", None),
    "AVERAGE_DEAL_SIZE": ("1000", "3000", "3"),
    "CUSTOMERS": ("2", "2", None),
    "TRANSFERRED_SALES": ("2", "2", None),
    "QUOTES_SENT": ("4", "4", None),
    "SLIPPAGE_COUNT": ("1", "1", None),
    "SLIPPAGE_AMOUNT": ("2000", "2000", None),
    "SLIPPAGE_RATE": ("25", "1", "4"),
    "CALLS_PER_HOUR": ("5", "40", "8"),
    "CONTACTS_PER_HOUR": ("2", "16", "8"),
    "SALES_UNITS_PER_HOUR": ("0.75", "6", "8"),
    "REVENUE_PER_HOUR": ("375", "3000", "8"),
    "REVENUE_PER_CALL": ("75", "3000", "40"),
    "AVERAGE_TICKET": ("1500", "3000", "2"),
    "TRANSFERS_PER_HOUR": ("0.5", "4", "8"),
    "TRANSFER_CONVERSION": ("50", "2", "4"),
    "LEADS": ("6", "6", None),
    "LEADS_RAW_INQUIRY": ("1", "1", None),
    "LEADS_LISTED_NAME": ("2", "2", None),
    "LEADS_MQL": ("1", "1", None),
    "LEADS_BANT": ("2", "2", None),
    "CRM_USAGE": ("5", "5", None),
    "CONTENT_SHARED": ("2", "2", None),
    "TRAINING_COMPLETED": ("1", "1", None),
}


def four(text: str | None) -> str | None:
    return None if text is None else str(Decimal(text).quantize(Decimal("0.0001")))


async def test_every_standard_metric_matches_the_hand_computed_shift(team: Team) -> None:
    assert set(EXPECTED) == {m.key for m in STANDARD_METRICS}
    recorded = await team.record(team.ray, SHIFT)
    assert (recorded["recorded"], recorded["userErrors"]) == (len(SHIFT), [])
    await team.facts(workflow_facts(team.ids["ray"]))

    rows = await team.kpis(team.manager, team=team.gid("mia"), on=DAY)

    ray, sue = team.gid("ray"), team.gid("sue")
    for key, (value, numerator, denominator) in EXPECTED.items():
        row = rows[(ray, key)]
        got = (row["value"], row["explanation"]["numerator"], row["explanation"]["denominator"])
        assert got == (four(value), four(numerator), four(denominator)), key
        assert row["explanation"]["definitionVersion"] == 1
        assert row["periodLabel"] == DAY
    # Sue recorded nothing: she is there, with zero (ratios over zero hours have no value).
    assert rows[(sue, "CALLS")]["value"] == "0.0000"
    assert rows[(sue, "CALLS_PER_HOUR")]["value"] is None
    assert rows[(ray, "CALLS")]["rank"] == 1 and rows[(sue, "CALLS")]["rank"] == 2
    assert rows[(ray, "SLIPPAGE_COUNT")]["rank"] == 2  # lower is better: Sue's 0 ranks first
    assert await team.drift() == []


async def test_sales_add_up_by_day_week_month_and_year(team: Team) -> None:
    ray = team.ids["ray"]
    earlier = datetime(2026, 11, 3, 10, tzinfo=UTC)  # the same month, an earlier week
    await team.facts(workflow_facts(ray))
    await team.facts([Fact(ray, "SALE", earlier, amount=Decimal(200), external_id="early")])

    revenue = {}
    for grain in ("DAY", "WEEK", "MONTH", "YEAR"):
        rows = await team.kpis(team.ray, metrics=["REVENUE"], grain=grain, on=DAY)
        revenue[grain] = rows[(team.gid("ray"), "REVENUE")]["value"]

    assert revenue == {
        "DAY": "3000.0000",
        "WEEK": "3000.0000",
        "MONTH": "3200.0000",
        "YEAR": "3200.0000",
    }


async def test_a_bangkok_reps_late_call_counts_on_her_own_day_and_trends_against_the_day_before(
    team: Team,
) -> None:
    calls = [
        {"kind": "DIAL", "occurredAt": "2026-11-15T20:00:00Z"},  # 03:00 on the 16th in Bangkok
        {"kind": "DIAL", "occurredAt": "2026-11-15T10:00:00Z"},  # 17:00 on the 15th
        {"kind": "DIAL", "occurredAt": "2026-11-15T11:00:00Z"},
    ]
    assert (await team.record(team.sue, calls))["userErrors"] == []

    rows = await team.kpis(team.sue, metrics=["CALLS"], on=DAY)

    row = rows[(team.gid("sue"), "CALLS")]
    assert row["value"] == "1.0000"
    assert row["trend"] == {
        "direction": "DOWN",
        "change": "-1.0000",
        "improving": False,
        "previousValue": "2.0000",
    }
