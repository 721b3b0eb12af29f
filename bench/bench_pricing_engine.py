"""Benchmark of the pure pricing engine: full pricing per quote size, and one-line edits.

Fixed synthetic data (seeded): 500 products in 25 families, a standard and two
segment books, contracted prices, and 200 rules (discount schedules, block
prices, promotions; five family tiers aggregate across the quote), plus floors,
costs and a 3 % quote discount. Prints one line per size, then a chain of
one-line edits of the 1,000-line quote (quantity or rep discount of a random line)
each repriced incrementally from the previous state (``pricing.incremental``),
checked every 25 edits against a full price, digit for digit (outside the timing).
The engine keeps the indexes it builds over a rule set
(``pricing.context.shared_context``) for the next quote over the same catalog
objects; the 1,000-line quote is also priced "cold", over a fresh copy of the
catalog each run, which builds them again. Wall-clock and CPU time are both
printed: on a shared machine the CPU time is the steadier figure. After each series, the
GC passes per run (by generation) and the CPU time spent in them tell the collector's
share of a run from the machine's noise. The 1,000-line quote is also priced as
``services.pricing`` calls the engine: with the collector paused around the call
(``services.collector``), the young generation's deferred collection timed with it.
Last, the cold 1,000-line price runs under the served process's collector settings
(``server.gc_tuning``: start-up heap frozen, young threshold 20,000), alone and paused
as ``services.pricing`` calls it; every row before it runs under the interpreter's
default settings (threshold 700), as it always did.
Goals (issue 15): a 1,000-line quote in ≤ 50 ms; a one-line edit reprices in ≤ 5 ms.

    python bench/bench_pricing_engine.py [--runs 30] [--edits 200]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import partial
from typing import TypeVar

from harness import percentiles

import pricing
from pricing import (
    Account,
    AmountOff,
    Block,
    BlockPrice,
    ContractedPrice,
    DiscountSchedule,
    FloorPrice,
    GuardrailPolicy,
    Money,
    PercentOff,
    PriceBook,
    PriceBookEntry,
    PricingRequest,
    Product,
    Promotion,
    QuoteLineInput,
    ScheduleBasis,
    Tier,
    TierMethod,
    price_quote,
)
from pricing.incremental import PricingState, price_with_state, reprice
from server.gc_tuning import tune_gc
from services.collector import collector_paused

T = TypeVar("T")
SIZES = (10, 100, 1000)
PRODUCTS = 500
FAMILIES = 25
CURRENCY = "USD"
TODAY = date(2025, 6, 1)


def usd(amount: str) -> Money:
    return Money(Decimal(amount), CURRENCY)


def build_catalog(rng: random.Random) -> PricingRequest:
    """A quote with everything but the lines: what the resolver would load once per quote.

    Products, books, contracts and exactly 200 rules, plus floors, the same on every run.
    """
    products = tuple(
        Product(
            f"p{i}",
            f"Product {i}",
            family=f"f{i % FAMILIES}",
            unit_costs=(usd(f"{rng.randint(5, 60)}.{rng.randint(0, 99):02d}"),),
        )
        for i in range(PRODUCTS)
    )
    standard = PriceBook(
        "book-std",
        "Standard",
        entries=tuple(
            PriceBookEntry(
                f"e{i}", f"p{i}", usd(f"{rng.randint(80, 900)}.{rng.randint(0, 99):02d}")
            )
            for i in range(PRODUCTS)
        ),
    )
    enterprise = PriceBook(
        "book-ent",
        "Enterprise",
        segment="enterprise",
        entries=tuple(
            PriceBookEntry(
                f"ee{i}", f"p{i}", usd(f"{rng.randint(70, 800)}.50"), valid_from=date(2024, 1, 1)
            )
            for i in range(0, PRODUCTS, 4)
        ),
    )
    emea = PriceBook(
        "book-emea",
        "EMEA Enterprise",
        segment="enterprise",
        region="emea",
        entries=tuple(
            PriceBookEntry(f"em{i}", f"p{i}", usd("75.25")) for i in range(0, PRODUCTS, 10)
        ),
    )
    contracts = tuple(
        ContractedPrice(f"c{i}", "acct-1", f"p{i}", usd("66.60"), valid_from=date(2025, 1, 1))
        for i in range(0, PRODUCTS, 25)
    )
    tiers = (
        Tier(1, 9, Decimal(0)),
        Tier(10, 49, Decimal(5)),
        Tier(50, 99, Decimal("7.5")),
        Tier(100, None, Decimal(12)),
    )
    schedules = [
        DiscountSchedule(
            f"s{i}",
            "Volume tier",
            tiers,
            product_id=f"p{i * 7}",
            method=TierMethod.GRADUATED if i % 2 else TierMethod.ALL_UNITS,
        )
        for i in range(50)
    ]
    schedules += [
        DiscountSchedule(
            f"sf{i}", "Family volume", tiers, family=f"f{i}", aggregate_across_quote=i % 3 == 0
        )
        for i in range(15)
    ]
    schedules += [
        DiscountSchedule(
            f"st{i}",
            "Term",
            (Tier(1, 11, Decimal(0)), Tier(12, 35, Decimal(4)), Tier(36, None, Decimal(9))),
            basis=ScheduleBasis.TERM_MONTHS,
            family=f"f{i}",
        )
        for i in range(15)
    ]
    blocks = [
        BlockPrice(
            f"b{i}",
            "Users",
            f"p{i * 13 + 1}",
            (
                Block(1, 10, usd("1000")),
                Block(11, 50, usd("4000")),
                Block(51, None, usd("9000")),
            ),
        )
        for i in range(20)
    ]
    promotions = []
    for i in range(100):
        target = (
            {"product_id": f"p{rng.randrange(PRODUCTS)}"}
            if i % 3
            else {"family": f"f{i % FAMILIES}"}
        )
        benefit = PercentOff(Decimal(rng.randint(1, 15))) if i % 4 else AmountOff(usd("3.50"))
        promotions.append(
            Promotion(
                f"promo{i}",
                f"Promo {i}",
                benefit,
                priority=rng.randint(1, 50),
                stackable=i % 7 != 0,
                segment="enterprise" if i % 5 == 0 else None,
                valid_from=date(2025, 1, 1),
                valid_to=date(2026, 1, 1) if i % 2 else None,
                **target,
            )
        )
    rules = len(schedules) + len(blocks) + len(promotions)
    assert rules == 200, rules
    floors = tuple(FloorPrice(f"fl{i}", f"p{i}", usd("40")) for i in range(0, PRODUCTS, 5))
    return PricingRequest(
        quote_id="q0",
        currency=CURRENCY,
        pricing_date=TODAY,
        account=Account("acct-1", "Acme", segment="enterprise", region="emea"),
        lines=(),
        products=products,
        price_books=(standard, enterprise, emea),
        contracted_prices=contracts,
        discount_schedules=tuple(schedules),
        block_prices=tuple(blocks),
        promotions=tuple(promotions),
        guardrails=GuardrailPolicy(floors, Decimal(15), Decimal(30)),
        quote_discount=PercentOff(Decimal(3)),
    )


def build_request(size: int, catalog: PricingRequest, rng: random.Random) -> PricingRequest:
    """``catalog`` with ``size`` lines over random products, some with rep discounts and terms."""
    lines = tuple(
        QuoteLineInput(
            f"l{n}",
            f"p{rng.randrange(PRODUCTS)}",
            rng.choice((1, 5, 12, 60, 150)),
            discount=PercentOff(Decimal(rng.randint(1, 20))) if n % 3 == 0 else None,
            term_months=rng.choice((None, 12, 36)),
        )
        for n in range(size)
    )
    return replace(catalog, quote_id=f"q{size}", lines=lines)


class Collections:
    """What the cyclic GC did inside the timed runs: passes per generation and their CPU time.

    The engine allocates tens of thousands of objects per 1,000-line quote, so the GC runs
    inside every full price; this tells its share from the machine's noise.
    """

    def __init__(self) -> None:
        self.passes = [0, 0, 0]
        self.cpu_ms: list[float] = []
        self._started = 0.0
        self._active = False

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if not self._active:
            return
        if phase == "start":
            self._started = time.process_time()
        else:
            self.passes[info["generation"]] += 1
            self.cpu_ms[-1] += (time.process_time() - self._started) * 1000

    def start_run(self) -> None:
        self.cpu_ms.append(0.0)
        self._active = True

    def end_run(self) -> None:
        self._active = False

    def report(self, what: str) -> str:
        runs = max(1, len(self.cpu_ms))
        per_run = ", ".join(f"gen{g} {n / runs:.1f}" for g, n in enumerate(self.passes))
        return f"{what}: GC passes per run {per_run}; GC CPU per run {percentiles(self.cpu_ms)}"


COLLECTIONS = Collections()
gc.callbacks.append(COLLECTIONS)


def timed(run: Callable[[], T], wall: list[float], cpu: list[float]) -> T:
    """Time ``run`` once, from the same heap each time (GC inside the run still counts)."""
    gc.collect()
    COLLECTIONS.start_run()
    start, start_cpu = time.perf_counter(), time.process_time()
    result = run()
    cpu.append((time.process_time() - start_cpu) * 1000)
    wall.append((time.perf_counter() - start) * 1000)
    COLLECTIONS.end_run()
    return result


def gc_report(what: str) -> None:
    """Print what the GC did in the runs timed since the last report, and start afresh."""
    global COLLECTIONS
    print(f"  {COLLECTIONS.report(what)}")
    gc.callbacks.remove(COLLECTIONS)
    COLLECTIONS = Collections()
    gc.callbacks.append(COLLECTIONS)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def verdict(samples: list[float], goal_ms: float) -> str:
    return f"p95 {p95(samples):.2f} ms vs goal {goal_ms:g} ms: {p95(samples) / goal_ms:.2f}x " + (
        "MET" if p95(samples) <= goal_ms else "NOT MET"
    )


def price_paused(request: PricingRequest) -> pricing.PricedQuote:
    """``price_quote`` as ``services.pricing`` calls it, the collector paused around the call
    (``collector_paused``), and the young generation's deferred collection counted with it."""
    with collector_paused():
        quote = price_quote(request)
    gc.collect(0)
    return quote


