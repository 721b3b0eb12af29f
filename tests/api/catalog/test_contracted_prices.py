"""Contracted prices: any currency, never two for one account, product and currency at once."""

from __future__ import annotations

from typing import Any

import pytest

from db.models.users import User
from tests.api.catalog.conftest import USER_ERRORS, Catalog, Rows, error, forbidden
from tests.api.conftest import Api, gid

CREATE_CONTRACT = f"""
mutation($input: CreateContractedPriceInput!) {{
  createContractedPrice(input: $input) {{
    contractedPrice {{ id unitPrice {{ amount currency }} validFrom validTo product {{ sku }} }}
    {USER_ERRORS}
  }}
}}
"""
END_CONTRACT = f"""
mutation($input: EndContractedPriceInput!) {{
  endContractedPrice(input: $input) {{ contractedPrice {{ id validTo }} {USER_ERRORS} }}
}}
"""
DEACTIVATE_ACCOUNT = """
mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { userErrors { code } } }
"""
TABLES = ("contracted_prices", "audit_events")


@pytest.fixture
async def deal(catalog: Catalog, rep: User) -> dict[str, Any]:
    return {"account": await catalog.account(rep), "product": await catalog.product()}


def contract(deal: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "accountId": deal["account"]["id"],
        "productId": deal["product"]["id"],
        "unitPrice": "80",
        "currency": "USD",
        "validFrom": "2026-01-01",
        **fields,
    }


async def test_ops_agrees_a_price_with_an_account_in_any_currency(
    catalog: Catalog, deal: dict[str, Any]
) -> None:
    result = await catalog.mutate(
        CREATE_CONTRACT, contract(deal, currency="CHF", validTo="2027-01-01")
    )

    assert result["userErrors"] == []
    assert result["contractedPrice"] | {"id": None} == {
        "id": None,
        "unitPrice": {"amount": "80.00", "currency": "CHF"},
        "validFrom": "2026-01-01",
        "validTo": "2027-01-01",
        "product": {"sku": "SRV-1"},
    }


async def test_overlapping_dates_for_one_account_product_and_currency_are_refused(
    catalog: Catalog, deal: dict[str, Any], rows: Rows
) -> None:
    await catalog.mutate(CREATE_CONTRACT, contract(deal))
    before = await rows.count(*TABLES)

    overlapping = await catalog.mutate(
        CREATE_CONTRACT, contract(deal, validFrom="2027-01-01", unitPrice="70")
    )

    assert error(overlapping) == ("INVALID", ["input", "validFrom"])
    assert "from 2026-01-01, open-ended" in overlapping["userErrors"][0]["message"]
    assert await rows.count(*TABLES) == before
    other_currency = await catalog.mutate(CREATE_CONTRACT, contract(deal, currency="EUR"))
    assert other_currency["userErrors"] == []


async def test_bad_contracts_are_typed_errors_and_write_nothing(
    catalog: Catalog, deal: dict[str, Any], rows: Rows, rep: User
) -> None:
    closed = await catalog.account(rep, name="Closed Inc")
    await catalog.mutate(DEACTIVATE_ACCOUNT, {"id": closed["id"], "version": 1, "active": False})
    cases = [
        (contract(deal, unitPrice="-0.01"), "INVALID", "unitPrice"),
        (contract(deal, validTo="2025-01-01"), "INVALID", "validTo"),
        (contract(deal, accountId=gid("Account", 999)), "NOT_FOUND", "accountId"),
        (contract(deal, accountId=deal["product"]["id"]), "NOT_FOUND", "accountId"),
        (contract(deal, productId=gid("Product", 999)), "NOT_FOUND", "productId"),
        (contract(deal, accountId=closed["id"]), "INVALID_STATE", "accountId"),
    ]
    before = await rows.count(*TABLES)

    for fields, code, field in cases:
        assert error(await catalog.mutate(CREATE_CONTRACT, fields)) == (code, ["input", field]), (
            fields
        )

    assert await rows.count(*TABLES) == before


async def test_ending_a_contract_lets_a_new_price_start(
    catalog: Catalog, deal: dict[str, Any], rows: Rows
) -> None:
    old = (await catalog.mutate(CREATE_CONTRACT, contract(deal)))["contractedPrice"]

    ended = await catalog.mutate(END_CONTRACT, {"id": old["id"], "validTo": "2026-07-01"})
    renewed = await catalog.mutate(
        CREATE_CONTRACT, contract(deal, unitPrice="75", validFrom="2026-07-01")
    )
    before = await rows.count(*TABLES)
    extended = await catalog.mutate(END_CONTRACT, {"id": old["id"], "validTo": "2026-08-01"})
    missing = await catalog.mutate(
        END_CONTRACT, {"id": gid("ContractedPrice", 999), "validTo": "2026-08-01"}
    )

    assert ended["contractedPrice"] == {"id": old["id"], "validTo": "2026-07-01"}
    assert renewed["userErrors"] == []
    assert error(extended) == ("INVALID_STATE", ["input", "validTo"])
    assert error(missing) == ("NOT_FOUND", ["input", "id"])
    assert await rows.count(*TABLES) == before


async def test_same_idempotency_key_returns_the_first_contract(
    catalog: Catalog, deal: dict[str, Any], rows: Rows
) -> None:
    await catalog.created_once(CREATE_CONTRACT, contract(deal, idempotencyKey="c-1"))

    assert (await rows.count("contracted_prices"))["contracted_prices"] == 1


async def test_a_rep_may_not_agree_or_end_prices(
    rep_api: Api, catalog: Catalog, deal: dict[str, Any], rows: Rows
) -> None:
    created = (await catalog.mutate(CREATE_CONTRACT, contract(deal)))["contractedPrice"]
    before = await rows.count(*TABLES)

    agreed = await rep_api(
        CREATE_CONTRACT, {"input": contract(deal, unitPrice="1", currency="EUR")}
    )
    ended = await rep_api(END_CONTRACT, {"input": {"id": created["id"], "validTo": "2026-02-01"}})

    assert forbidden(agreed) and forbidden(ended)
    assert await rows.count(*TABLES) == before
