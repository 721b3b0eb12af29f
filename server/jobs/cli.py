"""``dealdesk worker``: a worker in this process until SIGTERM, SIGINT or SIGHUP.

The signals are taken over by the event loop while the worker runs (the CLI's own handlers,
which raise ``Stop``, would cut a running job in half) and given back afterwards.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable

from server.settings import Settings
from server.stopping import STOP_SIGNALS


def work(settings: Settings, url: str, extra_task_modules: Iterable[str]) -> None:
    asyncio.run(_work(settings, url, tuple(extra_task_modules)))


async def _work(settings: Settings, url: str, extra_task_modules: tuple[str, ...]) -> None:
    from db.engine import create_engine, create_session_factory
    from server.app import pricing_policy
    from server.jobs.worker import runtime_for, worker_running

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    engine = create_engine(
        url,
        pool_size=settings.worker_concurrency + 1,
        statement_timeout_seconds=settings.statement_timeout_seconds,
    )
    try:
        runtime = runtime_for(settings, create_session_factory(engine), pricing_policy(settings))
        async with worker_running(
            settings, url, runtime, extra_task_modules=extra_task_modules
        ) as running:
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if running.done():
                running.result()  # a worker that ended by itself failed: say why
    finally:
        await engine.dispose()
        for sig, handler in previous.items():
            loop.remove_signal_handler(sig)
            signal.signal(sig, handler)
