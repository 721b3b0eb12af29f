"""A finished request is freed by reference counting: none of it is left for the cyclic garbage
collector, whose collection of some two hundred objects per request every hundred requests or
so was an 8 ms pause in whichever request triggered it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from graphql import ASTValidationRule

from schema.context import Context
from tests.api.conftest import Api, People

QUERY = """
query Mine($n: Int!) {
  me { id name }
  myQuotes(first: $n) { totalCount edges { node { id } } }
}"""


@contextmanager
def cyclic_garbage() -> Iterator[list[object]]:
    """What the block leaves that only the cyclic collector would free."""
    gc.collect()
    found: list[object] = []
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.extend(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def _held_by_request(garbage: list[object]) -> list[str]:
    """The request-scoped objects among ``garbage``: a context, an executor, a rule class."""
    names = []
    for thing in garbage:
        kind = type(thing)
        if (
            isinstance(thing, Context)
            or kind.__name__.endswith("Executor")
            or (isinstance(thing, type) and issubclass(thing, ASTValidationRule))
            or kind.__module__.startswith("starlette.requests")
        ):
            names.append(f"{kind.__module__}.{kind.__qualname__}")
    return names


async def test_a_signed_in_query_with_variables_leaves_nothing_to_the_cyclic_collector(
    people: People,
) -> None:
    rep: Api = await people.sign_in(await people.add("Garbage Rep"))
    for _ in range(3):  # the first requests fill the process's caches
        await rep.data(QUERY, {"n": 5})

    with cyclic_garbage() as garbage:
        for size in (5, 6, 7):
            data = await rep.data(QUERY, {"n": size})
            assert data["me"]["name"] == "Garbage Rep"
        del data

    assert _held_by_request(garbage) == []
