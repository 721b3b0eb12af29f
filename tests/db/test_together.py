"""``together``: several selects in one statement give each its own rows, in its own order,
as they give them alone (entities as ORM objects, columns as values, joined parents and
children, empty parts)."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.users import User
from db.queries.together import only, together
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
