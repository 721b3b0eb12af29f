"""The per-process active-user cache is trusted only while the event hub listens."""

from __future__ import annotations

from sqlalchemy import update
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.events import RESYNC, USER
from db.models.users import Role, User
from server.active_users import ActiveUsers
from tests.api.conftest import People


async def deactivate_behind_the_hubs_back(app: Starlette, user_id: int) -> None:
    async with create_session_factory(app.state.engine)() as session, session.begin():
        await session.execute(update(User).where(User.id == user_id).values(active=False))


async def test_while_the_hub_is_not_listening_every_check_reads_the_database(
    app: Starlette, people: People
) -> None:
    listening = True
    users = ActiveUsers(create_session_factory(app.state.engine), trusted=lambda: listening)
    rep = await people.add("Cached Rep", Role.REP)
    assert await users.is_active(rep.id)  # cached

    listening = False  # the listener is down: the deactivation's NOTIFY never reaches this cache
    await deactivate_behind_the_hubs_back(app, rep.id)

    assert not await users.is_active(rep.id)


async def test_a_resync_forgets_everything_and_a_user_event_forgets_one(
    app: Starlette, people: People
) -> None:
    users = ActiveUsers(create_session_factory(app.state.engine), trusted=lambda: True)
    first = await people.add("First Rep", Role.REP)
    second = await people.add("Second Rep", Role.REP)
    assert await users.is_active(first.id) and await users.is_active(second.id)

    await deactivate_behind_the_hubs_back(app, first.id)
    await deactivate_behind_the_hubs_back(app, second.id)
    stale = await users.is_active(first.id)  # nothing told this cache yet
    users.on_event({"topic": USER, "id": first.id, "active": False})
    after_event = (await users.is_active(first.id), await users.is_active(second.id))
    users.on_event({"topic": RESYNC, "since": None})
    after_resync = await users.is_active(second.id)

    assert stale is True
    assert after_event == (False, True)
    assert after_resync is False


async def test_a_user_that_does_not_exist_is_not_active_and_not_remembered(app: Starlette) -> None:
    users = ActiveUsers(create_session_factory(app.state.engine), trusted=lambda: True)
    missing = await users.is_active(424242)
    async with create_session_factory(app.state.engine)() as session:  # a later user gets that id
        session.add(
            User(
                id=424242,
                email="late@example.com",
                name="Late",
                password_hash="x",
                roles=[Role.REP],
            )
        )
        await session.commit()

    assert missing is False
    assert await users.is_active(424242) is True
