"""Benchmark: a period under several assignments vs one (people who change).

The engine bench's plan and seeded credits (``bench_commissions_engine``), for ``--reps``
reps x ``--credits`` credits each, computed three ways in the same run, CPU time (process
time, so other load on the machine counts less):

* ``compute_period`` with one assignment for the whole period (the floor);
* ``compute_split_period`` with that one assignment (must equal it; its overhead);
* ``compute_split_period`` with the period cut into two assignments mid-quarter, each
  prorated (quota, amounts, caps) and computed on its credits.

    python bench/bench_split_period.py [--reps 200 --credits 500]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_commissions_engine import (
    CALENDAR,
    PERIOD,
    assignment,
    credits_for,
    plan,
)

from commissions import TierMode, compute_period, compute_split_period


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--credits", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(11)
    version = plan(TierMode.MARGINAL)
    ledgers = [credits_for(rng, f"rep{r}", args.credits) for r in range(args.reps)]
    middle = PERIOD.start + timedelta(days=45)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    timings = {}
    for name in ("whole", "split-one", "split-two"):
        started = time.process_time()
        for credits in ledgers:
            whole = assignment(credits[0].rep_id, credits)
            if name == "whole":
                result = compute_period((version,), whole, credits, CALENDAR, PERIOD)
            elif name == "split-one":
                result = compute_split_period(
                    (version,), (whole,), credits, CALENDAR, PERIOD
                ).result
            else:
                first = dataclasses.replace(whole, end=middle - timedelta(days=1))
                second = dataclasses.replace(whole, assignment_id="B", start=middle)
                split = compute_split_period((version,), (first, second), credits, CALENDAR, PERIOD)
                result = split.result
            assert result.ok, result.refusals
        timings[name] = time.process_time() - started
    total = args.reps * args.credits
    for name, seconds in timings.items():
        print(
            f"{name:10s} {args.reps} reps x {args.credits} credits: CPU {seconds:6.2f} s "
            f"({seconds / total * 1e6:.1f} us per credit, {seconds / timings['whole']:.2f}x whole)"
        )


if __name__ == "__main__":
    main()
