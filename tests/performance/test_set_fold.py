"""The set-based fold (PostgreSQL rolls a recorded batch up in the statement that appends it)
gives exactly the rollups the engine's fold gives: random batches for reps in Bangkok, New
York and UTC, over every recordable kind, with filtered leads, worked time whose hours do not
divide evenly, customers, amounts in two currencies, a widened money metric, re-sent items
and items without an external id; a recompute from the log (the engine's fold) then finds no
drift, the contest totals included. Reversals stay on the Python path, checked the same way."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gamification.activities import ActivityInput
from gamification.facts import attributes_of
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY
from services.performance.activities import record_activities
from services.performance.definitions import update_metric_definition
from tests.performance.conftest import assert_rollups_match_the_log, make_team, run

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
KINDS = (
    "DIAL",
    "CONTACT",
    "EMAIL",
    "TRANSFER",
    "LEAD",
    "SHIFT",
    "ROI_DEMO",
    "CONTENT_SHARED",
    "REFERRAL",
    "CONTRACT_SENT",
    "TRAINING_COMPLETED",
    "CUSTOMER_ENGAGEMENT",
)


def random_batch(
    rng: random.Random, size: int, tag: str, reversal: bool = False
) -> list[ActivityInput]:
    items = []
    for n in range(size):
        kind = rng.choice(KINDS)
        attributes: dict[str, str] = {}
        if kind == "LEAD":
            attributes["qualification"] = rng.choice(("BANT", "MARKETING_QUALIFIED", "RAW_INQUIRY"))
        if kind == "TRANSFER" and rng.random() < 0.5:
            attributes["transferred"] = "true"
        amount = None
        if kind in ("CONTRACT_SENT", "ROI_DEMO") and rng.random() < 0.8:
            amount = Decimal(rng.randrange(1, 10**6)) / 100
            attributes["currency"] = rng.choice(("USD", "THB"))
        if reversal and n == 0:
            attributes["reversal"] = "FULL"
        items.append(
            ActivityInput(
                rep_id=rng.choice((2, 3, 4)),
                kind=kind,
                occurred_at=NOW - timedelta(minutes=rng.randrange(0, 6 * 24 * 60)),
                quantity=Decimal(rng.randrange(1, 4)),
                amount=amount,
                duration_seconds=rng.randrange(60, 40_000) if kind == "SHIFT" else None,
                account_id=None,
                contact=f"person {rng.randrange(6)}" if rng.random() < 0.6 else None,
                external_id=None if rng.random() < 0.1 else f"{tag}{n}",
                attributes=attributes_of(attributes),
            )
        )
    return items


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_set_based_fold_equals_the_engine_fold(
    sessions: async_sessionmaker[AsyncSession], seed: int
) -> None:
    team = await make_team(sessions)
    ops = team["ola"]
    wider = replace(
        STANDARD_METRICS_BY_KEY["REVENUE"], source_kinds=("SALE", "CONTRACT_SENT", "ROI_DEMO")
    )
    people = replace(STANDARD_METRICS_BY_KEY["CUSTOMERS"], source_kinds=("SALE", "CONTACT"))
    for draft in (wider, people):  # money in two currencies; distinct people contacted
        changed = await run(sessions, lambda s, d=draft: update_metric_definition(s, ops, NOW, d))
        assert changed.value is not None
    rng = random.Random(seed)
    first = random_batch(rng, 300, "a")
    for batch in (first, random_batch(rng, 300, "b"), first[:150]):  # the last one re-sent
        done = await run(sessions, lambda s, b=batch: record_activities(s, ops, NOW, b))
        assert done.refusals == []
    reversed_ = random_batch(rng, 20, "c", reversal=True)  # the Python path
    done = await run(sessions, lambda s: record_activities(s, ops, NOW, reversed_))
    assert done.refusals == []

    await assert_rollups_match_the_log(sessions)
    async with sessions() as session:
        money = await session.scalar(
            text("SELECT count(DISTINCT currency) FROM metric_currency_rollups")
        )
        keys = await session.scalar(text("SELECT count(*) FROM metric_distinct_keys"))
    assert (money, keys > 0) == (2, True)
