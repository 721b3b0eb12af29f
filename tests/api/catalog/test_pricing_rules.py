"""Discount schedules, block prices and promotions: shapes the pricing engine can always apply."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.catalog.conftest import USER_ERRORS, Catalog, Rows, error, forbidden
from tests.api.conftest import Api, gid

CREATE_SCHEDULE = f"""
mutation($input: CreateDiscountScheduleInput!) {{
  createDiscountSchedule(input: $input) {{
    discountSchedule {{ id name basis method family active version product {{ sku }}
      tiers {{ fromQuantity toQuantity discountPercent }} }}
    {USER_ERRORS}
  }}
}}
"""
RETIRE_SCHEDULE = f"""
mutation($input: RetireDiscountScheduleInput!) {{
  retireDiscountSchedule(input: $input) {{ discountSchedule {{ active version }} {USER_ERRORS} }}
}}
"""
CREATE_BLOCK_PRICE = f"""
mutation($input: CreateBlockPriceInput!) {{
  createBlockPrice(input: $input) {{
    blockPrice {{ id name currency active version bands {{ fromQuantity toQuantity price }} }}
    {USER_ERRORS}
  }}
}}
"""
RETIRE_BLOCK_PRICE = f"""
mutation($input: RetireBlockPriceInput!) {{
  retireBlockPrice(input: $input) {{ blockPrice {{ active version }} {USER_ERRORS} }}
}}
"""
PROMOTION_FIELDS = (
    "id name kind percent amount { amount currency } family segment priority stackable validTo "
    "active version"
)
CREATE_PROMOTION = f"""
mutation($input: CreatePromotionInput!) {{
  createPromotion(input: $input) {{ promotion {{ {PROMOTION_FIELDS} }} {USER_ERRORS} }}
}}
"""
UPDATE_PROMOTION = f"""
mutation($input: UpdatePromotionInput!) {{
  updatePromotion(input: $input) {{ promotion {{ {PROMOTION_FIELDS} }} {USER_ERRORS} }}
}}
"""
SCHEDULE_TABLES = ("discount_schedules", "discount_tiers", "audit_events")
BLOCK_TABLES = ("block_prices", "price_blocks", "audit_events")
PROMOTION_TABLES = ("promotions", "audit_events")

VOLUME = [
    {"fromQuantity": 1, "toQuantity": 9, "discountPercent": "0"},
    {"fromQuantity": 10, "toQuantity": 49, "discountPercent": "5"},
    {"fromQuantity": 50, "discountPercent": "12.5"},
]
BANDS = [
    {"fromQuantity": 1, "toQuantity": 10, "price": "1000"},
    {"fromQuantity": 11, "toQuantity": 50, "price": "4000"},
    {"fromQuantity": 51, "price": "7000"},
]


@pytest.fixture
async def product(catalog: Catalog) -> dict[str, Any]:
    return await catalog.product("SEAT", family="Licences")


def schedule(product: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "name": "Volume",
        "basis": "QUANTITY",
        "method": "ALL_UNITS",
        "productId": product["id"],
        "validFrom": "2026-01-01",
        "tiers": VOLUME,
        **fields,
    }


def block_price(product: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "name": "Seat packs",
        "productId": product["id"],
        "currency": "USD",
        "validFrom": "2026-01-01",
        "bands": BANDS,
        **fields,
    }


def promotion(**fields: Any) -> dict[str, Any]:
    return {
        "name": "Spring",
        "kind": "PERCENT",
        "percent": "10",
        "validFrom": "2026-03-01",
        **fields,
    }


async def test_ops_creates_a_volume_schedule_for_a_product(
    catalog: Catalog, product: dict[str, Any]
) -> None:
    result = await catalog.mutate(CREATE_SCHEDULE, schedule(product))

    assert result["userErrors"] == []
    created = result["discountSchedule"]
    assert (created["product"], created["family"], created["active"]) == (
        {"sku": "SEAT"},
        None,
        True,
    )
    assert created["tiers"] == [
        {"fromQuantity": 1, "toQuantity": 9, "discountPercent": "0.0000"},
        {"fromQuantity": 10, "toQuantity": 49, "discountPercent": "5.0000"},
        {"fromQuantity": 50, "toQuantity": None, "discountPercent": "12.5000"},
    ]


async def test_a_family_schedule_takes_the_familys_own_spelling(
    catalog: Catalog, product: dict[str, Any]
) -> None:
    result = await catalog.mutate(
        CREATE_SCHEDULE, schedule(product, productId=None, family="licences", basis="TERM_MONTHS")
    )

    assert result["discountSchedule"]["family"] == "Licences"


async def test_tiers_must_ascend_without_gaps_from_one_and_nothing_is_written(
    catalog: Catalog, product: dict[str, Any], rows: Rows
) -> None:
    one, ten, fifty = VOLUME
    cases = [
        ([one, {**fifty, "fromQuantity": 11}], "INVALID", ["tiers", "1", "fromQuantity"]),
        ([{**one, "toQuantity": 10}, ten], "INVALID", ["tiers", "1", "fromQuantity"]),
        ([{**one, "fromQuantity": 2}, ten], "INVALID", ["tiers", "0", "fromQuantity"]),
        ([{**one, "toQuantity": None}, ten], "INVALID", ["tiers", "0", "toQuantity"]),
        (
            [{**one, "toQuantity": 1}, {**ten, "fromQuantity": 2}],
            "INVALID",
            ["tiers", "0", "toQuantity"],
        ),
        (
            [one, ten, {**fifty, "discountPercent": "100.5"}],
            "INVALID",
            ["tiers", "2", "discountPercent"],
        ),
        (
            [one, ten, {**fifty, "discountPercent": "-1"}],
            "INVALID",
            ["tiers", "2", "discountPercent"],
        ),
        ([], "REQUIRED", ["tiers"]),
    ]
    before = await rows.count(*SCHEDULE_TABLES)

    for tiers, code, field in cases:
        result = await catalog.mutate(CREATE_SCHEDULE, schedule(product, tiers=tiers))
        assert error(result) == (code, ["input", *field]), tiers

    assert await rows.count(*SCHEDULE_TABLES) == before


async def test_a_schedule_needs_one_known_target_and_a_method_its_basis_allows(
    catalog: Catalog, product: dict[str, Any], rows: Rows
) -> None:
    cases = [
        ({"family": "Licences"}, "INVALID", "family"),
        ({"productId": None}, "REQUIRED", "productId"),
        ({"productId": None, "family": "Hardware"}, "NOT_FOUND", "family"),
        ({"productId": gid("Product", 999)}, "NOT_FOUND", "productId"),
        ({"method": "GRADUATED", "basis": "TERM_MONTHS"}, "INVALID", "method"),
        ({"method": "GRADUATED", "aggregateAcrossQuote": True}, "INVALID", "method"),
        ({"basis": "TERM_MONTHS", "aggregateAcrossQuote": True}, "INVALID", "aggregateAcrossQuote"),
        ({"validTo": "2025-12-31"}, "INVALID", "validTo"),
    ]
    before = await rows.count(*SCHEDULE_TABLES)

    for fields, code, field in cases:
        result = await catalog.mutate(CREATE_SCHEDULE, schedule(product, **fields))
        assert error(result) == (code, ["input", field]), fields

    assert await rows.count(*SCHEDULE_TABLES) == before


async def test_retiring_a_schedule_checks_its_version(
    catalog: Catalog, product: dict[str, Any], rows: Rows
) -> None:
    created = (await catalog.mutate(CREATE_SCHEDULE, schedule(product)))["discountSchedule"]

    retired = await catalog.mutate(RETIRE_SCHEDULE, {"id": created["id"], "version": 1})
    before = await rows.count(*SCHEDULE_TABLES)
    stale = await catalog.mutate(RETIRE_SCHEDULE, {"id": created["id"], "version": 1})
    again = await catalog.mutate(RETIRE_SCHEDULE, {"id": created["id"], "version": 2})

    assert retired["discountSchedule"] == {"active": False, "version": 2}
    assert error(stale) == ("CONFLICT", ["input", "version"])
    assert error(again) == ("INVALID_STATE", ["input", "id"])
    assert await rows.count(*SCHEDULE_TABLES) == before


async def test_same_idempotency_key_returns_the_first_schedule(
    catalog: Catalog, product: dict[str, Any], rows: Rows
) -> None:
    await catalog.created_once(CREATE_SCHEDULE, schedule(product, idempotencyKey="s-1"))

    assert await rows.count("discount_schedules", "discount_tiers") == {
        "discount_schedules": 1,
        "discount_tiers": 3,
    }


async def test_ops_creates_a_block_price_with_contiguous_bands(
    catalog: Catalog, product: dict[str, Any]
) -> None:
    result = await catalog.mutate(CREATE_BLOCK_PRICE, block_price(product))

    assert result["userErrors"] == []
    assert [
        (b["fromQuantity"], b["toQuantity"], b["price"]) for b in result["blockPrice"]["bands"]
    ] == [
        (1, 10, "1000.00"),
        (11, 50, "4000.00"),
        (51, None, "7000.00"),
    ]


async def test_bad_bands_and_negative_block_prices_write_nothing(
    catalog: Catalog, product: dict[str, Any], rows: Rows
) -> None:
    small, medium, large = BANDS
    cases = [
        (
            {"bands": [small, {**large, "fromQuantity": 52}]},
            "INVALID",
            ["bands", "1", "fromQuantity"],
        ),
        (
            {"bands": [{**small, "fromQuantity": 0}, medium]},
            "INVALID",
            ["bands", "0", "fromQuantity"],
        ),
        ({"bands": [small, {**medium, "price": "-1"}]}, "INVALID", ["bands", "1", "price"]),
        ({"bands": []}, "REQUIRED", ["bands"]),
        ({"productId": gid("PriceBook", 1)}, "NOT_FOUND", ["productId"]),
        ({"name": ""}, "REQUIRED", ["name"]),
    ]
    before = await rows.count(*BLOCK_TABLES)

    for fields, code, field in cases:
        result = await catalog.mutate(CREATE_BLOCK_PRICE, block_price(product, **fields))
        assert error(result) == (code, ["input", *field]), fields

    assert await rows.count(*BLOCK_TABLES) == before


async def test_retiring_a_block_price_checks_its_version(
    catalog: Catalog, product: dict[str, Any]
) -> None:
    input = block_price(product, idempotencyKey="bp-1")
    created = (await catalog.created_once(CREATE_BLOCK_PRICE, input))["blockPrice"]

    stale = await catalog.mutate(RETIRE_BLOCK_PRICE, {"id": created["id"], "version": 0})
    retired = await catalog.mutate(RETIRE_BLOCK_PRICE, {"id": created["id"], "version": 1})

    assert error(stale) == ("CONFLICT", ["input", "version"])
    assert retired["blockPrice"] == {"active": False, "version": 2}


async def test_ops_creates_percent_and_amount_promotions(
    catalog: Catalog, product: dict[str, Any]
) -> None:
    percent = await catalog.mutate(
        CREATE_PROMOTION, promotion(segment="mid market", family="licences")
    )
    amount = await catalog.mutate(
        CREATE_PROMOTION,
        promotion(
            name="Launch",
            kind="AMOUNT",
            percent=None,
            amount="25",
            currency="eur",
            productId=product["id"],
            stackable=False,
            priority=10,
        ),
    )

    assert percent["userErrors"] == [] and amount["userErrors"] == []
    assert (
        percent["promotion"]["percent"],
        percent["promotion"]["segment"],
        percent["promotion"]["family"],
    ) == (
        "10.0000",
        "MID_MARKET",
        "Licences",
    )
    assert amount["promotion"]["amount"] == {"amount": "25.00", "currency": "EUR"}
    assert (amount["promotion"]["stackable"], amount["promotion"]["priority"]) == (False, 10)


async def test_a_promotions_benefit_must_match_its_kind_and_nothing_is_written(
    catalog: Catalog, product: dict[str, Any], rows: Rows
) -> None:
    cases = [
        (promotion(percent="0"), "INVALID", "percent"),
        (promotion(percent="100.01"), "INVALID", "percent"),
        (promotion(percent=None), "REQUIRED", "percent"),
        (promotion(amount="5"), "INVALID", "amount"),
        (promotion(kind="AMOUNT", percent=None, amount="0", currency="USD"), "INVALID", "amount"),
        (promotion(kind="AMOUNT", percent=None, amount="-3", currency="USD"), "INVALID", "amount"),
        (promotion(kind="AMOUNT", percent=None, amount="5"), "REQUIRED", "currency"),
        (promotion(productId=product["id"], family="Licences"), "INVALID", "family"),
        (promotion(productId=gid("Product", 999)), "NOT_FOUND", "productId"),
        (promotion(validTo="2026-03-01"), "INVALID", "validTo"),
    ]
    before = await rows.count(*PROMOTION_TABLES)

    for fields, code, field in cases:
        result = await catalog.mutate(CREATE_PROMOTION, fields)
        assert error(result) == (code, ["input", field]), fields

    assert await rows.count(*PROMOTION_TABLES) == before


async def test_updating_a_promotion_rechecks_it_and_a_stale_version_conflicts(
    catalog: Catalog, rows: Rows
) -> None:
    created = (
        await catalog.mutate(
            CREATE_PROMOTION, promotion(validTo="2026-06-01", idempotencyKey="pr-1")
        )
    )["promotion"]
    retry = (
        await catalog.mutate(
            CREATE_PROMOTION, promotion(validTo="2026-06-01", idempotencyKey="pr-1")
        )
    )["promotion"]

    updated = await catalog.mutate(
        UPDATE_PROMOTION,
        {"id": created["id"], "version": 1, "percent": "15", "openEnded": True, "active": False},
    )
    before = await rows.count(*PROMOTION_TABLES)
    stale = await catalog.mutate(
        UPDATE_PROMOTION, {"id": created["id"], "version": 1, "percent": "20"}
    )
    amount_on_percent = await catalog.mutate(
        UPDATE_PROMOTION, {"id": created["id"], "version": 2, "amount": "5"}
    )
    too_much = await catalog.mutate(
        UPDATE_PROMOTION, {"id": created["id"], "version": 2, "percent": "150"}
    )

    assert retry == created
    assert {k: updated["promotion"][k] for k in ("percent", "validTo", "active", "version")} == {
        "percent": "15.0000",
        "validTo": None,
        "active": False,
        "version": 2,
    }
    assert error(stale) == ("CONFLICT", ["input", "version"])
    assert error(amount_on_percent) == ("INVALID", ["input", "amount"])
    assert error(too_much) == ("INVALID", ["input", "percent"])
    assert await rows.count(*PROMOTION_TABLES) == before


async def test_a_rep_may_not_maintain_pricing_rules(
    rep_api: Api, catalog: Catalog, product: dict[str, Any], rows: Rows
) -> None:
    created = (await catalog.mutate(CREATE_PROMOTION, promotion()))["promotion"]
    tables = ("discount_schedules", "block_prices", *PROMOTION_TABLES)
    before = await rows.count(*tables)

    bodies = [
        await rep_api(CREATE_SCHEDULE, {"input": schedule(product)}),
        await rep_api(CREATE_BLOCK_PRICE, {"input": block_price(product)}),
        await rep_api(CREATE_PROMOTION, {"input": promotion()}),
        await rep_api(
            UPDATE_PROMOTION, {"input": {"id": created["id"], "version": 1, "percent": "90"}}
        ),
    ]

    assert all(forbidden(body) for body in bodies)
    assert await rows.count(*tables) == before
