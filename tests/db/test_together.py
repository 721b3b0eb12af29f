"""``together``: several selects in one statement give each its own rows, in its own order,
as they give them alone (entities as ORM objects, columns as values, joined parents and
children, empty parts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, inspect, select
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models import Account, Product
from db.models.users import User
from db.queries.pricing import _account_pricing_parts
from db.queries.together import fetch, fetch_detached, only, stack, stack_detached, together
from tests.conftest import StatementCounter


async def test_each_part_gets_its_own_rows_in_its_own_order_from_one_statement(
    app: Starlette, statements: StatementCounter
) -> None:
    from tests.conftest import load_demo_org

    await load_demo_org(app)
    sessions = create_session_factory(app.state.engine)
    newest_first = select(User).order_by(User.id.desc())
    by_email = select(User.email, User.active).order_by(User.email)
    counted = select(func.count()).select_from(User)
    nobody = select(User).where(User.id < 0)
    async with sessions() as session:
        alone = [(await session.execute(part)).all() for part in (newest_first, by_email, counted)]
        statements.count = 0
        users, emails, count, empty = await together(
            session, newest_first, by_email, counted, nobody
        )

    assert statements.count == 1
    assert [u.id for u in only(users)] == [row[0].id for row in alone[0]]
    assert len(only(users)) > 3 and all(isinstance(u, User) for u in only(users))
    assert emails == [tuple(row) for row in alone[1]]
    assert count == [(len(users),)] == [tuple(row) for row in alone[2]]
    assert empty == []


def _columns(value: object) -> object:
    """An entity as its class and mapped column values; a plain value as it is."""
    if value is None or not hasattr(value, "_sa_instance_state"):
        return value
    mapper = inspect(type(value))
    return type(value), tuple((prop.key, getattr(value, prop.key)) for prop in mapper.column_attrs)


async def test_detached_reads_give_what_the_orm_gives_in_one_statement(
    app: Starlette, statements: StatementCounter
) -> None:
    """``fetch_detached`` (Core, no ORM loading) answers each part as ``fetch`` does: the same
    classes with the same columns, plain columns as values, a missing outer-joined child as
    None, empty parts empty; its instances stay out of the session."""
    from tests.conftest import load_demo_org

    await load_demo_org(app)
    sessions = create_session_factory(app.state.engine)
    generic = (
        select(User).order_by(User.id.desc()),
        select(User.email, User.active).order_by(User.email),
        select(func.count()).select_from(User),
        select(User).where(User.id < 0),
    )
    pricing = _account_pricing_parts()
    async with sessions() as session:
        products = list((await session.scalars(select(Product.id).order_by(Product.id))).all())
        accounts = list((await session.scalars(select(Account.id).order_by(Account.id))).all())
        users = list((await session.scalars(select(User.id).order_by(User.id))).all())
    cases: list[tuple[tuple[Select[Any], ...], dict[str, Any]]] = [(generic, {})]
    for account, ids, user in [
        (accounts[0], products, users[0]),
        (accounts[-1], products[:3], users[-1]),
        (accounts[0], [], users[0]),
        (-1, products, -1),
        (accounts[1], products, -1),  # no such user: the outer join's User is None
    ]:
        params = {"product_ids": ids, "account_id": account, "user_id": user, "on": date.today()}
        cases.append((pricing, {**params, "channel": None}))
    seen = 0
    for parts, params in cases:
        async with sessions() as session:
            expected = await fetch(session, stack(*parts), **params)
        async with sessions() as session:
            statements.count = 0
            found = await fetch_detached(session, stack_detached(*parts), **params)
            assert statements.count == 1
            instances = [v for rows in found for row in rows for v in row if hasattr(v, "id")]
            assert not any(instance in session for instance in instances)
        assert [[tuple(map(_columns, row)) for row in rows] for rows in found] == [
            [tuple(map(_columns, row)) for row in rows] for rows in expected
        ]
        seen += sum(len(rows) for rows in found)
    assert seen > 100  # the demo catalog: books, entries, schedules, tiers, promotions
