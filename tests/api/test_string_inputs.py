"""Strings from clients (issue 10, item 4): every String input has a documented maximum length;
NUL characters, lone surrogates, strings beyond the hard cap and oversized lists are refused
before anything executes; a too-long value is an INVALID userError naming the field in a
mutation and BAD_USER_INPUT for a query argument. Nothing refused is stored."""

from __future__ import annotations

import json

import httpx
from graphql import GraphQLInputObjectType, build_schema, get_named_type
from sqlalchemy import func, select

from db.models.quotes import Quote
from schema.assembly import build_schema as build_app_schema
from tests.api.conftest import Api
from tests.api.quotes.conftest import CREATE, Quotes

SEARCH = "query($search: String) { myQuotes(filter: {search: $search}) { totalCount } }"


async def post_raw(api: Api, query: str, variables: dict) -> httpx.Response:
    """JSON with ASCII escapes, so a lone surrogate travels as the client sent it."""
    return await api.http.post(
        "/graphql",
        content=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"authorization": f"Bearer {api.token}", "content-type": "application/json"},
    )


async def quote_count(quotes: Quotes) -> int:
    async with quotes.demo.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Quote)) or 0)


async def create(quotes: Quotes, **extra: object) -> httpx.Response:
    payload = {"accountId": await quotes.demo.account("Acme Manufacturing"), "lines": [], **extra}
    return await post_raw(quotes.rep, CREATE, {"input": payload})


async def test_nul_and_lone_surrogates_are_bad_user_input_and_nothing_is_stored(
    quotes: Quotes,
) -> None:
    for value, reason in (
        ("Acme\x00deal", "NUL"),
        ("Acme \ud800 deal", "surrogate"),
        ("\udfff", "surrogate"),
    ):
        response = await create(quotes, name=value)
        body = response.json()

        assert response.status_code == 200, body
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "$input.name" in error["message"] and reason in error["message"]
    assert await quote_count(quotes) == 0


async def test_a_literal_argument_with_a_nul_is_refused_too(quotes: Quotes) -> None:
    response = await post_raw(
        quotes.rep, '{ myQuotes(filter: {search: "a\\u0000b"}) { totalCount } }', {}
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "filter.search" in response.json()["errors"][0]["message"]


async def test_a_string_beyond_the_hard_cap_is_refused_before_execution(quotes: Quotes) -> None:
    response = await create(quotes, terms="x" * 1_000_000)  # the 1 MB of terms from the issue

    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "longer than 100,000 characters" in error["message"]
    assert await quote_count(quotes) == 0


async def test_a_list_beyond_the_hard_cap_is_refused_before_execution(quotes: Quotes) -> None:
    line = {"productId": await quotes.demo.product("SW-SEC"), "quantity": 1}
    response = await create(quotes, lines=[line] * 10_001)

    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$input.lines" in error["message"] and "more than 10,000 items" in error["message"]


async def test_terms_over_their_limit_are_an_invalid_user_error_and_at_the_limit_are_kept(
    quotes: Quotes,
) -> None:
    refused = (await create(quotes, terms="t" * 20_001)).json()

    assert "errors" not in refused, refused
    assert refused["data"]["createQuote"]["quote"] is None
    [error] = refused["data"]["createQuote"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "terms"])
    assert "20,000" in error["message"]
    assert await quote_count(quotes) == 0

    kept = (await create(quotes, terms="t" * 20_000)).json()
    assert kept["data"]["createQuote"]["userErrors"] == []
    assert len(kept["data"]["createQuote"]["quote"]["revision"]["terms"]) == 20_000


async def test_an_idempotency_key_longer_than_its_column_is_invalid(quotes: Quotes) -> None:
    body = (await create(quotes, idempotencyKey="k" * 201)).json()

    assert "errors" not in body, body
    [error] = body["data"]["createQuote"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "idempotencyKey"])
    assert await quote_count(quotes) == 0


async def test_a_too_long_list_item_names_its_index(quotes: Quotes) -> None:
    quote = await quotes.create()
    body = (
        await post_raw(
            quotes.rep,
            "mutation($input: UpdateQuoteLinesInput!) { updateQuoteLines(input: $input) { userErrors { code field } } }",
            {"input": {"id": quote["id"], "version": quote["version"], "remove": ["L1", "k" * 65]}},
        )
    ).json()

    assert body["data"]["updateQuoteLines"]["userErrors"] == [
        {"code": "INVALID", "field": ["input", "remove", "1"]}
    ]


async def test_a_too_long_query_argument_is_bad_user_input(quotes: Quotes) -> None:
    body = (await post_raw(quotes.rep, SEARCH, {"search": "s" * 201})).json()

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "filter.search" in error["message"] and "200" in error["message"]


def test_every_string_input_documents_its_maximum_length() -> None:
    """The exported SDL says, on every String input field and argument, how long it may be."""
    schema = build_schema(build_app_schema().as_str())
    undocumented = []
    for type_ in schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLInputObjectType):
            values = {f"{type_.name}.{n}": f for n, f in type_.fields.items()}
        elif hasattr(type_, "fields"):
            values = {
                f"{type_.name}.{n}({a})": arg
                for n, f in type_.fields.items()
                for a, arg in f.args.items()
            }
        else:
            continue
        for name, value in values.items():
            if (
                get_named_type(value.type).name == "String"
                and "at most" not in (value.description or "").lower()
            ):
                undocumented.append(name)

    assert undocumented == []
    terms = schema.type_map["CreateQuoteInput"].fields["terms"]  # type: ignore[union-attr]
    assert "At most 20,000 characters." in (terms.description or "")
