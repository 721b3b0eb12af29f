"""The write path of large quotes: one line limit for previewing and saving, statement
counts that do not grow with the lines, and edit payloads that carry only what changed."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from server.app import api_config
from server.settings import Settings
from services.pricing.policy import MAX_QUOTE_LINES, PricingPolicy, check_line_count
from services.refusal import Code, Refused
from tests.api.pricing.test_price_quote import PRICE
from tests.api.quotes.conftest import CREATE, Quotes

EDIT = """
mutation($input: UpdateQuoteLinesInput!) { updateQuoteLines(input: $input) {
  quote { id version netTotal { amount } }
  priceChange { netTotal { amount currency } listTotal { amount } complete
    changedLines { key quantity netAmount { amount } } removedLineKeys }
  userErrors { code field message }
} }
"""
HEADER = """
mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) {
  quote { id version netTotal { amount } }
  priceChange { netTotal { amount } changedLines { key } removedLineKeys }
  userErrors { code field }
} }
"""
PRICE_QUOTE_STATEMENTS = 11
"""priceQuote of plain products (14 before): the request's sign-in check, the account with
the viewer, the catalog (bundles with options, products with attributes, rules, costs) and
the rules that price it (books with entries, contracts, schedules with tiers, block prices
with blocks, promotions)."""
EDIT_STATEMENTS = 9
"""updateQuoteLines changing one line, whatever the quote's size (23, then 19 before): the
quote locked, its revision (without its snapshot), its lines once as plain rows, the changed
line written, account with owner, the pricing data, the quote, the revision's new snapshot
and the audit row. The old price figures come from the repricing cache (the entry that wrote
the snapshot), and nothing reloads the old snapshot."""


def test_one_limit_for_previewing_and_saving() -> None:
    assert PricingPolicy().max_quote_lines == MAX_QUOTE_LINES == 2000
    settings = Settings(env="test", secret_key="x" * 40, max_quote_lines=25)
    assert api_config(settings).pricing.max_quote_lines == 25
    check_line_count(25, PricingPolicy(max_quote_lines=25), ("input", "lines"))
    with pytest.raises(Refused) as refused:
        check_line_count(26, PricingPolicy(max_quote_lines=25), ("input", "add"))
    assert refused.value.refusals[0].code is Code.INVALID
    assert refused.value.refusals[0].field == ("input", "add")


async def test_a_preview_over_the_limit_is_refused_naming_the_lines(quotes: Quotes) -> None:
    line = await quotes.line("SW-SEC")
    lines = [{**line, "key": str(i)} for i in range(MAX_QUOTE_LINES + 1)]
    acme = await quotes.demo.account("Acme Manufacturing")
    body = await quotes.rep(PRICE, {"input": {"accountId": acme, "lines": lines}})

    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "lines"
    assert "2,000" in error["message"]


async def test_saving_over_the_limit_is_refused_and_nothing_is_stored(quotes: Quotes) -> None:
    line = await quotes.line("SW-SEC")
    acme = await quotes.demo.account("Acme Manufacturing")
    payload = {"accountId": acme, "lines": [line] * (MAX_QUOTE_LINES + 1)}
    result = (await quotes.rep.data(CREATE, {"input": payload}))["createQuote"]

    assert result["quote"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("INVALID", ["input", "lines"])
    ]


async def test_price_quote_runs_few_statements_whatever_the_lines(
    quotes: Quotes, statements
) -> None:  # type: ignore[no-untyped-def]
    acme = await quotes.demo.account("Acme Manufacturing")
    line = await quotes.line("SW-SEC", 3)
    counts = []
    for size in (1, 40):
        lines = [{**line, "key": str(i)} for i in range(size)]
        statements.count = 0
        await quotes.rep.data(PRICE, {"input": {"accountId": acme, "lines": lines}})
        counts.append(statements.count)

    assert counts[0] == counts[1] <= PRICE_QUOTE_STATEMENTS, counts


async def edit(quotes: Quotes, quote: dict, **change: object) -> dict:
    variables = {"input": {"id": quote["id"], "version": quote["version"], **change}}
    result = (await quotes.rep.data(EDIT, variables))["updateQuoteLines"]
    assert result["userErrors"] == [], result["userErrors"]
    return result


async def test_a_one_line_edit_runs_the_same_statements_at_any_size(
    quotes: Quotes, statements
) -> None:  # type: ignore[no-untyped-def]
    counts = []
    for size in (2, 60):
        quote = await quotes.create([await quotes.line("SW-SEC", 1 + i) for i in range(size)])
        statements.count = 0
        await edit(quotes, quote, update=[{"key": "L2", "quantity": 7}])
        counts.append(statements.count)

    assert counts[0] == counts[1] <= EDIT_STATEMENTS, counts


WHOLE_SNAPSHOT = re.compile(r"quote_revisions\.priced(?!\s*->)")
"""A statement reading a revision's whole snapshot (the figures query picks parts with ``->``)."""


async def test_an_edit_never_loads_the_snapshot_it_replaces(quotes: Quotes, statements) -> None:  # type: ignore[no-untyped-def]
    quote = await quotes.create([await quotes.line("SW-SEC", 1 + i) for i in range(3)])
    statements.texts.clear()
    quote = (await edit(quotes, quote, update=[{"key": "L2", "quantity": 7}]))["quote"]
    quote = (await edit(quotes, quote, add=[await quotes.line("SW-ANL")], remove=["L1"]))["quote"]
    header = {"input": {"id": quote["id"], "version": quote["version"], "notes": "n"}}
    result = (await quotes.rep.data(HEADER, header))["updateQuote"]
    assert result["userErrors"] == []

    selects = [text for text in statements.texts if text.lstrip().upper().startswith("SELECT")]
    assert selects and not [text for text in selects if WHOLE_SNAPSHOT.search(text)]


