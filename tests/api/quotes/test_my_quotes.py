"""``myQuotes``: filters, sort and a flat number of SQL round trips however many quotes."""

from __future__ import annotations

from tests.api.quotes.conftest import SEND, SUBMIT, Quotes

LIST = """query($filter: QuoteFilter, $sort: QuoteSort, $first: Int) {
  myQuotes(filter: $filter, sort: $sort, first: $first) {
    totalCount
    edges { node {
      number name status netTotal { amount } account { name } owner { name }
      lines { key quantity product { sku name } priced { netAmount { amount } } }
      pricing { breaches { code } }
    } }
  }
}"""


async def names(quotes: Quotes, **variables: object) -> list[str]:
    data = await quotes.rep.data(LIST, variables)
    return [e["node"]["name"] for e in data["myQuotes"]["edges"]]


async def test_filters_by_status_search_and_account(quotes: Quotes) -> None:
    draft = await quotes.create(name="Alpha renewal")
    await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create(name="Beta expansion")))
    other_account = await quotes.demo.account("Cyberdyne Systems")
    await quotes.create(name="Gamma pilot", account="Cyberdyne Systems")

    assert await names(quotes, filter={"status": ["SENT"]}) == ["Beta expansion"]
    assert await names(quotes, filter={"search": "alpha"}) == ["Alpha renewal"]
    assert await names(quotes, filter={"search": draft["number"]}) == ["Alpha renewal"]
    assert await names(quotes, filter={"accountId": other_account}) == ["Gamma pilot"]


async def test_sorts_by_net_total_either_way(quotes: Quotes) -> None:
    await quotes.create([await quotes.line("SW-SEC", 5)], name="small")
    await quotes.create([await quotes.line("SW-SEC", 50)], name="large")

    descending = await names(quotes, sort={"field": "NET_TOTAL", "direction": "DESC"})
    ascending = await names(quotes, sort={"field": "NET_TOTAL", "direction": "ASC"})

    assert descending == ["large", "small"] and ascending == ["small", "large"]


async def test_expiring_soon_lists_open_quotes_ending_within_the_window(quotes: Quotes) -> None:
    from datetime import UTC, datetime, timedelta

    today = datetime.now(UTC).date()
    await quotes.create(name="soon", validUntil=(today + timedelta(days=3)).isoformat())
    await quotes.create(name="later", validUntil=(today + timedelta(days=40)).isoformat())

    assert await names(quotes, filter={"expiringWithinDays": 7}) == ["soon"]


async def test_a_manager_sees_the_teams_quotes_and_a_rep_only_their_own(quotes: Quotes) -> None:
    await quotes.create(name="rep1 quote")
    rep2 = await quotes.demo.sign_in("rep2@dealdesk.example")
    manager = await quotes.demo.sign_in("east.manager@dealdesk.example")

    theirs = await rep2.data(LIST)
    team = await manager.data(LIST)

    assert theirs["myQuotes"]["totalCount"] == 0
    assert [e["node"]["name"] for e in team["myQuotes"]["edges"]] == ["rep1 quote"]


async def test_statements_do_not_grow_with_the_number_of_quotes(quotes: Quotes, statements) -> None:  # type: ignore[no-untyped-def]
    await quotes.create([await quotes.line("SW-SEC", 2), await quotes.line("SVC-TRN", 1)])
    statements.count = 0
    await quotes.rep.data(LIST, {"first": 50})
    one = statements.count
    for index in range(6):
        await quotes.create(
            [await quotes.line("SW-SEC", 2 + index), await quotes.line("SW-ANL", 3)],
            account="Cyberdyne Systems" if index % 2 else "Acme Manufacturing",
        )

    statements.count = 0
    page = await quotes.rep.data(LIST, {"first": 50})

    assert page["myQuotes"]["totalCount"] == 7
    assert statements.count == one


COUNTED = """query($first: Int, $after: String) {
  myQuotes(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name } }
  }
}"""


async def test_a_first_page_holding_every_quote_is_its_own_total_count(
    quotes: Quotes,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    for name in ("one", "two", "three"):
        await quotes.create(name=name)

    statements.count = 0
    whole = (await quotes.rep.data(COUNTED, {"first": 3}))["myQuotes"]
    whole_statements = statements.count
    statements.count = 0
    part = (await quotes.rep.data(COUNTED, {"first": 2}))["myQuotes"]
    part_statements = statements.count
    statements.count = 0
    rest = await quotes.rep.data(COUNTED, {"first": 3, "after": part["pageInfo"]["endCursor"]})
    rest_statements = statements.count

    assert (whole["totalCount"], len(whole["edges"]), whole["pageInfo"]["hasNextPage"]) == (
        3,
        3,
        False,
    )
    assert (part["totalCount"], len(part["edges"]), part["pageInfo"]["hasNextPage"]) == (3, 2, True)
    assert (rest["myQuotes"]["totalCount"], len(rest["myQuotes"]["edges"])) == (3, 1)
    # Only a page that is not the whole list (more beyond it, or a cursor) counts the rows.
    assert part_statements == rest_statements == whole_statements + 1
