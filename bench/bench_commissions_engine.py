"""Benchmark of the pure commissions engine.

Fixed synthetic data (seeded): a plan of 8 components (base rate, product
rate, de-emphasis, discount modifier, quarter-end accelerator, segment
incentive, quota tiers with gate and attainment cap, a SPIF), deals of 1-5
lines. Prints one line per measurement:

* ``estimate_deal`` for a 50-line deal against a rep with 2,000 credits in the
  period, state built once, for marginal and retroactive tiers (p50/p95/max);
* ``compute_period`` for one rep with 2,000 credits;
* ``compute_period`` for 200 reps x 500 credits (100,000 credits), total;
* with ``--fixed``, the same plan plus a fixed amount per unit (three quantity tiers,
  by family) and per deal: ``estimate_deal`` per tier mode, for a deal in EUR converted
  with dated rates, and ``compute_period`` for 200 x 500 credits of which one in five is
  in EUR (converted when the period is computed).

Target: an estimate well under a few ms.

    python bench/bench_commissions_engine.py [--runs 200]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commissions import (
    Account,
    Assignment,
    Award,
    AwardKind,
    BaseRate,
    Credit,
    Deal,
    DealLine,
    DealStatus,
    ExchangeRate,
    FiscalCalendar,
    Measure,
    PeriodKind,
    PlanVersion,
    ProductRate,
    QuotaTiers,
    RateModifier,
    SegmentIncentive,
    Spif,
    Tier,
    TierMode,
    TimingAccelerator,
    UnitAmount,
    UnitTier,
    compute_period,
    credit_deal,
    estimate_deal,
)

CALENDAR = FiscalCalendar(first_month=2)
PERIOD = CALENDAR.period(PeriodKind.QUARTER, 2026, 1)  # Feb 1 - Apr 30, 2025
PRODUCTS = [f"P{i}" for i in range(40)] + ["X", "Y", "Z"]


def plan(mode: TierMode) -> PlanVersion:
    """The benchmark plan: exactly 8 components."""
    tiers = (
        Tier("Slow", Decimal(0), Decimal("0.5")),
        Tier("Base", Decimal("0.5"), Decimal(1)),
        Tier("Acc 1", Decimal(1), Decimal("1.5")),
        Tier("Acc 2", Decimal("1.5"), Decimal(2)),
    )
    return PlanVersion(
        "PLAN",
        1,
        "Bench plan",
        date(2024, 1, 1),
        None,
        "USD",
        PeriodKind.QUARTER,
        (
            BaseRate("base", "Base 15%", Decimal("0.15")),
            ProductRate("x", "Product X 20%", Decimal("0.20"), product_ids=("X",)),
            ProductRate("z", "Product Z 5%", Decimal("0.05"), product_ids=("Z",)),
            RateModifier(
                "disc", "Discount > 20%", Measure.DISCOUNT, Decimal("0.5"), above=Decimal("0.2")
            ),
            TimingAccelerator("qend", "Quarter end x1.2", Decimal("1.2"), days=14),
            SegmentIncentive(
                "ent", "Enterprise +2%", segments=("ENT",), extra_rate=Decimal("0.02")
            ),
            QuotaTiers(
                "tiers", "Tiers", mode, tiers, gate=Decimal("0.25"), max_attainment=Decimal(3)
            ),
            Spif(
                "spif",
                "10 Y: a trip",
                PERIOD.start,
                PERIOD.end,
                Decimal(10),
                Award(AwardKind.NON_CASH, Decimal(3000), "Trip"),
                product_ids=("Y",),
            ),
        ),
    )


UNITS = UnitAmount(
    "units",
    "Per unit",
    Decimal(5),
    families=("F0", "F1"),
    tiers=(
        UnitTier("3+", Decimal(3), Decimal("7.5")),
        UnitTier("4+", Decimal(4), Decimal(9)),
        UnitTier("5+", Decimal(5), Decimal(12)),
    ),
    amount_per_deal=Decimal(50),
)
RATES = tuple(
    ExchangeRate("EUR", "USD", Decimal("1.05") + Decimal(month) / 100, date(2025, month, 1))
    for month in range(1, 13)
)
"""A rate a month: a credit's date picks one of twelve."""
FIXED = False
"""``--fixed``: plans carry ``UNITS`` and one deal in five is in EUR."""


