"""The close's payout hooks at scale: ``bench_close`` (200 reps x 500 credits) with the two
hooks the close calls for draws, holds and carries (``payout_inputs``,
``draw_only_statements``) timed, wall and CPU, beside the whole close's figures.

    python bench/bench_close_payout_hooks.py [--runs 3]

Runs on its own database (``dealdesk_bench_close_payout_hooks``, dropped at the end), so it
never disturbs a ``bench_close`` run of someone else on the same server.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_close

from services.commissions import closing

SPENT: dict[str, list[float]] = {}


def timed(name: str, hook: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    SPENT[name] = [0.0, 0.0]

    async def run(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return await hook(*args, **kwargs)
        finally:
            SPENT[name][0] += time.perf_counter() - wall
            SPENT[name][1] += time.thread_time() - cpu

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    closing.payout_inputs = timed("payout_inputs", closing.payout_inputs)  # type: ignore[assignment]
    closing.draw_only_statements = timed(  # type: ignore[assignment]
        "draw_only_statements", closing.draw_only_statements
    )
    bench_close.DATABASE = "dealdesk_bench_close_payout_hooks"
    sys.argv = [sys.argv[0], "--runs", str(runs)]
    bench_close.main()
    for name, (wall, cpu) in SPENT.items():
        print(
            f"hook {name}: wall {wall / runs * 1000:.1f} ms,"
            f" cpu {cpu / runs * 1000:.1f} ms per close"
        )


if __name__ == "__main__":
    main()
