"""Lean resolvers answer exactly as strawberry's own resolve functions: the same data and the
same errors for resolvers taking ``self``, ``root`` or ``info`` (sync, async, returning an
awaitable), while a field with an argument, a permission or in a subscription keeps
strawberry's resolve function."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from strawberry.permission import BasePermission

from schema.assembly import build_schema
from schema.lean_resolvers import use_lean_resolvers


class Allowed(BasePermission):
    message = "no"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return bool(info.context["allowed"])


async def later(value: str) -> str:
    await asyncio.sleep(0)
    return value


def by_root(root: Item, info: strawberry.Info) -> str:
    return f"{root.name}:{info.field_name}:{info.context['who']}"


@strawberry.type
class Item:
    name: str
    by_root: str = strawberry.field(resolver=by_root)

    @strawberry.field
    def by_self(self, info: strawberry.Info) -> str:
        return f"{self.name}:{info.path.key}"

    @strawberry.field
    def bare(self) -> int:
        return len(self.name)

    @strawberry.field
    async def awaited(self) -> str:
        return await later(self.name.upper())

    @strawberry.field(graphql_type=str)
    def awaitable(self) -> Any:  # a sync resolver handing back an awaitable
        return later(self.name.lower())

    @strawberry.field
    def fails(self) -> str | None:
        raise ValueError(f"broken {self.name}")

    @strawberry.field
    def null(self) -> str:
        return None  # type: ignore[return-value]

    @strawberry.field
    def with_argument(self, times: int) -> str:
        return self.name * times

    @strawberry.field(permission_classes=[Allowed])
    def guarded(self) -> str:
        return "secret"


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(name="a"), Item(name="bc")]


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncGenerator[int, None]:
        yield 1


DOCUMENT = """{ items { name byRoot bySelf bare awaited awaitable fails withArgument(times: 2)
  guarded } }"""


def answer(lean: bool, allowed: bool, document: str = DOCUMENT) -> dict[str, Any]:
    schema = strawberry.Schema(query=Query, subscription=Subscription)
    if lean:
        assert use_lean_resolvers(schema._schema, schema.config.info_class, ()) > 0
    context = {"who": "me", "allowed": allowed}
    result = asyncio.run(schema.execute(document, context_value=context))
    return {
        "data": result.data,
        "errors": [(e.message, e.path) for e in result.errors or []],
    }


def test_lean_answers_as_strawberry() -> None:
    for allowed in (True, False):
        assert answer(True, allowed) == answer(False, allowed)
    answered = answer(True, True)
    assert answered["data"]["items"][1]["byRoot"] == "bc:byRoot:me"
    assert answered["data"]["items"][1]["bySelf"] == "bc:bySelf"
    assert answered["errors"] == [
        ("broken a", ["items", 0, "fails"]),
        ("broken bc", ["items", 1, "fails"]),
    ]


def test_null_in_a_non_null_field_is_reported_the_same() -> None:
    document = "{ items { name null } }"
    assert answer(True, True, document) == answer(False, True, document)
    assert answer(True, True, document)["data"] is None  # up to the non-null root


def test_only_simple_fields_are_lean() -> None:
    schema = strawberry.Schema(query=Query, subscription=Subscription)
    assert use_lean_resolvers(schema._schema, schema.config.info_class, ()) == 8  # Item's 7, items
    fields = schema._schema.type_map["Item"].fields  # type: ignore[attr-defined]
    lean = {name for name, f in fields.items() if f.resolve.__name__ == "lean"}
    assert lean == {"byRoot", "bySelf", "bare", "awaited", "awaitable", "fails", "null"}
    assert fields["withArgument"].resolve.__name__ != "lean"
    assert fields["guarded"].resolve.__name__ != "lean"
    assert fields["name"].resolve.__name__ == "_get_basic_result"
    ticks = schema._schema.subscription_type.fields["ticks"]  # type: ignore[union-attr]
    assert ticks.resolve is None or ticks.resolve.__name__ != "lean"


def test_a_schema_with_exception_handlers_is_left_alone() -> None:
    schema = strawberry.Schema(query=Query)
    assert use_lean_resolvers(schema._schema, schema.config.info_class, ("a handler",)) == 0


def test_the_api_schema_uses_them_where_it_may() -> None:
    schema = build_schema()
    request = schema._schema.type_map["ApprovalRequest"].fields  # type: ignore[attr-defined]
    assert request["plan"].resolve.__name__ == "lean"
    assert request["myTurn"].resolve.__name__ == "lean"
    inbox = schema._schema.query_type.fields["myApprovalInbox"]  # type: ignore[union-attr]
    assert inbox.resolve.__name__ != "lean"  # signed in: a permission extension
