"""The dataloaders' batch statements are built once per model (and key, order, filter) and
take the keys at execution: each batch is one statement answering exactly its keys."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.approvals import Delegation
from db.models.catalog import Product
from db.models.users import User
from db.queries import batches
from tests.conftest import load_demo_org, truncate_all


@pytest.fixture
async def session(app: Starlette) -> AsyncIterator[AsyncSession]:
    await load_demo_org(app)
    async with create_session_factory(app.state.engine)() as session:
        yield session
    await truncate_all(app)


async def test_rows_by_id_answer_their_batch_with_one_statement_built_once(  # type: ignore[no-untyped-def]
    session: AsyncSession, statements
) -> None:
    ids = list((await session.scalars(select(User.id).order_by(User.id))).all())
    assert len(ids) >= 3
    statements.count = 0
    first = await batches.rows_with_ids(session, User, [ids[0], 999_999])
    second = await batches.rows_with_ids(session, User, ids[1:3])
    assert statements.count == 2
    assert [u.id for u in first] == [ids[0]]  # the missing id is simply absent
    assert sorted(u.id for u in second) == ids[1:3]
    assert batches._by_ids(User) is batches._by_ids(User)


async def test_grouped_rows_keep_their_order_and_filter(session: AsyncSession) -> None:
    products = list((await session.scalars(select(Product).order_by(Product.id))).all())
    products[0].active = False  # flushed before the next statement, never committed
    await session.flush()
    active = {p.id for p in products[1:]}
    ids = [p.id for p in products]
    rows = await batches.rows_with_keys(session, Product, Product.id, ids, [Product.id])
    assert [r.id for r in rows] == ids
    only_active = await batches.rows_with_keys(
        session, Product, Product.id, ids, [Product.id], active_only=True
    )
    assert {r.id for r in only_active} == active
    grouped = await batches.grouped_rows(session, Delegation.user_id, [], Delegation.id)
    assert grouped == {}  # no keys, no statement
