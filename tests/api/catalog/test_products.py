"""Products: create with costs and attributes, update (sets replaced), retire; who may; refusals."""

from __future__ import annotations

from db.models.users import Role
from tests.api.catalog.conftest import (
    CREATE_PRODUCT,
    PRODUCT_FIELDS,
    USER_ERRORS,
    Catalog,
    Rows,
    error,
    forbidden,
)
from tests.api.conftest import Api, People, at_version, gid

UPDATE_PRODUCT = f"""
mutation($input: UpdateProductInput!) {{
  updateProduct(input: $input) {{
    product {{ {PRODUCT_FIELDS} description unitOfMeasure }} {USER_ERRORS}
  }}
}}
"""
RETIRE_PRODUCT = f"""
mutation($input: RetireProductInput!) {{
  retireProduct(input: $input) {{ product {{ id active version }} {USER_ERRORS} }}
}}
"""
PRODUCT_TABLES = ("products", "product_costs", "product_attributes", "audit_events")

STORAGE = {
    "sku": "STO-1",
    "name": "Storage array",
    "family": "Storage",
    "unitCosts": [{"amount": "1200.50", "currency": "USD"}, {"amount": "1100", "currency": "EUR"}],
    "attributes": [
        {"code": "capacity_tb", "name": "Capacity (TB)", "type": "NUMBER", "required": True},
        {"code": "tier", "name": "Tier", "type": "CHOICE", "choices": ["gold", "silver"]},
    ],
}


async def test_ops_creates_a_product_with_costs_and_attributes(
    catalog: Catalog, rows: Rows
) -> None:
    audited = (await rows.count("audit_events"))["audit_events"]

    result = await catalog.mutate(CREATE_PRODUCT, STORAGE)

    assert result["userErrors"] == []
    product = result["product"]
    assert (product["sku"], product["family"], product["active"], product["version"]) == (
        "STO-1",
        "Storage",
        True,
        1,
    )
    assert {(c["currency"], c["amount"]) for c in product["unitCosts"]} == {
        ("USD", "1200.50"),
        ("EUR", "1100.00"),
    }
    assert [(a["code"], a["type"], a["choices"]) for a in product["attributes"]] == [
        ("capacity_tb", "NUMBER", []),
        ("tier", "CHOICE", ["gold", "silver"]),
    ]
    assert await rows.count(*PRODUCT_TABLES) == {
        "products": 1,
        "product_costs": 2,
        "product_attributes": 2,
        "audit_events": audited + 1,
    }


async def test_an_admin_may_maintain_the_catalog_too(people: People) -> None:
    admin = await people.sign_in(await people.add("Ada Admin", Role.ADMIN))

    result = await Catalog(admin).product("ADM-1")

    assert result["sku"] == "ADM-1"


async def test_a_rep_may_not_change_the_catalog_and_nothing_is_written(
    rep_api: Api, catalog: Catalog, rows: Rows
) -> None:
    product = await catalog.product()
    before = await rows.count(*PRODUCT_TABLES)

    created = await rep_api(CREATE_PRODUCT, {"input": {"sku": "X-1", "name": "X"}})
    updated = await rep_api(UPDATE_PRODUCT, {"input": at_version(product, name="Mine")})
    retired = await rep_api(RETIRE_PRODUCT, {"input": at_version(product)})

    assert forbidden(created) and forbidden(updated) and forbidden(retired)
    assert await rows.count(*PRODUCT_TABLES) == before


async def test_a_taken_sku_already_exists_and_writes_nothing(catalog: Catalog, rows: Rows) -> None:
    await catalog.product("STO-1")
    before = await rows.count(*PRODUCT_TABLES)

    result = await catalog.mutate(CREATE_PRODUCT, {**STORAGE, "sku": " STO-1 "})

    assert result["product"] is None
    assert error(result) == ("ALREADY_EXISTS", ["input", "sku"])
    assert await rows.count(*PRODUCT_TABLES) == before