def with_units(version: PlanVersion) -> PlanVersion:
    return dataclasses.replace(version, components=(*version.components, UNITS))


def make_deal(
    rng: random.Random, deal_id: str, owner: str, lines: int, close: date, currency: str = "USD"
) -> Deal:
    return Deal(
        deal_id,
        owner,
        DealStatus.WON,
        close,
        currency,
        tuple(
            DealLine(
                f"L{i}",
                rng.choice(PRODUCTS),
                f"F{i % 4}",
                Decimal(rng.randint(100, 20_000)),
                Decimal(rng.randint(1, 5)),
                rng.choice((Decimal(0), Decimal("0.1"), Decimal("0.25"))),
            )
            for i in range(lines)
        ),
        Account(rng.choice(("SMB", "ENT")), "RETAIL", rng.random() < 0.2),
    )


def credits_for(rng: random.Random, rep: str, count: int) -> tuple[Credit, ...]:
    days = (PERIOD.end - PERIOD.start).days
    return tuple(
        credit_deal(
            make_deal(
                rng,
                f"{rep}-D{i:05d}",
                rep,
                rng.randint(1, 5),
                PERIOD.start + timedelta(days=rng.randint(0, days - 1)),
                "EUR" if FIXED and i % 5 == 0 else "USD",
            )
        ).credits[0]
        for i in range(count)
    )


def assignment(rep: str, credits: tuple[Credit, ...]) -> Assignment:
    """Quota set so the rep ends the period at about 110 %, past the first accelerator."""
    revenue = sum(line.amount for credit in credits for line in credit.lines)
    return Assignment(
        f"A-{rep}", rep, "PLAN", date(2024, 1, 1), None, (revenue / Decimal("1.1")).quantize(1)
    )


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"p50 {statistics.median(ms):7.3f} ms  p95 {p95:7.3f} ms  max {ms[-1]:7.3f} ms"


def bench_estimate(mode: TierMode, runs: int, currency: str = "USD") -> None:
    rng = random.Random(7)
    version = with_units(plan(mode)) if FIXED else plan(mode)
    credits = credits_for(rng, "alice", 2000)
    started = time.perf_counter()
    result = compute_period(
        (version,), assignment("alice", credits), credits, CALENDAR, PERIOD, rates=RATES
    )
    built = time.perf_counter() - started
    new = make_deal(rng, "NEW", "alice", 50, PERIOD.end, currency)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        estimate = estimate_deal(result.state, new, (version,), CALENDAR, rates=RATES)
        samples.append(time.perf_counter() - started)
    assert estimate.ok, estimate.refusals
    extra = f" + unit amounts, {currency} deal" if FIXED else ""
    print(
        f"estimate_deal  50 lines, 2,000 credits in state, {mode.value.lower():15s}{extra} "
        f"{percentiles(samples)}  (state built once in {built * 1000:.1f} ms)"
    )


def bench_periods(reps: int, per_rep: int) -> None:
    rng = random.Random(11)
    version = with_units(plan(TierMode.MARGINAL)) if FIXED else plan(TierMode.MARGINAL)
    ledgers = [credits_for(rng, f"rep{r}", per_rep) for r in range(reps)]
    started = time.perf_counter()
    for credits in ledgers:
        result = compute_period(
            (version,),
            assignment(credits[0].rep_id, credits),
            credits,
            CALENDAR,
            PERIOD,
            rates=RATES,
        )
        assert result.ok, result.refusals
    elapsed = time.perf_counter() - started
    total = reps * per_rep
    extra = " + unit amounts, 1 in 5 in EUR" if FIXED else ""
    print(
        f"compute_period {reps} reps x {per_rep} credits ({total:,} credits){extra}  "
        f"total {elapsed:6.2f} s  "
        f"({elapsed / total * 1e6:.1f} us per credit)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--fixed", action="store_true", help="add unit amounts and EUR deals")
    args = parser.parse_args()
    global FIXED
    FIXED = args.fixed
    gc.collect()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    for mode in TierMode:
        bench_estimate(mode, args.runs)
    if FIXED:
        bench_estimate(TierMode.MARGINAL, args.runs, "EUR")
    bench_periods(200, 500)


if __name__ == "__main__":
    main()
