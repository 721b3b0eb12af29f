"""``PlainLeafExecutor`` answers exactly as strawberry's own executor: the same data, the same
errors (message, path, null propagation), for plain leaves, plain objects, awaited fields
below a plain object, and fields that are not plain (resolvers, permissions, arguments)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry.permission import BasePermission
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.assembly import build_schema
from schema.plain_leaves import (
    EXTENSION_KEY,
    PlainLeafExecutor,
    executor_class,
    index_plain_leaves,
)


@strawberry.enum(description="A colour.")
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


class Never(BasePermission):
    message = "no"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Amount:
    value: Decimal
    currency: str
    note: str | None = None


class Broken:
    """An attribute that raises when read, as a faulty property would."""

    @property
    def value(self) -> Decimal:
        raise ValueError("broken value")

    currency = "USD"
    note = None


@strawberry.type
class Item:
    name: str
    colour: Colour
    amount: Amount
    maybe: Amount | None
    required: str
    tags: list[str]
    parts: list[Amount]
    maybe_tags: list[str | None]
    secret: str | None = strawberry.field(permission_classes=[Never], default="s")

    @strawberry.field
    async def later(self) -> Amount:
        await asyncio.sleep(0)
        return self.amount

    @strawberry.field
    def twice(self, times: int = 2) -> str:
        return self.name * times


@strawberry.type
class Holder:
    item: Item
    optional_item: Item | None


def _item(**changes: Any) -> Item:
    values: dict[str, Any] = {
        "name": "a",
        "colour": Colour.BLUE,
        "amount": Amount(value=Decimal("1.50"), currency="USD"),
        "maybe": None,
        "required": "r",
        "tags": ["x", "y"],
        "parts": [Amount(value=Decimal("0.5"), currency="USD")],
        "maybe_tags": ["z", None],
    }
    values.update(changes)
    return Item(**values)


@strawberry.type
class Query:
    @strawberry.field
    def holder(self, case: str) -> Holder:
        if case == "null_leaf":
            return Holder(item=_item(), optional_item=_item(required=None))
        if case == "broken":
            return Holder(item=_item(), optional_item=_item(amount=Broken()))
        if case == "required_null":
            return Holder(item=_item(required=None), optional_item=None)
        if case == "broken_part":  # an item's field raises: the list's parent goes null
            return Holder(item=_item(), optional_item=_item(parts=[Broken()]))
        if case == "null_item":  # a null in a list of non-null items
            return Holder(item=_item(), optional_item=_item(tags=["x", None]))
        if case == "not_a_list":
            return Holder(item=_item(), optional_item=_item(tags=7))
        return Holder(
            item=_item(maybe=Amount(value=Decimal(2), currency="EUR")), optional_item=None
        )


QUERY = """query Q($case: String!) { holder(case: $case) {
  item { name colour required tags twice(times: 3) secret maybeTags
         parts { value currency } amount { value currency note } maybe { value currency }
         later { value } }
  optionalItem { name required tags parts { value note } amount { value currency }
                 later { currency } }
} }"""


def _schema(executor: type[Any]) -> strawberry.Schema:
    schema = strawberry.Schema(query=Query, execution_context_class=executor)
    index_plain_leaves(schema._schema, schema.config.default_resolver)
    return schema


CASES = (
    "ok",
    "null_leaf",
    "broken",
    "required_null",
    "broken_part",
    "null_item",
    "not_a_list",
)


def _answer(
    executor: type[Any], case: str, query: str = QUERY
) -> tuple[Any, list[tuple[str, Any]]]:
    result = asyncio.run(_schema(executor).execute(query, variable_values={"case": case}))
    errors = sorted((e.message, e.path) for e in result.errors or [])
    return result.data, errors


def test_the_same_answers_and_errors_as_strawberrys_executor() -> None:
    for case in CASES:
        assert _answer(PlainLeafExecutor, case) == _answer(
            StrawberryGraphQLCoreExecutionContext, case
        ), case


def test_the_errors_are_the_ones_expected() -> None:
    data, errors = _answer(PlainLeafExecutor, "null_leaf")
    assert data is not None and data["holder"]["optionalItem"] is None
    assert (
        "Cannot return null for non-nullable field Item.required.",
        ["holder", "optionalItem", "required"],
    ) in errors
    assert ("no", ["holder", "item", "secret"]) in errors
    data, errors = _answer(PlainLeafExecutor, "broken")
    assert ("broken value", ["holder", "optionalItem", "amount", "value"]) in errors
    data, errors = _answer(PlainLeafExecutor, "broken_part")
    assert data is not None and data["holder"]["optionalItem"] is None
    assert ("broken value", ["holder", "optionalItem", "parts", 0, "value"]) in errors
    data, errors = _answer(PlainLeafExecutor, "ok")
    assert data is not None and data["holder"]["item"]["parts"] == [
        {"value": "0.5", "currency": "USD"}
    ]
    assert data["holder"]["item"]["tags"] == ["x", "y"]
    assert data["holder"]["item"]["maybeTags"] == ["z", None]


def test_plain_fields_are_indexed_and_the_others_are_not() -> None:
    schema = _schema(PlainLeafExecutor)
    table = {t.name: set(f) for t, f in schema._schema.extensions[EXTENSION_KEY].items()}
    assert table["Amount"] == {"value", "currency", "note"}
    assert table["Item"] == {
        "name",
        "colour",
        "amount",
        "maybe",
        "required",
        "tags",
        "parts",
    }  # no list of nullable items, resolver, permission
    assert table["Holder"] == {"item", "optionalItem"}


def test_the_api_schema_uses_it() -> None:
    assert executor_class() is PlainLeafExecutor
    schema = build_schema()
    assert schema.execution_context_class is PlainLeafExecutor
    table = {t.name: set(f) for t, f in schema._schema.extensions[EXTENSION_KEY].items()}
    assert {"amount", "currency"} <= table["Money"]
    assert "costAmount" not in table["PricedLine"]  # a permission extension: not plain