async def test_an_edit_returns_the_new_totals_and_only_the_lines_it_repriced(
    quotes: Quotes,
) -> None:
    quote = await quotes.create(
        [
            await quotes.line("SW-SEC", 10),
            await quotes.line("SVC-TRN", 2),
            await quotes.line("SUP-PRM", 1),
        ]
    )

    result = await edit(quotes, quote, update=[{"key": "L2", "quantity": 3}])
    change = result["priceChange"]
    assert [(line["key"], line["quantity"]) for line in change["changedLines"]] == [("L2", 3)]
    assert change["netTotal"]["amount"] == result["quote"]["netTotal"]["amount"]
    assert change["complete"] is True and change["removedLineKeys"] == []

    result = await edit(quotes, result["quote"], remove=["L3"], add=[await quotes.line("SW-ANL")])
    change = result["priceChange"]
    assert [line["key"] for line in change["changedLines"]] == ["L4"]
    assert change["removedLineKeys"] == ["L3"]
    assert Decimal(change["netTotal"]["amount"]) == Decimal(result["quote"]["netTotal"]["amount"])

    unchanged = await edit(quotes, result["quote"], update=[{"key": "L1", "quantity": 10}])
    assert unchanged["priceChange"]["changedLines"] == []


async def test_a_quote_discount_changes_every_line(quotes: Quotes) -> None:
    quote = await quotes.create([await quotes.line("SW-SEC", 10), await quotes.line("SVC-TRN", 2)])
    variables = {
        "input": {"id": quote["id"], "version": quote["version"], "quoteDiscount": {"percent": "5"}}
    }
    result = (await quotes.rep.data(HEADER, variables))["updateQuote"]

    assert [line["key"] for line in result["priceChange"]["changedLines"]] == ["L1", "L2"]
    assert result["priceChange"]["netTotal"] == result["quote"]["netTotal"]


async def test_changes_to_one_line_in_one_edit_apply_in_order(quotes: Quotes) -> None:
    quote = await quotes.create([await quotes.line("SW-SEC", 1), await quotes.line("SVC-TRN", 2)])
    twice = [{"key": "L1", "quantity": 3}, {"key": "L1", "discount": {"percent": "5"}}]
    result = await edit(quotes, quote, update=twice)
    changed = {line["key"]: line["quantity"] for line in result["priceChange"]["changedLines"]}
    assert changed == {"L1": 3}

    again = await edit(quotes, result["quote"], update=[{"key": "L1", "quantity": 3}])
    # the discount stayed, and the first edit priced it as stored ("5.0000", not "5"): unmoved
    assert again["priceChange"]["changedLines"] == []
    unknown = {"id": quote["id"], "version": again["quote"]["version"]}
    refused = await quotes.rep.data(EDIT, {"input": {**unknown, "update": [{"key": "L9"}]}})
    errors = refused["updateQuoteLines"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [
        ("NOT_FOUND", ["input", "update", "0", "key"])
    ]


CREATE_SMALL = """
mutation($input: CreateQuoteInput!) { createQuote(input: $input) {
  quote { id version netTotal { amount } }
  userErrors { code field message }
} }
"""
CREATE_STATEMENTS = 16
"""createQuote, whatever the quote's size: the account, the quote,
its revision, the products named, all lines in one INSERT (plain rows back, no ORM object
per line), the standard clauses read and copied, account with owner, the pricing data, the
quote's facts (activity, metric definitions, time zones), the quote's totals, its event, the
revision's snapshot and the audit row."""


async def test_create_runs_the_same_statements_at_any_size(quotes: Quotes, statements) -> None:  # type: ignore[no-untyped-def]
    acme = await quotes.demo.account("Acme Manufacturing")
    counts = []
    for size in (2, 60):
        lines = [await quotes.line("SW-SEC", 1 + i) for i in range(size)]
        statements.texts.clear()
        statements.count = 0
        data = await quotes.rep.data(CREATE_SMALL, {"input": {"accountId": acme, "lines": lines}})
        assert data["createQuote"]["userErrors"] == []
        counts.append(statements.count)
        inserts = [t for t in statements.texts if "INSERT INTO quote_lines" in t]
        assert len(inserts) == 1, inserts  # one statement for every line
        snapshots = [t for t in statements.texts if "INTO quote_priced_lines" in t]
        # A new revision has no priced lines to keep or replace: no DELETE, no ON CONFLICT.
        assert len(snapshots) == 1, snapshots
        assert "ON CONFLICT" not in snapshots[0] and "DELETE" not in snapshots[0]

    assert counts[0] == counts[1] <= CREATE_STATEMENTS, counts


async def test_added_lines_are_priced_with_their_discount_as_stored(quotes: Quotes) -> None:
    """A discount typed "5" is stored "5.0000": the line is priced from the stored value on
    create and on an edit's add, so the next edit that changes nothing of it leaves it out
    of the lines whose price changed."""
    discounted = await quotes.line("SW-SEC", 4, discount={"percent": "5"})
    quote = await quotes.create([discounted, await quotes.line("SVC-TRN", 2)])

    after_create = await edit(quotes, quote, update=[{"key": "L2", "quantity": 2}])
    assert after_create["priceChange"]["changedLines"] == []

    added = await edit(
        quotes,
        after_create["quote"],
        add=[await quotes.line("SW-ANL", 3, discount={"percent": "7.5"})],
    )
    assert [line["key"] for line in added["priceChange"]["changedLines"]] == ["L3"]
    after_add = await edit(quotes, added["quote"], update=[{"key": "L2", "quantity": 2}])
    assert after_add["priceChange"]["changedLines"] == []
