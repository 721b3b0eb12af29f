"""Benchmark of what draws, holds and carried balances add to a period close (issue 19).

The close's payout hook per statement (``services.commissions.payouts.payout_of``) is
``apply_holds`` over the statement's credit entries (only when the plan holds or an
earlier statement still holds money) and ``settle_payout``. This prints, for 200 reps x
500 credit entries (100,000, as the close benchmark), the CPU time of:

* the hook when no plan holds (the default): settle only;
* the hook when every plan holds and one quote in two has its invoice paid;
* a floor in the same run: one pass building a tuple per entry (what any per-credit work costs).

    python bench/bench_payouts.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from commissions.draws import Draw, DrawKind
from commissions.holds import DealAmount, apply_holds
from commissions.payouts import PayoutCarry, settle_payout

REPS = 200
ENTRIES = 500


def data() -> list[list[tuple[str, Decimal, bool]]]:
    rng = random.Random(19)
    return [
        [
            (
                str(rng.randrange(1, 50_000)),
                Decimal(rng.randrange(1, 100_000)) / 100,
                rng.random() < 0.05,
            )
            for _ in range(ENTRIES)
        ]
        for _ in range(REPS)
    ]


def close(reps: list, holding: bool, paid: frozenset[str]) -> None:
    draw = Draw(DrawKind.RECOVERABLE, Decimal("1000.00"))
    for entries in reps:
        amounts = [DealAmount(q, a, c) for q, a, c in entries] if holding else []
        holds = apply_holds(amounts, paid, {}, holding)
        earned = sum((a for _, a, _ in entries), Decimal(0))
        settle_payout(earned, holds, PayoutCarry(), draw)


def floor(reps: list) -> None:
    for entries in reps:
        [(q, a, c) for q, a, c in entries]


def timed(work, runs: int) -> float:
    spent = []
    for _ in range(runs):
        start = time.process_time()
        work()
        spent.append(time.process_time() - start)
    return statistics.median(spent) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    reps = data()
    paid = frozenset(str(q) for q in range(1, 50_000, 2))
    load = os.getloadavg()[0]
    print(f"load average {load:.1f}; {REPS} reps x {ENTRIES} entries; CPU ms, median of {runs}")
    print(f"floor (one pass, a tuple per entry)   {timed(lambda: floor(reps), runs):8.1f}")
    plain = timed(lambda: close(reps, False, paid), runs)
    print(f"payout hook, no plan holds            {plain:8.1f}")
    print(
        f"payout hook, every plan holds         {timed(lambda: close(reps, True, paid), runs):8.1f}"
    )


if __name__ == "__main__":
    main()
