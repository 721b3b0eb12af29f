"""Price books and their dated entries: one standard book per currency, no overlapping prices."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from tests.api.catalog.conftest import (
    CREATE_PRICE_BOOK,
    USER_ERRORS,
    Catalog,
    Rows,
    error,
    forbidden,
)
from tests.api.conftest import Api, gid

UPDATE_BOOK = f"""
mutation($input: UpdatePriceBookInput!) {{
  updatePriceBook(input: $input) {{ priceBook {{ id name active segment version }} {USER_ERRORS} }}
}}
"""
CREATE_ENTRY = f"""
mutation($input: CreatePriceBookEntryInput!) {{
  createPriceBookEntry(input: $input) {{
    priceBookEntry {{ id unitPrice floorPrice validFrom validTo product {{ sku }} }} {USER_ERRORS}
  }}
}}
"""
END_ENTRY = f"""
mutation($input: EndPriceBookEntryInput!) {{
  endPriceBookEntry(input: $input) {{ priceBookEntry {{ id validFrom validTo }} {USER_ERRORS} }}
}}
"""
BOOK_ENTRIES = """
query($id: ID!) { node(id: $id) { ... on PriceBook { entries { unitPrice validFrom validTo } } } }
"""
RETIRE_PRODUCT = (
    "mutation($input: RetireProductInput!) { retireProduct(input: $input) { userErrors { code } } }"
)
BOOK_TABLES = ("price_books", "audit_events")
ENTRY_TABLES = ("price_book_entries", "audit_events")


def entry(book: dict[str, Any], product: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "priceBookId": book["id"],
        "productId": product["id"],
        "unitPrice": "100",
        "validFrom": "2026-01-01",
        **fields,
    }


async def test_ops_creates_a_standard_book_and_a_scoped_one(catalog: Catalog) -> None:
    standard = await catalog.price_book()
    scoped = await catalog.price_book(
        "Enterprise EMEA", currency="EUR", isStandard=False, segment="enterprise", region="EMEA"
    )

    assert (standard["isStandard"], standard["segment"], standard["version"]) == (True, None, 1)
    assert (scoped["currency"], scoped["segment"], scoped["region"], scoped["channel"]) == (
        "EUR",
        "ENTERPRISE",
        "EMEA",
        None,
    )


async def test_only_one_active_standard_book_per_currency(catalog: Catalog, rows: Rows) -> None:
    first = await catalog.price_book("Standard USD")
    before = await rows.count(*BOOK_TABLES)

    second = await catalog.mutate(
        CREATE_PRICE_BOOK, {"name": "Standard USD 2027", "currency": "USD", "isStandard": True}
    )

    assert second["priceBook"] is None
    assert error(second) == ("ALREADY_EXISTS", ["input", "isStandard"])
    assert await rows.count(*BOOK_TABLES) == before
    await catalog.mutate(UPDATE_BOOK, {"id": first["id"], "version": 1, "active": False})
    replacement = await catalog.price_book("Standard USD 2027")
    reactivated = await catalog.mutate(
        UPDATE_BOOK, {"id": first["id"], "version": 2, "active": True}
    )
    assert replacement["isStandard"] is True
    assert error(reactivated) == ("ALREADY_EXISTS", ["input", "active"])


async def test_bad_books_are_typed_errors_and_write_nothing(catalog: Catalog, rows: Rows) -> None:
    await catalog.price_book("Standard USD")
    before = await rows.count(*BOOK_TABLES)

    scoped_standard = await catalog.mutate(
        CREATE_PRICE_BOOK,
        {"name": "Odd", "currency": "EUR", "isStandard": True, "channel": "partner"},
    )
    taken_name = await catalog.mutate(
        CREATE_PRICE_BOOK, {"name": "Standard USD", "currency": "EUR"}
    )
    blank = await catalog.mutate(CREATE_PRICE_BOOK, {"name": " ", "currency": "EUR"})

    assert error(scoped_standard) == ("INVALID", ["input", "channel"])
    assert error(taken_name) == ("ALREADY_EXISTS", ["input", "name"])
    assert error(blank) == ("REQUIRED", ["input", "name"])
    assert await rows.count(*BOOK_TABLES) == before


async def test_updating_a_book_rescopes_it_and_a_stale_version_conflicts(
    catalog: Catalog, rows: Rows
) -> None:
    book = await catalog.price_book("Partners", isStandard=False, channel="partner")

    renamed = await catalog.mutate(
        UPDATE_BOOK, {"id": book["id"], "version": 1, "name": "SMB", "segment": "smb"}
    )
    before = await rows.count(*BOOK_TABLES)
    stale = await catalog.mutate(UPDATE_BOOK, {"id": book["id"], "version": 1, "name": "Lost"})
    missing = await catalog.mutate(
        UPDATE_BOOK, {"id": gid("PriceBook", 999), "version": 1, "name": "X"}
    )

    assert renamed["priceBook"] == {
        "id": book["id"],
        "name": "SMB",
        "active": True,
        "segment": "SMB",
        "version": 2,
    }
    assert error(stale) == ("CONFLICT", ["input", "version"])
    assert error(missing) == ("NOT_FOUND", ["input", "id"])
    assert await rows.count(*BOOK_TABLES) == before


async def test_ops_prices_a_product_in_a_book(catalog: Catalog, rows: Rows) -> None:
    book, product = await catalog.price_book(), await catalog.product()
    audited = (await rows.count("audit_events"))["audit_events"]

    result = await catalog.mutate(
        CREATE_ENTRY, entry(book, product, unitPrice="99.90", floorPrice="80", validTo="2026-07-01")
    )

    assert result["userErrors"] == []
    assert result["priceBookEntry"] | {"id": None} == {
        "id": None,
        "unitPrice": "99.90",
        "floorPrice": "80.00",
        "validFrom": "2026-01-01",
        "validTo": "2026-07-01",
        "product": {"sku": "SRV-1"},
    }
    assert (await rows.count("audit_events"))["audit_events"] == audited + 1


async def test_negative_prices_bad_dates_and_unknown_references_write_nothing(
    catalog: Catalog, rows: Rows
) -> None:
    book, product = await catalog.price_book(), await catalog.product()
    retired = await catalog.product("OLD-1")
    await catalog.mutate(RETIRE_PRODUCT, {"id": retired["id"], "version": 1})
    cases = [
        (entry(book, product, unitPrice="-1"), "INVALID", "unitPrice"),
        (entry(book, product, floorPrice="-5"), "INVALID", "floorPrice"),
        (entry(book, product, floorPrice="100.01"), "INVALID", "floorPrice"),
        (entry(book, product, validTo="2026-01-01"), "INVALID", "validTo"),
        (entry(book, product, priceBookId=gid("PriceBook", 999)), "NOT_FOUND", "priceBookId"),
        (entry(book, product, productId=book["id"]), "NOT_FOUND", "productId"),
        (entry(book, retired), "INVALID_STATE", "productId"),
    ]
    before = await rows.count(*ENTRY_TABLES)

    for fields, code, field in cases:
        assert error(await catalog.mutate(CREATE_ENTRY, fields)) == (code, ["input", field]), fields
    too_fine = await catalog.api(
        CREATE_ENTRY, {"input": entry(book, product, unitPrice="1.0000001")}
    )

    # 7 places: the Decimal scalar
    assert too_fine["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await rows.count(*ENTRY_TABLES) == before


async def test_overlapping_dates_in_one_book_are_refused_naming_the_clashing_entry(
    catalog: Catalog, rows: Rows
) -> None:
    book, product = await catalog.price_book(), await catalog.product()
    other_book = await catalog.price_book("Partners", isStandard=False, channel="partner")
    await catalog.mutate(
        CREATE_ENTRY, entry(book, product, validFrom="2026-01-01", validTo="2026-07-01")
    )
    before = await rows.count(*ENTRY_TABLES)

    inside = await catalog.mutate(
        CREATE_ENTRY, entry(book, product, validFrom="2026-03-01", validTo="2026-04-01")
    )
    open_ended = await catalog.mutate(CREATE_ENTRY, entry(book, product, validFrom="2025-06-01"))

    assert error(inside) == ("INVALID", ["input", "validFrom"])
    assert "from 2026-01-01 until 2026-07-01" in inside["userErrors"][0]["message"]
    assert error(open_ended) == ("INVALID", ["input", "validFrom"])
    assert await rows.count(*ENTRY_TABLES) == before
    adjacent = await catalog.mutate(CREATE_ENTRY, entry(book, product, validFrom="2026-07-01"))
    elsewhere = await catalog.mutate(
        CREATE_ENTRY, entry(other_book, product, validFrom="2026-03-01")
    )
    assert adjacent["userErrors"] == [] and elsewhere["userErrors"] == []


async def test_the_database_refuses_an_overlap_the_check_missed_as_the_same_typed_error(
    catalog: Catalog, rows: Rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("services.catalog.checks")
    book, product = await catalog.price_book(), await catalog.product()
    await catalog.mutate(CREATE_ENTRY, entry(book, product))
    before = await rows.count(*ENTRY_TABLES)

    async def no_clash(*args: object) -> None:
        return None

    monkeypatch.setattr(module, "first_overlap", no_clash)
    result = await catalog.mutate(CREATE_ENTRY, entry(book, product, validFrom="2026-02-01"))

    assert error(result) == ("INVALID", ["input", "validFrom"])
    assert await rows.count(*ENTRY_TABLES) == before


async def test_ending_an_open_entry_lets_a_new_price_start(catalog: Catalog) -> None:
    book, product = await catalog.price_book(), await catalog.product()
    old = (await catalog.mutate(CREATE_ENTRY, entry(book, product)))["priceBookEntry"]

    ended = await catalog.mutate(END_ENTRY, {"id": old["id"], "validTo": "2026-06-01"})
    new = await catalog.mutate(
        CREATE_ENTRY, entry(book, product, unitPrice="120", validFrom="2026-06-01")
    )

    assert ended["priceBookEntry"] == {
        "id": old["id"],
        "validFrom": "2026-01-01",
        "validTo": "2026-06-01",
    }
    assert new["userErrors"] == []
    prices = await catalog.api.data(BOOK_ENTRIES, {"id": book["id"]})
    assert prices["node"]["entries"] == [
        {"unitPrice": "100.00", "validFrom": "2026-01-01", "validTo": "2026-06-01"},
        {"unitPrice": "120.00", "validFrom": "2026-06-01", "validTo": None},
    ]


async def test_an_entry_ends_after_it_starts_and_only_ever_earlier(
    catalog: Catalog, rows: Rows
) -> None:
    book, product = await catalog.price_book(), await catalog.product()
    old = (await catalog.mutate(CREATE_ENTRY, entry(book, product, validTo="2026-06-01")))[
        "priceBookEntry"
    ]
    before = await rows.count(*ENTRY_TABLES)

    before_start = await catalog.mutate(END_ENTRY, {"id": old["id"], "validTo": "2025-12-31"})
    later = await catalog.mutate(END_ENTRY, {"id": old["id"], "validTo": "2026-09-01"})
    missing = await catalog.mutate(
        END_ENTRY, {"id": gid("PriceBookEntry", 999), "validTo": "2026-09-01"}
    )

    assert error(before_start) == ("INVALID", ["input", "validTo"])
    assert error(later) == ("INVALID_STATE", ["input", "validTo"])
    assert error(missing) == ("NOT_FOUND", ["input", "id"])
    assert await rows.count(*ENTRY_TABLES) == before


async def test_same_idempotency_key_returns_the_first_book_and_entry(
    catalog: Catalog, rows: Rows
) -> None:
    book_input = {
        "name": "Standard USD",
        "currency": "USD",
        "isStandard": True,
        "idempotencyKey": "b-1",
    }
    book = await catalog.created_once(CREATE_PRICE_BOOK, book_input)
    product = await catalog.product()

    await catalog.created_once(
        CREATE_ENTRY, {**entry(book["priceBook"], product), "idempotencyKey": "e-1"}
    )

    assert await rows.count("price_books", "price_book_entries") == {
        "price_books": 1,
        "price_book_entries": 1,
    }


async def test_a_rep_may_not_maintain_price_books(
    rep_api: Api, catalog: Catalog, rows: Rows
) -> None:
    book, product = await catalog.price_book(), await catalog.product()
    before = await rows.count("price_books", *ENTRY_TABLES)

    bodies = [
        await rep_api(CREATE_PRICE_BOOK, {"input": {"name": "Mine", "currency": "USD"}}),
        await rep_api(UPDATE_BOOK, {"input": {"id": book["id"], "version": 1, "name": "Mine"}}),
        await rep_api(CREATE_ENTRY, {"input": entry(book, product, unitPrice="1")}),
    ]

    assert all(forbidden(body) for body in bodies)
    assert await rows.count("price_books", *ENTRY_TABLES) == before


async def test_a_price_too_large_to_store_is_refused_at_the_edge_not_a_server_error(
    catalog: Catalog, rows: Rows
) -> None:
    book, product = await catalog.price_book(), await catalog.product()
    before = (await rows.count("price_book_entries"))["price_book_entries"]

    body = await catalog.api(
        CREATE_ENTRY, {"input": entry(book, product, unitPrice="1000000000000")}
    )

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert ".unitPrice" in body["errors"][0]["message"]
    assert (await rows.count("price_book_entries"))["price_book_entries"] == before