def one_line_edit(request: PricingRequest, rng: random.Random, n: int) -> PricingRequest:
    """``request`` with one random line's quantity (odd ``n``) or rep discount changed."""
    lines = list(request.lines)
    index = rng.randrange(len(lines))
    if n % 2:
        lines[index] = replace(lines[index], quantity=rng.choice((1, 5, 12, 60, 150, 7, 33)))
    else:
        lines[index] = replace(lines[index], discount=PercentOff(Decimal(rng.randint(0, 20))))
    return replace(request, lines=tuple(lines))


def bench_edits(request: PricingRequest, rng: random.Random, edits: int) -> None:
    state: PricingState = price_with_state(request)
    wall: list[float] = []
    cpu: list[float] = []
    for n in range(edits):
        request = one_line_edit(request, rng, n)
        state = timed(partial(reprice, state, request), wall, cpu)
        if n % 25 == 0 or n == edits - 1:  # digit for digit, outside the timing
            assert repr(state.quote) == repr(price_quote(request)), "incremental differs from full"
    print(f"one-line edit of {len(request.lines)} lines, wall  {percentiles(wall)}")
    print(f"one-line edit of {len(request.lines)} lines, CPU   {percentiles(cpu)}")
    gc_report("one-line edit")
    print(f"  goal: a one-line edit reprices in <= 5 ms: wall {verdict(wall, 5)}")
    print(f"                                               CPU  {verdict(cpu, 5)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--edits", type=int, default=200)
    arguments = parser.parse_args()
    runs = arguments.runs
    rng = random.Random(20250601)
    catalog = build_catalog(rng)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"pricing engine: {PRODUCTS} products, 200 rules, {runs} runs per size")
    print(f"machine: {os.cpu_count()} cores, load average {load} (1, 5, 15 min)")
    # An editable install resolves ``pricing`` to its own checkout, not this script's:
    # run with PYTHONPATH=. from another worktree to measure that tree's engine.
    print(f"engine measured: {os.path.dirname(pricing.__file__)}")
    request = catalog
    for size in SIZES:
        request = build_request(size, catalog, rng)
        quote = price_quote(request)  # warm-up, and a sanity check
        assert quote.complete and len(quote.lines) == size, quote.errors[:3]
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(runs):
            timed(partial(price_quote, request), wall, cpu)
        print(f"full price, lines={size:>5}, wall  {percentiles(wall)}")
        print(f"full price, lines={size:>5}, CPU   {percentiles(cpu)}")
        gc_report(f"full price, lines={size:>5}")
    print(f"  goal: 1,000 lines x 200 rules in <= 50 ms: wall {verdict(wall, 50)}")
    print(f"                                             CPU  {verdict(cpu, 50)}")
    paused_wall: list[float] = []
    paused_cpu: list[float] = []
    for _ in range(runs):
        timed(partial(price_paused, request), paused_wall, paused_cpu)
    served = f"full price, lines={size:>5}, as services.pricing calls it"
    print(f"{served}, wall  {percentiles(paused_wall)}")
    print(f"{served}, CPU   {percentiles(paused_cpu)}")
    gc_report(served)
    print(f"  served: wall {verdict(paused_wall, 50)}; CPU {verdict(paused_cpu, 50)}")
    cold_wall: list[float] = []
    cold_cpu: list[float] = []
    for _ in range(runs):
        fresh = replace(request, products=tuple([*request.products]))  # a new rule set
        timed(partial(price_quote, fresh), cold_wall, cold_cpu)
    print(f"full price, lines={size:>5}, cold rule set, wall  {percentiles(cold_wall)}")
    print(f"full price, lines={size:>5}, cold rule set, CPU   {percentiles(cold_cpu)}")
    gc_report(f"full price, lines={size:>5}, cold rule set")
    print(f"  cold: wall {verdict(cold_wall, 50)}; CPU {verdict(cold_cpu, 50)}")
    bench_edits(request, rng, arguments.edits)
    bench_server_gc(request, runs)


def bench_server_gc(request: PricingRequest, runs: int) -> None:
    """The cold 1,000-line price again under the served process's collector settings
    (``server.gc_tuning.tune_gc``: start-up heap frozen, young threshold 20,000), alone
    and as ``services.pricing`` calls it; the default settings are restored after.
    Every row above ran under the interpreter's defaults (threshold 700)."""
    thresholds = gc.get_threshold()
    tune_gc()
    try:
        label = f"full price, lines={len(request.lines):>5}, cold rule set, server GC settings"
        for what, price in ((label, price_quote), (f"{label}, paused", price_paused)):
            wall: list[float] = []
            cpu: list[float] = []
            for _ in range(runs):
                fresh = replace(request, products=tuple([*request.products]))
                timed(partial(price, fresh), wall, cpu)
            print(f"{what}, wall  {percentiles(wall)}")
            print(f"{what}, CPU   {percentiles(cpu)}")
            gc_report(what)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


if __name__ == "__main__":
    main()
