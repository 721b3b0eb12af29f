"""Query cost: nested lists count by the sizes they can return, so a query that could
return millions of objects is refused before it runs, and the app's screens are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    FragmentDefinitionNode,
    GraphQLList,
    GraphQLNonNull,
    OperationDefinitionNode,
    parse,
)

from db.models.users import Role
from schema.assembly import SchemaLimits, build_schema
from schema.limits import LIST_BOUNDS, SIZED_BY_ARGUMENT, estimate_cost
from tests.api.approvals.test_inbox_and_people import INBOX
from tests.api.conftest import People
from tests.api.quotes.conftest import CREATE as CREATE_QUOTE
from tests.api.quotes.test_my_quotes import LIST as MY_QUOTES

ROOT = Path(__file__).resolve().parents[2]
LIMITS = SchemaLimits()
SCHEMA = build_schema(LIMITS)._schema
# The reproducer of issue 10: 29 aliases (under the alias limit) of 200 quotes with their lines.
QUOTES_WITH_LINES = (
    "{ "
    + " ".join(
        f"q{i}: myQuotes(first: 200) {{ edges {{ node {{ lines {{ key }} }} }} }}"
        for i in range(29)
    )
    + " }"
)
PAGED_BY_VARIABLE = (
    "query($n: Int) { "
    + " ".join(
        f"q{i}: myQuotes(first: $n) {{ edges {{ node {{ lines {{ key }} }} }} }}" for i in range(5)
    )
    + " }"
)


def cost(document: str, variables: dict | None = None) -> int:
    parsed = parse(document)
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    return estimate_cost(
        operation,
        SCHEMA,
        fragments,
        variables=variables,
        default_size=LIMITS.default_page_size,
        max_size=LIMITS.max_page_size,
    )


async def test_many_pages_of_quotes_with_their_lines_are_refused_before_anything_runs(
    people: People, statements
) -> None:
    rep = await people.sign_in(await people.add("Rob Rep", Role.REP))
    statements.count = 0

    body = await rep(QUOTES_WITH_LINES)

    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > error["extensions"]["maxCost"] == LIMITS.max_cost
    assert statements.count == 0


async def test_a_page_size_from_the_variables_counts_as_sent(people: People) -> None:
    rep = await people.sign_in(await people.add("Rob Rep", Role.REP))

    large = await rep(PAGED_BY_VARIABLE, {"n": 200})
    small = await rep(PAGED_BY_VARIABLE, {"n": 20})

    assert large["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "errors" not in small and small["data"]["q0"] == {"edges": []}


async def test_the_quote_list_screen_runs(people: People) -> None:
    rep = await people.sign_in(await people.add("Rob Rep", Role.REP))

    body = await rep(MY_QUOTES, {"first": 50})

    assert body == {"data": {"myQuotes": {"totalCount": 0, "edges": []}}}


@pytest.mark.parametrize(
    ("name", "document", "variables"),
    [
        ("quote list, 50 with lines", MY_QUOTES, {"first": 50}),
        ("approval inbox", INBOX, {}),
        ("create a quote, full payload", CREATE_QUOTE, {}),
        (
            "priceQuote, 5,000 lines",
            (ROOT / "bench" / "queries" / "price_quote.graphql").read_text(),
            {"input": {"accountId": "x", "lines": [{"productId": "p", "quantity": 1}] * 5000}},
        ),
    ],
)
def test_the_apps_screens_stay_under_the_limit(name: str, document: str, variables: dict) -> None:
    assert cost(document, variables) <= LIMITS.max_cost, name


def test_a_list_sized_by_the_request_counts_what_was_sent() -> None:
    document = (ROOT / "bench" / "queries" / "price_quote.graphql").read_text()
    line = {"productId": "p", "quantity": 1}

    one, two, thousand = (cost(document, {"input": {"lines": [line] * n}}) for n in (1, 2, 1000))

    assert thousand - one == 999 * (two - one)
    assert cost(document) > thousand  # not known (no variables): the pricing line limit


def test_quote_lines_count_at_the_quote_line_limit() -> None:
    one_quote = cost(
        "query($id: ID!) { node(id: $id) { ... on Quote { lines { key } } } }", {"id": "x"}
    )

    assert one_quote == 1 + 1 + 2000 * 1  # node, lines, each line's key


def test_every_stated_bound_names_a_list_field_of_the_schema() -> None:
    for key in [*LIST_BOUNDS, *SIZED_BY_ARGUMENT]:
        type_name, field_name = key.split(".")
        field = SCHEMA.get_type(type_name).fields[field_name]  # type: ignore[union-attr]
        field_type = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        assert isinstance(field_type, GraphQLList), key
