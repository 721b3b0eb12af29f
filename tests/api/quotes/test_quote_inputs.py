"""Bad input on quotes: typed errors that write nothing, and safe retries."""

from __future__ import annotations

from tests.api.conftest import gid
from tests.api.quotes.conftest import CREATE, LINES, Quotes

COUNT = "{ myQuotes { totalCount } }"


async def test_negative_and_zero_quantities_are_refused(quotes: Quotes) -> None:
    payload = {
        "accountId": await quotes.demo.account("Acme Manufacturing"),
        "lines": [await quotes.line("SW-SEC", -3)],
    }

    result = (await quotes.rep.data(CREATE, {"input": payload}))["createQuote"]

    assert result["quote"] is None
    assert result["userErrors"][0]["code"] == "INVALID"
    assert result["userErrors"][0]["field"] == ["input", "lines", "0", "quantity"]
    assert (await quotes.rep.data(COUNT))["myQuotes"]["totalCount"] == 0


async def test_an_unknown_product_is_not_found(quotes: Quotes) -> None:
    payload = {
        "accountId": await quotes.demo.account("Acme Manufacturing"),
        "lines": [{"productId": gid("Product", 99999), "quantity": 1}],
    }

    result = (await quotes.rep.data(CREATE, {"input": payload}))["createQuote"]

    assert result["userErrors"][0]["code"] == "NOT_FOUND"
    assert (await quotes.rep.data(COUNT))["myQuotes"]["totalCount"] == 0


async def test_another_reps_account_is_not_found(quotes: Quotes) -> None:
    # rep2's account
    payload = {"accountId": await quotes.demo.account("Globex Corporation"), "lines": []}

    result = (await quotes.rep.data(CREATE, {"input": payload}))["createQuote"]

    assert result["userErrors"][0]["code"] == "NOT_FOUND"


async def test_a_discount_over_100_percent_is_refused(quotes: Quotes) -> None:
    quote = await quotes.create()

    result = await quotes.do(LINES, quote, update=[{"key": "L1", "discount": {"percent": "120"}}])
    too_fine = await quotes.do(
        LINES, quote, update=[{"key": "L1", "discount": {"percent": "12.34567"}}]
    )

    assert result["userErrors"][0]["code"] == "INVALID"
    assert result["userErrors"][0]["field"] == ["input", "update", "0", "discount", "percent"]
    # NUMERIC(9, 4)
    assert too_fine["userErrors"][0]["field"] == ["input", "update", "0", "discount", "percent"]


async def test_someone_elses_quote_cannot_be_edited_even_by_their_manager(quotes: Quotes) -> None:
    quote = await quotes.create()
    other = await quotes.demo.sign_in("rep2@dealdesk.example")
    manager = await quotes.demo.sign_in("east.manager@dealdesk.example")
    change = {
        "input": {
            "id": quote["id"],
            "version": quote["version"],
            "update": [{"key": "L1", "quantity": 2}],
        }
    }

    by_other = (await other.data(LINES, change))["updateQuoteLines"]
    by_manager = (await manager.data(LINES, change))["updateQuoteLines"]
    read_by_manager = await manager.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { name } } }", {"id": quote["id"]}
    )
    read_by_other = await other.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": quote["id"]}
    )

    assert by_other["userErrors"][0]["code"] == "NOT_FOUND"
    assert by_manager["userErrors"][0]["code"] == "NOT_FOUND"
    assert read_by_manager["node"]["name"] == quote["name"]
    assert read_by_other["node"] is None


async def test_retrying_create_with_the_same_key_returns_the_first_quote(quotes: Quotes) -> None:
    first = await quotes.create(idempotencyKey="phone-retry-1")
    again = await quotes.create(idempotencyKey="phone-retry-1")

    assert again["id"] == first["id"]
    assert (await quotes.rep.data(COUNT))["myQuotes"]["totalCount"] == 1


async def test_batch_line_edit_adds_changes_and_removes_at_once(quotes: Quotes) -> None:
    quote = await quotes.create([await quotes.line("SW-SEC", 10), await quotes.line("SW-ANL", 5)])

    edited = await quotes.move(
        LINES,
        quote,
        add=[await quotes.line("SVC-TRN", 1)],
        update=[{"key": "L1", "quantity": 20, "discount": {"percent": "5"}}],
        remove=["L2"],
    )

    assert [
        (line["key"], line["product"]["sku"], line["quantity"]) for line in edited["lines"]
    ] == [
        ("L1", "SW-SEC", 20),
        ("L3", "SVC-TRN", 1),
    ]
    assert edited["lines"][0]["discountPercent"] == "5.00"
    assert edited["version"] == quote["version"] + 1


async def test_removing_an_unknown_line_rolls_back_the_whole_batch(quotes: Quotes) -> None:
    quote = await quotes.create()

    result = await quotes.do(LINES, quote, add=[await quotes.line("SVC-TRN", 1)], remove=["L9"])
    current = await quotes.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { lines { key } version } } }",
        {"id": quote["id"]},
    )

    assert result["userErrors"][0]["code"] == "NOT_FOUND"
    assert current["node"] == {"lines": [{"key": "L1"}], "version": quote["version"]}


async def test_a_removed_lines_key_is_never_given_to_a_new_line(quotes: Quotes) -> None:
    quote = await quotes.create([await quotes.line("SW-SEC", 1), await quotes.line("SW-ANL", 1)])
    removed = await quotes.move(LINES, quote, remove=["L2"])

    added = await quotes.move(LINES, removed, add=[await quotes.line("SVC-TRN", 1)])

    assert [line["key"] for line in added["lines"]] == ["L1", "L3"]


async def test_absurdly_large_amounts_are_refused_not_server_errors(quotes: Quotes) -> None:
    quote = await quotes.create()
    change = {
        "id": quote["id"],
        "version": quote["version"],
        "update": [{"key": "L1", "discount": {"amount": "1e30"}}],
    }

    huge_amount = await quotes.rep(LINES, {"input": change})
    huge_quantity = await quotes.do(LINES, quote, add=[await quotes.line("SW-SEC", 1_500_000_000)])

    assert huge_amount["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert huge_quantity["userErrors"][0]["code"] == "INVALID"
