"""The resolvers' async-work helpers without a reference back to the executor.

graphql-core's executor stores ``GraphQLResolveInfoHelpers(gather=self.gather_async_work,
track=self.track_async_work)`` on itself: bound methods of the executor, held by the
executor, a reference cycle. Reference counting therefore never frees a finished request's
executor, nor what it holds (the request's context and loaders, its variables, the collected
fields): about two hundred objects per request wait for the cyclic garbage collector, whose
collection of them every hundred requests or so was an 8 ms pause in whichever request
triggered it (most of ``priceQuote``'s p95 beyond the floor).

``AsyncWork`` does what those two methods do, holding only what they use: the executor's
awaitable test and the set of background futures its sub-executors share.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from graphql import GraphQLResolveInfoHelpers
from graphql.execution import Executor
from graphql.pyutils import gather_with_cancel


class AsyncWork:
    """``track`` and ``gather`` as graphql-core's executor has them (``track_async_work``,
    ``gather_async_work``), bound to this small holder instead of the executor."""

    __slots__ = ("background_futures", "is_awaitable")

    def __init__(self, is_awaitable: Callable[[Any], bool], background_futures: set[Any]) -> None:
        self.is_awaitable = is_awaitable
        self.background_futures = background_futures

    def track(self, values: Sequence[Any]) -> None:
        awaitables = [value for value in values if self.is_awaitable(value)]
        if awaitables:
            # graphql-core's own settling; it reads only ``background_futures``.
            Executor.settle_in_background(self, awaitables)  # type: ignore[arg-type]

    @staticmethod
    def gather(values: Sequence[Awaitable[Any]]) -> Awaitable[list[Any]]:
        return gather_with_cancel(*values)


def acyclic_helpers(executor: Executor[Any]) -> GraphQLResolveInfoHelpers:
    """The helpers for ``executor``'s resolvers, holding nothing that holds the executor."""
    work = AsyncWork(executor.is_awaitable, executor.background_futures)
    return GraphQLResolveInfoHelpers(gather=work.gather, track=work.track)
