"""``lineItems``: a quote's lines a page at a time (issue 15), with cursors both ways, the
totals computed on the server, bounded pages, typed errors for bad cursors, and SQL round
trips that do not grow with the quote."""

from __future__ import annotations

from typing import Any

from schema.connection import encode_cursor
from tests.api.quotes.conftest import Quotes

LINE = (
    "key quantity product { sku } priced { netAmount { amount } steps { kind } } children { key }"
)
PAGE = f"""query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {{
  node(id: $id) {{ ... on Quote {{
    lineItems(first: $first, after: $after, last: $last, before: $before) {{
      totalCount
      pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
      edges {{ cursor node {{ {LINE} }} }}
    }}
  }} }}
}}"""
ALL_LINES = f"""query($id: ID!) {{ node(id: $id) {{ ... on Quote {{ lines {{ {LINE} }} }} }} }}"""
SKUS = ["SW-SEC", "SW-ANL", "SVC-TRN", "SUP-PRM"]


async def seven_lines(quotes: Quotes) -> dict:
    return await quotes.create(
        [await quotes.line(SKUS[i % len(SKUS)], 1 + i, discount={"percent": "3"}) for i in range(7)]
    )


async def page(quotes: Quotes, quote: dict, **arguments: Any) -> dict:
    data = await quotes.rep.data(PAGE, {"id": quote["id"], **arguments})
    return data["node"]["lineItems"]


def keys(connection: dict) -> list[str]:
    return [edge["node"]["key"] for edge in connection["edges"]]


async def errors(quotes: Quotes, quote: dict, **arguments: Any) -> list[dict]:
    body = await quotes.rep(PAGE, {"id": quote["id"], **arguments})
    return list(body["errors"])


async def test_pages_forward_cover_every_line_once_as_the_full_list_shows_it(
    quotes: Quotes,
) -> None:
    quote = await seven_lines(quotes)
    everything = (await quotes.rep.data(ALL_LINES, {"id": quote["id"]}))["node"]["lines"]

    first = await page(quotes, quote, first=3)
    second = await page(quotes, quote, first=3, after=first["pageInfo"]["endCursor"])
    third = await page(quotes, quote, first=3, after=second["pageInfo"]["endCursor"])

    assert [keys(first), keys(second), keys(third)] == [
        ["L1", "L2", "L3"],
        ["L4", "L5", "L6"],
        ["L7"],
    ]
    assert [p["pageInfo"]["hasNextPage"] for p in (first, second, third)] == [True, True, False]
    assert [p["pageInfo"]["hasPreviousPage"] for p in (first, second, third)] == [
        False,
        True,
        True,
    ]
    assert {p["totalCount"] for p in (first, second, third)} == {7}
    paged = [edge["node"] for p in (first, second, third) for edge in p["edges"]]
    assert paged == everything  # the same prices and waterfalls, line by line
    assert all(line["priced"]["steps"] for line in paged)
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]


async def test_pages_backward_with_last_and_before(quotes: Quotes) -> None:
    quote = await seven_lines(quotes)

    last = await page(quotes, quote, last=2)
    before = await page(quotes, quote, last=4, before=last["pageInfo"]["startCursor"])
    start = await page(quotes, quote, last=4, before=before["pageInfo"]["startCursor"])

    assert [keys(last), keys(before), keys(start)] == [
        ["L6", "L7"],
        ["L2", "L3", "L4", "L5"],
        ["L1"],
    ]
    assert last["pageInfo"]["hasPreviousPage"] and not last["pageInfo"]["hasNextPage"]
    assert before["pageInfo"]["hasNextPage"] and before["pageInfo"]["hasPreviousPage"]
    assert not start["pageInfo"]["hasPreviousPage"]


async def test_the_default_page_is_50_lines(quotes: Quotes) -> None:
    lines = [await quotes.line("SW-SEC", 1 + i % 5) for i in range(55)]
    quote = await quotes.create(lines)

    default = await page(quotes, quote)
    rest = await page(quotes, quote, after=default["pageInfo"]["endCursor"])

    assert len(default["edges"]) == 50 and default["pageInfo"]["hasNextPage"]
    assert keys(rest) == [f"L{i}" for i in range(51, 56)]
    assert default["totalCount"] == 55