async def test_bad_costs_and_attributes_are_typed_errors_and_write_nothing(
    catalog: Catalog, rows: Rows
) -> None:
    before = await rows.count(*PRODUCT_TABLES)
    tier = STORAGE["attributes"][1]
    cases = {
        ("INVALID", ("unitCosts", "0", "amount")): {
            "unitCosts": [{"amount": "-1", "currency": "USD"}]
        },
        ("INVALID", ("unitCosts", "1", "currency")): {
            "unitCosts": [{"amount": "1", "currency": "USD"}, {"amount": "2", "currency": "usd"}]
        },
        ("REQUIRED", ("attributes", "0", "choices")): {"attributes": [{**tier, "choices": []}]},
        ("INVALID", ("attributes", "0", "choices")): {"attributes": [{**tier, "type": "NUMBER"}]},
        ("INVALID", ("attributes", "1", "code")): {"attributes": [tier, {**tier, "name": "Again"}]},
        ("INVALID", ("attributes", "0", "code")): {"attributes": [{**tier, "code": "has space"}]},
        ("REQUIRED", ("name",)): {"name": "   "},
    }

    for (code, field), overrides in cases.items():
        result = await catalog.mutate(CREATE_PRODUCT, {**STORAGE, **overrides})
        assert error(result) == (code, ["input", *field]), overrides

    assert await rows.count(*PRODUCT_TABLES) == before


async def test_same_idempotency_key_returns_the_first_product(catalog: Catalog, rows: Rows) -> None:
    await catalog.created_once(CREATE_PRODUCT, {**STORAGE, "idempotencyKey": "p-1"})

    assert (await rows.count("products"))["products"] == 1


async def test_update_replaces_costs_and_attributes_and_moves_the_version(catalog: Catalog) -> None:
    product = (await catalog.mutate(CREATE_PRODUCT, STORAGE))["product"]

    result = await catalog.mutate(
        UPDATE_PRODUCT,
        at_version(
            product,
            family="",
            unitCosts=[{"amount": "900", "currency": "USD"}],
            attributes=[{"code": "encrypted", "name": "Encrypted", "type": "BOOLEAN"}],
        ),
    )

    assert result["userErrors"] == []
    updated = result["product"]
    assert updated["family"] is None and updated["name"] == "Storage array"
    assert updated["unitCosts"] == [{"amount": "900.00", "currency": "USD"}]
    assert [a["code"] for a in updated["attributes"]] == ["encrypted"]
    assert updated["version"] == 2


async def test_only_costs_changing_still_moves_the_version(catalog: Catalog) -> None:
    product = await catalog.product()

    result = await catalog.mutate(
        UPDATE_PRODUCT,
        at_version(product, unitCosts=[{"amount": "5", "currency": "GBP"}]),
    )

    assert result["product"]["version"] == 2


async def test_stale_version_is_a_conflict_and_writes_nothing(catalog: Catalog, rows: Rows) -> None:
    product = await catalog.product()
    await catalog.mutate(UPDATE_PRODUCT, at_version(product, name="Renamed"))
    before = await rows.count(*PRODUCT_TABLES)

    stale = await catalog.mutate(
        UPDATE_PRODUCT,
        at_version(product, name="Lost", unitCosts=[{"amount": "1", "currency": "USD"}]),
    )
    stale_retire = await catalog.mutate(RETIRE_PRODUCT, at_version(product))

    assert error(stale) == ("CONFLICT", ["input", "version"])
    assert error(stale_retire) == ("CONFLICT", ["input", "version"])
    assert await rows.count(*PRODUCT_TABLES) == before


async def test_an_sku_taken_by_another_product_is_refused_on_update(catalog: Catalog) -> None:
    await catalog.product("A-1")
    other = await catalog.product("B-1")

    result = await catalog.mutate(UPDATE_PRODUCT, at_version(other, sku="A-1"))

    assert error(result) == ("ALREADY_EXISTS", ["input", "sku"])


async def test_retiring_a_product_makes_it_inactive_once(catalog: Catalog, rows: Rows) -> None:
    product = await catalog.product()
    audited = (await rows.count("audit_events"))["audit_events"]

    retired = await catalog.mutate(RETIRE_PRODUCT, at_version(product))
    again = await catalog.mutate(RETIRE_PRODUCT, {"id": product["id"], "version": 2})

    assert retired["product"] == {"id": product["id"], "active": False, "version": 2}
    assert error(again) == ("INVALID_STATE", ["input", "id"])
    assert (await rows.count("audit_events"))["audit_events"] == audited + 1


async def test_unknown_or_wrongly_typed_ids_are_not_found(catalog: Catalog) -> None:
    missing = await catalog.mutate(RETIRE_PRODUCT, {"id": gid("Product", 4242), "version": 1})
    wrong_type = await catalog.mutate(
        UPDATE_PRODUCT, {"id": gid("Account", 1), "version": 1, "name": "X"}
    )

    assert error(missing) == ("NOT_FOUND", ["input", "id"])
    assert error(wrong_type) == ("NOT_FOUND", ["input", "id"])
