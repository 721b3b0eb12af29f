"""Catalog test helpers: an OPS user signed in, documents, row counts that prove no writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from db.models.users import Role, User
from tests.api.conftest import Api, People, gid

PRODUCT_FIELDS = (
    "id sku name family active version unitCosts { amount currency } "
    "attributes { code type choices }"
)
USER_ERRORS = "userErrors { code field message }"

CREATE_PRODUCT = f"""
mutation($input: CreateProductInput!) {{
  createProduct(input: $input) {{ product {{ {PRODUCT_FIELDS} }} {USER_ERRORS} }}
}}
"""
CREATE_PRICE_BOOK = f"""
mutation($input: CreatePriceBookInput!) {{
  createPriceBook(input: $input) {{
    priceBook {{ id name currency isStandard segment region channel active version }} {USER_ERRORS}
  }}
}}
"""
CREATE_ACCOUNT = f"""
mutation($input: CreateAccountInput!) {{
  createAccount(input: $input) {{ account {{ id }} {USER_ERRORS} }}
}}
"""


@dataclass
class Rows:
    """Counts rows straight in the database: a refused mutation must leave every count as it was."""

    app: Starlette

    async def count(self, *tables: str) -> dict[str, int]:
        async with self.app.state.engine.connect() as connection:
            return {
                t: (await connection.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one()
                for t in tables
            }


@pytest.fixture
def rows(app: Starlette) -> Rows:
    return Rows(app)


@dataclass
class Catalog:
    """An OPS user's API with shortcuts that create what a test needs and return its data."""

    api: Api

    async def mutate(self, document: str, input: dict[str, Any]) -> dict[str, Any]:
        return await self.api.mutate(document, input)

    async def created_once(self, document: str, input: dict[str, Any]) -> dict[str, Any]:
        """Send the create ``input`` (with its ``idempotencyKey``) twice: the retry must get
        the first payload back; that payload."""
        first = await self.mutate(document, input)
        assert await self.mutate(document, input) == first
        return first

    async def product(self, sku: str = "SRV-1", **fields: Any) -> dict[str, Any]:
        result = await self.mutate(CREATE_PRODUCT, {"sku": sku, "name": f"Product {sku}", **fields})
        assert result["userErrors"] == [], result
        return result["product"]

    async def price_book(self, name: str = "Standard USD", **fields: Any) -> dict[str, Any]:
        result = await self.mutate(
            CREATE_PRICE_BOOK, {"name": name, "currency": "USD", "isStandard": True, **fields}
        )
        assert result["userErrors"] == [], result
        return result["priceBook"]

    async def account(self, owner: User, name: str = "Acme Corp") -> dict[str, Any]:
        result = await self.mutate(
            CREATE_ACCOUNT,
            {
                "name": name,
                "segment": "enterprise",
                "currency": "USD",
                "ownerId": gid("User", owner.id),
            },
        )
        assert result["userErrors"] == [], result
        return result["account"]


@pytest.fixture
async def catalog(people: People) -> Catalog:
    """Signed in as an OPS user."""
    return Catalog(await people.sign_in(await people.add("Olga Ops", Role.OPS)))


@pytest.fixture
async def rep(people: People) -> User:
    return await people.add("Rob Rep", Role.REP)


@pytest.fixture
async def rep_api(people: People, rep: User) -> Api:
    """Signed in as a rep, who may read the catalog but not change it."""
    return await people.sign_in(rep)


def error(result: dict[str, Any]) -> tuple[str, list[str] | None]:
    """The first userError's code and field, for compact assertions."""
    assert result["userErrors"], result
    first = result["userErrors"][0]
    return first["code"], first["field"]


def forbidden(body: dict[str, Any]) -> bool:
    return body.get("data") is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