async def test_totals_come_without_a_line_and_match_the_revisions_pricing(
    quotes: Quotes,
) -> None:
    quote = await seven_lines(quotes)
    manager = await quotes.demo.sign_in("east.manager@dealdesk.example")
    money = "{ amount currency }"
    figures = (
        f"listTotal {money} discountTotal {money} netTotal {money} totalDiscountPercent "
        f"priced costTotal {money} marginAmount {money} marginPercent"
    )
    query = f"""query($id: ID!) {{ node(id: $id) {{ ... on Quote {{
        netTotal {money}
        lineItems(first: 0) {{ totalCount edges {{ cursor }} pageInfo {{ hasNextPage }}
          totals {{ {figures} breachCount }} }}
        pricing {{ {figures} breaches {{ code }} }} }} }} }}"""

    for viewer in (quotes.rep, manager):
        shown = (await viewer.data(query, {"id": quote["id"]}))["node"]
        connection, pricing = shown["lineItems"], shown["pricing"]
        totals = connection["totals"]

        assert connection["edges"] == [] and connection["pageInfo"]["hasNextPage"]
        assert connection["totalCount"] == 7
        assert totals.pop("breachCount") == len(pricing.pop("breaches"))
        assert totals == pricing
        assert totals["netTotal"] == shown["netTotal"]
        assert totals["priced"] is True
    assert totals["costTotal"] is not None  # the manager sees cost; the rep did not
    rep_view = (await quotes.rep.data(query, {"id": quote["id"]}))["node"]
    assert rep_view["lineItems"]["totals"]["costTotal"] is None


async def test_a_bundles_children_page_with_their_line(quotes: Quotes) -> None:
    demo = quotes.demo
    options = {"CHS-L": {}, "SSD-4T": {"quantity": 2}}
    attributes = {"storage_tb": {"number": "8"}, "rack": {"text": "SHALLOW"}}
    configuration = {
        "selections": [{"optionId": await demo.option(o), **q} for o, q in options.items()],
        "attributes": [{"code": code, "value": value} for code, value in attributes.items()],
    }
    quote = await quotes.create(
        [
            await quotes.line("SW-SEC", 2),
            await quotes.line("SRV-EDGE", 1, configuration=configuration),
        ]
    )
    everything = (await quotes.rep.data(ALL_LINES, {"id": quote["id"]}))["node"]["lines"]

    second = await page(
        quotes, quote, first=1, after=(await page(quotes, quote, first=1))["pageInfo"]["endCursor"]
    )

    (bundle,) = [edge["node"] for edge in second["edges"]]
    assert bundle == everything[1]
    assert bundle["children"] and all(c["key"].startswith("L2") for c in bundle["children"])


async def test_page_sizes_are_bounded(quotes: Quotes) -> None:
    quote = await quotes.create()

    too_many = await errors(quotes, quote, first=201)
    negative = await errors(quotes, quote, last=-1)
    both = await errors(quotes, quote, first=1, last=1)

    assert too_many[0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "first",
        "maxPageSize": 200,
    }
    assert negative[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert both[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert len((await page(quotes, quote, first=200))["edges"]) == 1


async def test_a_cursor_that_is_not_a_lines_is_a_typed_error(quotes: Quotes) -> None:
    quote = await quotes.create()
    listing = await quotes.rep.data("{ myQuotes(first: 1) { edges { cursor } } }")
    quote_cursor = listing["myQuotes"]["edges"][0]["cursor"]

    for argument, cursor in (
        ("after", "not a cursor"),
        ("after", quote_cursor),  # another list's cursor
        ("before", encode_cursor(["QuoteLine", "x", 1])),  # a line's, tampered
    ):
        found = await errors(quotes, quote, **{argument: cursor})
        assert found[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}, found


async def test_statements_do_not_grow_with_the_lines_shown(quotes: Quotes, statements) -> None:  # type: ignore[no-untyped-def]
    first_screen = f"""query($id: ID!) {{ node(id: $id) {{ ... on Quote {{
        number status netTotal {{ amount }} account {{ name }} owner {{ name }}
        lineItems(first: 50) {{ totalCount totals {{ netTotal {{ amount }} priced breachCount }}
          edges {{ node {{ {LINE} }} }} }} }} }} }}"""
    small = await quotes.create([await quotes.line("SW-SEC", 2)])
    large = await quotes.create([await quotes.line(SKUS[i % len(SKUS)], 1 + i) for i in range(40)])

    statements.count = 0
    one = await quotes.rep.data(first_screen, {"id": small["id"]})
    few = statements.count
    statements.count = 0
    many = await quotes.rep.data(first_screen, {"id": large["id"]})

    assert len(one["node"]["lineItems"]["edges"]) == 1
    assert len(many["node"]["lineItems"]["edges"]) == 40
    assert statements.count == few
    # The quote, its revision's id, the page of lines, the snapshot's figures with the
    # page's priced lines and the line count, the products, the account, the owner.
    assert few == 7, few
