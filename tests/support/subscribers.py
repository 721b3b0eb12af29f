"""Wait until a live server has registered a subscription, instead of sleeping a guess.

A ``subscribe`` message has no acknowledgement in graphql-transport-ws: the server starts
listening for events some moments later, after it has checked the operation and who asks.
An event published before then is not heard. The server's ``dealdesk_event_subscribers``
gauge (``/metrics``) counts the subscriptions listening; a test reads it before it
subscribes and waits for it to grow (a fixed sleep failed on a loaded machine).
"""

from __future__ import annotations

import asyncio
import re

import httpx

GAUGE = re.compile(r"^dealdesk_event_subscribers (\S+)$", re.MULTILINE)


async def subscribers(base: str) -> int:
    """How many subscriptions the server at ``base`` (``host:port``) has listening."""
    async with httpx.AsyncClient() as client:
        response = await client.get(f"http://{base}/metrics", timeout=5)
    found = GAUGE.search(response.text)
    assert found is not None, "the server exports no dealdesk_event_subscribers"
    return int(float(found.group(1)))


async def listening(
    base: str, before: int, *answered: asyncio.Queue, new: int = 1, timeout: float = 10
) -> None:
    """Return once the server at ``base`` has ``new`` more subscriptions listening than it had
    (``before``, read before subscribing), or as soon as one of the ``answered`` queues holds a
    message (a refused subscription is answered and never listens).

    An earlier test's subscription may still be closing: the count it left is not counted
    against this one (the lowest count seen is the baseline). After ``timeout`` it gives up
    quietly: the test's own wait for the event then says what went wrong."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    baseline = before
    while loop.time() < deadline:
        count = await subscribers(base)
        baseline = min(baseline, count)
        if count >= baseline + new or any(not queue.empty() for queue in answered):
            return
        await asyncio.sleep(0.02)
