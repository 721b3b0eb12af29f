"""The demo org and catalog, in place for each test, with helpers to find rows by name."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.accounts import Account
from db.models.catalog import BundleOption, Product
from db.models.users import User
from server.demo.org import DEMO_PASSWORD
from tests.api.conftest import Api, People, gid
from tests.conftest import load_demo_org


class Demo:
    def __init__(self, app: Starlette, people: People) -> None:
        self.sessions = create_session_factory(app.state.engine)
        self.people = people

    async def user_row(self, email: str) -> User:
        """The demo user with ``email``: the one lookup the helpers that sign in or name a
        user by email share."""
        async with self.sessions() as session:
            user = await session.scalar(select(User).where(User.email == email))
        assert user is not None, email
        return user

    async def user(self, email: str) -> str:
        """The global ID of the demo user with ``email`` (a ``repId``, an ``approverId``)."""
        return gid("User", (await self.user_row(email)).id)

    async def sign_in(self, email: str) -> Api:
        return await self.people.sign_in(await self.user_row(email), DEMO_PASSWORD)

    async def product(self, sku: str) -> str:
        async with self.sessions() as session:
            product = await session.scalar(select(Product).where(Product.sku == sku))
        assert product is not None
        return gid("Product", product.id)

    async def line(self, key: str, sku: str, quantity: int, **extra: object) -> dict[str, Any]:
        """A ``QuoteLineInput`` of ``quantity`` units of the product ``sku``, with ``extra``
        fields (a discount, a configuration, a term)."""
        return {"key": key, "productId": await self.product(sku), "quantity": quantity, **extra}

    async def option(self, sku: str) -> str:
        async with self.sessions() as session:
            option = await session.scalar(
                select(BundleOption)
                .join(Product, Product.id == BundleOption.product_id)
                .where(Product.sku == sku)
            )
        assert option is not None
        return gid("BundleOption", option.id)

    async def bundle_configuration(
        self, *options: str | tuple[str, int], storage_tb: str
    ) -> dict[str, Any]:
        """A ``ConfigurationInput`` of a server bundle (SRV-EDGE): its options by SKU, each a
        ``(sku, quantity)`` pair where the test sends a quantity, and ``storage_tb`` terabytes
        asked for."""
        selections: list[dict[str, Any]] = []
        for option in options:
            sku, quantity = (option, None) if isinstance(option, str) else option
            selection: dict[str, Any] = {"optionId": await self.option(sku)}
            if quantity is not None:
                selection["quantity"] = quantity
            selections.append(selection)
        storage = {"code": "storage_tb", "value": {"number": storage_tb}}
        return {"selections": selections, "attributes": [storage]}

    async def account(self, name: str) -> str:
        async with self.sessions() as session:
            account = await session.scalar(select(Account).where(Account.name == name))
        assert account is not None
        return gid("Account", account.id)


@pytest.fixture
async def demo(app: Starlette, people: People) -> Demo:
    await load_demo_org(app)
    return Demo(app, people)
